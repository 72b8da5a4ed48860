// GET /tasks/:id/overview, the task page's hub, on every database: the task's light and why from the same
// plan lights as the supervised list, each unit's latest signed status with its period, its package's state,
// the links the caller may open, unit scoping, and the parser's reading for the office only.

import { beforeAll, expect, it } from 'vitest';
import type { SupervisedTask, TaskOverview } from '../src/api/supervision.js';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('task overview', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let names: Record<string, string>;
  let planId: string;
  let periods: Period[];
  let fagai: string;
  let jingke: string;
  /** A task held by both 区发改局 and 区经科局. */
  let shared: SupervisedTask;
  let blockedItem: Submission['items'][number];

  const get = (url: string, caller: Caller) => app.inject({ method: 'GET', url, headers: { cookie: caller.cookie } });
  const call = (method: 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({ method, url, headers: caller.headers, ...(payload ? { payload } : {}) });
  const as = (who: string) => signIn(app, names[who] as string);
  const overview = async (taskId: string, caller: Caller): Promise<TaskOverview> => {
    const res = await get(`/api/v1/tasks/${taskId}/overview`, caller);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    const supervisor = await makeUser(t.db, 'supervisor');
    clerk = await signIn(app, supervisor.username);
    planId = await importSample(app, clerk);
    periods = (await get(`/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const units = (await get('/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    fagai = units.find((u) => u.name === '区发改局')?.id as string;
    jingke = units.find((u) => u.name === '区经科局')?.id as string;
    names = {
      fagaiStaff: (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username,
      fagaiLeader: (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username,
      jingkeStaff: (await makeUser(t.db, 'unit_staff', { unitId: jingke })).username,
      executive: (await makeUser(t.db, 'executive')).username,
      admin: (await makeUser(t.db, 'admin')).username,
    };
    // 区发改局 reports the first quarter: its first item blocked, the rest 本期无进展; signed on time.
    const staff = await as('fagaiStaff');
    const pkg: Submission = (await get(`/api/v1/periods/${periods[0]?.id}/submission`, staff)).json();
    blockedItem = pkg.items[0] as Submission['items'][number];
    const saved = await call('PATCH', `/api/v1/item-reports/${blockedItem.id}`, staff, {
      version: blockedItem.version,
      status: 'blocked',
      lagReasons: ['land'],
      progress: '用地指标未落实，项目无法开工。',
    });
    expect(saved.statusCode).toBe(200);
    await markRestNoProgress(app, staff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, await as('fagaiLeader'))).statusCode).toBe(200);
    // Past the first deadline: 区经科局 never reported.
    clock.advance(Date.parse('2025-04-22T10:00:00+08:00') - clock.now().getTime());
    clerk = await signIn(app, supervisor.username);
    const list = (await get(`/api/v1/supervision/tasks?planId=${planId}&unitId=${jingke}&pageSize=500`, clerk)).json()
      .items as SupervisedTask[];
    shared = list.find((task) => task.supervision.units.some((u) => u.unit.id === fagai)) as SupervisedTask;
    expect(shared).toBeDefined();
  });

  it('gives the office the light the supervised list gives, with why, each unit and every link', async () => {
    const o = await overview(shared.id, clerk);
    const listed = (
      await get(`/api/v1/supervision/tasks?planId=${planId}&q=${encodeURIComponent(shared.text)}`, clerk)
    ).json().items as SupervisedTask[];
    const row = listed.find((x) => x.id === shared.id) as SupervisedTask;
    expect(o.light).toBe(row.supervision.light);
    expect(o.reasons).toEqual(row.supervision.reasons);
    expect(o.units.map((u) => [u.assignmentId, u.light])).toEqual(
      row.supervision.units.map((u) => [u.assignmentId, u.light]),
    );
    expect(o.period?.label).toBe('2025年第一季度');
    const j = o.units.find((u) => u.unit.id === jingke);
    expect(j).toMatchObject({
      light: 'red',
      status: null,
      reportedIn: null,
      submissionStatus: null,
      links: { ledger: true, submission: true },
    });
    expect(j?.reasons).toContain('overdue_unreported');
    // Due 9 April 23:59:59 CST, now 22 April: 13 days, counted as the bulletin counts them.
    expect(j?.overdueDays).toBe(13);
    expect(o.overdueDays).toBe(13);
    const f = o.units.find((u) => u.unit.id === fagai);
    expect(f?.reportedIn).toMatchObject({ periodId: periods[0]?.id, label: '2025年第一季度' });
    expect(Date.parse(f?.reportedIn?.signedAt ?? '')).toBeLessThan(Date.parse('2025-04-02T00:00:00Z'));
    expect(f?.submissionStatus).toBe('submitted');
    expect(f?.overdueDays).toBe(0);
    // The office reads the parser's reading: the notice line and the import's confidence.
    expect(o.source?.line).toBeGreaterThan(0);
    expect(['high', 'medium', 'low']).toContain(o.source?.confidence);
  });

  it('names the blocked item red with its reason and status', async () => {
    const o = await overview(blockedItem.task.id, clerk);
    const f = o.units.find((u) => u.unit.id === fagai);
    expect(f).toMatchObject({ light: 'red', status: 'blocked', progress: '用地指标未落实，项目无法开工。' });
    expect(f?.reasons).toContain('blocked');
    // 受阻 is 欠进度 beside the light, for the unit and the task.
    expect(f?.progressClass).toBe('behind');
    expect(o.progressClass).toBe('behind');
    expect(o.light).toBe('red');
  });

  it('scopes a unit to its own items and links, and hides the parser from everyone but the office', async () => {
    const staff = await as('jingkeStaff');
    const o = await overview(shared.id, staff);
    expect(o.units.map((u) => u.unit.id)).toEqual([jingke]);
    expect(o.units[0]?.links).toEqual({ ledger: true, submission: true });
    expect(o.source).toBeNull();
    expect(JSON.stringify(o)).not.toContain('区发改局');
    // A district leader sees every unit and may open every ledger, but not the parser's reading.
    const leader = await overview(shared.id, await as('executive'));
    expect(leader.units.map((u) => u.unit.id)).toEqual(expect.arrayContaining([fagai, jingke]));
    expect(leader.units.every((u) => u.links.ledger && u.links.submission)).toBe(true);
    expect(leader.source).toBeNull();
  });

  it('answers 404 for another unit’s task, 403 to the admin, 400 for a bad id', async () => {
    const staff = await as('jingkeStaff');
    const own = new Set(
      ((await get('/api/v1/my/assignments?pageSize=500', staff)).json().items as { id: string }[]).map((x) => x.id),
    );
    const all = (await get(`/api/v1/tasks?planId=${planId}&pageSize=500`, clerk)).json().items as { id: string }[];
    const other = all.find((x) => !own.has(x.id)) as { id: string };
    const refused = await get(`/api/v1/tasks/${other.id}/overview`, staff);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await get(`/api/v1/tasks/${shared.id}/overview`, await as('admin'))).statusCode).toBe(403);
    const bad = await get('/api/v1/tasks/nope/overview', clerk);
    expect(bad.statusCode).toBe(400);
    expect((await get('/api/v1/tasks/00000000-0000-4000-8000-000000000000/overview', clerk)).statusCode).toBe(404);
  });
});
