// Every progress-class rule, one row each: the facts, the deadline, the instant, the expected class.

import { describe, expect, it } from 'vitest';
import type { IndicatorFacts, ItemFacts, ReportFacts } from './lights.js';
import { dueAtFor } from './periods.js';
import {
  countProgress,
  deadlineDay,
  itemDeadline,
  type ProgressClass,
  progressClass,
  rollUpProgress,
} from './progress.js';

const rule = { kind: 'quarterly', year: 2025, firstDueMonth: 4, dueDay: 10, dueBefore: true, annualInJanuary: true };
const P = [
  { id: 'q1', coversTo: '2025-03-31', dueAt: dueAtFor(rule as never, 2025, 4), graceDays: 0 },
  { id: 'q2', coversTo: '2025-06-30', dueAt: dueAtFor(rule as never, 2025, 7), graceDays: 0 },
  { id: 'q3', coversTo: '2025-09-30', dueAt: dueAtFor(rule as never, 2025, 10), graceDays: 0 },
  { id: 'y', coversTo: '2025-12-31', dueAt: dueAtFor(rule as never, 2026, 1), graceDays: 0 },
];
const at = (iso: string) => new Date(`${iso}+08:00`);
const signed = (status: ReportFacts['status'], when: string): ReportFacts => ({ status, signedAt: at(when) });
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
const q1 = (status: ReportFacts['status']) => ({ q1: signed(status, '2025-04-08T09:00:00') });
const q2 = (status: ReportFacts['status']) => ({ ...q1('on_track'), q2: signed(status, '2025-07-08T09:00:00') });

type Row = [name: string, facts: ItemFacts, deadline: string | null, asOf: string, expected: ProgressClass | null];

const rows: Row[] = [
  ['no class before anything is reported', facts(), '年底前', '2025-04-20T00:00:00', null],
  [
    'on track: reported 序时推进, nothing behind',
    facts({ r: q1('on_track') }),
    '年底前',
    '2025-04-20T00:00:00',
    'on_track',
  ],
  ['completed within the deadline', facts({ r: q2('completed') }), '6月底前', '2025-07-20T00:00:00', 'completed'],
  [
    'completed after the deadline: 逾期完成',
    facts({ r: { ...q2('on_track'), q3: signed('completed', '2025-10-08T09:00:00') } }),
    '6月底前',
    '2025-10-20T00:00:00',
    'completed_late',
  ],
  [
    'the first 已完成 report dates the completion, not its later repeats',
    facts({
      r: {
        ...q2('on_track'),
        q3: signed('completed', '2025-10-08T09:00:00'),
        y: signed('completed', '2026-01-08T09:00:00'),
      },
    }),
    '三季度前',
    '2026-01-20T00:00:00',
    'completed',
  ],
  [
    'closed by the office counts as completed',
    facts({ r: q1('on_track'), closed: true }),
    '年底前',
    '2025-05-01T00:00:00',
    'completed',
  ],
  ['the deadline passed undone: behind', facts({ r: q2('on_track') }), '6月底前', '2025-07-20T00:00:00', 'behind'],
  ['the deadline passed with nothing reported: behind', facts(), '一季度', '2025-04-20T00:00:00', 'behind'],
  ['滞后 is behind', facts({ r: q1('lagging') }), '年底前', '2025-04-20T00:00:00', 'behind'],
  ['受阻 is behind', facts({ r: q1('blocked') }), '年底前', '2025-04-20T00:00:00', 'behind'],
  [
    'a milestone past due and undone is behind',
    facts({ r: q1('on_track'), milestones: [{ dueOn: '2025-04-15', doneOn: null }] }),
    '年底前',
    '2025-04-20T00:00:00',
    'behind',
  ],
  [
    'more milestones done than due is ahead',
    facts({
      r: q1('on_track'),
      milestones: [
        { dueOn: '2025-03-15', doneOn: '2025-03-10' },
        { dueOn: '2025-09-30', doneOn: '2025-04-01' },
      ],
    }),
    '年底前',
    '2025-04-20T00:00:00',
    'ahead',
  ],
  [
    'an indicator behind 序时进度 is behind (q1: 25 % due, 10 % done)',
    facts({ r: q1('on_track'), indicators: [parking(1_000)] }),
    '年底前',
    '2025-04-20T00:00:00',
    'behind',
  ],
  [
    'an indicator within the margin is on track (25 % due, 20 % done)',
    facts({ r: q1('on_track'), indicators: [parking(2_000)] }),
    '年底前',
    '2025-04-20T00:00:00',
    'on_track',
  ],
  [
    'every indicator ahead by the margin is ahead (25 % due, 40 % done)',
    facts({ r: q1('on_track'), indicators: [parking(4_000), { op: '>=', target: 90, unit: '%', actual: 99 }] }),
    '年底前',
    '2025-04-20T00:00:00',
    'ahead',
  ],
  [
    'one indicator ahead and one merely on track is on track',
    facts({ r: q1('on_track'), indicators: [parking(4_000), parking(2_500)] }),
    '年底前',
    '2025-04-20T00:00:00',
    'on_track',
  ],
  [
    'an upper bound (<=) never counts as ahead',
    facts({ r: q1('on_track'), indicators: [{ op: '<=', target: 100, unit: '起', actual: 10 }] }),
    '年底前',
    '2025-04-20T00:00:00',
    'on_track',
  ],
  [
    'a report signed after the instant does not count yet',
    facts({ r: { q1: signed('lagging', '2025-04-25T09:00:00') } }),
    '年底前',
    '2025-04-20T00:00:00',
    null,
  ],
];

