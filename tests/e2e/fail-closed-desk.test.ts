/**
 * The desk's side of failing closed, in a real browser: a story held because its embargo could not be
 * read is listed with the raw value, and "Release now" serves it; a licence not fully read is marked
 * "Needs review" on the overview and the Licences screen, and saving its terms with Correct clears it.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { createAdmin, superAdminRole } from '../helpers/admin';
import { buildAdmin, describeDesk, listen, login as loginAt, openBrowser } from '../helpers/desk-browser';
import { APP_DIR, partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { sentencesOf } from '../helpers/wire-copy';
import { wire } from '../../plugins/wire/server/src/services/wire';

const SHOTS = path.resolve(APP_DIR, process.env.WIRE_SCREENSHOTS_DIR || '.tmp/screenshots');

const UNREAD =
  'Quotes up to 5% of the text are permitted with attribution (via hyperlink). Please call our syndication desk on weekdays.';
const G2 = `<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<newsItem guid="urn:newsml:e2e-embargo.example:council" version="1" standard="NewsML-G2" xml:lang="en">
<itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:EMB"><name>Embargo Test Agency</name></provider>
<versionCreated>2026-11-27T10:00:00Z</versionCreated><embargoed>after the council vote</embargoed><pubStatus qcode="stat:usable"/></itemMeta>
<contentMeta><headline>Council budget held for the vote</headline></contentMeta>
<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><p>${sentencesOf(40, 'council')}</p></body></html></inlineXML></contentSet>
</newsItem></itemSet></newsMessage>`;

let app: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let fullToken: string;

const login = (email: string) => loginAt(page, base, email);

const partnerIds = async () =>
  (
    (await request(app.strapi.server.httpServer).get('/api/wire/articles').set('Authorization', `Bearer ${fullToken}`))
      .body.data as any[]
  ).map((a) => a.headline);

beforeAll(async () => {
  buildAdmin();
  app = await startStrapi({}, { serveAdminPanel: true });
  base = await listen(app);
  const s = app.strapi;
  await createAdmin(s, 'chief@desk.test', [(await superAdminRole(s)).id]);
  fullToken = await partnerToken(s, 'full-partner', 'full');
  const ingest = wire(s).service('ingest');
  await ingest.ingestDocument(G2, 'held.xml');
  await ingest.ingestDocument(
    `Local\n\nBridge repairs start in spring\n\nBERLIN (USPA News) - ${sentencesOf(120, 'bridge')}\n${UNREAD}\n`,
    'unread.txt',
  );
  ({ browser, page } = await openBrowser());
}, 600000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describeDesk('failing closed, at the desk', () => {
  it('lists the held story with the raw embargo, and "Release now" serves it', async () => {
    await login('chief@desk.test');
    await page.goto(`${base}/admin/plugins/wire`);
    const held = page.getByTestId('held-story');
    await held.waitFor();
    await expect(held.textContent()).resolves.toMatch(
      /Council budget held for the vote[\s\S]*“after the council vote”[\s\S]*unreadable/,
    );
    await expect(page.getByTestId('licences-need-review').textContent()).resolves.toMatch(/1 licence\(s\) need review/);
    await page.screenshot({ path: path.join(SHOTS, 'fail-closed-desk.png'), fullPage: true });
    expect(await partnerIds()).not.toContain('Council budget held for the vote');
    await held.getByRole('button', { name: 'Release now' }).click();
    await page.getByText('Released: Council budget held for the vote').waitFor();
    await held.waitFor({ state: 'detached' });
    expect(await partnerIds()).toContain('Council budget held for the vote');
  });

  it('shows a dateline by its parts, without the agency credit and dash of the raw text (issue 28)', async () => {
    await page.goto(`${base}/admin/plugins/wire/articles`);
    const row = page.getByRole('row').filter({ hasText: 'Bridge repairs start in spring' });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('BERLIN');
    expect(text).not.toContain('(USPA News) -');
  });

  it('marks the licence not fully read, and Correct → Save confirms it', async () => {
    await page.goto(`${base}/admin/plugins/wire/licences`);
    const licence = page.getByTestId('licence').filter({ hasText: 'syndication desk' });
    await licence.getByTestId('licence-needs-review').waitFor();
    await expect(licence.textContent()).resolves.toMatch(/Not fully read[\s\S]*syndication desk/);
    await page.screenshot({ path: path.join(SHOTS, 'fail-closed-licences.png'), fullPage: true });
    await licence.getByRole('button', { name: 'Correct' }).click();
    await page.getByText('Saving confirms these terms').waitFor();
    await page.getByRole('button', { name: 'Save for every article' }).click();
    await page.getByText(/Licence corrected for 1 article/).waitFor();
    await licence.getByTestId('licence-needs-review').waitFor({ state: 'detached' });
    const stored = await app.strapi.db.query('plugin::wire.licence').findOne({ where: { notice: UNREAD } });
    expect(stored.needsReview).toBe(false);
  });
});
