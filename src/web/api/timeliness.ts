// 督查室办理时效: the office's own timeliness for a plan (reviews waiting, requests to route).

import { useQuery } from '@tanstack/react-query';
import type { OfficeTimeliness } from '../../api/timeliness';
import { request } from './client';

export function useOfficeTimeliness(planId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['office-timeliness', planId ?? ''],
    queryFn: ({ signal }) =>
      request<OfficeTimeliness>(`/plans/${encodeURIComponent(planId ?? '')}/office-timeliness`, { signal }),
    enabled: enabled && Boolean(planId),
  });
}
