// Every rule of the escalation ladder, one row each.

import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, type LadderStep, ladderStep, runLength } from './ladder.js';
import type { Light } from './lights.js';

describe('问责梯度 with the default steps', () => {
  it.each<[string, Light[], string | null]>([
    ['green is no step', ['green'], null],
    ['nothing judged yet is no step', ['grey'], null],
    ['a first yellow brings a 提醒函', ['yellow'], 'reminder'],
    ['a second yellow running brings a 约谈', ['yellow', 'yellow'], 'interview'],
    ['yellow, green, yellow starts again: a 提醒函', ['yellow', 'green', 'yellow'], 'reminder'],
    ['a grey period breaks the run', ['yellow', 'grey', 'yellow'], 'reminder'],
    ['a third yellow running is 挂牌督办', ['yellow', 'yellow', 'yellow'], 'listed'],
    ['a red is 挂牌督办 at once', ['red'], 'listed'],
    ['a red after a yellow is 挂牌督办 (red counts as yellow too)', ['yellow', 'red'], 'listed'],
    ['a second red running is a 问责建议', ['red', 'red'], 'accountability'],
    ['red, yellow: the red run is broken, two yellows running → 约谈', ['red', 'yellow'], 'interview'],
    ['only the periods up to the one closed count', ['red', 'red', 'green'], null],
  ])('%s', (_, lights, step) => {
    expect(ladderStep(lights, DEFAULT_LADDER)?.key ?? null).toBe(step);
  });

  it('counts runs at a light or worse', () => {
    expect(runLength(['yellow', 'red', 'yellow'], 'yellow')).toBe(3);
    expect(runLength(['yellow', 'red', 'yellow'], 'red')).toBe(0);
    expect(runLength([], 'yellow')).toBe(0);
  });

  it('takes the office’s own steps, the most severe that holds, and ignores a condition of 0 periods', () => {
    const mine: LadderStep[] = [
      {
        key: 'a',
        name: '提醒',
        action: 'reminder_letter',
        when: [{ light: 'yellow', periods: 2 }],
        deduction: 0,
        blacklist: false,
      },
      {
        key: 'b',
        name: '约谈',
        action: 'interview',
        when: [{ light: 'red', periods: 0 }],
        deduction: 1,
        blacklist: true,
      },
    ];
    expect(ladderStep(['yellow'], mine)).toBeNull();
    expect(ladderStep(['red', 'red'], mine)?.key).toBe('a');
    expect(ladderStep(['red'], [])).toBeNull();
  });
});
