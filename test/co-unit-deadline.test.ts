// 配合单位先于牵头单位 (issue 19): the office sets the gap per plan; a co-unit is reminded against the earlier date
// and the lead unit sees whose input came late, while the co-unit's package stays on time against the period.

import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Period, Plan, Submission, TaskPeriodReport, TaskSummary } from '../src/api/v1.js';
import { endOfDayCst } from '../src/core/time.js';
import type { App } from '../src/server/app.js';
import { assignments, notifications, units as unitsTable } from '../src/server/db/schema.js';
import { defaultOrganisationId } from '../src/server/services/organisations.js';
import { computeReminders } from '../src/server/services/reminders.js';
import { DEFAULT_SUPERVISION_SETTINGS } from '../src/server/services/settings.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

const DAY = 86_400_000;

describeEachDatabase('co-units before the lead', (t) => {
  // 2 April 2025, 10:00 CST: Q1 is due at the end of 9 April; with a gap of 5 days co-units owe theirs on 4 April.
  const clock = fakeClock(new Date('2025-04-02T02:00:00Z'));
  let app: App;
  let office: Caller;
  let planId: string;
  let q1: Period;
  let task: TaskSummary;
  let lead: { id: string; name: string };
  let co: { id: string; name: string };
  const staff: Record<string, Caller> = {};
  const leaders: Record<string, Caller> = {};

  const names: Record<string, string> = {};
  /** Sessions end after 30 idle minutes: the clock moves days, so everyone signs in again. */
  async function signInAll() {
    office = await signIn(app, names.office as string);
    for (const u of [lead, co]) {
      staff[u.id] = await signIn(app, names[`staff:${u.id}`] as string);
      leaders[u.id] = await signIn(app, names[`leader:${u.id}`] as string);
    }
  }

  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url: path,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const notes = async (unitId: string, kind: string) =>
    (await t.db.select().from(notifications).where(eq(notifications.kind, kind))).filter((n) =>
      n.dedupeKey.includes(unitId),
    );

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    const officeName = (await makeUser(t.db, 'supervisor')).username;
    office = await signIn(app, officeName);
    planId = await importSample(app, office);
    q1 = (await send('GET', `/api/v1/plans/${planId}/periods`, office)).json().items[0];
    const tasks: TaskSummary[] = (await send('GET', `/api/v1/tasks?planId=${planId}&pageSize=500`, office)).json()
      .items;
    const all = await t.db.select().from(unitsTable);
    const here = (unitId: string) =>
      !['city', 'province', 'national'].includes(all.find((u) => u.id === unitId)?.level ?? '');
    // The sample's district tasks name either lead units or responsible ones, so the office's 配合单位 is added here
    // (as a reassignment would): a unit with no task of its own becomes co on a task one district unit leads.
    const found = tasks.find(
      (x) => x.assignments.filter((a) => a.role === 'lead' && here(a.unit.id)).length === 1,
    ) as TaskSummary;
    expect(found).toBeDefined();
    task = found;
    lead = task.assignments.find((a) => a.role === 'lead' && here(a.unit.id))?.unit as typeof lead;
    const [made] = await t.db
      .insert(unitsTable)
      .values({ organisationId: await defaultOrganisationId(t.db), name: '区配合测试局', level: 'district' })
      .returning({ id: unitsTable.id, name: unitsTable.name });
    co = made as typeof co;
    await t.db.insert(assignments).values({ taskId: task.id, unitId: co.id, role: 'co', level: 'district' });
    for (const u of [lead, co]) {
      names[`staff:${u.id}`] = (await makeUser(t.db, 'unit_staff', { unitId: u.id })).username;
      names[`leader:${u.id}`] = (await makeUser(t.db, 'unit_leader', { unitId: u.id })).username;
    }
    names.office = officeName;
    await signInAll();
  });

  it('lets the office set the gap on the plan, 0..30 whole days, and nobody else', async () => {
    const plan: Plan = (await send('GET', `/api/v1/plans/${planId}`, office)).json();
    expect(plan.coUnitLeadDays).toBe(0);
    for (const bad of [31, -1, 2.5, '5']) {
      const res = await send('PUT', `/api/v1/plans/${planId}/co-unit-lead-days`, office, { coUnitLeadDays: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toBeTruthy();
    }
    const refused = await send('PUT', `/api/v1/plans/${planId}/co-unit-lead-days`, staff[lead.id] as Caller, {
      coUnitLeadDays: 5,
    });
    expect(refused.statusCode).toBe(403);
    const set = await send('PUT', `/api/v1/plans/${planId}/co-unit-lead-days`, office, { coUnitLeadDays: 5 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ coUnitLeadDays: 5 });
    expect((await send('GET', `/api/v1/plans/${planId}`, office)).json().coUnitLeadDays).toBe(5);
  });

  it('reminds co-units against the earlier date, the lead against the period', async () => {
    await computeReminders(t.db, clock.now(), DEFAULT_SUPERVISION_SETTINGS);
    // 2 April: the co date (4 April) is within the office's 5-day threshold; the period (9 April) is 7 days off.
    const due = await notes(co.id, 'co_input_due');
    expect(due.length).toBeGreaterThan(0);
    expect(due[0]?.body).toContain('2025-04-04');
    // The lead's co reminders (it supports others elsewhere) name only its co items, never its whole package.
    for (const n of await notes(lead.id, 'co_input_due')) expect(n.body).toContain('配合牵头单位的');
    expect(await notes(lead.id, 'period_due')).toHaveLength(0);
    // 6 April: the co date has passed, the period's has not.
    clock.advance(4 * DAY);
    await signInAll();
    await computeReminders(t.db, clock.now(), DEFAULT_SUPERVISION_SETTINGS);
    expect((await notes(co.id, 'co_input_overdue')).length).toBeGreaterThan(0);
    expect(await notes(co.id, 'period_overdue')).toHaveLength(0);
    expect((await notes(lead.id, 'period_due')).length).toBeGreaterThan(0);
  });

  it('shows the lead which co-unit is late with its input, and the package stays on time', async () => {
    const url = `/api/v1/tasks/${task.id}/periods/${q1.id}/report`;
    const rowOf = (r: TaskPeriodReport, unitId: string) => r.units.find((u) => u.unit.id === unitId);
    const first = await send('GET', url, staff[lead.id] as Caller);
    expect(first.statusCode, first.body).toBe(200);
    const before: TaskPeriodReport = first.json();
    expect(rowOf(before, co.id)).toMatchObject({
      inputState: 'missing',
      inputDueAt: endOfDayCst('2025-04-04').toISOString(),
    });
    expect(rowOf(before, lead.id)).toMatchObject({
      inputState: 'pending',
      inputDueAt: endOfDayCst('2025-04-09').toISOString(),
    });

    // The co-unit reports on 6 April: late for the lead, on time for the office.
    const pkg: Submission = (await send('GET', `/api/v1/periods/${q1.id}/submission`, staff[co.id] as Caller)).json();
    const item = pkg.items.find((i) => i.task.id === task.id) as Submission['items'][number];
    await send('PATCH', `/api/v1/item-reports/${item.id}`, staff[co.id] as Caller, {
      version: item.version,
      status: 'on_track',
      progress: '配合单位已推进',
    });
    await markRestNoProgress(app, staff[co.id] as Caller, pkg.id);
    await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff[co.id] as Caller);
    const signed: Submission = (
      await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leaders[co.id] as Caller)
    ).json();
    expect(signed.status).toBe('submitted');
    expect(signed.late).toBe(false);

    const after: TaskPeriodReport = (await send('GET', url, staff[lead.id] as Caller)).json();
    expect(rowOf(after, co.id)?.inputState).toBe('late');
    // The office reads the same.
    expect(rowOf((await send('GET', url, office)).json(), co.id)?.inputState).toBe('late');
    // Once reported, the co-unit is reminded no more.
    const count = (await notes(co.id, 'co_input_overdue')).length;
    clock.advance(DAY);
    await signInAll();
    await computeReminders(t.db, clock.now(), DEFAULT_SUPERVISION_SETTINGS);
    expect(await notes(co.id, 'co_input_overdue')).toHaveLength(count);
  });

  it('with no gap, one date for everyone as before', async () => {
    const reset = await send('PUT', `/api/v1/plans/${planId}/co-unit-lead-days`, office, { coUnitLeadDays: 0 });
    expect(reset.statusCode).toBe(200);
    const r: TaskPeriodReport = (await send('GET', `/api/v1/tasks/${task.id}/periods/${q1.id}/report`, office)).json();
    expect(r.units.find((u) => u.unit.id === co.id)).toMatchObject({
      inputState: 'on_time',
      inputDueAt: endOfDayCst('2025-04-09').toISOString(),
    });
    const rows = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'co_input_due')));
    expect(rows.length).toBeGreaterThan(0);
  });
});
