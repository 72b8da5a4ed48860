// Every scoring rule, one row each.

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEIGHTS,
  periodScore,
  type Rankable,
  rankRows,
  type ScoreWeights,
  scoreComponents,
  type UnitPeriodFacts,
  weightedScore,
  yearScore,
} from './scoring.js';

const base: UnitPeriodFacts = {
  submission: 'on_time',
  lateDays: 0,
  itemLights: ['green', 'green'],
  indicatorRatios: [],
  noticesReceived: 0,
  noticesAnsweredLate: 0,
  quality: null,
  itemsReported: 2,
  itemsUnfilled: 0,
  openRedNotices: 0,
  completedLate: 0,
  ladderDeduction: 0,
  flaggedItems: 0,
  delayCases: 0,
};

describe('考评 components', () => {
  it.each([
    ['on time', {}, 'onTime', 100],
    ['three days late', { submission: 'late', lateDays: 3 }, 'onTime', 70],
    ['eleven days late is 0, not negative', { submission: 'late', lateDays: 11 }, 'onTime', 0],
    ['missing', { submission: 'missing' }, 'onTime', 0],
    ['not yet due is not scored', { submission: 'pending' }, 'onTime', null],
    [
      'half the judged items green',
      { itemLights: ['green', 'red', 'grey', 'grey', 'yellow', 'green'] },
      'completion',
      50,
    ],
    ['only grey items: not judged', { itemLights: ['grey', 'grey'] }, 'completion', null],
    ['indicators capped at 100 % each', { indicatorRatios: [1.5, 0.5] }, 'indicators', 75],
    ['a negative ratio counts as 0', { indicatorRatios: [-1, 1] }, 'indicators', 50],
    ['no indicators reported', {}, 'indicators', null],
    ['two 督办单, one answered late', { noticesReceived: 2, noticesAnsweredLate: 1 }, 'supervision', 50],
    ['many 督办单 floor at 0', { noticesReceived: 9 }, 'supervision', 0],
    ['the office’s rating', { quality: 88 }, 'quality', 88],
    ['no rating given', {}, 'quality', null],
    ['missing: 0 on every component, also the unmeasured', { submission: 'missing' }, 'indicators', 0],
    ['missing: supervision is 0 too', { submission: 'missing' }, 'supervision', 0],
    ['all items filled', {}, 'filled', 100],
    ['53 of 55 items unfilled', { itemsReported: 55, itemsUnfilled: 53 }, 'filled', 3.6],
    ['filled: not yet due is not scored', { submission: 'pending' }, 'filled', null],
  ] as [string, Partial<UnitPeriodFacts>, keyof ReturnType<typeof scoreComponents>, number | null][])(
    '%s',
    (_name, over, key, expected) => {
      expect(scoreComponents({ ...base, ...over })[key]).toBe(expected);
    },
  );

  it('weights only what was measured', () => {
    // onTime 100 (25), completion 50 (35), supervision 100 (10), filled 100 (10); indicators and quality unmeasured.
    const c = scoreComponents({ ...base, itemLights: ['green', 'red'] });
    expect(weightedScore(c, DEFAULT_WEIGHTS)).toBe(
      Math.round(((100 * 25 + 50 * 35 + 100 * 10 + 100 * 10) / 80) * 10) / 10,
    );
    expect(
      weightedScore(
        { onTime: null, completion: null, indicators: null, supervision: null, quality: null, filled: null },
        DEFAULT_WEIGHTS,
      ),
    ).toBeNull();
    // A zero weight drops a component.
    expect(weightedScore(c, { ...DEFAULT_WEIGHTS, completion: 0 })).toBe(100);
  });

  it('scores a missed period 0, a period not yet due nothing, and takes the open red 督办单 off', () => {
    expect(periodScore({ ...base, submission: 'missing' }, DEFAULT_WEIGHTS)).toBe(0);
    expect(periodScore({ ...base, submission: 'pending' }, DEFAULT_WEIGHTS)).toBeNull();
    expect(periodScore(base, DEFAULT_WEIGHTS)).toBe(100);
    expect(periodScore({ ...base, openRedNotices: 2 }, DEFAULT_WEIGHTS)).toBe(60);
    expect(periodScore({ ...base, openRedNotices: 9 }, DEFAULT_WEIGHTS)).toBe(0);
    expect(periodScore({ ...base, openRedNotices: 2 }, { ...DEFAULT_WEIGHTS, redNotice: 0 })).toBe(100);
  });

  it('takes points off per item finished after its deadline (逾期完成), with the red 督办单 deduction, floor 0', () => {
    expect(periodScore({ ...base, completedLate: 1 }, DEFAULT_WEIGHTS)).toBe(95);
    expect(periodScore({ ...base, completedLate: 2, openRedNotices: 1 }, DEFAULT_WEIGHTS)).toBe(70);
    expect(periodScore({ ...base, completedLate: 30 }, DEFAULT_WEIGHTS)).toBe(0);
    expect(periodScore({ ...base, completedLate: 3 }, { ...DEFAULT_WEIGHTS, completedLate: 0 })).toBe(100);
    // A missed period is 0 whatever finished late in it; a period not yet due has no score to take from.
    expect(periodScore({ ...base, submission: 'missing', completedLate: 1 }, DEFAULT_WEIGHTS)).toBe(0);
    expect(periodScore({ ...base, submission: 'pending', completedLate: 1 }, DEFAULT_WEIGHTS)).toBeNull();
  });

  it('takes the applied ladder steps’ points off as they were recorded', () => {
    expect(periodScore({ ...base, ladderDeduction: 1.5 }, DEFAULT_WEIGHTS)).toBe(98.5);
    expect(periodScore({ ...base, ladderDeduction: 3, completedLate: 1 }, DEFAULT_WEIGHTS)).toBe(92);
    expect(periodScore({ ...base, ladderDeduction: 300 }, DEFAULT_WEIGHTS)).toBe(0);
  });

  it('takes the quality-flag weight off per flagged item, once per period, floor 0', () => {
    expect(periodScore({ ...base, flaggedItems: 1 }, DEFAULT_WEIGHTS)).toBe(98);
    expect(periodScore({ ...base, flaggedItems: 3, completedLate: 1 }, DEFAULT_WEIGHTS)).toBe(89);
    expect(periodScore({ ...base, flaggedItems: 3 }, { ...DEFAULT_WEIGHTS, qualityFlags: 0 })).toBe(100);
    expect(periodScore({ ...base, flaggedItems: 80 }, DEFAULT_WEIGHTS)).toBe(0);
    expect(periodScore({ ...base, submission: 'missing', flaggedItems: 2 }, DEFAULT_WEIGHTS)).toBe(0);
  });

  it.each<[string, Partial<UnitPeriodFacts>, ScoreWeights, number]>([
    ['costs nothing by default', { delayCases: 4 }, DEFAULT_WEIGHTS, 100],
    ['costs the weight per delay case', { delayCases: 4 }, { ...DEFAULT_WEIGHTS, delays: 1.5 }, 94],
    ['adds to the other deductions', { delayCases: 2, completedLate: 1 }, { ...DEFAULT_WEIGHTS, delays: 3 }, 89],
    ['never below 0', { delayCases: 50 }, { ...DEFAULT_WEIGHTS, delays: 5 }, 0],
  ])('takes the delay weight off per delay case (延期次数): %s', (_name, facts, weights, score) => {
    expect(periodScore({ ...base, ...facts }, weights)).toBe(score);
  });

  it('a missed period scores 0 and a pending one nothing, whatever its delays', () => {
    const w = { ...DEFAULT_WEIGHTS, delays: 2 };
    expect(periodScore({ ...base, submission: 'missing', delayCases: 3 }, w)).toBe(0);
    expect(periodScore({ ...base, submission: 'pending', delayCases: 3 }, w)).toBeNull();
  });

  it('ranks: 未参评 apart, an open red 督办单 behind, the same score the same rank', () => {
    const row = (name: string, score: number | null, over: Partial<Rankable> = {}): Rankable => ({
      participated: true,
      openRedNotices: 0,
      score,
      rank: null,
      unit: { name },
      ...over,
    });
    const rows = [
      row('甲', 0, { participated: false }),
      row('乙', 95, { openRedNotices: 1 }),
      row('丙', 80),
      row('丁', 80),
      row('戊', 60),
      row('己', null),
    ];
    const ranked = rankRows([...rows], DEFAULT_WEIGHTS).map((r) => [r.unit.name, r.rank]);
    expect(ranked).toEqual([
      ['丙', 1],
      ['丁', 1],
      ['戊', 3],
      ['乙', 4],
      ['甲', null],
      ['己', null],
    ]);
    // The red notice costs nothing: ranked by score alone.
    const free = rankRows([...rows], { ...DEFAULT_WEIGHTS, redNotice: 0 }).map((r) => [r.unit.name, r.rank]);
    expect(free.slice(0, 2)).toEqual([
      ['乙', 1],
      ['丙', 2],
    ]);
  });

  it('averages the scored periods for the year', () => {
    expect(yearScore([80, null, 90])).toBe(85);
    expect(yearScore([null])).toBeNull();
  });
});
