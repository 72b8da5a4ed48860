// 签收: the unit acknowledges or disputes each assignment; the supervision office reassigns.

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { AssignmentEvent, ItemList, Receipt, ReceiptList, ReceiptListQuery } from './types';

export const receiptKeys = {
  all: ['receipts'] as const,
  list: (query: ReceiptListQuery) => ['receipts', 'list', query] as const,
  history: (assignmentId: string) => ['receipts', 'history', assignmentId] as const,
};

const assignmentPath = (id: string, action: string) => `/assignments/${encodeURIComponent(id)}/${action}`;

export function useReceipts(query: ReceiptListQuery, enabled = true) {
  return useQuery({
    queryKey: receiptKeys.list(query),
    queryFn: ({ signal }) => request<ReceiptList>('/receipts', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAssignmentHistory(assignmentId: string | undefined) {
  return useQuery({
    queryKey: receiptKeys.history(assignmentId ?? ''),
    queryFn: ({ signal }) =>
      request<ItemList<AssignmentEvent>>(assignmentPath(assignmentId ?? '', 'history'), { signal }),
    select: (data) => data.items,
    enabled: Boolean(assignmentId),
  });
}

/** An answer or a move changes the receipt lists, the history and the task lists (a reassignment moves the task). */
function useInvalidateReceipts() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: receiptKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['tasks'] }),
    ]);
}

export function useAcknowledge() {
  const invalidate = useInvalidateReceipts();
  return useMutation({
    mutationFn: (assignmentId: string) =>
      request<Receipt>(assignmentPath(assignmentId, 'acknowledge'), { method: 'POST' }),
    // A 409 (answered twice, e.g. in another tab) still means the list is stale.
    onSettled: invalidate,
  });
}

/** 批量签收: the selected pending assignments, all or nothing (a 409 names any answered meanwhile). */
export function useAcknowledgeMany() {
  const invalidate = useInvalidateReceipts();
  return useMutation({
    mutationFn: (assignmentIds: readonly string[]) =>
      request<ItemList<Receipt>>('/receipts/acknowledge', { method: 'POST', body: { assignmentIds } }),
    onSettled: invalidate,
  });
}

export function useDispute() {
  const invalidate = useInvalidateReceipts();
  return useMutation({
    mutationFn: ({ assignmentId, reason }: { assignmentId: string; reason: string }) =>
      request<Receipt>(assignmentPath(assignmentId, 'dispute'), { method: 'POST', body: { reason } }),
    onSuccess: invalidate,
  });
}

export function useUphold() {
  const invalidate = useInvalidateReceipts();
  return useMutation({
    mutationFn: ({ assignmentId, reason }: { assignmentId: string; reason: string }) =>
      request<Receipt>(assignmentPath(assignmentId, 'uphold'), { method: 'POST', body: { reason } }),
    onSuccess: invalidate,
  });
}

export function useReassign() {
  const invalidate = useInvalidateReceipts();
  return useMutation({
    mutationFn: ({ assignmentId, unitId, reason }: { assignmentId: string; unitId: string; reason: string }) =>
      request<Receipt>(assignmentPath(assignmentId, 'reassign'), { method: 'POST', body: { unitId, reason } }),
    onSuccess: invalidate,
  });
}
