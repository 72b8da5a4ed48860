import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type { ConfirmImportBody, ConfirmImportResult, DraftTaskPage, DraftWarningPage, ImportPreview } from './types';

export const importKeys = {
  one: (id: string) => ['imports', id] as const,
  page: (id: string, what: 'tasks' | 'warnings', page: number, pageSize: number) =>
    ['imports', id, what, page, pageSize] as const,
};

/** The server's limit, checked in the browser first. */
export const MAX_NOTICE_BYTES = 10 * 1024 * 1024;
export const NOTICE_EXTENSIONS = [
  '.txt',
  '.html',
  '.htm',
  '.docx',
  '.doc',
  '.wps',
  '.xlsx',
  '.xls',
  '.et',
  '.ods',
  '.pdf',
] as const;

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

/** One page of a draft's tasks or warnings, read from the server (a draft may hold 100,000 tasks). */
function useDraftPage<T>(id: string, what: 'tasks' | 'warnings', page: number, pageSize: number, first: T) {
  return useQuery({
    queryKey: importKeys.page(id, what, page, pageSize),
    queryFn: ({ signal }) =>
      request<T>(`/imports/${encodeURIComponent(id)}/${what}?page=${page}&pageSize=${pageSize}`, { signal }),
    // The preview answer already carries the first page.
    initialData: page === 1 && pageSize === 50 ? first : undefined,
    placeholderData: keepPreviousData,
  });
}

export function useDraftTasks(id: string, page: number, pageSize: number, first: DraftTaskPage) {
  return useDraftPage(id, 'tasks', page, pageSize, first);
}

export function useDraftWarnings(id: string, page: number, pageSize: number, first: DraftWarningPage) {
  return useDraftPage(id, 'warnings', page, pageSize, first);
}

export function useDiscardImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<void>(`/imports/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_result, id) => queryClient.removeQueries({ queryKey: importKeys.one(id) }),
  });
}
