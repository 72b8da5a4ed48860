import { describe, expect, it } from 'vitest';
import { taskCode, taskTitle } from './task-code.js';

describe('task code', () => {
  it('names a task by its source level and printed number', () => {
    expect(taskCode({ level: 'province', number: '1', position: 0 })).toBe('省1');
    expect(taskCode({ level: 'city', number: '47', position: 46 })).toBe('市47');
    expect(taskTitle({ level: 'district', number: '1', position: 0, text: '经济增长6%左右。' })).toBe(
      '区1 经济增长6%左右。',
    );
  });

  it('tells apart the same number in three sources, and places an unnumbered task', () => {
    const codes = (['province', 'city', 'district'] as const).map((level) =>
      taskCode({ level, number: '1', position: 0 }),
    );
    expect(new Set(codes).size).toBe(3);
    expect(taskCode({ level: 'district', number: null, position: 2 })).toBe('区#3');
  });

  it('takes the short level names of another language', () => {
    const en = { national: 'N', province: 'P', city: 'C', district: 'D', county: 'Co', unknown: '?' } as const;
    expect(taskCode({ level: 'city', number: '5', position: 4 }, en)).toBe('C5');
  });
});
