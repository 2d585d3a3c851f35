import article from './article';
import change from './change';
import feed from './feed';
import ingest from './ingest';
import openapi from './openapi';
import { atom, rss } from './partner-feed';
import quote from './quote';
import version from './version';

export default { article, atom, change, feed, ingest, openapi, quote, rss, version };
