// Excel workbooks the offices send around streamed by the server: plain links the browser
// downloads with the session cookie. A unit's download holds its own rows only (the server decides).

import { buildUrl } from './client';

export interface ExportScope {
  planId: string;
  /** 本期进展 and 状态 of this period; without one the progress columns stay empty. */
  periodId?: string | undefined;
}

/** 台账: one sheet per source in the offices' columns. */
export const ledgerXlsxUrl = (scope: ExportScope) => buildUrl('/exports/ledger.xlsx', { ...scope });

/** 最多报一次: province and city tasks, one sheet per city lead department. */
export const upwardXlsxUrl = (scope: ExportScope) => buildUrl('/exports/upward.xlsx', { ...scope });
