import { wireOptions } from './common';

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_agencies',
    info: { singularName: 'agency', pluralName: 'agencies', displayName: 'Wire agency', description: 'A news agency whose copy we take in.' },
    ...wireOptions,
    attributes: {
      code: { type: 'string', required: true, unique: true },
      name: { type: 'string', required: true },
      homepage: { type: 'string' },
      defaultLicence: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.licence' },
    },
  },
};
