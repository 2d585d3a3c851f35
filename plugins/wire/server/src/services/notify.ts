/**
 * Notifications (issue 24, item 3): new copy matching an editor's alert, and a feed in trouble
 * (failing, paused, idle past its limit), reach editors on the desk and, where configured, by
 * e-mail (Strapi's email plugin) and by a signed webhook.
 *
 * Once across nodes. Every event has a key (`alert:<alert>:<article>`, `feed:<feed>:<trouble>:<t>`)
 * and every record of it a unique index with it: the desk notification per editor, and each
 * delivery (one per channel and target) in an outbox, `wire_deliveries`, written in the same
 * transaction as what caused it. So a rolled-back write sends nothing, and a second node that sees
 * the same event inserts nothing. Sending is separate: every node's tick (and the writer, as soon
 * as its transaction commits) claims pending deliveries one by one with a conditional update that
 * only one node can win, sends, and marks them sent; a failure is kept with its reason and tried
 * again later, backing off, until `notify.maxAttempts` (then `failed`, with the reason). Nothing here
 * throws into ingest. A node that dies between sending and marking sends that one again after the
 * claim expires (at least once, never twice while it lives).
 *
 * Feed trouble is found by the tick, from the feeds' health (services/runs.ts): a trouble that
 * begins opens an episode in `wire_feed_troubles` (one row per feed and trouble; the insert only one
 * node wins decides who records it); when it ends the row goes, so the next time is a new episode.
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { postJson } from '../ingest/http';
import { signatureHeader } from '../notify/signature';
import { ACTIONS, type Action } from '../../../shared/permissions';
import type { DeskNotification, NotificationKind, Pagination } from '../../../shared/desk-api';
import { NODE_ID } from './lease';
import type { WireConfig } from '../config';

const NOTIFICATIONS = 'wire_notifications';
const DELIVERIES = 'wire_deliveries';
const TROUBLES = 'wire_feed_troubles';
/** How long a node may hold a delivery it is sending before another may take it. */
const CLAIM_MS = 2 * 60_000;
const BATCH = 20;

type Knex = any;
type Row = Record<string, any>;

export type Trouble = 'failing' | 'paused' | 'idle';

export interface Recipient {
  id: number;
  email: string | null;
}

/** One event to record: the desk notifications, and what goes out by e-mail and webhook. */
export interface NotifyEvent {
  key: string;
  kind: NotificationKind;
  title: string;
  detail: string | null;
  link: string | null;
  alertId?: number | null;
  trouble?: Trouble | null;
  /** Editors who see it on the desk; `email` ones also by e-mail when e-mail is on. */
  recipients: Recipient[];
  emailRecipients: Recipient[];
  /** Webhook URLs besides the operator's (an alert's own). */
  webhooks: string[];
  email: { subject: string; text: string };
  /** The webhook's JSON body, without the envelope. */
  payload: Record<string, unknown>;
}

/** The webhook's `event` for each kind of notification. */
const WEBHOOK_EVENT: Record<NotificationKind, string> = {
  alert: 'alert.match',
  feed: 'feed.trouble',
  rule: 'rule.match',
};

