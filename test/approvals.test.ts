// Approvals cannot be bypassed: once the office confirmed a ledger, a unit moves a milestone's
// date only through an approved 延期 request — not by editing it, not after a later edit made the ledger a draft
// again, not by deleting the milestone — and a refused request leaves the date as it was. Every edit's audit entry
// says what changed: `changes: { field: [old, new] }`, the same shape from every service.

import { beforeAll, expect, it } from 'vitest';
import type { Ledger, Period, Submission, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

interface Entry {
  action: string;
  subjectId: string | null;
  details: { changes?: Record<string, [unknown, unknown]> } | null;
}

describeEachDatabase('approvals and audited changes', (t) => {
  let app: App;
  let clerk: Caller;
  let admin: Caller;
  let staff: Caller;
  let planId: string;
  let zhugeng: string;
  let cityAssignment: string; // 区住更局 on city task 69
  let districtAssignment: string;

  const send = (method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const ledger = async (assignmentId: string): Promise<Ledger> =>
    (await send('GET', `/api/v1/assignments/${assignmentId}/ledger`, staff)).json();
  /** The newest audit entry of an action (on a subject). */
  const lastEntry = async (action: string, subjectId?: string): Promise<Entry> => {
    const query = `action=${encodeURIComponent(action)}${subjectId ? `&subjectId=${subjectId}` : ''}`;
    const res = await send('GET', `/api/v1/audit?${query}&page=1&pageSize=5`, admin);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items[0];
  };

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    admin = await signIn(app, (await makeUser(t.db, 'admin')).username);
    planId = await importSample(app, clerk);
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    zhugeng = units.find((u) => u.name === '区住更局')?.id as string;
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: zhugeng })).username);
    const mine = (await send('GET', `/api/v1/my/assignments?planId=${planId}&pageSize=500`, staff)).json()
      .items as TaskSummary[];
    const pick = (level: string, number: string) =>
      mine.find((x) => x.source.level === level && x.number === number)?.assignments.find((a) => a.unit.id === zhugeng)
        ?.id as string;
    cityAssignment = pick('city', '69');
    districtAssignment = pick('district', '36');
  });

  it('keeps a confirmed ledger’s milestone date until the office approves an extension', async () => {
    const saved = await send('PUT', `/api/v1/assignments/${cityAssignment}/ledger`, staff, {
      version: 0,
      measures: '分片区摸排停车资源。',
      responsiblePerson: '赵磊',
    });
    expect(saved.statusCode).toBe(200);
    const added = await send('POST', `/api/v1/assignments/${cityAssignment}/milestones`, staff, {
      title: '完成选址',
      dueOn: '2025-03-31',
    });
    const milestone = (added.json() as Ledger).milestones[0] as Ledger['milestones'][number];
    expect((await send('POST', `/api/v1/assignments/${cityAssignment}/ledger/submit`, staff)).statusCode).toBe(200);
    expect((await send('POST', `/api/v1/assignments/${cityAssignment}/ledger/confirm`, clerk)).json().status).toBe(
      'confirmed',
    );

    const request = await send('POST', `/api/v1/milestones/${milestone.id}/extensions`, staff, {
      newDueOn: '2025-06-30',
      reason: '选址需等待规划调整',
    });
    expect(request.json().status).toBe('pending');

    // The unit moves the date itself: refused, with the way to do it.
    const direct = await send('PATCH', `/api/v1/milestones/${milestone.id}`, staff, { dueOn: '2025-06-30' });
    expect(direct.statusCode).toBe(409);
    expect(direct.json().error.code).toBe('milestone_date_locked');
    expect(direct.json().error.message).toContain('申请延期');
    const english = await app.inject({
      method: 'PATCH',
      url: `/api/v1/milestones/${milestone.id}`,
      headers: { ...staff.headers, 'accept-language': 'en' },
      payload: { dueOn: '2025-06-30' },
    });
    expect(english.json().error.message).toMatch(/Request an extension/);

    // An edit of the measures makes the ledger a draft again; the date stays locked all the same.
    const edited = await send('PUT', `/api/v1/assignments/${cityAssignment}/ledger`, staff, {
      version: (await ledger(cityAssignment)).version,
      measures: '分片区摸排停车资源，新建立体停车场3处。',
    });
    expect(edited.json().status).toBe('draft');
    const again = await send('PATCH', `/api/v1/milestones/${milestone.id}`, staff, { dueOn: '2025-06-30' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'milestone_date_locked']);
    // Deleting the milestone and adding another is the same move.
    const deleted = await send('DELETE', `/api/v1/milestones/${milestone.id}`, staff);
    expect([deleted.statusCode, deleted.json().error.code]).toEqual([409, 'milestone_locked']);
    // The rest of the milestone is still the unit's: its title, its completion.
    const renamed = await send('PATCH', `/api/v1/milestones/${milestone.id}`, staff, {
      title: '完成选址和规划',
      dueOn: '2025-03-31',
    });
    expect(renamed.statusCode).toBe(200);

    // The office refuses: the date is the one it confirmed.
    const id = request.json().id;
    expect((await send('POST', `/api/v1/extension-requests/${id}/decide`, clerk, { approve: false })).statusCode).toBe(
      200,
    );
    expect((await ledger(cityAssignment)).milestones[0]?.dueOn).toBe('2025-03-31');

    // The office approves a new request: the date moves, and the entry says from what to what.
    const second = await send('POST', `/api/v1/milestones/${milestone.id}/extensions`, staff, {
      newDueOn: '2025-05-31',
      reason: '规划调整已批复',
    });
    await send('POST', `/api/v1/extension-requests/${second.json().id}/decide`, clerk, { approve: true });
    expect((await ledger(cityAssignment)).milestones[0]?.dueOn).toBe('2025-05-31');
    const approved = await lastEntry('extension.approve', second.json().id);
    expect(approved.details?.changes).toEqual({ dueOn: ['2025-03-31', '2025-05-31'] });

    const rename = await lastEntry('milestone.update', cityAssignment);
    expect(rename.details?.changes).toEqual({ title: ['完成选址', '完成选址和规划'] });
    const measures = await lastEntry('ledger.update', cityAssignment);
    expect(measures.details?.changes).toEqual({
      measures: ['分片区摸排停车资源。', '分片区摸排停车资源，新建立体停车场3处。'],
    });
  });

  it('lets a unit move its own dates before confirmation, but not while a request is pending', async () => {
    const added = await send('POST', `/api/v1/assignments/${districtAssignment}/milestones`, staff, {
      title: '方案印发',
      dueOn: '2025-04-30',
    });
    const milestone = (added.json() as Ledger).milestones[0] as Ledger['milestones'][number];
    const moved = await send('PATCH', `/api/v1/milestones/${milestone.id}`, staff, { dueOn: '2025-05-15' });
    expect(moved.statusCode).toBe(200);
    expect((await lastEntry('milestone.update', districtAssignment)).details?.changes).toEqual({
      dueOn: ['2025-04-30', '2025-05-15'],
    });
    await send('POST', `/api/v1/milestones/${milestone.id}/extensions`, staff, {
      newDueOn: '2025-06-30',
      reason: '等待区政府常务会',
    });
    const during = await send('PATCH', `/api/v1/milestones/${milestone.id}`, staff, { dueOn: '2025-06-30' });
    expect([during.statusCode, during.json().error.code]).toEqual([409, 'milestone_date_locked']);
  });

  it('moves a date forward only, past the plan year as far as the office allows, showing both dates', async () => {
    const added = await send('POST', `/api/v1/assignments/${districtAssignment}/milestones`, staff, {
      title: '年度统计数据发布',
      dueOn: '2025-12-31',
    });
    const milestone = (added.json() as Ledger).milestones.find((m) => m.title === '年度统计数据发布');
    const ask = (newDueOn: string, lang = 'zh-CN') =>
      app.inject({
        method: 'POST',
        url: `/api/v1/milestones/${milestone?.id}/extensions`,
        headers: { ...staff.headers, 'accept-language': lang },
        payload: { newDueOn, reason: '统计数据次年公布' },
      });
    // Earlier is not an extension: refused in both languages, nothing written.
    const back = await ask('2025-12-30');
    expect([back.statusCode, back.json().error.code]).toEqual([400, 'date_not_later']);
    expect(back.json().error.message).toContain('应晚于当前时间节点（2025-12-31）');
    expect((await ask('2025-12-31', 'en')).json().error.message).toMatch(/later than the current one \(2025-12-31\)/);
    // Past the default limit (six months after the year) refused; within it accepted.
    const far = await ask('2026-07-01');
    expect([far.statusCode, far.json().error.code]).toEqual([400, 'date_past_extension_limit']);
    expect(far.json().error.message).toContain('2026-06-30');
    const mine = (await send('GET', '/api/v1/extension-requests', staff)).json().items as {
      milestone: { id: string };
    }[];
    expect(mine.filter((e) => e.milestone.id === milestone?.id)).toEqual([]);
    const march = await ask('2026-03-31');
    expect(march.statusCode, march.body).toBe(200);
    expect(march.json()).toMatchObject({ status: 'pending', fromDueOn: '2025-12-31', newDueOn: '2026-03-31' });
    expect((await lastEntry('extension.request', march.json().id)).details?.changes).toEqual({
      dueOn: ['2025-12-31', '2026-03-31'],
    });
    const decided = await send('POST', `/api/v1/extension-requests/${march.json().id}/decide`, clerk, {
      approve: true,
      note: '同意',
    });
    expect(decided.json()).toMatchObject({ status: 'approved', fromDueOn: '2025-12-31', newDueOn: '2026-03-31' });
    const entry = (await lastEntry('extension.approve', march.json().id)) as Entry & {
      details: { fromDueOn: string; newDueOn: string };
    };
    expect(entry.details).toMatchObject({ fromDueOn: '2025-12-31', newDueOn: '2026-03-31' });
    expect(entry.details.changes).toEqual({ dueOn: ['2025-12-31', '2026-03-31'] });

    // The office narrows the limit to one month: June is now too far.
    const settings = (await send('GET', '/api/v1/settings/supervision', clerk)).json();
    const put = await send('PUT', '/api/v1/settings/supervision', clerk, { ...settings, extensionMonthsPastYear: 1 });
    expect(put.statusCode, put.body).toBe(200);
    const june = await ask('2026-06-30');
    expect(june.json().error.message).toContain('2026-01-31');
    // The setting is checked: out of range is a clear 400.
    const bad = await send('PUT', '/api/v1/settings/supervision', clerk, { ...settings, extensionMonthsPastYear: 99 });
    expect(bad.statusCode).toBe(400);
  });

  it('records old and new values for edits in other services too', async () => {
    // An item of the unit's period submission.
    const q1: Period = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const pkg: Submission = (await send('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    const item = pkg.items[0] as Submission['items'][number];
    await send('PATCH', `/api/v1/item-reports/${item.id}`, staff, { version: item.version, progress: '已开工' });
    const after: Submission = (await send('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    const version = after.items.find((i) => i.id === item.id)?.version;
    await send('PATCH', `/api/v1/item-reports/${item.id}`, staff, { version, progress: '已完成主体工程' });
    expect((await lastEntry('submission.item_update', item.id)).details?.changes).toEqual({
      progress: ['已开工', '已完成主体工程'],
    });

    // A unit renamed in the directory.
    const renamed = await send('PATCH', `/api/v1/units/${zhugeng}`, clerk, { name: '区住房和城市更新局' });
    expect(renamed.statusCode).toBe(200);
    expect((await lastEntry('unit.update', zhugeng)).details?.changes).toEqual({
      name: ['区住更局', '区住房和城市更新局'],
    });

    // The office's supervision settings: only what changed.
    const settings = (await send('GET', '/api/v1/settings/supervision', clerk)).json();
    await send('PUT', '/api/v1/settings/supervision', clerk, { ...settings, behindMargin: 0.2 });
    expect((await lastEntry('settings.update')).details?.changes).toEqual({
      behindMargin: [settings.behindMargin, 0.2],
    });
  });
});
