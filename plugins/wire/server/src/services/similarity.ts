/**
 * The same story from several agencies (issue 24): every stored story's text as a MinHash
 * signature (ingest/similarity.ts), its band keys in an indexed table, and the cluster of stories
 * it overlaps with strongly. Kept in step by changes.stamp(), which every change of an article
 * goes through (ingest, an update, an editor's correction), in the change's own transaction; a
 * story whose text did not change is not looked at again. Finding a story's candidates is one
 * indexed lookup of its band keys, each holding at most BAND_CAP stories: the cost per story stays
 * the same whatever the archive's size and however alike its stories are. Versions and re-deliveries of one
 * story are one article row, so they are never its duplicates.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { catchUpInto } from '../database/catch-up';
import type { DeskArticleView } from '../../../shared/desk-api';
import { CLUSTER_AT, bandKeys, decodeSignature, encodeSignature, signature, similarity } from '../ingest/similarity';

const SIGNATURES = 'wire_article_similarity';
const BAND_TABLE = 'wire_article_bands';
const CHUNK = 200;
/**
 * Stories kept per band key. Templated copy (or a hostile feed's near-copies) shares every band
 * with every story before it: without a cap each new story would be compared with all of them, and
 * ingest would slow as the archive grows. With it a story is compared with at most BANDS × BAND_CAP
 * others; one more of a full band is still found through the stories already there, its cluster.
 */
export const BAND_CAP = 8;

/** One entry of the desk article's `duplicates` (shared/desk-api.ts). */
export type Duplicate = DeskArticleView['duplicates'][number];

type Knex = any;

const textHash = (text: string) => createHash('sha1').update(text).digest('base64');

/**
 * Decoded signatures of stories lately compared with (cluster members are compared again and
 * again), each with the hash of the text it was made from: an entry is used only when the stored
 * row still has that hash, and the cluster is always read from the row. So an entry from a write
 * that rolled back, or a story another node re-indexed, is never taken for the story as stored.
 */
