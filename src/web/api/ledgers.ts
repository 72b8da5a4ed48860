// 台账: each assignment's work ledger (measures, people, milestones, the district's share of the targets),
// submitted by the unit and returned or confirmed by the supervision office; the office's completeness view.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type {
  ItemList,
  Ledger,
  LedgerCompleteness,
  LocalTargetsBody,
  MilestoneBody,
  UpdateLedgerBody,
  UpdateMilestoneBody,
} from './types';

export const ledgerKeys = {
  all: ['ledgers'] as const,
  one: (assignmentId: string) => ['ledgers', 'one', assignmentId] as const,
  completeness: (planId: string | undefined) => ['ledgers', 'completeness', planId ?? ''] as const,
};

const ledgerPath = (assignmentId: string, rest = 'ledger') =>
  `/assignments/${encodeURIComponent(assignmentId)}/${rest}`;
const milestonePath = (id: string) => `/milestones/${encodeURIComponent(id)}`;

export const fetchLedger = (assignmentId: string, signal?: AbortSignal) =>
  request<Ledger>(ledgerPath(assignmentId), { signal });

export function useLedger(assignmentId: string | undefined) {
  return useQuery({
    queryKey: ledgerKeys.one(assignmentId ?? ''),
    queryFn: ({ signal }) => fetchLedger(assignmentId ?? '', signal),
    enabled: Boolean(assignmentId),
    meta: { inlineError: true },
  });
}

export function useLedgerCompleteness(planId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ledgerKeys.completeness(planId),
    queryFn: ({ signal }) =>
      request<ItemList<LedgerCompleteness>>('/ledgers/completeness', { query: { planId }, signal }),
    select: (data) => data.items,
    enabled,
  });
}

/** Every write answers the whole ledger: it replaces the cached one, and the office's counts go stale. */
function useLedgerWrite<V>(assignmentId: string, send: (variables: V) => Promise<Ledger>, inlineError = false) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    meta: { inlineError },
    onSuccess: (ledger) => {
      queryClient.setQueryData(ledgerKeys.one(assignmentId), ledger);
      void queryClient.invalidateQueries({ queryKey: ['ledgers', 'completeness'] });
    },
  });
}

/** The form's save: a stale version answers 409 `version_conflict`, shown inline by the form. */
export function useSaveLedger(assignmentId: string) {
  return useLedgerWrite(
    assignmentId,
    (body: UpdateLedgerBody) => request<Ledger>(ledgerPath(assignmentId), { method: 'PUT', body }),
    true,
  );
}

export function useAddMilestone(assignmentId: string) {
  return useLedgerWrite(assignmentId, (body: MilestoneBody) =>
    request<Ledger>(ledgerPath(assignmentId, 'milestones'), { method: 'POST', body }),
  );
}

export function useUpdateMilestone(assignmentId: string) {
  return useLedgerWrite(assignmentId, ({ id, ...body }: UpdateMilestoneBody & { id: string }) =>
    request<Ledger>(milestonePath(id), { method: 'PATCH', body }),
  );
}

export function useDeleteMilestone(assignmentId: string) {
  return useLedgerWrite(assignmentId, (id: string) => request<Ledger>(milestonePath(id), { method: 'DELETE' }));
}

export function useSaveLocalTargets(assignmentId: string) {
  return useLedgerWrite(assignmentId, (body: LocalTargetsBody) =>
    request<Ledger>(ledgerPath(assignmentId, 'local-targets'), { method: 'PUT', body }),
  );
}

export function useSubmitLedger(assignmentId: string) {
  return useLedgerWrite(assignmentId, () =>
    request<Ledger>(ledgerPath(assignmentId, 'ledger/submit'), { method: 'POST' }),
  );
}

export function useReturnLedger(assignmentId: string) {
  return useLedgerWrite(assignmentId, (reason: string) =>
    request<Ledger>(ledgerPath(assignmentId, 'ledger/return'), { method: 'POST', body: { reason } }),
  );
}

export function useConfirmLedger(assignmentId: string) {
  return useLedgerWrite(assignmentId, () =>
    request<Ledger>(ledgerPath(assignmentId, 'ledger/confirm'), { method: 'POST' }),
  );
}
