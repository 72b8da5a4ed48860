// 协调事项: a unit raises an issue on its task; the office routes it to a district leader, who answers (批示);
// the office or the raising unit resolves it (办结).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { Coordination, CoordinationStatus, ItemList, RaiseCoordinationBody } from './types';

export const coordinationKeys = {
  all: ['coordination'] as const,
  list: (status: CoordinationStatus | undefined) => ['coordination', 'list', status ?? 'all'] as const,
};

const coordinationPath = (id: string, action: string) => `/coordination-requests/${encodeURIComponent(id)}/${action}`;

export function useCoordinations(status: CoordinationStatus | undefined) {
  return useQuery({
    queryKey: coordinationKeys.list(status),
    queryFn: ({ signal }) => request<ItemList<Coordination>>('/coordination-requests', { query: { status }, signal }),
    select: (data) => data.items,
  });
}

function useInvalidateCoordinations() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: coordinationKeys.all });
}

export function useRaiseCoordination() {
  const invalidate = useInvalidateCoordinations();
  return useMutation({
    mutationFn: (body: RaiseCoordinationBody) =>
      request<Coordination>('/coordination-requests', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useRouteCoordination() {
  const invalidate = useInvalidateCoordinations();
  return useMutation({
    mutationFn: ({ id, executiveId }: { id: string; executiveId: string }) =>
      request<Coordination>(coordinationPath(id, 'route'), { method: 'POST', body: { executiveId } }),
    // A 409 (already routed, e.g. in another tab) still means the list is stale.
    onSettled: invalidate,
  });
}

export function useAnswerCoordination() {
  const invalidate = useInvalidateCoordinations();
  return useMutation({
    mutationFn: ({ id, answer }: { id: string; answer: string }) =>
      request<Coordination>(coordinationPath(id, 'answer'), { method: 'POST', body: { answer } }),
    onSettled: invalidate,
  });
}

export function useResolveCoordination() {
  const invalidate = useInvalidateCoordinations();
  return useMutation({
    mutationFn: (id: string) => request<Coordination>(coordinationPath(id, 'resolve'), { method: 'POST' }),
    onSettled: invalidate,
  });
}
