/**
 * What routing rules do besides routing (issue 25, items 1 and 2), on a real Strapi with a local SMTP
 * sink and webhook receiver: `then.take` takes a matching story to the site as a draft, once, with
 * the rights of the editor who saved the rule (full text for a full-access agency, the licensed
 * quotation for a quote-only one), and stops taking when that editor loses the right, saying why on
 * the rule; a rule that takes may not be saved by an editor who may not take; `then.notify` tells the
 * editors who manage rules on the desk, by e-mail and by signed webhook, once per story.
 */
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { expectError } from '../helpers/errors';
import { g2Item, QUOTE_TERMS, type G2Story } from '../helpers/g2-copy';
import { startSmtpSink, startWebhookSink, type SmtpSink, type WebhookSink } from '../helpers/notify-sinks';
import { ALLOW_LOOPBACK } from '../helpers/feed-server';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const STORY = 'api::story.story';
const CM_CREATE = 'plugin::content-manager.explorer.create';
const FIELDS = ['title', 'body', 'byline', 'dateline', 'credit', 'sourceLink', 'licenceNotice'];

let app: TestApp;
let http: any;
let smtp: SmtpSink;
let hooks: WebhookSink;
const token: Record<string, string> = {};
const roleId: Record<string, number> = {};

const admin = (method: 'get' | 'post' | 'put' | 'delete', path: string, who: string, body?: unknown) => {
  const req = request(http)[method](`/wire${path}`).set('Authorization', `Bearer ${token[who]}`);
  return body === undefined ? req : req.send(body as object);
};
const ingest = (s: G2Story) => wire(app.strapi).service('ingest').ingestDocument(g2Item(s), `${s.guid}.xml`);
const rowOf = (guid: string) =>
  app.strapi.db.query('plugin::wire.article').findOne({ where: { guid: `urn:newsml:licence.test:${guid}` } });
const story = (over: Partial<G2Story> & { guid: string }): G2Story => ({
  agency: 'FUL',
  headline: 'Harbour strike halts container traffic',
  seed: over.guid.replace(/[^a-z]/gi, ''),
  words: 200,
  terms: QUOTE_TERMS,
  ...over,
});
const draftsOf = async (title: string) =>
  (await app.strapi.documents(STORY as any).findMany({ status: 'draft', filters: { title } } as any)) as any[];
/** Takes what is queued now (the tick's work), then the rows for these stories. */
const drained = async (guids: string[]) => {
  await wire(app.strapi).service('take').drain();
  const ids = new Set<number>();
  for (const g of guids) ids.add(Number((await rowOf(g)).id));
  return (await wire(app.strapi).service('take').queued()).filter((r: any) => ids.has(Number(r.article_id)));
};

async function until<T>(what: string, read: () => Promise<T> | T, ok: (v: T) => boolean, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  [smtp, hooks] = await Promise.all([startSmtpSink(), startWebhookSink()]);
  app = await startStrapi({
    ...ALLOW_LOOPBACK,
    WIRE_RATE_LIMIT: '0',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    EMAIL_FROM: 'wire@desk.test',
    WIRE_NOTIFY_EMAIL: 'true',
    WIRE_NOTIFY_WEBHOOK_URL: hooks.url('/operator'),
    WIRE_NOTIFY_WEBHOOK_SECRET: 'rule-actions-secret',
  });
  http = app.strapi.server.httpServer;
  const s = app.strapi;
  const roles = s.service('admin::role');
  // Manages rules, may take and may create stories: its rules take.
  const taker = await createRole(s, 'Rules taker', [
    WIRE_ACTIONS.readDesk,
    WIRE_ACTIONS.manageRules,
    WIRE_ACTIONS.takeArticles,
  ]);
  await roles.addPermissions(taker.id, [
    { action: CM_CREATE, subject: STORY, properties: { fields: FIELDS }, conditions: [] },
  ]);
  roleId.taker = taker.id;
  // Manages rules, may not take.
  const ruler = await createRole(s, 'Rules only', [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageRules]);
  // May take (the Wire permission) but not create stories.
  const nocm = await createRole(s, 'Rules no CM', [
    WIRE_ACTIONS.readDesk,
    WIRE_ACTIONS.manageRules,
    WIRE_ACTIONS.takeArticles,
  ]);
  // Reads the desk only: told nothing of rules.
  const reader = await createRole(s, 'Rules reader', [WIRE_ACTIONS.readDesk]);
  for (const [who, role] of [
    ['taker', taker],
    ['ruler', ruler],
    ['nocm', nocm],
    ['reader', reader],
  ] as const) {
    await createAdmin(s, `${who}@rule-actions.test`, [role.id]);
    token[who] = await adminToken(http, `${who}@rule-actions.test`);
  }
  await createAdmin(s, 'chief@rule-actions.test', [(await superAdminRole(s)).id]);
  token.chief = await adminToken(http, 'chief@rule-actions.test');
  // Stories from FUL and QUO must exist before their agencies can be set: one each, matching no rule.
  await ingest(story({ guid: 'seed-ful', headline: 'Weather', seed: 'seedf' }));
  await ingest(story({ guid: 'seed-quo', agency: 'QUO', headline: 'Weather', seed: 'seedq' }));
  expect((await admin('put', '/agencies/FUL', 'chief', { newsroomAccess: 'full' })).status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
  await Promise.all([smtp?.close(), hooks?.close()]);
});

