// 延期次数: how often a unit's report or milestone slipped, per task, counted in the plan's own periods (quarters and
// the annual report) so the dashboard can rank units per period and over the year and evaluation can weigh it. Pure;
// the table-driven test in delays.test.ts names each rule. Deadlines are never re-derived here: a report's is its
// period's (dueAt + grace, periods.ts lateBySeconds / isPastDue, as every view of lateness reads it), a milestone's
// is its date as it stands (after approved extensions, as the lights read it).
//
//   late_report         a unit's report (its package, 报送单) for a period that asks it one signed after the period's
//                       deadline with grace — once per package, however many items it holds and however late
//                       (periods.ts submissionState 'late'; days = lateDays). Not signed past the deadline counts
//                       too, once, `open`, days so far ('missing'); signed later it stays the same one case, closed.
//                       A period asks the unit a report when it holds one of its items (rhythm.ts periodHolds) that
//                       still owes one: not after an earlier signed report of it said 已完成, and — for a package not
//                       yet signed — not closed (办结销号), as the lights say. The co-unit's earlier date (co-units.ts)
//                       is the lead unit's business, not the office's: a package is judged on the office's deadline.
//   extension_approved  an extension request (延期申请) the office approved — once per request; days = how far it
//   extension_refused   moved (or would have moved) the milestone: newDueOn − fromDueOn. Counted in the period of the
//                       decision (its China day); a pending request is not a delay yet.
//   milestone_overdue   a milestone past its date (as it stands) and not done by then: overdue from the day after its
//                       date to the day it was done (or today while undone). Counted once in each period that span
//                       touches — not per day — with days = overdue days up to that period's end (or today). An
//                       approved extension moved the date, so the time covered by the approval is the approval's
//                       case, not also an overdue one; slipping past the new date is a new overdue. An undone
//                       milestone of an item closed or reported 已完成 is not overdue (the lights agree).
//
// Periods: a case belongs to the plan period whose span holds its day — period i spans the days after period i−1's
// last day up to its own coversTo (the annual report, covering the year, spans Q4: October to December); days before
// the first period are the first's, days after the last the last's. A report's day is its period's last day (a month
// or N-week period falls in the quarter holding it). The year is the sum of the periods: a milestone overdue from May
// to August counts twice (二季度, 三季度), as the office would count it quarter by quarter.

import type { PeriodFacts, ReportFacts } from './lights.js';
import { lateBySeconds, lateDays, submissionState } from './periods.js';
import { cstDate, daysBetween } from './time.js';

export const DELAY_KINDS = ['late_report', 'extension_approved', 'extension_refused', 'milestone_overdue'] as const;
export type DelayKind = (typeof DELAY_KINDS)[number];

export interface DelayMilestone {
  id: string;
  title: string;
  /** The date as it stands, after approved extensions. */
  dueOn: string;
  doneOn: string | null;
}

export interface DelayExtension {
  id: string;
  milestoneId: string;
  fromDueOn: string;
  newDueOn: string;
  status: 'pending' | 'approved' | 'refused';
  decidedAt: Date | null;
}

/** One item (a unit's assignment on a task): the facts its milestones' delays are read from. */
export interface DelayItemFacts {
  assignmentId: string;
  taskId: string;
  /** The periods that ask this item a report (its rhythm's: periodHolds), in due order. */
  periods: readonly PeriodFacts[];
  /** Its reports by period id (for 已完成); signedAt null while a draft. */
  reports: ReadonlyMap<string, ReportFacts>;
  milestones: readonly DelayMilestone[];
  extensions: readonly DelayExtension[];
  /** The office verified the close-out (办结销号). */
  closed: boolean;
}

/** A unit's facts: its items, and its package (submission) per period id, as stored. */
export interface UnitDelayFacts {
  items: readonly DelayItemFacts[];
  packages: ReadonlyMap<string, { status: string; signedAt: Date | null } | undefined>;
}

export type DelaySubject =
  | { type: 'report'; periodId: string }
  | { type: 'milestone'; milestoneId: string; title: string; extensionId: string | null };

export interface DelayCase {
  kind: DelayKind;
  /** The plan period (quarter or annual) the case is counted in. */
  periodId: string;
  /** The item and task a milestone's case concerns; null for a package's (it holds every item of the unit). */
  assignmentId: string | null;
  taskId: string | null;
  subject: DelaySubject;
  /** The day it slipped: the report's deadline, the milestone's date, the extension's decision. */
  on: string;
  days: number;
  /** Still slipping now: a report not yet signed, a milestone not yet done. */
  open: boolean;
}

/** The plan period a day is counted in (see the head comment); `periods` are the plan's own, in due order. */
export function periodOfDay<P extends { coversTo: string }>(periods: readonly P[], day: string): P | undefined {
  return periods.find((p) => day <= p.coversTo) ?? periods.at(-1);
}

