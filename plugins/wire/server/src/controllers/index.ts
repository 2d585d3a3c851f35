import article from './article';
import desk from './desk';
import feed from './feed';
import ingest from './ingest';
import licence from './licence';
import partner from './partner';
import version from './version';

export default { article, desk, feed, ingest, licence, partner, version };
