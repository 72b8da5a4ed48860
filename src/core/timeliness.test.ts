// Every rule of the office's timeliness, one row each.

import { describe, expect, it } from 'vitest';
import { instructionWait, medianDays, openAge, type TimedEvent, waits } from './timeliness.js';

const at = (day: number, hour = 9) => new Date(Date.UTC(2025, 3, day, hour));
const start = (day: number, hour?: number): TimedEvent => ({ kind: 'start', at: at(day, hour) });
const end = (day: number, hour?: number): TimedEvent => ({ kind: 'end', at: at(day, hour) });

describe('督查室办理时效', () => {
  it.each<[string, TimedEvent[], number[], Date | null]>([
    ['nothing happened', [], [], null],
    ['signed, not reviewed: one open wait', [start(1)], [], at(1)],
    ['signed, reviewed 3 days later', [start(1), end(4)], [3], null],
    ['half a day is 0.5', [start(1, 9), end(1, 21)], [0.5], null],
    ['returned, signed again, reviewed: two waits', [start(1), end(3), start(5), end(6)], [2, 1], null],
    ['returned, signed again, not yet reviewed', [start(1), end(3), start(5)], [2], at(5)],
    ['an end before any start counts nothing', [end(1), start(2), end(4)], [2], null],
    ['a second start while waiting keeps the first', [start(1), start(2), end(4)], [3], null],
    ['events out of order are put in order', [end(4), start(1)], [3], null],
  ])('%s', (_, events, closed, openSince) => {
    expect(waits(events)).toEqual({ closed, openSince });
  });

  it('takes the median, even or odd, and none of nothing', () => {
    expect(medianDays([])).toBeNull();
    expect(medianDays([5, 1, 3])).toBe(3);
    expect(medianDays([1, 2, 3, 10])).toBe(2.5);
  });

  it('counts whole days open, overdue only past the limit', () => {
    expect(openAge(at(1), at(6), 5)).toEqual({ days: 5, overdue: false });
    expect(openAge(at(1), at(7, 8), 5)).toEqual({ days: 5, overdue: false });
    expect(openAge(at(1), at(7, 10), 5)).toEqual({ days: 6, overdue: true });
  });

  // 批示交办: from 00:00 China time of the day of the 批示 or meeting to the task's routing (an instant, UTC here).
  it.each<[string, string, Date, number, { days: number; overdue: boolean }]>([
    [
      'given 1 May, routed 6 May 10:00 CST: 5 days, over 3',
      '2026-05-01',
      new Date('2026-05-06T02:00:00Z'),
      3,
      { days: 5, overdue: true },
    ],
    ['routed the same day: 0 days', '2026-05-01', new Date('2026-05-01T09:00:00Z'), 3, { days: 0, overdue: false }],
    ['on the limit is within it', '2026-05-01', new Date('2026-05-04T08:00:00Z'), 3, { days: 3, overdue: false }],
    ['a day past the limit is over it', '2026-05-01', new Date('2026-05-05T08:00:00Z'), 3, { days: 4, overdue: true }],
    // 23:30 CST on 1 May is 15:30 UTC the same day; 00:30 CST on 2 May is 16:30 UTC on 1 May: a day starts in China.
    [
      '23:30 CST the same day is still 0',
      '2026-05-01',
      new Date('2026-05-01T15:30:00Z'),
      0,
      { days: 0, overdue: false },
    ],
    [
      '00:30 CST the next day is 1, over a 0-day limit',
      '2026-05-01',
      new Date('2026-05-01T16:30:00Z'),
      0,
      { days: 1, overdue: true },
    ],
  ])('%s', (_, day, routedAt, limit, expected) => {
    expect(instructionWait(day, routedAt, limit)).toEqual(expected);
  });
});
