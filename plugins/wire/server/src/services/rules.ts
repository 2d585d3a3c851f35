/**
 * Routing rules at Strapi's edge (the rules themselves are ingest/rules.ts): the desk's list, create,
 * change, delete and reorder, a rule tried against the newest stories before it is saved, the rules
 * ingest runs (read once per document, and at most every few seconds on each node), and the hits.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import { applyRules, compileRule, readRule, type CompiledRule, type RuleFields } from '../ingest/rules';
import { ACTIONS } from '../../../shared/permissions';
import type { DeskRule, RuleTry } from '../../../shared/desk-api';
import type { Taker } from './take';
import { wire } from './wire';

type Row = Record<string, any>;
/** A save this editor may not make, and why (Strapi's route authorization would hide a thrown reason). */
export type Forbidden = { forbidden: string };

/** How long a node runs the rules it read before it reads them again (another node may have changed them). */
const REFRESH_MS = 5000;
export const TRY_DEFAULT = 100;
export const TRY_MAX = 1000;
/** Rules are few: more than this is a mistake (every story is matched against every rule). */
export const MAX_RULES = 200;

function forDesk(row: Row): DeskRule {
  const compiled = compileRule(stored(row));
  return {
    documentId: row.documentId,
    name: row.name,
    enabled: row.enabled !== false,
    position: row.position,
    when: (row.conditions ?? {}) as DeskRule['when'],
    then: (row.actions ?? {}) as DeskRule['then'],
    hits: Number(row.hits ?? 0),
    lastHitAt: row.lastHitAt ? new Date(row.lastHitAt).toISOString() : null,
    problem: compiled.problem,
    savedBy: row.savedByEmail ?? null,
    takeProblem: row.takeProblem ?? null,
  };
}

const stored = (row: Row) => ({ documentId: row.documentId, name: row.name, when: row.conditions, then: row.actions });

