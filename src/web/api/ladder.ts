// 问责梯度: the office's ladder, a period's steps (proposed and applied), applying them, and a unit's letter.

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Ladder, LadderPeriod } from '../../api/ladder';
import { buildUrl, request } from './client';

export const ladderKeys = {
  steps: ['ladder', 'steps'] as const,
  period: (planId: string, periodId: string) => ['ladder', 'period', planId, periodId] as const,
};

export function useLadder() {
  return useQuery({
    queryKey: ladderKeys.steps,
    queryFn: ({ signal }) => request<Ladder>('/settings/ladder', { signal }),
  });
}

/** New steps change every proposal (what was applied stays as recorded). */
export function useSaveLadder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Ladder) => request<Ladder>('/settings/ladder', { method: 'PUT', body }),
    onSuccess: (ladder) => {
      queryClient.setQueryData(ladderKeys.steps, ladder);
      void queryClient.invalidateQueries({ queryKey: ['ladder', 'period'] });
    },
  });
}

export function useLadderPeriod(planId: string | undefined, periodId: string | undefined) {
  return useQuery({
    queryKey: ladderKeys.period(planId ?? '', periodId ?? ''),
    queryFn: ({ signal }) =>
      request<LadderPeriod>(`/plans/${encodeURIComponent(planId ?? '')}/ladder`, { query: { periodId }, signal }),
    placeholderData: keepPreviousData,
    enabled: Boolean(planId && periodId),
  });
}

/** Applying records steps: 考评 and the bulletins read them. */
export function useApplyLadder(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (periodId: string) =>
      request<LadderPeriod>(`/plans/${encodeURIComponent(planId)}/ladder/apply`, {
        method: 'POST',
        body: { periodId },
      }),
    onSuccess: (view) => {
      queryClient.setQueryData(ladderKeys.period(planId, view.period.id), view);
      void queryClient.invalidateQueries({ queryKey: ['evaluation', 'ranking'] });
    },
  });
}

export const ladderLetterUrl = (planId: string, periodId: string, unitId: string) =>
  buildUrl(`/plans/${encodeURIComponent(planId)}/ladder/letter.docx`, { periodId, unitId });
