// Task tables flattened to text: rows as `序号 | 任务 | 分管领导 | 牵头单位 | 责任单位 | 完成时限`
// (web pages and .docx come out this way), or one cell per line under a header block.

import type { Line } from './text.js';
import type { AssignmentLevel, Role } from './types.js';
import { isDeadlineHeader, isLeaderHeader, roleOfHeader } from './units.js';

export type Column =
  | { kind: 'number' }
  | { kind: 'text' }
  | { kind: 'units'; role: Role; labelLevel: AssignmentLevel; label: string }
  | { kind: 'leaders' }
  | { kind: 'deadline' }
  | { kind: 'other' };

export interface TableHeader {
  layout: 'pipe' | 'lines';
  columns: Column[];
  numberColumn: number;
  /** Index of the first line after the header. */
  next: number;
}

const NUMBER_HEADERS = /^(?:序号|编号|序)$/;
const TEXT_HEADERS =
  /^(?:任务|工作任务|目标任务|重点任务|任务内容|工作内容|具体任务|主要任务|事项|工作事项|任务名称|重点工作|目标任务内容|具体工作|主要内容|工作目标)$/;
const OTHER_HEADERS = /^(?:备注|类别|指标|年度目标|目标值)$/;

function columnOf(cell: string): Column | null {
  const c = cell.replace(/\s+/g, '');
  if (NUMBER_HEADERS.test(c)) return { kind: 'number' };
  if (TEXT_HEADERS.test(c)) return { kind: 'text' };
  const role = roleOfHeader(c);
  if (role) return { kind: 'units', ...role, label: c };
  if (isLeaderHeader(c)) return { kind: 'leaders' };
  if (isDeadlineHeader(c)) return { kind: 'deadline' };
  if (OTHER_HEADERS.test(c)) return { kind: 'other' };
  return null;
}

/** Cells of a `|` row, raw and folded sliced at the same offsets. Outer empty cells are dropped. */
export function splitCells(line: Line): { raw: string; norm: string }[] {
  const cells: { raw: string; norm: string }[] = [];
  let at = 0;
  for (let i = 0; i <= line.norm.length; i++) {
    if (i === line.norm.length || line.norm[i] === '|') {
      cells.push({ raw: line.raw.slice(at, i).trim(), norm: line.norm.slice(at, i).trim() });
      at = i + 1;
    }
  }
  if (cells.length > 0 && (cells[0] as { norm: string }).norm === '') cells.shift();
  if (cells.length > 0 && (cells[cells.length - 1] as { norm: string }).norm === '') cells.pop();
  return cells;
}

function valid(columns: Column[]): boolean {
  return (
    columns.some((c) => c.kind === 'number') &&
    columns.some((c) => c.kind === 'text') &&
    columns.some((c) => c.kind === 'units' || c.kind === 'leaders')
  );
}

/** A task-table header starting at body[i], or null. */
export function readTableHeader(body: Line[], i: number): TableHeader | null {
  const line = body[i] as Line;
  // Asked of every line: most are neither a `|` row nor a short header cell.
  if (line.norm.length > 12 && !line.norm.includes('|')) return null;
  if (line.norm.includes('|')) {
    const columns = splitCells(line).map((c) => columnOf(c.norm));
    if (columns.some((c) => c === null)) return null;
    const cols = columns as Column[];
    if (!valid(cols)) return null;
    return { layout: 'pipe', columns: cols, numberColumn: cols.findIndex((c) => c.kind === 'number'), next: i + 1 };
  }
  if (columnOf(line.norm)?.kind !== 'number') return null;
  const cols: Column[] = [];
  let j = i;
  while (j < body.length && cols.length < 12) {
    const l = body[j] as Line;
    if (!l.norm) {
      j++;
      continue;
    }
    const col = columnOf(l.norm);
    if (!col) break;
    cols.push(col);
    j++;
  }
  if (cols.length < 3 || !valid(cols)) return null;
  return { layout: 'lines', columns: cols, numberColumn: cols.findIndex((c) => c.kind === 'number'), next: j };
}
