/**
 * "Take to site": a wire story as a DRAFT of the host app's own content type (`wire.take`), made
 * through the Document Service so the host's lifecycles run. What the draft's body holds is decided
 * by the same code that serves partners (serve/partner-view.ts `toPartnerArticle`): the whole text
 * when the newsroom's own access to the agency is `full` (agencies' `newsroomAccess`), else exactly
 * what a quote partner receives under the licence (a marked quotation, or nothing). The attribution
 * with its link and the licence notice are always written. Where it was taken is kept on the wire
 * article (`takenTo`, server-owned: document-guard.ts never takes it from input).
 *
 * Taking a story already taken answers a conflict naming the draft, unless `again` is asked for.
 *
 * A routing rule's `then.take` (ingest/rules.ts) takes with the rights of the editor who saved the
 * rule, read again at each take (services/admin's ability of that editor, now): a rule is no side
 * door for an editor who may not take, and an editor who loses the right stops its rule taking. The
 * stories are queued (`wire_take_queue`, one row per story, written in the transaction that
 * stamped the story's change) and taken by any node's tick, each row claimed by one node; a take
 * that fails for a reason that may pass (the database, the host's lifecycles) is tried again,
 * backing off, until MAX_ATTEMPTS, and one refused (the saver's rights) is kept with its reason on
 * the queue row and on the rule.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { TakeMode, TakenTo, TakeResult } from '../../../shared/desk-api';
import type { WireConfig } from '../config';
import { UID } from '../content-types';
import { escapeHtml } from '../normalise/text';
import { attributionFor, toPartnerArticle, type StoredArticle } from '../serve/partner-view';
import { ACTIONS } from '../../../shared/permissions';
import { NODE_ID } from './lease';
import { wire } from './wire';

type Row = Record<string, any>;
type Knex = any;

const QUEUE = 'wire_take_queue';
/** How long a node may hold a queued take before another may try it. */
const CLAIM_MS = 2 * 60_000;
const BATCH = 10;
export const MAX_ATTEMPTS = 5;
/** Retry after 30 s, 1, 2, 4 ... minutes. */
const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);

const NOT_CONFIGURED = 'Take to site is not configured on this site (wire.take.target in config/plugins)';

/** The Content Manager's create action: Take is no side door into a type the editor may not write. */
const CM_CREATE = 'plugin::content-manager.explorer.create';

export interface Taker {
  user: { id?: number; email?: string } | null;
  /** The editor's ability (Strapi's `ctx.state.userAbility`); without one, nothing may be created. */
  can: ((action: string, subject?: string, field?: string) => boolean) | null;
}

/** How a take is made: by an editor's button, or by a routing rule (its name) on the saver's behalf. */
export interface TakeOptions {
  again?: boolean;
  rule?: string;
}

export type TakeOutcome =
  | { status: 'taken'; take: TakeResult }
  | { status: 'already-taken'; existing: TakenTo }
  | { status: 'not-found' }
  | { status: 'forbidden'; reason: string };

/** The attribution as a paragraph: `Source: <a href="…">Agency</a>`, or its text without a link. */
function attributionHtml(a: StoredArticle): string {
  const attribution = attributionFor(a);
  return attribution.url
    ? `<p>Source: <a href="${escapeHtml(attribution.url)}">${escapeHtml(attribution.name)}</a></p>`
    : `<p>${escapeHtml(attribution.text)}</p>`;
}

