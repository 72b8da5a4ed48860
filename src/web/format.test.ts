import { describe, expect, it } from 'vitest';
import {
  addDaysIso,
  formatCstMinute,
  formatCstSecond,
  formatDate,
  formatDateTime,
  formatNumber,
  fromCstInput,
  toCstInput,
  todayCst,
} from './format';

// 2025-04-15 16:30:05 UTC is 2025-04-16 00:30:05 in Shanghai: the date differs by zone.
const LATE_EVENING_UTC = '2025-04-15T16:30:05Z';

describe('dates as the office reads them (China Standard Time)', () => {
  it('formats a timestamp with its Shanghai date and time, whatever the zone of the input', () => {
    expect(formatDateTime(LATE_EVENING_UTC, 'en')).toMatch(/^2025-04-16,? 00:30$/);
    expect(formatDateTime('2025-04-16T00:30:05+08:00', 'zh-CN')).toBe('2025/04/16 00:30');
    expect(formatDateTime(null, 'en')).toBe('—');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });

  it('shows a calendar date as is and a timestamp as its Shanghai date', () => {
    expect(formatDate('2025-02-19', 'zh-CN')).toBe('2025-02-19');
    expect(formatDate(LATE_EVENING_UTC, 'en')).toBe('2025-04-16');
    expect(formatDate(undefined, 'en')).toBe('—');
    expect(formatDate('garbage', 'en')).toBe('garbage');
  });

  it('formats minutes and seconds in UTC+8 for any language', () => {
    expect(formatCstMinute(LATE_EVENING_UTC)).toBe('2025-04-16 00:30');
    expect(formatCstMinute(null)).toBe('—');
    expect(formatCstMinute('nope')).toBe('—');
    expect(formatCstSecond(LATE_EVENING_UTC)).toBe('2025-04-16 00:30:05');
    expect(formatCstSecond('')).toBe('—');
    expect(formatCstSecond('nope')).toBe('nope');
  });

  it('round-trips a datetime-local value through China Standard Time', () => {
    expect(toCstInput(LATE_EVENING_UTC)).toBe('2025-04-16T00:30');
    expect(toCstInput(null)).toBe('');
    expect(toCstInput('nope')).toBe('');
    const iso = fromCstInput('2025-04-16T00:30');
    expect(iso).toBe('2025-04-16T00:30:00+08:00');
    expect(new Date(iso ?? '').toISOString()).toBe('2025-04-15T16:30:00.000Z');
    expect(fromCstInput(' 2025-04-16T00:30:59 ')).toBe('2025-04-16T00:30:59+08:00');
    expect(fromCstInput('2025-04-16')).toBeNull();
    expect(fromCstInput('')).toBeNull();
  });

  it("takes today's date in Shanghai, not in UTC", () => {
    expect(todayCst(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
    expect(todayCst(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });

  it('adds days to a calendar date across months, years and leap days', () => {
    expect(addDaysIso('2025-02-19', 7)).toBe('2025-02-26');
    expect(addDaysIso('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDaysIso('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDaysIso('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('groups thousands', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(1234567, 'zh-CN')).toBe('1,234,567');
  });
});
