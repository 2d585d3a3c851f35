/**
 * Push tokens write only their agencies, and a partner's keys live and die with the partner: an
 * AFP push token that forges a USPA story's identity, or cancels it, is refused item by item (the
 * rest of its batch goes in); inactive, expired and revoked partners neither push nor read;
 * revoking revokes every key and reactivating revives none; an admin-made token gets the least.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { APP_DIR, partnerToken, plainToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const run = promisify(execFile);
let app: TestApp;
let http: any;
const tokens: Record<string, string> = {};

const BODY =
  'The harbour authority said on Friday that the new cranes would be in service by the spring. Dock workers welcomed the plan after two years of talks.';

/** A ninjs item whose agency is the copyright holder's (USPA News → USPA, AFP → AFP). */
const ninjs = (uri: string, holder: 'USPA News' | 'AFP', fields: Record<string, unknown> = {}) => ({
  uri,
  version: 1,
  headline: `Story ${uri}`,
  body_text: BODY,
  copyrightholder: holder,
  copyrightnotice: `Copyright ${holder}. May be republished in full.`,
  versioncreated: '2026-11-20T10:00:00Z',
  ...fields,
});

const push = (items: object[], token: string) =>
  request(http)
    .post('/api/wire/ingest?format=ninjs')
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(items));
const get = (url: string, token: string) => request(http).get(url).set('Authorization', `Bearer ${token}`);
const article = (guid: string) =>
  app.strapi.db.query('plugin::wire.article').findOne({ where: { guid }, populate: { versions: true, agency: true } });

async function cli(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), ...args], {
      cwd: APP_DIR,
      env: app.env,
      timeout: 120000,
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error: any) {
    return { code: error.code as number, stdout: String(error.stdout ?? ''), stderr: String(error.stderr ?? '') };
  }
}

beforeAll(async () => {
  app = await startStrapi();
  http = app.strapi.server.httpServer;
  // The USPA story another agency will try to overwrite, stored by Wire's own ingest.
  const seeded = await wire(app.strapi)
    .service('ingest')
    .ingestDocument(
      JSON.stringify([ninjs('urn:test:uspa-harbour', 'USPA News', { slugline: 'Harbour-Cranes' })]),
      'seed',
      { format: 'ninjs' },
    );
  expect(seeded).toMatchObject({ created: 1, rejected: 0 });
  tokens.afpPush = await partnerToken(app.strapi, 'afp-pusher', 'full', { ingest: true, agencies: ['AFP'] });
  tokens.reader = await partnerToken(app.strapi, 'reader', 'full');
});

afterAll(async () => {
  await app?.stop();
});

describe('a push token writes only its agencies', () => {
  it('refuses, item by item with the reason, copy credited to another agency; the rest of the batch is stored', async () => {
    const res = await push(
      [
        ninjs('urn:test:afp-own', 'AFP'),
        ninjs('urn:test:uspa-harbour', 'USPA News', {
          version: 2,
          headline: 'FORGEDTEXT',
          body_text: 'FORGEDTEXT replaces the story.',
        }),
      ],
      tokens.afpPush,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ items: 2, created: 1, updated: 0, rejected: 1 });
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        item: 2,
        guid: 'urn:test:uspa-harbour',
        field: 'agency',
        reason: 'copy credited to USPA: this token may push only for AFP',
      }),
    ]);
    const uspa = await article('urn:test:uspa-harbour');
    expect(uspa).toMatchObject({ headline: 'Story urn:test:uspa-harbour', version: 1, pubStatus: 'usable' });
    expect(uspa.bodyText).not.toMatch(/FORGEDTEXT/);
    expect(uspa.versions).toHaveLength(0);
    expect((await article('urn:test:afp-own')).agency.code).toBe('AFP');
  });

  it("never cancels another agency's story, by its identity or by a kill advisory naming its slug", async () => {
    const res = await push(
      [
        ninjs('urn:test:uspa-harbour', 'USPA News', { version: 3, pubstatus: 'canceled' }),
        ninjs('urn:test:uspa-kill', 'USPA News', { slugline: 'Harbour-Cranes-KILL', pubstatus: 'canceled' }),
      ],
      tokens.afpPush,
    );
    expect(res.body).toMatchObject({ items: 2, created: 0, updated: 0, rejected: 2 });
    expect(res.body.problems.map((p: any) => p.field)).toEqual(['agency', 'agency']);
    expect(await article('urn:test:uspa-harbour')).toMatchObject({ pubStatus: 'usable', version: 1 });
    const served = await get('/api/wire/articles?agency=USPA', tokens.reader);
    expect(served.body.data.map((a: any) => a.headline)).toEqual(['Story urn:test:uspa-harbour']);
  });

  it('lets an --any-agency token push every agency, and refuses a push token made with neither agencies nor --any-agency', async () => {
    await expect(
      wire(app.strapi).service('partners').createPartnerToken({ name: 'vague', access: 'full', ingest: true }),
    ).rejects.toThrow(/--agencies USPA,\.\.\.\), or --any-agency/);
    const refused = await cli('token', 'create', 'vague-cli', '--ingest');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /a push token needs the agencies whose copy it may write \(--agencies USPA,\.\.\.\), or --any-agency for every agency/,
    );
    const made = await cli('token', 'create', 'all-agencies', '--ingest', '--any-agency', '--access', 'full');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/allowed to push copy of any agency/);
    const key = made.stdout.trim().split('\n').pop() as string;
    const res = await push([ninjs('urn:test:uspa-other', 'USPA News'), ninjs('urn:test:afp-other', 'AFP')], key);
    expect(res.body).toMatchObject({ created: 2, rejected: 0 });
  });

  it('refuses a partner allowed to push but with neither agencies nor "any agency" (made before scoping existed)', async () => {
    const key = await partnerToken(app.strapi, 'legacy-pusher', 'full', { ingest: true, agencies: ['AFP'] });
    await app.strapi.db
      .query('plugin::wire.partner')
      .update({ where: { name: 'legacy-pusher' }, data: { agencies: [] } });
    const res = await push([ninjs('urn:test:legacy', 'AFP')], key);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/may not push/);
    expect(await article('urn:test:legacy')).toBeNull();
  });
});

