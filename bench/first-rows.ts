// web.first_rows_ms.*: how long people wait, in a real chromium on the living demo (`duban start --demo`), from
// the start of a navigation until the first data row of the page is on screen — the dashboard's figures, the
// supervised list (督办清单), the plan browser and the period package of the unit with the most items. Each page
// twice: reached from another page of the app (a menu click, or a client-side navigation where the menu holds no
// link: the session's first visit of that page, its chunk and data not yet loaded) and `_cold` (a full page load
// in a fresh browser profile, nothing cached: the first time). Median of BENCH_WEB_RUNS (5) runs each.

import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS as ARGS, CHROMIUM, INTRANET_HOST, type RunningServer, startServer } from '../e2e/server.js';
import { ensureWebBuilt } from '../src/server/web.js';
import type { BenchEntry } from './types.js';

const DEMO_DATE = '2026-11-15';
const PASSWORD = 'Duban@2025demo';
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
const GOAL = 500;

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

interface Target {
  name: string;
  user: string;
  /** The page measured. */
  path: string;
  /** A data row of it (inside the frame drawn for `path`). */
  row: string;
  /** Where the client-side navigation starts, and its ready element. */
  from: string;
  fromReady: string;
  /** The menu link to click there; without one the router is sent to `path` (history.pushState + popstate). */
  menu?: string;
  note: string;
}

