// An approved extension (延期) is the item's deadline from then on: past the task's printed deadline an item is
// 欠进度 and, with its milestone undone, yellow; the office's approval of a later date turns it back to its
// normal light and class, a refusal leaves it as it was. Read through loadPlanLights, the one place the lights,
// progress classes, bulletins and 考评 take an item's deadline from.

import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Period, Submission, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { loadPlanLights } from '../src/server/services/lights.js';
import { verifyLights } from '../src/server/services/stored-lights.js';
import {
  type Caller,
  fakeClock,
  importSample,
  ledgerWithMilestone,
  makeApp,
  makeUser,
  markRestNoProgress,
  signIn,
} from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('an approved extension moves the item deadline', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let staffName: string;
  let planId: string;
  let approvedItem: string; // 区住更局 on city task 69
  let refusedItem: string; // 区住更局 on district task 36

  const send = (method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const lightsNow = async () => {
    const lights = await loadPlanLights(t.db, planId, clock.now(), { behindMargin: 0.1 });
    return (id: string) => {
      const item = lights.items.find((i) => i.assignmentId === id);
      return { light: item?.light, reasons: item?.reasons, progress: item?.progressClass, deadline: item?.deadline };
    };
  };
  /** A confirmed ledger with one milestone due on the task's deadline; returns the milestone. */

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    planId = await importSample(app, clerk);
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const zhugeng = units.find((u) => u.name === '区住更局')?.id as string;
    staffName = (await makeUser(t.db, 'unit_staff', { unitId: zhugeng })).username;
    const leaderName = (await makeUser(t.db, 'unit_leader', { unitId: zhugeng })).username;
    staff = await signIn(app, staffName);
    const mine = (await send('GET', `/api/v1/my/assignments?planId=${planId}&pageSize=500`, staff)).json()
      .items as TaskSummary[];
    const pick = (level: string, number: string) =>
      mine.find((x) => x.source.level === level && x.number === number)?.assignments.find((a) => a.unit.id === zhugeng)
        ?.id as string;
    approvedItem = pick('city', '69');
    refusedItem = pick('district', '36');
    // Both tasks are due by the end of June.
    await t.db.execute(
      sql`update tasks set deadline = '6月底前' where id in (select task_id from assignments where id in (${approvedItem}, ${refusedItem}))`,
    );
    // Q1 reported on time, both items 序时推进.
    const q1: Period = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const pkg: Submission = (await send('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json();
    for (const id of [approvedItem, refusedItem]) {
      const item = pkg.items.find((i) => i.assignmentId === id) as Submission['items'][number];
      const saved = await send('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
        version: item.version,
        status: 'on_track',
        progress: '按计划推进。',
      });
      expect(saved.statusCode, saved.body).toBe(200);
    }
    await markRestNoProgress(app, staff, pkg.id);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
    const signed = await send('POST', `/api/v1/submissions/${pkg.id}/sign`, await signIn(app, leaderName));
    expect(signed.statusCode, signed.body).toBe(200);
  });

  it('turns an overdue item back to its normal light on approval; a refusal leaves it overdue', async () => {
    const approved = await ledgerWithMilestone(app, staff, clerk, approvedItem);
    const refused = await ledgerWithMilestone(app, staff, clerk, refusedItem);
    // 5 July: the deadline and the milestone have passed undone; Q2 is not due until 10 July.
    clock.advance(Date.parse('2025-07-05T09:00:00+08:00') - clock.now().getTime());
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    staff = await signIn(app, staffName);
    let of = await lightsNow();
    for (const id of [approvedItem, refusedItem]) {
      expect(of(id)).toEqual({
        light: 'yellow',
        reasons: ['milestone_overdue'],
        progress: 'behind',
        deadline: '2025-06-30',
      });
    }

    const ask = async (milestoneId: string) => {
      const res = await send('POST', `/api/v1/milestones/${milestoneId}/extensions`, staff, {
        newDueOn: '2025-09-30',
        reason: '设备供货延迟',
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().id as string;
    };
    const yes = await ask(approved.id);
    const no = await ask(refused.id);
    // Pending is not approved: nothing moves yet.
    of = await lightsNow();
    expect(of(approvedItem).deadline).toBe('2025-06-30');

    expect((await send('POST', `/api/v1/extension-requests/${yes}/decide`, clerk, { approve: true })).statusCode).toBe(
      200,
    );
    expect((await send('POST', `/api/v1/extension-requests/${no}/decide`, clerk, { approve: false })).statusCode).toBe(
      200,
    );
    of = await lightsNow();
    expect(of(approvedItem)).toEqual({ light: 'green', reasons: [], progress: 'on_track', deadline: '2025-09-30' });
    expect(of(refusedItem)).toEqual({
      light: 'yellow',
      reasons: ['milestone_overdue'],
      progress: 'behind',
      deadline: '2025-06-30',
    });
  });

  it('keeps the stored lights equal to the rules after every scenario (duban lights verify)', async () => {
    const result = await verifyLights(t.db, clock.now());
    expect(result.differences).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
