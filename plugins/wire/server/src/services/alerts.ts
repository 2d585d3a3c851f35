/**
 * Alerts (issue 24, item 3): an editor's saved search. Each story whose text is new (stored, or
 * updated with a changed text) is matched against every alert as its change is stamped
 * (changes.stamp(), in the change's own transaction), in JavaScript with the desk's search language
 * (search/query.ts `matches` over search/text.ts `searchDocument`): no database search per story.
 * Alerts are few; this process keeps them parsed and reloads them when the `alerts` counter (bumped
 * by every alert written, on any node) has moved, or a minute has passed (an owner's rights may have
 * changed). A match is recorded once per alert and story (a unique key), and notifies the alert's
 * owner through services/notify.ts.
 *
 * An alert belongs to the editor who made it: every read and write here takes the owner, and
 * another editor's alert is not found.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import { destinationRefusal } from '../ingest/http';
import { matches, parseSearch, SearchSyntaxError, type SearchQuery } from '../search/query';
import { searchDocument } from '../search/text';
import { ACTIONS } from '../../../shared/permissions';
import type { DeskAlert, DeskAlertMatch, Pagination } from '../../../shared/desk-api';
import type { WireConfig } from '../config';
import { wire } from './wire';

const ALERTS = 'wire_alerts';
const MATCHES = 'wire_alert_matches';
const COUNTERS = 'wire_counters';
/** Alerts one editor may keep: matching stays cheap. */
export const MAX_ALERTS_PER_EDITOR = 50;
const RELOAD_MS = 60_000;
const CHUNK = 200;

type Knex = any;
type Row = Record<string, any>;

interface Compiled {
  id: number;
  ownerId: number;
  ownerEmail: string | null;
  name: string;
  q: string;
  query: SearchQuery;
  agencies: Set<string> | null;
  sections: Set<string> | null;
  maxUrgency: number | null;
  email: boolean;
  webhookUrl: string | null;
}

const fieldError = (field: string, message: string): never => {
  throw new errors.ValidationError(message, {
    errors: [{ path: [field], message, name: 'ValidationError', value: null }],
  });
};

const list = (value: unknown, field: string, max: number, maxLength: number): string[] => {
  if (value === undefined || value === null || value === '') return [];
  if (!Array.isArray(value) || value.length > max || value.some((v) => typeof v !== 'string'))
    fieldError(field, `${field}: a list of at most ${max} names`);
  const out = [...new Set((value as string[]).map((v) => v.trim()).filter(Boolean))];
  if (out.some((v) => v.length > maxLength)) fieldError(field, `${field}: each at most ${maxLength} characters`);
  return out;
};

