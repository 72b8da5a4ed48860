// 领导专报 over HTTP, from real data on a fixed clock: a leader in charge of 区发改局 sees its red tasks with the days
// overdue the task page shows, the items that turned red in the week a quarter's deadline passed, the answers due to
// and given on their 批示, and the coordination routed to them; the .docx is one zip holding the leader's name and a
// red task's text; the office prepares a named leader's brief, units get 403; the scheduler notifies each leader
// once a week however often it runs.

import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { LeaderBrief } from '../src/api/leaders.js';
import type { TaskOverview } from '../src/api/supervision.js';
import type { TaskSummary } from '../src/api/v1.js';
import { effectiveDueAt } from '../src/core/periods.js';
import { addDays, cstDate, weekOf } from '../src/core/time.js';
import { openZip } from '../src/core/zip.js';
import type { App } from '../src/server/app.js';
import {
  coordinationRequests,
  instructions,
  instructionTargets,
  notifications,
  reportingPeriods,
  users,
} from '../src/server/db/schema.js';
import { computeReminders } from '../src/server/services/reminders.js';
import { readSupervisionSettings } from '../src/server/services/settings.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

async function documentXml(bytes: Buffer): Promise<string> {
  const zip = await openZip(bytes);
  try {
    const stream = await zip.open('word/document.xml');
    if (!stream) throw new Error('no word/document.xml');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    zip.close();
  }
}

