// 核实方式: how the office verified each item it reviewed (查阅资料 / 电话核查 / 现场核实, with a note), recorded with
// 通过 or 退回, read back by the office and the unit, carried in the audit entry; bad values refused with nothing
// written; the unit cannot set it — on every database.

import { and, eq, sql } from 'drizzle-orm';
import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import type { ItemReportSave, Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { auditEntries, itemReports } from '../src/server/db/schema.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('核实方式 recorded at review', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let clerkName: string;
  let staff: Caller;
  let leader: Caller;
  let other: Caller;
  let periods: Period[];
  let pkg: Submission;
  let theirs: Submission;

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const read = async (caller = clerk): Promise<Submission> =>
    (await send('GET', `/api/v1/submissions/${pkg.id}`, caller)).json();
  const itemAt = (n: number) => pkg.items[n] as Submission['items'][number];
  const auditOf = async (action: string) =>
    t.db
      .select({ details: auditEntries.details })
      .from(auditEntries)
      .where(and(eq(auditEntries.action, action), eq(auditEntries.subjectId, pkg.id)));
  /** Sends and signs a unit's package, every item filled as 本期无进展 with a reason. */
  const signed = async (staffCaller: Caller, leaderCaller: Caller, id: string): Promise<Submission> => {
    await markRestNoProgress(app, staffCaller, id);
    await send('POST', `/api/v1/submissions/${id}/send`, staffCaller);
    const res = await send('POST', `/api/v1/submissions/${id}/sign`, leaderCaller);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    clerkName = (await makeUser(t.db, 'supervisor')).username;
    clerk = await signIn(app, clerkName);
    const planId = await importSample(app, clerk);
    periods = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    // Two district units with few tasks keep the packages small.
    const small = await t.db.execute<{ id: string }>(sql`
      select u.id from units u join assignments a on a.unit_id = u.id join tasks k on k.id = a.task_id
      where k.plan_id = ${planId} and u.level = 'district'
      group by u.id having count(*) >= 3 order by count(*), u.name limit 2`);
    const [unitA, unitB] = small.rows.map((r) => r.id);
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unitA })).username);
    leader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: unitA })).username);
    other = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unitB })).username);
    const otherLeader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: unitB })).username);
    const q1 = (periods[0] as Period).id;
    pkg = (await send('GET', `/api/v1/periods/${q1}/submission`, staff)).json();
    theirs = (await send('GET', `/api/v1/periods/${q1}/submission`, other)).json();
    expect(pkg.items.length).toBeGreaterThanOrEqual(3);
    expect(pkg.items.every((i) => i.verification === null)).toBe(true);
    // The unit cannot write it through its own item edit: the field is not part of what a unit sends.
    const sneaky = await send('PATCH', `/api/v1/item-reports/${itemAt(0).id}`, staff, {
      version: itemAt(0).version,
      status: 'on_track',
      progress: '按计划推进。',
      verificationMethod: 'on_site',
      verification: { method: 'on_site', note: '自称已现场核实' },
    });
    expect(sneaky.statusCode).toBe(200);
    expect((sneaky.json() as ItemReportSave).item).toMatchObject({ id: itemAt(0).id, verification: null });
    pkg = await signed(staff, leader, pkg.id);
    theirs = await signed(other, otherLeader, theirs.id);
  });

  it('refuses a bad method, an overlong note, an item named twice or another package’s item, writing nothing', async () => {
    const first = itemAt(0).id;
    const bad = await send('POST', `/api/v1/submissions/${pkg.id}/accept`, clerk, {
      verifications: [{ itemReportId: first, method: 'guessed' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    expect(bad.json().error.message).toMatch(/请求数据不符合要求/);
    const english = await app.inject({
      method: 'POST',
      url: `/api/v1/submissions/${pkg.id}/accept`,
      headers: { ...clerk.headers, 'accept-language': 'en' },
      payload: { verifications: [{ itemReportId: first, method: 'guessed' }] },
    });
    expect(english.statusCode).toBe(400);
    expect(english.json().error.message).toMatch(/Invalid request/);
    const long = await send('POST', `/api/v1/submissions/${pkg.id}/accept`, clerk, {
      verifications: [{ itemReportId: first, method: 'phone', note: '核'.repeat(501) }],
    });
    expect(long.statusCode).toBe(400);
    const twice = await send('POST', `/api/v1/submissions/${pkg.id}/accept`, clerk, {
      verifications: [
        { itemReportId: first, method: 'phone' },
        { itemReportId: first, method: 'on_site' },
      ],
    });
    expect(twice.statusCode).toBe(400);
    const onReturn = await send('POST', `/api/v1/submissions/${pkg.id}/return`, clerk, {
      comment: '请补充',
      verifications: [{ itemReportId: first, method: 'documents', note: 42 }],
    });
    expect(onReturn.statusCode).toBe(400);
    // Another unit's item inside this package's review: refused, and neither package changes.
    const foreign = await send('POST', `/api/v1/submissions/${pkg.id}/accept`, clerk, {
      verifications: [
        { itemReportId: first, method: 'on_site' },
        { itemReportId: theirs.items[0]?.id, method: 'on_site' },
      ],
    });
    expect(foreign.statusCode).toBe(404);
    const after = await read();
    expect(after.status).toBe('submitted');
    expect(after.version).toBe(pkg.version);
    expect(after.items.every((i) => i.verification === null)).toBe(true);
    const stored = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(itemReports)
      .where(sql`${itemReports.verifiedAt} is not null or ${itemReports.verificationMethod} is not null`);
    expect(stored[0]?.n).toBe(0);
    expect(await auditOf('submission.accept')).toEqual([]);
  });

  it('lets only the office record it: the unit’s staff and leader and a district leader are refused', async () => {
    const body = { verifications: [{ itemReportId: itemAt(0).id, method: 'on_site', note: '自己核实' }] };
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/accept`, staff, body)).statusCode).toBe(403);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/accept`, leader, body)).statusCode).toBe(403);
    expect(
      (await send('POST', `/api/v1/submissions/${pkg.id}/return`, leader, { comment: '退回', ...body })).statusCode,
    ).toBe(403);
    const executive = await signIn(app, (await makeUser(t.db, 'executive')).username);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/accept`, executive, body)).statusCode).toBe(403);
    expect((await read()).items.every((i) => i.verification === null)).toBe(true);
  });

  it('records it with a return, shows it to the unit, and carries it in the audit entry', async () => {
    const verifications = [
      { itemReportId: itemAt(0).id, method: 'phone', note: '电话联系项目负责人，确认进度属实' },
      { itemReportId: itemAt(1).id, method: 'documents', note: null },
      { itemReportId: itemAt(2).id, method: 'on_site' },
    ];
    const res = await send('POST', `/api/v1/submissions/${pkg.id}/return`, clerk, {
      comment: '请补充佐证材料',
      items: [{ itemReportId: itemAt(0).id, comment: '请附会议纪要' }],
      verifications,
    });
    expect(res.statusCode, res.body).toBe(200);
    const returned: Submission = res.json();
    expect(returned.status).toBe('returned');
    expect(returned.items[0]?.verification).toEqual({
      method: 'phone',
      note: '电话联系项目负责人，确认进度属实',
      at: clock.now().toISOString(),
      by: clerkName,
    });
    // The unit reads how its items were verified.
    const mine = await read(staff);
    expect(mine.items.slice(0, 3).map((i) => [i.verification?.method, i.verification?.note])).toEqual([
      ['phone', '电话联系项目负责人，确认进度属实'],
      ['documents', null],
      ['on_site', null],
    ]);
    expect(mine.items.slice(3).every((i) => i.verification === null)).toBe(true);
    // Another unit reads none of it.
    expect((await send('GET', `/api/v1/submissions/${pkg.id}`, other)).statusCode).toBe(404);
    const [entry] = await auditOf('submission.return');
    expect((entry?.details as { verifications?: unknown } | undefined)?.verifications).toEqual([
      { itemReportId: itemAt(0).id, method: 'phone', note: '电话联系项目负责人，确认进度属实' },
      { itemReportId: itemAt(1).id, method: 'documents', note: null },
      { itemReportId: itemAt(2).id, method: 'on_site', note: null },
    ]);
  });

  it('records it with 通过: named items change, a blank entry clears one, items not named keep theirs', async () => {
    // Corrected, sent and signed again.
    const fresh = await read(staff);
    await send('PATCH', `/api/v1/item-reports/${itemAt(0).id}`, staff, {
      version: fresh.items[0]?.version,
      progress: '已附会议纪要。',
    });
    await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).statusCode).toBe(200);
    clock.advance(10 * 60_000);
    const res = await send('POST', `/api/v1/submissions/${pkg.id}/accept`, clerk, {
      verifications: [
        { itemReportId: itemAt(0).id, method: 'on_site', note: '  到现场查看施工进度  ' },
        { itemReportId: itemAt(1).id, method: null, note: null },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const accepted: Submission = res.json();
    expect(accepted.status).toBe('accepted');
    expect(accepted.items[0]?.verification).toMatchObject({
      method: 'on_site',
      note: '到现场查看施工进度',
      at: clock.now().toISOString(),
    });
    expect(accepted.items[1]?.verification).toBeNull();
    expect(accepted.items[2]?.verification?.method).toBe('on_site');
    const [entry] = await auditOf('submission.accept');
    expect(entry?.details).toEqual({
      verifications: [
        { itemReportId: itemAt(0).id, method: 'on_site', note: '到现场查看施工进度' },
        { itemReportId: itemAt(1).id, method: null, note: null },
      ],
    });
    // The task page shows it beside the unit's latest signed status.
    const overview = await send('GET', `/api/v1/tasks/${itemAt(0).task.id}/overview`, staff);
    expect(overview.statusCode, overview.body).toBe(200);
    const row = (
      overview.json() as { units: { assignmentId: string; verification: { method: string; note: string } | null }[] }
    ).units.find((u) => u.assignmentId === itemAt(0).assignmentId);
    expect(row?.verification).toMatchObject({ method: 'on_site', note: '到现场查看施工进度' });
    // The printable 报送单 carries a 核实方式 column.
    const form = await send('GET', `/api/v1/submissions/${pkg.id}/form.docx`, staff);
    expect(form.statusCode).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: form.rawPayload });
    expect(value).toContain('核实方式');
    expect(value).toContain('现场核实：到现场查看施工进度');
    // A bare 通过 (no body) still works and records nothing: the other unit's package.
    const bare = await app.inject({
      method: 'POST',
      url: `/api/v1/submissions/${theirs.id}/accept`,
      headers: clerk.headers,
    });
    expect(bare.statusCode, bare.body).toBe(200);
    expect((bare.json() as Submission).items.every((i) => i.verification === null)).toBe(true);
  });
});
