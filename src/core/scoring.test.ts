// Every scoring rule, one row each.

import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, scoreComponents, type UnitPeriodFacts, weightedScore, yearScore } from './scoring.js';

const base: UnitPeriodFacts = {
  submission: 'on_time',
  lateDays: 0,
  itemLights: ['green', 'green'],
  indicatorRatios: [],
  noticesReceived: 0,
  noticesAnsweredLate: 0,
  quality: null,
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
  ] as [string, Partial<UnitPeriodFacts>, keyof ReturnType<typeof scoreComponents>, number | null][])(
    '%s',
    (_name, over, key, expected) => {
      expect(scoreComponents({ ...base, ...over })[key]).toBe(expected);
    },
  );

  it('weights only what was measured', () => {
    // onTime 100 (25), completion 50 (35), supervision 100 (10); indicators and quality unmeasured.
    const c = scoreComponents({ ...base, itemLights: ['green', 'red'] });
    expect(weightedScore(c, DEFAULT_WEIGHTS)).toBe(Math.round(((100 * 25 + 50 * 35 + 100 * 10) / 70) * 10) / 10);
    expect(
      weightedScore(
        { onTime: null, completion: null, indicators: null, supervision: null, quality: null },
        DEFAULT_WEIGHTS,
      ),
    ).toBeNull();
    // A zero weight drops a component.
    expect(weightedScore(c, { ...DEFAULT_WEIGHTS, completion: 0 })).toBe(100);
  });

  it('averages the scored periods for the year', () => {
    expect(yearScore([80, null, 90])).toBe(85);
    expect(yearScore([null])).toBeNull();
  });
});
