import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type {
  ConfirmImportBody,
  ConfirmImportResult,
  DraftTaskPage,
  DraftWarningPage,
  ImportCorrectionBody,
  ImportCorrectionResult,
  ImportCorrectionUndoResult,
  ImportPreview,
} from './types';

export const importKeys = {
  one: (id: string) => ['imports', id] as const,
  page: (id: string, what: 'tasks' | 'warnings', page: number, pageSize: number, doubtful = false) =>
    ['imports', id, what, page, pageSize, doubtful] as const,
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
function useDraftPage<T>(
  id: string,
  what: 'tasks' | 'warnings',
  page: number,
  pageSize: number,
  first: T | undefined,
  doubtful = false,
) {
  return useQuery({
    queryKey: importKeys.page(id, what, page, pageSize, doubtful),
    queryFn: ({ signal }) =>
      request<T>(
        `/imports/${encodeURIComponent(id)}/${what}?page=${page}&pageSize=${pageSize}${doubtful ? '&doubtful=true' : ''}`,
        { signal },
      ),
    // The preview answer already carries the first page.
    initialData: page === 1 && pageSize === 50 && !doubtful ? first : undefined,
    placeholderData: keepPreviousData,
  });
}

/** `first` is the preview's first page; once the office corrects the draft, pages are read again. */
export function useDraftTasks(
  id: string,
  page: number,
  pageSize: number,
  first: DraftTaskPage | undefined,
  doubtful = false,
) {
  return useDraftPage(id, 'tasks', page, pageSize, first, doubtful);
}

/** The draft changed: its preview (counts, units) and every page of its tasks are read again. */
function refreshDraft(queryClient: ReturnType<typeof useQueryClient>, id: string) {
  return queryClient.invalidateQueries({ queryKey: importKeys.one(id) });
}

/** A correction of the draft: edit, split, merge-with-next, delete, add. */
export function useCorrectDraft(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportCorrectionBody) =>
      request<ImportCorrectionResult>(`/imports/${encodeURIComponent(id)}/corrections`, { method: 'POST', body }),
    onSuccess: () => refreshDraft(queryClient, id),
  });
}

/** Undo the last correction (`undo`) or all of them (`reset`: what the parser read). */
export function useUndoCorrection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (what: 'undo' | 'reset') =>
      request<ImportCorrectionUndoResult>(`/imports/${encodeURIComponent(id)}/corrections/${what}`, {
        method: 'POST',
      }),
    onSuccess: () => refreshDraft(queryClient, id),
  });
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
