import agencies from './agencies';
import alerts from './alerts';
import articles from './articles';
import backfill from './backfill';
import changes from './changes';
import desk from './desk';
import expiry from './expiry';
import feeds from './feeds';
import ingest from './ingest';
import lease from './lease';
import ledger from './ledger';
import licences from './licences';
import limits from './limits';
import notify from './notify';
import partnerDesk from './partner-desk';
import partners from './partners';
import pictures from './pictures';
import poller from './poller';
import rules from './rules';
import runs from './runs';
import search from './search';
import similarity from './similarity';
import store from './store';
import take from './take';
import usage from './usage';

const services = {
  agencies,
  alerts,
  articles,
  backfill,
  changes,
  desk,
  expiry,
  feeds,
  ingest,
  lease,
  ledger,
  licences,
  limits,
  notify,
  'partner-desk': partnerDesk,
  partners,
  pictures,
  poller,
  rules,
  runs,
  search,
  similarity,
  store,
  take,
  usage,
};

type Factories = typeof services;
/** Each service as its factory makes it: the types behind `wire(strapi).service(name)` (services/wire.ts). */
export type Services = { [Name in keyof Factories]: ReturnType<Factories[Name]> };

declare module './wire' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface WireServices extends Services {}
}

export default services;
