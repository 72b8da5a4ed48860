// Every page of every role fits the screens people use: a phone (390×844) and the two common office monitors
// (1280×800, 1440×900). The pages come from the router's own table (src/web/routes.ts), so a new page is covered
// without editing this file. A page fails when the document is wider than the viewport (a table's own scroll area,
// .ant-table-content, may scroll sideways: that is not the page) or when a row's action (the table's action column,
// a button of its last column, a card's actions on a phone) lies outside what the person can see. Screenshots of
// each page and width go to test-results/screens/ (a CI artifact), with every measurement in report.json.
//
// Speed: one browser profile per role, one tab each, client-side navigation between pages, and each page measured
// at the three widths by resizing the tab (no reload). SCREENS_ONLY=regex limits the route paths for local runs.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserAvailable, browserJourney } from './browser.js';
import { type Measure, measure } from './fits.js';
import { ROOT } from './server.js';

type Role = 'supervisor' | 'executive' | 'unit_leader' | 'unit_staff' | 'admin';
/** What this test reads of src/web/routes.ts. */
interface RouteTable {
  PAGE_ROUTES: {
    path: string;
    example?: (get: (path: string) => Promise<unknown>, role: Role) => Promise<string | undefined>;
  }[];
  rolesOf(route: unknown): readonly Role[];
}
// Loaded at run time (vitest compiles it): the web app's types belong to its own tsconfig, not the Node one.
const ROUTES_MODULE: string = join(ROOT, 'src', 'web', 'routes.ts');
const { PAGE_ROUTES, rolesOf } = (await import(ROUTES_MODULE)) as RouteTable;

const ADMIN_INITIAL = 'Initial#Admin1';
const ADMIN_NEW = 'Changed#Pass2x';
const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;
type Size = (typeof WIDTHS)[number];
const SHOTS = join(ROOT, 'test-results', 'screens');
const ONLY = process.env.SCREENS_ONLY ? new RegExp(process.env.SCREENS_ONLY) : null;

/** One demo account per role: the office, the district leader, a unit's leader and staff, the admin. */
const ACCOUNTS: { role: Role; username: string; password?: string }[] = [
  { role: 'supervisor', username: 'duchashi' },
  { role: 'executive', username: 'quzhang' },
  { role: 'unit_leader', username: 'fagai.leader' },
  { role: 'unit_staff', username: 'fagai.staff' },
  { role: 'admin', username: 'admin', password: ADMIN_INITIAL },
];

type Doc = {
  querySelector(s: string): { getAttribute(name: string): string | null } | null;
  location: { pathname: string };
};

/** Requests the tab has in flight (a navigation within the app has no load state to wait for). */
function inflight(page: Page): () => number {
  let open = 0;
  page.on('request', () => {
    open += 1;
  });
  const done = () => {
    open = Math.max(0, open - 1);
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return () => open;
}

/**
 * Waits until the page on screen is the one for the address (a navigation keeps the old page up until the new
 * one's chunk and data are ready), no request has been open for 300 ms, and no spinner or skeleton is left.
 */
async function settled(page: Page, open: () => number): Promise<void> {
  // Functions, not strings (the app's Content-Security-Policy forbids eval), serialised whole into the page.
  await page.waitForFunction(
    () => {
      const doc = (globalThis as unknown as { document: Doc }).document;
      return doc.querySelector('[data-path]')?.getAttribute('data-path') === doc.location.pathname;
    },
    undefined,
    { timeout: 30_000, polling: 50 },
  );
  const deadline = Date.now() + 30_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (open() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 300) break;
    await page.waitForTimeout(50);
  }
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as { document: Doc }).document.querySelector('.ant-spin-spinning, .ant-skeleton-active'),
    undefined,
    {
      timeout: 30_000,
      polling: 100,
    },
  );
}

/** Client-side navigation (React Router follows popstate): no reload of the app per page. */
async function go(page: Page, path: string): Promise<void> {
  await page.evaluate(
    `window.history.pushState({}, '', ${JSON.stringify(path)}); window.dispatchEvent(new PopStateEvent('popstate'))`,
  );
}

/**
 * Two frames after a resize: antd's breakpoints (matchMedia) and the tables' widths have followed. Bounded: headless
 * chromium on a loaded CI machine has stopped giving a tab frames (its screenshot timed out, then this waited until
 * the test's 10 minutes ran out, session 15); the measurement reads the DOM, which needs no frame.
 */
