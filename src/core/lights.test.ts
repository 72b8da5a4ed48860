// Every traffic-light rule, one row each: the facts, the instant, the expected light and reasons.

import { describe, expect, it } from 'vitest';
import {
  countLights,
  expectedShare,
  type IndicatorFacts,
  type ItemFacts,
  indicatorBehind,
  itemLight,
  type Light,
  type LightReason,
  periodLight,
  type ReportFacts,
  worstLight,
  yearShare,
} from './lights.js';
import { dueAtFor } from './periods.js';

const rule = { kind: 'quarterly', year: 2025, firstDueMonth: 4, dueDay: 10, dueBefore: true, annualInJanuary: true };
const P = [
  { id: 'q1', coversTo: '2025-03-31', dueAt: dueAtFor(rule as never, 2025, 4), graceDays: 0 },
  { id: 'q2', coversTo: '2025-06-30', dueAt: dueAtFor(rule as never, 2025, 7), graceDays: 0 },
  { id: 'q3', coversTo: '2025-09-30', dueAt: dueAtFor(rule as never, 2025, 10), graceDays: 0 },
  { id: 'y', coversTo: '2025-12-31', dueAt: dueAtFor(rule as never, 2026, 1), graceDays: 0 },
];
const at = (iso: string) => new Date(`${iso}+08:00`);
const signed = (status: ReportFacts['status'], when: string): ReportFacts => ({ status, signedAt: at(when) });
const draft = (status: ReportFacts['status']): ReportFacts => ({ status, signedAt: null });
const facts = (over: Partial<ItemFacts> & { r?: Record<string, ReportFacts> } = {}): ItemFacts => ({
  periods: P,
  reports: new Map(Object.entries(over.r ?? {})),
  milestones: [],
  indicators: [],
  closed: false,
  ...over,
});
const parking = (actual: number | null, target = 10_000): IndicatorFacts => ({ op: '>=', target, unit: '个', actual });
const rules = { year: 2025, behindMargin: 0.1 };

type Row = [name: string, facts: ItemFacts, asOf: string, light: Light, reasons: LightReason[]];