/** The rule as sent, checked (ingest/rules.ts readRule), or a 400 naming each field. */
function checked(input: unknown): RuleFields {
  const read = readRule(input);
  if (!read.rule)
    throw new errors.ValidationError(read.problems.map((p) => p.message).join('; '), {
      errors: read.problems.map((p) => ({ path: p.field.split('.'), message: p.message, name: 'ValidationError' })),
    });
  return read.rule;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.rule);
  let cache: { rules: CompiledRule[]; at: number } | null = null;

  const ordered = (): Promise<Row[]> => query().findMany({ orderBy: [{ position: 'asc' }, { id: 'asc' }] });

  /** Positions 1..n in the order given, in one transaction. */
  async function renumber(rows: Row[]) {
    await strapi.db.transaction(async () => {
      for (const [i, row] of rows.entries())
        if (row.position !== i + 1) await query().update({ where: { id: row.id }, data: { position: i + 1 } });
    });
  }

  /** Moves `row` to `position` (1-based) among the others, and numbers them all again. */
  async function place(row: Row, position: number | undefined) {
    const others = (await ordered()).filter((r) => r.id !== row.id);
    const at = position === undefined ? others.length : Math.min(Math.max(position - 1, 0), others.length);
    await renumber([...others.slice(0, at), row, ...others.slice(at)]);
  }

  async function byId(documentId: string): Promise<Row | null> {
    return query().findOne({ where: { documentId } });
  }

  /**
   * Who saves a rule is who its actions act for: a rule that takes stories to the site may be saved
   * only by an editor who may take them (services/take.ts `refusal`), or it would be a side door.
   */
  function saver(rule: RuleFields, who: Taker): Forbidden | Row {
    if (rule.then.take === true) {
      const refused = wire(strapi).service('take').refusal(who);
      if (refused) return { forbidden: `then.take: ${refused}, so a rule saved by this editor may not take them` };
    }
    return { savedById: who.user?.id ?? null, savedByEmail: who.user?.email ?? null, takeProblem: null };
  }

  /** A feed named by a rule must exist (a typo would otherwise match nothing, silently). */
  async function checkFeed(rule: RuleFields) {
    if (!rule.when.feed) return;
    const feed = await strapi.db.query(UID.feed).findOne({ where: { documentId: rule.when.feed }, select: ['id'] });
    if (!feed)
      throw new errors.ValidationError(`when.feed: no feed ${rule.when.feed}`, {
        errors: [{ path: ['when', 'feed'], message: `when.feed: no feed ${rule.when.feed}`, name: 'ValidationError' }],
      });
  }

  const changed = () => {
    cache = null;
  };

  return {
    async list(): Promise<DeskRule[]> {
      return (await ordered()).map(forDesk);
    },

    async get(documentId: string): Promise<DeskRule | null> {
      const row = await byId(documentId);
      return row ? forDesk(row) : null;
    },

    /** The rule saved, or why this editor may not save it (answered 403 by the controller). */
    async create(input: unknown, who: Taker): Promise<DeskRule | Forbidden> {
      const rule = checked(input);
      await checkFeed(rule);
      const saved = saver(rule, who);
      if ('forbidden' in saved) return saved as Forbidden;
      if ((await query().count()) >= MAX_RULES)
        throw new errors.ValidationError(`at most ${MAX_RULES} rules: every story is matched against each of them`);
      const last = await query().findOne({ orderBy: { position: 'desc' }, select: ['position'] });
      const row = await strapi.documents(UID.rule).create({
        data: {
          name: rule.name,
          enabled: rule.enabled,
          conditions: rule.when,
          actions: rule.then,
          position: (last?.position ?? 0) + 1,
          hits: 0,
          ...saved,
        } as any,
      });
      if (rule.position !== undefined) await place((await byId(row.documentId))!, rule.position);
      changed();
      return forDesk((await byId(row.documentId))!);
    },

    /** Replaces a rule's name, conditions and actions (its hits stay: they are the rule's history). */
    async update(documentId: string, input: unknown, who: Taker): Promise<DeskRule | Forbidden | null> {
      const row = await byId(documentId);
      if (!row) return null;
      const rule = checked(input);
      await checkFeed(rule);
      const saved = saver(rule, who);
      if ('forbidden' in saved) return saved as Forbidden;
      await strapi.documents(UID.rule).update({
        documentId,
        data: { name: rule.name, enabled: rule.enabled, conditions: rule.when, actions: rule.then, ...saved } as any,
      });
      if (rule.position !== undefined) await place(row, rule.position);
      changed();
      return forDesk((await byId(documentId))!);
    },

    async remove(documentId: string): Promise<DeskRule | null> {
      const row = await byId(documentId);
      if (!row) return null;
      await strapi.documents(UID.rule).delete({ documentId });
      await renumber(await ordered());
      changed();
      return forDesk(row);
    },

    /** The whole order at once: every rule's documentId, first rule first. */
    async reorder(order: unknown): Promise<DeskRule[]> {
      const rows = await ordered();
      const ids = Array.isArray(order) ? order : null;
      const known = new Map(rows.map((r) => [r.documentId, r]));
      if (
        !ids ||
        ids.length !== rows.length ||
        new Set(ids).size !== ids.length ||
        !ids.every((id) => typeof id === 'string' && known.has(id))
      )
        throw new errors.ValidationError('order: every rule’s documentId once, first rule first');
      await renumber(ids.map((id) => known.get(id as string)!));
      changed();
      return (await ordered()).map(forDesk);
    },

    /**
     * A rule (saved or not) run against the newest `last` stories as they are stored now, alone (not
     * after the other rules): which it matches and what it would change. Nothing is written.
     */
    async tryRule(input: unknown, last: unknown): Promise<RuleTry> {
      const n = last === undefined || last === null || last === '' ? TRY_DEFAULT : Number(last);
      if (!Number.isInteger(n) || n < 1 || n > TRY_MAX)
        throw new errors.ValidationError(`last: a whole number of stories from 1 to ${TRY_MAX}`);
      const rule = checked(input);
      const compiled = compileRule({ documentId: 'try', name: rule.name, when: rule.when, then: rule.then });
      const rows: Row[] = await strapi.db.query(UID.article).findMany({
        orderBy: [{ id: 'desc' }],
        limit: n,
        select: [
          'documentId',
          'headline',
          'section',
          'keywords',
          'urgency',
          'language',
          'bodyText',
          'versionCreated',
          'reviewHold',
        ],
        populate: { agency: { select: ['code'] }, feed: { select: ['documentId'] } },
      });
      const matches: RuleTry['matches'] = [];
      for (const a of rows) {
        const keywords = Array.isArray(a.keywords) ? a.keywords.map(String) : [];
        const routed = applyRules([compiled], {
          agency: a.agency?.code ?? '',
          feed: a.feed?.documentId ?? null,
          section: a.section ?? null,
          keywords,
          urgency: a.urgency ?? null,
          language: a.language ?? null,
          headline: a.headline ?? '',
          bodyText: a.bodyText ?? '',
        });
        if (!routed.routing) continue;
        matches.push({
          documentId: a.documentId,
          headline: a.headline,
          agency: a.agency?.code ?? null,
          versionCreated: a.versionCreated ? new Date(a.versionCreated).toISOString() : null,
          section: { before: a.section ?? null, after: routed.section },
          addedKeywords: routed.keywords.slice(keywords.length),
          hold: !!routed.hold,
        });
      }
      return { tried: rows.length, matched: matches.length, matches };
    },

    /** The enabled rules in order, ready to match: read at most every few seconds (on each node). */
    async active(): Promise<CompiledRule[]> {
      if (cache && Date.now() - cache.at < REFRESH_MS) return cache.rules;
      const rows = await query().findMany({
        where: { enabled: { $ne: false } },
        orderBy: [{ position: 'asc' }, { id: 'asc' }],
      });
      const rules = rows.map((row: Row) => compileRule(stored(row)));
      for (const r of rules)
        if (r.problem) strapi.log.error(`[wire] routing rule "${r.name}" does not read: ${r.problem}`);
      cache = { rules, at: Date.now() };
      return rules;
    },

    /**
     * What the rules asked for the stories just stamped (`ids`, whose text is new or changed), in
     * `trx` (changes.stamp's transaction): a take queued (services/take.ts) and a notification to
     * the editors who manage rules (services/notify.ts), each once per story whatever deliveries
     * follow (unique keys). True when something is to be sent or taken after the commit.
     */
    async actOn(trx: any, ids: number[]): Promise<boolean> {
      if (!ids.length) return false;
      let acted = false;
      for (let i = 0; i < ids.length; i += 200) {
        // The query engine, in stamp's transaction (as alerts.matchArticles reads): the JSON parsed.
        const rows: Row[] = await strapi.db.query(UID.article).findMany({
          where: { id: { $in: ids.slice(i, i + 200) }, routing: { $notNull: true } },
          select: ['id', 'documentId', 'headline', 'section', 'pubStatus', 'routing'],
        });
        const articles = rows
          .map((r): Row => ({ ...r, id: Number(r.id), headline: r.headline ?? '', section: r.section ?? null }))
          .filter((a) => a.routing && (a.routing.take || a.routing.notify));
        if (!articles.length) continue;
        if ((await wire(strapi).service('take').queueFromRules(trx, articles)) > 0) acted = true;
        const toNotify = articles.filter((a) => a.routing.notify === true && a.pubStatus !== 'canceled');
        if (!toNotify.length) continue;
        const notify = wire(strapi).service('notify');
        const editors = await notify.usersWith(ACTIONS.manageRules);
        for (const a of toNotify) {
          const names: string[] = Array.isArray(a.routing.notifyBy) ? a.routing.notifyBy : [];
          const rule = names.join(', ') || 'a routing rule';
          const link = `articles/${a.documentId}`;
          const detail = [`Rule: ${rule}`, a.section].filter(Boolean).join(' · ');
          await notify.record(trx, {
            key: `rule:${a.id}`,
            kind: 'rule',
            title: a.headline,
            detail,
            link,
            recipients: editors,
            emailRecipients: editors,
            webhooks: [],
            email: {
              subject: `[Wire] ${rule}: ${a.headline}`,
              text: `A routing rule (${rule}) asked for this story to be noticed:\n\n${a.headline}\n${a.section ?? ''}\n\nOpen it on the Wire desk: ${notify.deskUrl(link)}\n`,
            },
            payload: {
              rules: names,
              article: {
                documentId: a.documentId,
                headline: a.headline,
                section: a.section,
                api: `/api/wire/articles/${a.documentId}`,
              },
            },
          });
          acted = true;
        }
      }
      return acted;
    },

    /**
     * Adds the stories each rule matched (documentId → count) to its hits, counted in the database
     * (several nodes ingest at once), and notes when.
     */
    async recordHits(hits: Map<string, number>): Promise<void> {
      if (!hits.size) return;
      const now = new Date();
      for (const [documentId, count] of hits) {
        await strapi.db
          .connection('wire_rules')
          .where({ document_id: documentId })
          .update({ hits: strapi.db.connection.raw('COALESCE(hits, 0) + ?', [count]) });
        await query().update({ where: { documentId }, data: { lastHitAt: now } });
      }
    },
  };
};
