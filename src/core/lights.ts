// Traffic lights (红黄绿灯): derived from the facts, never typed in (docs/design.md#domain-model). Every rule
// lives here; the table-driven test in lights.test.ts names each case.
//
//   grey    nothing to judge yet: no report and no deadline passed
//   red     the last deadline passed without a report · latest status 受阻 · 滞后 two reported periods in a row
//   yellow  latest status 滞后 · the latest report was late · a milestone past due and not done ·
//           an indicator behind 序时进度 by more than the margin
//   green   otherwise; always once the office has closed the item (办结销号), and once the latest signed
//           report says 已完成 (the work is done: a late report or an undone milestone on the way no longer
//           makes it yellow, and a completed item owes no further report — so 已完成 never shows a
//           yellow or red light)
//
// 序时进度 (the expected share of the year's work) is a step curve: with milestones, the share of them
// due by the day; without, the elapsed share of the year at the end of the reported period — so a
// quarterly task is judged on the quarter it reported, never "behind" between two reports.

import { effectiveDueAt, isPastDue, lateBySeconds } from './periods.js';
import type { ItemStatus } from './status.js';
import { cstDate, daysBetween, startOfDayCst } from './time.js';

export type Light = 'red' | 'yellow' | 'green' | 'grey';
export const LIGHTS: readonly Light[] = ['red', 'yellow', 'green', 'grey'];

export type LightReason =
  | 'closed'
  | 'completed'
  | 'not_yet_due'
  | 'overdue_unreported'
  | 'blocked'
  | 'lagging_twice'
  | 'lagging'
  | 'late'
  | 'milestone_overdue'
  | 'behind_schedule';

const RED: readonly LightReason[] = ['overdue_unreported', 'blocked', 'lagging_twice'];
const YELLOW: readonly LightReason[] = ['lagging', 'late', 'milestone_overdue', 'behind_schedule'];

export interface PeriodFacts {
  id: string;
  /** Inclusive YYYY-MM-DD. */
  coversTo: string;
  dueAt: Date;
  graceDays: number;
}

export interface ReportFacts {
  /** Null: the item was not filled in (未填报), which says nothing about its progress. */
  status: ItemStatus | null;
  /** When the submission holding the report was signed; null while it is a draft. */
  signedAt: Date | null;
}

export interface IndicatorFacts {
  op: '>=' | '~' | '<=' | '=';
  /** The unit's own share (local target) where it agreed one, else the task's figure. */
  target: number;
  unit: string;
  /** The latest reported actual, or null. */
  actual: number | null;
}

export interface ItemFacts {
  /** The plan's reporting periods, in due order. */
  periods: readonly PeriodFacts[];
  /** This item's reports by period id. */
  reports: ReadonlyMap<string, ReportFacts>;
  /** Milestone due dates after approved extensions. */
  milestones: readonly { dueOn: string; doneOn: string | null }[];
  indicators: readonly IndicatorFacts[];
  /** The office verified the close-out (办结销号). */
  closed: boolean;
}

export interface LightRules {
  /** The plan year, for the elapsed share of the year. */
  year: number;
  /** How far (as a share, 0.1 = 10 points) an indicator may trail 序时进度 before it turns yellow. */
  behindMargin: number;
}

export interface LightResult {
  light: Light;
  reasons: LightReason[];
  /** 序时进度 used for the indicators, 0..1 (null when nothing was reported). */
  expectedShare: number | null;
}

/** Rates and shares are judged against the target itself, not against the share of the year. */
export const isRate = (unit: string) => /[%‰％]|百分点/.test(unit);

/** The elapsed share of the year at the end of a day (CST). */
export function yearShare(year: number, date: string): number {
  const start = startOfDayCst(`${year}-01-01`).getTime();
  const end = startOfDayCst(`${year + 1}-01-01`).getTime();
  const at = startOfDayCst(date).getTime() + 86_400_000;
  return Math.min(1, Math.max(0, (at - start) / (end - start)));
}

/** 序时进度 on a day: the share of milestones due by then, else the elapsed share of the year. */
export function expectedShare(milestones: ItemFacts['milestones'], year: number, date: string): number {
  if (milestones.length === 0) return yearShare(year, date);
  return milestones.filter((m) => m.dueOn <= date).length / milestones.length;
}

/** Is an indicator behind, given the expected share of the year's work? */
export function indicatorBehind(indicator: IndicatorFacts, expected: number, margin: number): boolean {
  const { actual, target, op } = indicator;
  if (actual === null || !Number.isFinite(target)) return false;
  if (op === '<=') return actual > target * (1 + margin);
  if (target <= 0) return false;
  const share = isRate(indicator.unit) ? 1 : expected;
  return actual / target < share - margin;
}

/** A milestone past due on a day and not done (the light's milestone_overdue; quality.ts's contradiction). */
export function milestoneOverdue(milestones: ItemFacts['milestones'], today: string): boolean {
  return milestones.some((m) => m.dueOn < today && m.doneOn === null);
}

