// 关注 over HTTP: a district leader watches a task, a unit and a 督办单, finds each on their list with its light
// as the dashboard reads it, watches again without a duplicate, unwatches; every change is audited; other roles
// cannot; an unknown subject answers 404 and a bad one 400, writing nothing.

import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { TaskOverview } from '../src/api/supervision.js';
import type { TaskSummary } from '../src/api/v1.js';
import type { WatchList } from '../src/api/watches.js';
import type { App } from '../src/server/app.js';
import { loadPlanLights } from '../src/server/services/lights.js';
import { readSupervisionSettings } from '../src/server/services/settings.js';
import { type Caller, fakeClock, importSample, ledgerWithMilestone, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('关注 (watches)', (t) => {
  // Late May: the first quarter went unreported, so every item is red.
  const clock = fakeClock(new Date('2025-05-20T02:00:00Z'));
  let app: App;
  let leader: Caller;
  let clerk: Caller;
  let staff: Caller;
  let task: TaskSummary;
  let unitId: string;
  let noticeId: string;
  let clerkName: string;
  let staffName: string;

  const send = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const list = async (): Promise<WatchList> => {
    const res = await send('GET', '/api/v1/watches', leader);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res.json();
  };
  const auditCount = async () =>
    (
      await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from audit_entries where action in ('watch.add', 'watch.remove')`,
      )
    ).rows[0]?.n ?? 0;

  beforeAll(async () => {
    clock.advance(Date.parse('2025-03-01T02:00:00Z') - clock.now().getTime());
    app = await makeApp(t.database, clock);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    await importSample(app, clerk);
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    unitId = units.find((u) => u.name === '区发改局')?.id as string;
    staffName = (await makeUser(t.db, 'unit_staff', { unitId })).username;
    staff = await signIn(app, staffName);
    const mine = (await send('GET', '/api/v1/my/assignments?pageSize=500', staff)).json().items as TaskSummary[];
    task = mine[0] as TaskSummary;
    const assignmentId = task.assignments.find((a) => a.unit.id === unitId)?.id as string;
    const leaderName = (await makeUser(t.db, 'executive')).username;
    clock.advance(Date.parse('2025-05-20T02:00:00Z') - clock.now().getTime());
    clerkName = (await makeUser(t.db, 'supervisor')).username;
    clerk = await signIn(app, clerkName);
    leader = await signIn(app, leaderName);
    const issued = await send('POST', '/api/v1/supervision-notices', clerk, {
      assignmentId,
      reason: '一季度未按期报送。',
      severity: 'red',
      respondBy: '2025-05-25',
    });
    expect(issued.statusCode, issued.body).toBe(200);
    noticeId = issued.json().id;
  }, 180_000);

  it('starts empty, and watches a task, a unit and a 督办单 with their lights', async () => {
    expect((await list()).items).toEqual([]);
    for (const [type, id] of [
      ['task', task.id],
      ['unit', unitId],
      ['supervision_notice', noticeId],
    ] as const) {
      const res = await send('PUT', `/api/v1/watches/${type}/${id}`, leader);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      clock.advance(1000);
    }
    const { items } = await list();
    // Newest first.
    expect(items.map((w) => w.subjectType)).toEqual(['supervision_notice', 'unit', 'task']);
    const overview: TaskOverview = (await send('GET', `/api/v1/tasks/${task.id}/overview`, clerk)).json();
    const byType = Object.fromEntries(items.map((w) => [w.subjectType, w]));
    // The task's light is the dashboard's (its worst item), and so is its count of red items.
    expect(byType.task).toMatchObject({
      subjectId: task.id,
      light: overview.light,
      red: overview.units.filter((u) => u.light === 'red').length,
      status: null,
    });
    expect(byType.task?.title).toContain(task.text);
    expect(byType.unit).toMatchObject({ subjectId: unitId, title: '区发改局', light: 'red' });
    expect(byType.unit?.red).toBeGreaterThan(0);
    expect(byType.supervision_notice).toMatchObject({
      subjectId: noticeId,
      status: 'issued',
      light: overview.units.find((u) => u.unit.id === unitId)?.light,
      red: 0,
      detail: task.text,
    });
    expect(byType.supervision_notice?.title).toMatch(/^督办〔2025〕\d+号 · 区发改局$/);
  });

  it('counts a 督办单 past its answer date as red', async () => {
    clock.advance(7 * 86_400_000);
    leader = await signIn(app, (await makeUser(t.db, 'executive')).username);
    const res = await send('PUT', `/api/v1/watches/supervision_notice/${noticeId}`, leader);
    expect(res.statusCode).toBe(200);
    expect((res.json() as WatchList).items[0]).toMatchObject({ subjectId: noticeId, red: 1 });
  });

  it('watches again without a duplicate, unwatches, and audits each change once', async () => {
    const before = await auditCount();
    const again = await send('PUT', `/api/v1/watches/supervision_notice/${noticeId}`, leader);
    expect((again.json() as WatchList).items).toHaveLength(1);
    expect(await auditCount()).toBe(before);
    const removed = await send('DELETE', `/api/v1/watches/supervision_notice/${noticeId}`, leader);
    expect(removed.statusCode).toBe(200);
    expect((removed.json() as WatchList).items).toEqual([]);
    expect(await auditCount()).toBe(before + 1);
    // Unwatching what is not watched changes nothing.
    expect((await send('DELETE', `/api/v1/watches/supervision_notice/${noticeId}`, leader)).statusCode).toBe(200);
    expect(await auditCount()).toBe(before + 1);
  });

  it('answers 404 for an unknown subject and 400 for a bad one, writing nothing; other roles get 403', async () => {
    const before = await auditCount();
    const unknown = await send('PUT', `/api/v1/watches/task/${crypto.randomUUID()}`, leader);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    expect((await send('PUT', `/api/v1/watches/plan/${task.id}`, leader)).statusCode).toBe(400);
    expect((await send('PUT', '/api/v1/watches/task/not-a-uuid', leader)).statusCode).toBe(400);
    // A task id is not a unit's.
    expect((await send('PUT', `/api/v1/watches/unit/${task.id}`, leader)).statusCode).toBe(404);
    expect(await auditCount()).toBe(before);
    // Sessions idle out with the fake clock: the office's and the unit's people sign in again.
    for (const caller of [await signIn(app, clerkName), await signIn(app, staffName)]) {
      expect((await send('GET', '/api/v1/watches', caller)).statusCode).toBe(403);
      expect((await send('PUT', `/api/v1/watches/task/${task.id}`, caller)).statusCode).toBe(403);
    }
    expect((await list()).items).toEqual([]);
  });

  it('a sign-in or a watch leaves the plan’s lights as computed; a write that can change a light computes them again', async () => {
    const settings = await readSupervisionSettings(t.db);
    const lights = () => loadPlanLights(t.db, task.planId, clock.now(), settings);
    const first = await lights();
    expect(await lights()).toBe(first);
    // A new account, and a hundred units signing in every morning: none of it is a reason to compute every light again.
    leader = await signIn(app, (await makeUser(t.db, 'executive')).username);
    expect((await send('PUT', `/api/v1/watches/unit/${unitId}`, leader)).statusCode).toBe(200);
    expect(await lights()).toBe(first);
    // A unit's ledger (a milestone, confirmed by the office) may.
    staff = await signIn(app, staffName);
    clerk = await signIn(app, clerkName);
    await ledgerWithMilestone(app, staff, clerk, task.assignments.find((a) => a.unit.id === unitId)?.id as string);
    const second = await lights();
    expect(second).not.toBe(first);
    expect(await lights()).toBe(second);
  });
});
