import { wireOptions } from './common';

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_feeds',
    info: { singularName: 'feed', pluralName: 'feeds', displayName: 'Wire feed', description: 'A source of wire copy: a URL or a folder on the server.' },
    ...wireOptions,
    attributes: {
      name: { type: 'string', required: true },
      source: { type: 'string', required: true },
      format: { type: 'enumeration', enum: ['auto', 'rss', 'atom', 'newsml-g2', 'nitf', 'newsml-1.2', 'ninjs', 'iptc7901', 'uspa-text'], default: 'auto', required: true },
      defaultAgency: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.agency' },
      defaultLicence: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.licence' },
      pollIntervalMinutes: { type: 'integer', default: 15, min: 1 },
      enabled: { type: 'boolean', default: true },
      articles: { type: 'relation', relation: 'oneToMany', target: 'plugin::wire.article', mappedBy: 'feed' },
    },
  },
};
