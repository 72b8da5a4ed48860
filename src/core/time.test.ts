import { describe, expect, it } from 'vitest';
import { cstDate, weekOf } from './time.js';

describe('weekOf', () => {
  it.each([
    ['2025-05-19', '2025-05-19', '2025-05-25'], // a Monday
    ['2025-05-21', '2025-05-19', '2025-05-25'],
    ['2025-05-25', '2025-05-19', '2025-05-25'], // a Sunday belongs to the week before it
    ['2025-01-01', '2024-12-30', '2025-01-05'], // across the year's end
  ])('%s is in the week %s – %s', (date, start, end) => {
    expect(weekOf(date)).toEqual({ start, end });
  });

  it('reads the week in China time: Sunday 17:00 UTC is already Monday in Beijing', () => {
    expect(weekOf(cstDate(new Date('2025-05-25T17:00:00Z'))).start).toBe('2025-05-26');
  });
});
