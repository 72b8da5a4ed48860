// 分管 (who leads which units) and the weekly 领导专报. The brief's .docx is a plain link.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LeaderBrief, LeaderList } from '../../api/leaders';
import { buildUrl, request } from './client';

export const leaderKeys = {
  all: ['leaders'] as const,
  brief: (week: string | undefined, leaderId: string | undefined) => ['leaders', 'brief', week, leaderId] as const,
};

export function useLeaders(enabled = true) {
  return useQuery({
    queryKey: leaderKeys.all,
    queryFn: ({ signal }) => request<LeaderList>('/leaders', { signal }),
    enabled,
  });
}

export function useSetLeaderUnits() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, unitIds }: { userId: string; unitIds: string[] }) =>
      request<LeaderList>(`/leaders/${encodeURIComponent(userId)}/units`, { method: 'PUT', body: { unitIds } }),
    onSuccess: (list) => queryClient.setQueryData(leaderKeys.all, list),
  });
}

export function useLeaderBrief(week: string | undefined, leaderId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: leaderKeys.brief(week, leaderId),
    queryFn: ({ signal }) => request<LeaderBrief>('/briefs/leader', { query: { week, leaderId }, signal }),
    enabled,
  });
}

export const leaderBriefDocxUrl = (week: string | undefined, leaderId: string | undefined) =>
  buildUrl('/briefs/leader.docx', { week, leaderId });
