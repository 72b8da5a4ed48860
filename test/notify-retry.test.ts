// The retry schedule of failed channels: a table of attempt → wait.

import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, nextAttemptDelay } from '../src/server/notify/retry.js';
import { ChannelError, isRetryable } from '../src/server/notify/types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('nextAttemptDelay', () => {
  it.each([
    [1, 1 * MIN],
    [2, 5 * MIN],
    [3, 30 * MIN],
    [4, 2 * HOUR],
    [5, null],
    [6, null],
    [100, null],
  ])('after %i failed attempt(s) waits %s ms (default schedule)', (attempt, delay) => {
    expect(nextAttemptDelay(attempt)).toBe(delay);
  });

  it('gives up after MAX_ATTEMPTS attempts in all, the first send included', () => {
    expect(MAX_ATTEMPTS).toBe(5);
    const waits: number[] = [];
    for (let attempt = 1; ; attempt++) {
      const delay = nextAttemptDelay(attempt);
      if (delay === null) break;
      waits.push(delay);
    }
    expect(waits).toEqual([MIN, 5 * MIN, 30 * MIN, 2 * HOUR]);
  });

  it.each([
    [1, 10],
    [2, 20],
    [3, 20],
    [7, 20],
    [8, null],
  ])('caps at the last delay when more attempts are allowed: attempt %i → %s', (attempt, delay) => {
    expect(nextAttemptDelay(attempt, { delaysMs: [10, 20], maxAttempts: 8 })).toBe(delay);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses attempt %s', (attempt) => {
    expect(() => nextAttemptDelay(attempt)).toThrow(RangeError);
  });

  it('refuses an empty schedule', () => {
    expect(() => nextAttemptDelay(1, { delaysMs: [], maxAttempts: 3 })).toThrow(RangeError);
  });
});

describe('isRetryable', () => {
  const error = (retryable: boolean) =>
    new ChannelError('x', { zh: '错', en: 'wrong' }, { channel: 'wecom', retryable });

  it('retries only a ChannelError that says so', () => {
    expect(isRetryable(error(true))).toBe(true);
    expect(isRetryable(error(false))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });
});
