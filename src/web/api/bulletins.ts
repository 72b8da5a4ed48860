// 通报 (bulletins): the office generates a draft for a period, words it (a version check on every save),
// refreshes its figures, numbers and publishes it; everyone reads what was published. Drafts stay with the
// office and the district leaders (the server answers 404 to anyone else). .docx and .xlsx are plain links.

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { buildUrl, request } from './client';
import type { Bulletin, BulletinApprover, BulletinSummary, ItemList, UpdateBulletinBody } from './types';

export const bulletinKeys = {
  all: ['bulletins'] as const,
  list: (planId: string | undefined) => ['bulletins', 'list', planId ?? 'all'] as const,
  one: (id: string) => ['bulletins', 'one', id] as const,
};

const bulletinPath = (id: string, rest = '') => `/bulletins/${encodeURIComponent(id)}${rest ? `/${rest}` : ''}`;

export function useBulletins(planId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: bulletinKeys.list(planId),
    queryFn: ({ signal }) => request<ItemList<BulletinSummary>>('/bulletins', { query: { planId }, signal }),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export const fetchBulletin = (id: string, signal?: AbortSignal) => request<Bulletin>(bulletinPath(id), { signal });

export function useBulletin(id: string) {
  return useQuery({
    queryKey: bulletinKeys.one(id),
    queryFn: ({ signal }) => fetchBulletin(id, signal),
    enabled: Boolean(id),
    // The page shows "not found" itself (a unit opening a draft's link).
    meta: { inlineError: true },
  });
}

/** Every write answers the whole bulletin: it replaces the cached one, and the lists go stale. */
function useBulletinWrite<V>(send: (variables: V) => Promise<Bulletin>, inlineError = true) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    meta: { inlineError },
    onSuccess: (bulletin) => {
      queryClient.setQueryData(bulletinKeys.one(bulletin.id), bulletin);
      void queryClient.invalidateQueries({ queryKey: ['bulletins', 'list'] });
    },
  });
}

/** 生成通报: a draft from the period's data, worded from the figures. */
export function useCreateBulletin() {
  return useBulletinWrite((body: { planId: string; periodId: string }) =>
    request<Bulletin>('/bulletins', { method: 'POST', body }),
  );
}

/** The editor's save: a stale version answers 409 `version_conflict`, a published one 409 `bulletin_published`. */
export function useSaveBulletin(id: string) {
  return useBulletinWrite((body: UpdateBulletinBody) => request<Bulletin>(bulletinPath(id), { method: 'PUT', body }));
}

/** 刷新数据: the figures as the data stands now; the office's wording is kept. */
export function useRegenerateBulletin(id: string) {
  return useBulletinWrite(() => request<Bulletin>(bulletinPath(id, 'regenerate'), { method: 'POST' }), false);
}

/** 发布: numbered once (409 `bulletin_number_taken` for a number in use), frozen, every unit notified. */
export function usePublishBulletin(id: string) {
  return useBulletinWrite((number: string) =>
    request<Bulletin>(bulletinPath(id, 'publish'), { method: 'POST', body: { number } }),
  );
}

/** Who a draft can go to for 签发: the district leaders and the office's other supervisors. */
export function useBulletinApprovers(enabled: boolean) {
  return useQuery({
    queryKey: ['bulletins', 'approvers'],
    queryFn: ({ signal }) => request<ItemList<BulletinApprover>>('/bulletins/approvers', { signal }),
    select: (data) => data.items,
    enabled,
  });
}

/** 提交签发: the approver's bell is told at once. */
export function useSubmitSignoff(id: string) {
  return useBulletinWrite((approverId: string) =>
    request<Bulletin>(bulletinPath(id, 'signoff'), { method: 'POST', body: { approverId } }),
  );
}

/** 签发 (approve) or 退回 with a reason, by the approver the draft waits for. */
export function useDecideSignoff(id: string) {
  return useBulletinWrite((reason: string | null) =>
    reason === null
      ? request<Bulletin>(bulletinPath(id, 'approve'), { method: 'POST' })
      : request<Bulletin>(bulletinPath(id, 'return'), { method: 'POST', body: { reason } }),
  );
}

/** 更正: a new draft referencing a published bulletin, which itself never changes. */
export function useCreateCorrection(id: string) {
  return useBulletinWrite((correction: string) =>
    request<Bulletin>(bulletinPath(id, 'corrections'), { method: 'POST', body: { correction } }),
  );
}

export const bulletinDocxUrl = (id: string) => buildUrl(bulletinPath(id, 'bulletin.docx'));
export const bulletinXlsxUrl = (id: string) => buildUrl(bulletinPath(id, 'bulletin.xlsx'));
