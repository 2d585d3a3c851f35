import agencies from './agencies';
import articles from './articles';
import backfill from './backfill';
import changes from './changes';
import desk from './desk';
import feeds from './feeds';
import ingest from './ingest';
import lease from './lease';
import ledger from './ledger';
import licences from './licences';
import partnerDesk from './partner-desk';
import partners from './partners';
import poller from './poller';
import runs from './runs';
import store from './store';

export default { agencies, articles, backfill, changes, desk, feeds, ingest, lease, ledger, licences, 'partner-desk': partnerDesk, partners, poller, runs, store };
