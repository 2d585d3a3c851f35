import articles from './articles';
import changes from './changes';
import ingest from './ingest';
import lease from './lease';
import partners from './partners';
import poller from './poller';
import runs from './runs';
import store from './store';

export default { articles, changes, ingest, lease, partners, poller, runs, store };
