// Each task's reporting rhythm (报送频次): quarterly (the notice's rule), monthly, every N weeks (重点项目), or 阅知
// (read only, no report). The plan's quarter and annual periods hold every reported item; a month period holds
// the monthly tasks' items, a period of N weeks those of the tasks reporting every N weeks. A rhythm set during
// the year asks nothing of the periods already due when it was set.

import { dueAtFor, type PeriodSpec, type ReportingRule } from './periods.js';
import { addDays, endOfDayCst, lastDayOfMonth, startOfDayCst } from './time.js';

export const RHYTHM_KINDS = ['quarterly', 'monthly', 'weeks', 'read_only'] as const;
export type RhythmKind = (typeof RHYTHM_KINDS)[number];

export interface Rhythm {
  kind: RhythmKind;
  /** For `weeks`: report every so many weeks (1–8); null otherwise. */
  everyWeeks: number | null;
  /** When the rhythm was set; periods due before then ask nothing of it. Null: since the plan began. */
  since: Date | null;
}

export const MIN_WEEKS = 1;
export const MAX_WEEKS = 8;
/** A period of N weeks is due by the end of this many days after it ends (its Sunday → the Tuesday). */
export const WEEKS_DUE_AFTER_DAYS = 2;

export const QUARTERLY: Rhythm = { kind: 'quarterly', everyWeeks: null, since: null };

export type RhythmPeriodKind = 'quarter' | 'annual' | 'month' | 'weeks';

export interface RhythmPeriod {
  kind: RhythmPeriodKind;
  /** For `weeks` periods: the length of the cycle in weeks. */
  everyWeeks: number | null;
  dueAt: Date;
}

/** The plan's own periods (every reported item is in them); the others exist for a rhythm. */
export const isMainPeriod = (period: { kind: string }): boolean =>
  period.kind === 'quarter' || period.kind === 'annual';

/** Does a period ask a report of a task with this rhythm? The one rule packages, lights and reminders follow. */
export function periodHolds(period: RhythmPeriod, rhythm: Rhythm): boolean {
  if (rhythm.kind === 'read_only') return false;
  if (isMainPeriod(period)) return true;
  if (rhythm.since && period.dueAt.getTime() <= rhythm.since.getTime()) return false;
  if (period.kind === 'month') return rhythm.kind === 'monthly';
  return rhythm.kind === 'weeks' && rhythm.everyWeeks === period.everyWeeks;
}

/** A period a rhythm adds to the plan, as stored. */
export type RhythmPeriodSpec = Omit<PeriodSpec, 'kind'> & { kind: 'month' | 'weeks'; everyWeeks: number | null };

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The extra periods a rhythm needs in the plan year, in due order. Monthly: one per month except the last of
 * each quarter, whose report is the quarter's own package (so nothing is asked twice), due by the rule's day of
 * the next month. Every N weeks: cycles of N weeks from the year's first Monday, due WEEKS_DUE_AFTER_DAYS after
 * each cycle ends; a cycle ending in the next year is not the plan's. Quarterly and 阅知 need none.
 */
export function rhythmPeriods(rule: ReportingRule, rhythm: Pick<Rhythm, 'kind' | 'everyWeeks'>): RhythmPeriodSpec[] {
  const y = rule.year;
  if (rhythm.kind === 'monthly') {
    const months = [1, 2, 4, 5, 7, 8, 10, 11];
    return months.map(
      (m): RhythmPeriodSpec => ({
        label: `${y}年${m}月`,
        kind: 'month',
        everyWeeks: null,
        coversFrom: `${y}-${pad(m)}-01`,
        coversTo: lastDayOfMonth(y, m),
        dueAt: dueAtFor(rule, y, m + 1),
      }),
    );
  }
  if (rhythm.kind !== 'weeks' || rhythm.everyWeeks === null) return [];
  const n = rhythm.everyWeeks;
  // 1 January's weekday in China (Monday 0 … Sunday 6; day 0 of the epoch was a Thursday), then the first Monday.
  const weekday = ((startOfDayCst(`${y}-01-01`).getTime() + 8 * 3_600_000) / 86_400_000 + 3) % 7;
  let from = addDays(`${y}-01-01`, (7 - weekday) % 7);
  const out: RhythmPeriodSpec[] = [];
  for (let k = 1; ; k++) {
    const to = addDays(from, 7 * n - 1);
    if (to > `${y}-12-31`) break;
    out.push({
      label: `${y}年每${n}周第${k}期（${from.slice(5)}至${to.slice(5)}）`,
      kind: 'weeks',
      everyWeeks: n,
      coversFrom: from,
      coversTo: to,
      dueAt: endOfDayCst(addDays(to, WEEKS_DUE_AFTER_DAYS)),
    });
    from = addDays(to, 1);
  }
  return out;
}

/** A rhythm as the office names it (报送频次). */
export function rhythmLabel(rhythm: Pick<Rhythm, 'kind' | 'everyWeeks'>): string {
  switch (rhythm.kind) {
    case 'quarterly':
      return '按季度';
    case 'monthly':
      return '按月';
    case 'weeks':
      return rhythm.everyWeeks === 1 ? '每周' : `每${rhythm.everyWeeks}周`;
    case 'read_only':
      return '阅知';
  }
}