const rows: Row[] = [
  ['grey before the first deadline and any report', facts(), '2025-03-20T10:00:00', 'grey', ['not_yet_due']],
  ['grey on the last on-time second of the first deadline', facts(), '2025-04-09T23:59:59', 'grey', ['not_yet_due']],
  ['red once the first deadline passes unreported', facts(), '2025-04-10T00:00:00', 'red', ['overdue_unreported']],
  [
    'a draft is not a report',
    facts({ r: { q1: draft('on_track') } }),
    '2025-04-12T00:00:00',
    'red',
    ['overdue_unreported'],
  ],
  [
    'green when reported early, before the deadline',
    facts({ r: { q1: signed('on_track', '2025-04-03T09:00:00') } }),
    '2025-04-05T00:00:00',
    'green',
    [],
  ],
  [
    'green when on track and on time',
    facts({ r: { q1: signed('on_track', '2025-04-08T09:00:00') } }),
    '2025-05-01T00:00:00',
    'green',
    [],
  ],
  [
    'a grace period moves the deadline',
    facts({ periods: [{ ...(P[0] as (typeof P)[0]), graceDays: 3 }, ...P.slice(1)] }),
    '2025-04-12T12:00:00',
    'grey',
    ['not_yet_due'],
  ],
  [
    'red when blocked',
    facts({ r: { q1: signed('blocked', '2025-04-08T09:00:00') } }),
    '2025-05-01T00:00:00',
    'red',
    ['blocked'],
  ],
  [
    'yellow when lagging once',
    facts({ r: { q1: signed('lagging', '2025-04-08T09:00:00') } }),
    '2025-05-01T00:00:00',
    'yellow',
    ['lagging'],
  ],
  [
    'red when lagging two reported periods in a row',
    facts({ r: { q1: signed('lagging', '2025-04-08T09:00:00'), q2: signed('lagging', '2025-07-08T09:00:00') } }),
    '2025-07-20T00:00:00',
    'red',
    ['lagging_twice'],
  ],
  [
    'lagging, then on track, then lagging is not twice in a row',
    facts({
      r: {
        q1: signed('lagging', '2025-04-08T09:00:00'),
        q2: signed('on_track', '2025-07-08T09:00:00'),
        q3: signed('lagging', '2025-10-08T09:00:00'),
      },
    }),
    '2025-10-20T00:00:00',
    'yellow',
    ['lagging'],
  ],
  [
    'lagging after an earlier lagging report never signed is lagging once, not twice running',
    facts({ r: { q1: draft('lagging'), q2: signed('lagging', '2025-07-08T09:00:00') } }),
    '2025-07-20T00:00:00',
    'yellow',
    ['lagging'],
  ],
  [
    'an earlier lagging report signed only later does not count yet',
    facts({ r: { q1: signed('lagging', '2025-07-25T09:00:00'), q2: signed('lagging', '2025-07-08T09:00:00') } }),
    '2025-07-20T00:00:00',
    'yellow',
    ['lagging'],
  ],
  [
    'yellow when the latest report came late',
    facts({ r: { q1: signed('on_track', '2025-04-11T09:00:00') } }),
    '2025-05-01T00:00:00',
    'yellow',
    ['late'],
  ],
  [
    'an on-time report after a late one clears the flag',
    facts({
      r: { q1: signed('on_track', '2025-04-11T09:00:00'), q2: signed('on_track', '2025-07-01T09:00:00') },
    }),
    '2025-07-20T00:00:00',
    'green',
    [],
  ],
  [
    'red when the next deadline passes unreported, even after a good report',
    facts({ r: { q1: signed('on_track', '2025-04-08T09:00:00') } }),
    '2025-07-10T08:00:00',
    'red',
    ['overdue_unreported'],
  ],
  [
    'yellow when a milestone is past due and not done',
    facts({
      r: { q1: signed('on_track', '2025-04-08T09:00:00') },
      milestones: [{ dueOn: '2025-04-30', doneOn: null }],
    }),
    '2025-05-01T00:00:00',
    'yellow',
    ['milestone_overdue'],
  ],
  [
    'a milestone due today is not yet overdue',
    facts({
      r: { q1: signed('on_track', '2025-04-08T09:00:00') },
      milestones: [{ dueOn: '2025-05-01', doneOn: null }],
    }),
    '2025-05-01T23:00:00',
    'green',
    [],
  ],
  [
    'a milestone done is not overdue',
    facts({
      r: { q1: signed('on_track', '2025-04-08T09:00:00') },
      milestones: [{ dueOn: '2025-04-30', doneOn: '2025-04-29' }],
    }),
    '2025-05-01T00:00:00',
    'green',
    [],
  ],
  [
    'yellow when an indicator trails the elapsed share of the year by more than the margin',
    facts({
      r: { q1: signed('on_track', '2025-04-08T09:00:00'), q2: signed('on_track', '2025-07-08T09:00:00') },
      indicators: [parking(3_000)],
    }),
    '2025-07-09T00:00:00',
    'yellow',
    ['behind_schedule'],
  ],
  [
    'green when an indicator trails by less than the margin (43 % at mid-year)',
    facts({
      r: { q1: signed('on_track', '2025-04-08T09:00:00'), q2: signed('on_track', '2025-07-08T09:00:00') },
      indicators: [parking(4_300)],
    }),
    '2025-07-09T00:00:00',
    'green',
    [],
  ],
  [
    'milestones make a step curve: none due yet, nothing expected',
    facts({
      r: { q1: signed('on_track', '2025-04-08T09:00:00') },
      milestones: [{ dueOn: '2025-09-30', doneOn: null }],
      indicators: [parking(0)],
    }),
    '2025-04-09T00:00:00',
    'green',
    [],
  ],
  [
    'a completed item is not judged against 序时进度',
    facts({ r: { q1: signed('completed', '2025-04-08T09:00:00') }, indicators: [parking(0)] }),
    '2025-04-20T00:00:00',
    'green',
    ['completed'],
  ],
  [
    'reported 已完成 late, with a milestone left undone: still green (已完成 is never yellow)',
    facts({
      r: { q1: signed('completed', '2025-04-15T09:00:00') },
      milestones: [{ dueOn: '2025-03-31', doneOn: null }],
    }),
    '2025-05-01T00:00:00',
    'green',
    ['completed'],
  ],
  [
    'reported 已完成 in Q1, no report owed for Q2',
    facts({ r: { q1: signed('completed', '2025-04-08T09:00:00') } }),
    '2025-07-20T00:00:00',
    'green',
    ['completed'],
  ],
  [
    'grace days the office adds later turn the late report on time (no yellow)',
    facts({
      periods: P.map((p) => (p.id === 'q1' ? { ...p, graceDays: 2 } : p)),
      r: { q1: signed('on_track', '2025-04-11T09:00:00') },
    }),
    '2025-05-01T00:00:00',
    'green',
    [],
  ],
  [
    'red outranks yellow, and every reason is kept',
    facts({
      r: { q1: signed('blocked', '2025-04-11T09:00:00') },
      milestones: [{ dueOn: '2025-04-01', doneOn: null }],
    }),
    '2025-05-01T00:00:00',
    'red',
    ['blocked', 'late', 'milestone_overdue'],
  ],
  [
    'a report signed after the instant judged does not count yet',
    facts({ r: { q1: signed('on_track', '2025-04-15T09:00:00') } }),
    '2025-04-12T00:00:00',
    'red',
    ['overdue_unreported'],
  ],
  [
    'green once the office closes the item, whatever else',
    facts({ closed: true, r: { q1: signed('blocked', '2025-04-08T09:00:00') } }),
    '2025-12-01T00:00:00',
    'green',
    ['closed'],
  ],
];

