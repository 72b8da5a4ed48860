// The ledger (台账): measures and persons with a version check, milestones in the plan year, the
// district's share of upper-level indicators, submit / return / confirm — on every database.

import { inArray } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Ledger, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { units } from '../src/server/db/schema.js';
import { type Caller, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('ledgers', (t) => {
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let other: Caller;
  let cityAssignment: string; // 区住更局 on city task 69 (新增机动车停车泊位20万个)
  let districtAssignment: string;

  const send = (method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const zhugeng = units.find((u) => u.name === '区住更局')?.id as string;
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: zhugeng })).username);
    other = await signIn(
      app,
      (await makeUser(t.db, 'unit_staff', { unitId: units.find((u) => u.name === '区教育局')?.id })).username,
    );
    const mine = (await send('GET', `/api/v1/my/assignments?planId=${planId}&pageSize=500`, staff)).json()
      .items as TaskSummary[];
    const pick = (level: string, number: string) =>
      mine.find((x) => x.source.level === level && x.number === number)?.assignments.find((a) => a.unit.id === zhugeng)
        ?.id as string;
    cityAssignment = pick('city', '69');
    districtAssignment = pick('district', '36');
  });

  it('starts empty at version 0 and saves with the version read; a stale version is a 409 with the current ledger', async () => {
    const empty: Ledger = (await send('GET', `/api/v1/assignments/${cityAssignment}/ledger`, staff)).json();
    expect(empty).toMatchObject({ version: 0, status: 'draft', measures: '', milestones: [] });
    const saved = await send('PUT', `/api/v1/assignments/${cityAssignment}/ledger`, staff, {
      version: 0,
      measures: '分片区摸排停车资源，新建立体停车场3处。',
      responsiblePerson: '赵磊',
      phone: '027-88888888',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, responsiblePerson: '赵磊' });
    const stale = await send('PUT', `/api/v1/assignments/${cityAssignment}/ledger`, staff, {
      version: 0,
      measures: '覆盖',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect(stale.json().error.details.current.measures).toBe('分片区摸排停车资源，新建立体停车场3处。');
    expect(
      (await send('PUT', `/api/v1/assignments/${cityAssignment}/ledger`, staff, { version: 2, phone: 'call me' }))
        .statusCode,
    ).toBe(400);
  });

  it('keeps milestones inside the plan year', async () => {
    const bad = await send('POST', `/api/v1/assignments/${cityAssignment}/milestones`, staff, {
      title: '完成选址',
      dueOn: '2026-03-31',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('date_outside_plan_year');
    const ok = await send('POST', `/api/v1/assignments/${cityAssignment}/milestones`, staff, {
      title: '完成选址',
      dueOn: '2025-03-31',
    });
    const milestone = (ok.json() as Ledger).milestones[0];
    expect(milestone).toMatchObject({ title: '完成选址', dueOn: '2025-03-31', doneOn: null });
    const done = await send('PATCH', `/api/v1/milestones/${milestone?.id}`, staff, {
      doneOn: '2025-03-28',
      evidence: '选址批复文件',
    });
    expect((done.json() as Ledger).milestones[0]).toMatchObject({ doneOn: '2025-03-28', evidence: '选址批复文件' });
    expect((await send('PATCH', `/api/v1/milestones/${milestone?.id}`, other, { doneOn: null })).statusCode).toBe(404);
  });

  it('records the district’s share of a city indicator, and refuses one on a district task', async () => {
    const ledger: Ledger = (await send('GET', `/api/v1/assignments/${cityAssignment}/ledger`, staff)).json();
    expect(ledger.localTargets).toEqual([
      {
        indicatorId: expect.any(String),
        label: '新增机动车停车泊位',
        printed: { value: 200000, unit: '个', op: '=' },
        value: null,
      },
    ]);
    const set = await send('PUT', `/api/v1/assignments/${cityAssignment}/local-targets`, staff, {
      targets: [{ indicatorId: ledger.localTargets[0]?.indicatorId, value: 10000 }],
    });
    expect((set.json() as Ledger).localTargets[0]?.value).toBe(10000);
    const district = await send('PUT', `/api/v1/assignments/${districtAssignment}/local-targets`, staff, {
      targets: [],
    });
    expect(district.json().error.code).toBe('local_targets_not_applicable');
  });

  it('moves a milestone only through an approved extension request, keeping both dates', async () => {
    const ledger: Ledger = (await send('GET', `/api/v1/assignments/${cityAssignment}/ledger`, staff)).json();
    const milestone = ledger.milestones[0];
    const ask = (body: object, caller = staff) =>
      send('POST', `/api/v1/milestones/${milestone?.id}/extensions`, caller, body);
    expect((await ask({ newDueOn: '2026-07-01', reason: '跨年' })).json().error.code).toBe('date_past_extension_limit');
    expect((await ask({ newDueOn: '2025-06-30', reason: '别的单位' }, other)).statusCode).toBe(404);
    const req = await ask({ newDueOn: '2025-06-30', reason: '选址需等待规划调整' });
    expect(req.json()).toMatchObject({ status: 'pending', fromDueOn: '2025-03-31', newDueOn: '2025-06-30' });
    expect((await ask({ newDueOn: '2025-07-31', reason: '再申请' })).statusCode).toBe(409);
    const id = req.json().id;
    expect((await send('POST', `/api/v1/extension-requests/${id}/decide`, staff, { approve: true })).statusCode).toBe(
      403,
    );
    const pending = (await send('GET', '/api/v1/extension-requests?status=pending', clerk)).json().items;
    expect(pending.map((e: { id: string }) => e.id)).toEqual([id]);
    const approved = await send('POST', `/api/v1/extension-requests/${id}/decide`, clerk, {
      approve: true,
      note: '同意',
    });
    expect(approved.json()).toMatchObject({ status: 'approved', decisionNote: '同意' });
    const after: Ledger = (await send('GET', `/api/v1/assignments/${cityAssignment}/ledger`, staff)).json();
    expect(after.milestones[0]?.dueOn).toBe('2025-06-30');
    expect((await send('POST', `/api/v1/extension-requests/${id}/decide`, clerk, { approve: false })).statusCode).toBe(
      409,
    );
    const refused = (await ask({ newDueOn: '2025-09-30', reason: '再延一次' })).json();
    expect(
      (await send('POST', `/api/v1/extension-requests/${refused.id}/decide`, clerk, { approve: false })).json().status,
    ).toBe('refused');
    expect(
      ((await send('GET', `/api/v1/assignments/${cityAssignment}/ledger`, staff)).json() as Ledger).milestones[0]
        ?.dueOn,
    ).toBe('2025-06-30');
  });

  it('goes draft → submitted → returned → submitted → confirmed, with the office counting', async () => {
    expect(
      (await send('POST', `/api/v1/assignments/${districtAssignment}/ledger/submit`, staff)).json().error.code,
    ).toBe('ledger_incomplete');
    expect(
      (await send('POST', `/api/v1/assignments/${cityAssignment}/ledger/return`, clerk, { reason: '未提交' }))
        .statusCode,
    ).toBe(400);
    expect((await send('POST', `/api/v1/assignments/${cityAssignment}/ledger/submit`, staff)).json().status).toBe(
      'submitted',
    );
    expect((await send('POST', `/api/v1/assignments/${cityAssignment}/ledger/submit`, other)).statusCode).toBe(404);
    expect(
      (await send('POST', `/api/v1/assignments/${cityAssignment}/ledger/return`, staff, { reason: '自己退回' }))
        .statusCode,
    ).toBe(403);
    const returned = await send('POST', `/api/v1/assignments/${cityAssignment}/ledger/return`, clerk, {
      reason: '请补充时间节点',
    });
    expect(returned.json()).toMatchObject({ status: 'returned', returnedReason: '请补充时间节点' });
    expect((await send('POST', `/api/v1/assignments/${cityAssignment}/ledger/submit`, staff)).json().status).toBe(
      'submitted',
    );
    expect((await send('POST', `/api/v1/assignments/${cityAssignment}/ledger/confirm`, clerk)).json().status).toBe(
      'confirmed',
    );
    const counts = (await send('GET', '/api/v1/ledgers/completeness', clerk)).json().items as {
      unit: { name: string };
      filled: number;
      submitted: number;
      withMilestones: number;
    }[];
    expect(counts.find((c) => c.unit.name === '区住更局')).toMatchObject({
      filled: 1,
      submitted: 1,
      withMilestones: 1,
    });
    expect((await send('GET', '/api/v1/ledgers/completeness', staff)).statusCode).toBe(403);
  });

  it('counts in 台账完成情况 only units that report here, not the city and province departments', async () => {
    const counts = (await send('GET', '/api/v1/ledgers/completeness', clerk)).json().items as {
      unit: { name: string };
    }[];
    const above = (
      await t.db
        .select({ name: units.name })
        .from(units)
        .where(inArray(units.level, ['city', 'province', 'national']))
    ).map((u) => u.name);
    // The sample names 市发改委, 团市委 … as the city's lead units: they fill no district ledger.
    expect(above).toEqual(expect.arrayContaining(['市发改委', '团市委']));
    expect(counts.filter((c) => above.includes(c.unit.name)).map((c) => c.unit.name)).toEqual([]);
    expect(counts.some((c) => c.unit.name === '区住更局')).toBe(true);
  });
});
