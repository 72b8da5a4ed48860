// Report quality flags (报送质量提示): the office's settings, edited on the supervision settings page.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QualitySettingsBody } from '../../api/quality';
import { request } from './client';

export type { QualitySettingsBody };
export const qualityKeys = { settings: ['settings', 'quality'] as const };

export function useQualitySettings() {
  return useQuery({
    queryKey: qualityKeys.settings,
    queryFn: ({ signal }) => request<QualitySettingsBody>('/settings/quality', { signal }),
  });
}

export function useUpdateQualitySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QualitySettingsBody) =>
      request<QualitySettingsBody>('/settings/quality', { method: 'PUT', body }),
    meta: { inlineError: true },
    onSuccess: (settings) => client.setQueryData(qualityKeys.settings, settings),
  });
}
