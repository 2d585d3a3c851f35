import account from './account';
import alert from './alert';
import article from './article';
import change from './change';
import desk from './desk';
import feed from './feed';
import ingest from './ingest';
import ledger from './ledger';
import licence from './licence';
import openapi from './openapi';
import partner from './partner';
import { atom, rss } from './partner-feed';
import { agreement, policy, tdm } from './policy';
import quote from './quote';
import rule from './rule';
import { deskUsage, usage, usageCsv } from './usage';
import version from './version';

export default {
  account,
  agreement,
  alert,
  article,
  atom,
  change,
  desk,
  deskUsage,
  feed,
  ingest,
  ledger,
  licence,
  openapi,
  partner,
  policy,
  quote,
  rss,
  rule,
  tdm,
  usage,
  usageCsv,
  version,
};
