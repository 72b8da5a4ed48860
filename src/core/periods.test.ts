// The notice's reporting rule and the late rule, case by case.

import { describe, expect, it } from 'vitest';
import { defaultReportingRule, dueAtFor, generatePeriods, lateBySeconds } from './periods.js';
import { addDays, cstDate, endOfDayCst, isDate, lastDayOfMonth, startOfDayCst } from './time.js';

describe('China Standard Time', () => {
  it('maps calendar dates to instants at UTC+8, whatever the process zone', () => {
    expect(startOfDayCst('2025-04-10').toISOString()).toBe('2025-04-09T16:00:00.000Z');
    expect(endOfDayCst('2025-04-09').toISOString()).toBe('2025-04-09T15:59:59.000Z');
    expect(cstDate(new Date('2025-04-09T16:00:00Z'))).toBe('2025-04-10');
    expect(cstDate(new Date('2025-04-09T15:59:59Z'))).toBe('2025-04-09');
  });

  it('validates and moves dates', () => {
    expect(isDate('2025-02-29')).toBe(false);
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2025-4-9')).toBe(false);
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(lastDayOfMonth(2025, 2)).toBe('2025-02-28');
    expect(() => startOfDayCst('2025-13-01')).toThrow(RangeError);
  });
});

describe('reporting periods', () => {
  it('follows the notice: Q1–Q3 due before the 10th of April, July, October; the annual report in January', () => {
    const periods = generatePeriods(defaultReportingRule(2025)).map((p) => ({ ...p, dueAt: p.dueAt.toISOString() }));
    expect(periods).toEqual([
      {
        label: '2025年第一季度',
        kind: 'quarter',
        coversFrom: '2025-01-01',
        coversTo: '2025-03-31',
        dueAt: '2025-04-09T15:59:59.000Z',
      },
      {
        label: '2025年第二季度',
        kind: 'quarter',
        coversFrom: '2025-04-01',
        coversTo: '2025-06-30',
        dueAt: '2025-07-09T15:59:59.000Z',
      },
      {
        label: '2025年第三季度',
        kind: 'quarter',
        coversFrom: '2025-07-01',
        coversTo: '2025-09-30',
        dueAt: '2025-10-09T15:59:59.000Z',
      },
      {
        label: '2025年度',
        kind: 'annual',
        coversFrom: '2025-01-01',
        coversTo: '2025-12-31',
        dueAt: '2026-01-09T15:59:59.000Z',
      },
    ]);
  });

  it('reads "by the 10th" and a fourth-quarter report when the rule says so', () => {
    const rule = { ...defaultReportingRule(2026), dueBefore: false, annualInJanuary: false };
    const periods = generatePeriods(rule);
    expect(periods.map((p) => p.label)).toEqual([
      '2026年第一季度',
      '2026年第二季度',
      '2026年第三季度',
      '2026年第四季度',
    ]);
    expect(generatePeriods({ ...rule, firstDueMonth: 7 }).map((p) => p.label)[0]).toBe('2026年第二季度');
    expect(periods[0]?.dueAt.toISOString()).toBe('2026-04-10T15:59:59.000Z');
    expect(periods[3]?.coversTo).toBe('2026-12-31');
    expect(periods[3]?.dueAt.toISOString()).toBe('2027-01-10T15:59:59.000Z');
  });

  it('handles "before the 1st" as the end of the previous month', () => {
    expect(dueAtFor({ ...defaultReportingRule(2025), dueDay: 1 }, 2025, 4).toISOString()).toBe(
      '2025-03-31T15:59:59.000Z',
    );
  });
});

describe('late', () => {
  const period = { dueAt: new Date('2025-04-09T15:59:59.000Z'), graceDays: 0 };
  it.each([
    ['2025-04-09T23:59:59.999+08:00', 0, 0],
    ['2025-04-10T00:00:00+08:00', 0, 1],
    ['2025-04-10T08:00:00+08:00', 0, 8 * 3600 + 1],
    ['2025-04-11T23:59:59+08:00', 2, 0],
    ['2025-04-12T00:00:00+08:00', 2, 1],
  ])('submitted %s with %i grace days is %i s late', (at, graceDays, late) => {
    expect(lateBySeconds(new Date(at), { ...period, graceDays })).toBe(late);
  });
});
