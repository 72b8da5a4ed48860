// 最多报一次: what the unit already gave on an item this period (GET /assignments/:id/given), read by every form that
// asks for it again, and the plan's gap for co-units (配合单位先于牵头单位), set beside the periods.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GivenFacts } from '../../api/ask-once';
import { request } from './client';

export const askOnceKeys = {
  given: (assignmentId: string) => ['given', assignmentId] as const,
};

export function useGivenFacts(assignmentId: string | null | undefined) {
  return useQuery({
    queryKey: askOnceKeys.given(assignmentId ?? ''),
    queryFn: ({ signal }) =>
      request<GivenFacts>(`/assignments/${encodeURIComponent(assignmentId ?? '')}/given`, { signal }),
    enabled: Boolean(assignmentId),
  });
}

export function useSetCoUnitLeadDays(planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (coUnitLeadDays: number) =>
      request<{ coUnitLeadDays: number }>(`/plans/${encodeURIComponent(planId)}/co-unit-lead-days`, {
        method: 'PUT',
        body: { coUnitLeadDays },
      }),
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['plans'] }),
  });
}