describe('inactive, expired and revoked partners neither push nor read', () => {
  it("refuses an inactive or expired partner's push with 403, and stores nothing", async () => {
    for (const [name, data] of [
      ['inactive-pusher', { active: false }],
      ['expired-pusher', { expiresAt: '2026-01-01T00:00:00.000Z' }],
    ] as const) {
      const key = await partnerToken(app.strapi, name, 'full', { ingest: true, agencies: ['AFP'] });
      expect((await push([ninjs(`urn:test:${name}-ok`, 'AFP')], key)).status).toBe(200);
      await app.strapi.db.query('plugin::wire.partner').update({ where: { name }, data });
      const res = await push([ninjs(`urn:test:${name}`, 'AFP')], key);
      expect(res.status).toBe(403);
      expect(await article(`urn:test:${name}`)).toBeNull();
      expect((await get('/api/wire/articles', key)).status).toBe(403);
    }
  });

  it('revoking at the desk revokes every key; setting the partner active again revives none, a new key works', async () => {
    await createAdmin(app.strapi, 'chief@push.test', [(await superAdminRole(app.strapi)).id]);
    const admin = await adminToken(http, 'chief@push.test');
    const first = await partnerToken(app.strapi, 'two-keys', 'quote', { ingest: true, agencies: ['AFP'] });
    const second = (await wire(app.strapi).service('partners').addPartnerToken('two-keys')).accessKey;
    const third = (await wire(app.strapi).service('partners').addPartnerToken('two-keys')).accessKey;
    for (const key of [first, second, third]) expect((await get('/api/wire/articles', key)).status).toBe(200);
    const partner = await app.strapi.db.query('plugin::wire.partner').findOne({ where: { name: 'two-keys' } });
    const revoked = await request(http)
      .post(`/wire/partners/${partner.documentId}/revoke`)
      .set('Authorization', `Bearer ${admin}`);
    expect(revoked.body.data).toMatchObject({ active: false, revoked: true, keys: 0 });
    const reactivated = await request(http)
      .put(`/wire/partners/${partner.documentId}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ active: true });
    expect(reactivated.body.data).toMatchObject({ active: true, revoked: true, keys: 0 });
    for (const key of [first, second, third]) {
      expect([401, 403]).toContain((await get('/api/wire/articles', key)).status);
      expect([401, 403]).toContain((await push([ninjs('urn:test:revoked', 'AFP')], key)).status);
    }
    expect(await article('urn:test:revoked')).toBeNull();
    // A new key only for editors who manage partners.
    await createAdmin(app.strapi, 'reader@push.test', [
      (await createRole(app.strapi, 'Desk reader', [WIRE_ACTIONS.readDesk])).id,
    ]);
    const reader = await adminToken(http, 'reader@push.test');
    expect(
      (await request(http).post(`/wire/partners/${partner.documentId}/keys`).set('Authorization', `Bearer ${reader}`))
        .status,
    ).toBe(403);
    const fresh = await request(http)
      .post(`/wire/partners/${partner.documentId}/keys`)
      .set('Authorization', `Bearer ${admin}`);
    expect(fresh.status).toBe(201);
    expect(fresh.body.data).toMatchObject({ active: true, revoked: false, keys: 1 });
    const res = await get('/api/wire/articles', fresh.body.meta.accessKey);
    expect(res.status).toBe(200);
    expect(res.body.meta.access).toBe('quote');
  });

  it("deletes a partner's keys with the partner, so they do not fall back to the defaults", async () => {
    const key = await partnerToken(app.strapi, 'to-delete', 'full', { agencies: ['AFP'] });
    const extra = (await wire(app.strapi).service('partners').addPartnerToken('to-delete')).accessKey;
    await app.strapi.db.query('plugin::wire.partner').delete({ where: { name: 'to-delete' } });
    for (const k of [key, extra]) expect((await get('/api/wire/articles', k)).status).toBe(401);
    expect(await app.strapi.db.query('plugin::wire.partner-token').count({ where: { partner: null } })).toBe(0);
  });
});

describe('a token made in the admin without a partner', () => {
  it('gets quote access and cannot push, even a full-access token', async () => {
    const key = await plainToken(app.strapi, 'admin-made-full', 'full-access');
    const res = await get('/api/wire/articles', key);
    expect(res.status).toBe(200);
    expect(res.body.meta.access).toBe('quote');
    const pushed = await push([ninjs('urn:test:admin-made', 'AFP')], key);
    expect(pushed.status).toBe(403);
    expect(pushed.body.error.message).toMatch(/only a partner's push token may push/);
    expect(await article('urn:test:admin-made')).toBeNull();
  });
});
