// load group: the district under real concurrency over HTTP — autocannon and timed clients in this process
// against a listening duban server in a child process (test/child-server.ts: what `duban start` runs), never
// app.inject. On PGlite and, when DUBAN_TEST_PG_URL is set, on a fresh PostgreSQL database. The data comes from
// bench/load-data.ts at each scale of BENCH_LOAD_SCALE (districts under one city, e.g. `1,10,100`; default 1), a
// fresh database per scale and kind; every figure below is measured on the first district (district-001) alone,
// and its id names the scale (load.dashboard.p95_ms.d10.pg): a district's pages should cost the same at 1 or 100.
//
//   1. the office's dashboard (GET /dashboard?planId=, what DashboardPage loads) at 50 connections for 10 s;
//   2. the same while one unit's staff autosaves an item at 5 saves/s (a timed loop, the item's version kept);
//   3. progress saves (PATCH /item-reports/:id) at 10 connections for 10 s, no item saved by two connections at
//      once and every version taken from the previous answer: a 409 version_conflict is an error;
//   4. deadline day: every unit's staff sends its (filled) package and its leader reads and signs it, all units at
//      once; afterwards the office reads every package back: a sign answered 2xx whose package is not signed is lost.
//
// Each figure's note carries p50/p95/p97.5, req/s, errors and non-2xx, the CPU this process (the load tool) used
// — it shares the machine's cores with the server and the database — and the load average around the run.

import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { SESSION_COOKIE } from '../src/api/constants.js';
import type { ItemReportSave, Submission } from '../src/api/v1.js';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { type DatabaseKind, openDatabase } from '../src/server/db/client.js';
import {
  callerOf,
  type ServerProcess,
  scratchData,
  spawnServer,
  stopServer,
  waitHealthy,
} from '../test/child-server.js';
import { type Caller, generateLoadData, type LoadDistrict, PASSWORD } from './load-data.js';
import { type BenchEntry, round } from './types.js';

