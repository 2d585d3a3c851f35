import { wireOptions } from './common';

/**
 * Secrets a feed may carry. They are `password` fields so that Strapi never returns them (the
 * Content Manager shows an empty input); `feed-secrets.ts` takes them out of the Document Service
 * (which would bcrypt them) and stores them encrypted instead, so the poller can use them.
 */
export const FEED_SECRETS = ['authPassword', 'requestHeaders'] as const;

export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'wire_feeds',
    info: {
      singularName: 'feed',
      pluralName: 'feeds',
      displayName: 'Wire feed',
      description: 'A source of wire copy: a URL polled on a schedule, or a drop folder on the server.',
    },
    ...wireOptions,
    attributes: {
      name: { type: 'string', required: true, unique: true },
      source: { type: 'string', required: true },
      format: {
        type: 'enumeration',
        enum: [
          'auto',
          'rss',
          'atom',
          'newsml-g2',
          'nitf',
          'newsml-1.2',
          'ninjs',
          'iptc7901',
          'uspa-text',
          'plain-text',
        ],
        default: 'auto',
        required: true,
      },
      defaultAgency: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.agency' },
      defaultLicence: { type: 'relation', relation: 'manyToOne', target: 'plugin::wire.licence' },
      pollIntervalMinutes: { type: 'integer', default: 15, min: 1 },
      enabled: { type: 'boolean', default: true },
      // XML that is not well-formed is refused with line and column, unless the feed is marked
      // lenient: then a forgiving reader takes it, with a warning on every run (formats/xml.ts).
      lenient: { type: 'boolean', default: false },
      // Fetch the pictures its stories reference into the Media Library as they arrive (queued,
      // fetched a batch a tick by the cron under a lease: services/pictures.ts).
      fetchPictures: { type: 'boolean', default: false },
      // Days from first receipt the feed's stories may be hosted; null: none of its own. The
      // stricter of this and the agency's setting applies (serve/retention.ts).
      retentionDays: { type: 'integer', min: 1 },
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
      runs: { type: 'relation', relation: 'oneToMany', target: 'plugin::wire.ingest-run', mappedBy: 'feed' },
    },
  },
};