/** What the draft receives, part by part (before the mapping names the target's attributes). */
export function takenParts(a: StoredArticle, newsroomAccess: unknown, policy?: Parameters<typeof toPartnerArticle>[2]) {
  // Fail closed: only an explicit `full` takes the whole text.
  const access = newsroomAccess === 'full' ? 'full' : 'quote';
  const served = toPartnerArticle(a, access, policy);
  const mode = served.usage.mode as TakeMode;
  const attribution = attributionFor(a);
  // The quotation carries its attribution already (serve/terms.ts markedQuote); the full text gets it after.
  const body = mode === 'full-text' ? `${served.body}\n${attributionHtml(a)}` : mode === 'quote' ? served.body : '';
  return {
    mode,
    reason:
      mode === 'headline-only'
        ? (served.usage.reason ??
          'the licence allows no quotation of this story for the newsroom: the draft has its headline, attribution and notice only')
        : null,
    parts: {
      title: a.headline,
      body,
      byline: a.byline ?? null,
      dateline: a.datelineText ?? null,
      attribution: attribution.text,
      sourceUrl: attribution.url,
      notice: a.licence?.notice ?? null,
    },
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const setting = () => strapi.plugin('wire').config('take') as WireConfig['take'];
  const knex = (): Knex => strapi.db.connection;
  const mapping = () => {
    const { target, fields } = setting() ?? { target: null, fields: {} };
    const mapped = Object.entries(fields ?? {}).filter(([, attribute]) => !!attribute) as Array<[string, string]>;
    return { target, mapped };
  };

  /** The Content Manager's create on the target and every mapped field: Take is no side door. */
  const mayCreate = (can: Taker['can'], target: string, mapped: Array<[string, string]>): boolean =>
    !!can && can(CM_CREATE, target) && mapped.every(([, attribute]) => can(CM_CREATE, target, attribute));

  /**
   * Why `who` may not take stories to the site, or null when they may: the Wire permission to take
   * and the Content Manager's create on the target and every mapped field.
   */
  function refusal(who: Taker): string | null {
    const { target, mapped } = mapping();
    if (!target) return NOT_CONFIGURED;
    if (!who.can || !who.can(ACTIONS.takeArticles))
      return `${who.user?.email ?? 'this editor'} may not take stories to the site`;
    if (!mayCreate(who.can, target, mapped))
      return `${who.user?.email ?? 'this editor'} may not create ${target} entries (or all of its mapped fields)`;
    return null;
  }

  /** An admin user's rights now, as the admin's authentication would give them (null: none at all). */
  async function takerOf(userId: number | null): Promise<Taker> {
    if (userId == null) return { user: null, can: null };
    const user = await strapi.db.query('admin::user').findOne({ where: { id: userId }, populate: ['roles'] });
    if (!user || user.isActive !== true || user.blocked === true) return { user: user ?? null, can: null };
    const ability = await strapi.service('admin::permission').engine.generateUserAbility(user);
    return { user, can: (action, subject, field) => ability.can(action, subject, field) };
  }

  async function take(documentId: string, who: Taker, options: TakeOptions = {}): Promise<TakeOutcome> {
    const { target, mapped } = mapping();
    if (!target) throw new errors.NotFoundError(NOT_CONFIGURED);
    const a: Row | null = await strapi.db
      .query(UID.article)
      .findOne({ where: { documentId }, populate: { agency: true, licence: true } });
    if (!a) return { status: 'not-found' };
    if (!mayCreate(who.can, target, mapped))
      return {
        status: 'forbidden',
        reason: `${options.rule ? (who.user?.email ?? 'the editor who saved this rule') : 'this editor'} may not create ${target} entries (or all of its mapped fields)`,
      };
    const taken: TakenTo[] = Array.isArray(a.takenTo) ? a.takenTo : [];
    const existing = taken.find((t) => t.target === target);
    if (existing && !options.again) return { status: 'already-taken', existing };

    const { mode, reason, parts } = takenParts(
      a as StoredArticle,
      a.agency?.newsroomAccess,
      wire(strapi).service('articles').servePolicy(),
    );
    const data: Row = {};
    for (const [part, attribute] of mapped) data[attribute] = parts[part as keyof typeof parts];
    // A draft, always: created without publishing, through the Document Service (host lifecycles run).
    const draft = await strapi.documents(target as any).create({ data: data as any, status: 'draft' } as any);
    const entry: TakenTo = {
      target,
      documentId: draft.documentId,
      at: new Date().toISOString(),
      by: who.user?.email ?? (who.user?.id ? `admin ${who.user.id}` : null),
      mode,
      ...(options.rule ? { rule: options.rule } : {}),
    };
    // Query engine, the change position kept: where a story was taken is no change for partners.
    await strapi.db
      .query(UID.article)
      .update({ where: { id: a.id }, data: { takenTo: [...taken, entry], changeSeq: a.changeSeq ?? null } });
    strapi.log.info(
      `[wire] article ${documentId} taken to ${target} ${draft.documentId} (${mode}) by ${entry.by}${options.rule ? ` through rule "${options.rule}"` : ''}`,
    );
    return { status: 'taken', take: { ...entry, reason } };
  }

  /** Settles a queued take: done (with what happened), or refused / failed for good with the reason. */
  async function settle(row: Row, status: 'done' | 'refused' | 'failed', reason: string | null) {
    await knex()(QUEUE)
      .where({ id: row.id })
      .update({ status, reason, claimed_by: null, claimed_until: null, settled_at: Date.now() });
  }

  /** One queued take: the rule still there and still taking, the saver's rights now, then the take. */
  async function takeQueued(row: Row): Promise<void> {
    const rule: Row | null = await strapi.db.query(UID.rule).findOne({ where: { documentId: row.rule_document_id } });
    const article: Row | null = await strapi.db
      .query(UID.article)
      .findOne({ where: { id: row.article_id }, select: ['documentId', 'pubStatus'] });
    if (!rule || rule.enabled === false || rule.actions?.take !== true)
      return settle(row, 'refused', 'the rule was changed or deleted before the story was taken');
    if (!article) return settle(row, 'refused', 'the story is gone');
    if (article.pubStatus === 'canceled') return settle(row, 'refused', 'the story was killed');
    const who = await takerOf(rule.savedById ?? null);
    const refused = refusal(who);
    const problem = async (reason: string | null) =>
      strapi.db.query(UID.rule).update({ where: { id: rule.id }, data: { takeProblem: reason } });
    if (refused) {
      strapi.log.warn(`[wire] rule "${rule.name}" did not take article ${article.documentId}: ${refused}`);
      await problem(refused);
      return settle(row, 'refused', refused);
    }
    const done = await take(article.documentId, who, { rule: rule.name });
    if (done.status === 'taken') {
      if (rule.takeProblem) await problem(null);
      return settle(row, 'done', null);
    }
    if (done.status === 'already-taken') return settle(row, 'done', `taken already (${done.existing.documentId})`);
    if (done.status === 'not-found') return settle(row, 'refused', 'the story is gone');
    await problem(done.reason);
    return settle(row, 'refused', done.reason);
  }

  let draining: Promise<number> | null = null;

  /** Claims and takes what is due, a batch at a time; every node's tick, and the writer after commit. */
  async function drainOnce(): Promise<number> {
    const now = Date.now();
    const due: Row[] = await knex()(QUEUE)
      .where({ status: 'pending' })
      .where('next_at', '<=', now)
      .where((q: Knex) => q.whereNull('claimed_until').orWhere('claimed_until', '<', now))
      .orderBy('id')
      .limit(BATCH);
    let handled = 0;
    for (const row of due) {
      // Only one node's conditional update wins the row.
      const won = await knex()(QUEUE)
        .where({ id: row.id, status: 'pending' })
        .where((q: Knex) => q.whereNull('claimed_until').orWhere('claimed_until', '<', now))
        .update({ claimed_by: NODE_ID, claimed_until: now + CLAIM_MS });
      if (!won) continue;
      handled += 1;
      try {
        await takeQueued(row);
      } catch (error) {
        const attempts = Number(row.attempts ?? 0) + 1;
        const reason = (error as Error).message?.slice(0, 2000) || 'failed';
        strapi.log.error(`[wire] taking article ${row.article_id} (attempt ${attempts}): ${reason}`);
        await knex()(QUEUE)
          .where({ id: row.id })
          .update(
            attempts >= MAX_ATTEMPTS
              ? { status: 'failed', attempts, reason, claimed_by: null, claimed_until: null, settled_at: Date.now() }
              : {
                  attempts,
                  reason,
                  next_at: Date.now() + retryDelayMs(attempts),
                  claimed_by: null,
                  claimed_until: null,
                },
          );
      }
    }
    return handled;
  }

  return {
    /** The target type, or null when this site has no Take configured. */
    target(): string | null {
      return setting()?.target ?? null;
    },
    refusal,
    take,

    async ensureTables() {
      const id =
        strapi.db.dialect.client === 'postgres' ? 'id BIGSERIAL PRIMARY KEY' : 'id INTEGER PRIMARY KEY AUTOINCREMENT';
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${QUEUE} (${id}, article_id BIGINT NOT NULL, rule_document_id VARCHAR(255) NOT NULL, status VARCHAR(16) NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at BIGINT NOT NULL, claimed_by VARCHAR(255), claimed_until BIGINT, reason TEXT, created_at BIGINT NOT NULL, settled_at BIGINT)`,
      );
      // A story is taken by rule once: the first rule that asked for it.
      await knex().raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${QUEUE}_once ON ${QUEUE} (article_id)`);
      await knex().raw(`CREATE INDEX IF NOT EXISTS ${QUEUE}_due ON ${QUEUE} (status, next_at)`);
    },

    /**
     * Queues the stories routing rules asked to take (`routing.take`), in `trx` (stamp's
     * transaction): at most once per story, whatever re-deliveries and updates follow. Kills are
     * not taken.
     */
    async queueFromRules(trx: Knex, articles: Row[]): Promise<number> {
      const rows = articles
        .filter((a) => a.routing?.take === true && a.pubStatus !== 'canceled')
        .filter((a) => typeof a.routing.takeBy === 'string')
        .map((a) => ({
          article_id: a.id,
          rule_document_id: a.routing.takeBy,
          status: 'pending',
          attempts: 0,
          next_at: Date.now(),
          created_at: Date.now(),
        }));
      if (!rows.length || !setting()?.target) return 0;
      const inserted: Row[] = await trx(QUEUE).insert(rows, ['id']).onConflict(['article_id']).ignore();
      return inserted.length;
    },

    /** Takes what is queued and due (once at a time on this node). */
    async drain(): Promise<number> {
      if (draining) return draining;
      draining = (async () => {
        let total = 0;
        try {
          for (let n = await drainOnce(); n > 0; n = await drainOnce()) total += n;
        } catch (error) {
          strapi.log.error(`[wire] queued takes not taken: ${(error as Error).message}`);
        } finally {
          draining = null;
        }
        return total;
      })();
      return draining;
    },

    /** The queue as it stands, for the desk and the tests: newest first. */
    async queued(limit = 100): Promise<Row[]> {
      return knex()(QUEUE).orderBy('id', 'desc').limit(limit);
    },
  };
};
