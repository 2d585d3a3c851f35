import article from './article';
import feed from './feed';
import ingest from './ingest';
import version from './version';

export default { article, feed, ingest, version };
