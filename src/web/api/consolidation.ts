// Lead and co-units: every unit's report on a task for one period, and the lead unit's consolidated
// status (汇总). The server decides who sees which rows: the lead unit all, a co-unit its own, the office all.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { ConsolidateBody, TaskPeriodReport } from './types';

export const consolidationKeys = {
  all: ['consolidation'] as const,
  one: (taskId: string, periodId: string) => ['consolidation', taskId, periodId] as const,
};

const reportPath = (taskId: string, periodId: string) =>
  `/tasks/${encodeURIComponent(taskId)}/periods/${encodeURIComponent(periodId)}/report`;

/** The task page's consolidation card, opened on one period (a lead item of a submission links here). */
export const consolidationPath = (taskId: string, periodId: string) =>
  `/tasks/${encodeURIComponent(taskId)}?period=${encodeURIComponent(periodId)}#consolidation`;

export function useTaskPeriodReport(taskId: string | undefined, periodId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: consolidationKeys.one(taskId ?? '', periodId ?? ''),
    queryFn: ({ signal }) => request<TaskPeriodReport>(reportPath(taskId ?? '', periodId ?? ''), { signal }),
    enabled: enabled && Boolean(taskId && periodId),
    meta: { inlineError: true },
  });
}

/** The lead unit's 汇总: 409 `co_units_pending` (or `not_lead_unit`) is shown by the form, not as a toast. */
export function useConsolidate(taskId: string, periodId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConsolidateBody) =>
      request<TaskPeriodReport>(reportPath(taskId, periodId), { method: 'PUT', body }),
    meta: { inlineError: true },
    onSuccess: (report) => queryClient.setQueryData(consolidationKeys.one(taskId, periodId), report),
  });
}
