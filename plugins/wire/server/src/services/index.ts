import articles from './articles';
import ingest from './ingest';
import partners from './partners';
import store from './store';

export default { articles, ingest, partners, store };
