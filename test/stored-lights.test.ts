// Stored lights (docs/decisions/0011-stored-lights.md) on every database: a write marks only its unit, the drain
// rewrites only that unit's rows, time makes rows stale at a deadline, the dashboard read from the rows equals the
// lights computed in memory, and verifyLights (duban lights verify) finds no difference after each scenario — and
// finds a tampered row. The CLI's exit codes on the embedded database.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../src/api/supervision.js';
import type { Period, Submission, TaskSummary } from '../src/api/v1.js';
import { countLights, periodLight, worstLight } from '../src/core/lights.js';
import type { App } from '../src/server/app.js';
import { type Database, openDatabase } from '../src/server/db/client.js';
import { itemLights, lightMarks } from '../src/server/db/schema.js';
import { computePlanLights } from '../src/server/services/lights.js';
import { drainLights, nextTimeBoundary, verifyLights } from '../src/server/services/stored-lights.js';
import {
  type Caller,
  fakeClock,
  importSample,
  ledgerWithMilestone,
  makeApp,
  makeUser,
  markRestNoProgress,
  signIn,
} from './app.js';
import { runDuban } from './child-server.js';
import { describeEachDatabase } from './db.js';

const SETTINGS = { behindMargin: 0.1 };

describeEachDatabase('stored lights', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let planId: string;
  let periods: Period[];
  let fagai: string;
  let jingke: string;
  const names: Record<string, string> = {};

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const as = (who: string) => signIn(app, names[who] as string);
  const marks = async () =>
    (await t.db.select({ planId: lightMarks.planId, unitId: lightMarks.unitId }).from(lightMarks)).map(
      (m) =>
        `${m.planId === planId ? 'plan' : m.planId}:${m.unitId === fagai ? 'fagai' : m.unitId === jingke ? 'jingke' : m.unitId}`,
    );
  const computedAtByUnit = async () => {
    const rows = await t.db
      .select({ unitId: itemLights.unitId, at: sql<string>`max(${itemLights.computedAt})::text` })
      .from(itemLights)
      .where(eq(itemLights.planId, planId))
      .groupBy(itemLights.unitId);
    return new Map(rows.map((r) => [r.unitId, r.at]));
  };
  const expectVerified = async () => {
    const result = await verifyLights(t.db, clock.now());
    expect(result.differences).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThan(1000);
  };
  /** The dashboard's figures as loadPlanLights-era code computed them: every light in memory from the facts. */
  const computedFigures = async () => {
    const now = clock.now();
    const data = await computePlanLights(t.db, planId, now, SETTINGS);
    const rules = { year: data.plan.year, behindMargin: SETTINGS.behindMargin };
    const taskLight = (id: string) => worstLight((data.byTask.get(id) ?? []).map((i) => i.light));
    const byUnit = new Map<string, ReturnType<typeof countLights>>();
    for (const unitId of new Set(data.items.map((i) => i.unitId))) {
      byUnit.set(unitId, countLights(data.items.filter((i) => i.unitId === unitId).map((i) => i.light)));
    }
    return {
      taskLights: countLights([...data.tasks.keys()].map(taskLight)),
      items: data.items.length,
      byUnit,
      trend: data.periods
        .filter((p) => p.dueAt.getTime() <= now.getTime() + 31 * 86_400_000)
        .map((p) => countLights(data.items.map((i) => periodLight(i.facts, p.id, now, rules).light))),
      lagging: [...data.tasks.keys()].filter((id) => ['red', 'yellow'].includes(taskLight(id))).sort(),
    };
  };
  const expectDashboardAsComputed = async () => {
    clerk = await signIn(app, names.supervisor as string);
    const res = await call('GET', `/api/v1/dashboard?planId=${planId}`, clerk);
    expect(res.statusCode, res.body).toBe(200);
    const d: Dashboard = res.json();
    const want = await computedFigures();
    expect(d.totals.taskLights).toEqual(want.taskLights);
    expect(d.totals.items).toBe(want.items);
    expect(new Map(d.byUnit.map((u) => [u.unit.id, u.lights]))).toEqual(want.byUnit);
    expect(d.trend.map((p) => p.lights)).toEqual(want.trend);
    expect(d.lagging.map((l) => l.task.id).sort()).toEqual(want.lagging);
    return d;
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    const supervisor = await makeUser(t.db, 'supervisor');
    names.supervisor = supervisor.username;
    clerk = await signIn(app, supervisor.username);
    planId = await importSample(app, clerk);
    periods = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const units = (await call('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    fagai = units.find((u) => u.name === '区发改局')?.id as string;
    jingke = units.find((u) => u.name === '区经科局')?.id as string;
    names.fagaiStaff = (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username;
    names.fagaiLeader = (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username;
    names.jingkeStaff = (await makeUser(t.db, 'unit_staff', { unitId: jingke })).username;
    names.jingkeLeader = (await makeUser(t.db, 'unit_leader', { unitId: jingke })).username;
  });

  it('stores every item of the imported plan, now and per period, at the first drain', async () => {
    expect(await marks()).toContain('plan:null');
    const drained = await drainLights(t.db, clock.now());
    expect(drained.plans).toBe(1);
    expect(await marks()).toEqual([]);
    const data = await computePlanLights(t.db, planId, clock.now(), SETTINGS);
    const [count] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(itemLights)
      .where(eq(itemLights.planId, planId));
    expect(count?.n).toBe(data.items.length * (1 + data.periods.length));
    await expectVerified();
    await expectDashboardAsComputed();
  });

  it('marks only the saving unit, and the drain rewrites only that unit’s rows', async () => {
    await drainLights(t.db, clock.now());
    clock.advance(60_000);
    const before = await computedAtByUnit();
    const staff = await as('fagaiStaff');
    const pkg: Submission = (await call('GET', `/api/v1/periods/${periods[0]?.id}/submission`, staff)).json();
    const item = pkg.items[0] as Submission['items'][number];
    const saved = await call('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      status: 'blocked',
      lagReasons: ['land'],
      progress: '用地指标未落实，项目无法开工。',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // Sign-ins and reads mark nothing; the save marks its unit in the plan.
    expect(await marks()).toEqual(['plan:fagai']);
    const drained = await drainLights(t.db, clock.now());
    const fagaiItems = (await computePlanLights(t.db, planId, clock.now(), SETTINGS)).items.filter(
      (i) => i.unitId === fagai,
    ).length;
    // One unit's items recomputed; a draft is no report yet, so no light changed and no row was written.
    expect(drained).toEqual({ plans: 1, units: 1, items: fagaiItems, rows: 0 });
    const after = await computedAtByUnit();
    for (const [unitId, at] of after) if (unitId !== fagai) expect(at).toBe(before.get(unitId));
    expect(await marks()).toEqual([]);
    await expectVerified();
  });

  it('stays equal to the rules through a sign-off and the office returning the package', async () => {
    const staff = await as('fagaiStaff');
    const pkg: Submission = (await call('GET', `/api/v1/periods/${periods[0]?.id}/submission`, staff)).json();
    await markRestNoProgress(app, staff, pkg.id);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, await as('fagaiLeader'))).statusCode).toBe(200);
    const signed = await drainLights(t.db, clock.now());
    expect(signed).toMatchObject({ plans: 1, units: 1 });
    expect(signed.rows).toBeGreaterThan(0);
    const d = await expectDashboardAsComputed();
    expect(d.lagging.some((l) => l.light === 'red' && l.reasons.includes('blocked'))).toBe(true);
    await expectVerified();

    const returned = await call('POST', `/api/v1/submissions/${pkg.id}/return`, clerk, {
      comment: '请补充第一项进展',
      items: [],
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(await marks()).toEqual(['plan:fagai']);
    await expectDashboardAsComputed();
    await expectVerified();
  });

  it('follows an approved extension, and time: a deadline passing makes rows stale without any write', async () => {
    const staff = await as('jingkeStaff');
    const mine = (await call('GET', `/api/v1/my/assignments?planId=${planId}&pageSize=500`, staff)).json()
      .items as TaskSummary[];
    const assignmentId = mine[0]?.assignments.find((a) => a.unit.id === jingke)?.id as string;
    const milestone = await ledgerWithMilestone(app, staff, clerk, assignmentId);
    const asked = await call('POST', `/api/v1/milestones/${milestone.id}/extensions`, staff, {
      newDueOn: '2025-09-30',
      reason: '设备供货延迟',
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const decided = await call('POST', `/api/v1/extension-requests/${asked.json().id}/decide`, clerk, {
      approve: true,
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(new Set(await marks())).toEqual(new Set(['plan:jingke']));
    await expectVerified();
    const [row] = await t.db
      .select()
      .from(itemLights)
      .where(and(eq(itemLights.assignmentId, assignmentId), eq(itemLights.periodKey, 'now')));
    // The milestone moved to September; the task's deadline (年底前) is later, so the item's deadline stays.
    expect(row?.deadline).toBe('2025-12-31');

    // Q1's deadline (10 April, 00:00 CST) passes: every row computed before says when it stops holding.
    const q1 = periods[0] as Period;
    expect(row?.validUntil.getTime()).toBeLessThanOrEqual(
      nextTimeBoundary(clock.now(), [{ dueAt: new Date(q1.dueAt), graceDays: q1.graceDays }]).getTime(),
    );
    clock.advance(Date.parse('2025-04-10T00:00:01+08:00') - clock.now().getTime());
    const [stale] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(itemLights)
      .where(
        and(eq(itemLights.planId, planId), sql`${itemLights.validUntil} <= ${clock.now().toISOString()}::timestamptz`),
      );
    expect(stale?.n).toBeGreaterThan(0);
    expect(await marks()).toEqual([]);
    const d = await expectDashboardAsComputed();
    const byUnit = new Map(d.byUnit.map((u) => [u.unit.id, u]));
    expect(byUnit.get(jingke)?.submission).toBe('missing');
    expect(byUnit.get(jingke)?.lights.red).toBeGreaterThan(0);
    await expectVerified();
  });

  it('reports a tampered row, and agrees again once it is recomputed', async () => {
    await drainLights(t.db, clock.now());
    const [red] = await t.db
      .select()
      .from(itemLights)
      .where(and(eq(itemLights.planId, planId), eq(itemLights.periodKey, 'now'), eq(itemLights.light, 'red')))
      .limit(1);
    expect(red).toBeDefined();
    await t.db
      .update(itemLights)
      .set({ light: 'green' })
      .where(and(eq(itemLights.assignmentId, red?.assignmentId as string), eq(itemLights.periodKey, 'now')));
    const result = await verifyLights(t.db, clock.now());
    expect(result.ok).toBe(false);
    expect(result.differences).toEqual([
      {
        planId,
        assignmentId: red?.assignmentId,
        periodKey: 'now',
        field: 'light',
        stored: 'green',
        computed: 'red',
      },
    ]);
    await t.db.insert(lightMarks).values({ planId, unitId: red?.unitId });
    await expectVerified();
  });
});

describe('duban lights verify on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-cli-lights-'));
  const env = { DUBAN_DATA_DIR: dir, PORT: '1' };
  let database: Database | null = null;
  const withDatabase = async <T>(fn: (database: Database) => Promise<T>): Promise<T> => {
    database = await openDatabase({ databaseUrl: null, dataDir: dir });
    try {
      return await fn(database);
    } finally {
      await database.close();
      database = null;
    }
  };

  beforeAll(async () => {
    await withDatabase(async (db) => {
      const app = await makeApp(db, fakeClock(new Date()));
      const clerk = await signIn(app, (await makeUser(db.db, 'supervisor')).username);
      await importSample(app, clerk);
      await app.close();
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('exits 0 when the stored lights match, 1 naming the item when one differs, 2 on bad arguments', async () => {
    const ok = await runDuban(env, ['lights', 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/存储的红黄绿灯与规则一致：1 个方案[\s\S]*Stored lights match the rules: 1 plans/);

    const tampered = await withDatabase(async ({ db }) => {
      const [row] = await db.select().from(itemLights).where(eq(itemLights.periodKey, 'now')).limit(1);
      await db
        .update(itemLights)
        .set({ light: row?.light === 'grey' ? 'green' : 'grey' })
        .where(and(eq(itemLights.assignmentId, row?.assignmentId as string), eq(itemLights.periodKey, 'now')));
      return row;
    });
    const bad = await runDuban(env, ['lights', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/有 1 处不同[\s\S]*differ from the recomputed ones in 1 places/);
    expect(bad.stderr).toContain(`item ${tampered?.assignmentId} now light: stored`);

    const usage = await runDuban(env, ['lights', 'verify', 'extra']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/多余的参数[\s\S]*Unexpected argument/);
  });
});
