// Every hand-off tells the next person at once: right after each step, the bell of the person whose turn it
// is shows it with a link to the object, and nobody else's bell does.

import { beforeAll, expect, it } from 'vitest';
import type { AppNotification } from '../src/api/supervision.js';
import type { Coordination, Period, Submission } from '../src/api/v1.js';
import { taskCode } from '../src/core/task-code.js';
import type { App } from '../src/server/app.js';
import {
  type Caller,
  fakeClock,
  importSample,
  makeApp,
  makeUnit,
  makeUser,
  markRestNoProgress,
  signIn,
} from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('hand-offs', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  const people: Record<string, { id: string; caller: Caller }> = {};
  let fagai: string;
  let jingke: string;
  let periods: Period[];

  const call = (method: 'GET' | 'POST', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const as = (who: string) => people[who]?.caller as Caller;
  const ok = async (method: 'GET' | 'POST', url: string, who: string, payload?: object) => {
    const res = await call(method, url, as(who), payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const bell = async (who: string): Promise<AppNotification[]> =>
    (await call('GET', '/api/v1/notifications', as(who))).json().items;

  /** After a step: exactly `to` have a notification of `kind` linking to `link`, and nobody else has. */
  const told = async (kind: string, link: string, to: string[], text?: string) => {
    for (const who of Object.keys(people)) {
      const mine = (await bell(who)).filter((n) => n.kind === kind && n.link === link);
      if (to.includes(who)) {
        expect(mine.length, `${who} is told ${kind}`).toBeGreaterThan(0);
        if (text) expect(`${mine[0]?.title} ${mine[0]?.body}`).toContain(text);
      } else expect(mine, `${who} is not told ${kind}`).toEqual([]);
    }
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    const clerk = await makeUser(t.db, 'supervisor');
    const clerkCaller = await signIn(app, clerk.username);
    const planId = await importSample(app, clerkCaller);
    periods = (await call('GET', `/api/v1/plans/${planId}/periods`, clerkCaller)).json().items;
    const units = (await call('GET', '/api/v1/units', clerkCaller)).json().items as { id: string; name: string }[];
    fagai = units.find((u) => u.name === '区发改局')?.id as string;
    jingke = units.find((u) => u.name === '区经科局')?.id as string;
    const accounts = {
      clerk,
      fagaiStaff: await makeUser(t.db, 'unit_staff', { unitId: fagai }),
      fagaiLeader: await makeUser(t.db, 'unit_leader', { unitId: fagai }),
      jingkeStaff: await makeUser(t.db, 'unit_staff', { unitId: jingke }),
      jingkeLeader: await makeUser(t.db, 'unit_leader', { unitId: jingke }),
      exec: await makeUser(t.db, 'executive'),
      otherExec: await makeUser(t.db, 'executive'),
    };
    for (const [who, u] of Object.entries(accounts)) {
      people[who] = { id: u.id, caller: who === 'clerk' ? clerkCaller : await signIn(app, u.username) };
    }
  });

  it('tells the leader, the staff and the unit at each step of a submission', async () => {
    const pkg: Submission = await ok('GET', `/api/v1/periods/${periods[0]?.id}/submission`, 'fagaiStaff');
    const link = `/submissions/${pkg.id}`;
    await markRestNoProgress(app, as('fagaiStaff'), pkg.id);
    await ok('POST', `/api/v1${link}/send`, 'fagaiStaff');
    await told('signoff_pending', link, ['fagaiLeader'], '待您签字');

    await ok('POST', `/api/v1${link}/leader-return`, 'fagaiLeader', { comment: '第三项数据再核实' });
    await told('submission_leader_returned', link, ['fagaiStaff'], '第三项数据再核实');

    await ok('POST', `/api/v1${link}/send`, 'fagaiStaff');
    await ok('POST', `/api/v1${link}/sign`, 'fagaiLeader');
    await told('submission_signed', link, ['fagaiStaff']);

    await ok('POST', `/api/v1${link}/return`, 'clerk', { comment: '请补充佐证材料', items: [] });
    await told('submission_returned', link, ['fagaiStaff', 'fagaiLeader'], '请补充佐证材料');

    await ok('POST', `/api/v1${link}/send`, 'fagaiStaff');
    await ok('POST', `/api/v1${link}/sign`, 'fagaiLeader');
    await ok('POST', `/api/v1${link}/accept`, 'clerk');
    await told('submission_accepted', link, ['fagaiStaff', 'fagaiLeader']);
  });

  it('tells the office, the leader routed to, and then the unit and the office of a coordination request', async () => {
    const pkg: Submission = await ok('GET', `/api/v1/periods/${periods[0]?.id}/submission`, 'jingkeStaff');
    const taskId = pkg.items[0]?.task.id as string;
    const request = await ok('POST', '/api/v1/coordination-requests', 'jingkeStaff', {
      taskId,
      title: '用地指标协调',
      body: '需区自然资源局统筹用地指标。',
    });
    await told('coordination_raised', '/coordination', ['clerk'], '用地指标协调');

    await ok('POST', `/api/v1/coordination-requests/${request.id}/route`, 'clerk', {
      executiveId: people.exec?.id,
    });
    await told('coordination_routed', '/coordination', ['exec'], '用地指标协调');

    await ok('POST', `/api/v1/coordination-requests/${request.id}/answer`, 'exec', {
      answer: '请自然资源局牵头落实。',
    });
    await told(
      'coordination_answered',
      '/coordination',
      ['jingkeStaff', 'jingkeLeader', 'clerk'],
      '请自然资源局牵头落实',
    );
  });

  it('tells the unit of a decided extension and of a dispute decided by reassignment', async () => {
    const pkg: Submission = await ok('GET', `/api/v1/periods/${periods[0]?.id}/submission`, 'jingkeStaff');
    const assignmentId = pkg.items[0]?.assignmentId as string;
    const ledger = await ok('POST', `/api/v1/assignments/${assignmentId}/milestones`, 'jingkeStaff', {
      title: '完成选址',
      dueOn: '2025-05-31',
    });
    const milestone = ledger.milestones[0];
    const ext = await ok('POST', `/api/v1/milestones/${milestone.id}/extensions`, 'jingkeStaff', {
      newDueOn: '2025-06-30',
      reason: '规划调整',
    });
    await ok('POST', `/api/v1/extension-requests/${ext.id}/decide`, 'clerk', { approve: true });
    await told('extension_decided', `/ledgers/${assignmentId}`, ['jingkeStaff', 'jingkeLeader'], '2025-06-30');

    const other = pkg.items[1]?.assignmentId as string;
    await ok('POST', `/api/v1/assignments/${other}/dispute`, 'jingkeStaff', { reason: '不属于本单位职责' });
    const elsewhere = await makeUnit(t.db, '区测试承接局');
    await ok('POST', `/api/v1/assignments/${other}/reassign`, 'clerk', { unitId: elsewhere, reason: '由承接局牵头' });
    await told('dispute_decided', '/receipts', ['jingkeStaff', 'jingkeLeader'], '区测试承接局');
  });

  it('tells the other side when a 督办单 is issued, answered and closed', async () => {
    const pkg: Submission = await ok('GET', `/api/v1/periods/${periods[0]?.id}/submission`, 'fagaiStaff');
    const notice = await ok('POST', '/api/v1/supervision-notices', 'clerk', {
      assignmentId: pkg.items[0]?.assignmentId,
      reason: '进度滞后，请说明原因',
      severity: 'yellow',
      respondBy: '2025-04-15',
    });
    const link = `/supervision-notices/${notice.id}`;
    await told('notice_issued', link, ['fagaiStaff', 'fagaiLeader'], '进度滞后');
    await ok('POST', `/api/v1/supervision-notices/${notice.id}/respond`, 'fagaiStaff', {
      response: '已制定整改措施。',
    });
    await told('notice_responded', link, ['clerk'], '已制定整改措施');
    await ok('POST', `/api/v1/supervision-notices/${notice.id}/close`, 'clerk', { note: '整改到位' });
    await told('notice_closed', link, ['fagaiStaff', 'fagaiLeader'], '整改到位');
  });

  it('names 区发改局’s tasks 省1, 市1 and 区1 distinctly in its lists and in the bell', async () => {
    const pkg: Submission = await ok('GET', `/api/v1/periods/${periods[2]?.id}/submission`, 'fagaiStaff');
    const ones = pkg.items.filter((i) => i.task.number === '1');
    expect(ones.map((i) => i.task.sourceLevel).sort()).toEqual(['city', 'district', 'province']);
    for (const item of ones) {
      await ok('POST', '/api/v1/coordination-requests', 'fagaiStaff', {
        taskId: item.task.id,
        title: `第一项协调${item.task.sourceLevel}`,
        body: '需统筹协调。',
      });
    }
    const listed: Coordination[] = (await ok('GET', '/api/v1/coordination-requests', 'fagaiStaff')).items;
    const codes = listed
      .filter((c) => c.title.startsWith('第一项协调'))
      .map((c) => taskCode({ ...c.task, level: c.task.sourceLevel }));
    expect(codes.sort()).toEqual(['区1', '市1', '省1']);
    const raised = (await bell('clerk')).filter((n) => n.title.includes('第一项协调'));
    expect(raised.map((n) => n.body.split(' ')[0]).sort()).toEqual(['区1', '市1', '省1']);
  });

  it('notifies nobody when the step fails', async () => {
    const pkg: Submission = await ok('GET', `/api/v1/periods/${periods[1]?.id}/submission`, 'jingkeStaff');
    const refused = await call('POST', `/api/v1/submissions/${pkg.id}/sign`, as('jingkeLeader'));
    expect(refused.statusCode).toBe(409);
    await told('submission_signed', `/submissions/${pkg.id}`, []);
  });
});
