import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import { publicKeys } from './publicity';
import type { ItemList, Plan, PlanDetail, TaskDetail, TaskList, TaskListQuery } from './types';

export const planKeys = {
  all: ['plans'] as const,
  one: (id: string) => ['plans', id] as const,
};
/** Both lists take the same query; /my/assignments pins it to the signed-in user's unit. */
export type TaskListSource = 'all' | 'mine';
const TASK_LIST_PATHS: Record<TaskListSource, string> = { all: '/tasks', mine: '/my/assignments' };

export const taskKeys = {
  list: (source: TaskListSource, query: TaskListQuery) => ['tasks', source, query] as const,
  one: (id: string) => ['tasks', 'one', id] as const,
};

/** Newest first: the latest year, then the latest import. */
export const byNewest = (a: Plan, b: Plan) => b.year - a.year || b.createdAt.localeCompare(a.createdAt);

// The queries' options are shared with src/web/prefetch.ts, which starts them while a page's chunk still loads.
export const plansQuery = queryOptions({
  queryKey: planKeys.all,
  queryFn: ({ signal }) => request<ItemList<Plan>>('/plans', { signal }),
});

export function usePlans() {
  return useQuery({ ...plansQuery, select: (data) => data.items });
}

export const planQuery = (id: string) =>
  queryOptions({
    queryKey: planKeys.one(id),
    queryFn: ({ signal }) => request<PlanDetail>(`/plans/${encodeURIComponent(id)}`, { signal }),
  });

export function usePlan(id: string | undefined) {
  return useQuery({ ...planQuery(id ?? ''), enabled: Boolean(id) });
}

export const tasksQuery = (query: TaskListQuery, source: TaskListSource = 'all') =>
  queryOptions({
    queryKey: taskKeys.list(source, query),
    queryFn: ({ signal }) => request<TaskList>(TASK_LIST_PATHS[source], { query: { ...query }, signal }),
  });

export function useTasks(query: TaskListQuery, source: TaskListSource = 'all', enabled = true) {
  return useQuery({ ...tasksQuery(query, source), placeholderData: keepPreviousData, enabled });
}

export function useTask(id: string | undefined) {
  return useQuery({
    queryKey: taskKeys.one(id ?? ''),
    queryFn: ({ signal }) => request<TaskDetail>(`/tasks/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}

/** 政务公开: the one plan the public page shows, chosen by the office. */
export function useSetPlanPublished() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, published }: { id: string; published: boolean }) =>
      request<{ published: boolean }>(`/plans/${encodeURIComponent(id)}/published`, {
        method: 'PUT',
        body: { published },
      }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: planKeys.all }),
        queryClient.invalidateQueries({ queryKey: publicKeys.progress }),
      ]),
  });
}
