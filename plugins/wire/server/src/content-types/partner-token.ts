/**
 * A further API token of a partner (the first is the partner's own `apiTokenId`): a second site
 * of the same partner, or a new key while the old one is retired. Every token of a partner reads
 * with the partner's access; deactivating the partner stops them all.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_partner_tokens',
    info: { singularName: 'partner-token', pluralName: 'partner-tokens', displayName: 'Wire partner token', description: 'A further API token of a partner.' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      partner: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.partner' },
      apiTokenId: { type: 'integer', required: true, private: true },
    },
  },
};
