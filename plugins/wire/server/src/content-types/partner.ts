import { wireOptions } from './common';

/** A partner site and what its API token may read. */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_partners',
    info: { singularName: 'partner', pluralName: 'partners', displayName: 'Wire partner', description: 'A partner site that pulls articles with an API token.' },
    ...wireOptions,
    attributes: {
      name: { type: 'string', required: true },
      contact: { type: 'string' },
      access: { type: 'enumeration', enum: ['full', 'quote'], default: 'quote', required: true },
      // Agency codes this partner may read; empty means every agency.
      agencies: { type: 'json' },
      canIngest: { type: 'boolean', default: false },
      active: { type: 'boolean', default: true },
      expiresAt: { type: 'datetime' },
      apiTokenId: { type: 'integer', private: true },
    },
  },
};
