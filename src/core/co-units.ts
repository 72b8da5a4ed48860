// 配合单位先于牵头单位: the office sets, per plan, how many days before the period's deadline a co-unit's input is due,
// so the lead unit has time to consolidate. A co-unit here is what consolidation waits for (services/consolidation.ts):
// a unit on a task, not its lead, where a lead unit reporting in the district consolidates — 责任 and 配合 alike. The one
// rule for which date a unit's input, and its package's reminders, are held to; every view reads it through these
// functions and then judges the date with effectiveDueAt / isPastDue / submissionState as for any period.

import { type SubmissionState, submissionState } from './periods.js';

/** A unit's role on a task (牵头 / 责任 / 配合), as assignments store it. */
export type AssignmentRoleName = 'lead' | 'responsible' | 'co';

/** The office's gap is whole days, from 0 (as before: one date for everyone) to 30. */
export const MAX_CO_UNIT_LEAD_DAYS = 30;

export const isCoUnitLeadDays = (days: unknown): days is number =>
  Number.isInteger(days) && (days as number) >= 0 && (days as number) <= MAX_CO_UNIT_LEAD_DAYS;

interface Deadline {
  dueAt: Date;
  graceDays: number;
}

/**
 * Whether a unit's item feeds a lead unit's consolidation: it does not lead the task, and another unit that reports
 * in the district leads it (a city or province lead named for reference consolidates nothing here).
 */
export const feedsLead = (role: AssignmentRoleName, otherLeadHere: boolean): boolean =>
  role !== 'lead' && otherLeadHere;

/**
 * The deadline of a co-unit's input: the period's deadline moved `leadDays` whole days earlier, grace kept (grace the
 * office adds to a period helps everyone equally, so the gap between co-units and the lead stays what the office set).
 */
export function coInputDeadline(period: Deadline, leadDays: number): Deadline {
  if (leadDays <= 0) return { dueAt: period.dueAt, graceDays: period.graceDays };
  return { dueAt: new Date(period.dueAt.getTime() - leadDays * 86_400_000), graceDays: period.graceDays };
}

/** The deadline of one item of a unit: earlier only where it feeds a lead; the lead and lone units keep the period's. */
export function itemDeadline(period: Deadline, co: boolean, leadDays: number): Deadline {
  return co ? coInputDeadline(period, leadDays) : { dueAt: period.dueAt, graceDays: period.graceDays };
}

/**
 * The date a unit is reminded of its package against (`co`: per open item, whether it feeds a lead): the earlier date
 * only when every item of it is a co item (a unit that only supports others has nothing else to wait for); a package
 * holding any item of its own keeps the period's date, its co items being reminded of apart (coItemsDueEarlier).
 */
export function packageReminderDeadline(period: Deadline, co: readonly boolean[], leadDays: number): Deadline {
  const allCo = co.length > 0 && co.every(Boolean);
  return allCo ? coInputDeadline(period, leadDays) : { dueAt: period.dueAt, graceDays: period.graceDays };
}

/** A package with both co items and others, under a gap: its co items are due before the package itself. */
export const coItemsDueEarlier = (co: readonly boolean[], leadDays: number): boolean =>
  leadDays > 0 && co.some(Boolean) && co.some((c) => !c);

/**
 * How a unit's input on one item stands for the lead unit at an instant: its package's signature judged against the
 * item's deadline (the earlier one for a co item). A co-unit that signed after its earlier date but before the
 * period's is `late` here — late for the lead — while its package is still on time for the office.
 */
export function inputState(
  period: Deadline,
  co: boolean,
  leadDays: number,
  submission: { status: string; signedAt: Date | null } | null | undefined,
  now: Date,
): { state: SubmissionState; lateSeconds: number; dueAt: Date } {
  const deadline = itemDeadline(period, co, leadDays);
  return { ...submissionState(deadline, submission, now), dueAt: deadline.dueAt };
}
