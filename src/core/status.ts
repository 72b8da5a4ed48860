// How a task's overall status rolls up from its units' item statuses (docs/design.md#domain-model): one blocked
// unit blocks the task, one lagging unit makes it lag, it is completed when every unit is.

// 本期无进展 (no_progress) is a status a unit chooses, with its reason; it rolls up like 未启动 unless every unit
// chose it.

export type ItemStatus = 'not_started' | 'on_track' | 'completed' | 'lagging' | 'blocked' | 'no_progress';

export function rollUpStatus(statuses: readonly ItemStatus[]): ItemStatus {
  if (statuses.length === 0) return 'not_started';
  if (statuses.includes('blocked')) return 'blocked';
  if (statuses.includes('lagging')) return 'lagging';
  if (statuses.every((s) => s === 'completed')) return 'completed';
  if (statuses.some((s) => s === 'on_track' || s === 'completed')) return 'on_track';
  if (statuses.every((s) => s === 'no_progress')) return 'no_progress';
  return 'not_started';
}

/** The roll-up of the units that reported; null (未报送) when none did — never 未启动 for a blank. */
export function rollUpReported(statuses: readonly (ItemStatus | null)[]): ItemStatus | null {
  const reported = statuses.filter((s): s is ItemStatus => s !== null);
  return reported.length ? rollUpStatus(reported) : null;
}

/**
 * The one completeness rule (docs/design.md, "Completeness before signature"): an item is unfilled (未填报)
 * while nobody set its status, or while it says 本期无进展 without a reason (its progress text). A package
 * with an unfilled item may be sent for review but not signed; unfilled is "not reported", never a status.
 */
export function isUnfilled(item: { status: ItemStatus | null; progress: string | null }): boolean {
  if (item.status === null) return true;
  return item.status === 'no_progress' && (item.progress ?? '').trim() === '';
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
