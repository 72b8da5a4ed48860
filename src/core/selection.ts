// Who a dashboard or a bulletin names: the lagging tasks (滞后任务) with the units that make them lag, and
// the units proposed for commendation (表扬). Both views select through these, so they name the same.

import { type Light, worstLight } from './lights.js';
import type { ItemStatus } from './status.js';

const lagging = (light: Light) => light === 'red' || light === 'yellow';

/**
 * The lagging tasks: those whose worst unit is red or yellow, red ones first (otherwise in the given
 * order), each with its light, all its units and the units that are red or yellow themselves.
 */
export function selectLaggards<T extends { units: readonly { light: Light }[] }>(
  tasks: Iterable<T>,
): (T & { light: Light; lagging: T['units'][number][] })[] {
  return [...tasks]
    .map((t) => ({
      ...t,
      light: worstLight(t.units.map((u) => u.light)),
      lagging: t.units.filter((u) => lagging(u.light)),
    }))
    .filter((t) => lagging(t.light))
    .sort((a, b) => (a.light === b.light ? 0 : a.light === 'red' ? -1 : 1));
}

/**
 * What a bulletin says about a lagging unit: its latest progress text. A unit that never reported has no
 * reason beyond its status, which already reads 未报送 wherever the reason is shown.
 */
export function laggardReason(status: ItemStatus | null, progress: string | null): string | null {
  if (status === null) return null;
  return progress?.trim() || null;
}

/** Fewest items a unit must hold to be commended: one green item is not yet a record worth praising. */
export const COMMEND_MIN_ITEMS = 3;
export const COMMEND_MAX_UNITS = 10;

/**
 * The units proposed for commendation: reported on time and every one of at least three items green;
 * the most items first, at most ten.
 */
export function selectCommendations<U extends { onTime: boolean; lights: readonly Light[] }>(units: Iterable<U>): U[] {
  return [...units]
    .filter((u) => u.onTime && u.lights.length >= COMMEND_MIN_ITEMS && u.lights.every((l) => l === 'green'))
    .sort((a, b) => b.lights.length - a.lights.length)
    .slice(0, COMMEND_MAX_UNITS);
}

/** The reason printed for a commended unit. */
export const commendationReason = (items: number): string => `按时报送，${items}项任务全部序时推进或完成`;
