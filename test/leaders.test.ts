// 分管 over HTTP: the office sets a district leader's units, reads them back with the tasks the notice names the
// leader for, and every real change is audited with the old and new lists; unknown units and non-executives answer
// 400 (bilingual), an unknown user 404, other roles 403, writing nothing. leadersOf finds the leader both ways.

import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { LeaderList } from '../src/api/leaders.js';
import type { App } from '../src/server/app.js';
import { tasks, users } from '../src/server/db/schema.js';
import { leadersOf } from '../src/server/services/leaders.js';
import { type Caller, fakeClock, importSample, makeApp, makeUnit, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('分管 (leaders)', (t) => {
  const clock = fakeClock();
  let app: App;
  let clerk: Caller;
  let leaderId: string;
  let otherLeaderId: string;
  let unitA: string;
  let unitB: string;
  let staffId: string;
  let taskId: string;

  const send = (method: 'GET' | 'PUT', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const auditRows = async () =>
    (
      await t.db.execute<{ details: { changes: { units: { old: { name: string }[]; new: { name: string }[] } } } }>(
        sql`select details from audit_entries where action = 'leader.units' order by id`,
      )
    ).rows;

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    await importSample(app, clerk);
    leaderId = (await makeUser(t.db, 'executive')).id;
    otherLeaderId = (await makeUser(t.db, 'executive')).id;
    await t.db.update(users).set({ displayName: '区领导 张三' }).where(eq(users.id, leaderId));
    await t.db.update(users).set({ displayName: '张三丰副区长' }).where(eq(users.id, otherLeaderId));
    unitA = await makeUnit(t.db);
    unitB = await makeUnit(t.db);
    staffId = (await makeUser(t.db, 'unit_staff', { unitId: unitA })).id;
    // A task of the notice that prints its leader.
    const [task] = await t.db.select({ id: tasks.id }).from(tasks).limit(1);
    taskId = task?.id as string;
    await t.db
      .update(tasks)
      .set({ leaders: ['张三副区长'] })
      .where(eq(tasks.id, taskId));
  }, 180_000);

  it('sets a leader’s units, lists them with the tasks the notice names the leader for, and audits old/new', async () => {
    const before = await auditRows();
    const res = await send('PUT', `/api/v1/leaders/${leaderId}/units`, clerk, { unitIds: [unitA, unitB] });
    expect(res.statusCode, res.body).toBe(200);
    const list: LeaderList = res.json();
    const me = list.items.find((l) => l.id === leaderId);
    expect(me?.units.map((u) => u.id).sort()).toEqual([unitA, unitB].sort());
    // 张三副区长 names 区领导 张三, not 张三丰副区长.
    expect(me?.taskCount).toBeGreaterThanOrEqual(1);
    expect(list.items.find((l) => l.id === otherLeaderId)).toMatchObject({ units: [], taskCount: 0 });
    const rows = await auditRows();
    expect(rows).toHaveLength(before.length + 1);
    const changes = rows.at(-1)?.details.changes.units;
    expect(changes?.old).toEqual([]);
    expect(changes?.new).toHaveLength(2);

    // Down to one unit: the entry keeps both lists; setting the same list again writes nothing.
    const narrowed = await send('PUT', `/api/v1/leaders/${leaderId}/units`, clerk, { unitIds: [unitA] });
    expect(narrowed.statusCode).toBe(200);
    const again = await send('PUT', `/api/v1/leaders/${leaderId}/units`, clerk, { unitIds: [unitA, unitA] });
    expect(again.statusCode).toBe(200);
    const after = await auditRows();
    expect(after).toHaveLength(before.length + 2);
    expect(after.at(-1)?.details.changes.units.old).toHaveLength(2);
    expect(after.at(-1)?.details.changes.units.new).toHaveLength(1);
    const read: LeaderList = (await send('GET', '/api/v1/leaders', clerk)).json();
    expect(read.items.find((l) => l.id === leaderId)?.units.map((u) => u.id)).toEqual([unitA]);
  });

  it('finds the leaders in charge by 分管 unit and by the notice’s printed leader', async () => {
    expect(await leadersOf(t.db, { unitIds: [unitA] })).toEqual([leaderId]);
    expect(await leadersOf(t.db, { unitIds: [unitB] })).toEqual([]);
    expect(await leadersOf(t.db, { taskId })).toEqual([leaderId]);
    expect(await leadersOf(t.db, { unitIds: [unitB], taskId })).toEqual([leaderId]);
    expect(await leadersOf(t.db, {})).toEqual([]);
  });

  it('answers 400 (bilingual) for unknown units or a non-executive, 404 for an unknown user, writing nothing', async () => {
    const before = (await auditRows()).length;
    const unknown = await send('PUT', `/api/v1/leaders/${leaderId}/units`, clerk, {
      unitIds: [unitA, crypto.randomUUID()],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_units');
    const notLeader = await send('PUT', `/api/v1/leaders/${staffId}/units`, clerk, { unitIds: [unitA] });
    expect(notLeader.statusCode).toBe(400);
    expect(notLeader.json().error.code).toBe('not_executive');
    const en = await app.inject({
      method: 'PUT',
      url: `/api/v1/leaders/${staffId}/units`,
      headers: { ...clerk.headers, 'accept-language': 'en' },
      payload: { unitIds: [unitA] },
    });
    expect(en.json().error.message).toMatch(/district leader/);
    expect(notLeader.json().error.message).toMatch(/区领导/);
    const missing = await send('PUT', `/api/v1/leaders/${crypto.randomUUID()}/units`, clerk, { unitIds: [] });
    expect(missing.statusCode).toBe(404);
    expect((await send('PUT', '/api/v1/leaders/not-a-uuid/units', clerk, { unitIds: [] })).statusCode).toBe(400);
    expect((await auditRows()).length).toBe(before);
  });

  it('lets only the office and admins set 分管; units cannot read it, leaders read but not write', async () => {
    const leader = await signIn(app, (await makeUser(t.db, 'executive')).username);
    const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unitA })).username);
    const admin = await signIn(app, (await makeUser(t.db, 'admin')).username);
    expect((await send('GET', '/api/v1/leaders', leader)).statusCode).toBe(200);
    expect((await send('PUT', `/api/v1/leaders/${leaderId}/units`, leader, { unitIds: [] })).statusCode).toBe(403);
    expect((await send('GET', '/api/v1/leaders', staff)).statusCode).toBe(403);
    expect((await send('PUT', `/api/v1/leaders/${leaderId}/units`, staff, { unitIds: [] })).statusCode).toBe(403);
    expect((await send('PUT', `/api/v1/leaders/${leaderId}/units`, admin, { unitIds: [unitA] })).statusCode).toBe(200);
  });
});
