// 年终结转: the office lists a plan's unfinished tasks, carries each into the next year's plan (linked, with its
// assignments and what it had reached) or closes it with a reason, and then closes the plan — refused while a task
// has no decision. A closed plan is an archive: every write to it answers 409 plan_closed, its documents and exports
// still download. Only the office does any of it.

import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { AppNotification } from '../src/api/supervision.js';
import type { Period, Submission, TaskDetail } from '../src/api/v1.js';
import type { YearEndReview } from '../src/api/year-end.js';
import type { App } from '../src/server/app.js';
import {
  type Caller,
  fakeClock,
  importSample,
  makeApp,
  makeUser,
  markRestNoProgress,
  multipart,
  signIn,
} from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('year end', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let planId: string;
  let periods: Period[];
  let fagai: string;
  const who: Record<'clerk' | 'staff' | 'leader' | 'exec', Caller> = {} as never;
  /** Tasks only 区发改局 carries in the district: one it completes, one it reports on and is carried over. */
  let doneTask: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-year-end-'));
  let carryTask: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const ok = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, caller: Caller, payload?: object) => {
    const res = await call(method, url, caller, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };
  const review = () => ok<YearEndReview>('GET', `/api/v1/plans/${planId}/year-end`, who.clerk);

  beforeAll(async () => {
    app = await makeApp(t.database, clock, { dataDir });
    const clerk = await makeUser(t.db, 'supervisor');
    who.clerk = await signIn(app, clerk.username);
    planId = await importSample(app, who.clerk);
    periods = (await ok<{ items: Period[] }>('GET', `/api/v1/plans/${planId}/periods`, who.clerk)).items;
    const units = (await ok<{ items: { id: string; name: string }[] }>('GET', '/api/v1/units', who.clerk)).items;
    fagai = units.find((u) => u.name === '区发改局')?.id as string;
    who.staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username);
    who.leader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username);
    who.exec = await signIn(app, (await makeUser(t.db, 'executive')).username);

    // Written out here, not the service's rule: tasks whose only unit reporting to the district is 区发改局.
    const alone = await t.db.execute<{ task_id: string }>(sql`
      select a.task_id from assignments a join units u on u.id = a.unit_id join tasks k on k.id = a.task_id
      where k.plan_id = ${planId} and u.level not in ('city', 'province', 'national')
      group by a.task_id having bool_and(a.unit_id = ${fagai})`);
    const mine = new Set(alone.rows.map((r) => r.task_id));
    const pkg = await ok<Submission>('GET', `/api/v1/periods/${periods[0]?.id}/submission`, who.staff);
    const items = pkg.items.filter((i) => mine.has(i.task.id));
    expect(items.length).toBeGreaterThanOrEqual(2);
    const [done, carried] = items as [Submission['items'][number], Submission['items'][number]];
    doneTask = done.task.id;
    carryTask = carried.task.id;
    await ok('PATCH', `/api/v1/item-reports/${done.id}`, who.staff, {
      version: done.version,
      status: 'completed',
      progress: '已全部完成。',
    });
    await ok('PATCH', `/api/v1/item-reports/${carried.id}`, who.staff, {
      version: carried.version,
      status: 'lagging',
      lagReasons: ['relocation'],
      progress: '完成土地收储，征迁尚未启动。',
    });
    await markRestNoProgress(app, who.staff, pkg.id);
    await ok('POST', `/api/v1/submissions/${pkg.id}/send`, who.staff);
    await ok('POST', `/api/v1/submissions/${pkg.id}/sign`, who.leader);
  });

  it('lists the unfinished tasks with their units, last status and progress', async () => {
    const r = await review();
    expect(r.plan.status).toBe('active');
    const ids = r.tasks.map((x) => x.taskId);
    expect(ids).not.toContain(doneTask);
    const carried = r.tasks.find((x) => x.taskId === carryTask);
    expect(carried?.units).toEqual([
      expect.objectContaining({ unitId: fagai, status: 'lagging', progress: '完成土地收储，征迁尚未启动。' }),
    ]);
    expect(carried?.code).toMatch(/^[省市区]\d+$/);
    expect(r.undecided).toBe(r.tasks.length);
    expect(r.tasks.length).toBeGreaterThan(10);
  });

  it('is the office’s alone: units and district leaders cannot review, decide or close', async () => {
    for (const caller of [who.staff, who.leader, who.exec]) {
      expect((await call('GET', `/api/v1/plans/${planId}/year-end`, caller)).statusCode).toBe(403);
      const decide = await call('POST', `/api/v1/plans/${planId}/year-end/decisions`, caller, {
        decisions: [{ taskId: carryTask, decision: 'close', reason: '不再实施' }],
      });
      expect(decide.statusCode).toBe(403);
      const close = await call('POST', `/api/v1/plans/${planId}/close`, caller);
      expect([close.statusCode, close.json().error.code]).toEqual([403, 'forbidden']);
    }
    expect((await review()).plan.status).toBe('active');
  });

  it('refuses to close the year while an unfinished task has no decision', async () => {
    const res = await call('POST', `/api/v1/plans/${planId}/close`, who.clerk);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('year_end_undecided');
    expect(res.json().error.message).toContain('不能关闭年度');
    const en = await app.inject({
      method: 'POST',
      url: `/api/v1/plans/${planId}/close`,
      headers: { ...who.clerk.headers, 'accept-language': 'en' },
    });
    expect(en.json().error.message).toContain('cannot be closed');
    expect((await review()).plan.status).toBe('active');
  });

  it('carries a task into the next year’s plan with its link, its history and its assignments', async () => {
    // Closing needs a reason.
    const bare = await call('POST', `/api/v1/plans/${planId}/year-end/decisions`, who.clerk, {
      decisions: [{ taskId: carryTask, decision: 'close' }],
    });
    expect(bare.statusCode).toBe(400);
    const finished = await call('POST', `/api/v1/plans/${planId}/year-end/decisions`, who.clerk, {
      decisions: [{ taskId: doneTask, decision: 'carry' }],
    });
    expect([finished.statusCode, finished.json().error.code]).toEqual([400, 'year_end_not_unfinished']);

    const r = await ok<YearEndReview>('POST', `/api/v1/plans/${planId}/year-end/decisions`, who.clerk, {
      decisions: [{ taskId: carryTask, decision: 'carry' }],
    });
    const decision = r.tasks.find((x) => x.taskId === carryTask)?.decision;
    expect(decision).toMatchObject({ decision: 'carry', target: { planYear: 2026 } });
    const newId = decision?.target?.taskId as string;
    expect(r.undecided).toBe(r.tasks.length - 1);

    // A decision is final.
    const again = await call('POST', `/api/v1/plans/${planId}/year-end/decisions`, who.clerk, {
      decisions: [{ taskId: carryTask, decision: 'close', reason: '改为关闭' }],
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'year_end_decided']);

    const original = await ok<TaskDetail>('GET', `/api/v1/tasks/${carryTask}`, who.clerk);
    const carried = await ok<TaskDetail>('GET', `/api/v1/tasks/${newId}`, who.staff);
    expect(carried.planId).toBe(decision?.target?.planId);
    expect(carried.text).toBe(original.text);
    const duties = (d: TaskDetail) => d.assignments.map((a) => `${a.unit.id}:${a.role}:${a.clause}`).sort();
    expect(duties(carried)).toEqual(duties(original));
    expect(carried.carriedFrom).toMatchObject({ taskId: carryTask, planId, planYear: 2025 });
    expect(carried.carriedFrom?.units).toEqual([
      expect.objectContaining({
        unitName: '区发改局',
        status: 'lagging',
        reports: [{ period: periods[0]?.label, status: 'lagging', progress: '完成土地收储，征迁尚未启动。' }],
      }),
    ]);

    // The unit keeps its duty: the task is on its list in the new plan, and it was told.
    const my = await ok<{ items: { id: string }[] }>(
      'GET',
      `/api/v1/my/assignments?planId=${carried.planId}`,
      who.staff,
    );
    expect(my.items.map((x) => x.id)).toContain(newId);
    const bell = (await ok<{ items: AppNotification[] }>('GET', '/api/v1/notifications', who.staff)).items;
    expect(bell.find((n) => n.kind === 'task_carried_over')?.link).toBe(`/tasks/${newId}`);

    const logged = await t.db.execute<{ action: string; subject_id: string }>(
      sql`select action, subject_id from audit_entries where action = 'plan.carry_over'`,
    );
    expect(logged.rows).toEqual([{ action: 'plan.carry_over', subject_id: carryTask }]);
  });

  it('closes the year once every task is decided; the archive is read-only and its exports download', async () => {
    // Prepared while the plan is open: a draft bulletin, the next period's submission.
    const bulletin = await ok<{ id: string; version: number }>('POST', '/api/v1/bulletins', who.clerk, {
      planId,
      periodId: periods[0]?.id,
    });
    const next = await ok<Submission>('GET', `/api/v1/periods/${periods[1]?.id}/submission`, who.staff);
    const item = next.items[0] as Submission['items'][number];

    const rest = (await review()).tasks.filter((x) => x.decision === null);
    await ok('POST', `/api/v1/plans/${planId}/year-end/decisions`, who.clerk, {
      decisions: rest.map((x) => ({ taskId: x.taskId, decision: 'close', reason: '已纳入专项工作，不再单列。' })),
    });
    const closed = await ok<YearEndReview>('POST', `/api/v1/plans/${planId}/close`, who.clerk);
    expect(closed.plan.status).toBe('closed');
    expect(closed.plan.closedAt).not.toBeNull();
    const plans = (await ok<{ items: { id: string; status: string }[] }>('GET', '/api/v1/plans', who.staff)).items;
    expect(plans.find((p) => p.id === planId)?.status).toBe('closed');

    const refused = async (res: Awaited<ReturnType<typeof call>>) => {
      expect([res.statusCode, res.json().error.code], res.body).toEqual([409, 'plan_closed']);
      expect(res.json().error.message).toContain('归档');
    };
    await refused(
      await call('PATCH', `/api/v1/item-reports/${item.id}`, who.staff, { version: item.version, progress: '补写' }),
    );
    await refused(
      await call('POST', '/api/v1/coordination-requests', who.staff, {
        taskId: carryTask,
        title: '用地指标协调',
        body: '需统筹用地指标。',
      }),
    );
    await refused(
      await call('PUT', `/api/v1/bulletins/${bulletin.id}`, who.clerk, {
        version: bulletin.version,
        title: '更改标题',
      }),
    );
    await refused(await call('POST', '/api/v1/bulletins', who.clerk, { planId, periodId: periods[0]?.id }));
    await refused(
      await call('POST', `/api/v1/plans/${planId}/year-end/decisions`, who.clerk, {
        decisions: [{ taskId: carryTask, decision: 'close', reason: '再关闭' }],
      }),
    );
    const unchanged = await ok<Submission>('GET', `/api/v1/submissions/${next.id}`, who.staff);
    expect(unchanged.items.find((i) => i.id === item.id)?.progress).toBe(item.progress);

    // The pages show no edit buttons: every ability of an archived package and ledger is false.
    expect(Object.values(unchanged.abilities)).toEqual(Object.values(unchanged.abilities).map(() => false));
    const ledgerView = await ok<{ abilities: Record<string, boolean> }>(
      'GET',
      `/api/v1/assignments/${item.assignmentId}/ledger`,
      who.staff,
    );
    expect(Object.values(ledgerView.abilities).some(Boolean)).toBe(false);
    // Writes whose audit record names no plan are refused too: a reminder, a rating, and an evidence file —
    // refused before its bytes reach the disk.
    await refused(await call('POST', '/api/v1/reminders', who.clerk, { assignmentIds: [item.assignmentId] }));
    await refused(
      await call('PUT', '/api/v1/evaluation/ratings', who.clerk, {
        unitId: fagai,
        periodId: periods[0]?.id,
        score: 90,
      }),
    );
    const body = multipart('佐证.pdf', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));
    await refused(
      await app.inject({
        method: 'POST',
        url: `/api/v1/item-reports/${item.id}/evidence`,
        headers: { ...who.staff.headers, ...body.headers },
        payload: body.payload,
      }),
    );
    const files = join(dataDir, 'files');
    expect(existsSync(files) ? readdirSync(files, { recursive: true }) : []).toEqual([]);

    // Reads, documents and exports stay.
    const ledger = await call('GET', `/api/v1/exports/ledger.xlsx?planId=${planId}`, who.clerk);
    expect(ledger.statusCode).toBe(200);
    expect(ledger.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const docx = await call('GET', `/api/v1/bulletins/${bulletin.id}/bulletin.docx`, who.clerk);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await call('GET', `/api/v1/tasks/${carryTask}`, who.staff)).statusCode).toBe(200);

    const logged = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_entries where action in ('plan.task_closed', 'plan.close')`,
    );
    expect(logged.rows[0]?.n).toBe(rest.length + 1);
  });
});