/** The index of the item's first period whose signed report (as of `t`) said 已完成, or −1: after it nothing is owed. */
function firstCompleted(item: DelayItemFacts, t: number): number {
  return item.periods.findIndex((p) => {
    const r = item.reports.get(p.id);
    return r?.status === 'completed' && r.signedAt != null && r.signedAt.getTime() <= t;
  });
}

/** Every delay case of one unit as of an instant, counted in the plan's own periods (`periods`, in due order). */
export function unitDelays(
  unit: UnitDelayFacts,
  periods: readonly { id: string; coversTo: string }[],
  asOf: Date,
): DelayCase[] {
  if (periods.length === 0) return [];
  const t = asOf.getTime();
  const out: DelayCase[] = [];

  // The packages: each period asking the unit a report, once.
  const asked = new Map<string, { period: PeriodFacts; open: boolean }>();
  for (const item of unit.items) {
    const done = firstCompleted(item, t);
    item.periods.slice(0, done < 0 ? undefined : done + 1).forEach((p) => {
      const seen = asked.get(p.id);
      asked.set(p.id, { period: p, open: (seen?.open ?? false) || !item.closed });
    });
  }
  const inDueOrder = [...asked.values()].sort((a, b) => a.period.dueAt.getTime() - b.period.dueAt.getTime());
  for (const { period: p, open: owesOpen } of inDueOrder) {
    const { state, lateSeconds } = submissionState(p, unit.packages.get(p.id), asOf);
    if (state === 'pending' || state === 'on_time' || (state === 'missing' && !owesOpen)) continue;
    const missing = state === 'missing';
    out.push({
      kind: 'late_report',
      periodId: (periodOfDay(periods, p.coversTo) as { id: string }).id,
      assignmentId: null,
      taskId: null,
      subject: { type: 'report', periodId: p.id },
      on: cstDate(p.dueAt),
      days: lateDays(missing ? lateBySeconds(asOf, p) : lateSeconds),
      open: missing,
    });
  }
  for (const item of unit.items) out.push(...milestoneDelays(item, periods, asOf));
  return out;
}

/** The extension and overdue cases of one item's milestones. */
export function milestoneDelays(
  item: DelayItemFacts,
  periods: readonly { id: string; coversTo: string }[],
  asOf: Date,
): DelayCase[] {
  if (periods.length === 0) return [];
  const out: DelayCase[] = [];
  const t = asOf.getTime();
  const today = cstDate(asOf);
  const base = { assignmentId: item.assignmentId, taskId: item.taskId };
  // A signed report said 已完成: the work is done, an undone milestone no longer slips.
  const completed = firstCompleted(item, t) >= 0;
  const titles = new Map(item.milestones.map((m) => [m.id, m.title]));
  for (const e of item.extensions) {
    if (e.status === 'pending' || !e.decidedAt || e.decidedAt.getTime() > t) continue;
    const on = cstDate(e.decidedAt);
    out.push({
      ...base,
      kind: e.status === 'approved' ? 'extension_approved' : 'extension_refused',
      periodId: (periodOfDay(periods, on) as { id: string }).id,
      subject: {
        type: 'milestone',
        milestoneId: e.milestoneId,
        title: titles.get(e.milestoneId) ?? '',
        extensionId: e.id,
      },
      on,
      days: daysBetween(e.fromDueOn, e.newDueOn),
      open: false,
    });
  }

  for (const m of item.milestones) {
    if (m.doneOn === null && (item.closed || completed)) continue;
    const end = m.doneOn ?? today;
    if (end <= m.dueOn) continue;
    const subject: DelaySubject = { type: 'milestone', milestoneId: m.id, title: m.title, extensionId: null };
    periods.forEach((p, i) => {
      const prev = periods[i - 1];
      const last = i === periods.length - 1;
      // The span (dueOn, end] meets the period's days (prev.coversTo, p.coversTo].
      if (prev && end <= prev.coversTo) return;
      if (!last && m.dueOn >= p.coversTo) return;
      const upTo = last || end <= p.coversTo ? end : p.coversTo;
      out.push({
        ...base,
        kind: 'milestone_overdue',
        periodId: p.id,
        subject,
        on: m.dueOn,
        days: daysBetween(m.dueOn, upTo),
        open: m.doneOn === null && upTo === end,
      });
    });
  }
  return out;
}

export type DelayCounts = Record<DelayKind, number> & { total: number };

/** Cases by kind, and their total. */
export function countDelays(cases: Iterable<{ kind: DelayKind }>): DelayCounts {
  const counts: DelayCounts = {
    late_report: 0,
    extension_approved: 0,
    extension_refused: 0,
    milestone_overdue: 0,
    total: 0,
  };
  for (const c of cases) {
    counts[c.kind] += 1;
    counts.total += 1;
  }
  return counts;
}
