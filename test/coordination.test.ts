// Coordination requests: a unit escalates, the office routes to a district leader, who answers;
// every refused step — on every database.

import { beforeAll, expect, it } from 'vitest';
import type { Coordination, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('coordination requests', (t) => {
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let stranger: Caller;
  let leader: Caller;
  let otherLeader: Caller;
  let staffId: string;
  let leaderId: string;
  let taskId: string;
  let request: Coordination;

  const post = (url: string, caller: Caller, payload: object = {}) =>
    app.inject({ method: 'POST', url, headers: caller.headers, payload });
  const list = (caller: Caller, q = '') =>
    app.inject({ url: `/api/v1/coordination-requests${q}`, headers: { cookie: caller.cookie } });

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    await importSample(app, clerk);
    const units = (await app.inject({ url: '/api/v1/units', headers: { cookie: clerk.cookie } })).json().items as {
      id: string;
      name: string;
    }[];
    const staffUser = await makeUser(t.db, 'unit_staff', { unitId: units.find((u) => u.name === '区水务局')?.id });
    staffId = staffUser.id;
    staff = await signIn(app, staffUser.username);
    stranger = await signIn(
      app,
      (await makeUser(t.db, 'unit_staff', { unitId: units.find((u) => u.name === '区教育局')?.id })).username,
    );
    const exec = await makeUser(t.db, 'executive');
    leaderId = exec.id;
    leader = await signIn(app, exec.username);
    otherLeader = await signIn(app, (await makeUser(t.db, 'executive')).username);
    const mine = (
      await app.inject({ url: '/api/v1/my/assignments?pageSize=100', headers: { cookie: staff.cookie } })
    ).json().items as TaskSummary[];
    taskId = mine.find((x) => x.text.includes('排水'))?.id as string;
  });

  it('lets a unit raise a request on its own task only', async () => {
    const res = await post('/api/v1/coordination-requests', staff, {
      taskId,
      title: '管网改造涉及道路占用审批',
      body: '秦园路连通管道施工需占用城市道路，需区城管局、区住更局协调审批。',
    });
    expect(res.statusCode).toBe(200);
    request = res.json();
    expect(request).toMatchObject({ status: 'open', unit: { name: '区水务局' }, routedTo: null, answer: null });
    expect(
      (await post('/api/v1/coordination-requests', stranger, { taskId, title: '无关', body: '无关单位提出' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await post('/api/v1/coordination-requests', clerk, { taskId, title: '督查室', body: '督查室不提出' }))
        .statusCode,
    ).toBe(403);
    expect((await list(stranger)).json().items).toEqual([]);
  });

  it('is routed by the office to a district leader, who alone answers', async () => {
    expect(
      (await post(`/api/v1/coordination-requests/${request.id}/answer`, leader, { answer: '尚未转交' })).statusCode,
    ).toBe(404);
    expect(
      (await post(`/api/v1/coordination-requests/${request.id}/route`, staff, { executiveId: leaderId })).statusCode,
    ).toBe(403);
    // Only to a district leader's account: not to a unit's, nor to one that does not exist.
    for (const executiveId of [staffId, crypto.randomUUID()]) {
      const wrong = await post(`/api/v1/coordination-requests/${request.id}/route`, clerk, { executiveId });
      expect([wrong.statusCode, wrong.json().error.code]).toEqual([400, 'not_an_executive']);
    }
    const routed = await post(`/api/v1/coordination-requests/${request.id}/route`, clerk, { executiveId: leaderId });
    expect(routed.json()).toMatchObject({ status: 'routed', routedTo: { id: leaderId } });
    expect((await list(leader)).json().items.map((c: Coordination) => c.id)).toEqual([request.id]);
    expect((await list(otherLeader)).json().items).toEqual([]);
    expect(
      (await post(`/api/v1/coordination-requests/${request.id}/answer`, otherLeader, { answer: '不是我' })).statusCode,
    ).toBe(404);
    const answered = await post(`/api/v1/coordination-requests/${request.id}/answer`, leader, {
      answer: '请区城管局牵头，一周内完成占道审批。',
    });
    expect(answered.json()).toMatchObject({ status: 'answered', answer: '请区城管局牵头，一周内完成占道审批。' });
    expect(
      (await post(`/api/v1/coordination-requests/${request.id}/answer`, leader, { answer: '再答一次' })).statusCode,
    ).toBe(409);
    expect((await list(staff, '?status=answered')).json().items[0].answer).toBe('请区城管局牵头，一周内完成占道审批。');
  });

  it('is resolved by the raising unit or the office, once', async () => {
    expect((await post(`/api/v1/coordination-requests/${request.id}/resolve`, stranger)).statusCode).toBe(404);
    const done = await post(`/api/v1/coordination-requests/${request.id}/resolve`, staff);
    expect(done.json().status).toBe('resolved');
    expect(done.json().resolvedAt).not.toBeNull();
    expect((await post(`/api/v1/coordination-requests/${request.id}/resolve`, clerk)).statusCode).toBe(409);
  });
});
