/**
 * Feeds at the desk: add, edit, test before saving, pause and resume. Writes go through the Document
 * Service so the feed-secrets middleware encrypts credentials; reads never return them.
 */
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import { feedForDesk } from './desk';
import { wire } from './wire';
import { previewDocument, previewText, type FeedPreview } from '../desk/feed-preview';
import { revealFeedSecrets } from '../feed-secrets';
import { readFeedFields, validationDetails } from '../../../shared/feed-form';
import { DocumentError } from '../formats/types';
import { redactUrl } from '../normalise/urls';
import { FetchError, openFeed } from '../ingest/http';
import { byteStreamText } from '../ingest/stream';
import {
  dropPolicy,
  DROP_SCAN_LIMIT,
  isUrl,
  openDropFile,
  readFileSource,
  resolveDropFolder,
  waitingFiles,
  type DropPolicy,
  type SourceLimits,
} from '../ingest/sources';

type Row = Record<string, any>;

export interface FeedInput {
  name?: string;
  source?: string;
  format?: string;
  pollIntervalMinutes?: number | string | null;
  idleLimitMinutes?: number | string | null;
  enabled?: boolean;
  /** Read XML that is not well-formed with the forgiving reader (warned on every run). */
  lenient?: boolean;
  /** Fetch the pictures its stories reference into the Media Library as they arrive. */
  fetchPictures?: boolean;
  defaultAgency?: string | null;
  defaultLicence?: string | null;
  authUsername?: string | null;
  /** Empty or absent: keep the stored one. */
  authPassword?: string | null;
  requestHeaders?: string | null;
  /** Days from first receipt its stories may be hosted; null or empty: none of its own. */
  retentionDays?: number | string | null;
}

const asValidation = (error: unknown): never => {
  if (error instanceof DocumentError) throw new errors.ValidationError(error.message);
  throw error;
};

const POPULATE = { defaultAgency: true, defaultLicence: true } as const;

