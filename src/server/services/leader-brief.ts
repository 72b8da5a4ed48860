// 领导专报: a district leader's weekly brief, one page — what changed this week, red tasks with their units and days
// overdue, answers due to their 批示, coordination waiting for them. Counts and the first few lines of each, so it
// stays one page on paper and one screen on a phone.
//
// The leader's scope is their 分管 units and the tasks the notice names them for (services/leaders.ts); a leader
// with neither reads every unit. Lights are read from services/lights.ts as everywhere: an item "turned red this
// week" when it is red at the week's end (or now, if earlier) and was not red just before Monday 00:00 — a
// milestone or a period's deadline that passed unmet this week, by the same rules as the dashboard. "Completed"
// likewise: completed or closed out at the end, not at the start.

import { and, asc, eq, gte, lte, ne } from 'drizzle-orm';
import type { BriefLine, LeaderBrief } from '../../api/leaders.js';
import { overdueDays } from '../../core/lights.js';
import { taskCode } from '../../core/task-code.js';
import { cstDate, daysBetween, endOfDayCst, isDate, startOfDayCst, weekOf } from '../../core/time.js';
import type { Db } from '../db/client.js';
import {
  coordinationRequests,
  instructions,
  instructionTargets,
  plans,
  reportingPeriods,
  submissions,
  supervisionNotices,
  tasks,
  units,
  users,
} from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { briefLeaderOf } from '../policy.js';
import type { Ctx } from './context.js';
import { targetOverdue } from './instructions.js';
import { executiveAccounts, tasksLedBy, unitsLedBy } from './leaders.js';
import { type ItemLight, loadPlanLights } from './lights.js';
import { readSupervisionSettings } from './settings.js';
import { supervisionNoticeNumber } from './supervision-notices.js';

/** Lines shown per section: the rest is counted, not listed. */
export const BRIEF_LINES = 5;

const clip = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const line = (l: Partial<BriefLine> & Pick<BriefLine, 'kind' | 'text'>): BriefLine => ({
  units: null,
  link: null,
  light: null,
  days: null,
  date: null,
  state: null,
  ...l,
});

