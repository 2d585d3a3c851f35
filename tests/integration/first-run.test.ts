/**
 * The first run: with the demo switched on (as `npm run develop` does on a fresh clone), an empty
 * database gets the demo feeds, and the partner API serves them at once. A restart does not ingest
 * them again, and the unique indexes Wire relies on survive Strapi's schema sync.
 */
import path from 'node:path';
import request from 'supertest';
import { APP_DIR, partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { createStrapi } from '@strapi/strapi';
import { adminToken, createAdmin, superAdminRole } from '../helpers/admin';

let app: TestApp;

beforeAll(async () => {
  app = await startStrapi({ WIRE_SEED_DEMO: 'true' });
});

afterAll(async () => {
  await app?.stop();
});

it('ingests the demo feeds into an empty database', async () => {
  const token = await partnerToken(app.strapi, 'demo-reader', 'full');
  const res = await request(app.strapi.server.httpServer)
    .get('/api/wire/articles')
    .set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  expect(res.body.meta.pagination.total).toBe(5);
  const headlines = res.body.data.map((a: any) => a.headline);
  expect(headlines).toContain('Researchers map the sound of a glacier as it retreats');
  expect(headlines).toContain('Stadtwerke testen Straßenbahn mit Wasserstoff im Linienbetrieb');
  for (const a of res.body.data) {
    expect(a.agency.code).toBe('USPA');
    expect(a.licence.terms.quoteLimitPercent).toBe(5);
    expect(a.dateline.text).toMatch(/USPA News\)? -$/);
    expect(a.body).not.toMatch(/Liability|Haftung/);
  }
  // The English and the German footer: two licences for five articles.
  expect(await app.strapi.db.query('plugin::wire.licence').count()).toBe(2);
});

it('gives a quote partner an excerpt of every demo article, within its licence and with its link', async () => {
  const token = await partnerToken(app.strapi, 'demo-quoter', 'quote');
  const res = await request(app.strapi.server.httpServer)
    .get('/api/wire/articles')
    .set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  expect(res.body.data).toHaveLength(5);
  for (const a of res.body.data) {
    expect({ headline: a.headline, mode: a.usage.mode, reason: a.usage.reason }).toEqual({
      headline: a.headline,
      mode: 'quote',
      reason: undefined,
    });
    expect(a.usage.wordsServed).toBeGreaterThan(0);
    expect(a.usage.wordsServed).toBeLessThanOrEqual(a.usage.quoteLimitWords);
    expect(a.usage.attribution.url).toMatch(/^https:\/\//);
    expect(a.body).toContain('<blockquote>');
  }
});

it("shows the desk each story's dateline in parts, and which stories quote partners get as headline only", async () => {
  const http = app.strapi.server.httpServer;
  await createAdmin(app.strapi, 'first@run.test', [(await superAdminRole(app.strapi)).id]);
  const auth = { Authorization: `Bearer ${await adminToken(http, 'first@run.test')}` };
  const rows = async () => {
    const res = await request(http).get('/wire/articles').set(auth);
    expect(res.status).toBe(200);
    return new Map<string, any>(res.body.data.map((r: any) => [r.headline, r]));
  };
  const glacier = 'Researchers map the sound of a glacier as it retreats';
  const nightBus = 'City council approves night bus network after two-year trial';
  let byHeadline = await rows();
  for (const r of byHeadline.values()) expect(r.quoteLinkMissing).toBe(false);
  expect(byHeadline.get(glacier).dateline).toEqual({ place: 'TROMSO', region: null, country: null, date: null });
  expect(byHeadline.get(nightBus).dateline).toMatchObject({ place: 'LUXEMBOURG' });

  // Without the agency's homepage, the plain-text stories (no link of their own) give quote partners headlines only.
  const cleared = await request(http).put('/wire/agencies/USPA').set(auth).send({ homepage: null });
  expect(cleared.status).toBe(200);
  byHeadline = await rows();
  expect(byHeadline.get(glacier).quoteLinkMissing).toBe(true);
  expect(byHeadline.get(nightBus).quoteLinkMissing).toBe(false);
  const restored = await request(http).put('/wire/agencies/USPA').set(auth).send({ homepage: 'https://uspa.example/' });
  expect(restored.status).toBe(200);
});

it('keeps its unique indexes and its articles, without duplicates, across a restart', async () => {
  await app.strapi.destroy();
  const strapi = await createStrapi({
    appDir: APP_DIR,
    distDir: path.join(APP_DIR, '.tmp/test-dist'),
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  app.strapi = strapi;
  expect(await strapi.db.query('plugin::wire.article').count()).toBe(5);
  const existing = await strapi.db.query('plugin::wire.article').findOne({});
  // better-sqlite3 registers its error class once per process, so in a later test file its errors
  // come from another realm and are not `instanceof Error` here: match the message instead.
  const insertDuplicate = async () => {
    await strapi.db.connection('wire_articles').insert({
      document_id: 'dup-test',
      headline: 'dup',
      guid: 'dup',
      identity: existing.identity,
      pub_status: 'usable',
    });
  };
  await expect(insertDuplicate()).rejects.toMatchObject({ message: expect.stringMatching(/unique|duplicate key/i) });
});

it('creates the unique indexes again on restart when a database lacks them (no app migration: as in a host)', async () => {
  const knex = app.strapi.db.connection;
  await knex.raw('DROP INDEX wire_articles_identity_uq');
  await app.strapi.destroy();
  // The plugin's bootstrap makes them, on the existing tables, in any app that installs it.
  app.strapi = await createStrapi({
    appDir: APP_DIR,
    distDir: path.join(APP_DIR, '.tmp/test-dist'),
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  const existing = await app.strapi.db.query('plugin::wire.article').findOne({});
  const insertDuplicate = async () => {
    await app.strapi.db.connection('wire_articles').insert({
      document_id: 'dup-test-2',
      headline: 'dup',
      guid: 'dup',
      identity: existing.identity,
      pub_status: 'usable',
    });
  };
  await expect(insertDuplicate()).rejects.toMatchObject({ message: expect.stringMatching(/unique|duplicate key/i) });
});