describe('who may save a rule that takes', () => {
  it('refuses an editor who may not take, or may not create the target type, and names then.take', async () => {
    const rule = { name: 'Take harbour', when: { q: 'harbour' }, then: { take: true } };
    for (const who of ['ruler', 'nocm']) {
      const error = expectError(await admin('post', '/rules', who, rule), 403);
      expect(error.message).toMatch(/^then\.take: /);
    }
    // The same editors may save rules that do not take, and may not change one into a rule that takes.
    const plain = await admin('post', '/rules', 'ruler', {
      name: 'Plain',
      when: { q: 'nothing-matches-this' },
      then: { section: 'X' },
    });
    expect(plain.status).toBe(201);
    expectError(await admin('put', `/rules/${plain.body.data.documentId}`, 'ruler', rule), 403);
    expect((await admin('delete', `/rules/${plain.body.data.documentId}`, 'ruler')).status).toBe(200);
    expect((await admin('get', '/rules', 'ruler')).body.data).toHaveLength(0);
  });

  it('never takes the saver from the request body', async () => {
    const res = await admin('post', '/rules', 'taker', {
      name: 'Forged',
      when: { q: 'nothing-matches-this' },
      then: { section: 'X' },
      savedBy: 'chief@rule-actions.test',
      savedById: 1,
    });
    // The desk sends a rule back with its read-only fields; they are ignored, the saver is the session's.
    expect(res.status).toBe(201);
    expect(res.body.data.savedBy).toBe('taker@rule-actions.test');
    const stored = await app.strapi.db
      .query('plugin::wire.rule')
      .findOne({ where: { documentId: res.body.data.documentId } });
    const taker = await app.strapi.db.query('admin::user').findOne({ where: { email: 'taker@rule-actions.test' } });
    expect(stored.savedById).toBe(taker.id);
    expect((await admin('delete', `/rules/${res.body.data.documentId}`, 'taker')).status).toBe(200);
  });
});

