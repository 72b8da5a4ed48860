// 工作移交: a unit account's open work — ledgers naming them, coordination requests they raised, their undecided
// extension applications — moves to a colleague of the same unit in one step, with history on each moved thing;
// finished work keeps the old name; the colleague is told; the step is audited; only the unit's leader (or the
// office, an admin) may do it, and only to an active colleague of the same unit — on every database.

import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { HandoverPreview } from '../src/api/handover.js';
import type { Coordination, Extension, Ledger, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { closeoutRequests, ledgers } from '../src/server/db/schema.js';
import { type Caller, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('work hand-over (工作移交)', (t) => {
  let app: App;
  let clerk: Caller;
  let admin: Caller;
  let leader: Caller;
  let leaving: Caller;
  let otherStaff: Caller;
  let colleague: Caller;
  let foreignLeader: Caller;
  let leavingId: string;
  let leavingName: string;
  let colleagueId: string;
  let colleagueName: string;
  let leaderName: string;
  let outsiderId: string;
  let work: string[];

  const send = (
    method: 'GET' | 'PUT' | 'POST' | 'PATCH',
    url: string,
    caller: Caller,
    payload?: object,
    lang = 'zh-CN',
  ) =>
    app.inject({
      method,
      url,
      headers: { ...(method === 'GET' ? { cookie: caller.cookie } : caller.headers), 'accept-language': lang },
      ...(payload ? { payload } : {}),
    });
  const ok = async <T>(method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) => {
    const res = await send(method, url, caller, payload);
    if (res.statusCode !== 200) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json() as T;
  };
  const ledger = (assignmentId: string) => ok<Ledger>('GET', `/api/v1/assignments/${assignmentId}/ledger`, clerk);
  const writeLedger = async (assignmentId: string, fields: object) => {
    const current = await ok<Ledger>('GET', `/api/v1/assignments/${assignmentId}/ledger`, leaving);
    return ok<Ledger>('PUT', `/api/v1/assignments/${assignmentId}/ledger`, leaving, {
      version: current.version,
      measures: '按季度推进。',
      ...fields,
    });
  };

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    admin = await signIn(app, (await makeUser(t.db, 'admin')).username);
    const planId = await importSample(app, clerk);
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id as string;
    const jingke = units.find((u) => u.name === '区经科局')?.id as string;
    const l = await makeUser(t.db, 'unit_leader', { unitId: fagai });
    const d = await makeUser(t.db, 'unit_staff', { unitId: fagai });
    const c = await makeUser(t.db, 'unit_staff', { unitId: fagai });
    const o = await makeUser(t.db, 'unit_staff', { unitId: jingke });
    [leaderName, leavingId, leavingName, colleagueId, colleagueName, outsiderId] = [
      l.username,
      d.id,
      d.username,
      c.id,
      c.username,
      o.id,
    ];
    leader = await signIn(app, l.username);
    leaving = await signIn(app, d.username);
    colleague = await signIn(app, c.username);
    otherStaff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username);
    foreignLeader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: jingke })).username);
    const mine = (
      await ok<{ items: TaskSummary[] }>('GET', `/api/v1/my/assignments?planId=${planId}&pageSize=500`, leaving)
    ).items;
    work = mine.flatMap((task) => task.assignments.filter((a) => a.unit.id === fagai).map((a) => a.id)).slice(0, 3);
    expect(work).toHaveLength(3);
  });

  it('moves open work to the colleague with history, keeps finished work under the old name, tells and audits', async () => {
    const [a1, a2, a3] = work as [string, string, string];
    // Open: a1 names the leaving clerk as responsible person and contact; a3 as contact only.
    await writeLedger(a1, { responsiblePerson: leavingName, contact: leavingName, phone: '027-88880000' });
    await writeLedger(a3, { responsiblePerson: '王科长', contact: leavingName, phone: '027-88881111' });
    // Finished: a2 is closed out (办结销号 verified).
    await writeLedger(a2, { responsiblePerson: leavingName });
    await t.db.insert(closeoutRequests).values({
      assignmentId: a2,
      requestedBy: leavingId,
      note: '已完成。',
      evidenceIds: [],
      status: 'verified',
    });
    // An extension waiting for the office, and one the office refused.
    const withMilestone = await ok<Ledger>('POST', `/api/v1/assignments/${a1}/milestones`, leaving, {
      title: '完成项目评审',
      dueOn: '2025-06-30',
    });
    const milestoneId = withMilestone.milestones.at(-1)?.id as string;
    const refused = await ok<Extension>('POST', `/api/v1/milestones/${milestoneId}/extensions`, leaving, {
      newDueOn: '2025-08-31',
      reason: '等待上级批复。',
    });
    await ok('POST', `/api/v1/extension-requests/${refused.id}/decide`, clerk, {
      approve: false,
      note: '请按期完成。',
    });
    const pending = await ok<Extension>('POST', `/api/v1/milestones/${milestoneId}/extensions`, leaving, {
      newDueOn: '2025-09-30',
      reason: '受天气影响。',
    });
    // A coordination request still open, and one resolved.
    const task1 = (await ledger(a1)).task.id;
    const open = await ok<Coordination>('POST', '/api/v1/coordination-requests', leaving, {
      taskId: task1,
      title: '用地指标协调',
      body: '需区自然资源部门支持。',
    });
    const done = await ok<Coordination>('POST', '/api/v1/coordination-requests', leaving, {
      taskId: task1,
      title: '资金拨付协调',
      body: '需区财政支持。',
    });
    await ok('POST', `/api/v1/coordination-requests/${done.id}/resolve`, leaving);

    // The preview lists exactly what moves and counts what stays.
    const url = `/api/v1/users/${leavingId}/handover`;
    const preview = await ok<HandoverPreview>('GET', url, leader);
    expect(preview.user).toMatchObject({ id: leavingId, name: leavingName });
    expect(preview.candidates.map((c) => c.id)).toContain(colleagueId);
    expect(preview.candidates.map((c) => c.id)).not.toContain(leavingId);
    expect(preview.candidates.map((c) => c.id)).not.toContain(outsiderId);
    const moving = preview.items.map((i) => `${i.subjectType}:${i.fields.join(',')}`).sort();
    expect(moving).toEqual(
      [
        'coordination:raisedBy',
        'extension:requestedBy',
        'ledger:contact,phone',
        'ledger:responsiblePerson,contact,phone',
      ].sort(),
    );
    // a2's ledger and its verified close-out, the resolved request, the refused extension
    expect(preview.kept).toBe(4);

    const res = await send('POST', url, leader, { toUserId: colleagueId, phone: '027-66660000' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toHaveLength(4);

    // Open things now name the colleague, each with a history line.
    const l1 = await ledger(a1);
    expect(l1).toMatchObject({ responsiblePerson: colleagueName, contact: colleagueName, phone: '027-66660000' });
    expect(l1.handovers).toEqual([
      expect.objectContaining({
        from: leavingName,
        to: colleagueName,
        by: leaderName,
        fields: expect.arrayContaining(['responsiblePerson', 'contact', 'phone']),
      }),
    ]);
    expect(await ledger(a3)).toMatchObject({ responsiblePerson: '王科长', contact: colleagueName });
    const coordination = (await ok<{ items: Coordination[] }>('GET', '/api/v1/coordination-requests', clerk)).items;
    expect(coordination.find((c) => c.id === open.id)).toMatchObject({
      raisedBy: colleagueName,
      handovers: [expect.objectContaining({ from: leavingName, to: colleagueName })],
    });
    const extensions = (await ok<{ items: Extension[] }>('GET', '/api/v1/extension-requests', clerk)).items;
    expect(extensions.find((e) => e.id === pending.id)).toMatchObject({
      requestedBy: colleagueName,
      handovers: [expect.objectContaining({ from: leavingName })],
    });

    // Finished things keep the original name and have no hand-over.
    expect(await ledger(a2)).toMatchObject({ responsiblePerson: leavingName, handovers: [] });
    expect(coordination.find((c) => c.id === done.id)).toMatchObject({ raisedBy: leavingName, handovers: [] });
    expect(extensions.find((e) => e.id === refused.id)).toMatchObject({ requestedBy: leavingName, handovers: [] });

    // The colleague is told at once, naming the person who handed over.
    const bell = (
      await ok<{ items: { kind: string; title: string; link: string }[] }>('GET', '/api/v1/notifications', colleague)
    ).items;
    expect(bell.find((n) => n.kind === 'work_handed_over')).toMatchObject({ link: '/my' });
    expect(bell.find((n) => n.kind === 'work_handed_over')?.title).toContain(leavingName);

    // Audited with what moved.
    const entries = (
      await ok<{ items: { details: unknown; userId: string | null }[] }>(
        'GET',
        `/api/v1/audit?action=user.handover&subjectId=${leavingId}`,
        admin,
      )
    ).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]?.details).toMatchObject({
      from: leavingName,
      to: { id: colleagueId, name: colleagueName },
      counts: { ledger: 2, coordination: 1, extension: 1, closeout: 0 },
    });

    // Nothing is left to hand over: a second try says so.
    const again = await send('POST', url, leader, { toUserId: colleagueId });
    expect([again.statusCode, again.json().error.code]).toEqual([400, 'handover_nothing_open']);
  });

  it('refuses another unit as the target, a staff member or another unit, and writes nothing', async () => {
    const [a1] = work as [string];
    await writeLedger(a1, { responsiblePerson: leavingName });
    const url = `/api/v1/users/${leavingId}/handover`;

    const foreign = await send('POST', url, leader, { toUserId: outsiderId });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([400, 'handover_target_not_in_unit']);
    expect(foreign.json().error.message).toContain('同一单位');
    const english = await send('POST', url, leader, { toUserId: outsiderId }, 'en');
    expect(english.json().error.message).toContain('same unit');
    const self = await send('POST', url, leader, { toUserId: leavingId });
    expect([self.statusCode, self.json().error.code]).toEqual([400, 'handover_to_self']);

    // A staff member cannot hand over a colleague's work (nor preview it); another unit's leader sees nothing.
    expect((await send('POST', url, otherStaff, { toUserId: colleagueId })).statusCode).toBe(403);
    expect((await send('GET', url, otherStaff)).statusCode).toBe(403);
    expect((await send('POST', url, foreignLeader, { toUserId: colleagueId })).statusCode).toBe(404);
    expect((await send('GET', url, foreignLeader)).statusCode).toBe(404);

    const [row] = await t.db.select().from(ledgers).where(eq(ledgers.assignmentId, a1));
    expect(row?.responsiblePerson).toBe(leavingName);

    // The office may hand over any unit's account; a disabled colleague cannot take it.
    const preview = await ok<HandoverPreview>('GET', url, clerk);
    expect(preview.items.map((i) => i.subjectType)).toEqual(['ledger']);
    await ok('PATCH', `/api/v1/users/${colleagueId}`, admin, { disabled: true });
    const disabled = await send('POST', url, clerk, { toUserId: colleagueId });
    expect([disabled.statusCode, disabled.json().error.code]).toEqual([400, 'handover_target_disabled']);
    await ok('PATCH', `/api/v1/users/${colleagueId}`, admin, { disabled: false });
    expect((await send('POST', url, clerk, { toUserId: colleagueId })).statusCode).toBe(200);
    expect((await ledger(a1)).responsiblePerson).toBe(colleagueName);
  });

  it("lists a unit's accounts with their open work for its leader only", async () => {
    const fagai = (await ok<Ledger>('GET', `/api/v1/assignments/${work[0]}/ledger`, leader)).unit.id;
    const people = await ok<{ people: { id: string; open: number }[] }>(
      'GET',
      `/api/v1/units/${fagai}/handover`,
      leader,
    );
    expect(people.people.map((p) => p.id)).toEqual(expect.arrayContaining([leavingId, colleagueId]));
    expect(people.people.find((p) => p.id === colleagueId)?.open).toBeGreaterThan(0);
    expect((await send('GET', `/api/v1/units/${fagai}/handover`, foreignLeader)).statusCode).toBe(404);
    expect((await send('GET', `/api/v1/units/${fagai}/handover`, otherStaff)).statusCode).toBe(403);
  });
});
