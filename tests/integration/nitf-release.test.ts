/**
 * A NITF `date.release` is an embargo whatever `management-status` says (issue 27, item 8), on a real
 * Strapi: copy with a release time ahead and no status is served to no partner until that time has
 * passed, then as usual; one whose release time cannot be read is held, and the ingest's warning
 * names the file, the item and the field.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

let app: TestApp;
let http: any;
let token: string;

const FIXTURE = fs.readFileSync(path.join(__dirname, '../fixtures/nitf/embargoed.xml'), 'latin1');

/** The fixture without its management-status, with its own id, headline and release time. */
function nitf(id: string, headline: string, release: string): string {
  return FIXTURE.replace(' management-status="embargoed"', '')
    .replace('EXW.2026.1127.0042', `EXW.2026.1207.${id}`)
    .replace(/Harbour strike ends after pay deal/g, headline)
    .replace('norm="20261127T120000+0100"', `norm="${release}"`);
}

/** NITF's compact form, in UTC: 20261207T061530+0000. */
const compact = (d: Date) => `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}+0000`;

const get = (url: string) => request(http).get(url).set('Authorization', `Bearer ${token}`);
const listed = async () => ((await get('/api/wire/articles?pageSize=100')).body.data as any[]).map((a) => a.headline);
const feeds = async () =>
  (await request(http).get(`/api/wire/feed.rss?token=${token}`)).text +
  (await request(http).get(`/api/wire/feed.atom?token=${token}`)).text;
const idOf = async (headline: string) =>
  (await app.strapi.db.query('plugin::wire.article').findOne({ where: { headline }, select: ['documentId'] }))
    .documentId as string;

beforeAll(async () => {
  app = await startStrapi();
  http = app.strapi.server.httpServer;
  token = await partnerToken(app.strapi, 'release-partner', 'full');
});

afterAll(async () => {
  await app?.stop();
});

describe('NITF date.release without management-status="embargoed"', () => {
  it('is not served before its release time, and is served once it has passed', async () => {
    const release = new Date(Math.ceil((Date.now() + 8000) / 1000) * 1000);
    const summary = await wire(app.strapi)
      .service('ingest')
      .ingestDocument(nitf('0001', 'Ferry timetable changes from Monday', compact(release)), 'release.xml');
    expect(summary).toMatchObject({ created: 1, rejected: 0 });
    const id = await idOf('Ferry timetable changes from Monday');
    const row = await app.strapi.db.query('plugin::wire.article').findOne({ where: { documentId: id } });
    expect(new Date(row.embargoedUntil).toISOString()).toBe(release.toISOString());
    expect(row.embargoHold).toBeNull();

    expect(await listed()).not.toContain('Ferry timetable changes from Monday');
    expect((await get(`/api/wire/articles/${id}`)).status).toBe(404);
    expect(await feeds()).not.toContain('Ferry timetable changes from Monday');

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, release.getTime() - Date.now() + 500)));
    expect(await listed()).toContain('Ferry timetable changes from Monday');
    expect((await get(`/api/wire/articles/${id}`)).status).toBe(200);
    expect(await feeds()).toContain('Ferry timetable changes from Monday');
  }, 30_000);

  it('is held when its release time cannot be read, and the warning names file, item and field', async () => {
    const summary = await wire(app.strapi)
      .service('ingest')
      .ingestDocument(nitf('0002', 'Bridge toll to rise', 'after the board meets'), 'unreadable-release.xml');
    expect(summary).toMatchObject({ created: 1, rejected: 0 });
    expect(summary.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: 'unreadable-release.xml',
          guid: 'EXW.2026.1207.0002',
          field: 'date.release',
          reason: expect.stringMatching(/held/),
        }),
      ]),
    );
    const id = await idOf('Bridge toll to rise');
    const row = await app.strapi.db.query('plugin::wire.article').findOne({ where: { documentId: id } });
    expect(row).toMatchObject({
      embargoRaw: 'after the board meets',
      embargoHold: expect.stringMatching(/unreadable/),
    });
    expect(await listed()).not.toContain('Bridge toll to rise');
    expect((await get(`/api/wire/articles/${id}`)).status).toBe(404);
    expect(await feeds()).not.toContain('Bridge toll to rise');
  });
});
