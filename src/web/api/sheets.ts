// 批量更新 (bulk update): a period's sheet downloaded, filled offline, uploaded for a preview of every change
// and every refused cell, then applied all or nothing.

import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import type { SheetPreview } from '../../api/sheets';
import { buildUrl, request } from './client';

export const periodSheetUrl = (periodId: string, unitId?: string) =>
  buildUrl(`/periods/${encodeURIComponent(periodId)}/sheet.xlsx`, { unitId });

export function useUploadSheet(periodId: string) {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return request<SheetPreview>(`/periods/${encodeURIComponent(periodId)}/sheet`, { method: 'POST', form });
    },
    meta: { inlineError: true },
  });
}

/** 全部导入: 400 `sheet_invalid` (details.errors) when any cell is refused; then nothing is applied. */
export function useApplySheet(submissionKey: QueryKey) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (uploadId: string) =>
      request<SheetPreview>(`/sheet-uploads/${encodeURIComponent(uploadId)}/apply`, { method: 'POST' }),
    meta: { inlineError: true },
    // Resolves once the submission is refetched: the page then starts its item cards from the new copy.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: submissionKey }),
  });
}
