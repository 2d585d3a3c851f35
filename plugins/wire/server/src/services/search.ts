/**
 * Full-text search (issue 24) on the databases Wire runs on: an FTS5 table on SQLite, a tsvector
 * column with a GIN index on PostgreSQL. Both are given the same terms (search/text.ts: words
 * stemmed by each story's language) and the same query (search/query.ts), so a search finds the
 * same stories on either. Kept in step by changes.stamp(), which every change of an article goes
 * through (ingest, an update, a kill, an editor's correction), in the change's own transaction; a
 * story whose searchable text did not change is not written again. Stories stored before the
 * index existed are indexed by the tick (`catchUp`).
 *
 * The index answers only "which ids match, how well". Who may see them is decided where it always
 * was (services/articles.ts for partners): the match is one more condition of the same query.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { catchUpInto } from '../database/catch-up';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import { toFts5, toTsquery, toTsvector, type SearchQuery } from '../search/query';
import { searchDocument } from '../search/text';

const INDEX = 'wire_article_search';
/** Which text each story was indexed from (a hash), on both databases. */
const STATE = 'wire_article_search_state';
const CHUNK = 200;
/**
 * A search sorted by relevance ranks at most this many matches (as search engines cap how deep
 * one pages by score); sorted by newest it pages through all of them.
 */
export const MAX_RANKED = 10_000;

type Knex = any;

/** Higher first; Infinity (pinned) equal to itself. */
const compare = (a: number, b: number) => (a === b ? 0 : a - b);

interface Row {
  id: number | string;
  headline: string | null;
  section: string | null;
  keywords: unknown;
  subjects: unknown;
  body_text: string | null;
  language: string | null;
}

