// 上下贯通 (linkage): the city/province tasks a district task serves (confirmed and suggested), or the
// district tasks serving a city/province one. The office confirms, rejects or undoes a suggestion.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TaskLinks } from '../../api/linkage';
import { request } from './client';

export type LinkDecision = 'confirmed' | 'rejected' | 'undecided';

export const linkKeys = {
  all: ['links'] as const,
  ofTask: (taskId: string) => ['links', taskId] as const,
};

const linksPath = (taskId: string) => `/tasks/${encodeURIComponent(taskId)}/links`;

export function useTaskLinks(taskId: string | undefined) {
  return useQuery({
    queryKey: linkKeys.ofTask(taskId ?? ''),
    queryFn: ({ signal }) => request<TaskLinks>(linksPath(taskId ?? ''), { signal }),
    enabled: Boolean(taskId),
  });
}

/** The answer is the task's links as they stand now; the other task's links go stale. */
export function useDecideLink(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ targetId, status }: { targetId: string; status: LinkDecision }) =>
      request<TaskLinks>(`${linksPath(taskId)}/${encodeURIComponent(targetId)}`, { method: 'PUT', body: { status } }),
    onSuccess: (links) => {
      queryClient.setQueryData(linkKeys.ofTask(taskId), links);
      void queryClient.invalidateQueries({
        queryKey: linkKeys.all,
        predicate: (query) => query.queryKey[1] !== taskId,
      });
    },
  });
}
