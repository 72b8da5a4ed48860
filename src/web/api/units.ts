import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UnitImportResult } from '../../api/unit-import';
import { buildUrl, request } from './client';
import type {
  CreateUnitBody,
  ItemList,
  MergeUnitBody,
  Unit,
  UnitGroup,
  UnitGroupBody,
  UnitListQuery,
  UpdateUnitBody,
} from './types';

export const unitKeys = {
  all: ['units'] as const,
  list: (query: UnitListQuery) => ['units', 'list', query] as const,
  groups: ['units', 'groups'] as const,
};

export function useUnits(query: UnitListQuery = {}, enabled = true) {
  return useQuery({
    queryKey: unitKeys.list(query),
    queryFn: ({ signal }) => request<ItemList<Unit>>('/units', { query: { ...query }, signal }),
    select: (data) => data.items,
    staleTime: 60_000,
    enabled,
  });
}

export function useUnitGroups(enabled = true) {
  return useQuery({
    queryKey: unitKeys.groups,
    queryFn: ({ signal }) => request<ItemList<UnitGroup>>('/unit-groups', { signal }),
    select: (data) => data.items,
    staleTime: 60_000,
    enabled,
  });
}

function useInvalidateUnits() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: unitKeys.all });
}

export function useCreateUnit() {
  const invalidate = useInvalidateUnits();
  return useMutation({
    mutationFn: (body: CreateUnitBody) => request<Unit>('/units', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateUnit() {
  const invalidate = useInvalidateUnits();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUnitBody }) =>
      request<Unit>(`/units/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useMergeUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: MergeUnitBody }) =>
      request<Unit>(`/units/${encodeURIComponent(id)}/merge`, { method: 'POST', body }),
    // Assignments moved to the target: task lists are stale too.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: unitKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      ]),
  });
}

export function useCreateUnitGroup() {
  const invalidate = useInvalidateUnits();
  return useMutation({
    mutationFn: (body: UnitGroupBody) => request<UnitGroup>('/unit-groups', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateUnitGroup() {
  const invalidate = useInvalidateUnits();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<UnitGroupBody> }) =>
      request<UnitGroup>(`/unit-groups/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

/** The unit directory template to fill in (单位名录模板.xlsx). */
export const unitTemplateUrl = (): string => buildUrl('/units/import-template.xlsx');

const unitImportForm = (file: File) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
};

/** Uploads the directory sheet for its per-row preview; nothing is written. Errors show in the import dialog. */
export function usePreviewUnitImport() {
  return useMutation({
    meta: { inlineError: true },
    mutationFn: (file: File) =>
      request<UnitImportResult>('/units/import', {
        method: 'POST',
        query: { dryRun: true },
        form: unitImportForm(file),
      }),
  });
}

/** Uploads the same sheet again to write it: every row or none. */
export function useApplyUnitImport() {
  const invalidate = useInvalidateUnits();
  return useMutation({
    meta: { inlineError: true },
    mutationFn: (file: File) =>
      request<UnitImportResult>('/units/import', { method: 'POST', form: unitImportForm(file) }),
    onSuccess: invalidate,
  });
}
