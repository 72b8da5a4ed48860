// Reporting periods from a plan's reporting rule, and the one rule for when a report is late.
// The notice's rule (the default): from Q2 2025, before the 10th of each quarter's first month,
// report the quarter before; the January report is the annual one. "Before the 10th" means by
// 23:59:59 CST on the 9th unless the office sets otherwise.

import { isReported } from './status.js';
import { addDays, endOfDayCst, lastDayOfMonth } from './time.js';

export interface ReportingRule {
  kind: 'quarterly';
  /** The plan year. */
  year: number;
  /** Month of the first report; each report covers the quarter before its month. 4 → from April (Q1). */
  firstDueMonth: 4 | 7 | 10;
  /** Day of the month the deadline names (10 in "10日前"). */
  dueDay: number;
  /** true: "before the 10th" (due by the end of the 9th); false: "by the 10th". */
  dueBefore: boolean;
  /** The report in January of the next year covers the whole year (年度). */
  annualInJanuary: boolean;
}

export const defaultReportingRule = (year: number): ReportingRule => ({
  kind: 'quarterly',
  year,
  firstDueMonth: 4,
  dueDay: 10,
  dueBefore: true,
  annualInJanuary: true,
});

export interface PeriodSpec {
  label: string;
  kind: 'quarter' | 'annual';
  coversFrom: string;
  coversTo: string;
  /** The last instant a report is on time (before any grace). */
  dueAt: Date;
}

const QUARTER = ['一', '二', '三', '四'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The deadline of a report due in the given month, per the rule (an instant in CST). */
export function dueAtFor(rule: ReportingRule, year: number, month: number): Date {
  const day = rule.dueBefore ? rule.dueDay - 1 : rule.dueDay;
  const date = day >= 1 ? `${year}-${pad(month)}-${pad(day)}` : addDays(`${year}-${pad(month)}-01`, day - 1);
  return endOfDayCst(date);
}

/** The periods a rule asks for, in order. */
export function generatePeriods(rule: ReportingRule): PeriodSpec[] {
  const periods: PeriodSpec[] = [];
  for (let dueMonth: number = rule.firstDueMonth; dueMonth <= 13; dueMonth += 3) {
    const inNextYear = dueMonth === 13;
    const quarter = (dueMonth - 1) / 3; // the quarter before the due month: 1..4
    const y = rule.year;
    const dueYear = inNextYear ? y + 1 : y;
    const month = inNextYear ? 1 : dueMonth;
    if (inNextYear && rule.annualInJanuary) {
      periods.push({
        label: `${y}年度`,
        kind: 'annual',
        coversFrom: `${y}-01-01`,
        coversTo: `${y}-12-31`,
        dueAt: dueAtFor(rule, dueYear, month),
      });
      continue;
    }
    const firstMonth = (quarter - 1) * 3 + 1;
    periods.push({
      label: `${y}年第${QUARTER[quarter - 1]}季度`,
      kind: 'quarter',
      coversFrom: `${y}-${pad(firstMonth)}-01`,
      coversTo: lastDayOfMonth(y, firstMonth + 2),
      dueAt: dueAtFor(rule, dueYear, month),
    });
  }
  return periods;
}

/** The last on-time instant once the office's grace days are added. */
export function effectiveDueAt(period: { dueAt: Date; graceDays: number }): Date {
  return new Date(period.dueAt.getTime() + period.graceDays * 86_400_000);
}

/** Late by how many whole seconds (0 when on time). Submissions are compared at second resolution. */
export function lateBySeconds(submittedAt: Date, period: { dueAt: Date; graceDays: number }): number {
  const due = Math.floor(effectiveDueAt(period).getTime() / 1000);
  const at = Math.floor(submittedAt.getTime() / 1000);
  return Math.max(0, at - due);
}

/** Has the deadline (with grace) passed at this instant? At "now == due" it has not: that second is on time. */
export function isPastDue(period: { dueAt: Date; graceDays: number }, now: Date): boolean {
  return lateBySeconds(now, period) > 0;
}

export type SubmissionState = 'on_time' | 'late' | 'missing' | 'pending';

/**
 * A unit's submission for a period, as it stands at an instant, judged with the period's grace days as
 * they are now (grace the office adds later turns a late submission on time): reported (signed, and not
 * withdrawn to a draft) → on time or late by so many seconds; otherwise missing once the deadline has
 * passed, pending before. Every view of lateness reads this, so none can disagree.
 */
export function submissionState(
  period: { dueAt: Date; graceDays: number },
  submission: { status: string; signedAt: Date | null } | null | undefined,
  now: Date,
): { state: SubmissionState; lateSeconds: number } {
  const signedAt = submission?.signedAt;
  if (submission && signedAt && isReported(submission.status) && signedAt.getTime() <= now.getTime()) {
    const lateSeconds = lateBySeconds(signedAt, period);
    return { state: lateSeconds > 0 ? 'late' : 'on_time', lateSeconds };
  }
  return { state: isPastDue(period, now) ? 'missing' : 'pending', lateSeconds: 0 };
}

/** Whole days late, as a bulletin or an evaluation counts them (a second late is a day late). */
export const lateDays = (lateSeconds: number): number => Math.ceil(lateSeconds / 86_400);

interface DatedPeriod {
  dueAt: Date;
  graceDays: number;
  locked?: boolean;
}

/**
 * The current period: the one a unit's clerk reports on now. Clerks work in China Standard Time against
 * the deadline the office set (with its grace days), so it is the earliest period, not locked, whose
 * deadline has not passed: until 23:59:59 CST of the due day (grace included) the period stays current,
 * and at the next CST midnight the following one takes over. When every deadline has passed, the last
 * open period (else the last). A period's first day does not matter: a quarter's report is written after
 * the quarter ends, and the annual period, which begins on 1 January, must not be current all year.
 * `periods` in due order.
 */
export function currentPeriod<P extends DatedPeriod>(periods: readonly P[], now: Date): P | undefined {
  const open = periods.filter((p) => !p.locked);
  return open.find((p) => !isPastDue(p, now)) ?? open.at(-1) ?? periods.at(-1);
}

/**
 * The period whose reports are in: the latest whose deadline has passed, else the current one. The
 * dashboard's "this period" and a new bulletin's period. `periods` in due order.
 */
export function reviewPeriod<P extends DatedPeriod>(periods: readonly P[], now: Date): P | undefined {
  return periods.filter((p) => isPastDue(p, now)).at(-1) ?? currentPeriod(periods, now);
}
