/**
 * Pictures, video and packages at the desk, in a real browser (issue 26, class 4): the article list
 * shows each item's type beside its headline; a picture's page shows its renditions, its credit and
 * why partners do not receive it; a package's page lists its members in order, each linked to the
 * stored item (or marked as not received yet).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createAdmin, superAdminRole } from '../helpers/admin';
import { buildAdmin, describeDesk, listen, login as loginAt, openBrowser } from '../helpers/desk-browser';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const SHOTS = path.resolve(APP_DIR, process.env.WIRE_SCREENSHOTS_DIR || '.tmp/screenshots');
const G2 = fs.readFileSync(path.join(__dirname, '../fixtures/media/g2-package-and-media.xml'), 'utf8');

let app: TestApp;
let base: string;
let browser: Browser;
let page: Page;

const idOfGuid = async (guid: string) =>
  (await app.strapi.db.query('plugin::wire.article').findOne({ where: { guid }, select: ['documentId'] }))
    .documentId as string;

beforeAll(async () => {
  buildAdmin();
  app = await startStrapi({}, { serveAdminPanel: true });
  base = await listen(app);
  await createAdmin(app.strapi, 'chief@desk.test', [(await superAdminRole(app.strapi)).id]);
  await wire(app.strapi).service('ingest').ingestDocument(G2, 'package-and-media.xml');
  ({ browser, page } = await openBrowser());
}, 600000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describeDesk('pictures, video and packages at the desk', () => {
  it('lists each item with its type', async () => {
    await loginAt(page, base, 'chief@desk.test');
    await page.goto(`${base}/admin/plugins/wire/articles`);
    await page.locator('[data-item-type="picture"]').first().waitFor();
    const row = page.locator('tr', { hasText: 'Volunteers fill sandbags in Dresden' });
    await expect(row.locator('[data-item-type]').textContent()).resolves.toBe('Picture');
    const pkg = page.locator('tr', { hasText: 'Floods along the Elbe' });
    await expect(pkg.locator('[data-item-type]').textContent()).resolves.toBe('Package');
    await page.screenshot({ path: path.join(SHOTS, 'media-list.png'), fullPage: true });
  });

  it("shows a picture's renditions and credit, and why partners do not receive it", async () => {
    await page.goto(`${base}/admin/plugins/wire/articles/${await idOfGuid('tag:example-wire.test,2026:pic_FLOOD')}`);
    const renditions = page.getByTestId('renditions');
    await renditions.waitFor();
    await expect(renditions.locator('a').first().getAttribute('href')).resolves.toBe(
      'https://media.example-wire.test/pic_FLOOD/high.jpg',
    );
    await expect(renditions.textContent()).resolves.toMatch(/rnd:highRes · image\/jpeg · 4000 × 2667/);
    await expect(page.getByText('Credit: EXAMPLE WIRE/Anna Beispiel').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByText('Not served: partners receive text only').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'media-picture.png'), fullPage: true });
  });

  it("lists a package's members in order, linked once stored", async () => {
    await page.goto(`${base}/admin/plugins/wire/articles/${await idOfGuid('tag:example-wire.test,2026:pkg_FLOOD')}`);
    const members = page.getByTestId('members');
    await members.waitFor();
    const items = await members.locator('li').allTextContents();
    expect(items).toEqual([
      'Picture · Volunteers fill sandbags in Dresden · group:main / irel:lead',
      'Video · Video: GERMANY-FLOOD/VIDEO · group:main',
      'Text · Elbe floods: what we know (not received yet) · group:sidebar / irel:sidebar',
    ]);
    await members.getByRole('link', { name: 'Volunteers fill sandbags in Dresden' }).click();
    await page.getByTestId('renditions').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'media-package.png'), fullPage: true });
  });
});