/** The brief of one leader for the week a day falls in, as of `now` (a week not yet over is read up to now). */
export async function computeLeaderBrief(
  db: Db,
  leaderId: string,
  day: string,
  now: Date,
  lines = BRIEF_LINES,
): Promise<LeaderBrief> {
  const people = await executiveAccounts(db);
  const leader = people.find((p) => p.id === leaderId);
  if (!leader) throw notFound('区领导', 'district leader');
  const { start: weekStart, end: weekEnd } = weekOf(day);
  const from = startOfDayCst(weekStart);
  const to = new Date(Math.min(endOfDayCst(weekEnd).getTime(), now.getTime()));
  const before = new Date(from.getTime() - 1000);
  const future = to.getTime() < from.getTime();
  const [ledUnits, ledTasks, settings] = await Promise.all([
    unitsLedBy(db, leaderId),
    tasksLedBy(db, leader, people),
    readSupervisionSettings(db),
  ]);
  const ledUnitIds = new Set(ledUnits.map((u) => u.id));
  const everything = ledUnitIds.size === 0 && ledTasks.size === 0;
  const inScope = (unitId: string, taskId: string | null) =>
    everything || ledUnitIds.has(unitId) || (taskId !== null && ledTasks.has(taskId));

  // Lights at the week's end and just before it began, over the plans in force.
  const activePlans = await db
    .select({ id: plans.id })
    .from(plans)
    .where(eq(plans.status, 'active'))
    .orderBy(asc(plans.year));
  const turnedRed: BriefLine[] = [];
  const completed: BriefLine[] = [];
  const red: { line: BriefLine; days: number }[] = [];
  const scopeUnits = new Set<string>(ledUnitIds);
  for (const plan of future ? [] : activePlans) {
    const [end, start] = await Promise.all([
      loadPlanLights(db, plan.id, to, settings),
      loadPlanLights(db, plan.id, before, settings),
    ]);
    const startOf = new Map(start.items.map((i) => [i.assignmentId, i]));
    const title = (taskId: string) => {
      const t = end.tasks.get(taskId);
      if (!t) return '';
      const level = end.sources.get(t.sourceId)?.level ?? 'district';
      return `${taskCode({ level, number: t.number, position: t.position })} ${clip(t.text)}`;
    };
    const byTask = new Map<string, ItemLight[]>();
    for (const item of end.items) {
      if (!inScope(item.unitId, item.taskId)) continue;
      scopeUnits.add(item.unitId);
      const was = startOf.get(item.assignmentId);
      const link = `/tasks/${item.taskId}`;
      if (item.light === 'red' && was?.light !== 'red')
        turnedRed.push(
          line({ kind: 'turned_red', text: title(item.taskId), units: item.unitName, link, light: 'red' }),
        );
      const done = (i: ItemLight | undefined) => i?.reasons.includes('completed') || i?.reasons.includes('closed');
      if (done(item) && !done(was))
        completed.push(
          line({ kind: 'completed', text: title(item.taskId), units: item.unitName, link, light: 'green' }),
        );
      if (item.light === 'red') {
        const list = byTask.get(item.taskId);
        if (list) list.push(item);
        else byTask.set(item.taskId, [item]);
      }
    }
    for (const [taskId, items] of byTask) {
      const days = end.current ? Math.max(0, ...items.map((i) => overdueDays(i.facts, end.current?.id ?? '', to))) : 0;
      red.push({
        days,
        line: line({
          kind: 'red_task',
          text: title(taskId),
          units: items.map((i) => i.unitName).join('、'),
          link: `/tasks/${taskId}`,
          light: 'red',
          days,
        }),
      });
    }
  }
  red.sort((a, b) => b.days - a.days);

  const unitFilter = <T extends { unitId: string; taskId?: string | null }>(rows: T[]) =>
    rows.filter((r) => inScope(r.unitId, r.taskId ?? null) || (!everything && scopeUnits.has(r.unitId)));
  const inWeek = (at: Date | null) => at !== null && at.getTime() >= from.getTime() && at.getTime() <= to.getTime();

  const [signed, issued, answered, targets, waiting] = await Promise.all([
    db
      .select({
        unitId: submissions.unitId,
        unitName: units.name,
        label: reportingPeriods.label,
        periodId: submissions.periodId,
        signedAt: submissions.signedAt,
      })
      .from(submissions)
      .innerJoin(units, eq(units.id, submissions.unitId))
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
      .where(and(gte(submissions.signedAt, from), lte(submissions.signedAt, to)))
      .orderBy(asc(submissions.signedAt)),
    noticesBetween(db, 'issued', from, to),
    noticesBetween(db, 'responded', from, to),
    db
      .select({
        instructionId: instructions.id,
        body: instructions.body,
        unitId: instructionTargets.unitId,
        unitName: units.name,
        status: instructions.status,
        dueOn: instructionTargets.dueOn,
        answeredAt: instructionTargets.answeredAt,
      })
      .from(instructionTargets)
      .innerJoin(instructions, eq(instructions.id, instructionTargets.instructionId))
      .innerJoin(units, eq(units.id, instructionTargets.unitId))
      .where(and(eq(instructions.authorId, leaderId), ne(instructions.status, 'closed')))
      .orderBy(asc(instructionTargets.dueOn), asc(units.name)),
    db
      .select({
        id: coordinationRequests.id,
        title: coordinationRequests.title,
        unitName: units.name,
        createdAt: coordinationRequests.createdAt,
      })
      .from(coordinationRequests)
      .innerJoin(units, eq(units.id, coordinationRequests.raisedByUnitId))
      .where(and(eq(coordinationRequests.routedTo, leaderId), eq(coordinationRequests.status, 'open')))
      .orderBy(asc(coordinationRequests.createdAt)),
  ]);

  const signedLines = unitFilter(signed).map((s) =>
    line({
      kind: 'signed',
      text: `${s.unitName} ${s.label}报送已签字`,
      units: s.unitName,
      link: `/submission/${s.periodId}?unitId=${s.unitId}`,
      date: s.signedAt ? cstDate(s.signedAt) : null,
    }),
  );
  const noticeLine = (kind: 'notice_issued' | 'notice_answered') => (n: NoticeRow) =>
    line({
      kind,
      text: `${supervisionNoticeNumber(n)} ${clip(n.taskText, 40)}`,
      units: n.unitName,
      link: `/supervision-notices/${n.id}`,
      light: n.severity === 'red' ? 'red' : 'yellow',
      date: cstDate(kind === 'notice_issued' ? n.issuedAt : (n.respondedAt ?? n.issuedAt)),
    });
  const issuedLines = unitFilter(issued).map(noticeLine('notice_issued'));
  const answeredLines = unitFilter(answered).map(noticeLine('notice_answered'));

  // 批示: unanswered targets due by the week's end (overdue once past their date), and those answered this week.
  const today = cstDate(to);
  const instructionLines: BriefLine[] = [];
  const counts = { due: 0, overdue: 0, answered: 0 };
  for (const t of targets) {
    const base = {
      kind: 'instruction' as const,
      text: clip(t.body, 50),
      units: t.unitName,
      link: `/instructions/${t.instructionId}`,
      date: t.dueOn,
    };
    if (t.answeredAt === null && t.dueOn <= weekEnd) {
      // 逾期未落实 by the one rule (services/instructions.ts), as the 批示 page and the scheduler read it.
      const late = targetOverdue(t, t, today);
      const days = late ? daysBetween(t.dueOn, today) : 0;
      counts[late ? 'overdue' : 'due'] += 1;
      instructionLines.push(line({ ...base, state: late ? 'overdue' : 'due', light: late ? 'red' : 'yellow', days }));
    } else if (inWeek(t.answeredAt)) {
      counts.answered += 1;
      instructionLines.push(line({ ...base, state: 'answered', light: 'green', days: 0 }));
    }
  }
  const order = { overdue: 0, due: 1, answered: 2 } as const;
  instructionLines.sort((a, b) => order[a.state ?? 'answered'] - order[b.state ?? 'answered']);

  const coordinationLines = waiting.map((c) =>
    line({
      kind: 'coordination',
      text: clip(c.title, 50),
      units: c.unitName,
      link: '/coordination',
      days: Math.max(0, daysBetween(cstDate(c.createdAt), today)),
      date: cstDate(c.createdAt),
      light: 'yellow',
    }),
  );

  const changes = [...turnedRed, ...issuedLines, ...answeredLines, ...completed, ...signedLines];
  return {
    leader: { id: leader.id, displayName: leader.displayName },
    weekStart,
    weekEnd,
    units: ledUnits,
    changes: {
      total: changes.length,
      counts: {
        signed: signedLines.length,
        noticesIssued: issuedLines.length,
        noticesAnswered: answeredLines.length,
        turnedRed: turnedRed.length,
        completed: completed.length,
      },
      lines: changes.slice(0, lines),
    },
    red: { total: red.length, lines: red.slice(0, lines).map((r) => r.line) },
    instructions: { total: instructionLines.length, counts, lines: instructionLines.slice(0, lines) },
    coordination: { total: coordinationLines.length, lines: coordinationLines.slice(0, lines) },
    generatedAt: now.toISOString(),
  };
}

