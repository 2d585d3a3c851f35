/**
 * The quote ledger: for each quote partner and story, the words Wire has given it (the opening
 * excerpts of lists, one article, feeds, changes, ninjs and versions, and every passage granted by
 * /quote), so that however a partner asks, the union of what it received never exceeds the
 * licence's limit. The arithmetic is pure (serve/budget.ts); this is the storage around it.
 *
 * Two tables the plugin owns (Strapi's schema sync leaves tables it never made alone):
 * `wire_quote_ledger`, one row per partner and story with the word ranges given of each version's
 * text and the log of those grants (each adds a word at least, so a row's log stays short), and
 * `wire_quote_resets`, each reset of a partner's budget by an editor.
 * Reading what is already given takes no lock and writes nothing. A grant is stored with a
 * compare-and-set on the story's row (written only if its revision is still the one read; read and
 * decided again otherwise), one statement that is atomic on PostgreSQL and SQLite alike, so two
 * requests (on any node) cannot both spend the last words; requests that keep colliding fall back
 * to one transaction with the rows locked (`SELECT ... FOR UPDATE`; SQLite has a single writer).
 * A first read is one extra statement: the grant and its log line are the same row.
 *
 * Full partners, and licences that allow the full text, have nothing to count: they never reach
 * the database here.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { retryBusy } from '../database/busy';
import { wordCount } from '../normalise/text';
import { servePolicyOf } from './serve-policy';
import {
  EMPTY_STATE,
  findPassage,
  newWords,
  parseState,
  passageOf,
  planExcerpt,
  rangeOfOffsets,
  spentWords,
  textKey,
  withGrant,
  type BudgetState,
  type LogEntry,
  type Range,
} from '../serve/budget';
import {
  LINK_MISSING,
  attributionFor,
  licenceTerms,
  markedQuote,
  toPartnerArticle,
  type Attribution,
  type Budget,
  type PartnerArticle,
  type ServePolicy,
  type StoredArticle,
} from '../serve/partner-view';
import { quoteLimitWords, quotePassage } from '../serve/quote';
import type { Viewer } from './partners';

const LEDGER = 'wire_quote_ledger';
const RESETS = 'wire_quote_resets';

/** A partner route's caller: the viewer, and whose ledger it spends (partner record, else token). */
export interface Reader extends Viewer {
  /** The partner's documentId, or `token:<id>` for a token with no partner record; none for the desk's previews. */
  ledgerOwner?: string | null;
}

export type ExcerptMode = 'opening' | 'none';

/** One article to serve: a stored row, and the story's current row when it is an earlier version. */
export interface ServeItem {
  row: StoredArticle;
  current?: StoredArticle;
}

export type QuoteAsk = { from: number; to: number } | { text: string };

export type QuoteAnswer =
  | {
      ok: true;
      text: string;
      html: string;
      passage: string;
      from: number;
      to: number;
      words: number;
      /** Word positions of the passage in the current text: [first, end). */
      wordRange: Range | null;
      /** Words this request added to what the partner had (0: asked again, free). */
      newWords: number;
      limitWords: number | null;
      budget: Budget | null;
      attribution: Attribution;
    }
  | {
      ok: false;
      error: string;
      words: number;
      limitWords: number | null;
      leftWords?: number;
      reason: 'over-budget' | 'not-found' | 'no-limit' | 'bad-offsets' | 'link-missing';
    };

