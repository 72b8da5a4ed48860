// The period package's index and navigation, as plain functions (the page and its test share them): each item's
// state as the index shows it, the source groups (省/市/区 …, in the order the package lists them), the filters
// and the moves "next / previous item" and "next unfilled item" (wrapping around).

import type { ItemReport } from '../api/types';

/** 被退回 (the office flagged it, with its reason), else 未填 (isUnfilled) or 已填. */
export type ItemState = 'returned' | 'unfilled' | 'filled';
export type PackageFilter = 'all' | 'unfilled' | 'returned';

type Item = Pick<ItemReport, 'id' | 'unfilled' | 'returnedComment'> & {
  task: Pick<ItemReport['task'], 'sourceLevel'>;
};

/**
 * An office's item comment stays on the item until the next review; once the package is accepted it is history,
 * not something to fix (`showReturned` false), as the item card shows it.
 */
export function itemState(item: Item, showReturned: boolean): ItemState {
  if (showReturned && item.returnedComment) return 'returned';
  return item.unfilled ? 'unfilled' : 'filled';
}

/** Whether an item passes a filter: 只看未填 keeps every unfilled item, a returned one too when it is unfilled. */
export function passes(filter: PackageFilter, item: Item, state: ItemState): boolean {
  if (filter === 'unfilled') return item.unfilled;
  if (filter === 'returned') return state === 'returned';
  return true;
}

export interface SourceGroup<T extends Item> {
  level: T['task']['sourceLevel'];
  items: T[];
}

/** The items by their task's source level, groups in the order of their first item, items in package order. */
export function groupBySource<T extends Item>(items: readonly T[]): SourceGroup<T>[] {
  const groups = new Map<string, SourceGroup<T>>();
  for (const item of items) {
    const level = item.task.sourceLevel;
    let group = groups.get(level);
    if (!group) {
      group = { level, items: [] };
      groups.set(level, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

/** The package order the index shows (grouped): what next / previous walk through. */
export const indexOrder = <T extends Item>(items: readonly T[]): T[] => groupBySource(items).flatMap((g) => g.items);

/**
 * The first item after `currentId` (in `order`) that `wanted` accepts, wrapping around to the start; the current
 * item itself only when no other one is wanted and it is. Undefined when none is.
 */
export function nextWhere<T extends { id: string }>(
  order: readonly T[],
  currentId: string | undefined,
  wanted: (item: T) => boolean,
): T | undefined {
  const at = order.findIndex((item) => item.id === currentId);
  for (let step = 1; step <= order.length; step++) {
    const item = order[(at + step + order.length) % order.length];
    if (item && wanted(item)) return item;
  }
  return undefined;
}

/** The neighbour of `currentId` in `order` (`by` +1 next, -1 previous), stopping at the ends. */
export function neighbour<T extends { id: string }>(
  order: readonly T[],
  currentId: string | undefined,
  by: 1 | -1,
): T | undefined {
  const at = order.findIndex((item) => item.id === currentId);
  if (at < 0) return order[0];
  return order[Math.min(order.length - 1, Math.max(0, at + by))];
}

/** Whether a key press belongs to what has focus (typing in a field, a select, an editor), not to navigation. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as {
    tagName?: string;
    type?: string;
    isContentEditable?: boolean;
    closest?: (s: string) => unknown;
  } | null;
  if (!el?.tagName) return false;
  if (el.isContentEditable) return true;
  // A radio or a checkbox (the filter's segments) takes no letters.
  if (el.tagName === 'INPUT') return !['radio', 'checkbox', 'button', 'submit'].includes(el.type ?? 'text');
  if (['TEXTAREA', 'SELECT'].includes(el.tagName)) return true;
  return Boolean(el.closest?.('.ant-select, .ant-picker, [role="dialog"], [role="combobox"]'));
}
