import { deskOnlyOptions } from './common';

/**
 * A routing rule (ingest/rules.ts): run on every ingested story in `position` order. Written only
 * through the desk's Rules screen and `/wire/rules` (rules.manage); hidden from the Content Manager.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_rules',
    info: {
      singularName: 'rule',
      pluralName: 'rules',
      displayName: 'Wire routing rule',
      description: 'What ingest does to the stories it matches: section, keywords, hold for review.',
    },
    ...deskOnlyOptions,
    attributes: {
      name: { type: 'string', required: true },
      position: { type: 'integer', required: true },
      enabled: { type: 'boolean', default: true },
      // The rule's `when` ({ agency, feed, section, keyword, urgencyAtMost, language, q }) and `then`
      // ({ section, addKeywords, hold, take, notify }); not named so (a row with a `then` reads as a promise).
      conditions: { type: 'json' },
      actions: { type: 'json' },
      // Stories it matched at ingest (created or updated): counted by ingest, never written by the desk.
      hits: { type: 'biginteger', default: '0' },
      lastHitAt: { type: 'datetime' },
    },
  },
};