const afterResize = (page: Page) =>
  Promise.race([
    page.evaluate(
      'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))))',
    ),
    new Promise((done) => setTimeout(done, 5_000)),
  ]);

describe.skipIf(!browserAvailable)('every page fits a phone and the office monitors', () => {
  // A lived year (mid-November): lists full of rows, long texts, every kind of action on screen.
  const journey = browserJourney(['--demo', '--demo-date', '2026-11-15'], { DUBAN_ADMIN_PASSWORD: ADMIN_INITIAL });
  const report: Record<string, Measure & { shot: boolean; ms: number }> = {};
  const started = Date.now();

  afterAll(() => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.info(
      `screens: ${Object.keys(report).length} page×width visits in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  });

  for (const account of ACCOUNTS) {
    it(`${account.role} (${account.username})`, async () => {
      const routes = PAGE_ROUTES.filter((r) => rolesOf(r).includes(account.role) && (!ONLY || ONLY.test(r.path)));
      if (routes.length === 0) return;
      mkdirSync(SHOTS, { recursive: true });
      let current: Size = WIDTHS[2];
      const page = await journey.as(account.username, { password: account.password, viewport: current });
      if (account.role === 'admin') {
        // The built-in admin first replaces its initial password (the page every role can open).
        await page.waitForURL('**/password');
        await page.getByTestId('password-current').fill(ADMIN_INITIAL);
        await page.getByTestId('password-new').fill(ADMIN_NEW);
        await page.getByTestId('password-confirm').fill(ADMIN_NEW);
        await page.getByTestId('password-submit').click();
        await page.waitForURL((url) => url.pathname !== '/password');
      }
      const open = inflight(page);
      const get = (path: string) =>
        page.evaluate(async (url) => {
          const res = await fetch(`/api/v1${url}`);
          return res.json() as Promise<unknown>;
        }, path);
      const failures: string[] = [];
      const missing: string[] = [];
      for (const route of routes) {
        const path = route.path.includes(':') ? await route.example?.(get, account.role) : `/${route.path}`;
        if (!path || path.includes('undefined')) {
          missing.push(route.path);
          continue;
        }
        const t0 = Date.now();
        await go(page, path);
        await settled(page, open);
        // Snake order (start from the width the tab has): two resizes per page, not three.
        const order: readonly Size[] = current === WIDTHS[0] ? WIDTHS : [...WIDTHS].reverse();
        for (const size of order) {
          if (size !== current) {
            await page.setViewportSize(size);
            await afterResize(page);
            current = size;
          }
          const m = await measure(page);
          const name = `${account.role}-${route.path.replaceAll('/', '_').replaceAll(':', '')}-${size.width}`;
          // The screenshot is an artifact for people, not the measurement: chromium on a loaded CI machine has
          // once waited 30 s for a frame to capture after fonts loaded, so a picture that does not come is named.
          const shot = await page
            .screenshot({ path: join(SHOTS, `${name}.png`), timeout: 10_000, animations: 'disabled' })
            .then(
              () => true,
              (e: Error) => {
                console.warn(`screens: no screenshot of ${name}: ${e.message.split('\n')[0]}`);
                return false;
              },
            );
          report[name] = { ...m, shot, ms: Date.now() - t0 };
          if (m.overflow > 0)
            failures.push(`${path} @${size.width}: page ${m.overflow}px too wide (${m.culprits.join(', ')})`);
          if (m.hiddenActions.length)
            failures.push(`${path} @${size.width}: row actions out of sight (${m.hiddenActions.join(', ')})`);
        }
      }
      await page.context().close();
      // A page the demo holds nothing of for this person (an import draft lives only between upload and
      // confirmation; a unit without a 督办单) is named, not failed; a page with an id and no way to find one is a
      // gap in the route table.
      if (missing.length) console.info(`screens: ${account.username} has no example of ${missing.join(', ')}`);
      expect(routes.filter((r) => r.path.includes(':') && !r.example).map((r) => r.path)).toEqual(
        ['imports/:id'].filter((p) => routes.some((r) => r.path === p)),
      );
      expect(failures).toEqual([]);
    }, 600_000);
  }
});
