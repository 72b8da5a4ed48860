// 督查室办理时效 on every database: a package signed and a coordination request raised wait on the office; past its
// limits they are overdue and the scheduler tells the office; once reviewed and routed, the time they took is the
// office's measure. Only the office reads it; its limits are its own settings. A 批示 or a meeting's decision routed as
// a task (交办) is measured from its day to the routing.

import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { OfficeTimeliness } from '../src/api/timeliness.js';
import type { Period, Submission, TaskDetail } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { tasks } from '../src/server/db/schema.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('the office’s own timeliness', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let officeName: string;
  let staffName: string;
  let planId: string;
  let packageId: string;
  let requestId: string;
  let executiveId: string;

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const figures = async (): Promise<OfficeTimeliness> => {
    const res = await call('GET', `/api/v1/plans/${planId}/office-timeliness`, clerk);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    officeName = (await makeUser(t.db, 'supervisor')).username;
    clerk = await signIn(app, officeName);
    planId = await importSample(app, clerk);
    const q1 = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items[0] as Period;
    const units = (await call('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id;
    staffName = (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username;
    const leader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username);
    executiveId = (await makeUser(t.db, 'executive')).id;
    const staff = await signIn(app, staffName);
    const pkg: Submission = (await call('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    packageId = pkg.id;
    await markRestNoProgress(app, staff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).json().status).toBe('submitted');
    const raised = await call('POST', '/api/v1/coordination-requests', staff, {
      taskId: pkg.items[0]?.task.id,
      title: '项目用地报批需区里协调',
      body: '用地指标未落实，需区自然资源部门协调。',
    });
    expect(raised.statusCode, raised.body.slice(0, 300)).toBe(200);
    requestId = raised.json().id;
  });

  it('counts the signed package and the raised request as waiting on the office, within its limits', async () => {
    const f = await figures();
    expect(f.reviews).toMatchObject({ limitDays: 5, done: 0, medianDays: null, overdue: 0 });
    expect(f.reviews.open).toEqual([expect.objectContaining({ id: packageId, days: 0, overdue: false })]);
    expect(f.routing).toMatchObject({ limitDays: 2, overdue: 0 });
    expect(f.routing.open.map((o) => o.id)).toEqual([requestId]);
    // The unit is not measured on the office's work, and may not read it.
    const staff = await signIn(app, staffName);
    expect((await call('GET', `/api/v1/plans/${planId}/office-timeliness`, staff)).statusCode).toBe(403);
  });

  it('past its limits both are overdue, and the scheduler tells the office once that day', async () => {
    clock.advance(7 * 86_400_000);
    clerk = await signIn(app, officeName);
    const f = await figures();
    expect(f.reviews).toMatchObject({ overdue: 1 });
    expect(f.reviews.open[0]).toMatchObject({ days: 7, overdue: true });
    expect(f.routing).toMatchObject({ overdue: 1 });

    expect((await call('POST', '/api/v1/scheduler/run', clerk)).statusCode).toBe(200);
    await call('POST', '/api/v1/scheduler/run', clerk);
    const bell = (await call('GET', '/api/v1/notifications', clerk)).json().items as {
      kind: string;
      title: string;
      body: string;
    }[];
    const mine = bell.filter((n) => n.kind === 'office_overdue');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.title).toBe('督查室待办逾期：审核1份、转办1项');
    expect(mine[0]?.body).toContain('区发改局 2025年第一季度 报送待审核7天');
  });

  it('measures what the office did: 7 days to review, 7 days to route', async () => {
    expect((await call('POST', `/api/v1/submissions/${packageId}/accept`, clerk)).statusCode).toBe(200);
    const routed = await call('POST', `/api/v1/coordination-requests/${requestId}/route`, clerk, { executiveId });
    expect(routed.statusCode, routed.body.slice(0, 300)).toBe(200);
    const f = await figures();
    expect(f.reviews).toMatchObject({ done: 1, medianDays: 7, open: [], overdue: 0 });
    expect(f.routing).toMatchObject({ done: 1, medianDays: 7, open: [], overdue: 0 });
  });

  it('keeps its limits in the supervision settings, refusing a limit of 0 days', async () => {
    const settings = (await call('GET', '/api/v1/settings/supervision', clerk)).json();
    expect(
      (await call('PUT', '/api/v1/settings/supervision', clerk, { ...settings, reviewWithinDays: 0 })).statusCode,
    ).toBe(400);
    expect(
      (await call('PUT', '/api/v1/settings/supervision', clerk, { ...settings, reviewWithinDays: 10 })).statusCode,
    ).toBe(200);
    expect((await figures()).reviews.limitDays).toBe(10);
  });

  it('measures the routing of a 批示 from its day: given 1 May, routed 6 May is 5 days, over a 3-day limit', async () => {
    // 6 May 2026, 10:00 in China.
    clock.advance(new Date('2026-05-06T02:00:00Z').getTime() - clock.now().getTime());
    clerk = await signIn(app, officeName);
    expect((await figures()).instructions).toEqual({ limitDays: 3, done: 0, medianDays: null, late: [] });
    const units = (await call('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const body = (instructedOn?: string) => ({
      origin: 'instruction',
      originNote: '区长批示（武昌政办文〔2026〕18号）',
      text: '抓紧研究中北路片区停车难问题，拿出解决方案。',
      deadline: '2026-09-30',
      units: [{ unitId: units.find((u) => u.name === '区发改局')?.id, role: 'lead' }],
      ...(instructedOn ? { instructedOn } : {}),
    });
    const count = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(tasks))[0]?.n ?? 0;
    const before = await count();
    // A day after today (China time), or no day at all, is refused in both languages and writes nothing.
    for (const [day, code] of [
      ['2026-05-07', 'instructed_on_in_future'],
      ['2026-02-30', 'bad_request'],
      ['5月1日', 'bad_request'],
    ]) {
      const res = await call('POST', `/api/v1/plans/${planId}/tasks`, clerk, body(day));
      expect(res.statusCode, day).toBe(400);
      if (code !== 'bad_request') expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const english = await app.inject({
      method: 'POST',
      url: `/api/v1/plans/${planId}/tasks`,
      headers: { ...clerk.headers, 'accept-language': 'en' },
      payload: body('2026-05-07'),
    });
    expect(english.json().error.message).toContain('cannot be after today (2026-05-06)');
    expect(await count()).toBe(before);

    const given = await call('POST', `/api/v1/plans/${planId}/tasks`, clerk, body('2026-05-01'));
    expect(given.statusCode, given.body.slice(0, 300)).toBe(200);
    const task = given.json() as TaskDetail;
    expect(task).toMatchObject({ number: '批1', origin: 'instruction', instructedOn: '2026-05-01' });
    // Held yesterday, routed today: 1 day. Without a day, nothing to measure.
    const meeting = await call('POST', `/api/v1/plans/${planId}/tasks`, clerk, {
      ...body('2026-05-05'),
      origin: 'meeting',
      originNote: '区政府第15次常务会议',
    });
    expect(meeting.json().instructedOn).toBe('2026-05-05');
    expect((await call('POST', `/api/v1/plans/${planId}/tasks`, clerk, body())).json().instructedOn).toBeNull();
    expect((await figures()).instructions).toEqual({
      limitDays: 3,
      done: 2,
      medianDays: 3,
      late: [
        {
          taskId: task.id,
          number: '批1',
          excerpt: '抓紧研究中北路片区停车难问题，拿出解决方案。',
          instructedOn: '2026-05-01',
          days: 5,
        },
      ],
    });

    // Its limit is the office's setting, 0 (the same day) to 30.
    const settings = (await call('GET', '/api/v1/settings/supervision', clerk)).json();
    for (const bad of [-1, 31, 2.5]) {
      const res = await call('PUT', '/api/v1/settings/supervision', clerk, { ...settings, instructionWithinDays: bad });
      expect(res.statusCode, String(bad)).toBe(400);
    }
    const set = await call('PUT', '/api/v1/settings/supervision', clerk, { ...settings, instructionWithinDays: 5 });
    expect(set.statusCode).toBe(200);
    expect((await figures()).instructions).toMatchObject({ limitDays: 5, done: 2, late: [] });
    await call('PUT', '/api/v1/settings/supervision', clerk, { ...settings, instructionWithinDays: 0 });
    expect((await figures()).instructions.late.map((l) => l.days)).toEqual([5, 1]);
  });
});