const budgetOf = (limitWords: number, state: BudgetState): Budget => {
  const spent = spentWords(state);
  return { limitWords, spentWords: spent, leftWords: Math.max(0, limitWords - spent) };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const postgres = () => strapi.db.dialect.client === 'postgres';
  const policy = (): ServePolicy => servePolicyOf(strapi);

  /** The story's word limit for a quote partner; null when there is nothing to count (full text, or no excerpt at all). */
  function limitFor(reader: Reader, story: StoredArticle): number | null {
    if (reader.access !== 'quote' || !reader.ledgerOwner) return null;
    const terms = licenceTerms(story.licence, policy());
    if (terms.fullTextAllowed) return null;
    // No link for a licence that demands one: nothing may be quoted, so nothing is counted either.
    if (terms.hyperlinkRequired && !attributionFor(story).url) return null;
    const limit = quoteLimitWords(terms.quoteLimitPercent, wordCount(story.bodyText ?? ''));
    return limit && limit > 0 ? limit : null;
  }

  /**
   * What one text (a version) may give a quote partner by its own licence and length, as
   * serve/partner-view.ts decides it: the ledger charges no more than that text is served.
   */
  function textLimitOf(row: StoredArticle): number {
    const terms = licenceTerms(row.licence, policy());
    if (terms.hyperlinkRequired && !attributionFor(row).url) return 0;
    return quoteLimitWords(terms.quoteLimitPercent, wordCount(row.bodyText ?? '')) ?? 0;
  }

  type Decide<T> = (states: Map<string, BudgetState>) => { result: T; changed: Map<string, BudgetState> };

  /** Each story's state and its revision (0: no row yet). */
  async function read(
    owner: string,
    stories: string[],
  ): Promise<{ states: Map<string, BudgetState>; revs: Map<string, number> }> {
    const states = new Map<string, BudgetState>();
    const revs = new Map<string, number>();
    if (stories.length) {
      const rows = await knex()(LEDGER)
        .where({ owner })
        .whereIn('story', [...new Set(stories)])
        .select('story', 'given', 'probes', 'log', 'rev');
      for (const r of rows) {
        states.set(r.story, parseState(r.given, r.probes, r.log));
        revs.set(r.story, Number(r.rev) || 0);
      }
    }
    return { states, revs };
  }

  /**
   * Stores a story's new state if nobody changed it since it was read (its revision is still `rev`):
   * one statement, atomic on both databases (PostgreSQL re-checks the condition on the newest row
   * after waiting for a concurrent writer; SQLite has one writer). False when it had changed.
   */
  async function compareAndSet(owner: string, story: string, rev: number, next: BudgetState): Promise<boolean> {
    const result: any = await retryBusy(() =>
      knex().raw(
        `INSERT INTO ${LEDGER} (owner, story, given, probes, log, rev, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?)
         ON CONFLICT (owner, story) DO UPDATE SET given = excluded.given, probes = excluded.probes, log = excluded.log, rev = ${LEDGER}.rev + 1, updated_at = excluded.updated_at
         WHERE ${LEDGER}.rev = ?`,
        [owner, story, JSON.stringify(next.given), next.probes, JSON.stringify(next.log), Date.now(), rev],
      ),
    );
    return Number(result?.rowCount ?? result?.changes ?? 0) === 1;
  }

  /**
   * Runs `decide` on the current state of the stories and stores what it changed: optimistically
   * (each changed story written only if no one changed it meanwhile; read again and decided again
   * if someone did), then, if requests keep colliding, under row locks in one transaction.
   * `first` is a read the caller already made.
   */
  async function settle<T>(
    owner: string,
    stories: string[],
    decide: Decide<T>,
    first?: { states: Map<string, BudgetState>; revs: Map<string, number> },
  ): Promise<T> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const { states, revs } = attempt === 0 && first ? first : await read(owner, stories);
      const { result, changed } = decide(states);
      if (!changed.size) return result;
      // Each story's row on its own: they may be written side by side.
      const written = await Promise.all(
        [...changed].map(([story, next]) => compareAndSet(owner, story, revs.get(story) ?? 0, next)),
      );
      if (written.every(Boolean)) return result;
      // Someone else spent on one of these stories meanwhile: what was written stays (and is now free).
    }
    return spend(owner, stories, decide);
  }

  /**
   * Runs `decide` on the locked, current state of each story, and stores what it changed (and the
   * grant rows it returns) before the lock is released.
   */
  async function spend<T>(owner: string, stories: string[], decide: Decide<T>): Promise<T> {
    const sorted = [...new Set(stories)].sort();
    return retryBusy(() =>
      strapi.db.transaction(async ({ trx }) => {
        const now = Date.now();
        await trx(LEDGER)
          .insert(sorted.map((story) => ({ owner, story, given: '{}', probes: 0, log: '[]', rev: 0, updated_at: now })))
          .onConflict(['owner', 'story'])
          .ignore();
        // The same order on every request: two requests locking several stories cannot deadlock.
        let locked = trx(LEDGER)
          .where({ owner })
          .whereIn('story', sorted)
          .orderBy('story')
          .select('story', 'given', 'probes', 'log');
        if (postgres()) locked = locked.forUpdate();
        const states = new Map<string, BudgetState>();
        for (const r of await locked) states.set(r.story, parseState(r.given, r.probes, r.log));
        const { result, changed } = decide(states);
        for (const [story, state] of changed) {
          await trx(LEDGER)
            .where({ owner, story })
            .update({
              given: JSON.stringify(state.given),
              probes: state.probes,
              log: JSON.stringify(state.log),
              rev: trx.raw('rev + 1'),
              updated_at: now,
            });
        }
        return result;
      }),
    );
  }

  const entry = (
    kind: LogEntry['kind'],
    key: string,
    row: StoredArticle,
    range: Range | null,
    count: number,
  ): LogEntry => ({
    kind,
    key,
    version: row.version ?? null,
    range,
    words: count,
    at: Date.now(),
  });

  return {
    /** Creates the ledger's tables; Strapi's schema sync leaves tables it does not know alone. */
    async ensureTables() {
      const id = postgres() ? 'id BIGSERIAL PRIMARY KEY' : 'id INTEGER PRIMARY KEY AUTOINCREMENT';
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${LEDGER} (owner VARCHAR(255) NOT NULL, story VARCHAR(255) NOT NULL, given TEXT NOT NULL, probes INTEGER NOT NULL DEFAULT 0, log TEXT NOT NULL, rev INTEGER NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL, PRIMARY KEY (owner, story))`,
      );
      // The desk lists a story's budgets: by story.
      await knex().raw(`CREATE INDEX IF NOT EXISTS wire_quote_ledger_story_idx ON ${LEDGER} (story)`);
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${RESETS} (${id}, owner VARCHAR(255) NOT NULL, story VARCHAR(255) NOT NULL, words INTEGER NOT NULL, actor VARCHAR(255) NOT NULL, created_at BIGINT NOT NULL)`,
      );
      await knex().raw(`CREATE INDEX IF NOT EXISTS wire_quote_resets_story_idx ON ${RESETS} (story, created_at)`);
    },

    /**
     * Articles as the reader may receive them. For a quote partner, each opening excerpt is the one
     * its budget allows (serve/budget.ts planExcerpt) and is recorded; `excerpt: 'none'` serves no
     * body and spends nothing. Earlier versions spend the budget of their story.
     */
    async serve(reader: Reader, items: ServeItem[], excerpt: ExcerptMode = 'opening'): Promise<PartnerArticle[]> {
      const pure = (item: ServeItem, extra = {}) =>
        toPartnerArticle(item.row, reader.access, policy(), {
          ...(excerpt === 'none' ? { none: true } : {}),
          ...extra,
        });
      const owner = reader.ledgerOwner;
      if (excerpt === 'none' || !owner || reader.access !== 'quote') return items.map((item) => pure(item));
      const counted = items.map((item) => {
        const story = item.current ?? item.row;
        const text = item.row.bodyText ?? '';
        return { item, story: story.documentId, limit: limitFor(reader, story), text, key: textKey(text) };
      });
      // A quote partner's story with no budget at all (no stated limit, too short for one word, or a
      // link the licence demands and cannot have) gives it no words in any version: an earlier
      // version must not bring its own length or link to the count.
      const closed = (c: (typeof counted)[number]) =>
        c.limit === null && !licenceTerms((c.item.current ?? c.item.row).licence, policy()).fullTextAllowed;
      const unbudgeted = (c: (typeof counted)[number]) => pure(c.item, closed(c) ? { words: 0 } : {});
      const stories = counted.filter((c) => c.limit !== null).map((c) => c.story);
      if (!stories.length) return counted.map(unbudgeted);

      // The excerpt each story's state allows, and the states that change.
      const plans = (states: Map<string, BudgetState>) => {
        const working = new Map<string, BudgetState>();
        const changed = new Map<string, BudgetState>();
        const out = counted.map((c) => {
          if (c.limit === null) return null;
          const state = working.get(c.story) ?? states.get(c.story) ?? EMPTY_STATE;
          const plan = planExcerpt(c.text, c.key, c.limit, state, textLimitOf(c.item.row));
          let next = state;
          if (plan.range && plan.cost > 0) {
            next = withGrant(state, entry('excerpt', c.key, c.item.row, plan.range, plan.cost));
            changed.set(c.story, next);
          }
          working.set(c.story, next);
          return { words: plan.excerpt.words, excerpt: plan.excerpt, cost: plan.cost, budget: budgetOf(c.limit, next) };
        });
        return { result: out, changed };
      };
      // Most reads find their excerpts given already and write nothing.
      const result = await settle(owner, stories, plans, await read(owner, stories));
      return counted.map((c, i) => {
        const plan = result[i];
        return plan ? pure(c.item, { words: plan.words, excerpt: plan.excerpt, budget: plan.budget }) : unbudgeted(c);
      });
    },

    /**
     * A passage of the current text, by character offsets or by its words (`text`), granted when
     * what it adds to what the partner has stays within the story's limit. Never says how long the
     * text is.
     */
    async quote(reader: Reader, current: StoredArticle, ask: QuoteAsk): Promise<QuoteAnswer> {
      const text = current.bodyText ?? '';
      const limit = limitFor(reader, current);
      const attribution = attributionFor(current);
      const terms = licenceTerms(current.licence, policy());
      if (reader.access === 'quote' && !terms.fullTextAllowed && terms.hyperlinkRequired && !attribution.url) {
        return { ok: false, reason: 'link-missing', error: LINK_MISSING, words: 0, limitWords: null };
      }
      const granted = (
        range: Range | null,
        passage: { passage: string; from: number; to: number },
        added: number,
        budget: Budget | null,
      ): QuoteAnswer => {
        const marked = markedQuote(passage.passage, attribution);
        return {
          ok: true,
          ...marked,
          ...passage,
          words: wordCount(passage.passage),
          wordRange: range,
          newWords: added,
          limitWords: budget?.limitWords ?? null,
          budget,
          attribution,
        };
      };
      if (
        'from' in ask &&
        (!Number.isInteger(ask.from) || !Number.isInteger(ask.to) || ask.from < 0 || ask.from >= ask.to)
      ) {
        return {
          ok: false,
          reason: 'bad-offsets',
          error: `from and to must be character offsets into the text, with 0 ≤ from < to (got from=${ask.from}, to=${ask.to})`,
          words: 0,
          limitWords: limit,
        };
      }
      const found: Range[] =
        'text' in ask
          ? findPassage(text, ask.text)
          : [rangeOfOffsets(text, ask.from, ask.to)].filter((r): r is Range => !!r);
      const owner = reader.ledgerOwner;
      if (limit === null || !owner) {
        // Nothing to count: full access, a licence that allows the full text, or no limit at all.
        if ('from' in ask) {
          const q = quotePassage(current, reader.access, ask.from, ask.to, policy());
          return q.ok
            ? { ...q, wordRange: found[0] ?? null, newWords: q.words, budget: null }
            : { ...q, reason: q.limitWords === null ? 'no-limit' : 'over-budget' };
        }
        const terms = licenceTerms(current.licence, policy());
        if (reader.access === 'quote' && !terms.fullTextAllowed) {
          return {
            ok: false,
            reason: 'no-limit',
            error: 'this licence states no quote limit, so only the headline and link may be used',
            words: 0,
            limitWords: null,
          };
        }
        if (!found.length)
          return {
            ok: false,
            reason: 'not-found',
            error: 'the passage was not found in the text',
            words: wordCount(ask.text),
            limitWords: null,
          };
        return granted(found[0], passageOf(text, found[0]), found[0][1] - found[0][0], null);
      }

      const story = current.documentId;
      const key = textKey(text);
      const asked = 'text' in ask ? wordCount(ask.text) : found.length ? found[0][1] - found[0][0] : 0;
      return settle(owner, [story], (states) => {
        const state = states.get(story) ?? EMPTY_STATE;
        const left = Math.max(0, limit - spentWords(state));
        const nothing = { changed: new Map<string, BudgetState>() };
        const overBudget = (): QuoteAnswer => ({
          ok: false,
          reason: 'over-budget',
          error: `refused: you may quote at most ${limit} words of this story (${licenceTerms(current.licence, policy()).quoteLimitPercent}% of its text), asking again for words you have is free, and this passage would take you past that; ${left} word${left === 1 ? '' : 's'} left`,
          // The size of a range asked for by offsets is not repeated: it would map the text's layout.
          words: 'text' in ask ? asked : 0,
          limitWords: limit,
          leftWords: left,
        });
        // A passage by text that is not there, or is there but would take the partner past its budget,
        // gets one answer and one charge (its words, as if given): otherwise the difference between
        // the two would tell, for free, whether the passage is in the text (a matched range can hold
        // more words than the partner's text has, since matching ignores spaces and punctuation).
        const probe = () => {
          const next = withGrant(state, entry('probe', key, current, null, asked));
          return {
            result: {
              ok: false,
              reason: 'not-found',
              error: `the passage was not found in the text, or taking it would go past your budget; its ${asked} words count against your budget as if given (${left - asked} left)`,
              words: asked,
              limitWords: limit,
              leftWords: left - asked,
            } as QuoteAnswer,
            changed: new Map([[story, next]]),
          };
        };
        // A range by offsets that holds no words (spaces, or past the end) is refused like one that
        // is over the budget, at no cost: which characters are words is not told for free.
        if ('from' in ask && !found.length) return { result: overBudget(), ...nothing };
        if (!found.length) {
          // Asked for by text and not there. An answer that costs nothing would tell a partner, for
          // free, what the text does not say (and so, guess by guess, what it does): the words asked
          // for are charged as if given. Beyond the budget the answer is the same as for a passage
          // that is there but too long.
          if (asked > left || asked === 0) return { result: overBudget(), ...nothing };
          return probe();
        }
        // Where the passage occurs more than once, the place that costs least.
        const range = found.reduce((best, r) =>
          newWords(state.given[key], r) < newWords(state.given[key], best) ? r : best,
        );
        const cost = newWords(state.given[key], range);
        if (cost > left)
          return 'text' in ask && asked > 0 && asked <= left ? probe() : { result: overBudget(), ...nothing };
        const next = cost > 0 ? withGrant(state, entry('quote', key, current, range, cost)) : state;
        return {
          result: granted(range, passageOf(text, range), cost, budgetOf(limit, next)),
          changed: cost > 0 ? new Map([[story, next]]) : new Map(),
        };
      });
    },

    /** What the reader has received of a story: its grants since the last reset, and the words left. */
    async grants(reader: Reader, current: StoredArticle) {
      const limit = limitFor(reader, current);
      const owner = reader.ledgerOwner;
      if (limit === null || !owner) {
        return {
          limitWords: null,
          spentWords: null,
          leftWords: null,
          grants: [],
          note:
            reader.access === 'full' || licenceTerms(current.licence, policy()).fullTextAllowed
              ? 'you may use the full text: nothing is counted'
              : 'this licence states no quote limit: headline and link only',
        };
      }
      const state = (await read(owner, [current.documentId])).states.get(current.documentId) ?? EMPTY_STATE;
      const text = current.bodyText ?? '';
      const key = textKey(text);
      return {
        ...budgetOf(limit, state),
        grants: state.log.map((g) => ({
          kind: g.kind,
          version: g.version,
          currentText: g.key === key,
          wordRange: g.range,
          words: g.words,
          grantedAt: new Date(g.at).toISOString(),
          // The words themselves, for passages of the current text (the partner has them).
          ...(g.key === key && g.range ? { passage: passageOf(text, g.range).passage } : {}),
        })),
      };
    },

    /** The desk's view of one story: every partner's budget, and the log of grants and resets. */
    async forStory(documentId: string) {
      const article: any = await strapi.db
        .query(UID.article)
        .findOne({ where: { documentId }, populate: { licence: true } });
      if (!article) return null;
      const terms = licenceTerms(article.licence, policy());
      const limit = terms.fullTextAllowed
        ? null
        : quoteLimitWords(terms.quoteLimitPercent, wordCount(article.bodyText ?? ''));
      const [rows, resets] = await Promise.all([
        knex()(LEDGER).where({ story: documentId }).select('owner', 'given', 'probes', 'log', 'updated_at'),
        knex()(RESETS)
          .where({ story: documentId })
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(200),
      ]);
      const owners = [...new Set<string>([...rows.map((s: any) => s.owner), ...resets.map((r: any) => r.owner)])];
      const partners = await strapi.db.query(UID.partner).findMany({
        where: { documentId: { $in: owners.filter((o) => !o.startsWith('token:')) } },
        select: ['documentId', 'name'],
      });
      const nameOf = (owner: string) =>
        owner.startsWith('token:')
          ? `API token #${owner.slice(6)} (no partner record)`
          : (partners.find((p: any) => p.documentId === owner)?.name ?? `partner ${owner} (deleted)`);
      // A budget emptied by a reset and not used since is no one's spending.
      const states = rows
        .map((r: any) => ({
          owner: r.owner as string,
          updatedAt: Number(r.updated_at),
          state: parseState(r.given, r.probes, r.log),
        }))
        .filter(
          ({ state }: { state: BudgetState }) =>
            state.log.length > 0 || state.probes !== 0 || Object.keys(state.given).length > 0,
        );
      const log = [
        ...states.flatMap(({ owner, state }: { owner: string; state: BudgetState }) =>
          state.log.map((g) => ({
            owner,
            name: nameOf(owner),
            kind: g.kind as string,
            version: g.version,
            wordRange: g.range,
            words: g.words,
            actor: null as string | null,
            at: g.at,
          })),
        ),
        ...resets.map((r: any) => ({
          owner: r.owner,
          name: nameOf(r.owner),
          kind: 'reset',
          version: null,
          wordRange: null,
          words: Number(r.words),
          actor: r.actor,
          at: Number(r.created_at),
        })),
      ].sort((a, b) => b.at - a.at);
      return {
        limitWords: limit,
        partners: states
          .map(({ owner, state, updatedAt }: { owner: string; state: BudgetState; updatedAt: number }) => {
            const spent = spentWords(state);
            return {
              owner,
              name: nameOf(owner),
              spentWords: spent,
              leftWords: limit === null ? null : Math.max(0, limit - spent),
              updatedAt: new Date(updatedAt).toISOString(),
            };
          })
          .filter((p: { spentWords: number }) => p.spentWords > 0)
          .sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)),
        log: log.slice(0, 500).map((g) => ({ ...g, at: new Date(g.at).toISOString() })),
      };
    },

    /** An editor gives one partner its whole budget for one story back; logged with the editor's name. */
    async reset(documentId: string, owner: string, actor: string) {
      return retryBusy(() =>
        strapi.db.transaction(async ({ trx }) => {
          // Locked as a grant locks it (PostgreSQL; SQLite has one writer and refuses a stale
          // snapshot's write, which retryBusy runs again): a grant committing between this read and the
          // update below would otherwise be wiped unlogged, and the log would release fewer words than
          // were spent.
          let read = trx(LEDGER).where({ owner, story: documentId }).first('given', 'probes', 'log');
          if (postgres()) read = read.forUpdate();
          const state = await read;
          const spent = state ? Math.min(spentWords(parseState(state.given, state.probes, state.log)), 2147483647) : 0;
          // Emptied, not deleted: its revision goes on rising, so a request that read the budget
          // before the reset cannot store its stale decision over one made after it (were the row
          // deleted, its revision would start again and could meet the stale one).
          await trx(LEDGER)
            .where({ owner, story: documentId })
            .update({ given: '{}', probes: 0, log: '[]', rev: trx.raw('rev + 1'), updated_at: Date.now() });
          await trx(RESETS).insert({ owner, story: documentId, words: spent, actor, created_at: Date.now() });
          return { owner, story: documentId, wordsReleased: spent };
        }),
      );
    },
  };
};
