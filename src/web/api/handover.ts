// 工作移交: an account's open work, its unit's people, and the hand-over itself.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HandoverBody, HandoverPreview, HandoverResult, UnitHandover } from '../../api/handover';
import { request } from './client';

export const handoverKeys = {
  preview: (userId: string) => ['handover', 'user', userId] as const,
  unit: (unitId: string) => ['handover', 'unit', unitId] as const,
};

export function useHandoverPreview(userId: string) {
  return useQuery({
    queryKey: handoverKeys.preview(userId),
    queryFn: ({ signal }) => request<HandoverPreview>(`/users/${encodeURIComponent(userId)}/handover`, { signal }),
  });
}

export function useUnitHandover(unitId: string) {
  return useQuery({
    queryKey: handoverKeys.unit(unitId),
    queryFn: ({ signal }) => request<UnitHandover>(`/units/${encodeURIComponent(unitId)}/handover`, { signal }),
  });
}

export function useHandOver(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: HandoverBody) =>
      request<HandoverResult>(`/users/${encodeURIComponent(userId)}/handover`, { method: 'POST', body }),
    // Ledgers, requests and lists all name people: everything on screen may have changed.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