/** Retry after 30 s, 1, 2, 4 ... minutes, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);

const iso = (ms: unknown) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

/** A feed's troubles now, from its health: none while it is disabled (an editor's choice). */
export function troublesOf(feed: Row): Array<{ trouble: Trouble; detail: string }> {
  if (feed.enabled === false) return [];
  if (feed.paused) return [{ trouble: 'paused', detail: feed.pausedReason || 'paused' }];
  const out: Array<{ trouble: Trouble; detail: string }> = [];
  if ((feed.consecutiveFailures ?? 0) > 0)
    out.push({
      trouble: 'failing',
      detail: `${feed.consecutiveFailures} failed poll(s) in a row; last: ${feed.lastError ?? 'failed'}`,
    });
  if (feed.idle)
    out.push({
      trouble: 'idle',
      detail: `no new copy for longer than its idle limit (${feed.idleLimitMinutes ?? 1440} minutes)`,
    });
  return out;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const postgres = () => strapi.db.dialect.client === 'postgres';
  const config = () => strapi.plugin('wire').config('notify') as WireConfig['notify'];
  const httpConfig = () => strapi.plugin('wire').config('http') as WireConfig['http'];
  let dispatching: Promise<void> | null = null;
  let again = false;

  /** Admin users who may do `action` (a role holding it, or Super Admin), active and not blocked. */
  async function usersWith(action: Action): Promise<Recipient[]> {
    const permissions: Row[] = await strapi.db
      .query('admin::permission')
      .findMany({ where: { action }, populate: { role: { select: ['id'] } } });
    const superAdmin = await strapi.db
      .query('admin::role')
      .findOne({ where: { code: 'strapi-super-admin' }, select: ['id'] });
    const roles = [...new Set([...permissions.map((p) => p.role?.id), superAdmin?.id].filter((id) => id != null))];
    if (!roles.length) return [];
    const users: Row[] = await strapi.db.query('admin::user').findMany({
      where: { isActive: true, $or: [{ blocked: false }, { blocked: { $null: true } }], roles: { id: { $in: roles } } },
      select: ['id', 'email'],
    });
    return users.map((u) => ({ id: Number(u.id), email: u.email ?? null }));
  }

  /**
   * Records an event: a desk notification per recipient, and a pending delivery per e-mail and
   * webhook, each at most once (unique keys; a second insert is ignored). In `trx`, the caller's
   * transaction.
   */
  async function record(trx: Knex, event: NotifyEvent): Promise<void> {
    const now = Date.now();
    const settings = config();
    const rows = event.recipients.map((r) => ({
      user_id: r.id,
      event_key: event.key,
      kind: event.kind,
      title: event.title.slice(0, 1000),
      detail: event.detail?.slice(0, 2000) ?? null,
      link: event.link,
      alert_id: event.alertId ?? null,
      trouble: event.trouble ?? null,
      created_at: now,
      read_at: null,
    }));
    for (let i = 0; i < rows.length; i += 100)
      await trx(NOTIFICATIONS)
        .insert(rows.slice(i, i + 100))
        .onConflict(['user_id', 'event_key'])
        .ignore();
    const deliveries: Row[] = [];
    const pending = (channel: 'email' | 'webhook', target: string, payload: unknown) =>
      deliveries.push({
        event_key: event.key,
        channel,
        target: target.slice(0, 2000),
        payload: JSON.stringify(payload),
        status: 'pending',
        attempts: 0,
        next_at: now,
        created_at: now,
      });
    if (settings.email) for (const r of event.emailRecipients) if (r.email) pending('email', r.email, event.email);
    const body = { event: WEBHOOK_EVENT[event.kind], id: event.key, ...event.payload };
    for (const url of new Set([...(settings.webhookUrl ? [settings.webhookUrl] : []), ...event.webhooks]))
      pending('webhook', url, body);
    for (let i = 0; i < deliveries.length; i += 100)
      await trx(DELIVERIES)
        .insert(deliveries.slice(i, i + 100))
        .onConflict(['event_key', 'channel', 'target'])
        .ignore();
  }

  /** Sends one delivery; throws with the reason when it did not go. */
  async function send(row: Row): Promise<void> {
    const payload = JSON.parse(row.payload);
    if (row.channel === 'email') {
      const email = strapi.plugin('email');
      if (!email) throw new Error("Strapi's email plugin is not installed");
      await email.service('email').send({
        to: row.target,
        ...(config().emailFrom ? { from: config().emailFrom } : {}),
        subject: payload.subject,
        text: payload.text,
      });
      return;
    }
    const secret = config().webhookSecret;
    // Fail closed: never an unsigned webhook.
    if (!secret) throw new Error('no WIRE_NOTIFY_WEBHOOK_SECRET to sign the webhook with: not sent');
    const body = JSON.stringify({ ...payload, sentAt: new Date().toISOString() });
    await postJson(
      row.target,
      body,
      {
        'x-wire-signature': signatureHeader(secret, body),
        'x-wire-event': String(payload.event),
        'x-wire-delivery': String(row.event_key),
      },
      { timeoutMs: Math.min(httpConfig().timeoutMs, 30_000), allow: httpConfig().allow },
    );
  }

  /** Claims, sends and settles pending deliveries that are due, a batch at a time. */
  async function dispatchOnce(): Promise<number> {
    const now = Date.now();
    const due: Row[] = await knex()(DELIVERIES)
      .where({ status: 'pending' })
      .where('next_at', '<=', now)
      .where((q: Knex) => q.whereNull('claimed_until').orWhere('claimed_until', '<', now))
      .orderBy('id')
      .limit(BATCH)
      .select('id');
    const holder = `${NODE_ID}:${randomBytes(4).toString('hex')}`;
    for (const { id } of due) {
      const at = Date.now();
      // Only one node's update finds the row unclaimed: that node sends it.
      const won = await knex()(DELIVERIES)
        .where({ id, status: 'pending' })
        .where((q: Knex) => q.whereNull('claimed_until').orWhere('claimed_until', '<', at))
        .update({ claimed_by: holder, claimed_until: at + CLAIM_MS });
      if (Number(won) !== 1) continue;
      const row = await knex()(DELIVERIES).where({ id }).first();
      const attempts = Number(row.attempts) + 1;
      try {
        await send(row);
        await knex()(DELIVERIES)
          .where({ id, claimed_by: holder })
          .update({ status: 'sent', attempts, sent_at: Date.now(), claimed_until: null, error: null });
      } catch (error) {
        const reason = ((error as Error).message || 'failed').slice(0, 2000);
        const giveUp = attempts >= config().maxAttempts;
        strapi.log.warn(
          `[wire] ${row.channel} notification ${row.event_key} to ${row.channel === 'email' ? row.target : 'its webhook'} not sent (attempt ${attempts}${giveUp ? ', giving up' : ''}): ${reason}`,
        );
        await knex()(DELIVERIES)
          .where({ id, claimed_by: holder })
          .update({
            status: giveUp ? 'failed' : 'pending',
            attempts,
            error: reason,
            next_at: Date.now() + retryDelayMs(attempts),
            claimed_until: null,
          });
      }
    }
    return due.length;
  }

  /** Sends what is due; one run at a time in this process (a call during a run asks for one more). */
  function dispatch(): Promise<void> {
    if (dispatching) {
      again = true;
      return dispatching;
    }
    dispatching = (async () => {
      try {
        do {
          again = false;
          while ((await dispatchOnce()) === BATCH);
        } while (again);
      } catch (error) {
        strapi.log.error(`[wire] notifications not dispatched: ${(error as Error).message}`);
      } finally {
        dispatching = null;
      }
    })();
    return dispatching;
  }

  /** Feeds whose trouble began or ended since the last look: episodes opened (and notified) or closed. */
  async function checkFeeds(): Promise<void> {
    const feeds: Row[] = await strapi.db.query(UID.feed).findMany({
      select: [
        'id',
        'documentId',
        'name',
        'enabled',
        'paused',
        'pausedReason',
        'consecutiveFailures',
        'lastError',
        'idle',
        'idleLimitMinutes',
      ],
    });
    const open: Row[] = await knex()(TROUBLES).select('feed_document_id', 'trouble', 'event_key');
    const openKey = (feed: string, trouble: string) => `${feed}\u0000${trouble}`;
    const opened = new Map(open.map((r) => [openKey(r.feed_document_id, r.trouble), r]));
    const now = new Map<string, { feed: Row; trouble: Trouble; detail: string }>();
    for (const feed of feeds)
      for (const t of troublesOf(feed)) now.set(openKey(feed.documentId, t.trouble), { feed, ...t });
    // Ended (or the feed is gone): the next time is a new episode.
    for (const [key, row] of opened)
      if (!now.has(key))
        await knex()(TROUBLES)
          .where({ feed_document_id: row.feed_document_id, trouble: row.trouble, event_key: row.event_key })
          .delete();
    const begun = [...now].filter(([key]) => !opened.has(key)).map(([, t]) => t);
    if (!begun.length) return;
    const managers = await usersWith(ACTIONS.manageFeeds);
    let recorded = false;
    for (const { feed, trouble, detail } of begun) {
      const key = `feed:${feed.documentId}:${trouble}:${Date.now()}:${randomBytes(3).toString('hex')}`;
      await strapi.db.transaction(async ({ trx }) => {
        await trx(TROUBLES)
          .insert({ feed_document_id: feed.documentId, trouble, event_key: key, started_at: Date.now() })
          .onConflict(['feed_document_id', 'trouble'])
          .ignore();
        const row = await trx(TROUBLES).where({ feed_document_id: feed.documentId, trouble }).first('event_key');
        // Another node opened this episode first: it records it.
        if (row?.event_key !== key) return;
        recorded = true;
        const title = `Feed "${feed.name}" is ${trouble}`;
        await record(trx, {
          key,
          kind: 'feed',
          title,
          detail,
          link: `feeds/${feed.documentId}`,
          trouble,
          recipients: managers,
          emailRecipients: managers,
          webhooks: [],
          email: {
            subject: `[Wire] ${title}`,
            text: `${title}: ${detail}\n\nOpen the feed on the Wire desk: ${deskUrl(`feeds/${feed.documentId}`)}\n`,
          },
          payload: { feed: { documentId: feed.documentId, name: feed.name, trouble, detail } },
        });
      });
    }
    if (recorded) void dispatch();
  }

  /** An absolute link into the desk, for e-mails. */
  function deskUrl(path: string): string {
    const configured = strapi.plugin('wire').config('publicUrl') as string | null;
    const serverUrl = String(strapi.config.get('server.url') ?? '');
    const base =
      configured ||
      (/^https?:\/\//i.test(serverUrl) ? serverUrl : `http://localhost:${strapi.config.get('server.port', 1337)}`);
    return `${base.replace(/\/+$/, '')}/admin/plugins/wire/${path}`;
  }

  const toDesk = (r: Row, alertNames: Map<number, string>): DeskNotification => ({
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    detail: r.detail ?? null,
    link: r.link ?? null,
    alert: r.alert_id != null ? { id: Number(r.alert_id), name: alertNames.get(Number(r.alert_id)) ?? '' } : null,
    trouble: r.trouble ?? null,
    createdAt: iso(r.created_at)!,
    readAt: iso(r.read_at),
  });

  return {
    async ensureTables() {
      const id = postgres() ? 'id BIGSERIAL PRIMARY KEY' : 'id INTEGER PRIMARY KEY AUTOINCREMENT';
      const db = knex();
      await db.raw(
        `CREATE TABLE IF NOT EXISTS ${NOTIFICATIONS} (${id}, user_id BIGINT NOT NULL, event_key VARCHAR(255) NOT NULL, kind VARCHAR(16) NOT NULL, title TEXT NOT NULL, detail TEXT, link TEXT, alert_id BIGINT, trouble VARCHAR(16), created_at BIGINT NOT NULL, read_at BIGINT)`,
      );
      await db.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${NOTIFICATIONS}_event ON ${NOTIFICATIONS} (user_id, event_key)`);
      await db.raw(`CREATE INDEX IF NOT EXISTS ${NOTIFICATIONS}_unread ON ${NOTIFICATIONS} (user_id, read_at)`);
      await db.raw(
        `CREATE TABLE IF NOT EXISTS ${DELIVERIES} (${id}, event_key VARCHAR(255) NOT NULL, channel VARCHAR(16) NOT NULL, target VARCHAR(2000) NOT NULL, payload TEXT NOT NULL, status VARCHAR(16) NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at BIGINT NOT NULL, claimed_by VARCHAR(255), claimed_until BIGINT, error TEXT, sent_at BIGINT, created_at BIGINT NOT NULL)`,
      );
      await db.raw(
        `CREATE UNIQUE INDEX IF NOT EXISTS ${DELIVERIES}_once ON ${DELIVERIES} (event_key, channel, target)`,
      );
      await db.raw(`CREATE INDEX IF NOT EXISTS ${DELIVERIES}_due ON ${DELIVERIES} (status, next_at)`);
      await db.raw(
        `CREATE TABLE IF NOT EXISTS ${TROUBLES} (feed_document_id VARCHAR(255) NOT NULL, trouble VARCHAR(16) NOT NULL, event_key VARCHAR(255) NOT NULL, started_at BIGINT NOT NULL, PRIMARY KEY (feed_document_id, trouble))`,
      );
    },

    usersWith,
    record,
    dispatch,
    checkFeeds,
    deskUrl,

    /** The tick (every node): feed trouble looked at, then what is due sent. */
    async tick() {
      try {
        await checkFeeds();
      } catch (error) {
        strapi.log.error(`[wire] feed trouble not checked: ${(error as Error).message}`);
      }
      await dispatch();
    },

    /** One editor's notifications, newest first, with how many are unread. */
    async list(userId: number, page: number, pageSize: number) {
      const base = () => knex()(NOTIFICATIONS).where({ user_id: userId });
      const [{ total }] = await base().count({ total: '*' });
      const [{ unread }] = await base().whereNull('read_at').count({ unread: '*' });
      const rows: Row[] = await base()
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const alertIds = [...new Set(rows.map((r) => r.alert_id).filter((a) => a != null))];
      const alertNames = new Map<number, string>(
        alertIds.length
          ? (await knex()('wire_alerts').whereIn('id', alertIds).select('id', 'name')).map((a: Row) => [
              Number(a.id),
              a.name,
            ])
          : [],
      );
      const pagination: Pagination = {
        page,
        pageSize,
        pageCount: Math.ceil(Number(total) / pageSize),
        total: Number(total),
      };
      return { data: rows.map((r) => toDesk(r, alertNames)), meta: { pagination, unread: Number(unread) } };
    },

    /** Marks an editor's notifications read (these ids, or all); returns how many are still unread. */
    async markRead(userId: number, ids: number[] | 'all'): Promise<number> {
      const q = knex()(NOTIFICATIONS).where({ user_id: userId }).whereNull('read_at');
      if (ids !== 'all') q.whereIn('id', ids);
      await q.update({ read_at: Date.now() });
      const [{ unread }] = await knex()(NOTIFICATIONS)
        .where({ user_id: userId })
        .whereNull('read_at')
        .count({ unread: '*' });
      return Number(unread);
    },

    /** Deliveries of an event (tests, the CLI): channel, target, status, attempts, reason. */
    async deliveriesOf(keyPrefix: string) {
      return knex()(DELIVERIES)
        .where('event_key', 'like', `${keyPrefix}%`)
        .orderBy('id')
        .select('event_key', 'channel', 'target', 'status', 'attempts', 'error');
    },
  };
};
