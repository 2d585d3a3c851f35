/**
 * The agency directory on a real Strapi: the shipped agencies are seeded once (an editor's edit
 * stands), copy from an agency Wire does not know is taken in and its agency flagged new, editing
 * needs its own permission, and the hyperlink duty: a licence that demands a link, copy with no URL
 * and an agency with no homepage give a quote partner the headline only, saying why; once an editor
 * sets the homepage, the quote carries the link.
 */
import request from 'supertest';
import { adminToken, createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';
import { MAJOR_AGENCY_CODES } from '../helpers/agencies';

let app: TestApp;
let http: any;
const token: Record<string, string> = {};
let quoteKey = '';

const FOOTER =
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from NWP Press may be quoted on other websites as long as the quote comprises no more than 30% of the entire text, is marked as such and the source is named (via hyperlink).';
const sentences = Array.from(
  { length: 10 },
  (_, i) => `Sentence ${i + 1} about the new quay has several plain words in it.`,
).join(' ');
const COPY = `Business\n\nHarbour board approves a new container quay\n\nROTTERDAM (NWP Press) - ${sentences}\nThe work starts in spring and should be finished within two years.\n${FOOTER}\n`;

const admin = (method: 'get' | 'put', path: string, who: string, body?: unknown) => {
  const req = request(http)[method](`/wire${path}`).set('Authorization', `Bearer ${token[who]}`);
  return body === undefined ? req : req.send(body as object);
};
const partnerArticle = async () => {
  const list = await request(http).get('/api/wire/articles').set('Authorization', `Bearer ${quoteKey}`);
  expect(list.status).toBe(200);
  const item = list.body.data.find((a: any) => a.headline === 'Harbour board approves a new container quay');
  expect(item).toBeDefined();
  return item;
};

beforeAll(async () => {
  app = await startStrapi();
  http = app.strapi.server.httpServer;
  const s = app.strapi;
  await createAdmin(s, 'chief@agencies.test', [(await superAdminRole(s)).id]);
  await createAdmin(s, 'reader@agencies.test', [(await createRole(s, 'Agencies reader', [WIRE_ACTIONS.readDesk])).id]);
  await createAdmin(s, 'keeper@agencies.test', [
    (await createRole(s, 'Agency keeper', [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageAgencies])).id,
  ]);
  for (const who of ['chief', 'reader', 'keeper']) token[who] = await adminToken(http, `${who}@agencies.test`);
  quoteKey = await partnerToken(s, 'Quote partner', 'quote');
});

afterAll(async () => {
  await app?.stop();
});

describe('the agency directory', () => {
  it("ships the major agencies, seeded once: a second seed leaves an editor's edit alone", async () => {
    const res = await admin('get', '/agencies', 'reader');
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.data.map((a: any) => [a.code, a]));
    for (const code of MAJOR_AGENCY_CODES) {
      expect(byCode[code]).toMatchObject({ confirmed: true, isNew: false });
    }
    expect(byCode.USPA.homepage).toBeNull();
    expect(byCode.AP.aliases).toContain('Associated Press');

    expect((await admin('put', '/agencies/AP', 'keeper', { name: 'AP (edited)', homepage: null })).status).toBe(200);
    await wire(app.strapi).service('agencies').seed();
    const again = (await admin('get', '/agencies', 'reader')).body.data.find((a: any) => a.code === 'AP');
    expect(again).toMatchObject({ name: 'AP (edited)', homepage: null });
  });

  it('refuses edits to an editor without "manage agencies" (403), and bad homepages (400)', async () => {
    const res = await admin('put', '/agencies/USPA', 'reader', { homepage: 'https://uspa.example' });
    expect(res.status).toBe(403);
    const bad = await admin('put', '/agencies/USPA', 'keeper', { homepage: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect((await app.strapi.db.query('plugin::wire.agency').findOne({ where: { code: 'USPA' } })).homepage).toBeNull();
    expect((await admin('put', '/agencies/NOPE', 'keeper', { name: 'x' })).status).toBe(404);
  });
});

describe('copy from an agency Wire does not know, and the hyperlink duty', () => {
  it('takes the copy in and flags its agency new, needing a homepage', async () => {
    const summary = await wire(app.strapi).service('ingest').ingestDocument(COPY, 'nwp.txt');
    expect(summary).toMatchObject({ created: 1, rejected: 0 });
    const nwp = (await admin('get', '/agencies', 'reader')).body.data.find((a: any) => a.code === 'NWP-PRESS');
    expect(nwp).toMatchObject({
      name: 'NWP Press',
      isNew: true,
      confirmed: false,
      homepage: null,
      needsHomepage: true,
    });
  });

  it('gives a quote partner the headline only while the required link is missing, then a linked quote', async () => {
    const before = await partnerArticle();
    expect(before.usage).toMatchObject({ mode: 'headline-only', wordsServed: 0 });
    expect(before.usage.reason).toMatch(/hyperlink/);
    expect(before.usage.attribution.url).toBeNull();

    const set = await admin('put', '/agencies/NWP-PRESS', 'keeper', {
      homepage: 'https://nwp-press.example',
      confirmed: true,
      aliases: ['NWP Press', 'NWP'],
    });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({
      homepage: 'https://nwp-press.example/',
      isNew: false,
      needsHomepage: false,
      aliases: ['NWP Press', 'NWP'],
    });

    const after = await partnerArticle();
    expect(after.usage.mode).toBe('quote');
    expect(after.usage.reason).toBeUndefined();
    expect(after.usage.attribution.url).toBe('https://nwp-press.example/');
    expect(after.body).toContain('href="https://nwp-press.example/"');
  });

  it("reads an alias an editor added: copy credited `(NWP)` is NWP Press's", async () => {
    const copy = COPY.replace('ROTTERDAM (NWP Press) -', 'AMSTERDAM (NWP) -').replace(
      'Harbour board approves a new container quay',
      'Canal bridge reopens after repairs',
    );
    expect(await wire(app.strapi).service('ingest').ingestDocument(copy, 'nwp-2.txt')).toMatchObject({
      created: 1,
      rejected: 0,
    });
    const article = await app.strapi.db
      .query('plugin::wire.article')
      .findOne({ where: { headline: 'Canal bridge reopens after repairs' }, populate: { agency: true } });
    expect(article.agency.code).toBe('NWP-PRESS');
    expect(await app.strapi.db.query('plugin::wire.agency').count({ where: { code: 'NWP' } })).toBe(0);
  });
});
