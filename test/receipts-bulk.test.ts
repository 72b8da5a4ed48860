// 批量签收 (POST /receipts/acknowledge): all or nothing, the single path's policy per row, bounded — on every database.

import { beforeAll, expect, it } from 'vitest';
import { MAX_BULK_ACKNOWLEDGE, type Receipt } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('bulk receipt (批量签收)', (t) => {
  let app: App;
  let clerk: Caller;
  let admin: Caller;
  let fagai: Caller;
  let jingke: Caller;
  let mine: Receipt[];
  let theirs: Receipt[];

  const acknowledge = (caller: Caller, assignmentIds: unknown) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/receipts/acknowledge',
      headers: caller.headers,
      payload: { assignmentIds },
    });
  const get = (url: string, caller: Caller) => app.inject({ url, headers: { cookie: caller.cookie } });
  const pending = async (caller: Caller) =>
    (await get('/api/v1/receipts?status=pending&pageSize=500', caller)).json().items as Receipt[];
  const auditCount = async () =>
    (await get('/api/v1/audit?action=receipt.acknowledge&pageSize=1', admin)).json().total as number;

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    admin = await signIn(app, (await makeUser(t.db, 'admin')).username);
    await importSample(app, clerk);
    const units = (await get('/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const unitId = (name: string) => units.find((u) => u.name === name)?.id as string;
    fagai = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unitId('区发改局') })).username);
    jingke = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: unitId('区经科局') })).username);
    mine = await pending(fagai);
    theirs = await pending(jingke);
    expect(mine.length).toBeGreaterThan(40);
    expect(theirs.length).toBeGreaterThan(0);
  });

  it('refuses another unit’s assignment among its own: 404 naming it, nothing written', async () => {
    const before = await auditCount();
    const foreign = theirs[0]?.assignmentId as string;
    const res = await acknowledge(fagai, [mine[0]?.assignmentId, foreign, mine[1]?.assignmentId]);
    expect(res.statusCode).toBe(404);
    const { error } = res.json();
    expect(error.code).toBe('assignments_not_found');
    expect(error.details).toEqual({ assignmentIds: [foreign] });
    expect(error.message).toContain(foreign);
    // Nothing half-written: both own rows still pending, no audit entry.
    const still = new Set((await pending(fagai)).map((r) => r.assignmentId));
    expect(still.has(mine[0]?.assignmentId as string) && still.has(mine[1]?.assignmentId as string)).toBe(true);
    expect(await auditCount()).toBe(before);
    // An id that does not exist reads the same; the office may not answer at all.
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect((await acknowledge(fagai, [ghost])).json().error.details).toEqual({ assignmentIds: [ghost] });
    expect((await acknowledge(clerk, [mine[0]?.assignmentId])).statusCode).toBe(403);
  });

  it('acknowledges many at once: every row, its event and its audit entry', async () => {
    const before = await auditCount();
    const chosen = mine.slice(0, 30).map((r) => r.assignmentId);
    // A repeated id counts once.
    const res = await acknowledge(fagai, [...chosen, chosen[0]]);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Receipt[];
    expect(items.map((r) => r.assignmentId).sort()).toEqual([...chosen].sort());
    expect(items.every((r) => r.status === 'acknowledged' && r.answeredAt !== null)).toBe(true);
    expect(await auditCount()).toBe(before + chosen.length);
    const entry = (await get(`/api/v1/audit?action=receipt.acknowledge&subjectId=${chosen[5]}`, admin)).json().items;
    expect(entry[0]?.details).toMatchObject({ bulk: chosen.length });
    const history = (await get(`/api/v1/assignments/${chosen[5]}/history`, fagai)).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['acknowledge']);
    const left = await pending(fagai);
    expect(left.length).toBe(mine.length - chosen.length);
  });

  it('refuses an assignment no longer pending: 409 naming it, the others stay pending', async () => {
    const before = await auditCount();
    const done = mine[0]?.assignmentId as string;
    const fresh = mine[40]?.assignmentId as string;
    const disputed = mine[41]?.assignmentId as string;
    await app.inject({
      method: 'POST',
      url: `/api/v1/assignments/${disputed}/dispute`,
      headers: fagai.headers,
      payload: { reason: '非本单位职责' },
    });
    const res = await acknowledge(fagai, [fresh, done, disputed]);
    expect(res.statusCode).toBe(409);
    const { error } = res.json();
    expect(error.code).toBe('receipts_not_pending');
    expect(
      (error.details.assignments as { id: string; status: string }[]).sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(
      [
        { id: done, status: 'acknowledged' },
        { id: disputed, status: 'disputed' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect((await pending(fagai)).some((r) => r.assignmentId === fresh)).toBe(true);
    expect(await auditCount()).toBe(before + 0);
  });

  it('refuses an empty list, too many ids and ids that are not ids (400)', async () => {
    const empty = await acknowledge(fagai, []);
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'validation_failed']);
    const many = Array.from({ length: MAX_BULK_ACKNOWLEDGE + 1 }, () => mine[40]?.assignmentId);
    const tooMany = await acknowledge(fagai, many);
    expect([tooMany.statusCode, tooMany.json().error.code]).toEqual([400, 'validation_failed']);
    expect((await acknowledge(fagai, ['x'])).statusCode).toBe(400);
    expect((await acknowledge(fagai, undefined)).statusCode).toBe(400);
    expect((await pending(fagai)).some((r) => r.assignmentId === mine[40]?.assignmentId)).toBe(true);
  });
});
