/**
 * "Fetch pictures" at the desk, in a real browser (issue 25, item 3): an editor opens a story with
 * two pictures, presses the button, and sees one stored in the Media Library (its thumbnail, type,
 * size and credit) and one refused with its reason; the Media Library holds the stored file.
 * Screenshots to WIRE_SCREENSHOTS_DIR; with WIRE_DOCS_SCREENSHOTS=1, 1280×800 copies in docs/screenshots.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createAdmin, superAdminRole } from '../helpers/admin';
import { buildAdmin, describeDesk, listen, login, openBrowser, VIEWPORT } from '../helpers/desk-browser';
import { ALLOW_LOOPBACK, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { HTML_PAGE, png } from '../helpers/pictures';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const SHOTS = path.resolve(APP_DIR, process.env.WIRE_SCREENSHOTS_DIR || '.tmp/screenshots');
const DOCS = path.join(APP_DIR, 'docs/screenshots');
const NOTICE =
  '© 2026 Example Photo Wire. Photos may be published with the story. Quotes up to 10% with a link to the source.';

let app: TestApp;
let base: string;
let agency: FeedServer;
let browser: Browser;
let page: Page;
let id: string;

function story(): string {
  const media = (url: string, credit: string, caption: string) =>
    `<media:content url="${url}" medium="image"><media:credit>${credit}</media:credit><media:description>${caption}</media:description></media:content>`;
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Example Photo Wire</title><copyright>${NOTICE}</copyright><item><title>Snow closes two Alpine passes</title><guid isPermaLink="false">pic-desk-1</guid><link>https://photo.example.test/pic-desk-1</link><pubDate>Mon, 07 Dec 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;Snow fell above 1,200 metres overnight, the first of the season, and closed two passes.&lt;/p&gt;</description>${media(agency.url('/pics/pass.png?token=t-1'), 'Jane Roe / Example Photo Wire', 'The pass road on Monday morning')}${media(agency.url('/pics/broken.jpg'), 'Example Photo Wire', 'Snow ploughs at work')}</item></channel></rss>`;
}

async function shot(name: string) {
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
  await page.waitForTimeout(300); // let toasts and transitions settle before the picture (not an assertion)
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  if (process.env.WIRE_DOCS_SCREENSHOTS) await page.screenshot({ path: path.join(DOCS, `${name}.png`) });
}

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  buildAdmin();
  agency = await startFeedServer();
  agency.routes.set('/pics/pass.png', { body: png(160, 90), type: 'image/png' });
  agency.routes.set('/pics/broken.jpg', { body: HTML_PAGE, type: 'image/jpeg' });
  app = await startStrapi({ ...ALLOW_LOOPBACK }, { serveAdminPanel: true });
  base = await listen(app);
  await createAdmin(app.strapi, 'chief@pictures-desk.test', [(await superAdminRole(app.strapi)).id]);
  await wire(app.strapi).service('ingest').ingestDocument(story(), 'pictures.rss');
  id = (
    await app.strapi.db.query('plugin::wire.article').findOne({ where: { guid: 'pic-desk-1' }, select: ['documentId'] })
  ).documentId;
  ({ browser, page } = await openBrowser());
}, 600000);

afterAll(async () => {
  await browser?.close();
  const upload = app?.strapi.plugin('upload').service('upload');
  for (const file of (await app?.strapi.db.query('plugin::upload.file').findMany({})) ?? [])
    await upload.remove(file).catch(() => {});
  await app?.stop();
  await agency?.close();
});

describeDesk('fetching pictures at the desk', () => {
  it('fetches the pictures into the Media Library and says what became of each', async () => {
    await login(page, base, 'chief@pictures-desk.test');
    await page.goto(`${base}/admin/plugins/wire/articles/${id}`);
    const pictures = page.getByTestId('pictures');
    await pictures.waitFor();
    await expect(pictures.textContent()).resolves.toMatch(/The licence covers pictures/);
    const status = (ref: string) => pictures.locator(`[data-picture-ref="${ref}"] [data-picture-status]`);
    await expect(status('images[0]').textContent()).resolves.toMatch(
      /^Not fetched yet: http:\/\/127\.0\.0\.1:\d+\/pics\/pass\.png\?…$/,
    );
    await page.getByRole('button', { name: 'Fetch pictures' }).click();
    await page.getByText('Pictures fetched into the Media Library: 1 stored, 1 refused').waitFor();
    await pictures.locator('[data-picture-ref="images[0]"] img').waitFor();
    await expect(status('images[0]').textContent()).resolves.toMatch(/^In the Media Library: image\/png 160 × 90 · /);
    await expect(status('images[1]').textContent()).resolves.toBe(
      'Refused: not a picture Wire takes (JPEG, PNG, GIF or WebP): its bytes are none of them (declared image/jpeg)',
    );
    await expect(pictures.textContent()).resolves.toContain('Credit: Jane Roe / Example Photo Wire');
    // The thumbnail is the stored file, not the agency's (whose URL carries a token).
    const src = await pictures.locator('[data-picture-ref="images[0]"] img').getAttribute('src');
    expect(src).toMatch(/^\/uploads\/.+\.png$/);
    const loaded = await pictures
      .locator('[data-picture-ref="images[0]"] img')
      .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);
    expect(loaded).toBe(160);
    await pictures.scrollIntoViewIfNeeded();
    await shot('17-fetch-pictures');
    const files = await app.strapi.db.query('plugin::upload.file').findMany({});
    expect(files.map((f: { caption: string }) => f.caption)).toEqual([
      `The pass road on Monday morning — Credit: Jane Roe / Example Photo Wire — Licence: ${NOTICE}`,
    ]);
  });
});
