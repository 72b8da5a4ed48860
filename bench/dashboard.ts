// dashboard group: GET /dashboard and the supervised task list on a province-scale plan — the sample
// multiplied 20× (5,420 tasks, ~13,800 items) with the first quarter reported by half the units —
// 30 sequential requests after 3 warm-ups, p95 on PGlite and on PostgreSQL.

import { eq, inArray } from 'drizzle-orm';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import type { Database } from '../src/server/db/client.js';
import { assignments, indicators, itemReports, reportingPeriods, submissions, tasks } from '../src/server/db/schema.js';
import { audit } from '../src/server/services/audit.js';
import { importSample, makeApp, makeUser, signIn } from '../test/app.js';
import { freshDatabase } from '../test/db.js';
import { type BenchEntry, round } from './types.js';

const COPIES = Number(process.env.BENCH_COPIES ?? 20);
const RUNS = 30;

async function chunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** The sample plan grown to province scale, with Q1 reported by every other unit. */
export async function provinceScale(database: Database) {
  const db = database.db;
  const app = await makeApp(database);
  const clerk = await signIn(app, (await makeUser(db, 'supervisor')).username);
  const planId = await importSample(app, clerk);
  const baseTasks = await db.select().from(tasks).where(eq(tasks.planId, planId));
  const baseIds = baseTasks.map((t) => t.id);
  const baseAssignments = await db.select().from(assignments).where(inArray(assignments.taskId, baseIds));
  const baseIndicators = await db.select().from(indicators).where(inArray(indicators.taskId, baseIds));
  for (let k = 1; k < COPIES; k++) {
    const map = new Map(baseTasks.map((t) => [t.id, crypto.randomUUID()]));
    await chunked(baseTasks, (c) =>
      db.insert(tasks).values(c.map((t) => ({ ...t, id: map.get(t.id) as string, position: t.position + k * 10_000 }))),
    );
    await chunked(baseAssignments, (c) =>
      db
        .insert(assignments)
        .values(c.map((a) => ({ ...a, id: crypto.randomUUID(), taskId: map.get(a.taskId) as string }))),
    );
    await chunked(baseIndicators, (c) =>
      db
        .insert(indicators)
        .values(c.map((i) => ({ ...i, id: crypto.randomUUID(), taskId: map.get(i.taskId) as string }))),
    );
  }
  const [q1] = await db
    .select()
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, planId))
    .orderBy(reportingPeriods.dueAt)
    .limit(1);
  const all = await db
    .select({ id: assignments.id, unitId: assignments.unitId })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(eq(tasks.planId, planId));
  const unitIds = [...new Set(all.map((a) => a.unitId))].filter((_, i) => i % 2 === 0);
  const signer = await makeUser(db, 'supervisor');
  const statuses = ['on_track', 'on_track', 'completed', 'lagging', 'blocked'] as const;
  for (const unitId of unitIds) {
    const [sub] = await db
      .insert(submissions)
      .values({
        unitId,
        periodId: q1?.id as string,
        status: 'submitted',
        signerId: signer.id,
        signedAt: new Date('2025-04-08T02:00:00Z'),
        contentHash: '0'.repeat(64),
      })
      .returning({ id: submissions.id });
    const mine = all.filter((a) => a.unitId === unitId);
    await chunked(mine, (c) =>
      db.insert(itemReports).values(
        c.map((a, i) => ({
          submissionId: sub?.id as string,
          assignmentId: a.id,
          status: statuses[i % statuses.length] as (typeof statuses)[number],
          progress: '按计划推进，一季度完成年度目标的25%。',
        })),
      ),
    );
  }
  return { app, clerk, planId, items: all.length };
}

async function p95(fn: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await before?.();
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.ceil(RUNS * 0.95) - 1] as number;
}

export async function dashboardBench(): Promise<BenchEntry[]> {
  const entries: BenchEntry[] = [];
  const kinds = loadTestDatabaseUrl() ? (['pglite', 'pg'] as const) : (['pglite'] as const);
  for (const kind of kinds) {
    const database = await freshDatabase(kind);
    try {
      const { app, clerk, planId, items } = await provinceScale(database);
      const get = (url: string) => async () => {
        const res = await app.inject({ url, headers: { cookie: clerk.cookie } });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      };
      // Cold: a write (an audit entry) before each request, so the plan's lights are recomputed every time.
      const write = () =>
        database.db.transaction((tx) =>
          audit(tx, { actor: null, ip: null, clock: () => new Date() }, { action: 'settings.update' }),
        );
      const dash = await p95(get(`/api/v1/dashboard?planId=${planId}`), write);
      const warm = await p95(get(`/api/v1/dashboard?planId=${planId}`));
      const list = await p95(get(`/api/v1/supervision/tasks?planId=${planId}&light=red&pageSize=50`), write);
      entries.push(
        {
          id: `dashboard.province.p95_ms.${kind}`,
          value: round(dash, 1),
          unit: 'ms',
          better: 'lower',
          goal: 1000,
          note: `GET /dashboard, ${COPIES * 271} tasks, ${items} items, Q1 reported by half the units; ${RUNS} sequential requests, each after a write (lights recomputed)`,
        },
        {
          id: `dashboard.province.warm_p95_ms.${kind}`,
          value: round(warm, 1),
          unit: 'ms',
          better: 'lower',
          note: 'the same without writes in between: lights served from the per-instance cache (keyed on the audit head)',
        },
        {
          id: `supervision.tasks.province.p95_ms.${kind}`,
          value: round(list, 1),
          unit: 'ms',
          better: 'lower',
          note: 'GET /supervision/tasks?light=red (lights computed for the whole plan, then filtered and paged)',
        },
      );
      await app.close();
    } finally {
      await database.close();
    }
  }
  return entries;
}

/** export group: the province-scale 台账 streamed to a client, time and peak memory (RSS sampled every 10 ms). */
export async function exportBench(): Promise<BenchEntry[]> {
  const database = await freshDatabase('pglite');
  try {
    const { app, clerk, planId } = await provinceScale(database);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    const res = await app.inject({
      url: `/api/v1/exports/ledger.xlsx?planId=${planId}`,
      headers: { cookie: clerk.cookie },
    });
    const ms = performance.now() - started;
    clearInterval(timer);
    if (res.statusCode !== 200) throw new Error(`export: ${res.statusCode} ${res.body.slice(0, 200)}`);
    await app.close();
    const mb = (x: number) => round(x / 1024 / 1024, 1);
    return [
      {
        id: 'export.province.ms',
        value: round(ms, 0),
        unit: 'ms',
        better: 'lower',
        note: `台账 .xlsx of ${COPIES * 271} tasks (${mb(res.rawPayload.length)} MB) on PGlite, streamed`,
      },
      {
        id: 'export.province.peak_mb',
        value: mb(peak - baseline),
        unit: 'MB',
        better: 'lower',
        goal: 300,
        note: `the export's own peak: RSS above the process's ${mb(baseline)} MB before it (the embedded database's wasm heap is most of that); absolute peak ${mb(peak)} MB`,
      },
    ];
  } finally {
    await database.close();
  }
}
