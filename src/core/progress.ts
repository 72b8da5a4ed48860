// Progress against plan (进度分类): how an item's reported progress compares with 序时进度, the class offices
// report and score by — 超进度 (ahead), 达进度 (on_track), 欠进度 (behind), 已完成 (completed) and 逾期完成
// (completed_late, done but after the item's deadline, reported and scored apart). Every rule lives here; the
// table-driven test in progress.test.ts names each case. The light (lights.ts) says whether to act; the class
// says where the work stands.
//
//   none            nothing reported yet (未报送 is the light's business, not a class)
//   completed       the latest signed report says 已完成 (or the office closed the item), in a period ending
//                   by the item's deadline (itemDeadline: the task's, moved by approved extensions)
//   completed_late  the same, in a period ending after the deadline
//   behind          the deadline passed undone · latest status 滞后/受阻 · a milestone past due and undone ·
//                   an indicator behind 序时进度 by more than the margin
//   ahead           more milestones done than due, or every reported indicator ahead of 序时进度 by the margin
//   on_track        otherwise

import {
  expectedShare,
  type IndicatorFacts,
  type ItemFacts,
  indicatorBehind,
  isRate,
  type LightRules,
  type PeriodFacts,
} from './lights.js';
import { cstDate, lastDayOfMonth } from './time.js';

export type ProgressClass = 'ahead' | 'on_track' | 'behind' | 'completed' | 'completed_late';
export const PROGRESS_CLASSES: readonly ProgressClass[] = [
  'ahead',
  'on_track',
  'behind',
  'completed',
  'completed_late',
];

