// The audit log, for the administrator: a filtered, paged list (newest first), the same filters as a CSV
// download, and the hash chain's check. The contract is src/api/audit.ts, shared with the server.

import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { AuditFilter, AuditList, AuditQuery, AuditVerification } from '../../api/audit';
import { buildUrl, request } from './client';

export type { AuditEntry, AuditFilter, AuditQuery, AuditVerification } from '../../api/audit';

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
