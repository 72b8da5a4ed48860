// The audit log (issue 7 §5), for the administrator: a filtered, paged list (newest first), the same filters
// as a CSV download, and the hash chain's check. The contract lives beside the route
// (src/server/routes/audit.ts, which the web does not import): these types mirror its zod schemas.

import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { buildUrl, request } from './client';

export interface AuditFilter {
  action?: string;
  /** A user id or a username. */
  user?: string;
  subjectType?: string;
  subjectId?: string;
  /** Calendar dates in China Standard Time, both inclusive. */
  from?: string;
  to?: string;
}

export interface AuditQuery extends AuditFilter {
  page: number;
  pageSize: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  user: { id: string; username: string; displayName: string } | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  details: unknown;
  prevHash: string | null;
  hash: string;
}

export interface AuditList {
  items: AuditEntry[];
  total: number;
}

export type AuditProblemReason = 'edited' | 'chain_broken' | 'anchor_missing' | 'anchor_mismatch';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  head: { id: number; hash: string; at: string } | null;
  anchor: { id: number; hash: string } | null;
  problem: { entryId: number; reason: AuditProblemReason; message: { zh: string; en: string } } | null;
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (query: AuditQuery) => ['audit', 'list', query] as const,
};

export function useAuditLog(query: AuditQuery) {
  return useQuery({
    queryKey: auditKeys.list(query),
    queryFn: ({ signal }) => request<AuditList>('/audit', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
    // A bad date range answers 400 with its reason: the page shows it beside the filters.
    meta: { inlineError: true },
  });
}

/** The same filters as CSV (UTF-8 with BOM, for Excel): a plain link, downloaded with the session cookie. */
export const auditCsvUrl = (filter: AuditFilter) => buildUrl('/audit/export.csv', { ...filter });

/** 校验哈希链: walks the whole chain; a mutation, so it runs when asked, not on every visit. */
export function useVerifyAudit() {
  return useMutation({
    mutationFn: () => request<AuditVerification>('/audit/verify'),
    meta: { inlineError: true },
  });
}