/** The scales to run, in districts: BENCH_LOAD_SCALE=1,10,100. */
const SCALES = (process.env.BENCH_LOAD_SCALE ?? '1').split(',').map((x) => {
  const n = Number(x.trim());
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_LOAD_SCALE: "${x}" is not a number of districts`);
  return n;
});
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const READERS = 50;
const SAVERS = 10;
const WRITER_PER_S = 5;
/** The issue's goals (issue 17): p95 in ms, and saves ≥ 10× Redmine's 48 notes/s. */
const GOAL_DASHBOARD_P95 = 50;
const GOAL_SAVE_P95 = 50;
const GOAL_SAVES_PER_S = 480;

type Item = Submission['items'][number];

interface Figures {
  requests: number;
  seconds: number;
  p50: number;
  p95: number;
  p975: number;
  errors: number;
  non2xx: number;
}

interface Run<T> {
  value: T;
  /** CPU this process used, ms (user + system), and the wall time, s. */
  cpuMs: number;
  wallS: number;
  load: [number, number];
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number) : 0;

function figures(latencies: number[], seconds: number, errors: number, non2xx: number): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p975: percentile(sorted, 0.975),
    errors,
    non2xx,
  };
}

/** Answered requests a second (timed-out ones are in `requests` for the percentiles only). */
const rate = (f: Figures & { answered?: number }) => (f.seconds > 0 ? (f.answered ?? f.requests) / f.seconds : 0);

const describe = (f: Figures & { answered?: number; timeouts?: number }) =>
  `p50 ${round(f.p50, 1)} / p95 ${round(f.p95, 1)} / p97.5 ${round(f.p975, 1)} ms, ${round(rate(f), 1)} req/s ` +
  `(${f.answered ?? f.requests} answered in ${round(f.seconds, 1)} s), errors ${f.errors}` +
  `${f.timeouts ? ` of which ${f.timeouts} timed out (counted at ${TIMEOUT_S} s)` : ''}, non-2xx ${f.non2xx}`;

const cpuNote = (r: Run<unknown>) =>
  `load tool CPU ${round(r.cpuMs, 0)} ms (${round(r.cpuMs / 10 / r.wallS, 0)}% of a core); ` +
  `loadavg ${round(r.load[0], 2)} → ${round(r.load[1], 2)}`;

/** Times `fn` with the CPU this process spends on it and the 1-minute load average before and after. */
async function measured<T>(fn: () => Promise<T>): Promise<Run<T>> {
  const before = loadavg()[0] as number;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return {
    value,
    cpuMs: (used.user + used.system) / 1000,
    wallS: (performance.now() - started) / 1000,
    load: [before, loadavg()[0] as number],
  };
}

/** One HTTP request as a browser of the app sends it: the session cookie; on a write the CSRF token and Origin. */
async function call(
  server: ServerProcess,
  method: string,
  path: string,
  caller: Caller,
  options: { json?: unknown; key?: string } = {},
): Promise<{ status: number; body: unknown; ms: number }> {
  const headers: Record<string, string> =
    method === 'GET'
      ? { cookie: caller.cookie }
      : { ...caller.headers, origin: server.url, 'content-type': 'application/json' };
  if (options.key) headers['idempotency-key'] = options.key;
  const started = performance.now();
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers,
    body: method === 'GET' ? undefined : JSON.stringify(options.json ?? {}),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, body: text ? JSON.parse(text) : null, ms };
}

/** The office signs in over HTTP, as its browser does. */
async function signInOverHttp(server: ServerProcess, username: string): Promise<Caller> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const pair = res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((p) => p.startsWith(`${SESSION_COOKIE}=`));
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  if (!pair) throw new Error(`sign-in of ${username} set no ${SESSION_COOKIE} cookie`);
  return callerOf(pair.slice(SESSION_COOKIE.length + 1), csrfToken);
}

/** Runs `fn` over `xs`, `width` at a time. */
async function eachLimited<T>(xs: T[], width: number, fn: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < xs.length) {
        const i = next++;
        await fn(xs[i] as T, i);
      }
    }),
  );
}

/**
 * Not timed: every unit opens its live package and fills every item (本期无进展), as the weeks before the deadline
 * would have, so that on deadline day no leader is refused for completeness. Answers each unit's package.
 */
async function openAndFill(server: ServerProcess, district: LoadDistrict): Promise<Map<string, Submission>> {
  const packages = new Map<string, Submission>();
  await eachLimited(district.units, 8, async (unit) => {
    const opened = await call(server, 'GET', `/periods/${district.livePeriodId}/submission`, unit.staff);
    if (opened.status !== 200) throw new Error(`opening a package answered ${opened.status}`);
    let pkg = opened.body as Submission;
    for (const item of pkg.items.filter((i) => i.unfilled)) {
      const res = await call(server, 'PATCH', `/item-reports/${item.id}`, unit.staff, {
        json: { version: item.version, status: 'no_progress', progress: '本期暂无新进展，按年度计划推进。' },
      });
      if (res.status !== 200) throw new Error(`filling an item answered ${res.status}: ${JSON.stringify(res.body)}`);
      const saved = res.body as ItemReportSave;
      pkg = { ...pkg, ...saved.submission, items: pkg.items.map((i) => (i.id === saved.item.id ? saved.item : i)) };
    }
    packages.set(unit.unitId, pkg);
  });
  return packages;
}

/** autocannon's request timeout, s: a request unanswered by then counts as an error, and as this latency. */
const TIMEOUT_S = 10;

/**
 * autocannon, with every response's latency kept (its histogram has no p95). A request that timed out is counted
 * at TIMEOUT_S in the percentiles (a lower bound of its latency), so a run no request survives does not read 0 ms.
 */
async function cannon(
  options: autocannon.Options,
): Promise<{ result: autocannon.Result; latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ timeout: TIMEOUT_S, ...options }, (error, res) =>
      error ? reject(error) : resolve(res),
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
  });
  for (let i = 0; i < result.timeouts; i++) latencies.push(TIMEOUT_S * 1000);
  return { result, latencies, seconds: (performance.now() - started) / 1000 };
}

const cannonFigures = (c: Awaited<ReturnType<typeof cannon>>) => ({
  ...figures(c.latencies, c.seconds, c.result.errors, c.result.non2xx),
  answered: c.latencies.length - c.result.timeouts,
  timeouts: c.result.timeouts,
});

/**
 * Between runs: the dashboard read alone, three times in a row — each waits behind whatever the last run left the
 * server doing, and the last is the time of one request on an idle server (median of the three). Then 1 s of quiet.
 */
async function settle(server: ServerProcess, district: LoadDistrict, office: Caller): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await call(server, 'GET', `/dashboard?planId=${district.planId}`, office);
    if (res.status !== 200) throw new Error(`the dashboard answered ${res.status}: ${JSON.stringify(res.body)}`);
    times.push(res.ms);
  }
  await new Promise((r) => setTimeout(r, 1000));
  return [...times].sort((a, b) => a - b)[1] as number;
}

/** The office's dashboard at READERS connections. */
function readDashboard(server: ServerProcess, district: LoadDistrict, office: Caller) {
  return cannon({
    url: `${server.url}/api/v1/dashboard?planId=${district.planId}`,
    connections: READERS,
    duration: SECONDS,
    headers: { cookie: office.cookie },
  });
}

interface Writer {
  latencies: number[];
  errors: number;
  non2xx: number;
  stop: () => Promise<void>;
}

/** One unit's staff saving an item every 1/WRITER_PER_S s (a save still running makes the next tick wait). */
function startWriter(server: ServerProcess, caller: Caller, first: Item): Writer {
  let item = first;
  let stopped = false;
  let n = 0;
  const writer: Writer = { latencies: [], errors: 0, non2xx: 0, stop: async () => undefined };
  const loop = (async () => {
    const started = performance.now();
    while (!stopped) {
      const due = started + (n * 1000) / WRITER_PER_S;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (stopped) break;
      n++;
      try {
        const res = await call(server, 'PATCH', `/item-reports/${item.id}`, caller, {
          json: { version: item.version, status: 'on_track', progress: `自动保存第${n}次：按计划推进。` },
        });
        writer.latencies.push(res.ms);
        if (res.status !== 200) writer.non2xx++;
        else item = (res.body as ItemReportSave).item;
      } catch {
        writer.errors++;
      }
      // Behind schedule: the next save goes when this one is answered, not in a burst.
      n = Math.max(n, Math.floor(((performance.now() - started) * WRITER_PER_S) / 1000));
    }
  })();
  writer.stop = async () => {
    stopped = true;
    await loop;
  };
  return writer;
}

/** Progress saves at SAVERS connections, each item saved by one connection at a time with its current version. */
async function saveProgress(server: ServerProcess, pool: { item: Item; caller: Caller }[]) {
  const free = [...pool];
  let n = 0;
  let conflicts = 0;
  const origin = server.url;
  const run = await cannon({
    url: server.url,
    connections: SAVERS,
    duration: SECONDS,
    requests: [
      {
        method: 'PATCH',
        setupRequest: (request, context) => {
          // A connection takes a free item; an answer gives it back with its new version. Only if every item were
          // lost to failed saves would two connections share one (their conflicts then counted as errors).
          const entry = free.shift() ?? (pool[n % pool.length] as (typeof pool)[number]);
          (context as { entry?: typeof entry }).entry = entry;
          n++;
          return {
            ...request,
            path: `/api/v1/item-reports/${entry.item.id}`,
            headers: {
              ...entry.caller.headers,
              origin,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              version: entry.item.version,
              status: 'on_track',
              progress: `第${n}次保存：截至目前已完成年度目标的${n % 100}%。`,
            }),
          };
        },
        onResponse: (status, body, context) => {
          const entry = (context as { entry?: (typeof pool)[number] }).entry;
          if (!entry) return;
          if (status === 200) {
            entry.item = (JSON.parse(body) as ItemReportSave).item;
            free.push(entry);
          } else if (status === 409) conflicts++;
        },
      },
    ],
  });
  return { run, conflicts };
}

interface DeadlineDay {
  units: number;
  signed: number;
  errors: number;
  lost: number;
  seconds: number;
  steps: Figures;
}

/** Every unit at once: the staff sends, the leader reads and signs; then the office reads every package back. */
async function deadlineDay(
  server: ServerProcess,
  district: LoadDistrict,
  office: Caller,
  packages: Map<string, Submission>,
): Promise<DeadlineDay> {
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const step = async (method: string, path: string, caller: Caller, key?: string) => {
    try {
      const res = await call(server, method, path, caller, key ? { key } : {});
      latencies.push(res.ms);
      if (res.status < 200 || res.status > 299) non2xx++;
      return res;
    } catch {
      errors++;
      return null;
    }
  };
  const started = performance.now();
  const acknowledged = await Promise.all(
    district.units.map(async (unit) => {
      const id = packages.get(unit.unitId)?.id as string;
      const sent = await step('POST', `/submissions/${id}/send`, unit.staff, `load-${randomBytes(9).toString('hex')}`);
      if (sent?.status !== 200) return null;
      const read = await step('GET', `/submissions/${id}`, unit.leader);
      if (read?.status !== 200) return null;
      const signed = await step(
        'POST',
        `/submissions/${id}/sign`,
        unit.leader,
        `load-${randomBytes(9).toString('hex')}`,
      );
      return signed?.status === 200 ? id : null;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  let lost = 0;
  let signed = 0;
  await eachLimited(
    acknowledged.filter((id): id is string => id !== null),
    8,
    async (id) => {
      const back = await call(server, 'GET', `/submissions/${id}`, office);
      const pkg = back.body as Submission;
      if (back.status === 200 && pkg.status === 'submitted' && pkg.contentHash) signed++;
      else lost++;
    },
  );
  return {
    units: district.units.length,
    signed,
    errors: errors + non2xx,
    lost,
    seconds,
    steps: figures(latencies, seconds, errors, non2xx),
  };
}

async function loadOn(kind: DatabaseKind, scale: number): Promise<BenchEntry[]> {
  const scratch = await scratchData(kind, 'duban-load-');
  let server: ServerProcess | null = null;
  try {
    const setupStarted = performance.now();
    const database = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir });
    let district: LoadDistrict;
    let importS: number[];
    try {
      const data = await generateLoadData(database, {
        scale,
        progress: (done, d, s) => {
          if (done === 1 || done % 10 === 0 || done === scale)
            process.stderr.write(
              `load [${kind}] d${scale}: ${done}/${scale} districts (${d.slug} imported in ${round(s, 1)} s)\n`,
            );
        },
      });
      district = data.districts[0] as LoadDistrict;
      importS = data.importSeconds;
    } finally {
      await database.close();
    }
    server = await spawnServer(1, scratch.dataDir, scratch.databaseUrl);
    await waitHealthy(server);
    const banner = server.output.length;
    const office = await signInOverHttp(server, district.supervisor);
    const packages = await openAndFill(server, district);
    const items = [...packages.values()].reduce((n, p) => n + p.items.length, 0);
    const meanImport = importS.reduce((a, b) => a + b, 0) / importS.length;
    const shape =
      `${scale} district${scale === 1 ? '' : 's'} under one city, each the sample (${district.units.length} units ` +
      `with assignments, ${items} items a period) with its first period signed by every unit, measured on ` +
      `${district.slug}, on ${kind}; set-up ${round((performance.now() - setupStarted) / 1000, 0)} s (an import ` +
      `through the API ${round(meanImport, 1)} s on average)`;
    process.stderr.write(
      `load [${kind}] d${scale}: set-up ${round((performance.now() - setupStarted) / 1000, 1)} s; ${shape}\n`,
    );
    const srv = server;

    // 1. the dashboard (settle also warms it: the first read computes the lights)
    const alone = await settle(srv, district, office);
    const dash = await measured(() => readDashboard(srv, district, office));
    const dashF = cannonFigures(dash.value);

    // 2. the dashboard while a unit saves at WRITER_PER_S
    const aloneBefore2 = await settle(srv, district, office);
    const [writerUnit, ...others] = district.units;
    if (!writerUnit) throw new Error('the district has no unit');
    const writerItem = packages.get(writerUnit.unitId)?.items[0] as Item;
    const mixed = await measured(async () => {
      const writer = startWriter(srv, writerUnit.staff, writerItem);
      try {
        return { readers: await readDashboard(srv, district, office), writer };
      } finally {
        await writer.stop();
      }
    });
    const mixedF = cannonFigures(mixed.value.readers);
    const w = mixed.value.writer;
    const writerF = figures(w.latencies, mixed.wallS, w.errors, w.non2xx);

    await settle(srv, district, office);
    // 3. progress saves at SAVERS connections: the first item of 2 × SAVERS other units' packages
    const pool = others.slice(0, 2 * SAVERS).map((unit) => ({
      item: packages.get(unit.unitId)?.items[0] as Item,
      caller: unit.staff,
    }));
    const saves = await measured(() => saveProgress(srv, pool));
    const savesF = cannonFigures(saves.value.run);

    // 4. deadline day
    await settle(srv, district, office);
    const day = await measured(() => deadlineDay(srv, district, office, packages));
    const d = day.value;
    // What the server wrote once listening (it logs warnings and errors only): a failure under load.
    const said = srv.output.slice(banner).trim();
    if (said) process.stderr.write(`load [${kind}] d${scale}: the server said:\n${said.slice(-3000)}\n`);

    const goal = kind === 'pg' ? GOAL_DASHBOARD_P95 : undefined;
    const on = (id: string) => `load.${id}.d${scale}.${kind}`;
    return [
      {
        id: on('dashboard.p95_ms'),
        value: round(dashF.p95, 1),
        unit: 'ms',
        better: 'lower',
        ...(goal === undefined ? {} : { goal }),
        note:
          `GET /dashboard, ${READERS} connections, ${SECONDS} s: ${describe(dashF)}; one request alone ` +
          `${round(alone, 1)} ms; ${cpuNote(dash)}; ${shape}`,
      },
      { id: on('dashboard.req_per_s'), value: round(rate(dashF), 1), unit: 'req/s', better: 'higher' },
      {
        id: on('dashboard_while_saving.p95_ms'),
        value: round(mixedF.p95, 1),
        unit: 'ms',
        better: 'lower',
        ...(goal === undefined ? {} : { goal }),
        note:
          `GET /dashboard, ${READERS} connections, ${SECONDS} s, while a unit autosaves at ${WRITER_PER_S}/s: readers ${describe(mixedF)}; one request ` +
          `alone before it ${round(aloneBefore2, 1)} ms; ${cpuNote(mixed)}`,
      },
      { id: on('dashboard_while_saving.req_per_s'), value: round(rate(mixedF), 1), unit: 'req/s', better: 'higher' },
      {
        id: on('dashboard_while_saving.writer_p95_ms'),
        value: round(writerF.p95, 1),
        unit: 'ms',
        better: 'lower',
        note: `the writer (PATCH /item-reports/:id, one item, version kept), aiming at ${WRITER_PER_S}/s: ${describe(writerF)}`,
      },
      {
        id: on('saves.p95_ms'),
        value: round(savesF.p95, 1),
        unit: 'ms',
        better: 'lower',
        goal: GOAL_SAVE_P95,
        note:
          `PATCH /item-reports/:id, ${SAVERS} connections, ${SECONDS} s, ${pool.length} items of as many units, each ` +
          `saved by one connection at a time with its current version: ${describe(savesF)}, of which 409 ` +
          `version_conflict ${saves.value.conflicts}; ${cpuNote(saves)}`,
      },
      {
        id: on('saves.per_s'),
        value: round(rate(savesF), 1),
        unit: 'saves/s',
        better: 'higher',
        goal: GOAL_SAVES_PER_S,
        note: 'goal: 10× the 48 notes/s Redmine 5.0 adds on the same machine (issue 17)',
      },
      {
        id: on('deadline_day.p95_ms'),
        value: round(d.steps.p95, 1),
        unit: 'ms',
        better: 'lower',
        note:
          `${d.units} units at once, each: send (staff), read and sign (leader), with Idempotency-Keys: ` +
          `${d.signed}/${d.units} signed in ${round(d.seconds, 1)} s (${round(d.signed / d.seconds, 1)} signed/s), ` +
          `errors ${d.errors}, lost ${d.lost}; requests ${describe(d.steps)}; ${cpuNote(day)}`,
      },
      {
        id: on('deadline_day.signed_per_s'),
        value: round(d.signed / d.seconds, 1),
        unit: 'signed/s',
        better: 'higher',
      },
      {
        id: on('deadline_day.lost'),
        value: d.lost,
        unit: 'packages',
        better: 'lower',
        goal: 0,
        note: `signs answered 2xx whose package the office does not read back as signed; errors ${d.errors}`,
      },
    ];
  } finally {
    if (server) await stopServer(server);
    await scratch.drop();
  }
}

export async function loadBench(): Promise<BenchEntry[]> {
  const entries: BenchEntry[] = [];
  for (const scale of SCALES) {
    entries.push(...(await loadOn('pglite', scale)));
    if (loadTestDatabaseUrl()) entries.push(...(await loadOn('pg', scale)));
  }
  if (!loadTestDatabaseUrl())
    entries.push({
      id: 'load.pg.skipped',
      value: 0,
      unit: 'n/a',
      better: 'lower',
      note: 'skipped: set DUBAN_TEST_PG_URL to a PostgreSQL server',
    });
  return entries;
}
