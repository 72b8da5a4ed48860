// .xlsx through exceljs, cell by cell. The caller has already checked the zip against NOTICE_LIMITS
// (src/core/office.ts), so loading cannot expand a bomb; the cell count is bounded here. Merged cells read as
// offices mean them: a merged cell spanning rows (a 牵头单位 shared by several tasks) applies to every row it
// spans; one spanning columns (a section row across the table) is written once, the columns it covers empty.

import ExcelJS from 'exceljs';
import { NOTICE_LIMITS } from '../../limits.js';
import { corrupt, emptyTable, rowsToLines, tooManyCells } from './common.js';

/** A1-style range → 1-based bounds. */
function rangeOf(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref.replace(/\$/g, '').toUpperCase());
  if (!m) return null;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const top = Number(m[2]);
  const left = col(m[1] as string);
  return { top, left, bottom: m[4] ? Number(m[4]) : top, right: m[3] ? col(m[3]) : left };
}

function textOf(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  try {
    return cell.text ?? '';
  } catch {
    return String(v);
  }
}

type Merge = { top: number; left: number; bottom: number; right: number };

/**
 * A sheet's grid (0-based rows of 0-based cells) with its merges (0-based) as `cell | cell` lines: a value merged down
 * several rows stands in each row, one merged across columns once with the others empty. Implausible merges (a
 * damaged file's) are ignored rather than filled.
 */
export function sheetLines(grid: string[][], merges: readonly Merge[]): string[] {
  for (const m of merges) {
    if (m.bottom - m.top > 10_000 || m.right - m.left > 256) continue;
    const value = grid[m.top]?.[m.left] ?? '';
    for (let r = m.top; r <= m.bottom; r++) {
      const row = grid[r] ?? [];
      grid[r] = row;
      for (let c = m.left; c <= m.right; c++) row[c] = c === m.left ? value : '';
    }
  }
  return rowsToLines(Array.from(grid, (r) => Array.from(r ?? [], (c) => c ?? '')));
}

export async function readXlsx(bytes: Uint8Array): Promise<string> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw corrupt('Excel 表格（.xlsx）', 'Excel workbook (.xlsx)', String((e as Error)?.message ?? e));
  }
  const out: string[] = [];
  let cells = 0;
  let any = false;
  for (const ws of wb.worksheets.slice(0, NOTICE_LIMITS.maxSheets)) {
    const grid: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const line: string[] = [];
      grid[r - 1] = line;
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (++cells > NOTICE_LIMITS.maxCells) throw tooManyCells(NOTICE_LIMITS.maxCells);
        // A merged cell's others answer with its value: only the master's own value is kept here.
        line[c - 1] = cell.isMerged && cell.master !== cell ? '' : textOf(cell);
      });
    });
    const merges = (ws.model.merges ?? [])
      .map(rangeOf)
      .filter((m) => m !== null)
      .map((m) => ({ top: m.top - 1, left: m.left - 1, bottom: m.bottom - 1, right: m.right - 1 }));
    const lines = sheetLines(grid, merges);
    if (lines.length === 0) continue;
    any = true;
    out.push(...lines, '');
  }
  if (!any) throw emptyTable();
  return out.join('\n');
}
