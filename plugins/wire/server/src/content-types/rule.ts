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
      description:
        'What ingest does to the stories it matches: section, keywords, hold for review, take to site, notify.',
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
      // Who saved the rule last (set by the server from the editor's session, never from input): a
      // rule's `take` acts with that editor's rights, read again at every take.
      savedById: { type: 'integer', private: true },
      savedByEmail: { type: 'string', private: true },
      // Why the rule's last take did not happen (the saver may no longer take, say), or null.
      takeProblem: { type: 'text', private: true },
    },
  },
};
