// A plan's reporting periods (报告期) and the office's changes to their due dates, grace and lock.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isMainPeriod } from '../../core/rhythm';
import { request } from './client';
import { byNewest, usePlans } from './plans';
import type { ItemList, Period, UpdatePeriodBody } from './types';

export const periodKeys = {
  all: ['periods'] as const,
  ofPlan: (planId: string) => ['periods', 'plan', planId] as const,
};

/**
 * A plan's periods. `main`: only the plan's own quarters and annual report — what bulletins, evaluation and the
 * ladder count by — without the month and N-week periods a task's rhythm adds (src/core/rhythm.ts).
 */
export function usePeriods(planId: string | undefined, options: { main?: boolean } = {}) {
  return useQuery({
    queryKey: periodKeys.ofPlan(planId ?? ''),
    queryFn: ({ signal }) =>
      request<ItemList<Period>>(`/plans/${encodeURIComponent(planId ?? '')}/periods`, { signal }),
    select: (data) => (options.main ? data.items.filter(isMainPeriod) : data.items),
    enabled: Boolean(planId),
  });
}

export function useUpdatePeriod() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdatePeriodBody }) =>
      request<Period>(`/periods/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    // The modal shows the server's reason (a due date out of range) next to the fields.
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: periodKeys.all }),
  });
}

/** The newest plan's reporting periods (the plan every unit reports on now). */
export function useCurrentPlanPeriods() {
  const plans = usePlans();
  const plan = [...(plans.data ?? [])].sort(byNewest)[0];
  const periods = usePeriods(plan?.id);
  return { plan, periods, isLoading: plans.isLoading || periods.isLoading, noPlan: plans.isSuccess && !plan };
}

/** The current period, as the server decided it (the browser does not re-decide it from its own clock). */
export function currentPeriodId(periods: readonly Period[]): string | undefined {
  return periods.find((period) => period.current)?.id;
}
