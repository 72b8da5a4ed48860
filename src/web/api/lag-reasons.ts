// Reasons for lagging (滞后原因): the office's list, read by every package item that is 滞后 or 受阻 and managed on
// the supervision settings page. A change refreshes the dashboard too (its card names the reasons).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createLagReasonBodySchema, LagReason, updateLagReasonBodySchema } from '../../api/lag-reasons';
import { request } from './client';
import { supervisionKeys } from './supervision';

export type { LagReason };
export type CreateLagReasonBody = z.input<typeof createLagReasonBodySchema>;
export type UpdateLagReasonBody = z.input<typeof updateLagReasonBodySchema>;

export const lagReasonKeys = { all: ['lag-reasons'] as const };

export function useLagReasons() {
  return useQuery({
    queryKey: lagReasonKeys.all,
    queryFn: ({ signal }) => request<{ items: LagReason[] }>('/settings/lag-reasons', { signal }),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: lagReasonKeys.all }),
      client.invalidateQueries({ queryKey: supervisionKeys.all }),
    ]);
}

export function useCreateLagReason() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateLagReasonBody) => request<LagReason>('/settings/lag-reasons', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateLagReason() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: UpdateLagReasonBody }) =>
      request<LagReason>(`/settings/lag-reasons/${encodeURIComponent(key)}`, { method: 'PATCH', body }),
    onSettled: invalidate,
  });
}
