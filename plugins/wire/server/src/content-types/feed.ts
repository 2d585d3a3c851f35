import type { Core } from '@strapi/strapi';
import { wireOptions } from './common';

/** Secrets a feed may carry: encrypted before they are stored, never returned (password fields). */
export const FEED_SECRETS = ['authPassword', 'requestHeaders'] as const;

function encryptSecrets(data: Record<string, unknown> | undefined) {
  if (!data) return;
  const encryption = (strapi as Core.Strapi).service('admin::encryption');
  for (const field of FEED_SECRETS) {
    const value = data[field];
    if (typeof value === 'string' && value && !value.startsWith('v1:')) {
      if (field === 'requestHeaders') {
        try {
          JSON.parse(value);
        } catch {
          throw new Error('requestHeaders must be a JSON object of header names and values, e.g. {"X-Api-Key": "..."}');
        }
      }
      data[field] = encryption.encrypt(value);
    }
  }
}

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_feeds',
    info: { singularName: 'feed', pluralName: 'feeds', displayName: 'Wire feed', description: 'A source of wire copy: a URL polled on a schedule, or a drop folder on the server.' },
    ...wireOptions,
    attributes: {
      name: { type: 'string', required: true, unique: true },
      source: { type: 'string', required: true },
      format: { type: 'enumeration', enum: ['auto', 'rss', 'atom', 'newsml-g2', 'nitf', 'newsml-1.2', 'ninjs', 'iptc7901', 'uspa-text'], default: 'auto', required: true },
      defaultAgency: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.agency' },
      defaultLicence: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.licence' },
      pollIntervalMinutes: { type: 'integer', default: 15, min: 1 },
      enabled: { type: 'boolean', default: true },
      // Access to the source. Password-type fields are never returned by Strapi's APIs; Wire also
      // encrypts them with the app's ENCRYPTION_KEY before they reach the database.
      authUsername: { type: 'string' },
      authPassword: { type: 'password' },
      requestHeaders: { type: 'password' },
      // Health, kept by the poller.
      paused: { type: 'boolean', default: false },
      pausedReason: { type: 'text' },
      lastPolledAt: { type: 'datetime' },
      lastSuccessAt: { type: 'datetime' },
      lastErrorAt: { type: 'datetime' },
      lastError: { type: 'text' },
      consecutiveFailures: { type: 'integer', default: 0 },
      nextPollAt: { type: 'datetime' },
      lastItemAt: { type: 'datetime' },
      itemsLast24h: { type: 'integer', default: 0 },
      idleLimitMinutes: { type: 'integer', default: 1440, min: 1 },
      idle: { type: 'boolean', default: false },
      etag: { type: 'string', private: true },
      lastModified: { type: 'string', private: true },
      articles: { type: 'relation', relation: 'oneToMany', target: 'plugin::wire.article', mappedBy: 'feed' },
      runs: { type: 'relation', relation: 'oneToMany', target: 'plugin::wire.ingest-run', mappedBy: 'feed' },
    },
  },
  lifecycles: {
    beforeCreate(event: { params: { data?: Record<string, unknown> } }) {
      encryptSecrets(event.params.data);
    },
    beforeUpdate(event: { params: { data?: Record<string, unknown> } }) {
      encryptSecrets(event.params.data);
    },
  },
};
