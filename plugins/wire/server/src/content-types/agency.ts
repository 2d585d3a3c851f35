import { wireOptions } from './common';

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_agencies',
    info: {
      singularName: 'agency',
      pluralName: 'agencies',
      displayName: 'Wire agency',
      description: 'A news agency whose copy we take in.',
    },
    ...wireOptions,
    attributes: {
      code: { type: 'string', required: true, unique: true },
      name: { type: 'string', required: true },
      homepage: { type: 'string' },
      /** Names, abbreviations, provider qcodes, sign-offs and domains this agency's copy is known by. */
      aliases: { type: 'json' },
      /** False for an agency first named by a credit Wire did not know: an editor confirms it at the desk. */
      confirmed: { type: 'boolean', default: false },
      /**
       * The newsroom's own access to this agency's copy, for "Take to site" (services/take.ts): `full`
       * takes the whole text, `quote` (the default, and anything else) the licensed quotation.
       */
      newsroomAccess: { type: 'enumeration', enum: ['quote', 'full'], default: 'quote' },
      defaultLicence: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.licence' },
      /**
       * How long the newsroom may host this agency's copy, in days from first receipt (agencies'
       * hosting rights often run 30 days); null: no limit of its own. A feed's shorter setting wins
       * (serve/retention.ts); the expiry is recomputed for stored stories when it changes.
       */
      retentionDays: { type: 'integer', min: 1 },
    },
  },
};
