// The office corrects an import draft before the confirm — over real HTTP, on every database: each kind of
// correction, undo, reset, the plan written from the corrected rows, the refusals, who may, and the audit trail.

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  DraftTaskPage,
  ImportCorrectionList,
  ImportCorrectionResult,
  ImportCorrectionUndoResult,
  ImportPreview,
  TaskSummary,
} from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { auditEntries, importCorrections, importDraftTasks } from '../src/server/db/schema.js';
import { type Caller, fakeClock, makeApp, makeUnit, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

let docNo = 700;
/** A notice of five tasks: one is no task (3), one runs two tasks together (2), one names no unit (5). */
const notice = () =>
  [
    '区人民政府办公室关于印发更正测试方案的通知',
    `武昌政办〔2025〕${++docNo}号`,
    '附件1',
    '2025年区《政府工作报告》目标任务责任分解方案',
    '一、经济发展',
    '1.推进产业升级。(牵头单位:区更正发改局;责任单位:区更正经信局)',
    '2.建设创新平台。完成科技园区建设。(责任单位:区更正科技局)',
    '3.本项说明不是任务。(责任单位:区更正发改局)',
    '二、民生保障',
    '4.新建学校3所。(牵头单位:区更正教育局)',
    '5.加强安全生产工作',
  ].join('\n');

describeEachDatabase('correcting an import draft', (t) => {
  let app: App;
  let base: string;
  let clerk: Caller;
  let clerkName: string;
  let unitUser: Caller;
  const clock = fakeClock();

  /** One request over HTTP; JSON in and out. */
  async function call<T = unknown>(
    caller: Caller | null,
    method: string,
    path: string,
    body?: unknown,
    language = 'zh-CN',
  ): Promise<{ status: number; json: T }> {
    const headers: Record<string, string> = { 'accept-language': language, ...(caller?.headers ?? {}) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
  }

  async function upload(text = notice()): Promise<ImportPreview> {
    const form = new FormData();
    form.append('file', new Blob([text]), 'notice.txt');
    const res = await fetch(`${base}/api/v1/imports`, { method: 'POST', headers: clerk.headers, body: form });
    expect(res.status).toBe(200);
    return (await res.json()) as ImportPreview;
  }
  const tasksOf = async (id: string) =>
    (await call<DraftTaskPage>(clerk, 'GET', `/imports/${id}/tasks?pageSize=500`)).json.items;
  const correct = (id: string, body: unknown, caller = clerk) =>
    call<ImportCorrectionResult>(caller, 'POST', `/imports/${id}/corrections`, body);

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    clerkName = (await makeUser(t.db, 'supervisor')).username;
    clerk = await signIn(app, clerkName);
    const unitId = await makeUnit(t.db);
    unitUser = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId })).username);
    // A unit the directory already knows: a correction naming it matches it like the preview does.
    await makeUnit(t.db, '区更正住建局');
  });
  afterAll(async () => {
    await app.close();
  });

  it('edits a task: text, number, section, deadline, leaders, units with role and level; units matched', async () => {
    const p = await upload();
    expect(p.corrections).toBe(0);
    const res = await correct(p.id, {
      kind: 'edit',
      position: 0,
      changes: {
        text: '推进产业转型升级，新增规上企业20家。',
        number: '1A',
        section: ['一、经济高质量发展'],
        deadline: '年底前',
        leaders: ['王某'],
        assignments: [
          { unit: '区更正住建局', role: 'lead', level: 'district' },
          { unit: '区更正经信局', role: 'co', level: 'city' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.corrections).toBe(1);
    expect(res.json.correction).toMatchObject({ sequence: 1, kind: 'edit', position: 0, undoneAt: null });
    expect(res.json.correction.before[0]?.text).toBe('推进产业升级。');
    expect(res.json.correction.actor?.name).toBeTruthy();
    // The known unit is matched; the renamed role keeps its unit as a new one to approve.
    const byName = new Map(res.json.units.map((u) => [u.name, u]));
    expect(byName.get('区更正住建局')?.match).toBe('exact');
    expect(byName.get('区更正经信局')?.match).toBe('new');

    const [first] = await tasksOf(p.id);
    expect(first).toMatchObject({
      position: 0,
      number: '1A',
      text: '推进产业转型升级，新增规上企业20家。',
      section: ['一、经济高质量发展'],
      deadline: '年底前',
      leaders: ['王某'],
      confidence: 'high',
    });
    expect(first?.assignments).toEqual([
      { unit: '区更正住建局', role: 'lead', level: 'district', clause: 0 },
      { unit: '区更正经信局', role: 'co', level: 'city', clause: 0 },
    ]);
    // Indicators are read again from the corrected text.
    expect(first?.indicators.map((i) => i.value)).toEqual([20]);

    const preview = (await call<ImportPreview>(clerk, 'GET', `/imports/${p.id}`)).json;
    expect(preview.corrections).toBe(1);
    expect(preview.units.find((u) => u.name === '区更正住建局')?.match).toBe('exact');
    // 区更正发改局 still leads task 3; the section renamed shows in the counts.
    expect(preview.units.find((u) => u.name === '区更正发改局')?.taskCount).toBe(1);
    expect(preview.sources[0]?.sections.map((s) => [s.path[0], s.taskCount])).toEqual(
      expect.arrayContaining([
        ['一、经济发展', 2],
        ['一、经济高质量发展', 1],
      ]),
    );
  });

  it('splits, merges, deletes and adds; undo takes back the last; reset restores the parser’s draft', async () => {
    const p = await upload();
    const parsed = await tasksOf(p.id);
    expect(parsed.map((x) => x.number)).toEqual(['1', '2', '3', '4', '5']);

    const split = await correct(p.id, { kind: 'split', position: 1, offset: '建设创新平台。'.length });
    expect(split.status).toBe(200);
    let now = await tasksOf(p.id);
    expect(now.map((x) => [x.position, x.number, x.text])).toEqual([
      [0, '1', '推进产业升级。'],
      [1, '2', '建设创新平台。'],
      [2, null, '完成科技园区建设。'],
      [3, '3', '本项说明不是任务。'],
      [4, '4', '新建学校3所。'],
      [5, '5', '加强安全生产工作'],
    ]);
    expect(now[2]?.assignments.map((a) => a.unit)).toEqual(['区更正科技局']);

    expect((await correct(p.id, { kind: 'delete', position: 3 })).status).toBe(200);
    expect((await correct(p.id, { kind: 'merge', position: 1 })).status).toBe(200);
    const added = await correct(p.id, {
      kind: 'add',
      position: 4,
      task: {
        text: '建成口袋公园10个。',
        number: '6',
        assignments: [{ unit: '区更正园林局', role: 'lead', level: 'district' }],
      },
    });
    expect(added.status).toBe(200);
    expect(added.json.corrections).toBe(4);
    now = await tasksOf(p.id);
    expect(now.map((x) => [x.number, x.text])).toEqual([
      ['1', '推进产业升级。'],
      ['2', '建设创新平台。完成科技园区建设。'],
      ['4', '新建学校3所。'],
      ['5', '加强安全生产工作'],
      ['6', '建成口袋公园10个。'],
    ]);
    // The added task takes its attachment and section from the task before it.
    expect(now[4]).toMatchObject({ source: 1, section: ['二、民生保障'], line: now[3]?.line });
    expect(now[4]?.indicators.map((i) => i.value)).toEqual([10]);

    let preview = (await call<ImportPreview>(clerk, 'GET', `/imports/${p.id}`)).json;
    expect(preview.taskCount).toBe(5);
    expect(preview.sources[0]?.taskCount).toBe(5);
    expect(preview.units.map((u) => u.name)).toContain('区更正园林局');

    const undo = await call<ImportCorrectionUndoResult>(clerk, 'POST', `/imports/${p.id}/corrections/undo`);
    expect(undo.status).toBe(200);
    expect(undo.json.undone.map((c) => [c.sequence, c.kind])).toEqual([[4, 'add']]);
    expect(undo.json.corrections).toBe(3);
    now = await tasksOf(p.id);
    expect(now.map((x) => x.number)).toEqual(['1', '2', '4', '5']);
    preview = (await call<ImportPreview>(clerk, 'GET', `/imports/${p.id}`)).json;
    expect(preview.units.map((u) => u.name)).not.toContain('区更正园林局');

    const reset = await call<ImportCorrectionUndoResult>(clerk, 'POST', `/imports/${p.id}/corrections/reset`);
    expect(reset.status).toBe(200);
    expect(reset.json.undone.map((c) => c.sequence)).toEqual([3, 2, 1]);
    expect(reset.json.corrections).toBe(0);
    expect(await tasksOf(p.id)).toEqual(parsed);
    preview = (await call<ImportPreview>(clerk, 'GET', `/imports/${p.id}`)).json;
    expect(preview.taskCount).toBe(5);
    expect(preview.corrections).toBe(0);

    // Nothing left to undo: a clear 409.
    const none = await call<{ error: { code: string } }>(clerk, 'POST', `/imports/${p.id}/corrections/undo`);
    expect(none.status).toBe(409);
    expect(none.json.error.code).toBe('nothing_to_undo');

    // The history keeps every correction with what came before and after, undone ones marked.
    const list = await call<ImportCorrectionList>(clerk, 'GET', `/imports/${p.id}/corrections`);
    expect(list.json.active).toBe(0);
    expect(list.json.items.map((c) => [c.sequence, c.kind, c.before.length, c.after.length])).toEqual([
      [1, 'split', 1, 2],
      [2, 'delete', 1, 0],
      [3, 'merge', 2, 1],
      [4, 'add', 0, 1],
    ]);
    expect(list.json.items.every((c) => c.undoneAt !== null)).toBe(true);
  });

  it('lists only the doubtful tasks when asked', async () => {
    const p = await upload();
    const doubtful = (await call<DraftTaskPage>(clerk, 'GET', `/imports/${p.id}/tasks?doubtful=true`)).json;
    expect(doubtful.total).toBe(1);
    expect(doubtful.items.map((x) => [x.position, x.number, x.confidence])).toEqual([[4, '5', 'low']]);
    // Once the office gives it a unit, it is no longer in doubt.
    await correct(p.id, {
      kind: 'edit',
      position: 4,
      changes: { assignments: [{ unit: '区更正应急局', role: 'lead', level: 'district' }] },
    });
    expect((await call<DraftTaskPage>(clerk, 'GET', `/imports/${p.id}/tasks?doubtful=true`)).json.total).toBe(0);
  });

  it('confirms the corrected draft: the plan has the corrected tasks and units; the history stays', async () => {
    const p = await upload();
    await correct(p.id, {
      kind: 'edit',
      position: 0,
      changes: {
        assignments: [
          { unit: '区更正住建局', role: 'lead', level: 'district' },
          { unit: '区更正经信局', role: 'responsible', level: 'district' },
        ],
      },
    });
    await correct(p.id, { kind: 'split', position: 1, offset: 7 });
    await correct(p.id, { kind: 'delete', position: 3 });
    await correct(p.id, {
      kind: 'edit',
      position: 4,
      changes: { assignments: [{ unit: '区更正应急局', role: 'lead', level: 'district' }] },
    });
    const preview = (await call<ImportPreview>(clerk, 'GET', `/imports/${p.id}`)).json;
    const names = preview.units.filter((u) => u.match === 'new').map((u) => u.name);
    // 区更正发改局 named only by the deleted task and the edited one: gone from the units to approve.
    expect(names).not.toContain('区更正发改局');
    expect(names).toContain('区更正应急局');
    const confirmed = await call<{ planId: string }>(clerk, 'POST', `/imports/${p.id}/confirm`, {
      approveNewUnits: names,
    });
    expect(confirmed.status).toBe(200);
    const planTasks = (
      await call<{ items: TaskSummary[] }>(clerk, 'GET', `/tasks?planId=${confirmed.json.planId}&pageSize=500`)
    ).json.items.sort((a, b) => a.position - b.position);
    expect(planTasks.map((x) => [x.number, x.text])).toEqual([
      ['1', '推进产业升级。'],
      ['2', '建设创新平台。'],
      [null, '完成科技园区建设。'],
      ['4', '新建学校3所。'],
      ['5', '加强安全生产工作'],
    ]);
    expect(planTasks[0]?.assignments.map((a) => [a.unit.name, a.role])).toEqual([
      ['区更正住建局', 'lead'],
      ['区更正经信局', 'responsible'],
    ]);
    expect(planTasks[4]?.assignments.map((a) => [a.unit.name, a.role])).toEqual([['区更正应急局', 'lead']]);
    expect(planTasks.flatMap((x) => x.assignments.map((a) => a.unit.name))).not.toContain('区更正发改局');

    // A confirmed draft refuses corrections, bilingual; its history is still there to measure the parser.
    const late = await correct(p.id, { kind: 'delete', position: 0 });
    expect(late.status).toBe(409);
    const lateEn = await call<{ error: { code: string; message: string } }>(
      clerk,
      'POST',
      `/imports/${p.id}/corrections`,
      { kind: 'delete', position: 0 },
      'en',
    );
    expect(lateEn.json.error.message).toMatch(/already been confirmed/);
    expect((late.json as unknown as { error: { message: string } }).error.message).toMatch(/已经确认/);
    expect((await call(clerk, 'POST', `/imports/${p.id}/corrections/undo`)).status).toBe(409);
    const list = await call<ImportCorrectionList>(clerk, 'GET', `/imports/${p.id}/corrections`);
    expect(list.json.active).toBe(4);
  });

  it('refuses bad bodies and positions out of range, writing nothing', async () => {
    const p = await upload();
    const before = await tasksOf(p.id);
    const cases: [unknown, number, string?][] = [
      [{ kind: 'rename', position: 0 }, 400],
      [{ kind: 'edit', position: 0, changes: {} }, 400],
      [{ kind: 'edit', position: -1, changes: { text: 'x' } }, 400],
      [{ kind: 'edit', position: 0, changes: { text: '   ' } }, 400],
      [{ kind: 'edit', position: 0, changes: { text: '推进产业升级。' } }, 400, 'correction_changes_nothing'],
      [
        {
          kind: 'edit',
          position: 0,
          changes: {
            assignments: [
              { unit: '区甲局', role: 'lead', level: null },
              { unit: '区甲局', role: 'co', level: null },
            ],
          },
        },
        400,
      ],
      [{ kind: 'edit', position: 0, changes: { assignments: [{ unit: '区甲局', role: 'boss', level: null }] } }, 400],
      [{ kind: 'edit', position: 5, changes: { text: '新文字' } }, 404, 'draft_task_not_found'],
      [{ kind: 'split', position: 0, offset: 0 }, 400],
      [{ kind: 'split', position: 0, offset: 99 }, 400, 'split_offset_out_of_range'],
      [{ kind: 'merge', position: 4 }, 400, 'merge_without_next'],
      [{ kind: 'merge', position: 9 }, 404, 'draft_task_not_found'],
      [{ kind: 'delete', position: 5 }, 404],
      [{ kind: 'add', position: 6, task: { text: '新任务', assignments: [] } }, 404],
      [{ kind: 'add', position: 0, task: { text: '新任务', assignments: [], source: 3 } }, 400, 'unknown_source'],
      [{ kind: 'add', position: 0, task: { assignments: [] } }, 400],
    ];
    for (const [body, status, code] of cases) {
      const res = await call<{ error: { code: string; message: string } }>(
        clerk,
        'POST',
        `/imports/${p.id}/corrections`,
        body,
      );
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (code) expect(res.json.error.code, JSON.stringify(body)).toBe(code);
      expect(res.json.error.message.length).toBeGreaterThan(0);
      const en = await call<{ error: { message: string } }>(clerk, 'POST', `/imports/${p.id}/corrections`, body, 'en');
      expect(en.json.error.message, JSON.stringify(body)).not.toBe(res.json.error.message);
    }
    expect(await tasksOf(p.id)).toEqual(before);
    expect(await t.db.select().from(importCorrections).where(eq(importCorrections.draftId, p.id))).toHaveLength(0);
    // No draft: 404.
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await correct(missing, { kind: 'delete', position: 0 })).status).toBe(404);
    expect((await call(clerk, 'GET', `/imports/${missing}/corrections`)).status).toBe(404);
  });

  it('lets only the office correct: a unit user gets 403, no session 401', async () => {
    const p = await upload();
    for (const [method, path, body] of [
      ['POST', `/imports/${p.id}/corrections`, { kind: 'delete', position: 0 }],
      ['POST', `/imports/${p.id}/corrections/undo`, undefined],
      ['POST', `/imports/${p.id}/corrections/reset`, undefined],
      ['GET', `/imports/${p.id}/corrections`, undefined],
    ] as const) {
      expect((await call(unitUser, method, path, body)).status, path).toBe(403);
      expect((await call(null, method, path, body)).status, path).toBe(401);
    }
    expect(await tasksOf(p.id)).toHaveLength(5);
  });

  it('writes an audit entry for each correction, undo and reset', async () => {
    const p = await upload();
    await correct(p.id, { kind: 'delete', position: 2 });
    await correct(p.id, { kind: 'merge', position: 0 });
    await call(clerk, 'POST', `/imports/${p.id}/corrections/undo`);
    await call(clerk, 'POST', `/imports/${p.id}/corrections/reset`);
    const entries = await t.db
      .select({ action: auditEntries.action, details: auditEntries.details })
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectType, 'source_document'), eq(auditEntries.subjectId, p.id)));
    expect(entries.map((e) => e.action)).toEqual([
      'import.preview',
      'import.correct',
      'import.correct',
      'import.correction_undo',
      'import.correction_reset',
    ]);
    expect(entries[1]?.details).toMatchObject({ kind: 'delete', position: 2, after: [] });
    // Positions stay 0..n-1 after every move.
    const rows = await t.db
      .select({ position: importDraftTasks.position })
      .from(importDraftTasks)
      .where(eq(importDraftTasks.draftId, p.id));
    expect(rows.map((r) => r.position).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses to correct an expired draft (410)', async () => {
    const p = await upload();
    clock.advance(8 * 24 * 60 * 60 * 1000);
    // The week also ended the session: sign in again.
    clerk = await signIn(app, clerkName);
    const res = await call<{ error: { code: string } }>(clerk, 'POST', `/imports/${p.id}/corrections`, {
      kind: 'delete',
      position: 0,
    });
    expect(res.status).toBe(410);
    expect(res.json.error.code).toBe('import_draft_expired');
    expect((await call(clerk, 'POST', `/imports/${p.id}/corrections/reset`)).status).toBe(410);
  });
});
