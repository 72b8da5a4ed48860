import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { ConfirmImportBody, ConfirmImportResult, ImportPreview } from './types';

export const importKeys = { one: (id: string) => ['imports', id] as const };

/** The server's limit, checked in the browser first. */
export const MAX_NOTICE_BYTES = 10 * 1024 * 1024;
export const NOTICE_EXTENSIONS = ['.txt', '.html', '.htm', '.docx'] as const;

export function useUploadNotice() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineError: true },
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<ImportPreview>('/imports', { method: 'POST', form });
    },
    onSuccess: (preview) => queryClient.setQueryData(importKeys.one(preview.id), preview),
  });
}

export function useImportPreview(id: string | undefined) {
  return useQuery({
    queryKey: importKeys.one(id ?? ''),
    queryFn: ({ signal }) => request<ImportPreview>(`/imports/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useConfirmImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ConfirmImportBody }) =>
      request<ConfirmImportResult>(`/imports/${encodeURIComponent(id)}/confirm`, { method: 'POST', body }),
    onSuccess: (_result, { id }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: importKeys.one(id) }),
        queryClient.invalidateQueries({ queryKey: ['plans'] }),
        queryClient.invalidateQueries({ queryKey: ['units'] }),
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      ]),
  });
}
