// 延期申请: a unit asks to move one of its milestones (new date + reason); the office approves — the
// milestone's date changes from then on — or refuses, with a note. A unit lists its own requests, the
// office and the district leaders all of them.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import { ledgerKeys } from './ledgers';
import type { DecideExtensionBody, Extension, ExtensionStatus, ItemList, RequestExtensionBody } from './types';

export const extensionKeys = {
  all: ['extensions'] as const,
  list: (status: ExtensionStatus | undefined) => ['extensions', 'list', status ?? 'all'] as const,
};

export function useExtensions(status: ExtensionStatus | undefined, enabled = true) {
  return useQuery({
    queryKey: extensionKeys.list(status),
    queryFn: ({ signal }) => request<ItemList<Extension>>('/extension-requests', { query: { status }, signal }),
    select: (data) => data.items,
    enabled,
  });
}

/** 申请延期: the modal shows the server's reason (a date outside the plan year, one already pending). */
export function useRequestExtension() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ milestoneId, body }: { milestoneId: string; body: RequestExtensionBody }) =>
      request<Extension>(`/milestones/${encodeURIComponent(milestoneId)}/extensions`, { method: 'POST', body }),
    meta: { inlineError: true },
    onSettled: () => queryClient.invalidateQueries({ queryKey: extensionKeys.all }),
  });
}

/** 批准 moves the milestone's date: the ledgers go stale too. */
export function useDecideExtension() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: DecideExtensionBody }) =>
      request<Extension>(`/extension-requests/${encodeURIComponent(id)}/decide`, { method: 'POST', body }),
    meta: { inlineError: true },
    // A 409 (decided meanwhile, e.g. in another tab) still means the list is stale.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: extensionKeys.all }),
        queryClient.invalidateQueries({ queryKey: ledgerKeys.all }),
      ]),
  });
}
