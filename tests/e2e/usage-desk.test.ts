/**
 * The desk's Usage screen in a real browser (issue 23 item 4): after partners' real reads, a bar per
 * partner and per agency split by mode, labelled for assistive technology with its figures; the
 * totals; another date range; the royalty report downloaded as CSV; and an editor without "Read
 * usage" has no Usage entry and no page.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { createAdmin, createRole, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { buildAdmin, describeDesk, listen, login, openBrowser, VIEWPORT } from '../helpers/desk-browser';
import { APP_DIR, partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { sentencesOf, uspaRss } from '../helpers/wire-copy';
import { wire } from '../../plugins/wire/server/src/services/wire';

const SHOTS = path.resolve(APP_DIR, process.env.WIRE_SCREENSHOTS_DIR || '.tmp/screenshots');
const DOCS = path.join(APP_DIR, 'docs/screenshots');
const today = new Date().toISOString().slice(0, 10);

let app: TestApp;
let base: string;
let browser: Browser;
let page: Page;

async function shot(name: string) {
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
  for (const close of await page.locator('[data-sonner-toast] button').all())
    await close.click().catch(() => undefined);
  await page.waitForTimeout(300); // let toasts and transitions settle before the picture (not an assertion)
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  if (process.env.WIRE_DOCS_SCREENSHOTS) await page.screenshot({ path: path.join(DOCS, `${name}.png`) });
}

/** A NewsML-G2 text item from another agency, with no licence: full partners get it, quote partners its headline. */
const g2 = (guid: string, headline: string, body: string) => `<?xml version="1.0"?>
  <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:usage-e2e.test:${guid}" version="1" xml:lang="en">
    <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:NORDPRESS"/><versionCreated>2026-12-01T10:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
    <contentMeta><headline>${headline}</headline></contentMeta>
    <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>${body}</p></body></html></inlineXML></contentSet>
  </newsItem>`;

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  if (process.env.WIRE_DOCS_SCREENSHOTS) await fs.mkdir(DOCS, { recursive: true });
  buildAdmin();
  app = await startStrapi({ WIRE_RATE_LIMIT: '100000' }, { serveAdminPanel: true });
  base = await listen(app);
  const s = app.strapi;
  await createAdmin(s, 'chief@usage.test', [(await superAdminRole(s)).id]);
  await createAdmin(s, 'reader@usage.test', [(await createRole(s, 'Desk reader', [WIRE_ACTIONS.readDesk])).id]);
  const ingest = wire(s).service('ingest');
  await ingest.ingestDocument(
    uspaRss(
      ['harbour', 'bridge', 'market'].map((seed, i) => ({
        guid: `usage-e2e-${seed}`,
        title: `The ${seed} story`,
        text: sentencesOf(400, seed),
        date: `Fri, 27 Nov 2026 1${i}:00:00 GMT`,
      })),
    ),
    'usage-e2e.rss',
  );
  await ingest.ingestDocument(g2('fjord', 'Ferry timetable changes', sentencesOf(120, 'fjord')), 'nordpress.xml');
  const http = s.server.httpServer;
  const reads = async (token: string, times: number) => {
    for (let i = 0; i < times; i += 1)
      expect((await request(http).get('/api/wire/articles').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  };
  await reads(await partnerToken(s, 'Harbour Daily', 'full'), 3);
  await reads(await partnerToken(s, 'City Blog', 'quote'), 2);
  ({ browser, page } = await openBrowser());
}, 600000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describeDesk('the Usage screen', () => {
  it('draws a bar per partner and per agency, labelled with its figures, and the totals', async () => {
    await login(page, base, 'chief@usage.test');
    await page.goto(`${base}/admin/plugins/wire/usage`);
    const partners = page.getByTestId('usage-by-partner');
    await partners.waitFor();
    const labels = await partners.getByRole('img').evaluateAll((bars) => bars.map((b) => b.getAttribute('aria-label')));
    // Harbour Daily: 3 lists of 4 stories in full (3 × (3 × 400 + 120) words); City Blog: 2 lists,
    // the USPA stories quoted and the unlicensed one as its headline.
    expect(labels).toEqual([
      expect.stringMatching(/^City Blog: 0 full text, 6 quoted, 2 headline only; \d+ words, 0 quotes granted$/),
      'Harbour Daily: 12 full text, 0 quoted, 0 headline only; 3960 words, 0 quotes granted',
    ]);
    const agencies = page.getByTestId('usage-by-agency');
    const agencyLabels = await agencies
      .getByRole('img')
      .evaluateAll((bars) => bars.map((b) => b.getAttribute('aria-label')));
    expect(agencyLabels).toEqual([
      expect.stringMatching(/^NORDPRESS: 3 full text, 0 quoted, 2 headline only; 360 words/),
      expect.stringMatching(/^USPA: 9 full text, 6 quoted, 0 headline only; \d+ words/),
    ]);
    const totals = await page.getByTestId('usage-totals').innerText();
    expect(totals).toMatch(/Stories served\s+20/i);
    expect(totals).toMatch(/Requests\s+5/i);
    await shot('16-usage');
  });

  it('downloads the royalty report as CSV, one line per partner, agency, day and mode', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the royalty report (CSV)' }).click(),
    ]);
    const file = await download.path();
    const lines = (await fs.readFile(file!, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe('day,partner,partner_id,agency,mode,stories,words,quotes,requests');
    expect(lines.filter((l) => l.startsWith(`${today},Harbour Daily,`)).map((l) => l.split(',').slice(3, 6))).toEqual([
      ['NORDPRESS', 'full', '3'],
      ['USPA', 'full', '9'],
      ['*', '*', '0'],
    ]);
    expect(download.suggestedFilename()).toMatch(/^wire-royalties-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it('shows another range, and says so when nothing was served in it', async () => {
    await page.locator('#usage-from').fill('2026-01-01');
    await page.locator('#usage-to').fill('2026-01-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Nothing was served to any partner in these days.', { exact: false }).waitFor();
    await expect(page.getByTestId('usage-by-partner').count()).resolves.toBe(0);
  });

  it('has no Usage entry or page for an editor without "Read usage"', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const other = await context.newPage();
    await login(other, base, 'reader@usage.test');
    await other.goto(`${base}/admin/plugins/wire`);
    await other.getByRole('link', { name: 'Feeds' }).first().waitFor();
    await expect(other.getByRole('link', { name: 'Usage' }).count()).resolves.toBe(0);
    await other.goto(`${base}/admin/plugins/wire/usage`);
    await other.getByText("You don't have the permissions to access that content").waitFor();
    await context.close();
  });
});