describe('progressClass', () => {
  it.each(rows)('%s', (_name, f, deadline, asOf, expected) => {
    expect(progressClass(f, deadline, at(asOf), rules).progress).toBe(expected);
  });

  it('gives the period a completion is dated by and the deadline it was judged against', () => {
    const r = progressClass(
      facts({ r: { ...q2('on_track'), q3: signed('completed', '2025-10-08T09:00:00') } }),
      '6月底前',
      at('2025-10-20T00:00:00'),
      rules,
    );
    expect(r).toEqual({ progress: 'completed_late', completedBy: '2025-09-30', deadlineOn: '2025-06-30' });
  });
});

describe('deadlineDay', () => {
  it.each([
    ['年底前', '2025-12-31'],
    ['年内完成', '2025-12-31'],
    [null, '2025-12-31'],
    ['持续推进', '2025-12-31'],
    ['6月底前', '2025-06-30'],
    ['2月底', '2025-02-28'],
    ['6月15日前', '2025-06-15'],
    ['9月上旬', '2025-09-10'],
    ['9月中旬前', '2025-09-20'],
    ['9月下旬', '2025-09-30'],
    ['上半年', '2025-06-30'],
    ['下半年', '2025-12-31'],
    ['三季度末', '2025-09-30'],
    ['第一季度', '2025-03-31'],
    ['2026年3月底前', '2026-03-31'],
    ['两年内', '2026-12-31'],
    ['三年内', '2027-12-31'],
    ['2025-08-15', '2025-08-15'],
  ])('%s → %s', (printed, day) => {
    expect(deadlineDay(printed, 2025)).toBe(day);
  });
});

describe('itemDeadline: the printed deadline moved by approved extensions', () => {
  it.each([
    ['no extension: the printed deadline', '6月底前', [], '2025-06-30'],
    ['an extension past the deadline moves it', '6月底前', ['2025-09-30'], '2025-09-30'],
    ['an extension within the deadline moves nothing', '6月底前', ['2025-05-31'], '2025-06-30'],
    ['the latest of several extensions', '6月底前', ['2025-08-31', '2025-10-31', '2025-07-15'], '2025-10-31'],
    ['past the plan year, as far as the office allowed', '年底前', ['2026-03-31'], '2026-03-31'],
    ['no printed deadline: the year end, moved', null, ['2026-02-28'], '2026-02-28'],
  ] as [string, string | null, string[], string][])('%s', (_, printed, approved, day) => {
    expect(itemDeadline(printed, 2025, approved)).toBe(day);
  });

  it('the extended day is the deadline the progress class reads', () => {
    const done = facts({ r: { ...q2('on_track'), q3: signed('completed', '2025-10-08T09:00:00') } });
    const asOf = at('2025-10-20T00:00:00');
    expect(progressClass(done, itemDeadline('6月底前', 2025, []), asOf, rules).progress).toBe('completed_late');
    expect(progressClass(done, itemDeadline('6月底前', 2025, ['2025-09-30']), asOf, rules).progress).toBe('completed');
    const open = facts({ r: q2('on_track') });
    const july = at('2025-07-20T00:00:00');
    expect(progressClass(open, itemDeadline('6月底前', 2025, []), july, rules).progress).toBe('behind');
    expect(progressClass(open, itemDeadline('6月底前', 2025, ['2025-09-30']), july, rules).progress).toBe('on_track');
  });
});

describe('rollUpProgress', () => {
  it.each<[(ProgressClass | null)[], ProgressClass | null]>([
    [[], null],
    [[null, null], null],
    [['on_track', 'behind'], 'behind'],
    [['completed', 'completed'], 'completed'],
    [['completed', 'completed_late'], 'completed_late'],
    [['completed', null], 'on_track'],
    [['ahead', 'ahead'], 'ahead'],
    [['ahead', null], 'ahead'],
    [['ahead', 'completed'], 'on_track'],
  ])('%j → %s', (classes, expected) => {
    expect(rollUpProgress(classes)).toBe(expected);
  });
});

describe('counting progress classes', () => {
  it('names every class, counts each, and leaves unclassed items out', () => {
    expect(countProgress(['behind', null, 'behind', 'completed_late'])).toEqual({
      ahead: 0,
      on_track: 0,
      behind: 2,
      completed: 0,
      completed_late: 1,
    });
    expect(Object.values(countProgress([])).every((n) => n === 0)).toBe(true);
  });
});
