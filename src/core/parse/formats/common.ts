// What every notice reader shares: the errors a file may earn, and sheet rows turned into the text
// decode.ts produces for web-page and Word tables (one row per line, `cell | cell | cell`), so one structure
// reader (notice.ts) reads every format.

import { DubanError } from '../../errors.js';

export const encrypted = (what: string, en: string) =>
  new DubanError('file_encrypted', {
    zh: `${what}设有密码或已加密，无法读取。请取消密码保护后另存一份再上传。`,
    en: `The ${en} is password-protected or encrypted and cannot be read. Remove the password, save a copy and upload that.`,
  });

export const corrupt = (what: string, en: string, detail?: string) =>
  new DubanError(
    'file_corrupt',
    {
      zh: `${what}已损坏或格式不规范，无法读取。请用原程序打开后重新保存再上传。`,
      en: `The ${en} is damaged or malformed and cannot be read. Open it in the program that made it, save it again and upload that.`,
    },
    400,
    detail ? { detail: detail.slice(0, 200) } : undefined,
  );

export const emptyTable = () =>
  new DubanError('empty_table', {
    zh: '表格中没有任何内容：所有工作表都是空的。',
    en: 'The spreadsheet has no content: every sheet is empty.',
  });

export const tooManyCells = (limit: number) =>
  new DubanError(
    'too_many_cells',
    {
      zh: `文件中的单元格或文字块过多（上限 ${limit} 个），不像是一份任务分解表。请只保留分解表再上传。`,
      en: `The file has too many cells or text pieces (limit ${limit}); it does not look like a task table. Keep only the table and upload again.`,
    },
    413,
    { limit },
  );

/** A cell as one line of text: inner line breaks and runs of spaces become one space; `|` cannot split it. */
export function cellText(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\|/g, '｜').trim();
}

/**
 * Rows of one sheet (cells already merged as they should read) as lines. Rows before the first row with two
 * filled cells (titles, 附件N) are plain lines; from there on every row keeps all its columns, so a
 * section row reads `一、经济发展 |  | ` as a web page's does and columns stay aligned.
 */
export function rowsToLines(rows: readonly (readonly string[])[]): string[] {
  const width = Math.max(0, ...rows.map((r) => lastFilled(r) + 1));
  const out: string[] = [];
  let inTable = false;
  for (const row of rows) {
    const cells = Array.from({ length: width }, (_, k) => cellText(row[k] ?? ''));
    const filled = cells.filter((c) => c.length > 0);
    if (filled.length === 0) continue;
    if (!inTable && filled.length >= 2) inTable = true;
    out.push(inTable ? cells.join(' | ').trimEnd() : filled.join(' '));
  }
  return out;
}

function lastFilled(row: readonly string[]): number {
  for (let k = row.length - 1; k >= 0; k--) if ((row[k] ?? '').trim()) return k;
  return -1;
}

/**
 * Runs a reader's walk over a parsed file: a library that trips over a damaged file in a way it does not
 * report (a missing sheet, a bad record) gives file_corrupt, never an internal error.
 */
export async function guarded<T>(what: string, en: string, read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof DubanError) throw e;
    throw corrupt(what, en, String((e as Error)?.message ?? e));
  }
}
