/**
 * Alerts and notifications (issue 24, item 3), on a real Strapi with two more Strapi nodes on the
 * same database, a local SMTP sink and a webhook receiver: an editor's alert that matches new copy
 * and a feed that starts failing each notify on the desk, by e-mail and by a signed webhook, once
 * across the nodes. And the attacks first: no alerts permission, another editor's alert, a bad
 * search, a webhook to an address Wire may not reach.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { adminToken, createAdmin, createRole, WIRE_ACTIONS } from '../helpers/admin';
import { expectError } from '../helpers/errors';
import { ALLOW_LOOPBACK, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { startSmtpSink, startWebhookSink, type SmtpSink, type WebhookSink } from '../helpers/notify-sinks';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';
import { verifySignature } from '../../plugins/wire/server/src/notify/signature';

const MANAGE_ALERTS = 'plugin::wire.alerts.manage';
const SECRET = 'alerts-test-webhook-secret';

let app: TestApp;
let http: any;
let smtp: SmtpSink;
let hooks: WebhookSink;
let feeds: FeedServer;
const nodes: ChildProcess[] = [];
const token: Record<string, string> = {};

function startNode(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(APP_DIR, 'tests/helpers/node-process.js')], {
    cwd: APP_DIR,
    env: { ...app.env, WIRE_POLL_ENABLED: 'true', WIRE_POLL_TICK_SECONDS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nodes.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('ready')) resolve(child);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`node exited (${code}) before it was ready: ${output.slice(-2000)}`)));
  });
}

const stopNode = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.on('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });

/** Waits until `check` holds (the nodes tick every second); fails with what it last saw. */
async function until<T>(what: string, read: () => Promise<T> | T, check: (v: T) => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached; last ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

function story(o: {
  agency: string;
  guid: string;
  headline: string;
  body: string;
  section?: string;
  urgency?: number;
  version?: number;
}) {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0"?>
    <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:alerts.test:${o.guid}" version="${o.version ?? 1}" xml:lang="en">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:${o.agency}"/><versionCreated>2026-12-01T10:0${o.version ?? 1}:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
      <contentMeta>${o.urgency ? `<urgency>${o.urgency}</urgency>` : ''}${o.section ? `<subject type="tstype:category" qcode="tscat:x"><name>${esc(o.section)}</name></subject>` : ''}<headline>${esc(o.headline)}</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>${esc(o.body)}</p></body></html></inlineXML></contentSet>
    </newsItem>`;
}

const ingest = (xml: string) => wire(app.strapi).service('ingest').ingestDocument(xml, 'alerts-test.xml');
const as = (who: string) => ({
  get: (url: string) => request(http).get(url).set('Authorization', `Bearer ${token[who]}`),
  post: (url: string, body: unknown = {}) =>
    request(http)
      .post(url)
      .set('Authorization', `Bearer ${token[who]}`)
      .send(body as object),
  put: (url: string, body: unknown) =>
    request(http)
      .put(url)
      .set('Authorization', `Bearer ${token[who]}`)
      .send(body as object),
  delete: (url: string) => request(http).delete(url).set('Authorization', `Bearer ${token[who]}`),
});

beforeAll(async () => {
  [smtp, hooks, feeds] = await Promise.all([startSmtpSink(), startWebhookSink({ '/broken': 500 }), startFeedServer()]);
  app = await startStrapi({
    ...ALLOW_LOOPBACK,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    EMAIL_FROM: 'wire@desk.test',
    WIRE_NOTIFY_EMAIL: 'true',
    WIRE_NOTIFY_WEBHOOK_URL: hooks.url('/operator'),
    WIRE_NOTIFY_WEBHOOK_SECRET: SECRET,
  });
  http = app.strapi.server.httpServer;
  const roles = {
    alerter: await createRole(app.strapi, 'Alerter', [WIRE_ACTIONS.readDesk, MANAGE_ALERTS]),
    reader: await createRole(app.strapi, 'Reader', [WIRE_ACTIONS.readDesk]),
    feeds: await createRole(app.strapi, 'Feed manager', [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageFeeds]),
  };
  for (const [who, role] of [
    ['ann', roles.alerter],
    ['bob', roles.alerter],
    ['reader', roles.reader],
    ['fran', roles.feeds],
  ] as const) {
    await createAdmin(app.strapi, `${who}@alerts.test`, [role.id]);
    token[who] = await adminToken(http, `${who}@alerts.test`);
  }
});

afterAll(async () => {
  await Promise.all(nodes.map(stopNode));
  await app?.stop();
  await Promise.all([smtp?.close(), hooks?.close(), feeds?.close()]);
});

describe('who may keep alerts, and whose they are', () => {
  it('refuses an editor without the alerts permission (403), on every alert route', async () => {
    for (const res of [
      await as('reader').get('/wire/alerts'),
      await as('reader').post('/wire/alerts', { name: 'x', q: 'harbour' }),
      await as('reader').put('/wire/alerts/1', { name: 'x' }),
      await as('reader').delete('/wire/alerts/1'),
      await as('reader').get('/wire/alerts/1/matches'),
    ])
      expectError(res, 403);
    // The desk's notifications are every reader's own.
    expect((await as('reader').get('/wire/notifications')).body.meta.unread).toBe(0);
  });

  it("keeps each editor's alerts their own: another's is not found to read, change, delete or list", async () => {
    const created = await as('bob').post('/wire/alerts', { name: "Bob's harbour", q: 'harbour' });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expectError(await as('ann').get(`/wire/alerts/${id}`), 404);
    expectError(await as('ann').put(`/wire/alerts/${id}`, { q: 'anything' }), 404);
    expectError(await as('ann').delete(`/wire/alerts/${id}`), 404);
    expectError(await as('ann').get(`/wire/alerts/${id}/matches`), 404);
    expect((await as('ann').get('/wire/alerts')).body.data).toEqual([]);
    // Still Bob's, unchanged.
    expect((await as('bob').get(`/wire/alerts/${id}`)).body.data).toMatchObject({
      name: "Bob's harbour",
      q: 'harbour',
    });
    expect((await as('bob').delete(`/wire/alerts/${id}`)).status).toBe(200);
    expectError(await as('bob').get(`/wire/alerts/${id}`), 404);
  });

  it('answers a search that does not read with 400 naming q, and other bad fields by name', async () => {
    for (const q of ['"harbour strike', 'OR strike', 'h*', '']) {
      const error = expectError(await as('ann').post('/wire/alerts', { name: 'Bad', q }), 400, 'ValidationError');
      expect(error.message).toMatch(/^q\b/);
      expect(error.details.errors[0].path).toEqual(['q']);
    }
    const bad = [
      [{ name: '', q: 'harbour' }, 'name'],
      [{ name: 'x', q: 'harbour', maxUrgency: 12 }, 'maxUrgency'],
      [{ name: 'x', q: 'harbour', agencies: ['NO-SUCH-AGENCY'] }, 'agencies'],
      [{ name: 'x', q: 'harbour', email: 'yes' }, 'email'],
    ] as const;
    for (const [body, field] of bad) {
      const error = expectError(await as('ann').post('/wire/alerts', body), 400, 'ValidationError');
      expect(error.details.errors[0].path).toEqual([field]);
    }
    expect((await as('ann').get('/wire/alerts')).body.data).toEqual([]);
  });

  it('refuses a webhook to an address Wire may not reach, with the reason, and keeps nothing', async () => {
    for (const url of [
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/hook',
      'http://user:secret@hooks.example.test/x',
      'ftp://hooks.example.test/x',
    ]) {
      const error = expectError(
        await as('ann').post('/wire/alerts', { name: 'Hook', q: 'harbour', webhookUrl: url }),
        400,
        'ValidationError',
      );
      expect(error.details.errors[0].path).toEqual(['webhookUrl']);
      expect(error.message).toMatch(/^webhookUrl: /);
    }
    const refused = expectError(
      await as('ann').post('/wire/alerts', { name: 'Hook', q: 'harbour', webhookUrl: 'http://10.1.2.3/hook' }),
      400,
    );
    expect(refused.message).toContain('loopback, private or otherwise not public');
    expect((await as('ann').get('/wire/alerts')).body.data).toEqual([]);
  });
});

describe('notifications, once across two more nodes', () => {
  beforeAll(async () => {
    await Promise.all([startNode(), startNode()]);
  });

  it('notifies the owner of an alert of new matching copy on the desk, by e-mail and by signed webhook, once', async () => {
    const created = await as('ann').post('/wire/alerts', {
      name: 'Harbour strikes',
      q: 'harbour strike -rumour',
      agencies: ['AP'],
      email: true,
      webhookUrl: hooks.url('/ann'),
    });
    expect(created.status).toBe(201);
    const alert = created.body.data;
    expect(alert).toMatchObject({ agencies: ['AP'], email: true, webhookUrl: hooks.url('/ann'), matches: 0 });

    // Matches (a stemmed form); the wrong agency; an excluded word; another topic.
    await ingest(
      story({
        agency: 'AP',
        guid: 'match',
        headline: 'Dock workers walk out',
        body: 'Harbour workers in Hamburg are striking for a third day over automated cranes.',
      }),
    );
    await ingest(
      story({ agency: 'AFP', guid: 'other-agency', headline: 'Harbour strike', body: 'The harbour strike goes on.' }),
    );
    await ingest(
      story({ agency: 'AP', guid: 'rumour', headline: 'Harbour strike rumour', body: 'A rumour of a harbour strike.' }),
    );
    await ingest(story({ agency: 'AP', guid: 'weather', headline: 'Rain', body: 'It will rain in Hamburg.' }));
    const matchedId = (
      await app.strapi.db.query('plugin::wire.article').findOne({ where: { guid: { $endsWith: ':match' } } })
    ).documentId;

    const mails = await until(
      'the e-mail to ann',
      () => smtp.mails.filter((m) => m.to.includes('ann@alerts.test')),
      (m) => m.length >= 1,
    );
    const sent = await until(
      'both webhooks',
      () => hooks.hooks.filter((h) => JSON.parse(h.body).event === 'alert.match'),
      (h) => h.length >= 2,
    );
    // Every delivery settled, then a few more ticks of both nodes: nothing goes out again.
    await until(
      'deliveries settled',
      () => wire(app.strapi).service('notify').deliveriesOf(`alert:${alert.id}:`),
      (d) => d.every((x: any) => x.status === 'sent'),
    );
    await new Promise((r) => setTimeout(r, 3000));
    expect(smtp.mails.filter((m) => m.to.includes('ann@alerts.test'))).toHaveLength(1);
    expect(mails[0].subject).toContain('Harbour strikes');
    expect(mails[0].text).toContain('Dock workers walk out');
    expect(mails[0].from).toBe('wire@desk.test');
    const alertHooks = hooks.hooks.filter((h) => JSON.parse(h.body).event === 'alert.match');
    expect(alertHooks.map((h) => h.path).sort()).toEqual(['/ann', '/operator']);
    for (const hook of sent) {
      expect(verifySignature(SECRET, hook.body, hook.headers['x-wire-signature'] as string)).toBe(true);
      expect(verifySignature('another secret', hook.body, hook.headers['x-wire-signature'] as string)).toBe(false);
      expect(verifySignature(SECRET, `${hook.body} `, hook.headers['x-wire-signature'] as string)).toBe(false);
      expect(hook.headers['x-wire-event']).toBe('alert.match');
      expect(JSON.parse(hook.body)).toMatchObject({
        event: 'alert.match',
        alert: { id: alert.id, name: 'Harbour strikes' },
        article: { documentId: matchedId, headline: 'Dock workers walk out', agency: 'AP' },
      });
      // Never the story's text.
      expect(hook.body).not.toContain('automated cranes');
    }
    const deliveries = await wire(app.strapi).service('notify').deliveriesOf(`alert:${alert.id}:`);
    expect(deliveries.map((d: any) => [d.channel, d.status, d.attempts])).toEqual([
      ['email', 'sent', 1],
      ['webhook', 'sent', 1],
      ['webhook', 'sent', 1],
    ]);

    // The desk: Ann's badge and list; the matches of the alert.
    const list = (await as('ann').get('/wire/notifications')).body;
    expect(list.meta.unread).toBe(1);
    expect(list.data).toEqual([
      expect.objectContaining({
        kind: 'alert',
        title: 'Dock workers walk out',
        link: `articles/${matchedId}`,
        alert: { id: alert.id, name: 'Harbour strikes' },
        readAt: null,
      }),
    ]);
    expect((await as('bob').get('/wire/notifications')).body.meta.unread).toBe(0);
    const matches = (await as('ann').get(`/wire/alerts/${alert.id}/matches`)).body;
    expect(matches.data.map((m: any) => m.article.documentId)).toEqual([matchedId]);
    expect((await as('ann').get(`/wire/alerts/${alert.id}`)).body.data.matches).toBe(1);
    // Bob cannot mark Ann's read; Ann can.
    expect((await as('bob').post('/wire/notifications/read', { ids: [list.data[0].id] })).body.data.unread).toBe(0);
    expect((await as('ann').get('/wire/notifications')).body.meta.unread).toBe(1);
    expect((await as('ann').post('/wire/notifications/read', { ids: [list.data[0].id] })).body.data.unread).toBe(0);

    // An update of the matched story is not new copy to be told of again.
    await ingest(
      story({
        agency: 'AP',
        guid: 'match',
        version: 2,
        headline: 'Dock workers walk out',
        body: 'Harbour workers in Hamburg are striking for a fourth day over automated cranes.',
      }),
    );
    expect((await as('ann').get('/wire/notifications')).body.meta.unread).toBe(0);
    expect(await wire(app.strapi).service('notify').deliveriesOf(`alert:${alert.id}:`)).toHaveLength(3);
  }, 90_000);

  it('tells the editors who manage feeds that a feed is failing, once, on the desk, by e-mail and webhook', async () => {
    const feed = (await wire(app.strapi)
      .service('feeds')
      .create({ name: 'broken-wire', source: feeds.url('/500'), format: 'rss', pollIntervalMinutes: 60 }))!;
    await wire(app.strapi).service('poller').pollFeed(feed.documentId, 'manual');
    const mail = await until(
      "fran's e-mail",
      () => smtp.mails.filter((m) => m.to.includes('fran@alerts.test')),
      (m) => m.length >= 1,
    );
    const hook = await until(
      'the operator webhook',
      () => hooks.hooks.filter((h) => JSON.parse(h.body).event === 'feed.trouble'),
      (h) => h.length >= 1,
    );
    await until(
      'deliveries settled',
      () => wire(app.strapi).service('notify').deliveriesOf(`feed:${feed.documentId}:`),
      (d) => d.length > 0 && d.every((x: any) => x.status === 'sent'),
    );
    // More ticks on both nodes, and a second failure: the same episode, not told again.
    await wire(app.strapi).service('poller').pollFeed(feed.documentId, 'manual');
    await new Promise((r) => setTimeout(r, 3000));
    expect(smtp.mails.filter((m) => m.to.includes('fran@alerts.test'))).toHaveLength(1);
    expect(mail[0].subject).toBe('[Wire] Feed "broken-wire" is failing');
    expect(mail[0].text).toContain('HTTP 500');
    expect(mail[0].text).toContain(`/admin/plugins/wire/feeds/${feed.documentId}`);
    const feedHooks = hooks.hooks.filter((h) => JSON.parse(h.body).event === 'feed.trouble');
    expect(feedHooks).toHaveLength(1);
    expect(verifySignature(SECRET, hook[0].body, hook[0].headers['x-wire-signature'] as string)).toBe(true);
    expect(JSON.parse(hook[0].body)).toMatchObject({
      feed: { documentId: feed.documentId, name: 'broken-wire', trouble: 'failing' },
    });
    // Not to editors who do not manage feeds.
    expect(smtp.mails.filter((m) => !m.to.every((t) => ['ann@alerts.test', 'fran@alerts.test'].includes(t)))).toEqual(
      [],
    );
    const desk = (await as('fran').get('/wire/notifications')).body;
    expect(desk.meta.unread).toBe(1);
    expect(desk.data[0]).toMatchObject({ kind: 'feed', trouble: 'failing', link: `feeds/${feed.documentId}` });
    expect((await as('ann').get('/wire/notifications')).body.data.filter((n: any) => n.kind === 'feed')).toEqual([]);
    expect(
      (await wire(app.strapi).service('notify').deliveriesOf(`feed:${feed.documentId}:`)).map((d: any) => [
        d.channel,
        d.target,
        d.status,
      ]),
    ).toEqual([
      ['email', 'fran@alerts.test', 'sent'],
      ['webhook', hooks.url('/operator'), 'sent'],
    ]);
  }, 90_000);

  it('keeps a webhook that failed with its reason for a later try, and ingest goes on', async () => {
    const alert = (
      await as('bob').post('/wire/alerts', { name: 'Cranes', q: 'cranes', webhookUrl: hooks.url('/broken') })
    ).body.data;
    const summary = await ingest(
      story({ agency: 'DPA', guid: 'cranes', headline: 'New cranes arrive', body: 'Six cranes arrived today.' }),
    );
    expect(summary).toMatchObject({ created: 1, rejected: 0 });
    const [own] = await until(
      'the failed try',
      async () =>
        (await wire(app.strapi).service('notify').deliveriesOf(`alert:${alert.id}:`)).filter(
          (d: any) => d.target === hooks.url('/broken'),
        ),
      (d) => d.length === 1 && d[0].attempts >= 1,
    );
    expect(own).toMatchObject({ channel: 'webhook', status: 'pending', attempts: 1 });
    expect(own.error).toMatch(/^HTTP 500/);
    // The operator's webhook got it all the same; Bob's desk too.
    await until(
      "the operator's copy",
      () => hooks.hooks.filter((h) => h.path === '/operator' && JSON.parse(h.body).alert?.id === alert.id),
      (h) => h.length === 1,
    );
    expect((await as('bob').get('/wire/notifications')).body.meta.unread).toBe(1);
  }, 60_000);
});