/** The fields an editor may set, checked by the rules the desk's form uses (shared/feed-form.ts); secrets pass through to the feed-secrets middleware. */
function feedData(input: FeedInput, creating: boolean): Row {
  const { fields, problems } = readFeedFields(input as Record<string, unknown>, creating);
  if (problems.length)
    throw new errors.ValidationError(problems.map((p) => p.message).join('; '), validationDetails(problems));
  const data: Row = { ...fields };
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
  if (input.enabled !== undefined) data.enabled = !!input.enabled;
  if (input.lenient !== undefined) data.lenient = input.lenient === true;
  if (input.fetchPictures !== undefined) data.fetchPictures = input.fetchPictures === true;
  if (input.defaultAgency !== undefined) data.defaultAgency = input.defaultAgency || null;
  if (input.defaultLicence !== undefined) data.defaultLicence = input.defaultLicence || null;
  if (input.authUsername !== undefined) data.authUsername = text(input.authUsername) || null;
  if (input.authPassword !== undefined) data.authPassword = input.authPassword;
  if (input.requestHeaders !== undefined) data.requestHeaders = input.requestHeaders;
  return data;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const limits = () => strapi.plugin('wire').config('http') as SourceLimits;
  let drop: Promise<DropPolicy> | null = null;

  /** WIRE_DROP_ROOT (created if missing) and the folders no drop folder may touch; read once. */
  function dropFolders(): Promise<DropPolicy> {
    drop ??= (async () => {
      const root = path.resolve(
        strapi.dirs.app.root,
        (strapi.plugin('wire').config('dropRoot') as string | null) || 'drop',
      );
      const dbFile = strapi.config.get('database.connection.connection.filename') as string | undefined;
      const named = [strapi.dirs.dist.root, strapi.dirs.static.public, path.join(strapi.dirs.static.public, 'uploads')];
      // The database's folder and files are kept clear of, not every folder beneath that folder.
      return dropPolicy(root, strapi.dirs.app.root, named, dbFile ? path.resolve(strapi.dirs.app.root, dbFile) : null);
    })();
    drop.catch(() => {
      drop = null;
    });
    return drop;
  }
  const findRow = (documentId: string): Promise<Row | null> =>
    strapi.db.query(UID.feed).findOne({ where: { documentId }, populate: POPULATE });

  async function nameTaken(name: string, except: string | null) {
    const other = await strapi.db.query(UID.feed).findOne({ where: { name }, select: ['documentId'] });
    return !!other && other.documentId !== except;
  }

  async function get(documentId: string) {
    const row = await findRow(documentId);
    return row ? feedForDesk(row) : null;
  }

  return {
    dropFolders,

    async list(page: number, pageSize: number) {
      const { results, pagination } = await strapi.db
        .query(UID.feed)
        .findPage({ orderBy: { name: 'asc' }, page, pageSize, populate: POPULATE });
      return { data: results.map(feedForDesk), pagination };
    },

    get,

    async create(input: FeedInput) {
      const data = feedData(input, true);
      if (!isUrl(data.source)) await resolveDropFolder(data.source, await dropFolders()).catch(asValidation);
      if (await nameTaken(data.name, null))
        throw new errors.ValidationError(`a feed named "${data.name}" already exists`);
      const created = await strapi.documents(UID.feed).create({ data: data as any });
      return get(created.documentId);
    },

    async update(documentId: string, input: FeedInput) {
      const before = await findRow(documentId);
      if (!before) return null;
      const data = feedData(input, false);
      if (data.source !== undefined && !isUrl(data.source))
        await resolveDropFolder(data.source, await dropFolders()).catch(asValidation);
      // A changed source loses its stored credentials unless new ones are given: the feed-secrets
      // middleware does it, for every way of editing a feed.
      if (data.name && (await nameTaken(data.name, documentId)))
        throw new errors.ValidationError(`a feed named "${data.name}" already exists`);
      await strapi.documents(UID.feed).update({ documentId, data: data as any });
      // A new retention: the feed's stored stories get their expiry again (services/expiry.ts).
      if ('retentionDays' in data && (data.retentionDays ?? null) !== (before.retentionDays ?? null))
        await wire(strapi).service('expiry').reapply({ feed: before.id });
      return get(documentId);
    },

    async pause(documentId: string, reason: string | null) {
      if (!(await findRow(documentId))) return null;
      await strapi
        .documents(UID.feed)
        .update({ documentId, data: { paused: true, pausedReason: reason?.trim() || 'paused at the desk' } as any });
      return get(documentId);
    },

    /** Resuming starts afresh: failures forgotten, polled at the next tick. */
    async resume(documentId: string) {
      if (!(await findRow(documentId))) return null;
      await strapi.documents(UID.feed).update({
        documentId,
        data: { paused: false, pausedReason: null, consecutiveFailures: 0, nextPollAt: null } as any,
      });
      return get(documentId);
    },

    /**
     * Fetches a feed once and reads it as ingest would, storing nothing. Credentials left empty for a
     * saved feed are the stored ones.
     */
    async test(input: FeedInput & { feedId?: string | null }): Promise<FeedPreview> {
      const source = typeof input.source === 'string' ? input.source.trim() : '';
      if (!source)
        throw new errors.ValidationError('give a source to test: an http(s) URL or a drop folder on the server');
      const stored = input.feedId ? await findRow(input.feedId) : null;
      // Stored secrets go only to the stored source: a source changed in the form gets none of them.
      const saved =
        stored && stored.source === source
          ? revealFeedSecrets(strapi, stored)
          : { headers: {}, username: null, password: null };
      let headers = saved.headers;
      if (input.requestHeaders) {
        try {
          headers = JSON.parse(input.requestHeaders);
        } catch {
          throw new errors.ValidationError(
            'requestHeaders must be a JSON object of header names and values, e.g. {"X-Api-Key": "..."}',
          );
        }
      }
      let defaultAgency: { code: string; name: string; homepage: string | null } | null = null;
      if (input.defaultAgency) {
        const agency = await strapi.db.query(UID.agency).findOne({ where: { documentId: input.defaultAgency } });
        if (agency) defaultAgency = { code: agency.code, name: agency.name, homepage: agency.homepage ?? null };
      }
      const format = input.format || 'auto';
      try {
        if (isUrl(source)) {
          // Read as it arrives, item by item, under the same caps as a poll: never held whole.
          const documentBytes = strapi.plugin('wire').config('maxDocumentBytes') as number;
          const opened = await openFeed(source, {
            ...limits(),
            maxBytes: documentBytes,
            headers,
            username: input.authUsername !== undefined ? input.authUsername || null : saved.username,
            password: input.authPassword || saved.password,
          });
          if (opened.status !== 'ok')
            throw new DocumentError('the server answered 304 Not Modified to a plain request', 'http');
          try {
            const text = await byteStreamText(source, opened.body, opened.charset, documentBytes);
            const maxItemChars = strapi.plugin('wire').config('maxItemBytes') as number;
            return await previewText(text, {
              origin: source,
              format,
              defaultAgency,
              lenient: input.lenient === true,
              maxItemChars,
            });
          } finally {
            await opened.close();
          }
        }
        // A drop folder: its first waiting file, read in place (not moved), among the first entries.
        const folder = await resolveDropFolder(source, await dropFolders());
        const waiting = await waitingFiles(folder, DROP_SCAN_LIMIT);
        if (!waiting.length)
          throw new DocumentError(
            `the drop folder ${source} has no file waiting; drop one in and test again`,
            'source',
          );
        // Opened as a poll opens it (no link followed, no hard link read): Test shows no more than a poll reads.
        const handle = await openDropFile(waiting[0]);
        const doc = await readFileSource(waiting[0], limits(), handle).finally(() => handle.close());
        return previewDocument(doc.bytes, {
          origin: doc.origin,
          format,
          defaultAgency,
          lenient: input.lenient === true,
        });
      } catch (error) {
        // Bad content or an unreachable source is the answer to "Test", not a server error.
        if (error instanceof FetchError && error.detail)
          strapi.log.info(`[wire] feed test of ${redactUrl(source)}: ${error.detail}`);
        if (error instanceof DocumentError) throw new errors.ApplicationError(error.message, { field: error.field });
        throw error;
      }
    },
  };
};
