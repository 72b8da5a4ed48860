// 延期排行: units ranked by their delays (late reports, extensions, overdue milestones) and one unit's cases.

import { useQuery } from '@tanstack/react-query';
import type { Delays } from '../../api/delays';
import { request } from './client';

export function useDelays(
  planId: string | undefined,
  scope: { periodId?: string | undefined; unitId?: string | undefined },
  enabled = true,
) {
  const search = new URLSearchParams();
  if (scope.periodId) search.set('periodId', scope.periodId);
  if (scope.unitId) search.set('unitId', scope.unitId);
  const query = search.toString();
  return useQuery({
    queryKey: ['delays', planId ?? '', scope.periodId ?? '', scope.unitId ?? ''],
    queryFn: ({ signal }) =>
      request<Delays>(`/plans/${encodeURIComponent(planId ?? '')}/delays${query ? `?${query}` : ''}`, { signal }),
    enabled: enabled && Boolean(planId),
  });
}
