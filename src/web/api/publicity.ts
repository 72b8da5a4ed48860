// 政务公开 (publicity): the anonymous progress page, and the office marking a task public with its note.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PublicProgress } from '../../api/public';
import { request } from './client';

export const publicKeys = {
  progress: ['public', 'progress'] as const,
};

/** No session needed: a 401 here is not an expired session. */
export function usePublicProgress(enabled = true) {
  return useQuery({
    queryKey: publicKeys.progress,
    queryFn: ({ signal }) => request<PublicProgress>('/public/progress', { signal, allowUnauthorized: true }),
    enabled,
    meta: { inlineError: true },
  });
}

export interface PublicityBody {
  public: boolean;
  note?: string | null;
}

export function useSetPublicity(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PublicityBody) =>
      request<{ public: boolean; note: string | null }>(`/tasks/${encodeURIComponent(taskId)}/publicity`, {
        method: 'PUT',
        body,
      }),
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: publicKeys.progress }),
  });
}
