// Who a dashboard or a bulletin names: the lagging tasks (滞后任务) with the units that make them lag, and
// the units proposed for commendation (表扬). Both views select through these, so they name the same.

import { type Light, worstLight } from './lights.js';
import type { ItemStatus } from './status.js';

const lagging = (light: Light) => light === 'red' || light === 'yellow';

/**
 * The lagging tasks: those whose worst unit is red or yellow, each with its light, all its units and the units
 * that are red or yellow themselves. One order wherever they are listed: red before yellow, then the most days
 * overdue (of its lagging units) first, then the notice's order (`order`: the source's level in the notice,
 * province → city → district, then the task's position; otherwise as given).
 */
export function selectLaggards<
  T extends { units: readonly { light: Light; overdueDays?: number }[]; order?: readonly number[] },
>(tasks: Iterable<T>): (T & { light: Light; lagging: T['units'][number][]; overdueDays: number })[] {
  return [...tasks]
    .map((t, given) => {
      const laggingUnits = t.units.filter((u) => lagging(u.light));
      return {
        ...t,
        light: worstLight(t.units.map((u) => u.light)),
        lagging: laggingUnits,
        overdueDays: Math.max(0, ...laggingUnits.map((u) => u.overdueDays ?? 0)),
        given: t.order ?? [given],
      };
    })
    .filter((t) => lagging(t.light))
    .sort(
      (a, b) =>
        Number(b.light === 'red') - Number(a.light === 'red') ||
        b.overdueDays - a.overdueDays ||
        compareOrder(a.given, b.given),
    )
    .map(({ given: _given, ...t }) => t as T & { light: Light; lagging: T['units'][number][]; overdueDays: number });
}

const LEVEL_RANK: Record<string, number> = { national: 0, province: 1, city: 2, district: 3, county: 4 };

/** A task's place in the notice: its source's level (province → city → district), the source, the task. */
export const noticeOrder = (level: string, sourceIndex: number, position: number): number[] => [
  LEVEL_RANK[level] ?? 5,
  sourceIndex,
  position,
];

export function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
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
