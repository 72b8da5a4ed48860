// Receipt (签收): acknowledge, dispute, reassign or uphold with history; who may do which — on every database.

import { beforeAll, expect, it } from 'vitest';
import type { Receipt } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('receipt of assigned tasks', (t) => {
  let app: App;
  let clerk: Caller;
  let fagai: Caller;
  let jingke: Caller;
  let fagaiId: string;
  let jingkeId: string;
  let mine: Receipt[];

  const post = (url: string, caller: Caller, payload: object = {}) =>
    app.inject({ method: 'POST', url, headers: caller.headers, payload });
  const get = (url: string, caller: Caller) => app.inject({ url, headers: { cookie: caller.cookie } });

  const clock = fakeClock();
  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    await importSample(app, clerk);
    const units = (await get('/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    fagaiId = units.find((u) => u.name === '区发改局')?.id as string;
    jingkeId = units.find((u) => u.name === '区经科局')?.id as string;
    fagai = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagaiId })).username);
    jingke = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: jingkeId })).username);
  });

  it('starts every assignment pending and shows a unit only its own', async () => {
    const res = (await get('/api/v1/receipts?pageSize=500', fagai)).json();
    mine = res.items;
    expect(res.total).toBe(mine.length);
    expect(mine.length).toBeGreaterThan(40);
    expect(mine.every((r) => r.unit.name === '区发改局' && r.status === 'pending')).toBe(true);
    const all = (await get('/api/v1/receipts?status=pending&pageSize=1', clerk)).json();
    // 690 printed assignments less the 23 printed for collectives, which wait for group members.
    expect(all.total).toBe(667);
  });

  it('acknowledges once; a second time is a conflict', async () => {
    const id = mine[0]?.assignmentId;
    const ok = await post(`/api/v1/assignments/${id}/acknowledge`, fagai);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'acknowledged', note: null });
    expect(ok.json().answeredAt).not.toBeNull();
    const again = await post(`/api/v1/assignments/${id}/acknowledge`, fagai);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('receipt_already_answered');
  });

  it('lets a unit dispute with a reason, and the office see it', async () => {
    const id = mine[1]?.assignmentId;
    expect((await post(`/api/v1/assignments/${id}/dispute`, fagai, { reason: '' })).statusCode).toBe(400);
    const res = await post(`/api/v1/assignments/${id}/dispute`, fagai, { reason: '非本单位职责' });
    expect(res.json()).toMatchObject({ status: 'disputed', note: '非本单位职责' });
    const disputed = (await get('/api/v1/receipts?status=disputed', clerk)).json();
    expect(disputed.items.map((r: Receipt) => r.assignmentId)).toEqual([id]);
  });

  it('refuses answers from other units (404), from the office (403) and reassignment by units (403)', async () => {
    const id = mine[2]?.assignmentId;
    expect((await post(`/api/v1/assignments/${id}/acknowledge`, jingke)).statusCode).toBe(404);
    expect((await post(`/api/v1/assignments/${id}/acknowledge`, clerk)).statusCode).toBe(403);
    expect(
      (await post(`/api/v1/assignments/${id}/reassign`, fagai, { unitId: jingkeId, reason: '改派' })).statusCode,
    ).toBe(403);
    expect((await get(`/api/v1/assignments/${id}/history`, jingke)).statusCode).toBe(404);
  });

  it('reassigns a disputed assignment: it moves, goes back to pending, and keeps its history', async () => {
    const disputedId = mine[1]?.assignmentId as string;
    const same = await post(`/api/v1/assignments/${disputedId}/reassign`, clerk, { unitId: fagaiId, reason: '原单位' });
    expect(same.json().error.code).toBe('reassign_to_same_unit');
    const task = mine[1]?.task.id;
    const holders = (await get(`/api/v1/tasks/${task}`, clerk)).json().assignments as { unit: { id: string } }[];
    const target = holders.some((h) => h.unit.id === jingkeId) ? undefined : jingkeId;
    if (!target) throw new Error('pick a task that 区经科局 does not hold');
    clock.advance(60_000);
    const moved = await post(`/api/v1/assignments/${disputedId}/reassign`, clerk, {
      unitId: target,
      reason: '应由区经科局承担',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'pending', unit: { name: '区经科局' }, note: null });
    const history = (await get(`/api/v1/assignments/${disputedId}/history`, jingke)).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['dispute', 'reassign']);
    expect(history[1]).toMatchObject({
      fromUnit: { name: '区发改局' },
      toUnit: { name: '区经科局' },
      note: '应由区经科局承担',
    });
    // The former unit still sees the history of what it gave away, but no longer the receipt.
    expect((await get(`/api/v1/assignments/${disputedId}/history`, fagai)).statusCode).toBe(200);
    const fagaiNow = (await get('/api/v1/receipts?pageSize=500', fagai)).json().items as Receipt[];
    expect(fagaiNow.some((r) => r.assignmentId === disputedId)).toBe(false);
    const jingkeNow = (await get('/api/v1/receipts?status=pending&pageSize=500', jingke)).json().items as Receipt[];
    expect(jingkeNow.some((r) => r.assignmentId === disputedId)).toBe(true);
  });

  it('upholds a dispute (维持原分工): the unit reads the reason and can sign for the task again', async () => {
    const id = mine[3]?.assignmentId as string;
    // Nothing to uphold before a dispute.
    const early = await post(`/api/v1/assignments/${id}/uphold`, clerk, { reason: '职责清单明确' });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'not_disputed']);
    await post(`/api/v1/assignments/${id}/dispute`, fagai, { reason: '非本单位职责' });
    expect((await post(`/api/v1/assignments/${id}/uphold`, fagai, { reason: '自己维持' })).statusCode).toBe(403);
    expect((await post(`/api/v1/assignments/${id}/uphold`, clerk, { reason: '' })).statusCode).toBe(400);
    clock.advance(60_000);
    const kept = await post(`/api/v1/assignments/${id}/uphold`, clerk, {
      reason: '区职责清单第12条明确由区发改局牵头',
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toMatchObject({
      status: 'pending',
      unit: { name: '区发改局' },
      upheld: { reason: '区职责清单第12条明确由区发改局牵头' },
    });
    // Back in the unit's list to sign for, with the office's reason beside it.
    const pending = (await get('/api/v1/receipts?status=pending&pageSize=500', fagai)).json().items as Receipt[];
    expect(pending.find((r) => r.assignmentId === id)?.upheld?.reason).toBe('区职责清单第12条明确由区发改局牵头');
    // The unit's bell says so at once.
    const bell = (await get('/api/v1/notifications', fagai)).json().items as { kind: string; body: string }[];
    expect(bell.find((n) => n.kind === 'dispute_decided')?.body).toContain('区职责清单第12条');
    const history = (await get(`/api/v1/assignments/${id}/history`, fagai)).json().items;
    expect(history.map((e: { action: string; note: string | null }) => [e.action, e.note])).toEqual([
      ['dispute', '非本单位职责'],
      ['uphold', '区职责清单第12条明确由区发改局牵头'],
    ]);
    expect((await post(`/api/v1/assignments/${id}/acknowledge`, fagai)).json().status).toBe('acknowledged');
    // Audited with the dispute it answered.
    const admin = await signIn(app, (await makeUser(t.db, 'admin')).username);
    const entries = (await get(`/api/v1/audit?action=assignment.uphold&subjectId=${id}`, admin)).json().items;
    expect(entries[0]?.details).toMatchObject({
      dispute: '非本单位职责',
      reason: '区职责清单第12条明确由区发改局牵头',
    });
  });
});