const SIGNATURE_CACHE_SIZE = 20_000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const cache = new Map<number, { sig: Uint32Array; textHash: string }>();
  const remember = (id: number, entry: { sig: Uint32Array; textHash: string }) => {
    if (cache.size >= SIGNATURE_CACHE_SIZE) cache.clear();
    cache.set(id, entry);
  };

  /**
   * (Re)computes the signature, bands and cluster of these articles where their text changed.
   * Runs in the caller's transaction (`trx`); each article is compared with the archive and with
   * the ones before it in the list. Returns the ids whose text was new or changed (alerts match those).
   */
  async function indexArticles(trx: Knex, ids: number[]): Promise<number[]> {
    const newText: number[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows: Array<{ id: number | string; body_text: string | null; text_hash: string | null }> = await trx(
        'wire_articles as a',
      )
        .leftJoin(`${SIGNATURES} as s`, 's.article_id', 'a.id')
        .whereIn('a.id', chunk)
        .select('a.id', 'a.body_text', 's.text_hash');
      const changed = rows
        .map((r) => ({ id: Number(r.id), text: r.body_text ?? '', stored: r.text_hash }))
        .filter((r) => textHash(r.text) !== r.stored);
      if (!changed.length) continue;
      const changedIds = changed.map((r) => r.id);
      newText.push(...changedIds);
      // A story indexed before: its old bands, found from its old signature (no index on article ids).
      const before: Array<{ article_id: number | string; signature: string | null }> = await trx(SIGNATURES)
        .whereIn('article_id', changedIds)
        .select('article_id', 'signature');
      for (const old of before) {
        const sig = decodeSignature(old.signature);
        cache.delete(Number(old.article_id));
        if (sig) await trx(BAND_TABLE).whereIn('band_key', bandKeys(sig)).where('article_id', old.article_id).delete();
      }
      if (before.length) await trx(SIGNATURES).whereIn('article_id', changedIds).delete();
      const computed = changed.map((r) => {
        const sig = signature(r.text);
        return { ...r, sig, keys: sig ? bandKeys(sig) : [] };
      });
      // Candidates: any stored story sharing a band with one of these.
      const allKeys = [...new Set(computed.flatMap((c) => c.keys))];
      const byKey = new Map<number, number[]>();
      for (let k = 0; k < allKeys.length; k += 500) {
        const found: Array<{ band_key: number | string; article_id: number | string }> = await trx(BAND_TABLE)
          .whereIn('band_key', allKeys.slice(k, k + 500))
          .select('band_key', 'article_id');
        for (const f of found) {
          const key = Number(f.band_key);
          const list = byKey.get(key) ?? [];
          list.push(Number(f.article_id));
          byKey.set(key, list);
        }
      }
      // Each candidate as stored now (its cluster and text hash, small columns); its signature from
      // the cache when the cache holds it for that very text, else read.
      const candidateIds = [...new Set([...byKey.values()].flat())];
      const stored = new Map<number, { sig: Uint32Array; cluster: number }>();
      const unread: number[] = [];
      for (let k = 0; k < candidateIds.length; k += 500) {
        const found: Array<{ article_id: number | string; text_hash: string; cluster_id: number | string }> = await trx(
          SIGNATURES,
        )
          .whereIn('article_id', candidateIds.slice(k, k + 500))
          .select('article_id', 'text_hash', 'cluster_id');
        for (const f of found) {
          const id = Number(f.article_id);
          const hit = cache.get(id);
          if (hit && hit.textHash === f.text_hash) stored.set(id, { sig: hit.sig, cluster: Number(f.cluster_id) });
          else unread.push(id);
        }
      }
      for (let k = 0; k < unread.length; k += 500) {
        const found: Array<{
          article_id: number | string;
          signature: string;
          text_hash: string;
          cluster_id: number | string;
        }> = await trx(SIGNATURES)
          .whereIn('article_id', unread.slice(k, k + 500))
          .select('article_id', 'signature', 'text_hash', 'cluster_id');
        for (const f of found) {
          const sig = decodeSignature(f.signature);
          if (!sig) continue;
          remember(Number(f.article_id), { sig, textHash: f.text_hash });
          stored.set(Number(f.article_id), { sig, cluster: Number(f.cluster_id) });
        }
      }
      // This call's own stories, visible to the ones after them.
      const local = new Map<number, { sig: Uint32Array; cluster: number }>();
      const rowsOut: Array<Record<string, unknown>> = [];
      const bandsOut: Array<Record<string, unknown>> = [];
      for (const c of computed) {
        let cluster = c.id;
        if (c.sig) {
          // Candidates by the bands they share, most first: the likeliest are compared first, and
          // the first at CLUSTER_AT or above decides (its cluster is the story's).
          const hits = new Map<number, number>();
          for (const key of c.keys)
            for (const other of byKey.get(key) ?? []) hits.set(other, (hits.get(other) ?? 0) + 1);
          for (const [other] of [...hits].sort((x, y) => y[1] - x[1])) {
            const o = local.get(other) ?? stored.get(other);
            if (!o || other === c.id) continue;
            if (similarity(c.sig, o.sig) >= CLUSTER_AT) {
              cluster = o.cluster;
              break;
            }
          }
          // The ones after it in this list find it as the archive would.
          local.set(c.id, { sig: c.sig, cluster });
          for (const key of c.keys) {
            const holders = byKey.get(key) ?? [];
            if (holders.length >= BAND_CAP) continue;
            byKey.set(key, [...holders, c.id]);
            bandsOut.push({ band_key: key, article_id: c.id });
          }
        }
        rowsOut.push({
          article_id: c.id,
          text_hash: textHash(c.text),
          signature: c.sig ? encodeSignature(c.sig) : null,
          cluster_id: cluster,
        });
      }
      for (let k = 0; k < rowsOut.length; k += 100) await trx(SIGNATURES).insert(rowsOut.slice(k, k + 100));
      for (let k = 0; k < bandsOut.length; k += 500) await trx(BAND_TABLE).insert(bandsOut.slice(k, k + 500));
    }
    return newText;
  }

  return {
    /** The tables; Strapi's schema sync leaves tables it does not know alone. */
    async ensureTables() {
      const db = knex();
      await db.raw(
        `CREATE TABLE IF NOT EXISTS ${SIGNATURES} (article_id BIGINT PRIMARY KEY, text_hash VARCHAR(64) NOT NULL, signature TEXT, cluster_id BIGINT NOT NULL)`,
      );
      await db.raw(`CREATE INDEX IF NOT EXISTS ${SIGNATURES}_cluster ON ${SIGNATURES} (cluster_id)`);
      await db.raw(
        `CREATE TABLE IF NOT EXISTS ${BAND_TABLE} (band_key BIGINT NOT NULL, article_id BIGINT NOT NULL, PRIMARY KEY (band_key, article_id))${
          // On SQLite the rows are the key: one B-tree written per band, not a table and its index.
          strapi.db.dialect.client === 'postgres' ? '' : ' WITHOUT ROWID'
        }`,
      );
    },

    indexArticles,

    /**
     * Takes purged stories out (services/expiry.ts), in the caller's transaction: their bands, found
     * from their signatures as an update does, and their signatures. A cluster keeps its number;
     * its other members still find each other by it.
     */
    async forget(trx: Knex, ids: number[]): Promise<void> {
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const rows: Array<{ article_id: number | string; signature: string | null }> = await trx(SIGNATURES)
          .whereIn('article_id', chunk)
          .select('article_id', 'signature');
        for (const row of rows) {
          cache.delete(Number(row.article_id));
          const sig = decodeSignature(row.signature);
          if (sig)
            await trx(BAND_TABLE).whereIn('band_key', bandKeys(sig)).where('article_id', row.article_id).delete();
        }
        await trx(SIGNATURES).whereIn('article_id', chunk).delete();
      }
    },

    /** Stories stored before this index, a chunk at a time (the tick): database/catch-up.ts. */
    catchUp: catchUpInto(strapi, SIGNATURES, indexArticles),

    /**
     * For each of these articles, the other stories of its cluster (at most `max` each, lowest id
     * first): for the partner API's `related` and the desk list's collapsed clusters. Who may see
     * them is the caller's to decide.
     */
    async clusterMates(articleIds: number[], max = 20): Promise<Map<number, number[]>> {
      const out = new Map<number, number[]>();
      if (!articleIds.length) return out;
      const rows: Array<{ own: number | string; mate: number | string }> = await knex()(`${SIGNATURES} as s`)
        .join(`${SIGNATURES} as m`, 'm.cluster_id', 's.cluster_id')
        .whereIn('s.article_id', articleIds)
        .whereRaw('m.article_id <> s.article_id')
        .orderBy('m.article_id')
        .select('s.article_id as own', 'm.article_id as mate');
      for (const r of rows) {
        const list = out.get(Number(r.own)) ?? [];
        if (list.length < max) list.push(Number(r.mate));
        out.set(Number(r.own), list);
      }
      return out;
    },

    /**
     * Of the stories `ids` (a subquery of article ids), those with a later stored story of the
     * same cluster among them: what the desk list leaves out to show one line per story.
     */
    shadowedWithin(ids: unknown) {
      return knex()(`${SIGNATURES} as s`)
        .join(`${SIGNATURES} as r`, 'r.cluster_id', 's.cluster_id')
        .whereRaw('r.article_id > s.article_id')
        .whereIn('r.article_id', ids as any)
        .select('s.article_id');
    },

    /** The other stories of an article's cluster, most similar first, for the desk. */
    async duplicatesOf(articleId: number): Promise<Duplicate[]> {
      const own = await knex()(SIGNATURES).where({ article_id: articleId }).first('signature', 'cluster_id');
      const sig = decodeSignature(own?.signature);
      if (!own || !sig) return [];
      const members: Array<{ article_id: number | string; signature: string }> = await knex()(SIGNATURES)
        .where({ cluster_id: own.cluster_id })
        .whereNot({ article_id: articleId })
        .limit(50)
        .select('article_id', 'signature');
      if (!members.length) return [];
      const rows: any[] = await strapi.db.query('plugin::wire.article').findMany({
        where: { id: { $in: members.map((m) => Number(m.article_id)) } },
        select: ['id', 'documentId', 'headline', 'pubStatus'],
        populate: { agency: { select: ['code', 'name'] } },
      });
      const sigOf = new Map(members.map((m) => [Number(m.article_id), decodeSignature(m.signature)]));
      return rows
        .map((r) => ({
          documentId: r.documentId,
          agency: r.agency ? { code: r.agency.code, name: r.agency.name } : null,
          headline: r.headline,
          pubStatus: r.pubStatus,
          similarity: Math.round(similarity(sig, sigOf.get(r.id) ?? new Uint32Array(sig.length)) * 100) / 100,
        }))
        .sort((a, b) => b.similarity - a.similarity || a.documentId.localeCompare(b.documentId));
    },
  };
};
