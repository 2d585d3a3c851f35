/**
 * Alerts and notifications on the desk, end to end (issue 24, item 3): the real admin panel served
 * by a real Strapi, in headless Chromium. An editor saves a search as an alert in the UI (a search
 * that does not read is refused with its reason), new copy matches it, the bell in the header
 * counts it, the alert lists its match; a failing feed is a notification too, for the editor who
 * manages feeds; opening a notification marks it read. An editor without the alerts permission has
 * no Alerts screen. Screenshots 13–13d go where editors-desk.test.ts puts its own.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createAdmin, createRole, WIRE_ACTIONS } from '../helpers/admin';
import { buildAdmin, describeDesk, listen, login as loginAt, openBrowser, VIEWPORT } from '../helpers/desk-browser';
import { ALLOW_LOOPBACK, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { startSmtpSink, type SmtpSink } from '../helpers/notify-sinks';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const SHOTS = path.resolve(APP_DIR, process.env.WIRE_SCREENSHOTS_DIR || '.tmp/screenshots');
const DOCS = path.join(APP_DIR, 'docs/screenshots');

let app: TestApp;
let base: string;
let feeds: FeedServer;
let smtp: SmtpSink;
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

const g2 = (guid: string, provider: string, headline: string, body: string) => `<?xml version="1.0"?>
  <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:alerts-e2e.test:${guid}" version="1" xml:lang="en">
    <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:${provider}"/><versionCreated>2026-12-01T10:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
    <contentMeta><headline>${headline}</headline></contentMeta>
    <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>${body}</p></body></html></inlineXML></contentSet>
  </newsItem>`;

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  if (process.env.WIRE_DOCS_SCREENSHOTS) await fs.mkdir(DOCS, { recursive: true });
  buildAdmin();
  [feeds, smtp] = await Promise.all([startFeedServer(), startSmtpSink()]);
  app = await startStrapi(
    {
      ...ALLOW_LOOPBACK,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      WIRE_NOTIFY_EMAIL: 'true',
      WIRE_NOTIFY_WEBHOOK_SECRET: 'e2e-secret',
    },
    { serveAdminPanel: true },
  );
  base = await listen(app);
  const s = app.strapi;
  const editor = await createRole(s, 'Alert editor', [
    WIRE_ACTIONS.readDesk,
    WIRE_ACTIONS.manageFeeds,
    'plugin::wire.alerts.manage',
  ]);
  await createAdmin(s, 'ed@alerts.test', [editor.id]);
  await createAdmin(s, 'reader@alerts.test', [(await createRole(s, 'Reader', [WIRE_ACTIONS.readDesk])).id]);
  ({ browser, page } = await openBrowser());
}, 600000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await Promise.all([feeds?.close(), smtp?.close()]);
});

describeDesk('alerts and notifications on the desk', () => {
  it('saves a search as an alert, and refuses one that does not read with its reason', async () => {
    await loginAt(page, base, 'ed@alerts.test');
    await page.goto(`${base}/admin/plugins/wire/alerts`);
    await page.getByText('No alerts yet.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Add an alert' }).first().click();
    await page.locator('input[name="name"]').fill('Harbour strikes');
    await page.locator('input[name="q"]').fill('"harbour strike');
    await page.locator('input[name="agencies"]').fill('AP');
    await page.getByRole('button', { name: 'Save the alert' }).click();
    await page.getByText('q has a quotation mark that is not closed', { exact: false }).waitFor();
    await page.locator('input[name="q"]').fill('harbour strike -rumour');
    await shot('13a-alert-form');
    await page.getByRole('button', { name: 'Save the alert' }).click();
    await page.getByText('Alert Harbour strikes added', { exact: false }).waitFor();
    await page.getByTestId('alert').getByText('harbour strike -rumour').waitFor();
    expect(await page.getByTestId('notifications-unread').count()).toBe(0);
  });

  it('counts new matching copy in the bell and lists it under the alert', async () => {
    const ingest = (xml: string) => wire(app.strapi).service('ingest').ingestDocument(xml, 'e2e.xml');
    await ingest(
      g2('strike', 'AP', 'Dock workers walk out in Hamburg', 'Harbour workers are striking for a third day.'),
    );
    await ingest(g2('rumour', 'AP', 'Harbour strike rumour denied', 'A rumour of a harbour strike was denied.'));
    await ingest(g2('weather', 'AP', 'Rain in Hamburg', 'It will rain all week.'));
    await page.reload();
    await page.getByTestId('notifications-unread').getByText('1', { exact: true }).waitFor();
    await page.getByTestId('alert').getByText('1 story', { exact: false }).waitFor();
    await shot('13-alerts');
    await page.getByRole('button', { name: 'Matches', exact: true }).click();
    const matches = page.locator('#alert-matches');
    await matches.getByRole('link', { name: 'Dock workers walk out in Hamburg' }).waitFor();
    expect(await matches.getByText('Harbour strike rumour denied').count()).toBe(0);
    await matches.scrollIntoViewIfNeeded();
    await shot('13b-alert-matches');
  });

  it('tells the feed manager of a failing feed in the same list, and opening an entry marks it read', async () => {
    const feed = (await wire(app.strapi)
      .service('feeds')
      .create({ name: 'Broken wire', source: feeds.url('/500'), format: 'rss', pollIntervalMinutes: 60 }))!;
    await wire(app.strapi).service('poller').pollFeed(feed.documentId, 'manual');
    // What every node's tick does (polling is off in the test's Strapi).
    await wire(app.strapi).service('notify').checkFeeds();
    await page.reload();
    await page.getByTestId('notifications-unread').getByText('2', { exact: true }).waitFor();
    await page.getByTestId('notifications').click();
    const entries = page.getByTestId('notification');
    await entries.filter({ hasText: 'Feed "Broken wire" is failing' }).waitFor();
    await entries.filter({ hasText: 'Alert: Harbour strikes' }).waitFor();
    await shot('13c-notifications');
    await entries.filter({ hasText: 'Dock workers walk out in Hamburg' }).click();
    await page.getByRole('heading', { name: 'Dock workers walk out in Hamburg', level: 1 }).waitFor();
    await page.getByTestId('notifications-unread').getByText('1', { exact: true }).waitFor();
    // The e-mails went to the sink (the editor both keeps the alert and manages feeds).
    expect(smtp.mails.every((m) => m.to.includes('ed@alerts.test'))).toBe(true);
  });

  it('gives an editor without the alerts permission no Alerts screen', async () => {
    // Positive control: the editor above has the link.
    expect(await page.getByRole('link', { name: 'Alerts', exact: true }).count()).toBe(1);
    await page.context().clearCookies();
    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
    await loginAt(page, base, 'reader@alerts.test');
    await page.goto(`${base}/admin/plugins/wire`);
    await page.getByRole('link', { name: 'Feeds', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Alerts', exact: true }).count()).toBe(0);
    await page.getByTestId('notifications').waitFor();
  });
});