/** The light of one item (an assignment) as of an instant. */
export function itemLight(facts: ItemFacts, asOf: Date, rules: LightRules): LightResult {
  if (facts.closed) return { light: 'green', reasons: ['closed'], expectedShare: null };
  const t = asOf.getTime();
  const due = facts.periods.filter((p) => isPastDue(p, asOf));
  const reported = facts.periods.filter((p) => {
    const r = facts.reports.get(p.id);
    return r?.signedAt != null && r.signedAt.getTime() <= t;
  });
  const latest = reported.at(-1);
  if (due.length === 0 && !latest) return { light: 'grey', reasons: ['not_yet_due'], expectedShare: null };

  const reasons: LightReason[] = [];
  const lastDue = due.at(-1);
  if (lastDue && !reported.includes(lastDue)) reasons.push('overdue_unreported');
  const latestReport = latest ? facts.reports.get(latest.id) : undefined;
  if (latestReport?.status === 'completed') return { light: 'green', reasons: ['completed'], expectedShare: null };
  if (latestReport?.status === 'blocked') reasons.push('blocked');
  if (latestReport?.status === 'lagging') {
    const i = facts.periods.indexOf(latest as PeriodFacts);
    const before = i > 0 ? facts.reports.get((facts.periods[i - 1] as PeriodFacts).id) : undefined;
    const beforeCounts = before?.signedAt != null && before.signedAt.getTime() <= t;
    reasons.push(beforeCounts && before.status === 'lagging' ? 'lagging_twice' : 'lagging');
  }
  // Late by the period's grace days as they are now, like every other view of lateness.
  if (latest && latestReport?.signedAt && lateBySeconds(latestReport.signedAt, latest) > 0) reasons.push('late');
  const today = cstDate(asOf);
  if (milestoneOverdue(facts.milestones, today)) reasons.push('milestone_overdue');
  let share: number | null = null;
  if (latest) {
    share = expectedShare(facts.milestones, rules.year, latest.coversTo);
    const expected = share;
    if (facts.indicators.some((i) => indicatorBehind(i, expected, rules.behindMargin))) {
      reasons.push('behind_schedule');
    }
  }
  const light: Light = reasons.some((r) => RED.includes(r))
    ? 'red'
    : reasons.some((r) => YELLOW.includes(r))
      ? 'yellow'
      : 'green';
  return { light, reasons, expectedShare: share };
}

/**
 * The light of an item for one period: the facts up to that period, seen while it was the current one
 * (until the next period's deadline, or now if earlier).
 */
export function periodLight(facts: ItemFacts, periodId: string, now: Date, rules: LightRules): LightResult {
  const view = periodView(facts, periodId, now);
  if (!view) return { light: 'grey', reasons: ['not_yet_due'], expectedShare: null };
  return itemLight(view.facts, view.asOf, rules);
}

/** The facts up to a period and the instant they are seen at (see periodLight); null for an unknown period. */
function periodView(facts: ItemFacts, periodId: string, now: Date): { facts: ItemFacts; asOf: Date } | null {
  const i = facts.periods.findIndex((p) => p.id === periodId);
  if (i < 0) return null;
  const next = facts.periods[i + 1];
  const end = next ? Math.min(now.getTime(), effectiveDueAt(next).getTime() - 1000) : now.getTime();
  return { facts: { ...facts, periods: facts.periods.slice(0, i + 1) }, asOf: new Date(end) };
}

const DAY = 86_400_000;

/**
 * How many days an item is overdue in a period's view: since the last deadline passed without a report, or
 * since its oldest undone milestone fell due, whichever is longer; 0 when nothing is overdue or it is closed.
 */
export function overdueDays(facts: ItemFacts, periodId: string, now: Date): number {
  const view = periodView(facts, periodId, now);
  if (!view || facts.closed) return 0;
  const t = view.asOf.getTime();
  let days = 0;
  const lastDue = view.facts.periods.filter((p) => isPastDue(p, view.asOf)).at(-1);
  const signed = lastDue ? view.facts.reports.get(lastDue.id)?.signedAt : undefined;
  if (lastDue && !(signed && signed.getTime() <= t)) {
    days = Math.ceil((t - effectiveDueAt(lastDue).getTime()) / DAY);
  }
  const today = cstDate(view.asOf);
  for (const m of facts.milestones) {
    if (m.doneOn === null && m.dueOn < today) {
      days = Math.max(days, daysBetween(m.dueOn, today));
    }
  }
  return days;
}

const SEVERITY: Record<Light, number> = { red: 3, yellow: 2, green: 1, grey: 0 };

/** A task's light is its worst unit's; grey only when every unit is grey. */
export function worstLight(lights: readonly Light[]): Light {
  let worst: Light = 'grey';
  for (const light of lights) if (SEVERITY[light] > SEVERITY[worst]) worst = light;
  return worst;
}

export type LightCounts = Record<Light, number>;

/** Counts for a section, source, unit or plan: a dashboard shows the mix, not one colour. */
export function countLights(lights: Iterable<Light>): LightCounts {
  const counts: LightCounts = { red: 0, yellow: 0, green: 0, grey: 0 };
  for (const light of lights) counts[light] += 1;
  return counts;
}
