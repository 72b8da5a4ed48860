// Importing the notice in one transaction, duplicates, revisions, races, bad files; unit scoping
// of what the plan shows — on every database.

import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview, PlanDetail, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type assignments, plans, sourceDocuments, tasks } from '../src/server/db/schema.js';
import { type Caller, makeApp, makeUser, multipart, SAMPLE_BYTES, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

const count = async (
  db: import('../src/server/db/client.js').Db,
  table: typeof plans | typeof tasks | typeof sourceDocuments | typeof assignments,
) => (await db.execute<{ n: number }>(sql`select count(*)::int as n from ${table}`)).rows[0]?.n ?? 0;

describeEachDatabase('importing a notice', (t) => {
  let app: App;
  let clerk: Caller;
  let preview: ImportPreview;
  let planId: string;

  const upload = (name: string, bytes: Uint8Array, caller = clerk) => {
    const body = multipart(name, bytes);
    return app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...caller.headers, ...body.headers },
      payload: body.payload,
    });
  };
  const confirm = (id: string, approveNewUnits: string[], caller = clerk) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/confirm`,
      headers: caller.headers,
      payload: { approveNewUnits },
    });

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
  });

  it('previews the sample: tasks per source and section, every unit matched, every warning', async () => {
    const res = await upload('wuchang.txt', SAMPLE_BYTES);
    expect(res.statusCode).toBe(200);
    preview = res.json();
    expect(preview.sources.map((s) => [s.level, s.taskCount])).toEqual([
      ['province', 35],
      ['city', 168],
      ['district', 68],
    ]);
    expect(preview.sources[1]?.sections[0]).toEqual({ path: ['一、经济社会发展主要预期目标'], taskCount: 3 });
    expect(preview.warningCount).toBe(8);
    expect(preview.warnings.items).toHaveLength(8);
    expect(preview.taskCount).toBe(271);
    expect(preview.tasks).toMatchObject({ total: 271, page: 1, pageSize: 50 });
    expect(preview.tasks.items).toHaveLength(50);
    expect(preview.units).toHaveLength(107);
    expect(preview.units.every((u) => u.match === 'new')).toBe(true);
    expect(preview.duplicateOf).toBeNull();
    expect(await count(t.db, plans)).toBe(0);
  });

  it('confirms nothing until every new unit is approved', async () => {
    const res = await confirm(
      preview.id,
      preview.units.slice(1).map((u) => u.name),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('new_units_not_approved');
    expect(res.json().error.details.missing).toEqual([preview.units[0]?.name]);
    expect(await count(t.db, plans)).toBe(0);
    expect(await count(t.db, tasks)).toBe(0);
  });

  it('writes the plan in one transaction; a second confirm gets 409', async () => {
    const names = preview.units.map((u) => u.name);
    const [a, b] = await Promise.all([confirm(preview.id, names), confirm(preview.id, names)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    planId = (a.statusCode === 200 ? a : b).json().planId;
    expect(await count(t.db, plans)).toBe(1);
    expect(await count(t.db, tasks)).toBe(271);
    const plan: PlanDetail = (
      await app.inject({ url: `/api/v1/plans/${planId}`, headers: { cookie: clerk.cookie } })
    ).json();
    expect(plan).toMatchObject({ docNo: '武昌政办〔2025〕1号', year: 2025, issuedOn: '2025-02-19', taskCount: 271 });
    expect(plan.sources.map((s) => s.taskCount)).toEqual([35, 168, 68]);
    const listed = (await app.inject({ url: '/api/v1/plans', headers: { cookie: clerk.cookie } })).json().items;
    expect(listed.find((p: { id: string }) => p.id === planId)?.taskCount).toBe(271);
    // Collectives became groups (members are added in the directory), not units.
    const groups = (await app.inject({ url: '/api/v1/unit-groups', headers: { cookie: clerk.cookie } })).json().items;
    expect(groups.map((g: { name: string }) => g.name).sort()).toEqual(
      ['区人民政府各部门', '区政府各部门', '各区人民政府', '各街道办事处', '民生实事牵头单位'].sort(),
    );
    const list = (
      await app.inject({ url: `/api/v1/tasks?planId=${planId}&pageSize=5`, headers: { cookie: clerk.cookie } })
    ).json();
    expect(list.total).toBe(271);
    expect(list.items[0]).toMatchObject({
      number: '1',
      text: '经济增长6%左右。',
      sectionPath: ['一、经济社会发展的主要预期目标'],
    });
  });

  it('serves a task with its units, indicators and section path', async () => {
    const list = (
      await app.inject({
        url: `/api/v1/tasks?planId=${planId}&q=${encodeURIComponent('推动中心城区转型做优')}`,
        headers: { cookie: clerk.cookie },
      })
    ).json();
    expect(list.total).toBe(1);
    const task = (
      await app.inject({ url: `/api/v1/tasks/${list.items[0].id}`, headers: { cookie: clerk.cookie } })
    ).json();
    expect(
      task.assignments.map((a: { unit: { name: string }; clause: number }) => `${a.unit.name}#${a.clause}`),
    ).toEqual(['市自然资源和城乡建设局#0', '区资建局#0', '市发改委#1', '区发改局#1', '市科技创新局#2', '区经科局#2']);
    expect(task.sectionPath).toHaveLength(3);
  });

  it('detects the same file uploaded again', async () => {
    const res = await upload('again.txt', SAMPLE_BYTES);
    expect(res.statusCode).toBe(200);
    expect(res.json().duplicateOf).toEqual({ planId, title: expect.stringContaining('责任分解方案的通知') });
    expect(res.json().units.every((u: { match: string }) => u.match !== 'new')).toBe(true);
  });

  it('shows what a revised notice changes, then applies it keeping the ids of unchanged tasks', async () => {
    const before = (
      await app.inject({ url: `/api/v1/tasks?planId=${planId}&pageSize=500`, headers: { cookie: clerk.cookie } })
    ).json().items as TaskSummary[];
    const revised = SAMPLE_BYTES.toString('utf8')
      .replace('1.经济增长6%左右。', '1.经济增长6.5%左右。')
      .replace(/^3\.居民消费价格涨幅2%左右。.*\n/m, '')
      .replace('(区级责任单位:区人民政府各部门,各街道办事处)', '(区级责任单位:区人民政府各部门,各街道办事处,区新设局)');
    const res = await upload('revised.txt', Buffer.from(revised));
    const p: ImportPreview = res.json();
    expect(p.revises?.planId).toBe(planId);
    expect(p.revises?.changes).toEqual({ added: 0, removed: 1, changed: 1 });
    expect(p.units.filter((u) => u.match === 'new').map((u) => u.name)).toEqual(['区新设局']);
    expect((await confirm(p.id, ['区新设局'])).json()).toEqual({ planId });
    const after = (
      await app.inject({ url: `/api/v1/tasks?planId=${planId}&pageSize=500`, headers: { cookie: clerk.cookie } })
    ).json().items as TaskSummary[];
    expect(after).toHaveLength(270);
    const first = after.find((x) => x.source.index === 1 && x.number === '1');
    expect(first?.text).toBe('经济增长6.5%左右。');
    expect(first?.id).toBe(before.find((x) => x.source.index === 1 && x.number === '1')?.id);
    expect(await count(t.db, plans)).toBe(1);
  });

  it('refuses an oversize upload, a non-notice and a non-multipart body, writing nothing', async () => {
    const docs = await count(t.db, sourceDocuments);
    const big = await upload('big.txt', Buffer.alloc(10 * 1024 * 1024 + 10, 0x41));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('file_too_large');
    const prose = await upload('prose.txt', Buffer.from('这是一封普通的信。\n祝好。'));
    expect(prose.statusCode).toBe(400);
    expect(prose.json().error.code).toBe('not_a_notice');
    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: clerk.headers,
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('multipart_expected');
    expect(await count(t.db, sourceDocuments)).toBe(docs);
  });

  it('previews what it could read of a doubtful file instead of refusing it (partial beats nothing)', async () => {
    // Before issue 14 both files were refused as not_a_notice; now the office sees what was read and corrects it.
    const numbered = await upload(
      'numbered.txt',
      Buffer.from('2026年工作要点\n1.推进垃圾分类。\n2.建设口袋公园10个。\n'),
    );
    expect(numbered.statusCode).toBe(200);
    const p: ImportPreview = numbered.json();
    expect(p.taskCount).toBe(2);
    expect(p.tasks.items.map((x) => x.confidence)).toEqual(['low', 'low']);
    expect(p.warnings.items.filter((w) => w.code === 'task_without_units')).toHaveLength(2);
    const notes = await upload('notes.txt', Buffer.from('工作安排\n牵头单位：区发改局\n'));
    expect(notes.statusCode).toBe(200);
    const partial: ImportPreview = notes.json();
    expect(partial.warnings.items.map((w) => w.code)).toContain('no_task_found');
    // A preview without a task is not a plan: confirming it is refused, and no plan is written.
    const plansBefore = await count(t.db, plans);
    const refused = await confirm(
      partial.id,
      partial.units.map((u) => u.name),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('import_without_tasks');
    expect(refused.json().error.message).toContain('没有任何任务');
    expect(await count(t.db, plans)).toBe(plansBefore);
  });

  describe('what each unit sees', () => {
    it('shows a unit user only the tasks of their unit, and 404 for any other', async () => {
      const plan: PlanDetail = (
        await app.inject({ url: `/api/v1/plans/${planId}`, headers: { cookie: clerk.cookie } })
      ).json();
      expect(plan.id).toBe(planId);
      const units = (await app.inject({ url: '/api/v1/units?q=区发改局', headers: { cookie: clerk.cookie } })).json()
        .items;
      const fagai = units.find((u: { name: string }) => u.name === '区发改局');
      const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagai.id })).username);
      const mine = (
        await app.inject({ url: '/api/v1/my/assignments?pageSize=500', headers: { cookie: staff.cookie } })
      ).json();
      expect(mine.total).toBe(fagai.assignmentCount > 0 ? mine.items.length : 0);
      expect(mine.total).toBeGreaterThan(40);
      for (const task of mine.items as TaskSummary[])
        expect(task.assignments.some((a) => a.unit.id === fagai.id)).toBe(true);
      const all = (await app.inject({ url: '/api/v1/tasks?pageSize=500', headers: { cookie: staff.cookie } })).json();
      expect(all.total).toBe(mine.total);
      const others = (
        await app.inject({ url: `/api/v1/tasks?planId=${planId}&pageSize=500`, headers: { cookie: clerk.cookie } })
      ).json().items as TaskSummary[];
      const foreign = others.find((x) => !x.assignments.some((a) => a.unit.id === fagai.id));
      const res = await app.inject({ url: `/api/v1/tasks/${foreign?.id}`, headers: { cookie: staff.cookie } });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
      const denied = await upload('x.txt', SAMPLE_BYTES, staff);
      expect(denied.statusCode).toBe(403);
    });
  });
});
