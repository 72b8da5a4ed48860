// 本期报送: a unit's submission for one reporting period (an item per assignment), autosaved item by item,
// sent for sign-off, signed by the unit's principal leader, then accepted or returned by the office.

import { type QueryKey, queryOptions, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, buildUrl, request } from './client';
import type {
  ActingSigner,
  ItemReportSave,
  Period,
  ReviewAcceptBody,
  ReviewQueue,
  ReviewReturnBody,
  Submission,
  UpdateItemReportBody,
} from './types';

export const submissionKeys = {
  all: ['submissions'] as const,
  /** A unit user's own submission (unitId '') or the office's read of one unit's submission. */
  ofPeriod: (periodId: string, unitId?: string) => ['submissions', 'period', periodId, unitId ?? ''] as const,
  one: (id: string) => ['submissions', 'one', id] as const,
  list: (periodId: string) => ['submissions', 'list', periodId] as const,
};

const periodPath = (periodId: string, rest: string) => `/periods/${encodeURIComponent(periodId)}/${rest}`;
const submissionPath = (id: string, rest = '') => `/submissions/${encodeURIComponent(id)}${rest ? `/${rest}` : ''}`;

export const fetchSubmission = (periodId: string, unitId?: string, signal?: AbortSignal) =>
  request<Submission>(periodPath(periodId, 'submission'), { query: { unitId }, signal });

/** Opening a unit's submission for the first time creates it (a draft pre-filled from the previous period). */
export const unitSubmissionQuery = (periodId: string, unitId?: string) =>
  queryOptions({
    queryKey: submissionKeys.ofPeriod(periodId, unitId),
    queryFn: ({ signal }) => fetchSubmission(periodId, unitId, signal),
    meta: { inlineError: true },
    retry: false,
  });

export function useUnitSubmission(periodId: string | undefined, unitId?: string) {
  return useQuery({ ...unitSubmissionQuery(periodId ?? '', unitId), enabled: Boolean(periodId) });
}

/** The unit's submission of each period (the leader's 待我签字); a locked period without one answers 409. */
export function usePeriodSubmissions(periods: readonly Period[]) {
  return useQueries({
    queries: periods.map((period) => ({
      queryKey: submissionKeys.ofPeriod(period.id),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchSubmission(period.id, undefined, signal),
      meta: { inlineError: true },
      retry: false,
    })),
  });
}

export function useSubmission(id: string | undefined) {
  return useQuery({
    queryKey: submissionKeys.one(id ?? ''),
    queryFn: ({ signal }) => request<Submission>(submissionPath(id ?? ''), { signal }),
    enabled: Boolean(id),
  });
}

/** The office's review queue for a period. */
export function useReviewQueue(periodId: string | undefined) {
  return useQuery({
    queryKey: submissionKeys.list(periodId ?? ''),
    queryFn: ({ signal }) => request<ReviewQueue>(periodPath(periodId ?? '', 'submissions'), { signal }),
    enabled: Boolean(periodId),
  });
}

/**
 * Every write answers the whole submission: it replaces the cached copy under `key` (the page's own query)
 * and under its id; the review queue goes stale.
 */
function useSubmissionWrite<V>(key: QueryKey, send: (variables: V) => Promise<Submission>, inlineError = false) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    meta: { inlineError },
    onSuccess: (submission) => {
      // A new state (sent, signed, returned…) shows in the period list beside its period.
      if (queryClient.getQueryData<Submission>(key)?.status !== submission.status) {
        void queryClient.invalidateQueries({ queryKey: ['periods'] });
      }
      queryClient.setQueryData(key, submission);
      queryClient.setQueryData(submissionKeys.one(submission.id), submission);
      void queryClient.invalidateQueries({ queryKey: ['submissions', 'list'] });
    },
  });
}

/**
 * A cached package with an item save merged in: the saved item in its place and the package's state beside it.
 * Answers of saves that overtook each other never move an item, or the package, back to an older version.
 */
export function mergeItemSave(pkg: Submission, saved: ItemReportSave): Submission {
  if (pkg.id !== saved.submission.id) return pkg;
  const newer = saved.submission.version >= pkg.version;
  return {
    ...pkg,
    ...(newer ? saved.submission : {}),
    items: pkg.items.map((i) => (i.id === saved.item.id && saved.item.version >= i.version ? saved.item : i)),
  };
}

/**
 * Autosave of one item: a stale version answers 409 `version_conflict`, shown on the item. The answer is the
 * saved item and the package's state (not the whole package), merged into the cached copies.
 */
