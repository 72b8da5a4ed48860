// 交办 on every database: the office adds tasks to the plan during the year from a meeting or a 批示, numbered apart
// (会1, 会2, 批1) in sources of their own; the units are told and sign for them; the next package asks for them;
// bad input changes nothing.

import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { PlanDetail, Submission, TaskDetail } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { notifications, tasks } from '../src/server/db/schema.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('tasks added during the year (交办)', (t) => {
  // 20 May 2025, 10:00 in China.
  const clock = fakeClock(new Date('2025-05-20T02:00:00Z'));
  let app: App;
  let office: Caller;
  let fagai: Caller;
  let planId: string;
  const unitIds: Record<string, string> = {};

  const call = (method: 'GET' | 'POST', url: string, caller: Caller, payload?: object, lang?: string) =>
    app.inject({
      method,
      url,
      headers: {
        ...(method === 'GET' ? { cookie: caller.cookie } : caller.headers),
        ...(lang ? { 'accept-language': lang } : {}),
      },
      ...(payload ? { payload } : {}),
    });
  const taskCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(tasks))[0]?.n ?? 0;
  const meeting = () => ({
    origin: 'meeting',
    originNote: '区政府第12次常务会议',
    text: '加快推进中北路片区城市更新项目征收扫尾工作，9月底前完成全部签约。',
    deadline: '2025-09-30',
    units: [
      { unitId: unitIds['区发改局'], role: 'lead' },
      { unitId: unitIds['区经科局'], role: 'co' },
    ],
  });

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    office = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    planId = await importSample(app, office);
    const units = (await call('GET', '/api/v1/units', office)).json().items as { id: string; name: string }[];
    for (const name of ['区发改局', '区经科局']) unitIds[name] = units.find((u) => u.name === name)?.id as string;
    fagai = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unitIds['区发改局'] })).username);
  });

  it('refuses bad input with a bilingual 4xx and writes nothing', async () => {
    const before = await taskCount();
    const cases: [object, number, string?][] = [
      [{ ...meeting(), deadline: '2025-05-01' }, 400, 'deadline_out_of_range'],
      [{ ...meeting(), deadline: '2027-01-01' }, 400, 'deadline_out_of_range'],
      [{ ...meeting(), deadline: '2025-02-30' }, 400],
      [
        { ...meeting(), units: [{ unitId: '00000000-0000-4000-8000-000000000000', role: 'lead' }] },
        400,
        'unknown_unit',
      ],
      [{ ...meeting(), units: [{ unitId: unitIds['区经科局'], role: 'co' }] }, 400],
      [
        {
          ...meeting(),
          units: [
            { unitId: unitIds['区发改局'], role: 'lead' },
            { unitId: unitIds['区发改局'], role: 'co' },
          ],
        },
        400,
      ],
      [{ ...meeting(), units: [] }, 400],
      [{ ...meeting(), origin: 'notice' }, 400],
      [{ ...meeting(), text: '' }, 400],
      [{ ...meeting(), originNote: '' }, 400],
      [{ ...meeting(), rhythm: { kind: 'weeks' } }, 400],
      // The meeting cannot be held after today (20 May, China time), nor on no real day.
      [{ ...meeting(), instructedOn: '2025-05-21' }, 400, 'instructed_on_in_future'],
      [{ ...meeting(), instructedOn: '2025-13-01' }, 400],
    ];
    for (const [body, status, code] of cases) {
      const res = await call('POST', `/api/v1/plans/${planId}/tasks`, office, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      if (code) expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const english = await call(
      'POST',
      `/api/v1/plans/${planId}/tasks`,
      office,
      { ...meeting(), deadline: '2025-05-01' },
      'en',
    );
    expect(english.json().error.message).toContain('The deadline must fall between today');
    expect((await call('POST', `/api/v1/plans/${planId}/tasks`, fagai, meeting())).statusCode).toBe(403);
    expect(
      (await call('POST', '/api/v1/plans/00000000-0000-4000-8000-000000000000/tasks', office, meeting())).statusCode,
    ).toBe(404);
    expect(await taskCount()).toBe(before);
  });

  it('adds a meeting’s task numbered 会1 in a source of its own, with its deadline, units and rhythm', async () => {
    const res = await call('POST', `/api/v1/plans/${planId}/tasks`, office, {
      ...meeting(),
      rhythm: { kind: 'monthly' },
      instructedOn: '2025-05-18',
    });
    expect(res.statusCode, res.body).toBe(200);
    const task = res.json() as TaskDetail;
    expect(task).toMatchObject({
      number: '会1',
      origin: 'meeting',
      originNote: '区政府第12次常务会议',
      instructedOn: '2025-05-18',
      deadline: '2025年9月30日前',
      rhythm: { kind: 'monthly' },
    });
    expect(task.assignments.map((a) => [a.unit.name, a.role])).toEqual([
      ['区发改局', 'lead'],
      ['区经科局', 'co'],
    ]);
    const plan = (await call('GET', `/api/v1/plans/${planId}`, office)).json() as PlanDetail;
    const last = plan.sources.at(-1);
    expect(last?.title).toBe('会议交办事项');
    expect(last?.index).toBe(plan.sources.length);

    const second = (await call('POST', `/api/v1/plans/${planId}/tasks`, office, meeting())).json() as TaskDetail;
    expect(second.number).toBe('会2');
    expect(second.source.id).toBe(task.source.id);
    const instruction = (
      await call('POST', `/api/v1/plans/${planId}/tasks`, office, {
        ...meeting(),
        origin: 'instruction',
        originNote: '区长批示（武昌政办文〔2025〕18号）',
      })
    ).json() as TaskDetail;
    expect(instruction.number).toBe('批1');
    expect(instruction.source.id).not.toBe(task.source.id);
  });

  it('tells the units, who sign for it and find it in their next package', async () => {
    const told = await t.db
      .select({ title: notifications.title, link: notifications.link })
      .from(notifications)
      .where(eq(notifications.kind, 'task_added'));
    expect(told.some((n) => n.title.includes('会1') && n.title.includes('请签收'))).toBe(true);
    const receipts = (await call('GET', '/api/v1/receipts', fagai)).json().items as {
      task: { number: string | null };
      status: string;
    }[];
    expect(receipts.filter((r) => r.task.number?.startsWith('会')).map((r) => r.status)).toEqual([
      'pending',
      'pending',
    ]);

    const periods = (await call('GET', `/api/v1/plans/${planId}/periods`, fagai)).json().items as {
      id: string;
      label: string;
    }[];
    const q2 = periods.find((p) => p.label === '2025年第二季度');
    const pkg = (await call('GET', `/api/v1/periods/${q2?.id}/submission`, fagai)).json() as Submission;
    expect(pkg.items.filter((i) => i.task.number?.startsWith('会') || i.task.number?.startsWith('批')).length).toBe(3);
    // Monthly from today: May's package asks for 会1 alone.
    const may = periods.find((p) => p.label === '2025年5月');
    const monthly = (await call('GET', `/api/v1/periods/${may?.id}/submission`, fagai)).json() as Submission;
    expect(monthly.items.map((i) => i.task.number)).toEqual(['会1']);
  });
});
