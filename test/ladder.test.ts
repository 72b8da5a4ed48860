// 问责梯度 on every database: the office's steps (defaults, edits, bad ones refused), a unit lagging two quarters
// running walks up the ladder as the office applies it at each close — the record, the unit told, the letter
// (.docx read back), the deduction in 考评 and the name on the bulletin's 黑榜.

import { count, eq } from 'drizzle-orm';
import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import type { Bulletin } from '../src/api/bulletins.js';
import type { Evaluation } from '../src/api/evaluation.js';
import type { Ladder, LadderPeriod } from '../src/api/ladder.js';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { escalations } from '../src/server/db/schema.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('the escalation ladder', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerk: Caller;
  let staffName: string;
  let leaderName: string;
  let planId: string;
  let periods: Period[];
  let fagai: string;
  let lagging: Submission['items'][number];
  /** The district leader in charge (分管) of 区发改局. */
  let inCharge: { id: string; username: string };
  const leaderBell = async () =>
    (await call('GET', '/api/v1/notifications', await signIn(app, inCharge.username))).json().items as {
      kind: string;
      title: string;
      body: string;
    }[];

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  let officeName: string;
  /** Moves the clock on; sessions idle that long have lapsed, so the office signs in again. */
  const to = async (iso: string) => {
    clock.advance(Date.parse(iso) - clock.now().getTime());
    clerk = await signIn(app, officeName);
  };
  const ladderOf = async (periodId: string): Promise<LadderPeriod> => {
    const res = await call('GET', `/api/v1/plans/${planId}/ladder?periodId=${periodId}`, clerk);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res.json();
  };
  const mine = (view: LadderPeriod) => view.items.find((i) => i.assignmentId === lagging.assignmentId);

  /** 区发改局 reports a period: the one item 滞后, the rest 本期无进展, signed by its leader. */
  async function reportLagging(period: Period): Promise<void> {
    const staff = await signIn(app, staffName);
    const pkg: Submission = (await call('GET', `/api/v1/periods/${period.id}/submission`, staff)).json();
    const item = pkg.items.find((i) => i.assignmentId === lagging.assignmentId) as Submission['items'][number];
    const edited = await call('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      status: 'lagging',
      progress: '征地拆迁未完成，进度滞后。',
      lagReasons: ['relocation'],
    });
    expect(edited.statusCode, edited.body.slice(0, 300)).toBe(200);
    await markRestNoProgress(app, staff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    const signed = await call('POST', `/api/v1/submissions/${pkg.id}/sign`, await signIn(app, leaderName));
    expect(signed.json().status).toBe('submitted');
  }

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    officeName = (await makeUser(t.db, 'supervisor')).username;
    clerk = await signIn(app, officeName);
    planId = await importSample(app, clerk);
    periods = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const units = (await call('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    fagai = units.find((u) => u.name === '区发改局')?.id as string;
    staffName = (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username;
    leaderName = (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username;
    inCharge = await makeUser(t.db, 'executive');
    const set = await call('PUT', `/api/v1/leaders/${inCharge.id}/units`, clerk, { unitIds: [fagai] });
    expect(set.statusCode, set.body.slice(0, 300)).toBe(200);
    const staff = await signIn(app, staffName);
    const q1 = periods[0] as Period;
    lagging = ((await call('GET', `/api/v1/periods/${q1.id}/submission`, staff)).json() as Submission)
      .items[0] as Submission['items'][number];
  });

  it('starts from the published defaults, and takes only a well-formed ladder from the office', async () => {
    const ladder: Ladder = (await call('GET', '/api/v1/settings/ladder', clerk)).json();
    expect(ladder.steps.map((s) => s.name)).toEqual(['提醒函', '约谈', '挂牌督办', '问责建议']);
    const staff = await signIn(app, staffName);
    expect((await call('PUT', '/api/v1/settings/ladder', staff, ladder)).statusCode).toBe(403);
    const twice = { steps: [ladder.steps[0], ladder.steps[0]] };
    const refused = await call('PUT', '/api/v1/settings/ladder', clerk, twice);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    const zero = { steps: [{ ...ladder.steps[0], when: [{ light: 'yellow', periods: 0 }] }] };
    expect((await call('PUT', '/api/v1/settings/ladder', clerk, zero)).statusCode).toBe(400);
    // Nothing half-written: the defaults still stand.
    expect((await call('GET', '/api/v1/settings/ladder', clerk)).json()).toEqual(ladder);
    // An edit the office makes is kept and read back.
    const softer = { steps: ladder.steps.map((s) => (s.key === 'reminder' ? { ...s, deduction: 0.5 } : s)) };
    expect((await call('PUT', '/api/v1/settings/ladder', clerk, softer)).statusCode).toBe(200);
  });

  it('proposes a 提醒函 for a first yellow, and applies a period only once it is past its deadline', async () => {
    const [q1] = periods as [Period];
    await reportLagging(q1);
    const open = await call('POST', `/api/v1/plans/${planId}/ladder/apply`, clerk, { periodId: q1.id });
    expect(open.statusCode).toBe(409);
    expect(open.json().error.code).toBe('period_not_closed');
    expect(await t.db.select({ n: count() }).from(escalations)).toEqual([{ n: 0 }]);

    await to('2025-04-20T09:00:00+08:00');
    const before = await ladderOf(q1.id);
    expect(before.closed).toBe(true);
    expect(mine(before)).toMatchObject({ lights: ['yellow'], proposed: { name: '提醒函' }, applied: null });
    // A unit that never reported is red for each item: 挂牌督办 at once under the default ladder.
    expect(before.items.some((i) => i.unit.id !== fagai && i.lights[0] === 'red' && i.proposed?.key === 'listed')).toBe(
      true,
    );

    const applied = await call('POST', `/api/v1/plans/${planId}/ladder/apply`, clerk, { periodId: q1.id });
    expect(applied.statusCode, applied.body.slice(0, 300)).toBe(200);
    expect(mine(applied.json())?.applied).toMatchObject({ key: 'reminder', name: '提醒函', deduction: 0.5 });
    const [{ n } = { n: 0 }] = await t.db.select({ n: count() }).from(escalations);
    expect(n).toBe(before.items.length);
    // Applying again records nothing new.
    await call('POST', `/api/v1/plans/${planId}/ladder/apply`, clerk, { periodId: q1.id });
    expect(await t.db.select({ n: count() }).from(escalations)).toEqual([{ n }]);

    // The unit is told; it may not read the office's ladder view.
    const staff = await signIn(app, staffName);
    const bell = (await call('GET', '/api/v1/notifications', staff)).json().items as { kind: string; title: string }[];
    expect(bell.find((b) => b.kind === 'ladder_step')?.title).toContain('提醒函');
    // A 提醒函 is the office's: the leader in charge of 区发改局 is not asked to hold a 约谈 for it.
    expect((await leaderBell()).filter((b) => b.kind === 'ladder_step')).toEqual([]);
    expect((await call('GET', `/api/v1/plans/${planId}/ladder?periodId=${q1.id}`, staff)).statusCode).toBe(403);
    // A district leader reads the same view and the office's timeliness, but applies and writes nothing.
    const leader = await signIn(app, (await makeUser(t.db, 'executive')).username);
    const seen = await call('GET', `/api/v1/plans/${planId}/ladder?periodId=${q1.id}`, leader);
    expect(seen.statusCode).toBe(200);
    expect((seen.json() as LadderPeriod).items).toHaveLength(before.items.length);
    expect((await call('GET', `/api/v1/plans/${planId}/office-timeliness`, leader)).statusCode).toBe(200);
    const apply = await call('POST', `/api/v1/plans/${planId}/ladder/apply`, leader, { periodId: q1.id });
    expect(apply.statusCode).toBe(403);
    const unitId = (seen.json() as LadderPeriod).items[0]?.unit.id;
    const letter = `/api/v1/plans/${planId}/ladder/letter.docx?periodId=${q1.id}&unitId=${unitId}`;
    expect((await call('GET', letter, leader)).statusCode).toBe(403);
  });

  it('walks the unit up when it lags again: 挂牌督办, the letter, the deduction and the 黑榜', async () => {
    const [q1, q2] = periods as [Period, Period];
    await reportLagging(q2);
    await to('2025-07-25T09:00:00+08:00');
    // 滞后 two reported periods running is red (lights.ts): yellow then red → 挂牌督办.
    const applied: LadderPeriod = (
      await call('POST', `/api/v1/plans/${planId}/ladder/apply`, clerk, { periodId: q2.id })
    ).json();
    expect(mine(applied)).toMatchObject({ lights: ['yellow', 'red'], applied: { key: 'listed', name: '挂牌督办' } });
    // 挂牌督办 is above 约谈: the leader in charge is told, naming the unit.
    const told = (await leaderBell()).filter((b) => b.kind === 'ladder_step');
    expect(told).toHaveLength(1);
    expect(told[0]?.title).toContain('挂牌督办');
    expect(told[0]?.body).toContain('区发改局');
    // Q1's record stands as it was applied.
    const records = await t.db.select().from(escalations).where(eq(escalations.assignmentId, lagging.assignmentId));
    expect(records.find((r) => r.periodId === q1.id)).toMatchObject({ stepKey: 'reminder', deduction: 0.5 });

    // The letter names the unit, titled by its most severe step, and lists the task.
    const letter = await call(
      'GET',
      `/api/v1/plans/${planId}/ladder/letter.docx?periodId=${q2.id}&unitId=${fagai}`,
      clerk,
    );
    expect(letter.statusCode).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: letter.rawPayload });
    expect(value).toContain('挂牌督办通知');
    expect(value).toContain('区发改局：');
    expect(value).toContain(lagging.task.text.slice(0, 12));
    expect(value).toContain('黄灯→红灯');

    // 考评: 0.5 off in Q1 (the 提醒函), 2 off in Q2 (挂牌督办), as recorded.
    const scoreOf = async (period: Period) =>
      (
        (await call('GET', `/api/v1/evaluation?planId=${planId}&periodId=${period.id}`, clerk)).json() as Evaluation
      ).rows.find((r) => r.unit.id === fagai);
    expect((await scoreOf(q1))?.ladderDeduction).toBe(0.5);
    expect((await scoreOf(q2))?.ladderDeduction).toBe(2);

    // The Q2 bulletin names 区发改局 on its 黑榜; Q1's 提醒函 is not a 黑榜 step.
    const bulletinOf = async (period: Period): Promise<Bulletin> =>
      (await call('POST', '/api/v1/bulletins', clerk, { planId, periodId: period.id })).json();
    const b2 = await bulletinOf(q2);
    expect(b2.data.blacklist.find((u) => u.unit.id === fagai)?.steps).toEqual([
      expect.objectContaining({ name: '挂牌督办', task: expect.objectContaining({ id: lagging.task.id }) }),
    ]);
    const b1 = await bulletinOf(q1);
    expect(b1.data.blacklist.some((u) => u.unit.id === fagai)).toBe(false);
  });
});
