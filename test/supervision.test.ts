// Supervision end to end on every database: lights from real reports, the dashboard, the office's task
// list and its export, 督办单, 办结销号, notifications and reminders, settings and group robots.

import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import type { Closeout, Dashboard, SupervisedTask, SupervisionNotice } from '../src/api/supervision.js';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { dashboard } from '../src/server/services/dashboard.js';
import { verifyLights } from '../src/server/services/stored-lights.js';
import {
  type Caller,
  fakeClock,
  importSample,
  makeApp,
  makeUser,
  markRestNoProgress,
  multipart,
  signIn,
  systemCtx,
} from './app.js';
import { describeEachDatabase } from './db.js';
import { dark, firstPage, MM_PT, type Page, pages, renderDocx, share } from './render.js';

describeEachDatabase('supervision', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let names: Record<string, string>;
  let planId: string;
  let periods: Period[];
  let fagai: string;
  let jingke: string;
  let blockedItem: Submission['items'][number];
  let jingkeTask: SupervisedTask;

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const as = (who: string) => signIn(app, names[who] as string);

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    const supervisor = await makeUser(t.db, 'supervisor');
    clerk = await signIn(app, supervisor.username);
    planId = await importSample(app, clerk);
    periods = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const units = (await call('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    fagai = units.find((u) => u.name === '区发改局')?.id as string;
    jingke = units.find((u) => u.name === '区经科局')?.id as string;
    names = {
      fagaiStaff: (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username,
      fagaiLeader: (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username,
      jingkeStaff: (await makeUser(t.db, 'unit_staff', { unitId: jingke })).username,
      jingkeLeader: (await makeUser(t.db, 'unit_leader', { unitId: jingke })).username,
      supervisor: supervisor.username,
    };
  });

  it('shows every task grey before anything is due', async () => {
    const res = await call('GET', `/api/v1/dashboard?planId=${planId}`, clerk);
    expect(res.statusCode).toBe(200);
    const d: Dashboard = res.json();
    expect(d.totals.tasks).toBe(271);
    expect(d.totals.taskLights).toEqual({ red: 0, yellow: 0, green: 0, grey: 271 });
    expect(d.bySource.map((s) => s.level)).toEqual(['province', 'city', 'district']);
    expect(d.lagging).toEqual([]);
    expect(d.due).toBeNull();
  });

  it('turns a blocked report red at once, and unreported items red after the deadline', async () => {
    const staff = await as('fagaiStaff');
    const pkg: Submission = (await call('GET', `/api/v1/periods/${periods[0]?.id}/submission`, staff)).json();
    blockedItem = pkg.items[0] as Submission['items'][number];
    const saved = await call('PATCH', `/api/v1/item-reports/${blockedItem.id}`, staff, {
      version: blockedItem.version,
      status: 'blocked',
      lagReasons: ['land'],
      progress: '用地指标未落实，项目无法开工。',
    });
    expect(saved.statusCode).toBe(200);
    await markRestNoProgress(app, staff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, await as('fagaiLeader'))).statusCode).toBe(200);

    let d: Dashboard = (await call('GET', `/api/v1/dashboard?planId=${planId}`, clerk)).json();
    expect(d.lagging).toHaveLength(1);
    expect(d.lagging[0]).toMatchObject({ task: { id: blockedItem.task.id }, light: 'red', reasons: ['blocked'] });
    expect(d.lagging[0]?.units.find((u) => u.unit.id === fagai)?.progress).toBe('用地指标未落实，项目无法开工。');

    clock.advance(Date.parse('2025-04-10T00:00:01+08:00') - clock.now().getTime());
    clerk = await signIn(app, names.supervisor as string);
    d = (await call('GET', `/api/v1/dashboard?planId=${planId}`, clerk)).json();
    expect(d.period?.label).toBe('2025年第一季度');
    const byUnit = new Map(d.byUnit.map((u) => [u.unit.id, u]));
    expect(byUnit.get(fagai)?.submission).toBe('on_time');
    expect(byUnit.get(jingke)?.submission).toBe('missing');
    expect(byUnit.get(jingke)?.lights.green).toBe(0);
    // 区发改局 reported everything (not started, on time): green except the blocked item.
    expect(byUnit.get(fagai)?.lights).toMatchObject({ red: 1, yellow: 0, grey: 0 });
    expect(d.trend[0]).toMatchObject({ period: { label: '2025年第一季度' } });
    expect(d.trend[0]?.onTimeRate).toBeCloseTo(1 / d.byUnit.length, 6);
  });

  it('filters the office task list by light, unit and overdue, and scopes it for units', async () => {
    const list = (query: string, caller = clerk) =>
      call('GET', `/api/v1/supervision/tasks?planId=${planId}&${query}`, caller);
    const red = (await list('light=red&pageSize=500')).json();
    const green = (await list('light=green&pageSize=500')).json();
    const all = (await list('pageSize=10')).json();
    expect(all.total).toBe(271);
    expect(all.items).toHaveLength(10);
    expect(green.items.every((x: SupervisedTask) => x.supervision.light === 'green')).toBe(true);
    expect(red.total + green.total).toBeLessThanOrEqual(271);
    const mine = (await list(`unitId=${jingke}&overdue=true&pageSize=500`)).json();
    expect(mine.total).toBeGreaterThan(0);
    jingkeTask = mine.items[0];
    expect(
      mine.items.every((x: SupervisedTask) =>
        x.supervision.units.some((u) => u.unit.id === jingke && u.reasons.includes('overdue_unreported')),
      ),
    ).toBe(true);
    expect((await list(`unitId=${fagai}&overdue=true`)).json().total).toBe(0);
    // A unit sees its own items only, whatever it asks for.
    const staff = await as('fagaiStaff');
    const own = (await list(`unitId=${jingke}&pageSize=500`, staff)).json();
    expect(own.total).toBe(0);
    const ownAll = (await list('pageSize=500', staff)).json();
    expect(ownAll.items.every((x: SupervisedTask) => x.supervision.units.every((u) => u.unit.id === fagai))).toBe(true);
    const unitDash: Dashboard = (await call('GET', `/api/v1/dashboard?planId=${planId}`, staff)).json();
    expect(unitDash.byUnit.map((u) => u.unit.id)).toEqual([fagai]);
    expect(unitDash.due?.nextDeadline?.label).toBe('2025年第二季度');
    // Progress against plan (超进度 … 逾期完成): 区发改局's blocked item holds its task 欠进度, and the filter
    // keeps exactly the tasks of a class.
    const fagaiTasks: SupervisedTask[] = (await list(`unitId=${fagai}&pageSize=500`)).json().items;
    const blocked = fagaiTasks.find((x) =>
      x.supervision.units.some((u) => u.unit.id === fagai && u.status === 'blocked'),
    );
    expect(blocked?.supervision.units.find((u) => u.unit.id === fagai)?.progressClass).toBe('behind');
    expect(blocked?.supervision.progressClass).toBe('behind');
    const behind = (await list('progressClass=behind&pageSize=500')).json();
    expect(behind.items.map((x: SupervisedTask) => x.id)).toContain(blocked?.id);
    expect(behind.items.every((x: SupervisedTask) => x.supervision.progressClass === 'behind')).toBe(true);
    const unreported = all.items.filter((x: SupervisedTask) => x.supervision.units.every((u) => u.status === null));
    expect(unreported.every((x: SupervisedTask) => x.supervision.progressClass === null)).toBe(true);
    expect((await list('progressClass=fast')).statusCode).toBe(400);
    // Bad filters are a 400, not a 500.
    expect((await list('light=purple')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/supervision/tasks?planId=nope', clerk)).statusCode).toBe(400);
  });

  it('exports the filtered list to .xlsx', async () => {
    const res = await call('GET', `/api/v1/supervision/tasks.xlsx?planId=${planId}&unitId=${jingke}`, clerk);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent('任务清单.xlsx')}`,
    );
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('任务清单');
    const total = (await call('GET', `/api/v1/supervision/tasks?planId=${planId}&unitId=${jingke}`, clerk)).json()
      .total;
    expect(sheet?.rowCount).toBe(total + 1);
    expect(sheet?.getRow(1).getCell(4).value).toBe('任务内容');
    expect(sheet?.getRow(1).getCell(8).value).toBe('进度');
    expect(String(sheet?.getRow(2).getCell(6).value)).toContain('区经科局');
    // Tasks named by their code: 区经科局 holds tasks of all three sources, the number alone is ambiguous.
    const codes = (sheet?.getColumn(3).values ?? []).slice(2).map(String);
    expect(
      codes.every((c) => /^[省市区]\d+$/.test(c)),
      codes.join(' '),
    ).toBe(true);
    expect(new Set(codes.map((c) => c[0]))).toEqual(new Set(['省', '市', '区']));
  });

  it('issues, answers and closes a 督办单, numbered per year', async () => {
    const assignmentId = jingkeTask.supervision.units.find((u) => u.unit.id === jingke)?.assignmentId as string;
    const body = { assignmentId, reason: '一季度未按期报送。', severity: 'yellow', respondBy: '2025-04-20' };
    expect(
      (await call('POST', '/api/v1/supervision-notices', clerk, { ...body, respondBy: '2025-04-01' })).json().error
        .code,
    ).toBe('respond_by_past');
    const jStaff = await as('jingkeStaff');
    expect((await call('POST', '/api/v1/supervision-notices', jStaff, body)).statusCode).toBe(403);
    const issued = await call('POST', '/api/v1/supervision-notices', clerk, body);
    expect(issued.statusCode).toBe(200);
    const n: SupervisionNotice = issued.json();
    expect(n).toMatchObject({ number: '督办〔2025〕1号', status: 'issued', unit: { id: jingke }, overdue: false });
    const second: SupervisionNotice = (await call('POST', '/api/v1/supervision-notices', clerk, body)).json();
    expect(second.number).toBe('督办〔2025〕2号');

    // Closing before a response is refused; another unit cannot see it.
    expect((await call('POST', `/api/v1/supervision-notices/${n.id}/close`, clerk, {})).json().error.code).toBe(
      'notice_state',
    );
    expect((await call('GET', `/api/v1/supervision-notices/${n.id}`, await as('fagaiStaff'))).statusCode).toBe(404);
    expect(
      (
        await call('POST', `/api/v1/supervision-notices/${n.id}/respond`, await as('fagaiStaff'), {
          response: '已整改',
        })
      ).statusCode,
    ).toBe(404);
    const inbox = (await call('GET', '/api/v1/notifications', jStaff)).json();
    expect(inbox.items.some((x: { kind: string }) => x.kind === 'notice_issued')).toBe(true);

    const answered = await call('POST', `/api/v1/supervision-notices/${n.id}/respond`, jStaff, {
      response: '已召开专题会，4月15日前补报。',
      newDueOn: '2025-04-15',
    });
    expect(answered.json()).toMatchObject({ status: 'responded', newDueOn: '2025-04-15' });
    const closed = await call('POST', `/api/v1/supervision-notices/${n.id}/close`, clerk, { note: '已补报' });
    expect(closed.json()).toMatchObject({ status: 'closed', closeNote: '已补报' });
    expect(
      (await call('POST', `/api/v1/supervision-notices/${n.id}/respond`, jStaff, { response: '再次反馈' })).statusCode,
    ).toBe(409);
    const doc = await call('GET', `/api/v1/supervision-notices/${n.id}/notice.docx`, jStaff);
    const { value } = await mammoth.extractRawText({ buffer: doc.rawPayload });
    expect(value).toContain('督办〔2025〕1号');
    expect(value).toContain('已召开专题会');
    // The office's form: 督办要求, 办理时限, the unit's receipt, the answer and the office's review.
    for (const label of ['督办要求', '办理时限', '承办单位签收', '签收人：', '办理情况', '审核', '审核人：']) {
      expect(value, label).toContain(label);
    }
    expect(value).toContain('承诺完成时间：2025年4月15日');
    expect(value).toMatch(/督查室审核意见：已补报/);
    // As printed: one A4 page inside the GB/T 9704 margins, every part of the form on it.
    const rendered = renderDocx(doc.rawPayload, 'notice');
    if (rendered) {
      const [page, ...more] = pages(rendered.pdf, rendered.dir);
      expect(more).toEqual([]);
      const { width, height, words } = page as Page;
      expect([width, height].map((x) => Math.round(x / MM_PT))).toEqual([210, 297]);
      const text = words.map((w) => w.word).join('');
      for (const label of ['督办单', '督办要求', '办理时限', '承办单位签收', '办理情况', '审核', '已召开专题会']) {
        expect(text.replace(/\s/g, ''), label).toContain(label);
      }
      expect(Math.min(...words.map((w) => w.y))).toBeGreaterThanOrEqual(37 * MM_PT - 2);
      expect(Math.min(...words.map((w) => w.x))).toBeGreaterThanOrEqual(28 * MM_PT - 2);
      expect(Math.max(...words.map((w) => w.xMax))).toBeLessThanOrEqual(width - 26 * MM_PT + 2);
      expect(Math.max(...words.map((w) => w.yMax))).toBeLessThanOrEqual(height - 35 * MM_PT + 2);
      expect(share(firstPage(rendered.pdf, rendered.dir), dark)).toBeGreaterThan(0.003);
    }
    const mine = (await call('GET', '/api/v1/supervision-notices', jStaff)).json().items as SupervisionNotice[];
    expect(mine.map((x) => x.number).sort()).toEqual(['督办〔2025〕1号', '督办〔2025〕2号']);
    expect((await call('GET', '/api/v1/supervision-notices', await as('fagaiStaff'))).json().items).toEqual([]);
    // Only open notices count on the task list.
    const withNotice = (
      await call('GET', `/api/v1/supervision/tasks?planId=${planId}&hasNotice=true&pageSize=500`, clerk)
    ).json();
    expect(withNotice.items.map((x: SupervisedTask) => x.id)).toContain(jingkeTask.id);
  }, 180_000);

  it('closes an item out only with its own evidence, and a verified item is green for good', async () => {
    const staff = await as('fagaiStaff');
    const body = {
      assignmentId: blockedItem.assignmentId,
      note: '项目已开工，年度任务完成。',
      evidenceIds: [] as string[],
    };
    const none = await call('POST', '/api/v1/closeouts', staff, body);
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('closeout_needs_evidence');
    // Evidence must be this item's: upload to the Q2 submission's item.
    const pkg: Submission = (await call('GET', `/api/v1/periods/${periods[1]?.id}/submission`, staff)).json();
    const item = pkg.items.find((i) => i.assignmentId === blockedItem.assignmentId) as Submission['items'][number];
    const other = pkg.items.find((i) => i.assignmentId !== blockedItem.assignmentId) as Submission['items'][number];
    const upload = async (target: Submission['items'][number]) => {
      const file = multipart('开工证明.pdf', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/item-reports/${target.id}/evidence`,
        headers: { ...staff.headers, ...file.headers },
        payload: file.payload,
      });
      const s: Submission = res.json();
      return s.items.find((i) => i.id === target.id)?.evidence[0]?.id as string;
    };
    const foreign = await upload(other);
    expect(
      (await call('POST', '/api/v1/closeouts', staff, { ...body, evidenceIds: [foreign] })).json().error.code,
    ).toBe('evidence_not_found');
    const own = await upload(item);
    // Its own evidence does not carry another item's along.
    expect(
      (await call('POST', '/api/v1/closeouts', staff, { ...body, evidenceIds: [own, foreign] })).json().error.code,
    ).toBe('evidence_not_found');
    expect(
      (await call('POST', '/api/v1/closeouts', await as('jingkeStaff'), { ...body, evidenceIds: [own] })).statusCode,
    ).toBe(404);
    const requested = await call('POST', '/api/v1/closeouts', staff, { ...body, evidenceIds: [own] });
    expect(requested.statusCode).toBe(200);
    const c: Closeout = requested.json();
    expect(c).toMatchObject({ status: 'pending', evidence: [{ id: own, fileName: '开工证明.pdf' }] });
    expect((await call('POST', '/api/v1/closeouts', staff, { ...body, evidenceIds: [own] })).json().error.code).toBe(
      'closeout_exists',
    );
    expect((await call('POST', `/api/v1/closeouts/${c.id}/decide`, staff, { verify: true })).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/closeouts/${c.id}/decide`, clerk, { verify: false })).statusCode).toBe(400);
    const verified = await call('POST', `/api/v1/closeouts/${c.id}/decide`, clerk, { verify: true, note: '核实无误' });
    expect(verified.json()).toMatchObject({ status: 'verified', decisionNote: '核实无误' });
    const again = await call('POST', `/api/v1/closeouts/${c.id}/decide`, clerk, { verify: true, note: '再核一次' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'closeout_decided']);
    const task = (await call('GET', `/api/v1/supervision/tasks?planId=${planId}&unitId=${fagai}&pageSize=500`, clerk))
      .json()
      .items.find((x: SupervisedTask) => x.id === blockedItem.task.id) as SupervisedTask;
    expect(task.supervision.units.find((u) => u.unit.id === fagai)).toMatchObject({
      light: 'green',
      closed: true,
      reasons: ['closed'],
    });
  });

  it('reminds units on the office’s request, and each user reads and clears their own bell', async () => {
    const staff = await as('jingkeStaff');
    const assignmentId = jingkeTask.supervision.units.find((u) => u.unit.id === jingke)?.assignmentId as string;
    expect((await call('POST', '/api/v1/reminders', staff, { assignmentIds: [assignmentId] })).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/reminders', clerk, { assignmentIds: [] })).statusCode).toBe(400);
    const sent = await call('POST', '/api/v1/reminders', clerk, {
      assignmentIds: [assignmentId],
      message: '请于本周内补报',
    });
    expect(sent.json()).toEqual({ units: 1, notified: 2 });
    const bell = (await call('GET', '/api/v1/notifications', staff)).json();
    expect(bell.unread).toBeGreaterThanOrEqual(2);
    const reminder = bell.items.find((x: { kind: string }) => x.kind === 'manual_reminder');
    expect(reminder.body).toContain('请于本周内补报');
    const cleared = (await call('POST', '/api/v1/notifications/read', staff, { all: true })).json();
    expect(cleared.unread).toBe(0);
    // Someone else's notifications are untouched by it.
    expect((await call('GET', '/api/v1/notifications', await as('jingkeLeader'))).json().unread).toBeGreaterThan(0);
  });

  it('keeps settings valid and robots off private addresses', async () => {
    const good = {
      behindMargin: 0.15,
      remindBeforeDays: [7, 2],
      escalateToLeaderAfterDays: 2,
      proposeNoticeAfterDays: 5,
      coordinationUnansweredDays: 3,
    };
    expect((await call('PUT', '/api/v1/settings/supervision', clerk, { ...good, behindMargin: 2 })).statusCode).toBe(
      400,
    );
    expect((await call('PUT', '/api/v1/settings/supervision', await as('fagaiLeader'), good)).statusCode).toBe(403);
    expect((await call('PUT', '/api/v1/settings/supervision', clerk, good)).json()).toEqual(good);
    expect((await call('GET', '/api/v1/settings/supervision', clerk)).json()).toEqual(good);

    const leader = await as('fagaiLeader');
    const put = (body: object, caller = leader, unit = fagai) =>
      call('PUT', `/api/v1/units/${unit}/webhook`, caller, body);
    for (const url of [
      'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x',
      'https://127.0.0.1/robot',
      'https://10.1.2.3/robot',
      'https://[::1]/robot',
      'https://169.254.169.254/latest',
      'https://localhost/robot',
    ]) {
      const res = await put({ kind: 'wecom', url });
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'webhook_url_invalid']);
    }
    expect((await put({ kind: 'wecom', url: null })).json().error.code).toBe('webhook_incomplete');
    expect((await put({ kind: 'wecom', url: 'https://1.1.1.1/robot' }, leader, jingke)).statusCode).toBe(404);
    expect((await put({ kind: 'wecom', url: 'https://1.1.1.1/robot' }, await as('fagaiStaff'))).statusCode).toBe(403);
    const ok = await put({ kind: 'dingtalk', url: 'https://1.1.1.1/robot/send?access_token=abc', secret: 'SECxyz' });
    expect(ok.json()).toEqual({
      kind: 'dingtalk',
      url: 'https://1.1.1.1/robot/send?access_token=abc',
      hasSecret: true,
    });
    expect(JSON.stringify((await call('GET', `/api/v1/units/${fagai}/webhook`, leader)).json())).not.toContain(
      'SECxyz',
    );
    expect((await put({ kind: null, url: null })).json()).toEqual({ kind: null, url: null, hasSecret: false });

    // Digests go to the e-mail address on the account.
    const people = (await call('GET', '/api/v1/users', clerk)).json().items as { id: string; username: string }[];
    const staffId = people.find((p) => p.username === names.jingkeStaff)?.id as string;
    const bad = await call('PATCH', `/api/v1/users/${staffId}`, clerk, { email: 'not-an-address' });
    expect(bad.statusCode).toBe(400);
    const set = await call('PATCH', `/api/v1/users/${staffId}`, clerk, { email: 'jk@example.gov.cn' });
    expect(set.json().user.email).toBe('jk@example.gov.cn');
  });

  it('computes the dashboard once per change: readers share one answer, and a signature shows in the same minute', async () => {
    const office = { ...(await systemCtx(t.db, 'supervisor')), clock: clock.now };
    const [first, second] = await Promise.all([dashboard(office, planId), dashboard(office, planId)]);
    expect(second).toBe(first);
    expect(await dashboard(office, planId)).toBe(first);
    // A unit that has not reported signs now, without the clock moving: the next answer is a new one and says so.
    const late = first.byUnit.find((u) => u.submission === 'missing' && u.unit.id !== jingke)?.unit.id as string;
    expect(late).toBeTruthy();
    const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: late })).username);
    const leader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: late })).username);
    const current = first.period?.id as string;
    const pkg: Submission = (await call('GET', `/api/v1/periods/${current}/submission`, staff)).json();
    await markRestNoProgress(app, staff, pkg.id);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).statusCode).toBe(200);
    const after = await dashboard(office, planId);
    expect(after).not.toBe(first);
    expect(after.byUnit.find((u) => u.unit.id === late)?.submission).toBe('late');
    const overHttp: Dashboard = (await call('GET', `/api/v1/dashboard?planId=${planId}`, clerk)).json();
    expect(overHttp.byUnit.find((u) => u.unit.id === late)?.submission).toBe('late');
  });

  it('refuses a 督办单 on a closed plan', async () => {
    const assignmentId = jingkeTask.supervision.units.find((u) => u.unit.id === jingke)?.assignmentId as string;
    await t.db.execute(`update plans set status = 'closed' where id = '${planId}'` as never);
    const res = await call('POST', '/api/v1/supervision-notices', clerk, {
      assignmentId,
      reason: '测试',
      severity: 'red',
      respondBy: '2025-05-01',
    });
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'plan_closed']);
  });

  it('keeps the stored lights equal to the rules after every scenario (duban lights verify)', async () => {
    const result = await verifyLights(t.db, clock.now());
    expect(result.differences).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