export interface ProgressResult {
  progress: ProgressClass | null;
  /** The end of the period whose report first said 已完成 (the work was done by then), else null. */
  completedBy: string | null;
  /** The task's deadline as a day (see deadlineDay). */
  deadlineOn: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const QUARTER_END: Record<string, number> = { 一: 3, '1': 3, 二: 6, 两: 6, '2': 6, 三: 9, '3': 9, 四: 12, '4': 12 };

/**
 * A deadline as printed in a notice (年底前, 6月底前, 6月15日前, 上半年, 三季度末, 2026年3月底前…) as the last day
 * it allows; a deadline duban cannot read, or none, is the end of the plan year (the notice's default).
 * 两年内/三年内 reach past the plan year: the end of the last year they allow.
 */
export function deadlineDay(printed: string | null, year: number): string {
  const text = (printed ?? '').replace(/\s/g, '');
  // A day already (itemDeadline's answer) passes through.
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const y = Number(/(\d{4})年/.exec(text)?.[1] ?? year);
  const day = /(\d{1,2})月(\d{1,2})日/.exec(text);
  if (day) return `${y}-${pad(Number(day[1]))}-${pad(Number(day[2]))}`;
  const month = /(\d{1,2})月(上旬|中旬)?/.exec(text);
  if (month) {
    const m = Math.min(12, Math.max(1, Number(month[1])));
    if (month[2] === '上旬') return `${y}-${pad(m)}-10`;
    if (month[2] === '中旬') return `${y}-${pad(m)}-20`;
    return lastDayOfMonth(y, m);
  }
  const quarter = /第?([一二三四1-4])季度/.exec(text);
  if (quarter) return lastDayOfMonth(y, QUARTER_END[quarter[1] as string] as number);
  if (text.includes('上半年')) return `${y}-06-30`;
  const years = /([两二三四五])年内/.exec(text);
  if (years) return `${y + ({ 两: 1, 二: 1, 三: 2, 四: 3, 五: 4 }[years[1] as '两'] ?? 0)}-12-31`;
  return `${y}-12-31`;
}

/**
 * An item's deadline as a day: the task's printed deadline, moved later by the office's approved extensions
 * (延期) of the item's milestones — approving a milestone past the deadline accepts the work finishing then.
 * An approved date before the printed deadline moves nothing; a refused or pending request is not passed in.
 */
export function itemDeadline(printed: string | null, year: number, approvedDueOns: readonly string[]): string {
  let day = deadlineDay(printed, year);
  for (const d of approvedDueOns) if (d > day) day = d;
  return day;
}

/** Is an indicator ahead of 序时进度 by more than the margin (rates are judged against the target itself)? */
function indicatorAhead(indicator: IndicatorFacts, expected: number, margin: number): boolean {
  const { actual, target, op } = indicator;
  if (actual === null || !Number.isFinite(target) || target <= 0 || op === '<=') return false;
  const share = isRate(indicator.unit) ? 1 : expected;
  return actual / target >= share + margin;
}

/** The progress class of one item (an assignment) as of an instant, against its task's deadline. */
export function progressClass(
  facts: ItemFacts,
  deadline: string | null,
  asOf: Date,
  rules: LightRules,
): ProgressResult {
  const deadlineOn = deadlineDay(deadline, rules.year);
  const t = asOf.getTime();
  const reported = facts.periods.filter((p) => {
    const r = facts.reports.get(p.id);
    return r?.signedAt != null && r.signedAt.getTime() <= t;
  });
  const firstDone = reported.find((p) => facts.reports.get(p.id)?.status === 'completed');
  const latest = reported.at(-1);
  const latestStatus = latest ? facts.reports.get(latest.id)?.status : undefined;
  const done = (completedBy: string | null): ProgressResult => ({
    progress: completedBy !== null && completedBy > deadlineOn ? 'completed_late' : 'completed',
    completedBy,
    deadlineOn,
  });
  if (latestStatus === 'completed') return done((firstDone as PeriodFacts).coversTo);
  if (facts.closed) return done(firstDone?.coversTo ?? null);
  const today = cstDate(asOf);
  const result = (progress: ProgressClass | null): ProgressResult => ({ progress, completedBy: null, deadlineOn });
  if (today > deadlineOn) return result('behind');
  if (!latest) return result(null);
  if (latestStatus === 'lagging' || latestStatus === 'blocked') return result('behind');
  if (facts.milestones.some((m) => m.dueOn < today && m.doneOn === null)) return result('behind');
  const expected = expectedShare(facts.milestones, rules.year, latest.coversTo);
  const withActual = facts.indicators.filter((i) => i.actual !== null);
  if (withActual.some((i) => indicatorBehind(i, expected, rules.behindMargin))) return result('behind');
  const milestonesDone = facts.milestones.filter((m) => m.doneOn !== null && m.doneOn <= today).length;
  const milestonesDue = facts.milestones.filter((m) => m.dueOn <= today).length;
  if (milestonesDone > milestonesDue) return result('ahead');
  if (withActual.length > 0 && withActual.every((i) => indicatorAhead(i, expected, rules.behindMargin))) {
    return result('ahead');
  }
  return result('on_track');
}

/**
 * A task's class from its units' (none reported: null): one unit behind holds the task behind; it is completed
 * when every unit is (逾期完成 when any finished late); ahead only when every reporting unit is ahead.
 */
export function rollUpProgress(classes: readonly (ProgressClass | null)[]): ProgressClass | null {
  const known = classes.filter((c): c is ProgressClass => c !== null);
  if (known.length === 0) return null;
  if (known.includes('behind')) return 'behind';
  if (known.length === classes.length && known.every((c) => c === 'completed' || c === 'completed_late')) {
    return known.includes('completed_late') ? 'completed_late' : 'completed';
  }
  if (known.every((c) => c === 'ahead')) return 'ahead';
  return 'on_track';
}

/** How many of the classes are each class (every class named, 0 when none; unclassed items are left out). */
export function countProgress(classes: Iterable<ProgressClass | null>): Record<ProgressClass, number> {
  const counts = Object.fromEntries(PROGRESS_CLASSES.map((c) => [c, 0])) as Record<ProgressClass, number>;
  for (const c of classes) if (c) counts[c] += 1;
  return counts;
}
