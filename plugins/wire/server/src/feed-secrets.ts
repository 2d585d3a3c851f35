/**
 * Feed credentials are stored encrypted (with the app's ENCRYPTION_KEY, by Strapi's own admin
 * encryption service) and never returned. The Document Service would bcrypt password fields, which
 * cannot be reversed; this middleware takes them out of every create/update of a feed and writes
 * them, encrypted, straight to the row once the document is saved.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { FEED_SECRETS } from './content-types/feed';
import { UID } from './content-types';
import { DocumentError } from './formats/types';

export interface FeedCredentials {
  headers: Record<string, string>;
  username: string | null;
  password: string | null;
}

/** A feed row's credentials, decrypted, for fetching it (the poller, and "Test" at the desk). */
export function revealFeedSecrets(strapi: Core.Strapi, feed: Record<string, any>): FeedCredentials {
  const encryption = strapi.service('admin::encryption');
  const reveal = (value: string | null) =>
    value ? (value.startsWith('v1:') ? encryption.decrypt(value) : value) : null;
  // Password fields are not returned by the Document Service; read them from the row itself.
  const headersText = reveal(feed.requestHeaders ?? null);
  let headers: Record<string, string> = {};
  if (headersText) {
    try {
      headers = JSON.parse(headersText);
    } catch {
      throw new DocumentError("the feed's request headers are not valid JSON", 'requestHeaders');
    }
  }
  return { headers, username: feed.authUsername ?? null, password: reveal(feed.authPassword ?? null) };
}

export function registerFeedSecrets(strapi: Core.Strapi) {
  strapi.documents.use(async (ctx, next) => {
    if (ctx.uid !== UID.feed || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const data = (ctx.params as { data?: Record<string, unknown> }).data;
    const secrets: Record<string, string | null> = {};
    // A new source does not inherit the old one's credentials: cleared unless new ones are given.
    // Here, so every way of editing a feed (the desk, the Content Manager) does the same.
    const documentId = (ctx.params as { documentId?: string }).documentId;
    if (ctx.action === 'update' && data && typeof data.source === 'string' && documentId) {
      const current = await strapi.db.query(UID.feed).findOne({ where: { documentId }, select: ['source'] });
      if (current && current.source !== data.source.trim()) {
        if (!data.authUsername) data.authUsername = null;
        for (const field of FEED_SECRETS) if (!data[field]) data[field] = null;
      }
    }
    for (const field of FEED_SECRETS) {
      if (!data || !(field in data)) continue;
      const value = data[field];
      delete data[field];
      // An empty password input means "leave it as it is".
      if (value === '' || value === undefined) continue;
      if (value !== null && typeof value !== 'string') throw new errors.ValidationError(`${field} must be text`);
      if (field === 'requestHeaders' && value) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(value);
        } catch {
          parsed = null;
        }
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
          throw new errors.ValidationError(
            'requestHeaders must be a JSON object of header names and values, e.g. {"X-Api-Key": "..."}',
          );
        }
      }
      secrets[field] = value === null ? null : strapi.service('admin::encryption').encrypt(value);
    }
    const result = await next();
    const savedId = (result as { documentId?: string } | null)?.documentId;
    if (Object.keys(secrets).length && savedId) {
      await strapi.db.query(UID.feed).updateMany({ where: { documentId: savedId }, data: secrets });
    }
    return result;
  });
}
