/** Deleting the row (the partner was deleted, or one key retired) deletes the API token too. */
async function deleteToken(event: { params: { where?: Record<string, unknown> } }) {
  const rows = await strapi.db
    .query('plugin::wire.partner-token')
    .findMany({ where: event.params.where ?? {}, select: ['apiTokenId'] });
  const tokens = strapi.service('admin::api-token');
  for (const { apiTokenId } of rows)
    if (apiTokenId && (await tokens.getById(apiTokenId))) await tokens.revoke(apiTokenId);
}

/**
 * A further API token of a partner (the first is the partner's own `apiTokenId`): a second site
 * of the same partner, or a new key while the old one is retired. Every token of a partner reads
 * with the partner's access; deactivating the partner stops them all.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_partner_tokens',
    info: {
      singularName: 'partner-token',
      pluralName: 'partner-tokens',
      displayName: 'Wire partner token',
      description: 'A further API token of a partner.',
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      partner: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.partner' },
      apiTokenId: { type: 'integer', required: true, private: true },
    },
  },
  lifecycles: {
    beforeDelete: deleteToken,
    beforeDeleteMany: deleteToken,
  },
};