describeEachDatabase('领导专报 (leader brief)', (t) => {
  // Tuesday 20 May 2025, 10:00 in Beijing: the first quarter went unreported, so 区发改局's items are red.
  const NOW = new Date('2025-05-20T02:00:00Z');
  const clock = fakeClock(new Date('2025-03-01T02:00:00Z'));
  let app: App;
  let planId: string;
  let leader: Caller;
  let leaderId: string;
  let otherLeaderId: string;
  let clerkName: string;
  let unitId: string;
  let otherUnitId: string;
  let taskId: string;

  const get = (url: string, caller: Caller) => app.inject({ method: 'GET', url, headers: { cookie: caller.cookie } });
  const brief = async (query = '', caller = leader): Promise<LeaderBrief> => {
    const res = await get(`/api/v1/briefs/leader${query}`, caller);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    clerkName = (await makeUser(t.db, 'supervisor')).username;
    const clerk = await signIn(app, clerkName);
    planId = await importSample(app, clerk);
    const units = (await get('/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    unitId = units.find((u) => u.name === '区发改局')?.id as string;
    otherUnitId = units.find((u) => u.name !== '区发改局')?.id as string;
    const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId })).username);
    const mine = (await get('/api/v1/my/assignments?pageSize=500', staff)).json().items as TaskSummary[];
    taskId = (mine[0] as TaskSummary).id;
    const made = await makeUser(t.db, 'executive');
    leaderId = made.id;
    await t.db.update(users).set({ displayName: '区领导 王强' }).where(eq(users.id, leaderId));
    otherLeaderId = (await makeUser(t.db, 'executive')).id;
    const set = await app.inject({
      method: 'PUT',
      url: `/api/v1/leaders/${leaderId}/units`,
      headers: clerk.headers,
      payload: { unitIds: [unitId] },
    });
    expect(set.statusCode, set.body).toBe(200);
    clock.advance(NOW.getTime() - clock.now().getTime());
    leader = await signIn(app, made.username);
  }, 180_000);

  it('lists the red tasks of the leader’s units with the days overdue the task page shows', async () => {
    const b = await brief();
    expect(b).toMatchObject({ weekStart: '2025-05-19', weekEnd: '2025-05-25', leader: { displayName: '区领导 王强' } });
    expect(b.units.map((u) => u.id)).toEqual([unitId]);
    expect(b.red.total).toBeGreaterThan(0);
    expect(b.red.lines.length).toBeLessThanOrEqual(5);
    for (const line of b.red.lines) expect(line.units).toBe('区发改局');
    const first = b.red.lines[0];
    const clerk = await signIn(app, clerkName);
    const overview: TaskOverview = (
      await get(`/api/v1/tasks/${first?.link?.split('/').at(-1)}/overview`, clerk)
    ).json();
    const unit = overview.units.find((u) => u.unit.id === unitId);
    expect(unit?.light).toBe('red');
    expect(first?.days).toBe(unit?.overdueDays);
    expect(first?.days).toBeGreaterThan(0);
    // Longest overdue first.
    const days = b.red.lines.map((l) => l.days ?? 0);
    expect([...days].sort((x, y) => y - x)).toEqual(days);
  });

  it('counts the items that turned red in the week the first quarter’s deadline passed, and none the week after', async () => {
    const [first] = await t.db
      .select({ dueAt: reportingPeriods.dueAt, graceDays: reportingPeriods.graceDays })
      .from(reportingPeriods)
      .where(eq(reportingPeriods.planId, planId))
      .orderBy(reportingPeriods.dueAt)
      .limit(1);
    const day = addDays(cstDate(effectiveDueAt(first as { dueAt: Date; graceDays: number })), 1);
    const that = await brief(`?week=${day}`);
    expect(that.weekStart).toBe(weekOf(day).start);
    expect(that.changes.counts.turnedRed).toBeGreaterThan(0);
    expect(that.changes.lines.some((l) => l.kind === 'turned_red' && l.units === '区发改局')).toBe(true);
    const next = await brief(`?week=${addDays(weekOf(day).start, 7)}`);
    expect(next.changes.counts.turnedRed).toBe(0);
  });

  it('shows the answers due to the leader’s 批示 (overdue, due) and those answered this week', async () => {
    const empty = await brief();
    expect(empty.instructions).toMatchObject({ total: 0, counts: { due: 0, overdue: 0, answered: 0 } });
    const [mine] = await t.db
      .insert(instructions)
      .values({
        subjectType: 'task',
        subjectId: taskId,
        taskId,
        authorId: leaderId,
        body: '请区发改局加快项目前期工作，月底前报进展。',
        status: 'routed',
        createdAt: new Date('2025-05-10T02:00:00Z'),
      })
      .returning({ id: instructions.id });
    const [another] = await t.db
      .insert(instructions)
      .values({
        subjectType: 'task',
        subjectId: taskId,
        taskId,
        authorId: otherLeaderId,
        body: '另一位领导的批示。',
        status: 'routed',
      })
      .returning({ id: instructions.id });
    await t.db.insert(instructionTargets).values([
      // Unanswered, due last Sunday: two days overdue on Tuesday.
      { instructionId: mine?.id as string, unitId, dueOn: '2025-05-18' },
      // Answered on Monday of this week.
      {
        instructionId: mine?.id as string,
        unitId: otherUnitId,
        dueOn: '2025-05-22',
        answer: '已完成。',
        answeredAt: new Date('2025-05-19T03:00:00Z'),
      },
      // Another leader's: not in this brief.
      { instructionId: another?.id as string, unitId, dueOn: '2025-05-21' },
    ]);
    const b = await brief();
    expect(b.instructions.counts).toEqual({ due: 0, overdue: 1, answered: 1 });
    expect(b.instructions.lines.map((l) => [l.state, l.days, l.link])).toEqual([
      ['overdue', 2, `/instructions/${mine?.id}`],
      ['answered', 0, `/instructions/${mine?.id}`],
    ]);
    // The week before: the target fell due on its last day (Sunday 18 May), so at its end it was due, not yet late.
    const before = await brief('?week=2025-05-12');
    expect(before.instructions.counts).toEqual({ due: 1, overdue: 0, answered: 0 });
  });

  it('shows the coordination routed to the leader and still open, and no one else’s', async () => {
    const base = { taskId, raisedByUnitId: unitId, body: '需要区级层面协调用地指标。' };
    await t.db.insert(coordinationRequests).values([
      { ...base, title: '用地指标协调', routedTo: leaderId, createdAt: new Date('2025-05-15T02:00:00Z') },
      { ...base, title: '已办结的协调', routedTo: leaderId, status: 'resolved' },
      { ...base, title: '别的领导的协调', routedTo: otherLeaderId },
    ]);
    const b = await brief();
    expect(b.coordination.total).toBe(1);
    expect(b.coordination.lines[0]).toMatchObject({ text: '用地指标协调', units: '区发改局', days: 5 });
  });

  it('writes the brief as a one-page .docx holding the leader’s name and a red task’s text', async () => {
    const b = await brief();
    const res = await get('/api/v1/briefs/leader.docx', leader);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const xml = await documentXml(res.rawPayload);
    expect(xml).toContain('区领导 王强');
    expect(xml).toContain('领导专报');
    const red = b.red.lines[0]?.text as string;
    expect(xml).toContain(red.slice(red.indexOf(' ') + 1, red.indexOf(' ') + 16));
  });

  it('lets the office prepare a named leader’s brief; a leader reads only their own; units and admins get 403', async () => {
    const clerk = await signIn(app, clerkName);
    expect((await get('/api/v1/briefs/leader', clerk)).statusCode).toBe(400);
    const prepared = await brief(`?leaderId=${leaderId}`, clerk);
    expect(prepared.leader.id).toBe(leaderId);
    expect((await get(`/api/v1/briefs/leader?leaderId=${otherLeaderId}`, leader)).statusCode).toBe(403);
    expect((await get(`/api/v1/briefs/leader?leaderId=${crypto.randomUUID()}`, clerk)).statusCode).toBe(404);
    expect((await get('/api/v1/briefs/leader?week=2025-13-40', leader)).statusCode).toBe(400);
    expect((await get('/api/v1/briefs/leader?week=9999-12-31', leader)).statusCode).toBe(400);
    for (const role of ['unit_leader', 'unit_staff'] as const) {
      const caller = await signIn(app, (await makeUser(t.db, role, { unitId })).username);
      expect((await get('/api/v1/briefs/leader', caller)).statusCode).toBe(403);
      expect((await get('/api/v1/briefs/leader.docx', caller)).statusCode).toBe(403);
    }
    const admin = await signIn(app, (await makeUser(t.db, 'admin')).username);
    expect((await get(`/api/v1/briefs/leader?leaderId=${leaderId}`, admin)).statusCode).toBe(403);
  });

  it('notifies each district leader once a week, from Monday’s digest hour, however often the scheduler runs', async () => {
    const settings = await readSupervisionSettings(t.db);
    const briefs = async () =>
      (
        await t.db
          .select({ userId: notifications.userId, key: notifications.dedupeKey, link: notifications.link })
          .from(notifications)
          .where(eq(notifications.kind, 'leader_brief'))
      ).sort((a, b) => a.userId.localeCompare(b.userId));
    // Monday 26 May, 07:00 in Beijing: before the digest hour.
    await computeReminders(t.db, new Date('2025-05-25T23:00:00Z'), settings);
    expect(await briefs()).toEqual([]);
    // 09:00, twice.
    await computeReminders(t.db, new Date('2025-05-26T01:00:00Z'), settings);
    await computeReminders(t.db, new Date('2025-05-26T02:00:00Z'), settings);
    const leaders = await t.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'executive'), eq(users.disabled, false)));
    const sent = await briefs();
    expect(sent.map((n) => n.userId).sort()).toEqual(leaders.map((l) => l.id).sort());
    for (const n of sent) expect(n).toMatchObject({ key: 'leader_brief:2025-05-19', link: '/brief?week=2025-05-19' });
    const [mine] = await t.db
      .select({ title: notifications.title, body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.kind, 'leader_brief'), eq(notifications.userId, leaderId)));
    expect(mine?.title).toContain('2025-05-19');
    expect(mine?.body).toMatch(/红灯任务\d+项/);
    // The next Monday: one more each.
    await computeReminders(t.db, new Date('2025-06-02T01:00:00Z'), settings);
    expect((await briefs()).length).toBe(2 * leaders.length);
    const total = await t.db.execute<{ n: number }>(
      sql`select count(distinct dedupe_key)::int as n from notifications where kind = 'leader_brief'`,
    );
    expect(total.rows[0]?.n).toBe(2);
  });
});