type NoticeRow = Awaited<ReturnType<typeof noticesBetween>>[number];

/** 督办单 issued, or answered, between two instants. */
function noticesBetween(db: Db, what: 'issued' | 'responded', from: Date, to: Date) {
  const column = what === 'issued' ? supervisionNotices.issuedAt : supervisionNotices.respondedAt;
  return db
    .select({
      id: supervisionNotices.id,
      year: supervisionNotices.year,
      seq: supervisionNotices.seq,
      unitId: supervisionNotices.unitId,
      taskId: supervisionNotices.taskId,
      unitName: units.name,
      taskText: tasks.text,
      severity: supervisionNotices.severity,
      issuedAt: supervisionNotices.issuedAt,
      respondedAt: supervisionNotices.respondedAt,
    })
    .from(supervisionNotices)
    .innerJoin(units, eq(units.id, supervisionNotices.unitId))
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .where(and(gte(column, from), lte(column, to)))
    .orderBy(asc(column));
}

/** The brief a caller asked for: their own, or (the office) the leader it names. */
export async function leaderBrief(ctx: Ctx, query: { week?: string; leaderId?: string }): Promise<LeaderBrief> {
  const leaderId = briefLeaderOf(ctx.actor, query.leaderId);
  if (!leaderId)
    throw badRequest('leader_required', '请选择区领导。', 'Choose the district leader whose brief to prepare.');
  // A real day of a year the system could hold (a week near year 9999 would run past what dates can say).
  if (query.week !== undefined && (!isDate(query.week) || query.week < '2000-01-01' || query.week > '2999-12-31'))
    throw badRequest('bad_week', '日期无效，应为 YYYY-MM-DD。', 'Not a date: use YYYY-MM-DD.');
  const now = ctx.clock();
  const [account] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, leaderId), eq(users.role, 'executive')));
  if (!account) throw notFound('区领导', 'district leader');
  return computeLeaderBrief(ctx.db, leaderId, query.week ?? cstDate(now), now);
}