describe('then.take', () => {
  let ruleId: string;

  it('takes a matching story of a full-access agency as a draft with the whole text, once', async () => {
    const created = await admin('post', '/rules', 'taker', {
      name: 'Harbour to the site',
      when: { q: 'harbour' },
      then: { take: true, notify: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ savedBy: 'taker@rule-actions.test', takeProblem: null });
    ruleId = created.body.data.documentId;

    await ingest(story({ guid: 'take-full', headline: 'Harbour strike halts traffic', seed: 'fullx' }));
    await ingest(story({ guid: 'no-match', headline: 'Budget vote delayed', seed: 'budgx' }));
    const [queued] = await drained(['take-full']);
    expect(queued).toMatchObject({ status: 'done', rule_document_id: ruleId });
    const drafts = await draftsOf('Harbour strike halts traffic');
    expect(drafts).toHaveLength(1);
    expect(drafts[0].body).toContain('fullx200');
    expect(drafts[0].body).toContain('Source: <a href="https://agency.example.test/take-full">');
    expect(drafts[0].licenceNotice).toBe(QUOTE_TERMS);
    expect(await draftsOf('Budget vote delayed')).toHaveLength(0);
    // Never published: a draft for an editor to finish.
    expect(
      await app.strapi.documents(STORY as any).findOne({ documentId: drafts[0].documentId, status: 'published' }),
    ).toBeNull();

    // The article says where it went, by which rule and with whose rights.
    const view = await admin('get', `/articles/${(await rowOf('take-full')).documentId}`, 'taker');
    expect(view.body.data.article.takenTo).toEqual([
      expect.objectContaining({
        target: STORY,
        documentId: drafts[0].documentId,
        mode: 'full-text',
        by: 'taker@rule-actions.test',
        rule: 'Harbour to the site',
      }),
    ]);

    // An update of the story (a new text) and a re-delivery: still one draft.
    await ingest(
      story({
        guid: 'take-full',
        headline: 'Harbour strike halts traffic',
        seed: 'fullx',
        version: 2,
        correctFrom: 50,
      }),
    );
    await ingest(
      story({
        guid: 'take-full',
        headline: 'Harbour strike halts traffic',
        seed: 'fullx',
        version: 2,
        correctFrom: 50,
      }),
    );
    await drained(['take-full']);
    expect(await draftsOf('Harbour strike halts traffic')).toHaveLength(1);
  });

  it("takes a quote-only agency's story as the marked quotation within the licence", async () => {
    await ingest(story({ guid: 'take-quote', agency: 'QUO', headline: 'Harbour cranes idle', seed: 'quotx' }));
    const [queued] = await drained(['take-quote']);
    expect(queued.status).toBe('done');
    const [draft] = await draftsOf('Harbour cranes idle');
    const words = (draft.body as string).match(/quotx\d+/g) ?? [];
    expect(words.length).toBeGreaterThan(0);
    // 5 % of 200 words.
    expect(words.length).toBeLessThanOrEqual(10);
    expect(draft.body).toContain('Source: <a href="https://agency.example.test/take-quote">');
  });

  it('does not take a killed story', async () => {
    await ingest(story({ guid: 'take-killed', headline: 'Harbour fire', seed: 'killx', status: 'canceled' }));
    await drained(['take-killed']);
    expect(await draftsOf('Harbour fire')).toHaveLength(0);
  });

  it('stops taking when the saver loses the right, and says why on the rule', async () => {
    // The saver's role loses the Content Manager's create on stories.
    const roles = app.strapi.service('admin::role');
    const kept = (await app.strapi.db.query('admin::permission').findMany({ where: { role: { id: roleId.taker } } }))
      .filter((p: any) => p.action !== CM_CREATE)
      .map((p: any) => ({ action: p.action, subject: p.subject, properties: p.properties, conditions: p.conditions }));
    await roles.assignPermissions(roleId.taker, kept);

    await ingest(story({ guid: 'take-refused', headline: 'Harbour pilots strike', seed: 'refsx' }));
    const [queued] = await drained(['take-refused']);
    expect(queued.status).toBe('refused');
    expect(queued.reason).toContain('may not create api::story.story');
    expect(await draftsOf('Harbour pilots strike')).toHaveLength(0);
    const rule = (await admin('get', `/rules/${ruleId}`, 'chief')).body.data;
    expect(rule.takeProblem).toContain('may not create api::story.story');
    const view = await admin('get', `/articles/${(await rowOf('take-refused')).documentId}`, 'chief');
    expect(view.body.data.article.takenTo).toEqual([]);
  });
});

describe('then.notify', () => {
  it('tells the editors who manage rules on the desk, by e-mail and by signed webhook, once per story', async () => {
    const row = await rowOf('take-full');
    const key = `rule:${row.id}`;
    await until(
      'the deliveries of the first story',
      () => wire(app.strapi).service('notify').deliveriesOf(key),
      (d: any[]) => d.length >= 2 && d.every((x) => x.status === 'sent'),
    );
    const forStory = (list: any[]) => list.filter((n) => n.link === `articles/${row.documentId}`);
    for (const who of ['taker', 'ruler', 'chief']) {
      const mine = forStory((await admin('get', '/notifications', who)).body.data);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'rule', title: 'Harbour strike halts traffic' });
      expect(mine[0].detail).toContain('Harbour to the site');
    }
    expect(forStory((await admin('get', '/notifications', 'reader')).body.data)).toHaveLength(0);
    const mails = smtp.mails.filter((m) => m.text.includes('Harbour strike halts traffic'));
    expect(
      mails
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual(expect.arrayContaining(['ruler@rule-actions.test', 'taker@rule-actions.test']));
    // One mail per editor, though the story came three times.
    const perEditor = mails.filter((m) => m.to.includes('taker@rule-actions.test'));
    expect(perEditor).toHaveLength(1);
    const sent = hooks.hooks.filter((h) => JSON.parse(h.body).id === key);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0].body)).toMatchObject({
      event: 'rule.match',
      rules: ['Harbour to the site'],
      article: { documentId: row.documentId },
    });
    expect(sent[0].headers['x-wire-signature']).toBeTruthy();
  });
});
