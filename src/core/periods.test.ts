// The notice's reporting rule and the late rule, case by case.

import { describe, expect, it } from 'vitest';
import {
  currentPeriod,
  defaultReportingRule,
  dueAtFor,
  generatePeriods,
  isPastDue,
  lateBySeconds,
  lateDays,
  reviewPeriod,
  submissionState,
} from './periods.js';
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

describe('submission state', () => {
  const q1 = { dueAt: new Date('2025-04-09T15:59:59Z'), graceDays: 0 };
  const cst = (iso: string) => new Date(`${iso}+08:00`);
  const signed = (at: string, status = 'submitted') => ({ status, signedAt: cst(at) });

  it.each([
    ['pending before the deadline, nothing sent', null, '2025-04-09T23:59:59', 'pending', 0],
    ['missing from the second after the deadline', null, '2025-04-10T00:00:00', 'missing', 0],
    ['a draft is not a submission', { status: 'draft', signedAt: null }, '2025-05-01T00:00:00', 'missing', 0],
    ['on time when signed on the last second', signed('2025-04-09T23:59:59'), '2025-05-01T00:00:00', 'on_time', 0],
    ['late by the seconds past the deadline', signed('2025-04-10T00:00:05'), '2025-05-01T00:00:00', 'late', 6],
    [
      'a returned submission still counts as sent',
      signed('2025-04-08T10:00:00', 'returned'),
      '2025-05-01T00:00:00',
      'on_time',
      0,
    ],
    [
      'a signature after the instant judged does not count yet',
      signed('2025-04-12T10:00:00'),
      '2025-04-11T00:00:00',
      'missing',
      0,
    ],
  ] as const)('%s', (_name, submission, now, state, lateSeconds) => {
    expect(submissionState(q1, submission, cst(now))).toEqual({ state, lateSeconds });
  });

  it('judges with the grace days as they are now: grace added later turns a late submission on time', () => {
    const late = signed('2025-04-11T09:00:00');
    const now = cst('2025-05-01T00:00:00');
    expect(submissionState(q1, late, now).state).toBe('late');
    expect(submissionState({ ...q1, graceDays: 2 }, late, now)).toEqual({ state: 'on_time', lateSeconds: 0 });
    expect(submissionState({ ...q1, graceDays: 1 }, late, now)).toEqual({ state: 'late', lateSeconds: 9 * 3600 + 1 });
  });

  it('counts a second late as a day late', () => {
    expect([lateDays(0), lateDays(1), lateDays(86_400), lateDays(86_401)]).toEqual([0, 1, 1, 2]);
  });
});

describe('the current period', () => {
  const periods = generatePeriods(defaultReportingRule(2025)).map((p, i) => ({
    ...p,
    id: ['q1', 'q2', 'q3', 'y'][i] as string,
    graceDays: 0,
    locked: false,
  }));
  const cst = (iso: string) => new Date(`${iso}+08:00`);
  const current = (iso: string, ps = periods) => currentPeriod(ps, cst(iso))?.id;
  const review = (iso: string, ps = periods) => reviewPeriod(ps, cst(iso))?.id;

  it('is the earliest period whose deadline has not passed, judged in China Standard Time', () => {
    expect(current('2025-02-01T10:00:00')).toBe('q1');
    // The annual period began on 1 January but is not current before the quarters are reported.
    expect(current('2025-04-05T10:00:00')).toBe('q1');
    // "now == due": the last on-time second still belongs to the first quarter.
    expect(isPastDue(periods[0] as (typeof periods)[0], cst('2025-04-09T23:59:59'))).toBe(false);
    expect(current('2025-04-09T23:59:59')).toBe('q1');
    // CST midnight starts the next one, though in UTC it is still the 9th (16:00Z).
    expect(cst('2025-04-10T00:00:00').toISOString()).toBe('2025-04-09T16:00:00.000Z');
    expect(current('2025-04-10T00:00:00')).toBe('q2');
    expect(current('2025-12-20T10:00:00')).toBe('y');
    expect(current('2026-03-01T10:00:00')).toBe('y');
  });

  it('follows the grace days and skips a period the office locked', () => {
    const graced = periods.map((p) => (p.id === 'q1' ? { ...p, graceDays: 3 } : p));
    expect(current('2025-04-12T23:59:59', graced)).toBe('q1');
    expect(current('2025-04-13T00:00:00', graced)).toBe('q2');
    const locked = periods.map((p) => (p.id === 'q1' ? { ...p, locked: true } : p));
    expect(current('2025-04-05T10:00:00', locked)).toBe('q2');
  });

  it('reviews the latest period past its deadline, else the current one', () => {
    expect(review('2025-03-01T10:00:00')).toBe('q1');
    expect(review('2025-04-09T23:59:59')).toBe('q1');
    expect(review('2025-04-10T00:00:00')).toBe('q1');
    expect(review('2025-07-10T00:00:00')).toBe('q2');
    expect(review('2026-02-01T00:00:00')).toBe('y');
  });
});
