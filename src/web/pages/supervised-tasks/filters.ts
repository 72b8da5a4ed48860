// The supervised task list's filters, kept in the URL, and whom 一键催办 reaches.

import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type {
  AssignmentRole,
  ItemStatus,
  Light,
  ProgressClass,
  SourceLevel,
  SupervisedTask,
  SupervisedTaskQuery,
} from '../../api/types';
import { DEFAULT_PAGE_SIZE, patchFilterParams, positiveInt } from '../../components/useTaskFilterParams';
import { isAssignmentRole, isItemStatus, isLight, isProgressClass, isSourceLevel } from '../../vocab';

// ---- filters in the URL -------------------------------------------------------------------------------

export type Flag = 'overdue' | 'hasCoordination' | 'hasNotice';
export const FLAGS: readonly Flag[] = ['overdue', 'hasCoordination', 'hasNotice'];

export interface Filters {
  planId?: string;
  light?: Light;
  progressClass?: ProgressClass;
  status?: ItemStatus;
  level?: SourceLevel;
  sectionId?: string;
  unitId?: string;
  role?: AssignmentRole;
  overdue?: boolean;
  hasCoordination?: boolean;
  hasNotice?: boolean;
  /** A reason for lagging (滞后原因) given in the period under review: the dashboard's card clicks through. */
  lagReason?: string;
  q?: string;
  page: number;
  pageSize: number;
}
export type FilterPatch = { [K in keyof Filters]?: Filters[K] | undefined };

/** The supervised task list's filters as the URL holds them; unknown values are dropped. */
export function parseFilters(params: URLSearchParams): Filters {
  const f: Filters = {
    page: positiveInt(params.get('page'), 1, 100_000),
    pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 500),
  };
  for (const key of ['planId', 'sectionId', 'unitId', 'lagReason', 'q'] as const) {
    const value = params.get(key);
    if (value) f[key] = value;
  }
  const light = params.get('light');
  if (isLight(light)) f.light = light;
  const progressClass = params.get('progressClass');
  if (isProgressClass(progressClass)) f.progressClass = progressClass;
  const status = params.get('status');
  if (isItemStatus(status)) f.status = status;
  const level = params.get('level');
  if (isSourceLevel(level)) f.level = level;
  const role = params.get('role');
  if (isAssignmentRole(role)) f.role = role;
  for (const flag of FLAGS) {
    const value = params.get(flag);
    if (value === 'true' || value === 'false') f[flag] = value === 'true';
  }
  return f;
}

/** The list request for the filters (the page's and prefetch.ts's one query, so both share a cache entry). */
export function listQuery(f: Filters, planId: string | undefined): SupervisedTaskQuery {
  return {
    planId,
    light: f.light,
    progressClass: f.progressClass,
    status: f.status,
    level: f.level,
    sectionId: f.sectionId,
    unitId: f.unitId,
    role: f.role,
    overdue: f.overdue,
    hasCoordination: f.hasCoordination,
    hasNotice: f.hasNotice,
    lagReason: f.lagReason,
    q: f.q,
    page: f.page,
    pageSize: f.pageSize,
  };
}

export function useFilters(): [Filters, (patch: FilterPatch) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const update = useCallback(
    (patch: FilterPatch) => setParams((previous) => patchFilterParams(previous, patch), { replace: true }),
    [setParams],
  );
  return [filters, update];
}

/** The items 一键催办 reaches on the chosen tasks: not closed, and within the unit / role filters. */
export function remindTargets(tasks: readonly SupervisedTask[], filters: Filters) {
  const items = tasks.flatMap((task) =>
    task.supervision.units.filter(
      (u) =>
        !u.closed && (!filters.unitId || u.unit.id === filters.unitId) && (!filters.role || u.role === filters.role),
    ),
  );
  const units = [...new Map(items.map((u) => [u.unit.id, u.unit.name])).values()];
  return { assignmentIds: [...new Set(items.map((u) => u.assignmentId))], units };
}
