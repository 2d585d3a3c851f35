import { deskOnlyOptions } from './common';

/** An earlier version of an article, kept when the agency sends a newer one. */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_article_versions',
    info: {
      singularName: 'article-version',
      pluralName: 'article-versions',
      displayName: 'Wire article version',
      description: 'Earlier versions of wire articles, as delivered.',
    },
    ...deskOnlyOptions,
    attributes: {
      article: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.article', inversedBy: 'versions' },
      version: { type: 'integer' },
      headline: { type: 'string' },
      // Private (as the article's body): Strapi's webhook events and REST never carry wire text;
      // partners read it through Wire's API, within its licence.
      body: { type: 'richtext', private: true },
      versionCreated: { type: 'datetime' },
      contentHash: { type: 'string', private: true },
      // Every stored field of the article as it was, so editors can compare versions.
      snapshot: { type: 'json', private: true },
    },
  },
};
