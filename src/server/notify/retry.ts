// When to try a failed channel again. Pure: the reminder job stores the attempt count and the next
// attempt time with the message and asks here; a clock is the caller's business.

export const MINUTE_MS = 60_000;

/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; later ones wait as long as the last (the cap). */
export const RETRY_DELAYS_MS: readonly number[] = [MINUTE_MS, 5 * MINUTE_MS, 30 * MINUTE_MS, 120 * MINUTE_MS];

/** Attempts in all (the first send included) before a message is given up as failed. */
export const MAX_ATTEMPTS = 5;

export interface RetrySchedule {
  delaysMs: readonly number[];
  maxAttempts: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { delaysMs: RETRY_DELAYS_MS, maxAttempts: MAX_ATTEMPTS };

/**
 * How long to wait before the next attempt, after `attempt` attempts have failed (1 after the first
 * send fails); null once `maxAttempts` attempts have been made: give up and show the failure to the admin.
 * With the default schedule: 1 min, 5 min, 30 min, 2 h, then give up.
 */
export function nextAttemptDelay(attempt: number, schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer: ${attempt}`);
  const { delaysMs, maxAttempts } = schedule;
  if (delaysMs.length === 0) throw new RangeError('a retry schedule needs at least one delay');
  if (attempt >= maxAttempts) return null;
  return delaysMs[Math.min(attempt, delaysMs.length) - 1] ?? null;
}