/** A JSON column as read: parsed already on PostgreSQL, text on SQLite. */
const json = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const postgres = () => strapi.db.dialect.client === 'postgres';

  async function indexArticles(trx: Knex, ids: number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows: Array<Row & { text_hash: string | null }> = await trx('wire_articles as a')
        .leftJoin(`${STATE} as s`, 's.article_id', 'a.id')
        .whereIn('a.id', chunk)
        .select(
          'a.id',
          'a.headline',
          'a.section',
          'a.keywords',
          'a.subjects',
          'a.body_text',
          'a.language',
          's.text_hash',
        );
      const changed = rows
        .map((r) => {
          const article = {
            headline: r.headline,
            section: r.section,
            keywords: json(r.keywords),
            subjects: json(r.subjects),
            bodyText: r.body_text,
            language: r.language,
          };
          const hash = createHash('sha1').update(JSON.stringify(article)).digest('base64');
          return { id: Number(r.id), article, hash, stored: r.text_hash };
        })
        .filter((r) => r.hash !== r.stored);
      if (!changed.length) continue;
      const docs = changed.map((c) => ({ id: c.id, doc: searchDocument(c.article) }));
      if (postgres()) {
        for (const d of docs)
          await trx.raw(
            `INSERT INTO ${INDEX} (article_id, doc) VALUES (?, ?::tsvector) ON CONFLICT (article_id) DO UPDATE SET doc = excluded.doc`,
            [d.id, toTsvector(d.doc)],
          );
      } else {
        for (let k = 0; k < docs.length; k += 100) {
          const part = docs.slice(k, k + 100);
          await trx.raw(
            `INSERT OR REPLACE INTO ${INDEX} (rowid, headline, shown, body) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')}`,
            part.flatMap((d) => [d.id, d.doc.headline.join(' '), d.doc.shown.join(' '), d.doc.body.join(' ')]),
          );
        }
      }
      await trx(STATE)
        .insert(changed.map((c) => ({ article_id: c.id, text_hash: c.hash })))
        .onConflict('article_id')
        .merge();
    }
  }

  /** The match as SQL: `column` names the article id, `score` how well it matched (higher is better). */
  function matching(query: SearchQuery, shownOnly: boolean) {
    if (postgres()) return knex()(INDEX).whereRaw('doc @@ ?::tsquery', [toTsquery(query, shownOnly)]);
    return knex()(INDEX).whereRaw(`${INDEX} MATCH ?`, [toFts5(query, shownOnly)]);
  }

  /** The best `limit` matches, best first. */
  async function ranked(query: SearchQuery, shownOnly: boolean, limit: number) {
    const rows: Array<{ id: number | string; score: number | string }> = postgres()
      ? await matching(query, shownOnly)
          .select('article_id as id', knex().raw('ts_rank(doc, ?::tsquery) as score', [toTsquery(query, shownOnly)]))
          .orderBy('score', 'desc')
          .limit(limit)
      : // bm25: lower is better; the headline weighs 4, section and keywords 2, the body 1.
        await matching(query, shownOnly)
          .select('rowid as id', knex().raw(`-bm25(${INDEX}, 4.0, 2.0, 1.0) as score`))
          .orderBy('score', 'desc')
          .limit(limit);
    return rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }));
  }

  return {
    /** The tables; Strapi's schema sync leaves tables it does not know alone. */
    async ensureTables() {
      const db = knex();
      await db.raw(
        `CREATE TABLE IF NOT EXISTS ${STATE} (article_id BIGINT PRIMARY KEY, text_hash VARCHAR(64) NOT NULL)`,
      );
      if (postgres()) {
        await db.raw(`CREATE TABLE IF NOT EXISTS ${INDEX} (article_id BIGINT PRIMARY KEY, doc TSVECTOR NOT NULL)`);
        await db.raw(`CREATE INDEX IF NOT EXISTS ${INDEX}_doc ON ${INDEX} USING GIN (doc)`);
      } else {
        // Contentless: the text stays in wire_articles; the index holds only terms. Its own
        // tokenizer only splits on the spaces between our terms (they are letters and digits).
        await db.raw(
          `CREATE VIRTUAL TABLE IF NOT EXISTS ${INDEX} USING fts5(headline, shown, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`,
        );
      }
    },

    indexArticles,

    /** Takes purged stories out of the index (services/expiry.ts), in the caller's transaction. */
    async forget(trx: Knex, ids: number[]): Promise<void> {
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        if (postgres()) await trx(INDEX).whereIn('article_id', chunk).delete();
        // Contentless with contentless_delete: rows go by rowid.
        else await trx.raw(`DELETE FROM ${INDEX} WHERE rowid IN (${chunk.map(() => '?').join(', ')})`, chunk);
        await trx(STATE).whereIn('article_id', chunk).delete();
      }
    },

    /** Stories stored before this index, a chunk at a time (the tick): database/catch-up.ts. */
    catchUp: catchUpInto(strapi, STATE, indexArticles),

    /** The ids of matching stories, as a subquery for a `where` (`id: { $in: … }`). */
    matchIds(query: SearchQuery, shownOnly: boolean) {
      return matching(query, shownOnly).select(postgres() ? 'article_id' : 'rowid');
    },

    /**
     * How many stories match, counted by the index alone (FTS5 or the GIN index, not through the
     * articles table): every row of the index is a stored story, since a story leaves the database
     * only by the purge (services/expiry.ts), which forgets it in the same transaction.
     */
    async matchCount(query: SearchQuery, shownOnly: boolean): Promise<number> {
      const row = await matching(query, shownOnly).count('* as n').first();
      return Number(row?.n ?? 0);
    },

    /** Of these ids, those that match. */
    async matchesAmong(query: SearchQuery, shownOnly: boolean, ids: number[]): Promise<number[]> {
      if (!ids.length) return [];
      const column = postgres() ? 'article_id' : 'rowid';
      const rows: Array<{ id: number | string }> = await matching(query, shownOnly)
        .whereIn(column, ids)
        .select(`${column} as id`);
      return rows.map((r) => Number(r.id));
    },

    /**
     * A page of a search by relevance: the best matches, then those `where` admits among them (the
     * caller's own conditions but the search itself, which the best are already: who may see what,
     * its filters; asking the match again cost a whole match per page), rows populated, best first; ties go
     * to the newer story. When too few of the best are admitted the look goes deeper, up to
     * MAX_RANKED. `pinned`: stories that come before every match (the desk's guid lookup).
     */
    async rankedPage(
      where: Record<string, unknown>,
      query: SearchQuery,
      shownOnly: boolean,
      { page, pageSize }: { page: number; pageSize: number },
      populate: Record<string, unknown>,
      pinned: number[] = [],
    ): Promise<Array<{ id: number }>> {
      const wanted = page * pageSize;
      if (wanted > MAX_RANKED)
        throw new errors.ValidationError(
          `sort=relevance pages through the best ${MAX_RANKED} matches; use sort=newest to go further`,
        );
      for (let depth = Math.max(200, wanted * 3); ; depth = Math.min(depth * 4, MAX_RANKED)) {
        const best = await ranked(query, shownOnly, depth);
        const score = new Map(best.map((b) => [b.id, b.score]));
        for (const id of pinned) score.set(id, Infinity);
        const admitted: Array<{ id: number; versionCreated: string | null }> = await strapi.db
          .query(UID.article)
          .findMany({ where: { $and: [where, { id: { $in: [...score.keys()] } }] }, select: ['id', 'versionCreated'] });
        if (admitted.length < wanted && best.length === depth && depth < MAX_RANKED) continue;
        const time = (v: { versionCreated: string | null }) => (v.versionCreated ? Date.parse(v.versionCreated) : 0);
        const ids = admitted
          .sort((a, b) => compare(score.get(b.id)!, score.get(a.id)!) || time(b) - time(a) || b.id - a.id)
          .slice(wanted - pageSize, wanted)
          .map((v) => v.id);
        const rows: Array<{ id: number }> = await strapi.db
          .query(UID.article)
          .findMany({ where: { id: { $in: ids } }, populate });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
      }
    },
  };
};
