// The period submission (报送) and its sign-off: every allowed and refused step, the signature hash,
// lateness, locking and pre-filling — on every database.

import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ItemReportSave, Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { auditEntries, type itemReports } from '../src/server/db/schema.js';
import { contentHash } from '../src/server/services/submissions.js';
import {
  type Caller,
  fakeClock,
  importSample,
  makeApp,
  makeUser,
  markRestNoProgress,
  multipart,
  signIn,
} from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('period submissions and sign-off', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let leader: Caller;
  let leaderName: string;
  let staffName: string;
  let otherLeader: Caller;
  let clerkName: string;
  let otherLeaderName: string;
  let periods: Period[];
  let pkg: Submission;

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const edit = (item: Submission['items'][number], body: object, caller = staff) =>
    send('PATCH', `/api/v1/item-reports/${item.id}`, caller, { version: item.version, ...body });

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    clerkName = (await makeUser(t.db, 'supervisor')).username;
    clerk = await signIn(app, clerkName);
    const planId = await importSample(app, clerk);
    periods = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id;
    const jingke = units.find((u) => u.name === '区经科局')?.id;
    staffName = (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username;
    staff = await signIn(app, staffName);
    leaderName = (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username;
    leader = await signIn(app, leaderName);
    otherLeaderName = (await makeUser(t.db, 'unit_leader', { unitId: jingke })).username;
    otherLeader = await signIn(app, otherLeaderName);
  });

  it('opens one submission per unit and period with an item for each of the unit’s assignments', async () => {
    const res = await send('GET', `/api/v1/periods/${periods[0]?.id}/submission`, staff);
    expect(res.statusCode).toBe(200);
    pkg = res.json();
    expect(pkg).toMatchObject({ status: 'draft', unit: { name: '区发改局' }, filled: 0, contentHash: null });
    expect(pkg.items.length).toBeGreaterThanOrEqual(47);
    // An item has no status until someone sets one: 未填报, not 未启动.
    expect(pkg.items.every((i) => i.status === null && i.unfilled && i.progress === '')).toBe(true);
    expect(pkg.unfilled).toBe(pkg.items.length);
    const again: Submission = (await send('GET', `/api/v1/periods/${periods[0]?.id}/submission`, staff)).json();
    expect(again.id).toBe(pkg.id);
    // Another unit's leader cannot read it; the office can, by id.
    expect((await send('GET', `/api/v1/submissions/${pkg.id}`, otherLeader)).statusCode).toBe(404);
    expect((await send('GET', `/api/v1/submissions/${pkg.id}`, clerk)).statusCode).toBe(200);
  });

  it('saves item reports with a version check and refuses a non-number actual', async () => {
    const item = pkg.items.find((i) => i.indicatorActuals.length > 0) as Submission['items'][number];
    const ok = await edit(item, {
      status: 'on_track',
      progress: '一季度完成年度目标的28%。',
      indicatorActuals: [{ indicatorId: item.indicatorActuals[0]?.indicatorId, value: 1.6 }],
    });
    expect(ok.statusCode).toBe(200);
    const stale = await edit(item, { progress: '覆盖' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    const bad = await send('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version + 1,
      indicatorActuals: [{ indicatorId: item.indicatorActuals[0]?.indicatorId, value: '很多' }],
    });
    expect(bad.statusCode).toBe(400);
    // The answer is the saved item and the package's counts (test/item-save.test.ts), not the whole package.
    const saved: ItemReportSave = ok.json();
    expect(saved.item).toMatchObject({ id: item.id, status: 'on_track', version: item.version + 1 });
    expect(saved.submission).toMatchObject({ id: pkg.id, filled: 1, unfilled: pkg.items.length - 1 });
    pkg = (await send('GET', `/api/v1/submissions/${pkg.id}`, staff)).json();
    expect(pkg.filled).toBe(1);
    expect(pkg.unfilled).toBe(pkg.items.length - 1);
  });

  it('takes 本期无进展 only with its reason, and refuses it without one in both languages', async () => {
    const item = pkg.items.find((i) => i.status === null) as Submission['items'][number];
    const bare = await edit(item, { status: 'no_progress' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error).toMatchObject({ code: 'no_progress_reason_required' });
    expect(bare.json().error.message).toMatch(/本期无进展/);
    const english = await app.inject({
      method: 'PATCH',
      url: `/api/v1/item-reports/${item.id}`,
      headers: { ...staff.headers, 'accept-language': 'en' },
      payload: { version: item.version, status: 'no_progress' },
    });
    expect(english.json().error.message).toMatch(/no progress this period/);
    expect((await edit(item, { status: 'no_progress', progress: '  ' })).statusCode).toBe(400);
    const unchanged: Submission = (await send('GET', `/api/v1/submissions/${pkg.id}`, staff)).json();
    expect(unchanged.items.find((i) => i.id === item.id)).toMatchObject({ status: null, version: item.version });
    const ok = await edit(item, { status: 'no_progress', progress: '等待市级资金批复，本期暂无进展。' });
    expect(ok.statusCode).toBe(200);
    const marked = (ok.json() as ItemReportSave).item;
    expect(marked).toMatchObject({ id: item.id, status: 'no_progress', unfilled: false });
    expect((ok.json() as ItemReportSave).submission.unfilled).toBe(pkg.items.length - 2);
    // Its reason cannot be emptied afterwards either.
    expect((await edit(marked, { progress: '' })).statusCode).toBe(400);
    pkg = (await send('GET', `/api/v1/submissions/${pkg.id}`, staff)).json();
    expect(pkg.unfilled).toBe(pkg.items.length - 2);
  });

  it('takes evidence files by content, not by name, and serves them only as downloads', async () => {
    const item = pkg.items[0] as Submission['items'][number];
    const upload = (name: string, bytes: Buffer, caller = staff) => {
      const body = multipart(name, bytes);
      return app.inject({
        method: 'POST',
        url: `/api/v1/item-reports/${item.id}/evidence`,
        headers: { ...caller.headers, ...body.headers },
        payload: body.payload,
      });
    };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const exe = await upload('报告.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]));
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.code).toBe('evidence_type_not_allowed');
    expect((await upload('x.pdf', pdf, otherLeader)).statusCode).toBe(404);
    const ok = await upload('会议纪要.pdf', pdf);
    expect(ok.statusCode).toBe(200);
    pkg = ok.json();
    const file = pkg.items[0]?.evidence[0];
    expect(file).toMatchObject({ fileName: '会议纪要.pdf', mime: 'application/pdf', sizeBytes: pdf.length });
    const got = await send('GET', `/api/v1/evidence/${file?.id}`, clerk);
    // Always a download under the name it was uploaded with, never shown inline as a page of ours.
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent('会议纪要.pdf')}`,
    );
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.rawPayload.equals(pdf)).toBe(true);
    expect((await send('GET', `/api/v1/evidence/${file?.id}`, otherLeader)).statusCode).toBe(404);
  });

  it('lets only the unit’s own leader sign, and records refused attempts', async () => {
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).json().error.code).toBe(
      'submission_state',
    );
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).json().status).toBe('pending_signoff');
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/sign`, staff)).statusCode).toBe(403);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/sign`, otherLeader)).statusCode).toBe(404);
    const refused = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${auditEntries} where action = 'submission.sign_refused' and subject_id = ${pkg.id}`,
    );
    expect(refused.rows[0]?.n).toBe(2);
    // Sent with items unfilled: the leader cannot sign, and is told how many.
    const sent: Submission = (await send('GET', `/api/v1/submissions/${pkg.id}`, leader)).json();
    expect(sent.unfilled).toBe(sent.items.length - 2);
    const incomplete = await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leader);
    expect(incomplete.statusCode).toBe(409);
    expect(incomplete.json().error.code).toBe('submission_unfilled');
    expect(incomplete.json().error.details).toEqual({ unfilled: sent.unfilled });
    expect(incomplete.json().error.message).toContain(`${sent.unfilled} 项未填写`);
    expect((await send('GET', `/api/v1/submissions/${pkg.id}`, leader)).json().status).toBe('pending_signoff');
    // Every remaining item marked 本期无进展 with a reason (which sends it again): now it can be signed.
    expect((await markRestNoProgress(app, staff, pkg.id)).unfilled).toBe(0);
    const signed = await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leader);
    expect(signed.statusCode).toBe(200);
    pkg = signed.json();
    expect(pkg).toMatchObject({ status: 'submitted', late: false, lateSeconds: 0, signer: expect.any(String) });
    expect(pkg.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // Signed content cannot change without a new signature.
    const after = await edit(pkg.items[0] as Submission['items'][number], { progress: '签字后修改' });
    expect(after.json().error.code).toBe('submission_state');
  });

  it('changes the signature hash when, and only when, the signed content changes', async () => {
    const firstHash = pkg.contentHash;
    const item = pkg.items[0] as Submission['items'][number];
    const returned = await send('POST', `/api/v1/submissions/${pkg.id}/return`, clerk, {
      comment: '请补充第一项进展',
      items: [{ itemReportId: item.id, comment: '进展描述过于简单' }],
    });
    expect(returned.json()).toMatchObject({ status: 'returned', returnedComment: '请补充第一项进展' });
    expect((returned.json() as Submission).items[0]?.returnedComment).toBe('进展描述过于简单');
    // Sent again, it waits for a new signature: the previous one is not shown as current.
    const resent: Submission = (await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).json();
    expect(resent).toMatchObject({ status: 'pending_signoff', signer: null, signedAt: null, contentHash: null });
    // Signed again with nothing changed: the same hash.
    const same: Submission = (await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).json();
    expect(same.contentHash).toBe(firstHash);
    // Corrected, sent and signed again: a new hash.
    await send('POST', `/api/v1/submissions/${pkg.id}/return`, clerk, { comment: '请补充', items: [] });
    const fresh: Submission = (await send('GET', `/api/v1/submissions/${pkg.id}`, staff)).json();
    expect(
      (await edit(fresh.items[0] as Submission['items'][number], { progress: '已完成项目储备50个。' })).statusCode,
    ).toBe(200);
    await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    const resigned: Submission = (await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).json();
    expect(resigned.contentHash).not.toBe(firstHash);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/accept`, staff)).statusCode).toBe(403);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/accept`, clerk)).json().status).toBe('accepted');
    // The printable 报送单: a real .docx (read back with mammoth) carrying the signer and the hash.
    const form = await send('GET', `/api/v1/submissions/${pkg.id}/form.docx`, staff);
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-disposition']).toBe(
      `attachment; filename="submission.docx"; filename*=UTF-8''${encodeURIComponent('区发改局2025年第一季度报送单.docx')}`,
    );
    const { value } = await mammoth.extractRawText({ buffer: form.rawPayload });
    expect(value).toContain('报送单位：区发改局');
    expect(value).toContain(resigned.contentHash as string);
    expect(value).toContain('已完成项目储备50个。');
    expect((await send('GET', `/api/v1/submissions/${pkg.id}/form.docx`, otherLeader)).statusCode).toBe(404);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/accept`, clerk)).statusCode).toBe(409);
    const queue = (await send('GET', `/api/v1/periods/${periods[0]?.id}/submissions`, clerk)).json().items;
    expect(queue.map((s: { unit: { name: string }; status: string }) => [s.unit.name, s.status])).toEqual([
      ['区发改局', 'accepted'],
    ]);
    // Every unit due is listed: those without a package as 未报送, with the totals at the top.
    const full = (await send('GET', `/api/v1/periods/${periods[0]?.id}/submissions`, clerk)).json();
    const due = await t.db.execute<{ name: string }>(sql`
      select distinct u.name from assignments a
      join tasks t on t.id = a.task_id join units u on u.id = a.unit_id
      join reporting_periods p on p.plan_id = t.plan_id
      where p.id = ${periods[0]?.id} and u.level not in ('city', 'province', 'national')`);
    const dueNames = due.rows.map((r) => r.name);
    expect(dueNames.length).toBeGreaterThan(50);
    expect(dueNames).not.toContain('市发改委');
    expect(full.notSent.map((u: { name: string }) => u.name).sort()).toEqual(
      dueNames.filter((n) => n !== '区发改局').sort(),
    );
    expect(full.totals).toEqual({
      due: dueNames.length,
      sent: 1,
      signed: 1,
      accepted: 1,
      returned: 0,
      notSent: dueNames.length - 1,
    });
  });

  it('pre-fills the next period, refuses a locked one, and flags a late signature with how late', async () => {
    const q2 = periods[1] as Period;
    const locked = await send('PATCH', `/api/v1/periods/${q2.id}`, clerk, { locked: true });
    expect(locked.statusCode).toBe(200);
    expect((await send('GET', `/api/v1/periods/${q2.id}/submission`, staff)).json().error.code).toBe('period_locked');
    await send('PATCH', `/api/v1/periods/${q2.id}`, clerk, { locked: false });
    const next: Submission = (await send('GET', `/api/v1/periods/${q2.id}/submission`, staff)).json();
    expect(next.items.find((i) => i.progress === '已完成项目储备50个。')).toBeDefined();
    expect(next.filled).toBeGreaterThanOrEqual(1);
    // A status carries over; 本期无进展 speaks of one period only and does not.
    expect(next.items.find((i) => i.progress === '已完成项目储备50个。')?.status).not.toBeNull();
    expect(next.items.some((i) => i.status === 'no_progress')).toBe(false);
    await markRestNoProgress(app, staff, next.id);
    await send('POST', `/api/v1/submissions/${next.id}/send`, staff);
    clock.advance(Date.parse('2025-07-10T00:00:00+08:00') - clock.now().getTime() + 3_600_000);
    leader = await signIn(app, leaderName); // the old session went idle while the clock moved
    const late: Submission = (await send('POST', `/api/v1/submissions/${next.id}/sign`, leader)).json();
    expect(late).toMatchObject({ status: 'submitted', late: true, lateSeconds: 3601 });
  });

  it('answers a retried send or sign with the same idempotency key once, without a second step', async () => {
    const q3 = periods[2] as Period;
    staff = await signIn(app, staffName);
    leader = await signIn(app, leaderName);
    const pkg3: Submission = (await send('GET', `/api/v1/periods/${q3.id}/submission`, staff)).json();
    await markRestNoProgress(app, staff, pkg3.id);
    const post = (action: string, caller: Caller, key: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/submissions/${pkg3.id}/${action}`,
        headers: { ...caller.headers, 'idempotency-key': key },
      });
    const first = await post('send', staff, 'send-key-0001');
    const retry = await post('send', staff, 'send-key-0001');
    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(retry.json().version).toBe(first.json().version);
    // Without the key, the same request is a state error.
    expect((await send('POST', `/api/v1/submissions/${pkg3.id}/send`, staff)).json().error.code).toBe(
      'submission_state',
    );
    const [a, b] = await Promise.all([post('sign', leader, 'sign-key-0001'), post('sign', leader, 'sign-key-0001')]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().contentHash).toBe(b.json().contentHash);
    const signs = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${auditEntries} where action = 'submission.sign' and subject_id = ${pkg3.id}`,
    );
    expect(signs.rows[0]?.n).toBe(1);
    // A key already spent on another submission, or a malformed one, is refused.
    const other: Submission = (
      await send('GET', `/api/v1/periods/${(periods[3] as Period).id}/submission`, staff)
    ).json();
    const reused = await app.inject({
      method: 'POST',
      url: `/api/v1/submissions/${other.id}/send`,
      headers: { ...staff.headers, 'idempotency-key': 'sign-key-0001' },
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('idempotency_key_reused');
    expect((await post('send', staff, 'short')).statusCode).toBe(400);
  });

  it('refuses to change or sign a draft’s items once the office locks the period', async () => {
    const q4 = periods[3] as Period;
    // Sessions went idle while earlier tests moved the clock.
    clerk = await signIn(app, clerkName);
    staff = await signIn(app, staffName);
    leader = await signIn(app, leaderName);
    otherLeader = await signIn(app, otherLeaderName);
    const draft: Submission = (await send('GET', `/api/v1/periods/${q4.id}/submission`, staff)).json();
    expect(draft.status).toBe('draft');
    const item = draft.items[0] as Submission['items'][number];
    const lock = (locked: boolean) => send('PATCH', `/api/v1/periods/${q4.id}`, clerk, { locked });
    expect((await lock(true)).statusCode).toBe(200);
    const refused = await edit(item, { progress: '锁定后修改' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('period_locked');
    await lock(false);
    const unchanged: Submission = (await send('GET', `/api/v1/submissions/${draft.id}`, staff)).json();
    expect(unchanged.items[0]).toMatchObject({ id: item.id, progress: item.progress, version: item.version });
    // Sent for sign-off, then locked: the leader cannot sign it either.
    expect((await send('POST', `/api/v1/submissions/${draft.id}/send`, staff)).statusCode).toBe(200);
    await lock(true);
    const sign = await send('POST', `/api/v1/submissions/${draft.id}/sign`, leader);
    expect(sign.statusCode).toBe(409);
    expect(sign.json().error.code).toBe('period_locked');
    await lock(false);
    expect((await send('GET', `/api/v1/submissions/${draft.id}`, staff)).json().status).toBe('pending_signoff');
  });

  it('refuses an office return naming an item of another unit’s submission, and changes nothing', async () => {
    const q3 = periods[2] as Period;
    const mine: Submission = (await send('GET', `/api/v1/periods/${q3.id}/submission`, staff)).json();
    expect(mine.status).toBe('submitted');
    const theirs: Submission = (await send('GET', `/api/v1/periods/${q3.id}/submission`, otherLeader)).json();
    expect(theirs.unit.name).toBe('区经科局');
    const foreign = theirs.items[0] as Submission['items'][number];
    const res = await send('POST', `/api/v1/submissions/${mine.id}/return`, clerk, {
      comment: '请修改',
      items: [{ itemReportId: foreign.id, comment: '别的单位的事项' }],
    });
    expect(res.statusCode).toBe(404);
    expect((await send('GET', `/api/v1/submissions/${mine.id}`, clerk)).json()).toMatchObject({
      status: 'submitted',
      version: mine.version,
    });
    const after: Submission = (await send('GET', `/api/v1/submissions/${theirs.id}`, otherLeader)).json();
    expect(after.items.find((i) => i.id === foreign.id)?.returnedComment).toBeNull();
  });
});

// The hash a leader's signature covers: every signed field of every item, and nothing else (not the order rows
// come back in). A field the hash left out could be changed after signing without anyone noticing.
describe('the signed content hash', () => {
  type Item = typeof itemReports.$inferSelect;
  const item = (id: string, assignmentId: string, extra: Partial<Item> = {}): Item => ({
    id,
    submissionId: 'sub-1',
    assignmentId,
    status: 'on_track',
    progress: '完成项目储备50个。',
    problems: '用地指标紧张。',
    nextSteps: '加快审批。',
    indicatorActuals: [
      { indicatorId: 'ind-a', value: 1.5 },
      { indicatorId: 'ind-b', value: 30 },
    ],
    returnedComment: null,
    verificationMethod: null,
    verificationNote: null,
    verifiedAt: null,
    verifiedBy: null,
    lagReasons: [],
    lagReasonText: null,
    qualityFlags: null,
    version: 3,
    ...extra,
  });
  const items = [
    item('item-1', 'asg-1'),
    item('item-2', 'asg-2', { status: 'lagging', lagReasons: ['land', 'other'], lagReasonText: '地块未收储。' }),
  ];
  const second = (change: Partial<Item>) => [items[0] as Item, { ...(items[1] as Item), ...change }];
  const files = [
    { itemReportId: 'item-1', sha256: 'a'.repeat(64) },
    { itemReportId: 'item-1', sha256: 'b'.repeat(64) },
    { itemReportId: 'item-2', sha256: 'c'.repeat(64) },
  ];
  const base = contentHash('unit-1', 'period-1', items, files);
  const first = (change: Partial<Item>) => [{ ...(items[0] as Item), ...change }, items[1] as Item];

  it.each<[string, () => string]>([
    ['the unit', () => contentHash('unit-2', 'period-1', items, files)],
    ['the period', () => contentHash('unit-1', 'period-2', items, files)],
    ['an item’s assignment', () => contentHash('unit-1', 'period-1', first({ assignmentId: 'asg-9' }), files)],
    ['an item’s status', () => contentHash('unit-1', 'period-1', first({ status: 'completed' }), files)],
    ['an item’s progress', () => contentHash('unit-1', 'period-1', first({ progress: '完成项目储备51个。' }), files)],
    ['an item’s problems', () => contentHash('unit-1', 'period-1', first({ problems: '无' }), files)],
    ['problems cleared', () => contentHash('unit-1', 'period-1', first({ problems: null }), files)],
    ['an item’s next steps', () => contentHash('unit-1', 'period-1', first({ nextSteps: '下季度开工。' }), files)],
    ['next steps cleared', () => contentHash('unit-1', 'period-1', first({ nextSteps: null }), files)],
    [
      'an indicator’s value',
      () =>
        contentHash(
          'unit-1',
          'period-1',
          first({
            indicatorActuals: [
              { indicatorId: 'ind-a', value: 1.6 },
              { indicatorId: 'ind-b', value: 30 },
            ],
          }),
          files,
        ),
    ],
    [
      'an indicator left unreported',
      () =>
        contentHash(
          'unit-1',
          'period-1',
          first({
            indicatorActuals: [
              { indicatorId: 'ind-a', value: null },
              { indicatorId: 'ind-b', value: 30 },
            ],
          }),
          files,
        ),
    ],
    [
      'which indicator a value belongs to',
      () =>
        contentHash(
          'unit-1',
          'period-1',
          first({
            indicatorActuals: [
              { indicatorId: 'ind-a', value: 30 },
              { indicatorId: 'ind-b', value: 1.5 },
            ],
          }),
          files,
        ),
    ],
    [
      'an evidence file’s content',
      () =>
        contentHash('unit-1', 'period-1', items, [
          ...files.slice(0, 2),
          { itemReportId: 'item-2', sha256: 'd'.repeat(64) },
        ]),
    ],
    ['an evidence file removed', () => contentHash('unit-1', 'period-1', items, files.slice(1))],
    [
      'an evidence file added',
      () => contentHash('unit-1', 'period-1', items, [...files, { itemReportId: 'item-2', sha256: 'e'.repeat(64) }]),
    ],
    [
      'an evidence file moved to another item',
      () =>
        contentHash('unit-1', 'period-1', items, [
          files[0],
          files[1],
          { itemReportId: 'item-1', sha256: 'c'.repeat(64) },
        ] as typeof files),
    ],
    ['an item left out', () => contentHash('unit-1', 'period-1', items.slice(0, 1), files)],
    ['an item’s reasons for lagging', () => contentHash('unit-1', 'period-1', second({ lagReasons: ['land'] }), files)],
    ['the words for 其他', () => contentHash('unit-1', 'period-1', second({ lagReasonText: '地块已收储。' }), files)],
  ])('changes when %s changes', (_field, changed) => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(changed()).not.toBe(base);
  });

  it('does not depend on the order rows are read in, nor on what is not signed', () => {
    const reordered = [...items].reverse().map((i) => ({ ...i, indicatorActuals: [...i.indicatorActuals].reverse() }));
    expect(contentHash('unit-1', 'period-1', reordered, [...files].reverse())).toBe(base);
    // The office's comment, its verification (核实方式), the quality flags (advice computed at sending) and the row
    // version are not part of what the leader signed.
    const annotated = items.map((i) => ({
      ...i,
      returnedComment: '请补充',
      verificationMethod: 'on_site' as const,
      verificationNote: '现场查看了工地',
      verifiedAt: new Date(),
      qualityFlags: [{ kind: 'stock' as const }],
      version: 9,
    }));
    expect(contentHash('unit-1', 'period-1', annotated, files)).toBe(base);
    // Nor on the order reasons were picked in.
    expect(contentHash('unit-1', 'period-1', second({ lagReasons: ['other', 'land'] }), files)).toBe(base);
  });

  it('hashes an item without reasons for lagging as it did before reasons existed', () => {
    // What leaders signed before the lag_reasons migration must still match its stored hash.
    const { lagReasons: _r, lagReasonText: _t, ...old } = items[0] as Item;
    const canonical = [
      old.assignmentId,
      [],
      old.status,
      old.progress,
      old.problems,
      old.nextSteps,
      [...old.indicatorActuals]
        .sort((a, b) => a.indicatorId.localeCompare(b.indicatorId))
        .map((a) => [a.indicatorId, a.value]),
    ];
    const expected = createHash('sha256')
      .update(JSON.stringify(['unit-1', 'period-1', [canonical]]))
      .digest('hex');
    expect(contentHash('unit-1', 'period-1', [items[0] as Item], [])).toBe(expected);
  });
});
