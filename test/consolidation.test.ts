// Lead and co-units: co-units report first, the lead unit consolidates, the status rolls up.

import { beforeAll, expect, it } from 'vitest';
import type { Period, Submission, TaskPeriodReport, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('lead and co-units', (t) => {
  let app: App;
  let clerk: Caller;
  const staff: Record<string, Caller> = {};
  const leaders: Record<string, Caller> = {};
  let q1: Period;
  let task: TaskSummary; // district task 8: 区发改局、区城运中心、区科服中心 (the first listed leads only where stated)
  let url: string;

  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url: path,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });

  /** The unit fills its item on the task, sends, and its leader signs. */
  async function report(unit: string, status: string) {
    const pkg: Submission = (await send('GET', `/api/v1/periods/${q1.id}/submission`, staff[unit] as Caller)).json();
    const item = pkg.items.find((i) => i.task.id === task.id) as Submission['items'][number];
    await send('PATCH', `/api/v1/item-reports/${item.id}`, staff[unit] as Caller, {
      version: item.version,
      status,
      ...(status === 'lagging' || status === 'blocked' ? { lagReasons: ['funding'] } : {}),
      progress: `${unit}已推进`,
    });
    await markRestNoProgress(app, staff[unit] as Caller, pkg.id);
    await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff[unit] as Caller);
    const signed = await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leaders[unit] as Caller);
    expect(signed.json().status).toBe('submitted');
  }

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    q1 = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    // City task 6: 市发改委、市经信局 lead at city level; 区发改局、区经科局 lead at district level.
    const list = (
      await send('GET', `/api/v1/tasks?planId=${planId}&q=${encodeURIComponent('着眼工业经济转型升级')}`, clerk)
    ).json();
    task = list.items[0];
    url = `/api/v1/tasks/${task.id}/periods/${q1.id}/report`;
    for (const name of ['区发改局', '区经科局', '区统计局']) {
      const unitId = units.find((u) => u.name === name)?.id;
      staff[name] = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId })).username);
      leaders[name] = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId })).username);
    }
  });

  it('shows the lead every unit’s report, a co-unit only its own, a stranger nothing', async () => {
    expect(task.assignments.filter((a) => a.role === 'lead').map((a) => a.unit.name)).toContain('区发改局');
    const asLead = (await send('GET', url, staff['区发改局'] as Caller)).json();
    expect(asLead.units.map((u: { unit: { name: string } }) => u.unit.name)).toEqual(
      expect.arrayContaining(['区发改局', '区经科局']),
    );
    // Nobody has reported yet: no roll-up (未报送), not 未启动.
    expect(asLead.rollup).toBeNull();
    expect((await send('GET', url, staff['区统计局'] as Caller)).statusCode).toBe(404);
  });

  it('keeps a unit’s unsigned draft from the lead unit and out of the roll-up; its own staff and the office see it', async () => {
    const pkg: Submission = (
      await send('GET', `/api/v1/periods/${q1.id}/submission`, staff['区经科局'] as Caller)
    ).json();
    const item = pkg.items.find((i) => i.task.id === task.id) as Submission['items'][number];
    const draft = { status: 'blocked', progress: '区经科局草稿：数据尚未核实' };
    const saved = await send('PATCH', `/api/v1/item-reports/${item.id}`, staff['区经科局'] as Caller, {
      version: item.version,
      ...draft,
      lagReasons: ['approvals'],
    });
    expect(saved.statusCode).toBe(200);
    const rowOf = (report: TaskPeriodReport) => report.units.find((u) => u.unit.name === '区经科局');

    const asLead: TaskPeriodReport = (await send('GET', url, staff['区发改局'] as Caller)).json();
    expect(rowOf(asLead)).toMatchObject({ submissionStatus: 'draft', status: null, progress: null, withheld: true });
    expect(JSON.stringify(asLead)).not.toContain('草稿');
    expect(asLead.rollup).toBeNull();
    // Sent for sign-off is not signed either.
    await markRestNoProgress(app, staff['区经科局'] as Caller, pkg.id);
    await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff['区经科局'] as Caller);
    const pending: TaskPeriodReport = (await send('GET', url, leaders['区发改局'] as Caller)).json();
    expect(rowOf(pending)).toMatchObject({ submissionStatus: 'pending_signoff', progress: null, withheld: true });

    const own: TaskPeriodReport = (await send('GET', url, staff['区经科局'] as Caller)).json();
    expect(rowOf(own)).toMatchObject({ ...draft, withheld: false });
    const office: TaskPeriodReport = (await send('GET', url, clerk)).json();
    expect(rowOf(office)).toMatchObject({ ...draft, withheld: false });
    // The roll-up is of signed reports, whoever reads it.
    expect([own.rollup, office.rollup]).toEqual([null, null]);
  });

  it('makes the lead wait for the other units, then consolidates and rolls up', async () => {
    const early = await send('PUT', url, staff['区发改局'] as Caller, { status: 'on_track', summary: '总体序时推进' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('co_units_pending');
    // Only the district's own units are waited for; 市发改委 and 市经信局 report elsewhere.
    expect(early.json().error.details.pending).toEqual(['区经科局']);
    await report('区经科局', 'lagging');
    // On district task 8 区发改局 is one of three responsible units, not a lead.
    const list = (await send('GET', `/api/v1/tasks?q=${encodeURIComponent('零号员工')}`, clerk)).json();
    const notLead = await send(
      'PUT',
      `/api/v1/tasks/${list.items[0].id}/periods/${q1.id}/report`,
      staff['区发改局'] as Caller,
      {
        status: 'on_track',
        summary: '不是牵头单位',
      },
    );
    expect(notLead.json().error.code).toBe('not_lead_unit');
    const done = await send('PUT', url, staff['区发改局'] as Caller, {
      status: 'lagging',
      summary: '区经科局部分项目滞后，已督促。',
    });
    expect(done.statusCode).toBe(200);
    // Signed: now the lead unit reads it.
    expect(done.json().units.find((u: { unit: { name: string } }) => u.unit.name === '区经科局')).toMatchObject({
      status: 'lagging',
      progress: '区经科局已推进',
      withheld: false,
    });
    expect(done.json()).toMatchObject({
      consolidated: { unit: { name: '区发改局' }, status: 'lagging' },
      rollup: 'lagging',
    });
    const office = (await send('GET', url, clerk)).json();
    expect(office.consolidated.summary).toBe('区经科局部分项目滞后，已督促。');
  });
});
