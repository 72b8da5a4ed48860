// 通报 from generation to publication on every database: figures from real reports, the office's wording,
// the frozen snapshot, numbering, who may read drafts; the .docx read back with mammoth and rendered by
// LibreOffice to a PDF page that is not blank; the .xlsx detail sheets.

import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import type { Bulletin } from '../src/api/bulletins.js';
import type { Period, Submission, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';
import { dark, firstPage, layoutText, MM_PT, type Page, pages, red, renderDocx, share, type Word } from './render.js';

/** Punctuation LibreOffice may hang past the right margin at the end of a line (it does not take a grid cell). */
const HANGING = /[，。、；：！？”’）》]$/u;

/**
 * The GB/T 9704 grid on a page full of body text: 22 lines at a 28.95 pt pitch from the top margin, and 28
 * characters on every full line (a line reaching the right margin; a hanging punctuation mark not counted).
 */
function gridOf(page: Page) {
  const bottom = page.height - 35 * MM_PT;
  const lines = page.words
    .filter((w) => w.yMax <= bottom + 1)
    .sort((a, b) => a.y - b.y)
    .reduce<Word[][]>((acc, w) => {
      const last = acc.at(-1);
      if (last && Math.abs((last[0] as Word).y - w.y) < 2) last.push(w);
      else acc.push([w]);
      return acc;
    }, []);
  const right = page.width - 26 * MM_PT;
  const full = lines
    .filter((l) => Math.min(...l.map((w) => w.x)) < 28 * MM_PT + 2 && Math.max(...l.map((w) => w.xMax)) > right - 2)
    .map(
      (l) =>
        [
          ...l
            .map((w) => w.word)
            .join('')
            .replace(HANGING, ''),
        ].length,
    );
  const tops = lines.map((l) => (l[0] as Word).y);
  const pitches = tops.slice(1).map((y, i) => y - (tops[i] as number));
  return { lines: lines.length, top: tops[0] ?? 0, pitches, full };
}

describeEachDatabase('bulletins', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let staffName: string;
  let leaderName: string;
  let otherName: string;
  let planId: string;
  let q1: Period;
  let bulletin: Bulletin;
  let line: { district: string; city: string };
  let leader: Caller;
  let leaderId: string;
  let leaderDisplayName: string;
  let clerkId: string;
  let otherLeader: Caller;
  let correction: Bulletin;
  let lateTaskId: string;

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    const supervisor = await makeUser(t.db, 'supervisor');
    clerkId = supervisor.id;
    clerk = await signIn(app, supervisor.username);
    planId = await importSample(app, clerk);
    q1 = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const units = (await call('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id;
    const jingke = units.find((u) => u.name === '区经科局')?.id;
    staffName = (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username;
    leaderName = (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username;
    otherName = (await makeUser(t.db, 'unit_staff', { unitId: jingke })).username;
    // 区发改局 reports Q1 on time with one item blocked; 区经科局 does not report.
    const staff = await signIn(app, staffName);
    const pkg: Submission = (await call('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    const item = pkg.items[0] as Submission['items'][number];
    await call('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      status: 'blocked',
      lagReasons: ['relocation'],
      progress: '征收工作受阻，项目未能开工。',
    });
    // Another item is done in Q1, but its task was due by the end of February: 逾期完成, reported apart.
    const done = pkg.items[1] as Submission['items'][number];
    await t.db.execute(
      sql`update tasks set deadline = '2月底前' where id = (select task_id from assignments where id = ${done.assignmentId})`,
    );
    lateTaskId = done.task.id;
    await call('PATCH', `/api/v1/item-reports/${done.id}`, staff, {
      version: done.version,
      status: 'completed',
      progress: '已建成投用。',
    });
    await markRestNoProgress(app, staff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    await call('POST', `/api/v1/submissions/${pkg.id}/sign`, await signIn(app, leaderName));
    clock.advance(Date.parse('2025-04-12T09:00:00+08:00') - clock.now().getTime());
    clerk = await signIn(app, supervisor.username);
    // One confirmed line: district task 45 (长江十年禁渔) serves city task 78.
    const all = (await call('GET', `/api/v1/tasks?planId=${planId}&pageSize=500`, clerk)).json().items as TaskSummary[];
    const find = (level: string, n: string) => all.find((x) => x.source.level === level && x.number === n)?.id;
    line = { district: find('district', '45') as string, city: find('city', '78') as string };
    await call('PUT', `/api/v1/tasks/${line.district}/links/${line.city}`, clerk, { status: 'confirmed' });
    // Two district leaders: one the office submits drafts to for 签发, one who is not asked.
    const district = await makeUser(t.db, 'executive');
    leaderId = district.id;
    leaderDisplayName = district.username; // makeUser names the account after its username
    leader = await signIn(app, district.username);
    otherLeader = await signIn(app, (await makeUser(t.db, 'executive')).username);
  });

  /** 提交签发 to the district leader and 签发 by them: what every publication needs. */
  const signOff = async (id: string) => {
    const submitted = await call('POST', `/api/v1/bulletins/${id}/signoff`, clerk, { approverId: leaderId });
    expect(submitted.statusCode, submitted.body.slice(0, 300)).toBe(200);
    const approved = await call('POST', `/api/v1/bulletins/${id}/approve`, leader);
    expect(approved.statusCode, approved.body.slice(0, 300)).toBe(200);
    return approved.json() as Bulletin;
  };

  it('generates a draft from the data with wording the office starts from', async () => {
    const started = performance.now();
    const res = await call('POST', '/api/v1/bulletins', clerk, { planId, periodId: q1.id });
    const ms = performance.now() - started;
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    bulletin = res.json();
    console.info(`bulletin generated in ${ms.toFixed(0)} ms on ${t.kind}`);
    const d = bulletin.data;
    expect(bulletin).toMatchObject({
      status: 'draft',
      number: null,
      // 武昌政办〔2025〕1号 gives the place; no bulletin is numbered yet.
      proposedNumber: '武昌督查通报〔2025〕1号',
      period: { label: '2025年第一季度' },
    });
    expect(d.overview.tasks).toBe(271);
    expect(d.submissions.onTime.map((u) => u.name)).toContain('区发改局');
    expect(d.submissions.missing.map((u) => u.name)).toContain('区经科局');
    // City departments named on tasks report to the city, not here (a city bureau's district branch does report).
    expect(d.submissions.missing.map((u) => u.name)).not.toContain('市发改委');
    expect(d.submissions.missing.map((u) => u.name)).not.toContain('市人社局');
    expect(d.laggards[0]?.light).toBe('red');
    const blocked = d.laggards.find((l) => l.units.some((u) => u.reason === '征收工作受阻，项目未能开工。'));
    expect(blocked?.units[0]).toMatchObject({ unit: { name: '区发改局' }, status: 'blocked', lagReasons: ['拆迁'] });
    // The reasons units signed, counted: the bulletin reads as an agenda for coordination.
    expect(d.lagReasons).toEqual([{ reason: '拆迁', items: 1, tasks: 1 }]);
    expect(bulletin.draft.laggards).toContain('从滞后原因看，拆迁1项');
    // A unit that never reported is named with its status alone: printed 未报送, not 未报送：未按期报送.
    const unreported = d.laggards.flatMap((l) => l.units).find((u) => u.unit.name === '区经科局');
    expect(unreported).toMatchObject({ status: null, reason: null });
    expect(bulletin.draft.overview).toContain(`全区共分解目标任务271项`);
    // 区发改局 marked its other items 本期无进展; nothing is 未启动, a status nobody chose.
    expect(d.overview.itemStatuses.not_started ?? 0).toBe(0);
    expect(d.overview.itemStatuses.no_progress).toBeGreaterThan(0);
    expect(bulletin.draft.overview).toContain(`本期无进展${d.overview.itemStatuses.no_progress}项`);
    expect(bulletin.draft.submission).toContain('区经科局');
    expect(bulletin.draft.namedTaskIds).toContain(blocked?.task.id);
    // Progress classes: the blocked item is 欠进度; the item done after its deadline is listed apart.
    expect(blocked?.units[0]?.progressClass).toBe('behind');
    expect(d.overview.progress?.completed_late).toBe(1);
    expect(d.completedLate).toEqual([
      expect.objectContaining({
        task: expect.objectContaining({ id: lateTaskId }),
        deadlineOn: '2025-02-28',
        units: [{ unit: expect.objectContaining({ name: '区发改局' }), completedBy: '2025-03-31' }],
      }),
    ]);
    expect(bulletin.draft.overview).toMatch(
      /对照序时进度，超进度\d+项、达进度\d+项、欠进度\d+项、已完成\d+项、逾期完成1项，逾期完成的任务为/,
    );
    expect(d.lines).toEqual([
      expect.objectContaining({
        task: expect.objectContaining({ id: line.city, level: 'city' }),
        district: [expect.objectContaining({ id: line.district, number: '45' })],
      }),
    ]);
  });

  it('keeps drafts from units, and edits with a version check', async () => {
    const other = await signIn(app, otherName);
    expect((await call('GET', `/api/v1/bulletins/${bulletin.id}`, other)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/bulletins', other)).json().items).toEqual([]);
    expect((await call('POST', '/api/v1/bulletins', other, { planId, periodId: q1.id })).statusCode).toBe(403);
    const draft = {
      ...bulletin.draft,
      requirements: '各单位务必于4月20日前补报。',
      // Two of the most overdue and the one reported blocked (it sorts after the overdue ones).
      namedTaskIds: [
        ...bulletin.draft.namedTaskIds.slice(0, 2),
        bulletin.data.laggards.find((l) => l.units.some((u) => u.status === 'blocked'))?.task.id as string,
      ],
    };
    const edited = await call('PUT', `/api/v1/bulletins/${bulletin.id}`, clerk, { version: bulletin.version, draft });
    expect(edited.statusCode).toBe(200);
    const stale = await call('PUT', `/api/v1/bulletins/${bulletin.id}`, clerk, {
      version: bulletin.version,
      title: '覆盖',
    });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'version_conflict']);
    bulletin = edited.json();
    const foreign = await call('PUT', `/api/v1/bulletins/${bulletin.id}`, clerk, {
      version: bulletin.version,
      draft: { ...bulletin.draft, namedTaskIds: [crypto.randomUUID()] },
    });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([400, 'bulletin_unknown_ids']);
    expect(bulletin.draft.requirements).toBe('各单位务必于4月20日前补报。');
    expect(bulletin.draft.namedTaskIds).toHaveLength(Math.min(3, bulletin.data.laggards.length));
  });

  it('counts and lists every lagging task, most severe first, then in the notice order, named by source', async () => {
    // What lags, counted here without the service: tasks with an item of a unit that reports to the district
    // and has not signed its first-quarter package (red, overdue), plus the one 区发改局 reported blocked.
    const [counted] = (
      await t.db.execute(sql`
      select count(distinct a.task_id)::int as n
      from assignments a join tasks k on k.id = a.task_id join units u on u.id = a.unit_id
      where k.plan_id = ${planId} and u.level not in ('city', 'province', 'national')
        and (u.name <> '区发改局' or exists (
          select 1 from item_reports r where r.assignment_id = a.id and r.status = 'blocked'))`)
    ).rows as {
      n: number;
    }[];
    const n = counted?.n ?? 0;
    expect(n).toBeGreaterThan(40);
    expect(bulletin.data.laggards).toHaveLength(n);

    const xlsx = await call('GET', `/api/v1/bulletins/${bulletin.id}/bulletin.xlsx`, clerk);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('滞后任务');
    const rows = (sheet?.getSheetValues() ?? []).slice(2).map((r) => (r as unknown[]).slice(1).map(String));
    expect(rows).toHaveLength(n);
    // Red before yellow, the most days overdue first, then 省 → 市 → 区 and the tasks in their printed order.
    const rank = { 红灯: 0, 黄灯: 1 } as Record<string, number>;
    const level = { 省级: 0, 市级: 1, 区级: 2 } as Record<string, number>;
    const key = (r: string[]) => [
      rank[r[3] as string] ?? 9,
      -Number(r[4]),
      level[r[0] as string] ?? 9,
      Number((r[1] as string).slice(1)),
    ];
    const sorted = [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
      return 0;
    });
    expect(rows.map((r) => r[1])).toEqual(sorted.map((r) => r[1]));
    // Tasks are named with their source, as everywhere: 省1, 市47, 区12.
    expect(rows.every((r) => /^[省市区]\d+$/.test(r[1] as string))).toBe(true);

    // The office named three of them: the document says so, and names each with its code.
    const docx = await call('GET', `/api/v1/bulletins/${bulletin.id}/bulletin.docx`, clerk);
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(value).toContain(`列出3项（共${n}项）`);
    const first = bulletin.data.laggards.find((l) => l.task.id === bulletin.draft.namedTaskIds[0]);
    expect(value).toContain(`${rows.find((r) => r[2] === first?.task.text)?.[1]} ${first?.task.text}`);
  });

  it('publishes only what the chosen approver signed off (签发), and an edit voids the approval', async () => {
    const unsigned = await call('POST', `/api/v1/bulletins/${bulletin.id}/publish`, clerk, {});
    expect([unsigned.statusCode, unsigned.json().error.code]).toEqual([409, 'bulletin_not_signed_off']);
    expect(unsigned.json().error.message).toContain('签发');
    // The office chooses among the district leaders and its other supervisors, never itself or a unit.
    const approvers = (await call('GET', '/api/v1/bulletins/approvers', clerk)).json().items as { id: string }[];
    expect(approvers.map((a) => a.id)).toContain(leaderId);
    expect(approvers.map((a) => a.id)).not.toContain(clerkId);
    const self = await call('POST', `/api/v1/bulletins/${bulletin.id}/signoff`, clerk, { approverId: clerkId });
    expect([self.statusCode, self.json().error.code]).toEqual([400, 'bulletin_approver_invalid']);
    const submitted = await call('POST', `/api/v1/bulletins/${bulletin.id}/signoff`, clerk, { approverId: leaderId });
    expect(submitted.json()).toMatchObject({ signoff: 'pending', approver: { id: leaderId }, signedOffAt: null });
    // The approver's bell says it at once; only the approver may sign or return it.
    const bell = (await call('GET', '/api/v1/notifications', leader)).json().items as { kind: string; link: string }[];
    expect(bell).toContainEqual(
      expect.objectContaining({ kind: 'bulletin_signoff_pending', link: `/bulletins/${bulletin.id}` }),
    );
    for (const who of [otherLeader, clerk]) {
      expect((await call('POST', `/api/v1/bulletins/${bulletin.id}/approve`, who)).statusCode).toBe(403);
      expect(
        (await call('POST', `/api/v1/bulletins/${bulletin.id}/return`, who, { reason: '数据有误。' })).statusCode,
      ).toBe(403);
    }
    expect((await call('GET', `/api/v1/bulletins/${bulletin.id}`, leader)).json().abilities).toEqual({
      manage: false,
      signOff: true,
    });
    const returned = await call('POST', `/api/v1/bulletins/${bulletin.id}/return`, leader, {
      reason: '表扬名单请再核实。',
    });
    expect(returned.json()).toMatchObject({ signoff: 'returned', returnReason: '表扬名单请再核实。' });
    const clerkBell = (await call('GET', '/api/v1/notifications', clerk)).json().items as { kind: string }[];
    expect(clerkBell.map((n) => n.kind)).toContain('bulletin_signoff_returned');
    expect((await call('POST', `/api/v1/bulletins/${bulletin.id}/approve`, leader)).statusCode).toBe(409);
    expect((await call('POST', `/api/v1/bulletins/${bulletin.id}/publish`, clerk, {})).statusCode).toBe(409);

    let approved = await signOff(bulletin.id);
    expect(approved).toMatchObject({ signoff: 'approved', approver: { id: leaderId }, returnReason: null });
    expect(approved.signedOffAt).toBe(clock.now().toISOString());
    // Editing after 签发 voids it: the leader signed the text as it was.
    const edited = await call('PUT', `/api/v1/bulletins/${bulletin.id}`, clerk, {
      version: approved.version,
      title: bulletin.title,
    });
    expect(edited.json()).toMatchObject({ signoff: 'none', signedOffAt: null });
    const voided = await call('POST', `/api/v1/bulletins/${bulletin.id}/publish`, clerk, {});
    expect([voided.statusCode, voided.json().error.code]).toEqual([409, 'bulletin_not_signed_off']);
    approved = await signOff(bulletin.id);
    const actions = (
      await t.db.execute(
        sql`select action from audit_entries where subject_id = ${bulletin.id} and action like 'bulletin.%' order by id`,
      )
    ).rows.map((r) => (r as { action: string }).action);
    expect(actions).toEqual(
      expect.arrayContaining(['bulletin.submitSignoff', 'bulletin.returnSignoff', 'bulletin.signOff']),
    );
    bulletin = approved;
  });

  it('publishes once under a unique number, freezes the snapshot and tells every unit', async () => {
    const number = '武昌督查通报〔2025〕1号';
    const published = await call('POST', `/api/v1/bulletins/${bulletin.id}/publish`, clerk, { number });
    expect(published.statusCode).toBe(200);
    bulletin = published.json();
    expect(bulletin).toMatchObject({ status: 'published', number, signoff: 'approved', approver: { id: leaderId } });
    for (const [method, url, body] of [
      ['POST', `/api/v1/bulletins/${bulletin.id}/publish`, { number: '武昌督查通报〔2025〕2号' }],
      ['POST', `/api/v1/bulletins/${bulletin.id}/regenerate`, undefined],
      ['PUT', `/api/v1/bulletins/${bulletin.id}`, { version: bulletin.version, title: '改标题' }],
    ] as const) {
      const res = await call(method, url, clerk, body);
      expect([res.statusCode, res.json().error.code], url).toEqual([409, 'bulletin_published']);
    }
    const second: Bulletin = (await call('POST', '/api/v1/bulletins', clerk, { planId, periodId: q1.id })).json();
    // The server proposes the next number of the year and refuses the taken one, however spelled.
    expect(second.proposedNumber).toBe('武昌督查通报〔2025〕2号');
    await signOff(second.id);
    for (const spelling of [number, '武昌督查通报[2025]1号']) {
      const taken = await call('POST', `/api/v1/bulletins/${second.id}/publish`, clerk, { number: spelling });
      expect([taken.statusCode, taken.json().error.code]).toEqual([409, 'bulletin_number_taken']);
      expect(taken.json().error.message).toContain('已被使用');
    }
    const malformed = await call('POST', `/api/v1/bulletins/${second.id}/publish`, clerk, { number: '第3期' });
    expect([malformed.statusCode, malformed.json().error.code]).toEqual([400, 'bulletin_number_invalid']);
    expect(malformed.json().error.message).toContain('应如“武昌督查通报〔2025〕3号”');

    // 区经科局 reports late: its leader signs on 12 April, 2 days 9 hours after the deadline.
    const other = await signIn(app, otherName);
    const pkg: Submission = (await call('GET', `/api/v1/periods/${q1.id}/submission`, other)).json();
    // Sent blank: it may be sent, but not signed, and its blanks never count as 未启动.
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/send`, other)).statusCode).toBe(200);
    const units = (await call('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const jingke = units.find((u) => u.name === '区经科局')?.id;
    const otherLeader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: jingke })).username);
    const blank = await call('POST', `/api/v1/submissions/${pkg.id}/sign`, otherLeader);
    expect([blank.statusCode, blank.json().error.code]).toEqual([409, 'submission_unfilled']);
    expect(blank.json().error.details).toEqual({ unfilled: pkg.items.length });
    const blankFigures: Bulletin = (await call('POST', `/api/v1/bulletins/${second.id}/regenerate`, clerk)).json();
    expect(blankFigures.data.overview.itemStatuses.not_started ?? 0).toBe(0);
    expect(blankFigures.data.overview.itemStatuses.unreported).toBe(second.data.overview.itemStatuses.unreported);
    await markRestNoProgress(app, other, pkg.id);
    const signed = await call('POST', `/api/v1/submissions/${pkg.id}/sign`, otherLeader);
    expect(signed.json()).toMatchObject({ status: 'submitted', late: true });
    // A bulletin drawn up now names it late, by whole days rounded up …
    const redrawn: Bulletin = (await call('POST', `/api/v1/bulletins/${second.id}/regenerate`, clerk)).json();
    expect(redrawn.data.submissions.late).toEqual([{ id: jingke, name: '区经科局', lateDays: 3 }]);
    expect(redrawn.data.submissions.missing.map((u) => u.name)).not.toContain('区经科局');
    expect(redrawn.data.submissions.onTime.map((u) => u.name)).not.toContain('区经科局');
    // Before a period's deadline no unit is missing yet.
    const periods = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items as Period[];
    const early = await call('POST', '/api/v1/bulletins', clerk, { planId, periodId: periods[1]?.id });
    expect(early.statusCode).toBe(200);
    expect((early.json() as Bulletin).data.submissions).toMatchObject({ missing: [], late: [] });
    // … while the published one still says what it said.
    const again: Bulletin = (await call('GET', `/api/v1/bulletins/${bulletin.id}`, other)).json();
    expect(again.data.submissions.missing.map((u) => u.name)).toContain('区经科局');
    expect(again.data.submissions.late).toEqual([]);
    // A unit reads the published figures, with only the named laggards and the commended units.
    expect(again.data).toEqual({
      ...bulletin.data,
      laggards: bulletin.data.laggards.filter((l) => bulletin.draft.namedTaskIds.includes(l.task.id)),
      commendations: bulletin.data.commendations.filter((c) => bulletin.draft.commendedUnitIds.includes(c.unit.id)),
    });
    expect(again.data.laggards.length).toBeLessThan(bulletin.data.laggards.length);
    expect(again.draft).toEqual(bulletin.draft);
    const bell = (await call('GET', '/api/v1/notifications', other)).json();
    expect(
      bell.items.some(
        (n: { kind: string; title: string }) => n.kind === 'bulletin_published' && n.title.includes(number),
      ),
    ).toBe(true);
    expect((await call('GET', '/api/v1/bulletins', other)).json().items.map((b: { id: string }) => b.id)).toEqual([
      bulletin.id,
    ]);
    const third: Bulletin = (await call('POST', '/api/v1/bulletins', clerk, { planId, periodId: q1.id })).json();
    // Without a number the server assigns its proposal; the next draft is proposed the one after.
    await signOff(third.id);
    const assigned = await call('POST', `/api/v1/bulletins/${third.id}/publish`, clerk, {});
    expect(assigned.json()).toMatchObject({
      status: 'published',
      number: '武昌督查通报〔2025〕2号',
      proposedNumber: null,
    });
    expect((await call('GET', `/api/v1/bulletins/${second.id}`, clerk)).json().proposedNumber).toBe(
      '武昌督查通报〔2025〕3号',
    );
  });

  it('corrects a published bulletin with a numbered 更正 that references it, never in place', async () => {
    const before = (await call('GET', `/api/v1/bulletins/${bulletin.id}`, clerk)).json() as Bulletin;
    const drafts = (await call('GET', '/api/v1/bulletins', clerk)).json().items as Bulletin[];
    const draft = drafts.find((b) => b.status === 'draft') as Bulletin;
    const ofDraft = await call('POST', `/api/v1/bulletins/${draft.id}/corrections`, clerk, { correction: '改正。' });
    expect([ofDraft.statusCode, ofDraft.json().error.code]).toEqual([409, 'bulletin_not_published']);
    const text = '第二部分“区发改局按时报送”应为“区发改局逾期1天报送”。';
    const created = await call('POST', `/api/v1/bulletins/${bulletin.id}/corrections`, clerk, { correction: text });
    expect(created.statusCode, created.body.slice(0, 300)).toBe(200);
    correction = created.json();
    expect(correction).toMatchObject({
      status: 'draft',
      corrects: { id: bulletin.id, number: '武昌督查通报〔2025〕1号' },
      correction: text,
      title: `关于《${bulletin.title}》（武昌督查通报〔2025〕1号）的更正`,
      // Its own number, the next of the year (1 and 2 are taken).
      proposedNumber: '武昌督查通报〔2025〕3号',
    });
    expect((await call('POST', `/api/v1/bulletins/${correction.id}/regenerate`, clerk)).statusCode).toBe(409);
    const unsigned = await call('POST', `/api/v1/bulletins/${correction.id}/publish`, clerk, {});
    expect([unsigned.statusCode, unsigned.json().error.code]).toEqual([409, 'bulletin_not_signed_off']);
    await signOff(correction.id);
    const published = await call('POST', `/api/v1/bulletins/${correction.id}/publish`, clerk, {});
    expect(published.json()).toMatchObject({ status: 'published', number: '武昌督查通报〔2025〕3号' });
    correction = published.json();

    // The original is unchanged, row and document, and says where it was corrected.
    const after = (await call('GET', `/api/v1/bulletins/${bulletin.id}`, clerk)).json() as Bulletin;
    const { correctedBy, ...rest } = after;
    const { correctedBy: none, ...was } = before;
    expect(none).toEqual([]);
    expect(rest).toEqual(was);
    expect(correctedBy).toEqual([{ id: correction.id, number: '武昌督查通报〔2025〕3号', title: correction.title }]);

    // Units read it like any published bulletin; its document is the correction's own text.
    const other = await signIn(app, otherName);
    const listed = (await call('GET', '/api/v1/bulletins', other)).json().items as { id: string; correctsId: string }[];
    expect(listed).toContainEqual(expect.objectContaining({ id: correction.id, correctsId: bulletin.id }));
    const docx = await call('GET', `/api/v1/bulletins/${correction.id}/bulletin.docx`, other);
    expect(docx.statusCode).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(value).toContain(`关于《${bulletin.title}》（武昌督查通报〔2025〕1号）的更正`);
    expect(value).toContain(text);
    expect(value).toContain('特此更正。');
    expect(value).toContain('武昌督查通报〔2025〕3号');
    expect(value).toMatch(/签发人：\S+\s+签发时间：2025年4月12日 \d\d:\d\d/);
  });

  it('prints the bulletin as an official document that LibreOffice renders, and as detail sheets', async () => {
    const staff = await signIn(app, staffName);
    const docx = await call('GET', `/api/v1/bulletins/${bulletin.id}/bulletin.docx`, staff);
    expect(docx.statusCode).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(value).toContain('武昌督查通报〔2025〕1号');
    expect(value).toContain(bulletin.title);
    expect(value).toContain('各责任单位：');
    expect(value).toContain('各单位务必于4月20日前补报。');
    expect(value).toContain('征收工作受阻');
    expect(value).toContain('〔原因：拆迁〕');
    expect(value).toContain('按省市任务条线');
    expect(value).toContain('逾期完成的任务');
    expect(value).toContain('2025年2月28日');
    // 落款 and 版记: the date written out, copies and the issuing office with the printing date.
    expect(value).toMatch(/区政府督查室\s+2025年4月12日/);
    expect(value).toContain('抄送：');
    expect(value).toContain('区政府督查室    2025年4月12日印发');
    // 签发人 and 签发时间 in the 版记 (a 通报 goes down to the units: GB/T 9704 keeps 签发人 out of its 版头).
    const leaderName = leaderDisplayName;
    const signedAt = new Date(bulletin.signedOffAt as string);
    expect(value).toContain(
      `签发人：${leaderName}　　签发时间：2025年4月12日 ${new Date(signedAt.getTime() + 8 * 3600_000).toISOString().slice(11, 16)}`,
    );

    const xlsx = await call('GET', `/api/v1/bulletins/${bulletin.id}/bulletin.xlsx`, staff);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '概况',
      '报送情况',
      '延期情况',
      '领导批示',
      '滞后任务',
      '逾期完成',
      '黑榜',
      '表扬单位',
      '协调事项与督办单',
      '上下贯通',
    ]);
    expect(book.getWorksheet('逾期完成')?.getRow(2).getCell(5).value).toBe('区发改局');
    const situations = book.getWorksheet('滞后任务')?.getColumn(7).values.map(String) ?? [];
    expect(situations.some((v) => v.split('\n').includes('未报送'))).toBe(true);
    expect(situations.some((v) => v.includes('未报送：'))).toBe(false);
    // A unit's copy lists the named laggards only.
    expect(book.getWorksheet('滞后任务')?.rowCount).toBe(
      bulletin.data.laggards.filter((l) => bulletin.draft.namedTaskIds.includes(l.task.id)).length + 1,
    );

    const rendered = renderDocx(docx.rawPayload, 'bulletin');
    if (!rendered) return;
    const { pdf, dir } = rendered;
    const page = firstPage(pdf, dir);
    const ink = share(page, dark);
    // GB/T 9704 版头: the office's mark and the separator line in red, in the top third of the first page.
    const redHead = share(page, red, 0, 1 / 3);
    const redRest = share(page, red, 1 / 3, 1);
    console.info(
      `bulletin page 1: ${(ink * 100).toFixed(2)} % dark, ${(redHead * 100).toFixed(2)} % red in the top third`,
    );
    expect(ink).toBeGreaterThan(0.005);
    expect(redHead).toBeGreaterThan(0.002);
    expect(redRest).toBe(0);
    // Margins: text starts 37 mm from the top and 28 mm from the left.
    const words = (pages(pdf, dir)[0] as Page).words;
    const mark = words.find((w) => w.word.includes('区政府督查室文件'));
    expect(mark?.y).toBeGreaterThanOrEqual(37 * MM_PT - 2);
    expect(Math.min(...words.map((w) => w.x))).toBeGreaterThanOrEqual(28 * MM_PT - 2);
    expect(Math.min(...words.map((w) => w.x))).toBeLessThan(28 * MM_PT + 3 * 16);
    expect(layoutText(pdf)).toMatch(/—\s*1\s*—/);
  }, 180_000);

  it('sets the body on the 22 lines × 28 characters grid of GB/T 9704', async () => {
    // A draft whose wording runs over whole pages, so some page is nothing but body text.
    const drafts = (await call('GET', '/api/v1/bulletins', clerk)).json().items as Bulletin[];
    const draft: Bulletin = (
      await call('GET', `/api/v1/bulletins/${drafts.find((b) => b.status === 'draft')?.id}`, clerk)
    ).json();
    const long =
      '各责任单位要进一步压实责任，对照时间节点抓好落实，于下一报告期截止前经单位主要领导签字同意后报送进展情况。'.repeat(
        12,
      );
    const edited = await call('PUT', `/api/v1/bulletins/${draft.id}`, clerk, {
      version: draft.version,
      draft: { ...draft.draft, intro: long, overview: long, requirements: long },
    });
    expect(edited.statusCode).toBe(200);
    const docx = await call('GET', `/api/v1/bulletins/${draft.id}/bulletin.docx`, clerk);
    const rendered = renderDocx(docx.rawPayload, 'grid');
    if (!rendered) return;
    const grids = pages(rendered.pdf, rendered.dir).map(gridOf);
    // A full body page: 22 lines (the page number below the 35 mm margin not counted).
    const full = grids.find((g) => g.lines === 22 && g.full.length >= 15);
    console.info(`grid: lines per page ${grids.map((g) => g.lines).join(', ')}`);
    expect(full, 'a page full of body text').toBeDefined();
    const g = full as (typeof grids)[number];
    // The first line's box starts within one line of the 37 mm top margin; 22 lines of 28.95 pt fill the 225 mm.
    expect(g.top).toBeGreaterThanOrEqual(37 * MM_PT - 1);
    expect(g.top).toBeLessThan(37 * MM_PT + 28.95);
    for (const p of g.pitches) expect(p).toBeCloseTo(28.95, 0);
    expect((g.pitches.reduce((a, b) => a + b, 0) / g.pitches.length).toFixed(2)).toBe('28.95');
    expect(new Set(g.full)).toEqual(new Set([28]));
  }, 180_000);
});
