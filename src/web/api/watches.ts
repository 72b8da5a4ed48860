// 关注: the district leader's watches, and watching or unwatching one subject.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { WatchList, WatchSubject } from '../../api/watches';
import { request } from './client';

export const watchKeys = { all: ['watches'] as const };

export function useWatches(enabled = true) {
  return useQuery({
    queryKey: watchKeys.all,
    queryFn: ({ signal }) => request<WatchList>('/watches', { signal }),
    enabled,
  });
}

export function useSetWatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ subjectType, subjectId, watch }: { subjectType: WatchSubject; subjectId: string; watch: boolean }) =>
      request<WatchList>(`/watches/${subjectType}/${encodeURIComponent(subjectId)}`, {
        method: watch ? 'PUT' : 'DELETE',
      }),
    // The answer is the whole list as it now stands.
    onSuccess: (list) => queryClient.setQueryData(watchKeys.all, list),
  });
}
