/**
 * Pictures into the Media Library: the pictures an article references (ingest/picture-refs.ts) are
 * fetched through the guarded outbound fetch (ingest/http.ts: every address checked against the
 * policy, `WIRE_FEED_ALLOW`, the socket pinned to it, redirects checked, a time and size limit), their
 * bytes checked to be the picture their Content-Type says (ingest/picture-type.ts), and stored with
 * Strapi's upload service, the file carrying the caption, alternative text, credit and licence notice.
 * The feed's credentials go only to the feed's own origin; a picture elsewhere is fetched without them.
 *
 * Each picture (by its URL) is fetched once across all nodes: a claim row in `wire_picture_claims`
 * (INSERT … ON CONFLICT DO NOTHING, then a conditional UPDATE for an expired or refused claim) says
 * who fetches it, and the stored file is reused by every article that references the same URL.
 * The article keeps one entry per reference (`pictures`: server-owned, content-types/article.ts);
 * partners see a stored URL only under a licence that covers pictures (serve/partner-view.ts).
 *
 * On demand: POST /wire/articles/:id/pictures (its own permission, and the editor must be allowed to
 * upload to the Media Library). Automatically: for feeds with `fetchPictures`, the cron's tick reads
 * the change sequence past its watermark (as a syncing partner would), queues those feeds' articles
 * in `wire_picture_queue`, and fetches at most `WIRE_PICTURE_BATCH` pictures, under a lease.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { PictureOutcome, PicturesResult, StoredPictureFile } from '../../../shared/desk-api';
import { UPLOAD_ACTION } from '../../../shared/permissions';
import type { WireConfig } from '../config';
import { UID } from '../content-types';
import { revealFeedSecrets, type FeedCredentials } from '../feed-secrets';
import { fetchFeed, FetchError } from '../ingest/http';
import { pictureRefs, pictureSource, sameOrigin, type PictureRef } from '../ingest/picture-refs';
import { checkPicture } from '../ingest/picture-type';
import type { StoredPicture } from '../serve/terms';
import { NODE_ID } from './lease';
import { wire } from './wire';

type Row = Record<string, any>;

const CLAIMS = 'wire_picture_claims';
const QUEUE = 'wire_picture_queue';
const LEASE = 'pictures';
/** How long a claim holds a picture against other nodes; one fetch never takes this long. */
const CLAIM_MS = 5 * 60_000;
const SCAN_ROWS = 200;

export interface Fetcher {
  user: { id?: number; email?: string } | null;
  /** The editor's ability (Strapi's `ctx.state.userAbility`); null for the cron. */
  can: ((action: string, subject?: string) => boolean) | null;
}

const urlKey = (href: string) => createHash('sha256').update(href).digest('hex');

/** The file's name in the Media Library: the story's words, the reference, the checked extension. */
function fileName(headline: string, ref: string, ext: string): string {
  const words = headline
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .split(/\s+/)
    .slice(0, 8)
    .join('-')
    .toLowerCase();
  return `${words || 'wire-picture'}-${ref.replace(/[^\w]+/g, '-').replace(/-+$/, '')}${ext}`.slice(0, 120);
}

