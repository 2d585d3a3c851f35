/**
 * The editors' desk end to end: the real admin panel (built with the Wire plugin's pages) served by a
 * real Strapi, driven in headless Chromium (Debian's, through playwright-core). An editor logs in,
 * adds a feed pointing at a local feed server, tests it, runs it, reads the articles, the partner
 * views and a corrected version side by side, creates a partner token in the UI and uses it on the
 * REST API. An editor without "manage feeds" gets no way to add one. Screenshots of each screen go to
 * WIRE_SCREENSHOTS_DIR (default .tmp/screenshots); with WIRE_DOCS_SCREENSHOTS=1, 1280×800 copies
 * go to docs/screenshots for the README.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { createAdmin, createRole, PASSWORD, superAdminRole, WIRE_ACTIONS } from '../helpers/admin';
import { buildAdmin, describeDesk, listen, login as loginAt, openBrowser, VIEWPORT } from '../helpers/desk-browser';
import { ALLOW_LOOPBACK, rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { APP_DIR, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const SHOTS = path.resolve(APP_DIR, process.env.WIRE_SCREENSHOTS_DIR || '.tmp/screenshots');
const DOCS = path.join(APP_DIR, 'docs/screenshots');

const USPA_FOOTER =
  'This article may be quoted as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named via hyperlink.';
const paragraphs = (topic: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `The ${topic} report, part ${i + 1}, gives the figures that officials released in the morning and what they mean.`,
  ).join(' ');
const story = (first: string, topic: string) => `${first} ${paragraphs(topic, 10)}</p><p>${USPA_FOOTER}`;

let app: TestApp;
let base: string;
let feeds: FeedServer;
let browser: Browser;
let page: Page;
let corrected = false;
let partnerKey = '';

/** A picture of the screen; toasts of earlier steps are closed first unless `keepToasts`. */
async function shot(name: string, { keepToasts = false } = {}) {
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5); // no tooltip from the last hover
  if (!keepToasts)
    for (const close of await page.locator('[data-sonner-toast] button').all())
      await close.click().catch(() => undefined);
  await page.waitForTimeout(300); // let toasts and transitions settle before the picture (not an assertion)
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  if (process.env.WIRE_DOCS_SCREENSHOTS) await page.screenshot({ path: path.join(DOCS, `${name}.png`) });
}

const login = (email: string) => loginAt(page, base, email);

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  if (process.env.WIRE_DOCS_SCREENSHOTS) await fs.mkdir(DOCS, { recursive: true });
  buildAdmin();
  feeds = await startFeedServer();
  feeds.routes.set('/uspa.rss', {
    body: () =>
      rssFeed([
        {
          guid: 'e2e-glacier',
          title: 'Glacier retreat measured in the Alps',
          body: story(
            corrected
              ? 'Scientists say the glacier lost 14 metres this year.'
              : 'Scientists say the glacier lost 12 metres this year.',
            'glacier',
          ),
          date: corrected ? 'Fri, 27 Nov 2026 12:00:00 GMT' : undefined,
        },
        {
          guid: 'e2e-harbour',
          title: 'Harbour strike ends after talks',
          body: story('Dock workers return on Monday.', 'harbour'),
        },
        // Neither headline nor body: nothing to make a story of, rejected with its reason.
        { guid: 'e2e-bad', title: '', body: null },
      ]),
  });
  app = await startStrapi({ ...ALLOW_LOOPBACK }, { serveAdminPanel: true });
  base = await listen(app);
  const s = app.strapi;
  await createAdmin(s, 'chief@desk.test', [(await superAdminRole(s)).id]);
  await createAdmin(s, 'reader@desk.test', [(await createRole(s, 'Desk reader', [WIRE_ACTIONS.readDesk])).id]);
  ({ browser, page } = await openBrowser());
}, 600000);

afterAll(async () => {
  await browser?.close();
  await feeds?.close();
  await app?.stop();
});

