// 政务公开 on every database: anonymous readers see the tasks the office marked public — status, light and
// the public note — and nothing of the units' internal work (names, phones, progress, problems, evidence).

import { beforeAll, expect, it } from 'vitest';
import type { PublicProgress } from '../src/api/public.js';
import type { Ledger, Period, Submission, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import {
  type Caller,
  fakeClock,
  importSample,
  makeApp,
  makeUser,
  markRestNoProgress,
  multipart,
  SAMPLE_BYTES,
  signIn,
} from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('public progress page', (t) => {
  const clock = fakeClock(new Date('2025-04-02T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let task: TaskSummary;
  let planId: string;

  const call = (method: 'GET' | 'PUT' | 'PATCH' | 'POST', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const anonymous = () => app.inject({ url: '/api/v1/public/progress' });

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    planId = await importSample(app, clerk);
    expect((await call('PUT', `/api/v1/plans/${planId}/published`, clerk, { published: true })).statusCode).toBe(200);
    const units = (await call('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id;
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username);
    task = (await call('GET', '/api/v1/my/assignments?pageSize=1&level=district', staff)).json().items[0];
    const assignmentId = task.assignments.find((a) => a.unit.id === fagai)?.id as string;
    const ledger: Ledger = (await call('GET', `/api/v1/assignments/${assignmentId}/ledger`, staff)).json();
    await call('PUT', `/api/v1/assignments/${assignmentId}/ledger`, staff, {
      version: ledger.version,
      responsiblePerson: '王芳',
      phone: '13900001111',
      measures: '内部工作措施',
    });
    const q1: Period = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const pkg: Submission = (await call('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    const item = pkg.items.find((i) => i.assignmentId === assignmentId) as Submission['items'][number];
    await call('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      status: 'on_track',
      progress: '内部进展描述',
      problems: '内部存在问题',
    });
  });

  it('is empty until the office marks a task public, and only the office may', async () => {
    const empty = await anonymous();
    expect(empty.statusCode).toBe(200);
    expect((empty.json() as PublicProgress).tasks).toEqual([]);
    expect((await call('PUT', `/api/v1/tasks/${task.id}/publicity`, staff, { public: true })).statusCode).toBe(403);
    expect(
      (await call('PUT', `/api/v1/tasks/${crypto.randomUUID()}/publicity`, clerk, { public: true })).statusCode,
    ).toBe(404);
    const set = await call('PUT', `/api/v1/tasks/${task.id}/publicity`, clerk, {
      public: true,
      note: '项目已开工，完成投资30%。',
    });
    expect(set.json()).toEqual({ public: true, note: '项目已开工，完成投资30%。' });
    const detail = (await call('GET', `/api/v1/tasks/${task.id}`, clerk)).json();
    expect(detail.publicity).toEqual({ public: true, note: '项目已开工，完成投资30%。' });
  });

  it('shows status, light and the public note, and nothing internal', async () => {
    const res = await anonymous();
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const page: PublicProgress = res.json();
    expect(page.plan?.year).toBe(2025);
    expect(page.tasks).toHaveLength(1);
    expect(Object.keys(page.tasks[0] ?? {}).sort()).toEqual([
      'level',
      'light',
      'note',
      'noteAt',
      'number',
      'status',
      'text',
    ]);
    // No unit has reported it (the draft is not signed): 未报送 (null), never 未启动.
    expect(page.tasks[0]).toMatchObject({ text: task.text, note: '项目已开工，完成投资30%。', status: null });
    for (const secret of ['王芳', '13900001111', '内部工作措施', '内部进展描述', '内部存在问题', '区发改局']) {
      if (task.text.includes(secret)) continue;
      expect(res.body).not.toContain(secret);
    }
    // Unmarking takes it off at once (the cache is dropped on change).
    await call('PUT', `/api/v1/tasks/${task.id}/publicity`, clerk, { public: false });
    expect(((await anonymous()).json() as PublicProgress).tasks).toEqual([]);
  });

  it('shows the plan the office published, not the newest: another import leaves the page alone', async () => {
    const title = (await anonymous()).json().plan?.title as string;
    expect(title).toContain('责任分解方案');
    // A second plan (another 文号), imported after the first: the public page does not move to it.
    clock.advance(61_000); // later than the first plan, and past the page's one-minute cache
    const other = SAMPLE_BYTES.toString('utf8')
      .replace('武昌政办〔2025〕1号', '武昌政办〔2025〕7号')
      .replace('责任分解方案的通知', '责任分解方案（第二批）的通知');
    const body = multipart('second.txt', Buffer.from(other));
    const preview = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...clerk.headers, ...body.headers },
      payload: body.payload,
    });
    expect(preview.statusCode).toBe(200);
    const confirmed = await call('POST', `/api/v1/imports/${preview.json().id}/confirm`, clerk, {
      approveNewUnits: [],
    });
    expect(confirmed.statusCode).toBe(200);
    const secondId = confirmed.json().planId as string;
    expect(secondId).not.toBe(planId);
    expect((await anonymous()).json().plan?.title).toBe(title);

    // Only the office chooses; choosing the second plan withdraws the first.
    expect((await call('PUT', `/api/v1/plans/${secondId}/published`, staff, { published: true })).statusCode).toBe(403);
    expect((await call('PUT', `/api/v1/plans/${secondId}/published`, clerk, { published: true })).statusCode).toBe(200);
    expect((await anonymous()).json().plan?.title).toContain('第二批');
    const plans = (await call('GET', '/api/v1/plans', clerk)).json().items as { id: string; published: boolean }[];
    expect(plans.filter((p) => p.published).map((p) => p.id)).toEqual([secondId]);

    // Withdrawn: nothing is public.
    await call('PUT', `/api/v1/plans/${secondId}/published`, clerk, { published: false });
    expect((await anonymous()).json()).toMatchObject({ plan: null, tasks: [] });
  });

  it('never shows 已完成 beside a yellow or red light: a task reported completed, even late, is green', async () => {
    // After the deadline (sessions are signed in again): the report will be late.
    clock.advance(Date.parse('2025-04-20T10:00:00+08:00') - clock.now().getTime());
    const supervisor = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    expect((await call('PUT', `/api/v1/plans/${planId}/published`, supervisor, { published: true })).statusCode).toBe(
      200,
    );
    const units = (await call('GET', '/api/v1/units', supervisor)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id as string;
    const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username);
    const mine = (await call('GET', `/api/v1/my/assignments?planId=${planId}&pageSize=500`, staff)).json()
      .items as TaskSummary[];
    // A task of 区发改局 alone, so its status is that unit's.
    const own = mine.find((x) => x.assignments.length === 1) as TaskSummary;
    await call('PUT', `/api/v1/tasks/${own.id}/publicity`, supervisor, { public: true });
    const q1: Period = (await call('GET', `/api/v1/plans/${planId}/periods`, supervisor)).json().items[0];
    const pkg: Submission = (await call('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    const item = pkg.items.find((i) => i.assignmentId === own.assignments[0]?.id) as Submission['items'][number];
    const done = await call('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      status: 'completed',
      progress: '已全部完成',
    });
    expect(done.statusCode).toBe(200);
    await markRestNoProgress(app, staff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    const leader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).json().status).toBe('submitted');
    clock.advance(61_000);
    const shown = ((await anonymous()).json() as PublicProgress).tasks.find((x) => x.text === own.text);
    expect(shown).toMatchObject({ status: 'completed', light: 'green' });
  });
});
