import { describe, expect, it } from 'vitest';
import { cstDate, daysBetween, weekOf } from './time.js';

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

describe('daysBetween', () => {
  it.each([
    ['2025-03-31', '2025-04-10', 10],
    ['2025-04-10', '2025-03-31', -10],
    ['2024-02-28', '2024-03-01', 2], // a leap year
    ['2024-12-31', '2025-01-01', 1],
    ['2025-06-30', '2025-06-30', 0],
  ])('from %s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});
