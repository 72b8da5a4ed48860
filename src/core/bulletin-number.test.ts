// Bulletin numbers: read, printed, proposed.

import { describe, expect, it } from 'vitest';
import {
  formatBulletinNumber,
  parseBulletinNumber,
  proposeBulletinNumber,
  sameBulletinNumber,
} from './bulletin-number.js';

describe('bulletin numbers', () => {
  it('reads a printed number and prints it back', () => {
    expect(parseBulletinNumber('武昌督查通报〔2025〕3号')).toEqual({ prefix: '武昌督查通报', year: 2025, seq: 3 });
    expect(parseBulletinNumber(' 武昌督查通报[2025]12号')).toEqual({ prefix: '武昌督查通报', year: 2025, seq: 12 });
    expect(formatBulletinNumber({ prefix: '武昌督查通报', year: 2025, seq: 3 })).toBe('武昌督查通报〔2025〕3号');
    for (const bad of [
      '第3期',
      '〔2025〕3号',
      '武昌督查通报〔25〕3号',
      '武昌督查通报〔2025〕0号',
      '武昌督查通报2025-3',
    ])
      expect(parseBulletinNumber(bad), bad).toBeNull();
  });

  it('treats two spellings of one number as the same', () => {
    expect(sameBulletinNumber('武昌督查通报〔2025〕3号', '武昌督查通报[2025]3号')).toBe(true);
    expect(sameBulletinNumber('武昌督查通报〔2025〕3号', '武昌督查通报〔2026〕3号')).toBe(false);
    expect(sameBulletinNumber('第3期', '第3期')).toBe(false);
  });

  it('proposes the next number of the year under the office’s prefix, from the plan’s 文号 at first', () => {
    expect(proposeBulletinNumber([], '武昌政办〔2025〕1号', 2025)).toBe('武昌督查通报〔2025〕1号');
    expect(proposeBulletinNumber([], '武昌区人民政府办〔2025〕1号', 2025)).toBe('武昌督查通报〔2025〕1号');
    expect(proposeBulletinNumber([], null, 2025)).toBe('督查通报〔2025〕1号');
    const taken = ['武昌督办通报〔2025〕2号', '武昌督办通报〔2025〕7号', '武昌督办通报〔2024〕9号', '第3期'];
    // The newest number's prefix wins (the office edited it once); the sequence restarts each year.
    expect(proposeBulletinNumber(taken, '武昌政办〔2025〕1号', 2025)).toBe('武昌督办通报〔2025〕8号');
    expect(proposeBulletinNumber(taken, '武昌政办〔2025〕1号', 2026)).toBe('武昌督办通报〔2026〕1号');
  });
});