/** What the stored file says of itself: caption, credit and licence notice, each when known. */
export function fileCaption(ref: PictureRef, notice: string | null): string {
  return [ref.caption, ref.credit ? `Credit: ${ref.credit}` : null, notice ? `Licence: ${notice}` : null]
    .filter(Boolean)
    .join(' — ');
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const setting = () => strapi.plugin('wire').config('pictures') as WireConfig['pictures'];
  const http = () => strapi.plugin('wire').config('http') as WireConfig['http'];

  /** Marks a claim refused with its reason (a refused picture may be asked for again on demand). */
  async function refuse(key: string, holder: string, reason: string) {
    await knex()(CLAIMS)
      .where({ url_key: key, claimed_by: holder })
      .update({ status: 'refused', reason: reason.slice(0, 2000), claimed_until: null, updated_at: Date.now() });
  }

  /**
   * Takes the claim on a picture: a fresh one, one whose holder's time ran out, or (when `retry`) one
   * refused before. Returns the holder token, the stored row when it is stored already, or the row
   * that keeps it from us.
   */
  async function claim(
    href: string,
    retry: boolean,
  ): Promise<{ holder: string } | { stored: Row } | { refused: Row } | { busy: true }> {
    const key = urlKey(href);
    const holder = `${NODE_ID}:${randomBytes(4).toString('hex')}`;
    const now = Date.now();
    await knex()(CLAIMS)
      .insert({
        url_key: key,
        url: href,
        status: 'fetching',
        claimed_by: holder,
        claimed_until: now + CLAIM_MS,
        updated_at: now,
      })
      .onConflict('url_key')
      .ignore();
    let row: Row | undefined = await knex()(CLAIMS).where({ url_key: key }).first();
    if (row?.claimed_by === holder && row.status === 'fetching') return { holder };
    if (row?.status === 'stored') {
      // A file an editor deleted from the Media Library since: fetch it again.
      const file = await strapi.db.query('plugin::upload.file').findOne({ where: { id: row.file_id }, select: ['id'] });
      if (file) return { stored: row };
    }
    const taken = await knex()(CLAIMS)
      .where({ url_key: key })
      .andWhere((q: any) => {
        q.where({ status: 'fetching' }).andWhere('claimed_until', '<', now);
        if (row?.status === 'stored') q.orWhere({ status: 'stored' });
        if (retry) q.orWhere({ status: 'refused' });
      })
      .update({ status: 'fetching', claimed_by: holder, claimed_until: now + CLAIM_MS, reason: null, updated_at: now });
    if (Number(taken) > 0) return { holder };
    row = await knex()(CLAIMS).where({ url_key: key }).first();
    if (row?.status === 'refused') return { refused: row };
    return { busy: true };
  }

  /** The stored file as the desk and the article record it. */
  const fileOf = (row: Row): StoredPictureFile => ({
    id: Number(row.file_id),
    url: String(row.file_url),
    mime: String(row.mime),
    size: Number(row.size),
    width: row.width === null || row.width === undefined ? null : Number(row.width),
    height: row.height === null || row.height === undefined ? null : Number(row.height),
  });

  /** Fetches, checks and stores one picture under a claim we hold. */
  async function fetchAndStore(
    ref: PictureRef,
    holder: string,
    context: { headline: string; notice: string | null; credentials: FeedCredentials | null; user: Fetcher['user'] },
  ): Promise<{ file: StoredPictureFile } | { reason: string }> {
    const key = urlKey(ref.href);
    const { maxBytes, timeoutMs } = setting();
    let fetched;
    try {
      fetched = await fetchFeed(ref.href, {
        timeoutMs,
        maxBytes,
        maxRedirects: http().maxRedirects,
        allow: http().allow,
        ...(context.credentials
          ? {
              headers: context.credentials.headers,
              username: context.credentials.username,
              password: context.credentials.password,
            }
          : {}),
      });
    } catch (error) {
      if (error instanceof FetchError && error.detail)
        strapi.log.info(`[wire] picture ${pictureSource(ref.href)}: ${error.detail}`);
      const reason = error instanceof Error ? error.message : String(error);
      await refuse(key, holder, reason);
      return { reason };
    }
    if (fetched.status !== 'ok') {
      const reason = 'the server answered 304 Not Modified to a plain request';
      await refuse(key, holder, reason);
      return { reason };
    }
    const checked = checkPicture(fetched.bytes, fetched.contentType);
    if (!checked.ok) {
      await refuse(key, holder, checked.reason);
      return { reason: checked.reason };
    }
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-picture-'));
    const name = fileName(context.headline, ref.ref, checked.ext);
    const filepath = path.join(dir, name);
    try {
      await fs.writeFile(filepath, fetched.bytes);
      const caption = fileCaption(ref, context.notice);
      const [file] = await strapi
        .plugin('upload')
        .service('upload')
        .upload(
          {
            data: { fileInfo: { name, caption, alternativeText: ref.caption ?? context.headline } },
            files: { filepath, originalFilename: name, mimetype: checked.mime, size: fetched.bytes.length },
          },
          context.user?.id ? { user: context.user } : {},
        );
      const row = {
        status: 'stored',
        file_id: file.id,
        file_url: file.url,
        mime: checked.mime,
        size: fetched.bytes.length,
        width: file.width ?? checked.width,
        height: file.height ?? checked.height,
        reason: null,
        claimed_until: null,
        updated_at: Date.now(),
      };
      await knex()(CLAIMS).where({ url_key: key, claimed_by: holder }).update(row);
      return { file: fileOf(row) };
    } catch (error) {
      // The Media Library's own refusal (a picture its image reader cannot read, a provider error).
      const reason = `the Media Library refused it: ${(error as Error).message}`;
      await refuse(key, holder, reason);
      return { reason };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  /** Records the stored pictures on the article (one per reference) and makes it a change for partners. */
  async function record(article: Row, stored: Array<{ ref: PictureRef; file: StoredPictureFile }>) {
    if (!stored.length) return;
    const now = new Date().toISOString();
    const kept: StoredPicture[] = (Array.isArray(article.pictures) ? article.pictures : []).filter(
      (p: StoredPicture) => !stored.some((s) => s.ref.ref === p.ref),
    );
    const added: StoredPicture[] = stored.map(({ ref, file }) => ({
      ref: ref.ref,
      href: ref.href,
      fileId: file.id,
      url: file.url,
      mime: file.mime,
      size: file.size,
      width: file.width,
      height: file.height,
      at: now,
    }));
    // Query engine: a server-owned field; the write clears changeSeq, so partners see the new images.
    await strapi.db.query(UID.article).update({ where: { id: article.id }, data: { pictures: [...kept, ...added] } });
    await wire(strapi).service('changes').stamp();
  }

  /** Fetches an article's pictures (those not stored yet, or all with `retry`); at most `limit` fetches. */
  async function fetchFor(article: Row, who: Fetcher, options: { retry: boolean; limit?: number }) {
    const refs = pictureRefs(article);
    const have = new Map<string, StoredPicture>(
      (Array.isArray(article.pictures) ? article.pictures : []).map((p: StoredPicture) => [p.ref, p]),
    );
    const feed: Row | null = article.feed ?? null;
    const credentials =
      feed && typeof feed.source === 'string' && /^https?:/i.test(feed.source) ? revealFeedSecrets(strapi, feed) : null;
    const outcomes: PictureOutcome[] = [];
    const stored: Array<{ ref: PictureRef; file: StoredPictureFile }> = [];
    let fetches = 0;
    for (const ref of refs) {
      const source = pictureSource(ref.href);
      const mine = have.get(ref.ref);
      if (mine && mine.href === ref.href && !options.retry) {
        outcomes.push({ ref: ref.ref, source, status: 'stored', reason: null, file: { ...mine, id: mine.fileId } });
        continue;
      }
      if (options.limit !== undefined && fetches >= options.limit) break;
      const claimed = await claim(ref.href, options.retry);
      if ('busy' in claimed) {
        outcomes.push({ ref: ref.ref, source, status: 'busy', reason: null, file: null });
        continue;
      }
      if ('refused' in claimed) {
        outcomes.push({ ref: ref.ref, source, status: 'refused', reason: claimed.refused.reason ?? null, file: null });
        continue;
      }
      if ('stored' in claimed) {
        const file = fileOf(claimed.stored);
        stored.push({ ref, file });
        outcomes.push({ ref: ref.ref, source, status: 'stored', reason: null, file });
        continue;
      }
      fetches += 1;
      const done = await fetchAndStore(ref, claimed.holder, {
        headline: String(article.headline ?? ''),
        notice: article.licence?.notice ?? null,
        // The feed's credentials for the feed's own origin only.
        credentials: credentials && sameOrigin(ref.href, feed?.source) ? credentials : null,
        user: who.user,
      });
      if ('file' in done) {
        stored.push({ ref, file: done.file });
        outcomes.push({ ref: ref.ref, source, status: 'stored', reason: null, file: done.file });
      } else outcomes.push({ ref: ref.ref, source, status: 'refused', reason: done.reason, file: null });
    }
    await record(article, stored);
    return { outcomes, fetches, complete: outcomes.length === refs.length };
  }

  const loadArticle = (where: Row): Promise<Row | null> =>
    strapi.db.query(UID.article).findOne({ where, populate: { licence: true, feed: true } });

  return {
    async ensureTables() {
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${CLAIMS} (url_key VARCHAR(64) PRIMARY KEY, url TEXT NOT NULL, status VARCHAR(16) NOT NULL, claimed_by VARCHAR(255), claimed_until BIGINT, file_id BIGINT, file_url TEXT, mime VARCHAR(64), size BIGINT, width INTEGER, height INTEGER, reason TEXT, updated_at BIGINT NOT NULL)`,
      );
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${QUEUE} (article_id BIGINT PRIMARY KEY, queued_at BIGINT NOT NULL)`,
      );
    },

    /**
     * POST /wire/articles/:id/pictures: every picture of the article, fetched now (those refused
     * before are tried again). Needs the Media Library's upload permission besides Wire's own.
     */
    async fetchNow(
      documentId: string,
      who: Fetcher,
    ): Promise<{ status: 'done'; result: PicturesResult } | { status: 'forbidden'; reason: string }> {
      const article = await loadArticle({ documentId });
      if (!article) throw new errors.NotFoundError(`no article ${documentId}`);
      // Answered, not thrown: Strapi's route authorization would turn a ForbiddenError into a bare 403.
      if (!who.can || !who.can(UPLOAD_ACTION))
        return {
          status: 'forbidden',
          reason:
            'this editor may not upload to the Media Library (Media Library: create), which fetching pictures does',
        };
      if (!pictureRefs(article).length)
        throw new errors.ValidationError(`article ${documentId} references no picture Wire can fetch (http or https)`);
      const { outcomes } = await fetchFor(article, who, { retry: true });
      strapi.log.info(
        `[wire] pictures of article ${documentId} fetched by ${who.user?.email ?? 'an editor'}: ${outcomes
          .map((o) => `${o.ref} ${o.status}`)
          .join(', ')}`,
      );
      return {
        status: 'done',
        result: {
          pictures: outcomes,
          stored: outcomes.filter((o) => o.status === 'stored').length,
          refused: outcomes.filter((o) => o.status === 'refused').length,
        },
      };
    },

    /**
     * The cron's share (bootstrap.ts): under a lease, queue the articles of feeds with
     * `fetchPictures` changed since the watermark, then fetch at most `WIRE_PICTURE_BATCH` pictures
     * for the queue, oldest first. An article leaves the queue once each of its pictures was tried.
     */
    async tick(): Promise<{ queued: number; fetched: number }> {
      const lease = wire(strapi).service('lease');
      const holder = await lease.acquire(LEASE, CLAIM_MS);
      if (!holder) return { queued: 0, fetched: 0 };
      try {
        const queued = await this.enqueueChanged();
        let budget = setting().batch;
        let fetched = 0;
        const waiting: Row[] = await knex()(QUEUE).orderBy('queued_at', 'asc').orderBy('article_id', 'asc').limit(50);
        for (const entry of waiting) {
          if (budget <= 0) break;
          const article = await loadArticle({ id: entry.article_id });
          if (!article || !article.feed?.fetchPictures) {
            await knex()(QUEUE).where({ article_id: entry.article_id }).delete();
            continue;
          }
          const done = await fetchFor(article, { user: null, can: null }, { retry: false, limit: budget });
          budget -= done.fetches;
          fetched += done.fetches;
          // Busy pictures (another node's on-demand fetch) are looked at again next tick.
          if (done.complete && !done.outcomes.some((o) => o.status === 'busy'))
            await knex()(QUEUE).where({ article_id: entry.article_id }).delete();
          await lease.renew(LEASE, holder, CLAIM_MS);
        }
        return { queued, fetched };
      } finally {
        await lease.release(LEASE, holder);
      }
    },

    /** Queues the articles of feeds with `fetchPictures` whose change number is past the watermark. */
    async enqueueChanged(): Promise<number> {
      const store = strapi.store({ type: 'plugin', name: 'wire', key: 'pictures-watermark' });
      const after = Number((await store.get({})) ?? 0) || 0;
      // The newest change first: what is stamped while we read waits for the next tick.
      const top: Row | null = await strapi.db
        .query(UID.article)
        .findOne({ where: { changeSeq: { $notNull: true } }, orderBy: { changeSeq: 'desc' }, select: ['changeSeq'] });
      const upTo = Number(top?.changeSeq ?? 0);
      if (!(upTo > after)) return 0;
      const rows: Row[] = await strapi.db.query(UID.article).findMany({
        where: { changeSeq: { $gt: after, $lte: upTo }, feed: { fetchPictures: true } },
        orderBy: [{ changeSeq: 'asc' }],
        limit: SCAN_ROWS,
        select: ['id', 'changeSeq', 'itemType', 'images', 'renditions'],
      });
      let queued = 0;
      for (const row of rows) {
        if (!pictureRefs(row).length) continue;
        await knex()(QUEUE).insert({ article_id: row.id, queued_at: Date.now() }).onConflict('article_id').ignore();
        queued += 1;
      }
      // Articles of other feeds are passed over too: the watermark follows the newest change seen.
      const mark = rows.length === SCAN_ROWS ? Number(rows[rows.length - 1].changeSeq) : upTo;
      if (mark > after) await store.set({ value: mark });
      return queued;
    },
  };
};
