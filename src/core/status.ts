// How a task's overall status rolls up from its units' item statuses (docs/design.md#domain-model): one blocked
// unit blocks the task, one lagging unit makes it lag, it is completed when every unit is.

export type ItemStatus = 'not_started' | 'on_track' | 'completed' | 'lagging' | 'blocked';

export function rollUpStatus(statuses: readonly ItemStatus[]): ItemStatus {
  if (statuses.length === 0) return 'not_started';
  if (statuses.includes('blocked')) return 'blocked';
  if (statuses.includes('lagging')) return 'lagging';
  if (statuses.every((s) => s === 'completed')) return 'completed';
  if (statuses.some((s) => s === 'on_track' || s === 'completed')) return 'on_track';
  return 'not_started';
}

/**
 * A submission counts as reported once its leader signed it: submitted, accepted, or returned by the office
 * for correction (the unit did report on time; the return is about quality).
 */
export const REPORTED_SUBMISSION_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export const isReported = (status: string): boolean =>
  (REPORTED_SUBMISSION_STATUSES as readonly string[]).includes(status);

/** A submission whose content is as its leader signed it (a returned one is being corrected: a draft again). */
export const SIGNED_SUBMISSION_STATUSES = ['submitted', 'accepted'] as const;
export const isSigned = (status: string): boolean => (SIGNED_SUBMISSION_STATUSES as readonly string[]).includes(status);