describeDesk("the editors' desk in the admin", () => {
  it("logs in to the admin's home, where Wire's widget leads to an empty desk that says what to do next", async () => {
    await login('chief@desk.test');
    const widget = page.getByTestId('wire-home-widget');
    await widget.getByText('0 feed(s), 0 article(s)').waitFor();
    await shot('00-admin-home');
    await page.getByRole('link', { name: 'Open the Wire desk' }).click();
    await page.getByRole('heading', { name: 'Wire desk' }).waitFor();
    await page.getByText('No feeds yet.').waitFor();
    await shot('01-desk-empty');
  });

  it('adds a feed, tests it before saving, and runs it', async () => {
    await page.getByRole('link', { name: 'Add a feed' }).first().click();
    await page.locator('input[name="name"]').fill('USPA main');
    await page.locator('input[name="source"]').fill(feeds.url('/uspa.rss'));
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const result = page.getByTestId('feed-test-result');
    await result.waitFor();
    await result.getByText('Format: rss').waitFor();
    await result.getByText('2 would be stored').waitFor();
    await result.getByText('Glacier retreat measured in the Alps').waitFor();
    await page.locator('#feed-test').scrollIntoViewIfNeeded();
    await shot('02-feed-test');
    expect(await app.strapi.db.query('plugin::wire.article').count()).toBe(0);

    await page.getByRole('button', { name: 'Save feed' }).click();
    await page.getByText('Feed "USPA main" added').waitFor();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByText(/Run finished: 2 new/).waitFor();
    await page
      .getByText('Item 3 (e2e-bad), headline: missing headline and body: nothing to make a story of', { exact: true })
      .waitFor();
    await page.locator('#runs').scrollIntoViewIfNeeded();
    await shot('03-feed-runs', { keepToasts: true });
    expect(await app.strapi.db.query('plugin::wire.article').count()).toBe(2);
  });

  it("shows the feed's health and the newest articles on the desk", async () => {
    await page.getByRole('link', { name: 'Desk', exact: true }).click();
    await page.getByText('Healthy', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Harbour strike ends after talks' }).waitFor();
    await shot('04-desk');
  });

  it('shows an article, its licence in words, what quote and full partners see, and a correction side by side', async () => {
    corrected = true;
    const feedId = (await app.strapi.db.query('plugin::wire.feed').findOne({ where: { name: 'USPA main' } }))
      .documentId;
    const rerun = await wire(app.strapi).service('poller').pollFeed(feedId, 'manual');
    expect(rerun.run?.updated).toBe(1);

    await page.reload();
    await page.getByRole('link', { name: 'Glacier retreat measured in the Alps' }).click();
    await page.getByTestId('licence-terms').getByText('quotes up to 5% of the text').waitFor();
    const quote = page.getByTestId('partner-view-quote');
    await quote.getByText('quote', { exact: true }).waitFor();
    expect(await quote.locator('blockquote').count()).toBe(1);
    const diff = page.getByTestId('version-diff');
    await diff.locator('[data-change="removed"]', { hasText: '12' }).waitFor();
    await diff.locator('[data-change="added"]', { hasText: '14' }).waitFor();
    await shot('05-article');
    await page.locator('#partner-views').scrollIntoViewIfNeeded();
    await shot('06-article-quote-partner');
    await page.getByRole('tab', { name: 'A full partner' }).click();
    await page.getByTestId('partner-view-full').getByText('full-text').waitFor();
    await shot('07-article-full-partner');
    await page.locator('#versions').scrollIntoViewIfNeeded();
    await shot('08-article-versions');
    // Select the first sentence as an editor would, with the mouse.
    const passage = page.getByTestId('quote-passage');
    await passage.evaluate((el) => el.scrollIntoView({ block: 'center' })); // clear of the sticky header
    const box = await passage.boundingBox();
    await page.mouse.move(box!.x + 16, box!.y + 20);
    await page.mouse.down();
    await page.mouse.move(box!.x + 200, box!.y + 22, { steps: 5 });
    await page.mouse.up();
    const quoted = page.getByTestId('quote-result');
    await quoted.getByText(/of 9 words allowed/).waitFor();
    expect(await page.getByTestId('quote-text').textContent()).toMatch(
      /^“Scientists say the glacier .*”\s*Source: USPA News \(https:\/\/news\.example\.test\/e2e-glacier\)$/,
    );
    await shot('08b-quote-helper');
  });

  it("lists the same story sent by another agency on the article's page, and links to it", async () => {
    const glacier = await app.strapi.db
      .query('plugin::wire.article')
      .findOne({ where: { headline: 'Glacier retreat measured in the Alps' } });
    // Another agency's copy of the same story: its text with a sentence of its own.
    const paragraphs = [
      ...String(glacier.bodyText).split(/\n+/).filter(Boolean),
      'The survey was paid for by the canton.',
    ];
    const copy = `<?xml version="1.0"?>
      <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:e2e.test:afp:glacier" version="1" xml:lang="en">
        <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:AFP"/><versionCreated>2026-11-28T09:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
        <contentMeta><headline>Alpine glacier shrinks again, survey finds</headline></contentMeta>
        <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>${paragraphs
          .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
          .join('')}</body></html></inlineXML></contentSet>
      </newsItem>`;
    expect(await wire(app.strapi).service('ingest').ingestDocument(copy, 'afp-glacier.xml')).toMatchObject({
      created: 1,
    });
    await page.reload();
    const panel = page.locator('#duplicates');
    await panel.scrollIntoViewIfNeeded();
    await panel.getByRole('link', { name: 'Alpine glacier shrinks again, survey finds' }).waitFor();
    await panel.getByText('AFP', { exact: true }).waitFor();
    await shot('08c-article-duplicates');
    await panel.getByRole('link', { name: 'Alpine glacier shrinks again, survey finds' }).click();
    await page.locator('#duplicates').getByRole('link', { name: 'Glacier retreat measured in the Alps' }).waitFor();
  });

  it('searches the copy for any form of a word, highlights it, and narrows by a facet', async () => {
    await page.getByRole('navigation', { name: 'Wire' }).getByRole('link', { name: 'Articles' }).click();
    await page.getByLabel('Search the copy').fill('glaciers -harbour');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const table = page.locator('table');
    await table.getByRole('link', { name: 'Glacier retreat measured in the Alps' }).waitFor();
    await table.getByRole('link', { name: 'Alpine glacier shrinks again, survey finds' }).waitFor();
    expect(await table.getByRole('link', { name: 'Harbour strike ends after talks' }).count()).toBe(0);
    // "glaciers" found as "glacier", marked in the snippet.
    await table
      .locator('[data-snippet] mark', { hasText: /^glacier$/i })
      .first()
      .waitFor();
    const agencies = page.getByRole('group', { name: 'Agency' });
    await agencies.getByRole('button', { name: /Show only Agence France-Presse/ }).waitFor();
    await shot('08d-search');
    await agencies.getByRole('button', { name: /Show only Agence France-Presse/ }).click();
    await page.getByText('1 article(s)').waitFor();
    expect(await table.getByRole('link', { name: 'Glacier retreat measured in the Alps' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Clear this filter' }).click();
    await table.getByRole('link', { name: 'Glacier retreat measured in the Alps' }).waitFor();
    // One line per story: AFP's copy, stored last, stands for both; its row names the other agency.
    await page.getByText(/One line per story/).click();
    await page.getByText('1 article(s)').waitFor();
    const same = table.locator('[data-same-story]');
    await same.first().waitFor();
    // USPA's copy, and its earlier demo story of the same survey.
    expect(await same.first().textContent()).toMatch(/^Also sent by \d+ others?: USPA$/);
    expect(await table.getByRole('link', { name: 'Glacier retreat measured in the Alps' }).count()).toBe(0);
    await shot('08e-one-line-per-story');
  });

  it("takes a story into the site's own content as a draft, and shows where it went", async () => {
    await page.getByText(/One line per story/).click();
    await page.locator('table').getByRole('link', { name: 'Glacier retreat measured in the Alps' }).click();
    await page.getByRole('button', { name: 'Take to site' }).click();
    await page
      .getByText(/Taken to the site as a draft/)
      .first()
      .waitFor();
    const story = await app.strapi.db
      .query('api::story.story')
      .findOne({ where: { title: 'Glacier retreat measured in the Alps' } });
    expect(story).toMatchObject({ publishedAt: null });
    await page.getByText(/Taken to the site:/).waitFor();
    await shot('15-take-to-site');
  });

  it('lists the licences with the articles each covers', async () => {
    await page.getByRole('link', { name: 'Licences' }).first().click();
    await page.getByTestId('licence').getByText('2 article(s)').waitFor();
    // Positive control for the read-only check below: the chief may correct it.
    await page.getByTestId('licence').getByRole('button', { name: 'Correct' }).waitFor();
    expect(await page.getByText('Correcting a licence needs the "Manage licences" permission.').count()).toBe(0);
    await shot('09-licences');
  });

  it('lists the agencies, flags USPA as needing a homepage, and an editor sets one', async () => {
    await page.getByRole('link', { name: 'Agencies' }).first().click();
    const uspa = page.getByTestId('agency').filter({ hasText: 'USPA News' });
    await uspa.getByTestId('agency-needs-homepage').waitFor();
    expect(await page.getByText('Editing an agency needs the "Manage agencies" permission.').count()).toBe(0);
    await shot('09c-agencies');
    await uspa.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Homepage').fill('https://uspa.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await uspa.getByText('https://uspa.example/').waitFor();
    expect(await uspa.getByTestId('agency-needs-homepage').count()).toBe(0);
  });

  it('creates a partner in the UI whose token, shown once, reads the REST API', async () => {
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.getByText('No partners yet.').waitFor();
    await page.getByRole('button', { name: 'Create a partner' }).click();
    await page.locator('input[name="partnerName"]').fill('Quote Daily');
    await page.getByRole('button', { name: 'Create partner and token' }).click();
    const key = (await page.getByTestId('token-value').textContent())?.trim() ?? '';
    expect(key.length).toBeGreaterThan(20);
    partnerKey = key;
    await shot('10-partners');
    const res = await request(base).get('/api/wire/articles').set('Authorization', `Bearer ${key}`);
    expect(res.status).toBe(200);
    expect(res.body.meta.access).toBe('quote');
    expect(res.body.data.map((a: any) => a.headline).sort()).toEqual([
      'Alpine glacier shrinks again, survey finds',
      'Glacier retreat measured in the Alps',
      'Harbour strike ends after talks',
    ]);
    // Shown once: gone after a reload.
    await page.reload();
    await page.getByText('Quote Daily', { exact: true }).waitFor();
    expect(await page.getByTestId('token-value').count()).toBe(0);
  });

  it('sets the daily quota on the Partners screen: refused until it is a whole number, then held by the API', async () => {
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const field = page.locator('input[name="dailyRequests"]');
    await field.fill('lots');
    await page.getByText('A whole number from 1, or empty for no daily quota').waitFor();
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await field.fill('3');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('3 a day', { exact: true }).waitFor();
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 4; i += 1) {
      last = await request(base).get('/api/wire/account').set('Authorization', `Bearer ${partnerKey}`);
      statuses.push(last.status);
    }
    // The creation test above made one request already today.
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(last!.headers['ratelimit-policy']).toMatch(/"daily";q=3;w=86400/);
  });

  it('makes a routing rule on the Rules screen, tries it before saving, and releases the story it holds', async () => {
    await page.getByRole('link', { name: 'Rules', exact: true }).click();
    await page.getByText('No rules yet.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Add a rule' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Harbour copy to Maritime, held');
    await dialog.getByLabel('Search', { exact: true }).fill('harbour');
    await dialog.getByLabel('Set the section to').fill('Maritime');
    await dialog.getByLabel('Add keywords').fill('port, docks');
    await dialog.getByRole('checkbox', { name: 'Hold for review' }).click();
    await dialog.getByRole('button', { name: 'Try against the newest stories' }).click();
    const tried = page.getByTestId('rule-try');
    await tried.getByText('Matches 1 of the newest 3 stories (nothing is saved)').waitFor();
    await tried.getByTestId('rule-try-match').getByText('Harbour strike ends after talks').waitFor();
    await tried.getByText(/adds port, docks/).waitFor();
    expect(await app.strapi.db.query('plugin::wire.rule').count()).toBe(0);
    await tried.scrollIntoViewIfNeeded();
    await shot('14b-rule-try');
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    const rule = page.getByTestId('rule').filter({ hasText: 'Harbour copy to Maritime, held' });
    await rule.getByText('search “harbour”').waitFor();
    expect(await rule.getByTestId('rule-hits').textContent()).toBe('0');

    // Copy that comes in now runs through the rule: stored, held, in Maritime.
    const g2 = `<?xml version="1.0"?>
      <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:e2e.test:nwp:cranes" version="1" xml:lang="en">
        <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:NWP"/><versionCreated>2026-11-28T11:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
        <contentMeta><headline>Harbour cranes back at work</headline></contentMeta>
        <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>${paragraphs('harbour', 4)}</p></body></html></inlineXML></contentSet>
      </newsItem>`;
    expect(await wire(app.strapi).service('ingest').ingestDocument(g2, 'nwp-cranes.xml')).toMatchObject({ created: 1 });
    await page.reload();
    await rule.getByTestId('rule-hits').getByText('1', { exact: true }).waitFor();
    await shot('14-rules');

    // The desk's home says a story waits for a release, and leads to it.
    await page.getByRole('link', { name: 'Desk', exact: true }).click();
    const waiting = page.getByTestId('desk-held-for-review');
    await waiting.getByText('1 story held for review by routing rules').waitFor();
    await shot('14d-desk-held');
    expect(await waiting.getByRole('link', { name: 'See them' }).getAttribute('href')).toMatch(/articles\?held=true$/);

    await page.getByRole('link', { name: 'Articles', exact: true }).click();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Held for review (rules)' }).click();
    await page.getByRole('link', { name: 'Harbour cranes back at work' }).click();
    const hold = page.getByTestId('review-hold');
    await hold
      .getByText('Held by rule "Harbour copy to Maritime, held": no partner receives', { exact: false })
      .waitFor();
    await page.getByTestId('held-for-review').waitFor();
    await page.getByText('Maritime', { exact: true }).waitFor();
    await shot('14c-article-held');
    await hold.getByRole('button', { name: 'Release' }).click();
    await page.getByText('Released: Harbour cranes back at work. Partners receive it now.').waitFor();
    await page.getByText('Usable', { exact: true }).waitFor();
    expect(await page.getByTestId('review-hold').count()).toBe(0);
    const row = await app.strapi.db
      .query('plugin::wire.article')
      .findOne({ where: { headline: 'Harbour cranes back at work' } });
    expect(row).toMatchObject({ reviewHold: null, reviewRelease: { by: 'chief@desk.test' } });
  });

  it('pauses a feed, which the desk then flags, and resumes it', async () => {
    await page.getByRole('link', { name: 'Feeds', exact: true }).click();
    await page.getByRole('link', { name: 'USPA main' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Feed paused').waitFor();
    await page.getByRole('link', { name: 'Desk', exact: true }).click();
    const warning = page.getByTestId('feeds-need-attention');
    await warning.getByText('USPA main: paused (paused at the desk)').waitFor();
    await shot('11-desk-attention');
    await page.getByRole('link', { name: 'USPA main' }).click();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('Feed resumed').waitFor();
    expect((await app.strapi.db.query('plugin::wire.feed').findOne({ where: { name: 'USPA main' } })).paused).toBe(
      false,
    );
  });

  it('gives an editor without "manage feeds" no way to add a feed, and the server refuses it too', async () => {
    // Positive control: on the same page the chief (every permission) has the button and the Partners link.
    await page.goto(`${base}/admin/plugins/wire/feeds`);
    await page.getByRole('link', { name: 'USPA main' }).waitFor();
    expect(await page.getByRole('link', { name: 'Add a feed' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Partners', exact: true }).count()).toBe(1);
    await page.getByRole('link', { name: 'USPA main' }).click();
    await page.getByRole('button', { name: 'Run now' }).waitFor();
    expect(await page.getByText('changing it needs the "Manage feeds" permission').count()).toBe(0);
    await page.context().clearCookies();
    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
    await login('reader@desk.test');
    await page.goto(`${base}/admin/plugins/wire/feeds`);
    await page.getByRole('heading', { name: 'Feeds', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'USPA main' }).waitFor();
    expect(await page.getByRole('link', { name: 'Add a feed' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Partners', exact: true }).count()).toBe(0);
    // The feed opens read-only: no Run now, and it says which permission changing it needs.
    await page.getByRole('link', { name: 'USPA main' }).click();
    await page.getByText('changing it needs the "Manage feeds" permission').waitFor();
    expect(await page.getByRole('button', { name: 'Run now' }).count()).toBe(0);
    const login2 = await request(base).post('/admin/login').send({ email: 'reader@desk.test', password: PASSWORD });
    const add = await request(base)
      .post('/wire/feeds')
      .set('Authorization', `Bearer ${login2.body.data.token}`)
      .send({ name: 'Sneaky', source: feeds.url('/uspa.rss') });
    expect(add.status).toBe(403);
  });

  it("shows the same editor the licences and agencies read-only and no partners, as the chief's steps above did not", async () => {
    await page.goto(`${base}/admin/plugins/wire/licences`);
    await page.getByTestId('licence').getByText('2 article(s)').waitFor();
    await page.getByText('Correcting a licence needs the "Manage licences" permission.').waitFor();
    expect(await page.getByRole('button', { name: 'Correct' }).count()).toBe(0);
    await page.goto(`${base}/admin/plugins/wire/agencies`);
    await page.getByTestId('agency').filter({ hasText: 'USPA News' }).waitFor();
    await page.getByText('Editing an agency needs the "Manage agencies" permission.').waitFor();
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    await page.goto(`${base}/admin/plugins/wire/partners`);
    await page.getByText(/You don't have the permissions to access that content/).waitFor();
    expect(await page.getByRole('button', { name: 'Create a partner' }).count()).toBe(0);
    expect(await page.getByText('Quote Daily').count()).toBe(0);
  });

  it('reads the desk in German for an editor who chose German', async () => {
    // The same feed page read in English two tests above is the positive control.
    await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'de'));
    try {
      await page.goto(`${base}/admin/plugins/wire/feeds`);
      await page.getByRole('link', { name: 'USPA main' }).click();
      await page.getByRole('heading', { name: 'Abrufläufe' }).waitFor();
      await page.getByText('Sie dürfen diesen Feed ansehen', { exact: false }).waitFor();
      await page.getByRole('link', { name: 'Artikel', exact: true }).waitFor();
      expect(await page.getByText('Ingest runs').count()).toBe(0);
      await shot('12-feed-german');
    } finally {
      await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'en'));
    }
  });
});