/** What the functions run in the page use of it (this project's Node types hold no DOM). */
interface Browserish {
  document: {
    querySelector(
      selector: string,
    ): { getBoundingClientRect(): { width: number; height: number }; click(): void } | null;
  };
  history: { pushState(state: unknown, unused: string, url: string): void };
  dispatchEvent(event: unknown): void;
  PopStateEvent: new (type: string) => unknown;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Resolves, in the page, to performance.now() at the first animation frame that shows `selector`. */
async function shownAt(page: Page, selector: string): Promise<number> {
  const handle = await page.waitForFunction(
    (sel) => {
      const el = (globalThis as unknown as Browserish).document.querySelector(sel);
      if (!el) return false;
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 ? performance.now() : false;
    },
    selector,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

const rowIn = (target: Target) => `[data-path="${target.path.split('?')[0]}"] ${target.row}`;

async function cold(browser: Browser, base: string, state: StorageState, target: Target): Promise<number> {
  const context = await browser.newContext({ storageState: state, locale: 'zh-CN', viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(`${base}${target.path}`, { waitUntil: 'commit' });
    // performance.now() counts from the navigation's start (timeOrigin).
    return await shownAt(page, rowIn(target));
  } finally {
    await context.close();
  }
}

async function clientSide(browser: Browser, base: string, state: StorageState, target: Target): Promise<number> {
  const context = await browser.newContext({ storageState: state, locale: 'zh-CN', viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(`${base}${target.from}`);
    await page.locator(target.fromReady).first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const started = await page.evaluate(
      ({ menu, path }) => {
        const w = globalThis as unknown as Browserish;
        const t0 = performance.now();
        if (menu) w.document.querySelector(menu)?.click();
        else {
          // How React Router's BrowserRouter learns of a new address: the page's own JavaScript, no reload.
          w.history.pushState({}, '', path);
          w.dispatchEvent(new w.PopStateEvent('popstate'));
        }
        return t0;
      },
      { menu: target.menu, path: target.path },
    );
    return (await shownAt(page, rowIn(target))) - started;
  } finally {
    await context.close();
  }
}

const VIEWPORT = { width: 1440, height: 900 };

/** Signs in through the API (the test process's own request) and gives the browser the session cookie. */
async function signedIn(server: RunningServer, username: string): Promise<StorageState> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((line) => {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    return {
      name: pair.slice(0, at).trim(),
      value: pair.slice(at + 1).trim(),
      domain: INTRANET_HOST,
      path: '/',
      expires: -1,
      httpOnly: true,
      secure: false,
      sameSite: 'Lax' as const,
    };
  });
  return { cookies, origins: [] };
}

interface Listed<T> {
  items: T[];
  total?: number;
}

/** The demo's newest plan, its latest period already open, and the unit holding the most tasks of the plan. */
async function demoAddresses(server: RunningServer, cookie: string) {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1${path}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return (await res.json()) as T;
  };
  const plans = await get<Listed<{ id: string; year: number }>>('/plans');
  const plan = [...plans.items].sort((a, b) => b.year - a.year)[0];
  if (!plan) throw new Error('the demo holds no plan');
  const periods = await get<Listed<{ id: string; label: string; startsOn?: string; opensAt?: string }>>(
    `/plans/${plan.id}/periods`,
  );
  const counts = new Map<string, { name: string; n: number }>();
  for (let page = 1; ; page++) {
    const list = await get<Listed<{ assignments: { unit: { id: string; name: string } }[] }> & { total: number }>(
      `/tasks?planId=${plan.id}&pageSize=500&page=${page}`,
    );
    for (const task of list.items)
      for (const a of task.assignments) {
        const c = counts.get(a.unit.id) ?? { name: a.unit.name, n: 0 };
        c.n++;
        counts.set(a.unit.id, c);
      }
    if (page * 500 >= list.total) break;
  }
  const [unitId, unit] = [...counts.entries()].sort((a, b) => b[1].n - a[1].n)[0] ?? [];
  if (!unitId || !unit) throw new Error('the demo plan assigns no unit');
  return { planId: plan.id, periods: periods.items, unitId, unit };
}

export async function firstRowsBench(): Promise<BenchEntry[]> {
  if (!existsSync(CHROMIUM))
    return [
      {
        id: 'web.first_rows_ms.skipped',
        value: 0,
        unit: 'n/a',
        better: 'lower',
        note: `skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`,
      },
    ];
  await ensureWebBuilt(() => undefined);
  // BENCH_WEB_PORT: a demo already running on that port (`PORT=N npm start -- --demo --demo-date 2026-11-15`), to
  // measure a change of the web app again without playing the demo's year each time.
  const port = process.env.BENCH_WEB_PORT;
  const server: RunningServer = port
    ? {
        url: `http://127.0.0.1:${port}`,
        pageUrl: `http://${INTRANET_HOST}:${port}`,
        dataDir: '',
        output: () => '',
        stop: async () => 0,
      }
    : await startServer(['--demo', '--demo-date', DEMO_DATE]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const base = server.pageUrl;
    const office = await signedIn(server, 'duchashi');
    const cookie = office.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const demo = await demoAddresses(server, cookie);
    const packagePeriod = await latestOpenPeriod(server, cookie, demo.periods, demo.unitId);
    const targets: Target[] = [
      {
        name: 'dashboard',
        user: 'duchashi',
        path: '/dashboard',
        row: '[data-testid="kpi-tasks"]:not([data-value=""])',
        from: '/plans',
        fromReady: '[data-testid="plan-link"]',
        menu: '[data-testid="nav-dashboard"]',
        note: 'the office’s dashboard: its figures',
      },
      {
        name: 'supervised',
        user: 'duchashi',
        path: '/supervision/tasks',
        row: '[data-testid="supervision-row"]',
        from: '/dashboard',
        fromReady: '[data-testid="kpi-tasks"]:not([data-value=""])',
        menu: '[data-testid="nav-supervision"]',
        note: '督办清单 of the office',
      },
      {
        name: 'plan',
        user: 'duchashi',
        path: `/plans/${demo.planId}`,
        row: '[data-testid="task-row"]',
        from: '/plans',
        fromReady: '[data-testid="plan-link"]',
        menu: '[data-testid="plan-link"]',
        note: 'the plan browser (the plan’s link on 方案)',
      },
      {
        name: 'package',
        user: 'duchashi',
        path: `/submission/${packagePeriod.id}?unitId=${demo.unitId}`,
        row: '[data-testid="item-card"]',
        from: '/dashboard',
        fromReady: '[data-testid="kpi-tasks"]:not([data-value=""])',
        note: `${demo.unit.name} (${demo.unit.n} tasks), ${packagePeriod.label}, opened by the office`,
      },
    ];
    const entries: BenchEntry[] = [];
    for (const target of targets) {
      const state = target.user === 'duchashi' ? office : await signedIn(server, target.user);
      const nav: number[] = [];
      const coldRuns: number[] = [];
      // One untimed pass: the server's first answers of a page (its queries' plans, caches) are not the user's.
      await clientSide(browser, base, state, target);
      for (let i = 0; i < RUNS; i++) {
        nav.push(await clientSide(browser, base, state, target));
        coldRuns.push(await cold(browser, base, state, target));
      }
      const spread = (xs: number[]) =>
        `runs ${[...xs]
          .sort((a, b) => a - b)
          .map((x) => Math.round(x))
          .join('/')} ms`;
      entries.push(
        {
          id: `web.first_rows_ms.${target.name}`,
          value: Math.round(median(nav)),
          unit: 'ms',
          better: 'lower',
          goal: GOAL,
          note: `${target.note}; from ${target.from} in the app; ${spread(nav)}`,
        },
        {
          id: `web.first_rows_ms.${target.name}_cold`,
          value: Math.round(median(coldRuns)),
          unit: 'ms',
          better: 'lower',
          goal: GOAL,
          note: `full page load, fresh profile; ${spread(coldRuns)}`,
        },
      );
    }
    return entries;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** The latest period whose submission the unit can open now (a future one answers 409 period_locked). */
async function latestOpenPeriod(
  server: RunningServer,
  cookie: string,
  periods: { id: string; label: string }[],
  unitId: string,
): Promise<{ id: string; label: string }> {
  for (const period of [...periods].reverse()) {
    const res = await fetch(`${server.url}/api/v1/periods/${period.id}/submission?unitId=${unitId}`, {
      headers: { cookie },
    });
    if (res.ok) return period;
  }
  throw new Error('no period of the demo plan is open');
}