const parseJsonList = (text: string | null): string[] => {
  try {
    const v = JSON.parse(text ?? '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

const iso = (ms: unknown) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const notify = () => wire(strapi).service('notify');
  const notifyConfig = () => strapi.plugin('wire').config('notify') as WireConfig['notify'];
  let cache: { version: number; at: number; alerts: Compiled[] } | null = null;

  async function version(db: Knex): Promise<number> {
    const row = await db(COUNTERS).where({ name: 'alerts' }).first('value');
    return Number(row?.value ?? 0);
  }

  /** The alerts to match with, parsed; those of editors who may no longer keep alerts are left out. */
  async function load(db: Knex): Promise<Compiled[]> {
    const current = await version(db);
    if (cache && cache.version === current && Date.now() - cache.at < RELOAD_MS) return cache.alerts;
    const rows: Row[] = await db(ALERTS).select('*');
    const owners = rows.length ? await notify().usersWith(ACTIONS.manageAlerts) : [];
    const emailOf = new Map(owners.map((o) => [o.id, o.email]));
    const alerts: Compiled[] = [];
    for (const r of rows) {
      const ownerId = Number(r.owner_id);
      if (!emailOf.has(ownerId)) continue;
      let query: SearchQuery;
      try {
        query = parseSearch(r.q);
      } catch (error) {
        strapi.log.warn(`[wire] alert ${r.id} not matched: its search no longer reads (${(error as Error).message})`);
        continue;
      }
      const agencies = parseJsonList(r.agencies);
      const sections = parseJsonList(r.sections);
      alerts.push({
        id: Number(r.id),
        ownerId,
        ownerEmail: emailOf.get(ownerId) ?? null,
        name: r.name,
        q: r.q,
        query,
        agencies: agencies.length ? new Set(agencies.map((a) => a.toUpperCase())) : null,
        sections: sections.length ? new Set(sections.map((s) => s.toLowerCase())) : null,
        maxUrgency: r.max_urgency == null ? null : Number(r.max_urgency),
        email: !!Number(r.email),
        webhookUrl: r.webhook_url ?? null,
      });
    }
    cache = { version: current, at: Date.now(), alerts };
    return alerts;
  }

  /**
   * New text of these articles, matched against every alert; in `trx` (stamp's transaction). Each
   * match is recorded once (alert, article) and notifies the alert's owner.
   */
  async function matchArticles(trx: Knex, ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    const alerts = await load(trx);
    if (!alerts.length) return 0;
    let found = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const articles: Row[] = await strapi.db.query(UID.article).findMany({
        where: { id: { $in: ids.slice(i, i + CHUNK) } },
        select: [
          'id',
          'documentId',
          'headline',
          'section',
          'keywords',
          'bodyText',
          'language',
          'urgency',
          'pubStatus',
          'versionCreated',
        ],
        populate: { agency: { select: ['code', 'name'] } },
      });
      for (const a of articles) {
        // A kill notice is no new copy to be told about.
        if (a.pubStatus === 'canceled') continue;
        let doc: ReturnType<typeof searchDocument> | null = null;
        for (const alert of alerts) {
          if (alert.agencies && !alert.agencies.has(String(a.agency?.code ?? '').toUpperCase())) continue;
          if (alert.sections && !alert.sections.has(String(a.section ?? '').toLowerCase())) continue;
          if (alert.maxUrgency !== null && !(a.urgency != null && Number(a.urgency) <= alert.maxUrgency)) continue;
          doc ??= searchDocument(a);
          if (!matches(alert.query, doc)) continue;
          if (await recordMatch(trx, alert, a)) found += 1;
        }
      }
    }
    return found;
  }

  /** Records a match and notifies its owner; false when this alert had matched the story before. */
  async function recordMatch(trx: Knex, alert: Compiled, a: Row): Promise<boolean> {
    const inserted: Row[] = await trx(MATCHES)
      .insert({ alert_id: alert.id, article_id: a.id, matched_at: Date.now() }, ['alert_id'])
      .onConflict(['alert_id', 'article_id'])
      .ignore();
    // Matched before (an earlier version of the story): told once.
    if (!inserted.length) return false;
    const agency = a.agency ? `${a.agency.name ?? a.agency.code}` : null;
    const detail = [agency, a.section].filter(Boolean).join(' · ') || null;
    const link = `articles/${a.documentId}`;
    const owner = { id: alert.ownerId, email: alert.ownerEmail };
    await notify().record(trx, {
      key: `alert:${alert.id}:${a.id}`,
      kind: 'alert',
      title: a.headline ?? '',
      detail,
      link,
      alertId: alert.id,
      recipients: [owner],
      emailRecipients: alert.email ? [owner] : [],
      webhooks: alert.webhookUrl ? [alert.webhookUrl] : [],
      email: {
        subject: `[Wire] ${alert.name}: ${a.headline ?? ''}`,
        text: `New copy matches your alert "${alert.name}" (${alert.q}):\n\n${a.headline ?? ''}\n${detail ?? ''}\n\nOpen it on the Wire desk: ${notify().deskUrl(link)}\n`,
      },
      payload: {
        alert: { id: alert.id, name: alert.name, q: alert.q },
        article: {
          documentId: a.documentId,
          headline: a.headline ?? '',
          agency: a.agency?.code ?? null,
          section: a.section ?? null,
          urgency: a.urgency ?? null,
          versionCreated: a.versionCreated ?? null,
          api: `/api/wire/articles/${a.documentId}`,
        },
      },
    });
    return true;
  }

  /** The fields of an alert from a request, checked; `base` is the stored alert an update starts from. */
  async function fields(input: Row, base: Row | null): Promise<Row> {
    const out: Row = {};
    const has = (k: string) => input[k] !== undefined;
    if (has('name') || !base) {
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (!name || name.length > 200) fieldError('name', 'name: a non-empty text of at most 200 characters');
      out.name = name;
    }
    if (has('q') || !base) {
      const q = typeof input.q === 'string' ? input.q.trim() : '';
      if (!q || q.length > 500) fieldError('q', 'q: the search to alert on, at most 500 characters');
      try {
        const parsed = parseSearch(q);
        if (!parsed.must.length) fieldError('q', 'q: name at least one word or phrase to look for');
      } catch (error) {
        if (error instanceof SearchSyntaxError) fieldError('q', error.message);
        throw error;
      }
      out.q = q;
    }
    if (has('agencies')) {
      const codes = list(input.agencies, 'agencies', 50, 64).map((c) => c.toUpperCase());
      if (codes.length) {
        const known: Row[] = await strapi.db
          .query(UID.agency)
          .findMany({ where: { code: { $in: codes } }, select: ['code'] });
        const missing = codes.filter((c) => !known.some((k) => k.code === c));
        if (missing.length) fieldError('agencies', `agencies: no agency ${missing.join(', ')}`);
      }
      out.agencies = JSON.stringify(codes);
    }
    if (has('sections')) out.sections = JSON.stringify(list(input.sections, 'sections', 50, 200));
    if (has('maxUrgency')) {
      const u = input.maxUrgency;
      if (u === null || u === '') out.max_urgency = null;
      else if (Number.isInteger(Number(u)) && Number(u) >= 1 && Number(u) <= 9) out.max_urgency = Number(u);
      else fieldError('maxUrgency', 'maxUrgency: a whole number from 1 (most urgent) to 9, or empty for any');
    }
    if (has('email')) {
      if (typeof input.email !== 'boolean') fieldError('email', 'email: true or false');
      out.email = input.email ? 1 : 0;
    }
    if (has('webhookUrl')) {
      const url = typeof input.webhookUrl === 'string' ? input.webhookUrl.trim() : input.webhookUrl;
      if (url === null || url === '') out.webhook_url = null;
      else {
        if (typeof url !== 'string' || url.length > 2000 || !/^https?:\/\//i.test(url))
          fieldError('webhookUrl', 'webhookUrl: an absolute http(s) URL of at most 2,000 characters, or empty');
        if (!notifyConfig().webhookSecret)
          fieldError(
            'webhookUrl',
            'webhookUrl: Wire has no secret to sign webhooks with (WIRE_NOTIFY_WEBHOOK_SECRET); ask the operator to set one',
          );
        const http = strapi.plugin('wire').config('http') as WireConfig['http'];
        const refused = await destinationRefusal(url, {
          timeoutMs: Math.min(http.timeoutMs, 10_000),
          allow: http.allow,
        });
        if (refused) fieldError('webhookUrl', `webhookUrl: ${refused}`);
        out.webhook_url = url;
      }
    }
    return out;
  }

  async function bump(trx: Knex) {
    await trx.raw(
      `INSERT INTO ${COUNTERS} (name, value) VALUES ('alerts', 1) ON CONFLICT (name) DO UPDATE SET value = ${COUNTERS}.value + 1`,
    );
  }

  async function toDesk(rows: Row[]): Promise<DeskAlert[]> {
    const ids = rows.map((r) => Number(r.id));
    const stats = new Map<number, { n: number; last: unknown }>();
    if (ids.length)
      for (const s of await knex()(MATCHES)
        .whereIn('alert_id', ids)
        .groupBy('alert_id')
        .select('alert_id')
        .count({ n: '*' })
        .max({ last: 'matched_at' }))
        stats.set(Number(s.alert_id), { n: Number(s.n), last: s.last });
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      q: r.q,
      agencies: parseJsonList(r.agencies),
      sections: parseJsonList(r.sections),
      maxUrgency: r.max_urgency == null ? null : Number(r.max_urgency),
      email: !!Number(r.email),
      webhookUrl: r.webhook_url ?? null,
      createdAt: iso(r.created_at)!,
      updatedAt: iso(r.updated_at)!,
      matches: stats.get(Number(r.id))?.n ?? 0,
      lastMatchAt: iso(stats.get(Number(r.id))?.last ?? null),
    }));
  }

  const own = (ownerId: number, id: unknown) => {
    const n = Number(id);
    if (!Number.isSafeInteger(n) || n < 1) return null;
    return knex()(ALERTS).where({ id: n, owner_id: ownerId }).first();
  };

  return {
    async ensureTables() {
      const id =
        strapi.db.dialect.client === 'postgres' ? 'id BIGSERIAL PRIMARY KEY' : 'id INTEGER PRIMARY KEY AUTOINCREMENT';
      const db = knex();
      await db.raw(
        `CREATE TABLE IF NOT EXISTS ${ALERTS} (${id}, owner_id BIGINT NOT NULL, name VARCHAR(255) NOT NULL, q TEXT NOT NULL, agencies TEXT, sections TEXT, max_urgency INTEGER, email INTEGER NOT NULL DEFAULT 0, webhook_url TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
      );
      await db.raw(`CREATE INDEX IF NOT EXISTS ${ALERTS}_owner ON ${ALERTS} (owner_id)`);
      await db.raw(
        `CREATE TABLE IF NOT EXISTS ${MATCHES} (alert_id BIGINT NOT NULL, article_id BIGINT NOT NULL, matched_at BIGINT NOT NULL, PRIMARY KEY (alert_id, article_id))`,
      );
    },

    matchArticles,

    /** Purged stories leave the alerts' match lists (services/expiry.ts); notifications already sent stay. */
    async forget(trx: any, ids: number[]): Promise<void> {
      for (let i = 0; i < ids.length; i += 500)
        await trx(MATCHES)
          .whereIn('article_id', ids.slice(i, i + 500))
          .delete();
    },

    /** What the alert form may offer this editor. */
    channels(user: { email?: string | null } | null) {
      const settings = notifyConfig();
      return {
        email: settings.email && !!user?.email,
        webhook: !!settings.webhookSecret,
        globalWebhook: !!settings.webhookUrl,
      };
    },

    async list(ownerId: number): Promise<DeskAlert[]> {
      return toDesk(await knex()(ALERTS).where({ owner_id: ownerId }).orderBy('name').orderBy('id'));
    },

    async get(ownerId: number, id: unknown): Promise<DeskAlert | null> {
      const row = await own(ownerId, id);
      return row ? (await toDesk([row]))[0] : null;
    },

    async create(ownerId: number, input: Row): Promise<DeskAlert> {
      const data = await fields(input ?? {}, null);
      const [{ n }] = await knex()(ALERTS).where({ owner_id: ownerId }).count({ n: '*' });
      if (Number(n) >= MAX_ALERTS_PER_EDITOR)
        throw new errors.ValidationError(
          `an editor may keep at most ${MAX_ALERTS_PER_EDITOR} alerts: delete one first`,
        );
      const now = Date.now();
      const created: Row = await strapi.db.transaction(async ({ trx }) => {
        const [{ id }] = await trx(ALERTS).insert(
          { owner_id: ownerId, agencies: '[]', sections: '[]', email: 0, ...data, created_at: now, updated_at: now },
          ['id'],
        );
        await bump(trx);
        return trx(ALERTS).where({ id }).first();
      });
      return (await toDesk([created]))[0];
    },

    async update(ownerId: number, id: unknown, input: Row): Promise<DeskAlert | null> {
      const row = await own(ownerId, id);
      if (!row) return null;
      const data = await fields(input ?? {}, row);
      await strapi.db.transaction(async ({ trx }) => {
        await trx(ALERTS)
          .where({ id: row.id, owner_id: ownerId })
          .update({ ...data, updated_at: Date.now() });
        await bump(trx);
      });
      return this.get(ownerId, row.id);
    },

    async remove(ownerId: number, id: unknown): Promise<boolean> {
      const row = await own(ownerId, id);
      if (!row) return false;
      await strapi.db.transaction(async ({ trx }) => {
        await trx(ALERTS).where({ id: row.id, owner_id: ownerId }).delete();
        await trx(MATCHES).where({ alert_id: row.id }).delete();
        await bump(trx);
      });
      return true;
    },

    /** The stories an alert matched, newest match first; null when it is not this editor's alert. */
    async matches(
      ownerId: number,
      id: unknown,
      page: number,
      pageSize: number,
    ): Promise<{ data: DeskAlertMatch[]; pagination: Pagination } | null> {
      const row = await own(ownerId, id);
      if (!row) return null;
      const [{ total }] = await knex()(MATCHES).where({ alert_id: row.id }).count({ total: '*' });
      const found: Row[] = await knex()(MATCHES)
        .where({ alert_id: row.id })
        .orderBy('matched_at', 'desc')
        .orderBy('article_id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const articles: Row[] = found.length
        ? await strapi.db.query(UID.article).findMany({
            where: { id: { $in: found.map((f) => Number(f.article_id)) } },
            select: ['id', 'documentId', 'headline', 'section', 'urgency', 'versionCreated'],
            populate: { agency: { select: ['code', 'name'] } },
          })
        : [];
      const byId = new Map(articles.map((a) => [Number(a.id), a]));
      return {
        data: found.map((f) => {
          const a = byId.get(Number(f.article_id));
          return {
            matchedAt: iso(f.matched_at)!,
            article: a
              ? {
                  documentId: a.documentId,
                  headline: a.headline,
                  agency: a.agency ? { code: a.agency.code, name: a.agency.name } : null,
                  section: a.section ?? null,
                  urgency: a.urgency ?? null,
                  versionCreated: a.versionCreated ?? null,
                }
              : null,
          };
        }),
        pagination: { page, pageSize, pageCount: Math.ceil(Number(total) / pageSize), total: Number(total) },
      };
    },
  };
};
