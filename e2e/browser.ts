// One browser for the journeys: each test file calls `browserJourney` inside its describe; it starts
// `duban start` (e2e/server.ts) before the tests, opens Debian's chromium (playwright-core) at the intranet
// host name, signs people in, opens pages and waits for them, and fails a test when the app logged an error
// in the browser console or threw one. Closing stops the browsers and the server (which must exit 0).

import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { CHROMIUM_ARGS as ARGS, CHROMIUM, ROOT, type RunningServer, startServer } from './server.js';

const SHOTS = join(ROOT, 'test-results');

/** UI updates wait on the server: give them time on a loaded CI machine (vitest's default is 1 s). */
export const POLL = { timeout: 20_000, interval: 200 };
/** The password of every demo account (`duban start --demo`). */
export const DEMO_PASSWORD = 'Duban@2025demo';
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Whether chromium is installed; CI must have it, elsewhere the journeys are skipped with a warning. */
export const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable) {
  const message = `浏览器测试已跳过：未安装 ${CHROMIUM}（apt-get install -y chromium）/ Browser tests skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`;
  if (process.env.CI) throw new Error(`${message} — CI must run them`);
  console.warn(message);
}

/**
 * Console errors that are not the app's: the browser reports every 4xx answer as one (the journeys meet refusals
 * on purpose: a 403 draft, a 409 conflict, the 401 before signing in; the app shows them itself), and says it
 * ignores the Cross-Origin-Opener-Policy header on a plain-HTTP intranet origin (the server sends it for offices
 * behind HTTPS). antd 6.6 calls its List deprecated in favour of Listy: a migration still to do (the bell, the
 * submission cards, the receipts card and the dashboard's lists use List). Everything else counts.
 */
const EXPECTED = [
  /^Failed to load resource: the server responded with a status of 4\d\d\b/,
  /^The Cross-Origin-Opener-Policy header has been ignored, because the URL's origin was untrustworthy\./,
  /^Warning: \[antd: List\] The `List` component is deprecated/,
];

export interface BrowserOptions {
  viewport?: { width: number; height: number };
}

export interface Journey {
  /** The server under test (set once the file's beforeAll ran). */
  readonly server: RunningServer;
  /** A page in a fresh browser profile (its own cookies), not signed in. */
  newPage(options?: BrowserOptions): Promise<Page>;
  /** A fresh browser profile signed in as `username` (the demo password unless given). */
  as(username: string, options?: BrowserOptions & { password?: string }): Promise<Page>;
  /** Opens a path of the app; with a test id, waits until that element is on the page. */
  open(page: Page, path: string, readyTestId?: string): Promise<void>;
}

/**
 * Registers the file's hooks: start the server (with `args` and `env`) before the tests, check the console after
 * each, close the browsers and stop the server after all.
 */
export function browserJourney(args: string[] = [], env: Record<string, string> = {}): Journey {
  let server: RunningServer | undefined;
  const contexts: BrowserContext[] = [];
  let errors: string[] = [];

  const watch = (context: BrowserContext) => {
    context.on('console', (message) => {
      if (message.type() === 'error' && !EXPECTED.some((pattern) => pattern.test(message.text()))) {
        errors.push(`console.error on ${message.page()?.url() ?? '?'}: ${message.text()}`);
      }
    });
    context.on('weberror', (error) => errors.push(`uncaught on ${error.page()?.url() ?? '?'}: ${error.error()}`));
  };

  beforeAll(async () => {
    server = await startServer(args, env);
    // The living demo plays its year before it listens.
  }, 360_000);
  afterEach(() => {
    const seen = errors;
    errors = [];
    expect(seen, 'errors in the browser console').toEqual([]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    expect(await server?.stop()).toBe(0);
  });

  const journey: Journey = {
    get server() {
      if (!server) throw new Error('the server is not started yet (use the journey inside tests)');
      return server;
    },
    async newPage({ viewport = DESKTOP } = {}) {
      const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'duban-chromium-')), {
        executablePath: CHROMIUM,
        args: ARGS,
        viewport,
        locale: 'zh-CN',
      });
      contexts.push(context);
      watch(context);
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(30_000);
      return page;
    },
    async as(username, { password = DEMO_PASSWORD, ...options } = {}) {
      const page = await journey.newPage(options);
      await signIn(page, journey.server.pageUrl, username, password);
      return page;
    },
    async open(page, path, readyTestId) {
      await page.goto(`${journey.server.pageUrl}${path}`);
      if (readyTestId) await page.getByTestId(readyTestId).first().waitFor();
    },
  };
  return journey;
}

/** Signs in on the login page and waits until the app leaves it (for the home page or /password). */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-submit').waitFor();
}

/** Chooses an option of an antd Select (the dropdown renders outside the form); `search` types the label first. */
export async function pick(page: Page, select: Locator, label: string, search = false): Promise<void> {
  await select.click();
  if (search) await page.keyboard.type(label);
  const option = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .getByText(label, { exact: true })
    .last();
  await option.click();
  // A click while the dropdown (or the modal holding it) is still opening can be lost: the list stays open and
  // nothing is chosen. Click again then — never once the select shows the label (a second click would take a
  // multiple select's choice away).
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await select.textContent())?.includes(label)) return;
    if (!(await option.isVisible())) return;
    await page.waitForTimeout(300);
    await option.click();
  }
}

/**
 * Clicks a button in a modal, dropdown or drawer once that overlay has finished opening, and waits for the click to
 * take. antd holds an opening overlay at its first keyframe (paused, tiny, transparent) until its motion starts: on
 * a loaded machine Playwright can judge that frozen box "stable" and click it, and the click is lost.
 */
export async function clickSettled(button: Locator): Promise<void> {
  await button.waitFor();
  await expect
    .poll(
      () =>
        button.evaluate((el) => {
          const overlay = el.closest('.ant-modal-wrap, .ant-drawer, .ant-dropdown, .ant-popover') ?? el;
          return overlay
            .getAnimations({ subtree: true })
            .filter(
              (a: { playState: string; effect: { getComputedTiming(): { iterations?: number } } | null }) =>
                a.playState !== 'finished' && a.effect?.getComputedTiming().iterations !== Infinity,
            ).length;
        }),
      POLL,
    )
    .toBe(0);
  await button.click();
  await button.waitFor({ state: 'hidden', timeout: POLL.timeout });
}

/** A full-page screenshot in test-results/ (kept by CI). */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Clicks a download link and returns the file's name and bytes . */
export async function download(page: Page, link: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const name = file.suggestedFilename();
  const path = join(mkdtempSync(join(tmpdir(), 'duban-downloads-')), name);
  await file.saveAs(path);
  return { name, bytes: readFileSync(path) };
}

export const attr = async (locator: Locator, name: string) => (await locator.getAttribute(name)) ?? '';
export const num = async (locator: Locator, name: string) => Number(await attr(locator, name));
export const json = async <T>(locator: Locator, name: string): Promise<T> => JSON.parse(await attr(locator, name)) as T;

/**
 * Opens the bell (opening asks the server again, so nothing waits for the minute's poll) and waits for a
 * notification of `kind` whose title or text holds `text`; closes the bell again. The hand-off's next person
 * learns of it here at once, not from the next reminder run.
 */
export async function bellShows(page: Page, kind: string, text: string | RegExp): Promise<void> {
  await page.getByTestId('bell').click();
  await page
    .getByTestId('notifications')
    .locator(`[data-testid="notification"][data-kind="${kind}"]`)
    .filter({ hasText: text })
    .first()
    .waitFor();
  await page.getByTestId('bell').click();
}
