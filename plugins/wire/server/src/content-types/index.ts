import agency from './agency';
import article from './article';
import articleVersion from './article-version';
import feed from './feed';
import ingestRun from './ingest-run';
import licence from './licence';
import partner from './partner';
import partnerToken from './partner-token';
import rule from './rule';

/** Keys must equal each schema's `info.singularName` (Strapi derives the UID from them). */
export default {
  article,
  'article-version': articleVersion,
  agency,
  licence,
  feed,
  'ingest-run': ingestRun,
  partner,
  'partner-token': partnerToken,
  rule,
};

export const UID = {
  article: 'plugin::wire.article',
  articleVersion: 'plugin::wire.article-version',
  agency: 'plugin::wire.agency',
  licence: 'plugin::wire.licence',
  feed: 'plugin::wire.feed',
  ingestRun: 'plugin::wire.ingest-run',
  partner: 'plugin::wire.partner',
  partnerToken: 'plugin::wire.partner-token',
  rule: 'plugin::wire.rule',
} as const;