describe('traffic lights', () => {
  it.each(rows)('%s', (_name, f, asOf, light, reasons) => {
    const result = itemLight(f, at(asOf), rules);
    expect(result.light).toBe(light);
    expect(result.reasons).toEqual(reasons);
  });

  it('judges a period while it was the current one', () => {
    const f = facts({
      r: { q1: signed('lagging', '2025-04-08T09:00:00'), q2: signed('lagging', '2025-07-08T09:00:00') },
    });
    const now = at('2025-11-01T00:00:00');
    expect(periodLight(f, 'q1', now, rules).light).toBe('yellow');
    expect(periodLight(f, 'q2', now, rules).reasons).toEqual(['lagging_twice']);
    // By Q3's deadline nothing was reported for Q3.
    expect(periodLight(f, 'q3', now, rules).reasons).toEqual(['overdue_unreported', 'lagging_twice']);
    expect(periodLight(f, 'nope', now, rules).light).toBe('grey');
  });

  it('reads 序时进度 as a step curve', () => {
    expect(yearShare(2025, '2025-12-31')).toBe(1);
    expect(yearShare(2025, '2024-12-31')).toBe(0);
    expect(yearShare(2025, '2025-06-30')).toBeCloseTo(181 / 365, 6);
    const ms = [
      { dueOn: '2025-03-31', doneOn: null },
      { dueOn: '2025-06-30', doneOn: null },
      { dueOn: '2025-12-31', doneOn: null },
    ];
    expect(expectedShare(ms, 2025, '2025-03-30')).toBe(0);
    expect(expectedShare(ms, 2025, '2025-06-30')).toBeCloseTo(2 / 3, 6);
  });

  it.each([
    ['count at half the target, expected 0.5', parking(5_000), 0.5, false],
    ['count far behind', parking(1_000), 0.5, true],
    ['no actual reported', parking(null), 0.9, false],
    ['rate below the target, whatever the date', { op: '~', target: 6, unit: '%', actual: 5 }, 0.1, true],
    ['rate at the target', { op: '~', target: 6, unit: '%', actual: 6.1 }, 0.1, false],
    ['ceiling exceeded', { op: '<=', target: 5.5, unit: '%', actual: 6.2 }, 0.5, true],
    ['ceiling kept', { op: '<=', target: 5.5, unit: '%', actual: 5.2 }, 0.5, false],
    ['zero target is never behind', { op: '>=', target: 0, unit: '个', actual: 0 }, 0.5, false],
  ] as [string, IndicatorFacts, number, boolean][])('indicator: %s', (_name, indicator, expected, behind) => {
    expect(indicatorBehind(indicator, expected, 0.1)).toBe(behind);
  });

  it('rolls up: a task takes its worst unit; aggregates count', () => {
    expect(worstLight([])).toBe('grey');
    expect(worstLight(['grey', 'green'])).toBe('green');
    expect(worstLight(['green', 'yellow', 'grey'])).toBe('yellow');
    expect(worstLight(['yellow', 'red', 'green'])).toBe('red');
    expect(countLights(['red', 'red', 'green', 'grey'])).toEqual({ red: 2, yellow: 0, green: 1, grey: 1 });
  });
});
