// Task list filters live in the URL (?unitId=…&level=…&page=2), so a reload or a shared link keeps them.

import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { AssignmentRole, SourceLevel } from '../api/types';
import { isAssignmentRole, isSourceLevel } from '../vocab';

export interface TaskFilterState {
  planId?: string;
  sourceId?: string;
  sectionId?: string;
  unitId?: string;
  level?: SourceLevel;
  role?: AssignmentRole;
  q?: string;
  page: number;
  pageSize: number;
}

export type TaskFilterPatch = { [K in keyof TaskFilterState]?: TaskFilterState[K] | undefined };

export const DEFAULT_PAGE_SIZE = 50;
const TEXT_KEYS = ['planId', 'sourceId', 'sectionId', 'unitId', 'q'] as const;

/** A whole number from 1 to `max` read from the URL; anything else is `fallback`. */
export function positiveInt(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

/** The task list's filters as the URL holds them; unknown levels and roles are dropped. */
export function parseTaskFilters(params: URLSearchParams): TaskFilterState {
  const next: TaskFilterState = {
    page: positiveInt(params.get('page'), 1, 100_000),
    pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 500),
  };
  for (const key of TEXT_KEYS) {
    const value = params.get(key);
    if (value) next[key] = value;
  }
  const level = params.get('level');
  if (isSourceLevel(level)) next.level = level;
  const role = params.get('role');
  if (isAssignmentRole(role)) next.role = role;
  return next;
}

/**
 * The URL after a change of filters: empty values drop out, a new filter starts again at page 1, and page 1 and
 * the default page size are left out of the address.
 */
export function patchFilterParams(previous: URLSearchParams, patch: Record<string, unknown>): URLSearchParams {
  const next = new URLSearchParams(previous);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === '' || value === null) next.delete(key);
    else next.set(key, String(value));
  }
  if (!('page' in patch)) next.delete('page');
  if (next.get('pageSize') === String(DEFAULT_PAGE_SIZE)) next.delete('pageSize');
  if (next.get('page') === '1') next.delete('page');
  return next;
}

export function useTaskFilterParams(): [TaskFilterState, (patch: TaskFilterPatch) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseTaskFilters(params), [params]);
  const update = useCallback(
    (patch: TaskFilterPatch) => setParams((previous) => patchFilterParams(previous, patch), { replace: true }),
    [setParams],
  );
  return [state, update];
}
