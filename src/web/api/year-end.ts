// 年终结转: the office's review of a plan's unfinished tasks, its decisions (carry over / close with a reason)
// and closing the plan into the archive. A decision or the close changes the plans (a new one for next year,
// a status), their tasks and everyone's lists: those queries go stale.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { YearEndDecideBody, YearEndReview } from '../../api/year-end';
import { request } from './client';
import { planKeys } from './plans';

export const yearEndKeys = { one: (planId: string) => ['year-end', planId] as const };

export function useYearEnd(planId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: yearEndKeys.one(planId ?? ''),
    queryFn: ({ signal }) => request<YearEndReview>(`/plans/${encodeURIComponent(planId ?? '')}/year-end`, { signal }),
    enabled: Boolean(planId) && enabled,
  });
}

function useAfterYearEnd(planId: string) {
  const queryClient = useQueryClient();
  return (review?: YearEndReview) => {
    if (review) queryClient.setQueryData(yearEndKeys.one(planId), review);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: yearEndKeys.one(planId) }),
      queryClient.invalidateQueries({ queryKey: planKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['tasks'] }),
    ]);
  };
}

export function useDecideYearEnd(planId: string) {
  const after = useAfterYearEnd(planId);
  return useMutation({
    mutationFn: (body: YearEndDecideBody) =>
      request<YearEndReview>(`/plans/${encodeURIComponent(planId)}/year-end/decisions`, { method: 'POST', body }),
    onSuccess: (review) => after(review),
    onError: () => after(),
  });
}

/** 关闭年度: refused (409) while an unfinished task has no decision; the page shows why. */
export function useClosePlan(planId: string) {
  const after = useAfterYearEnd(planId);
  return useMutation({
    mutationFn: () => request<YearEndReview>(`/plans/${encodeURIComponent(planId)}/close`, { method: 'POST' }),
    onSuccess: (review) => after(review),
    onError: () => after(),
  });
}
