import { deskOnlyOptions } from './common';
import { wire } from '../services/wire';

/**
 * Deleting a partner, any way (the desk, the Content Manager, a query), deletes its API tokens in
 * the same transaction: a key of a partner that is gone must not fall back to the defaults.
 */
async function deleteTokens(event: { params: { where?: Record<string, unknown> } }) {
  const rows = await strapi.db
    .query('plugin::wire.partner')
    .findMany({ where: event.params.where ?? {}, select: ['id'] });
  await wire(strapi)
    .service('partners')
    .revokeTokens(rows.map((r: { id: number }) => r.id));
}

/** A partner site and what its API token may read (and, with `canIngest`, push). */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_partners',
    info: {
      singularName: 'partner',
      pluralName: 'partners',
      displayName: 'Wire partner',
      description: 'A partner site that pulls articles with an API token.',
    },
    ...deskOnlyOptions,
    attributes: {
      name: { type: 'string', required: true },
      contact: { type: 'string' },
      access: { type: 'enumeration', enum: ['full', 'quote'], default: 'quote', required: true },
      // Agency codes this partner may read, and, if it may push, the only agencies its copy may be
      // credited to. Empty: it reads every agency, and pushes only with `anyAgency`.
      agencies: { type: 'json' },
      canIngest: { type: 'boolean', default: false },
      // Set only by `token create --ingest --any-agency`: pushes copy of every agency.
      anyAgency: { type: 'boolean', default: false },
      active: { type: 'boolean', default: true },
      expiresAt: { type: 'datetime' },
      // Requests a UTC day, every key together (serve/rate-limit.ts); empty: no quota.
      dailyRequests: { type: 'integer', min: 1 },
      apiTokenId: { type: 'integer', private: true },
    },
  },
  lifecycles: {
    beforeDelete: deleteTokens,
    beforeDeleteMany: deleteTokens,
  },
};
