/**
 * What the desk's browser tests share: the admin built once (tests/helpers/admin-build.js), a Strapi
 * serving it on a loopback port, Debian's Chromium driven by playwright-core, and logging in through
 * the form. Without a Chromium the files using `describeDesk` are skipped with one line
 * (tests/helpers/optional.ts); under WIRE_REQUIRE_OPTIONAL=1 they fail instead.
 */
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD } from './admin';
import { ensureAdminBuild } from './admin-build';
import { describeIf, findChromium } from './optional';
import { APP_DIR, type TestApp } from './strapi';

export const VIEWPORT = { width: 1280, height: 800 };
export const UI_TIMEOUT = Number(process.env.WIRE_E2E_TIMEOUT_MS || 30000);

const CHROMIUM = findChromium();
export const describeDesk = describeIf(
  'browser tests of the desk (tests/e2e)',
  CHROMIUM ? null : 'no chromium found (apt-get install chromium, or set CHROMIUM_PATH)',
);

/** Builds the admin panel unless the last build is newer than its sources. */
export function buildAdmin() {
  ensureAdminBuild(APP_DIR);
}

/** Puts a Strapi started with `serveAdminPanel` on a loopback port; returns its base URL. */
export async function listen(app: TestApp): Promise<string> {
  const server = app.strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Headless Chromium with the flags this network-less machine needs, and one page. */
export async function openBrowser(): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM!,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(UI_TIMEOUT);
  return { browser, page };
}

/** Logs in through the admin's form (PASSWORD is every test admin's). */
export async function login(page: Page, base: string, email: string) {
  await page.goto(`${base}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: UI_TIMEOUT });
  // Strapi's "new Media Library" banner is not ours: dismiss it so the screenshots show the desk.
  const banner = page.getByText('Introducing the new Media Library');
  if (
    await banner.waitFor({ timeout: 3000 }).then(
      () => true,
      () => false,
    )
  )
    await page.getByRole('button', { name: 'Close' }).first().click();
}