export function useSaveItem(key: QueryKey) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateItemReportBody }) =>
      request<ItemReportSave>(`/item-reports/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    meta: { inlineError: true },
    onSuccess: (saved) => {
      // An edit withdraws a package from sign-off: the new state shows in the period list beside its period.
      if (queryClient.getQueryData<Submission>(key)?.status !== saved.submission.status) {
        void queryClient.invalidateQueries({ queryKey: ['periods'] });
      }
      const merge = (pkg: Submission | undefined) => (pkg ? mergeItemSave(pkg, saved) : pkg);
      queryClient.setQueryData<Submission>(key, merge);
      queryClient.setQueryData<Submission>(submissionKeys.one(saved.submission.id), merge);
      void queryClient.invalidateQueries({ queryKey: ['submissions', 'list'] });
    },
  });
}

/**
 * Send and sign carry one idempotency key per click, so a request whose answer was lost on a bad
 * connection (a leader signing on a phone) is retried safely: the server does the step at most once.
 */
async function stepOnce(id: string, action: 'send' | 'sign'): Promise<Submission> {
  // getRandomValues, not randomUUID: the latter is missing on plain-http intranet deployments.
  const idempotencyKey = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  for (let attempt = 1; ; attempt++) {
    try {
      return await request<Submission>(submissionPath(id, action), { method: 'POST', idempotencyKey });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'network') || attempt >= 3) throw e;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

export const useSendSubmission = (key: QueryKey) => useSubmissionWrite(key, (id: string) => stepOnce(id, 'send'));

export const useSignSubmission = (key: QueryKey) => useSubmissionWrite(key, (id: string) => stepOnce(id, 'sign'));

export const useLeaderReturn = (key: QueryKey) =>
  useSubmissionWrite(key, ({ id, comment }: { id: string; comment: string }) =>
    request<Submission>(submissionPath(id, 'leader-return'), { method: 'POST', body: { comment } }),
  );

/** 通过, with the office's 核实方式 of the items it names (none: a bare 通过). */
export const useAcceptSubmission = (key: QueryKey) =>
  useSubmissionWrite(key, ({ id, body }: { id: string; body: ReviewAcceptBody }) =>
    request<Submission>(submissionPath(id, 'accept'), { method: 'POST', body }),
  );

export const useReturnSubmission = (key: QueryKey) =>
  useSubmissionWrite(key, ({ id, body }: { id: string; body: ReviewReturnBody }) =>
    request<Submission>(submissionPath(id, 'return'), { method: 'POST', body }),
  );

/** 佐证材料: an upload to one item answers the whole submission (the item's version moves on). */
export const useUploadEvidence = (key: QueryKey) =>
  useSubmissionWrite(
    key,
    ({ itemId, file }: { itemId: string; file: File }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<Submission>(`/item-reports/${encodeURIComponent(itemId)}/evidence`, { method: 'POST', form });
    },
    true,
  );

export const useRemoveEvidence = (key: QueryKey) =>
  useSubmissionWrite(
    key,
    (evidenceId: string) => request<Submission>(`/evidence/${encodeURIComponent(evidenceId)}`, { method: 'DELETE' }),
    true,
  );

/** 最多报一次: attaches a file already uploaded to another item of the unit's packages, by reference (no upload). */
export const useReuseEvidence = (key: QueryKey) =>
  useSubmissionWrite(key, ({ itemId, evidenceId }: { itemId: string; evidenceId: string }) =>
    request<Submission>(`/item-reports/${encodeURIComponent(itemId)}/evidence/reuse`, {
      method: 'POST',
      body: { evidenceId },
    }),
  );

/** Evidence files are always downloads (the server sends them as attachments). */
export const evidenceUrl = (evidenceId: string) => buildUrl(`/evidence/${encodeURIComponent(evidenceId)}`);

// 代签: the unit leader names a colleague to sign the unit's submission for one period.
const actingSignerKey = (periodId: string) => ['submissions', 'acting-signer', periodId] as const;

export function useActingSigner(periodId: string, enabled: boolean) {
  return useQuery({
    queryKey: actingSignerKey(periodId),
    queryFn: ({ signal }) => request<ActingSigner>(periodPath(periodId, 'acting-signer'), { signal }),
    enabled,
  });
}

export function useSetActingSigner(periodId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string | null) =>
      request<ActingSigner>(
        periodPath(periodId, 'acting-signer'),
        userId ? { method: 'PUT', body: { userId } } : { method: 'DELETE' },
      ),
    // The submission carries the acting signer's name and the sign ability.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: submissionKeys.all }),
  });
}
