// Each task's rhythm, case by case: which periods a rhythm needs and which periods ask a report of it.

import { describe, expect, it } from 'vitest';
import { defaultReportingRule, generatePeriods } from './periods.js';
import {
  isMainPeriod,
  periodHolds,
  QUARTERLY,
  type Rhythm,
  type RhythmPeriod,
  rhythmLabel,
  rhythmPeriods,
} from './rhythm.js';
import { cstDate } from './time.js';

const rule = defaultReportingRule(2026);
const monthly: Rhythm = { kind: 'monthly', everyWeeks: null, since: null };
const weekly: Rhythm = { kind: 'weeks', everyWeeks: 1, since: null };
const fortnightly: Rhythm = { kind: 'weeks', everyWeeks: 2, since: null };
const readOnly: Rhythm = { kind: 'read_only', everyWeeks: null, since: null };

describe('the periods a rhythm needs', () => {
  it('monthly: every month but the last of each quarter (the quarter’s package holds it), due before the 10th', () => {
    const months = rhythmPeriods(rule, monthly);
    expect(months.map((m) => m.label)).toEqual([
      '2026年1月',
      '2026年2月',
      '2026年4月',
      '2026年5月',
      '2026年7月',
      '2026年8月',
      '2026年10月',
      '2026年11月',
    ]);
    const may = months[3];
    expect(may).toMatchObject({ kind: 'month', coversFrom: '2026-05-01', coversTo: '2026-05-31' });
    // The notice's rule, one month on: before the 10th of June, i.e. by 23:59:59 CST on the 9th.
    expect(may?.dueAt.toISOString()).toBe('2026-06-09T15:59:59.000Z');
  });

  it('every two weeks: from the year’s first Monday, due the Tuesday after, none running into the next year', () => {
    const cycles = rhythmPeriods(rule, fortnightly);
    // 1 January 2026 is a Thursday: the first Monday is the 5th.
    expect(cycles[0]).toMatchObject({ coversFrom: '2026-01-05', coversTo: '2026-01-18', everyWeeks: 2 });
    expect(cstDate(cycles[0]?.dueAt as Date)).toBe('2026-01-20');
    expect(cycles[0]?.label).toBe('2026年每2周第1期（01-05至01-18）');
    expect(cycles.length).toBe(25);
    // The 26th cycle would end on 3 January: the last days of the year are the fourth quarter's.
    expect(cycles.at(-1)?.coversTo).toBe('2026-12-20');
    for (let i = 1; i < cycles.length; i++) {
      expect((cycles[i]?.coversFrom as string) > (cycles[i - 1]?.coversTo as string)).toBe(true);
    }
    // A year that begins on a Monday starts on 1 January (2024).
    expect(rhythmPeriods(defaultReportingRule(2024), weekly)[0]?.coversFrom).toBe('2024-01-01');
  });

  it('quarterly and 阅知 need no periods of their own', () => {
    expect(rhythmPeriods(rule, QUARTERLY)).toEqual([]);
    expect(rhythmPeriods(rule, readOnly)).toEqual([]);
  });

  it('labels rhythms as the office names them', () => {
    expect([QUARTERLY, monthly, fortnightly, weekly, readOnly].map(rhythmLabel)).toEqual([
      '按季度',
      '按月',
      '每2周',
      '每周',
      '阅知',
    ]);
  });
});

describe('which periods ask a report of a task', () => {
  const at = <T>(list: T[], i: number): T => list[i] as T;
  const quarter: RhythmPeriod = { ...at(generatePeriods(rule), 0), everyWeeks: null };
  const january = at(rhythmPeriods(rule, monthly), 0);
  const may = at(rhythmPeriods(rule, monthly), 3);
  const cycle = at(rhythmPeriods(rule, fortnightly), 5);
  const cases: [string, RhythmPeriod, Rhythm, boolean][] = [
    ['a quarter holds a quarterly task', quarter, QUARTERLY, true],
    ['a quarter holds a monthly task too (its third month)', quarter, monthly, true],
    ['a quarter holds a fortnightly task too', quarter, fortnightly, true],
    ['a quarter asks nothing of 阅知', quarter, readOnly, false],
    ['a month holds a monthly task', may, monthly, true],
    ['a month asks nothing of a quarterly task', may, QUARTERLY, false],
    ['a month asks nothing of a fortnightly task', may, fortnightly, false],
    ['a fortnight holds a fortnightly task', cycle, fortnightly, true],
    ['a fortnight asks nothing of a weekly task', cycle, { ...fortnightly, everyWeeks: 1 }, false],
    ['a fortnight asks nothing of a monthly task', cycle, monthly, false],
    [
      'a month due before the rhythm was set asks nothing',
      january,
      { ...monthly, since: new Date('2026-03-01') },
      false,
    ],
    ['a month due after it was set does', may, { ...monthly, since: new Date('2026-03-01') }, true],
    ['a quarter asks whatever the rhythm’s date', quarter, { ...monthly, since: new Date('2026-12-01') }, true],
  ];
  it.each(cases)('%s', (_name, period, rhythm, holds) => {
    expect(periodHolds(period, rhythm)).toBe(holds);
  });

  it('tells the plan’s own periods from a rhythm’s', () => {
    expect(generatePeriods(rule).every(isMainPeriod)).toBe(true);
    expect(rhythmPeriods(rule, monthly).some(isMainPeriod)).toBe(false);
  });
});
