// Task tables flattened to text, as web pages, Word, spreadsheets and PDFs give them: rows as
// `序号 | 任务 | 分管领导 | 牵头单位 | 责任单位 | 完成时限`, or one cell per line under a header block
// (with ` |` at line ends and blank lines between cells, or not). The header is found by its words;
// each row's cells go to the header's columns by position when they fit, by what they look like
// when they do not (a dropped empty cell, a wrapped cell, a missing 序号) — and such a row is
// marked 'medium'. Reading rules: docs/decisions/0003-parser-reading-rules.md.

import { attachmentMarker } from './document.js';
import { markerOf, RANK } from './markers.js';
import type { Line } from './text.js';
import type { AssignmentLevel, Role, WarningCode } from './types.js';
import {
  cleanUnitName,
  DEADLINE_RE,
  findNotes,
  isCollective,
  isDeadlineHeader,
  isLabelLine,
  isLeaderHeader,
  looksLikeUnit,
  type Note,
  parseLabelledNote,
  roleOfHeader,
  splitList,
} from './units.js';

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
  /** Header cells not recognised (read as ignored columns): the header was partly inferred. */
  unknown: string[];
  /** No header at all: the columns were read from what the cells look like. */
  inferred: boolean;
}

/** What a table row fills in: the task builder of notice.ts. */
export interface TableTask {
  addText(raw: string, norm: string, line: number): void;
  applyNote(note: Note, line: number, clause: number): void;
  leaders: string[];
  deadline: string | null;
  /** Cells placed by what they look like, not by position. */
  inferred: boolean;
}

/** How the table reader hands its rows to the structure reader. */
export interface TableSink {
  /** A new task row; `first` is the table's first row (its number starts the sequence, e.g. at 80). */
  row(number: string | null, line: number, first: boolean): TableTask;
  heading(rank: number, text: string): void;
  warn(code: WarningCode, line: number, params: Record<string, string | number>): void;
}

const NUMBER_HEADERS = /^(?:序号|编号|序|No\.?)$/i;
const TEXT_HEADERS =
  /^(?:任务|工作任务|目标任务|重点任务|任务内容|工作内容|具体任务|主要任务|事项|工作事项|任务名称|重点工作|重点工作任务|目标任务内容|具体工作|主要内容|工作目标|工作任务及目标|目标任务及措施|主要目标任务|重点工作内容|任务事项)$/;
const OTHER_HEADERS =
  /^(?:备注|类别|指标|年度目标|目标值|进展情况|工作进展|进展|完成情况|推进情况|进度|名称|项目名称|指标名称|工作措施|具体措施|推进措施|责任科室|联系人|联系电话)$/;

/** Header cells: white space inside words dropped (`重 点 工 作 任 务`), `部门` read as `单位`. */
function headerWord(cell: string): string {
  return cell.replace(/[\s|]+/g, '').replace(/[:：]$/, '');
}

function columnOf(cell: string): Column | null {
  const c = headerWord(cell);
  if (c.length === 0 || c.length > 12) return null;
  if (NUMBER_HEADERS.test(c)) return { kind: 'number' };
  if (TEXT_HEADERS.test(c)) return { kind: 'text' };
  const unitWord = c.replace(/部门$/, '单位');
  const role = roleOfHeader(unitWord);
  if (role) return { kind: 'units', ...role, label: c };
  if (isLeaderHeader(c) || /^(?:分管|牵头|责任|联系|包保)?(?:省|市|区|县)?级?领导(?:同志)?$/.test(c)) {
    return { kind: 'leaders' };
  }
  if (isDeadlineHeader(c) || /^(?:完成|办结)(?:时限|时间|期限)$/.test(c)) return { kind: 'deadline' };
  if (OTHER_HEADERS.test(c)) return { kind: 'other' };
  // 民生实事, 项目内容, 年度重点任务: a short header naming what is to be done.
  if (c.length <= 8 && /(?:任务|工作|事项|实事|内容|项目)$/.test(c)) return { kind: 'text' };
  return null;
}

interface Cell {
  raw: string;
  norm: string;
  line: number;
}

/** Cells of a `|` row, raw and folded sliced at the same offsets. Outer empty cells are dropped. */
export function splitCells(line: Line): { raw: string; norm: string }[] {
  const cells = allCells(line);
  if (cells.length > 0 && (cells[0] as Cell).norm === '') cells.shift();
  if (cells.length > 0 && (cells[cells.length - 1] as Cell).norm === '') cells.pop();
  return cells;
}

/** A row of cells: `|` between them, or tabs (a spreadsheet pasted as text). */
function hasCells(norm: string): boolean {
  return norm.includes('|') || norm.includes('\t');
}

/** Every cell of a `|` row, empty ones included. */
function allCells(line: Line): Cell[] {
  const cells: Cell[] = [];
  let at = 0;
  for (let i = 0; i <= line.norm.length; i++) {
    if (i === line.norm.length || line.norm[i] === '|' || line.norm[i] === '\t') {
      cells.push({ raw: line.raw.slice(at, i).trim(), norm: line.norm.slice(at, i).trim(), line: line.no });
      at = i + 1;
    }
  }
  return cells;
}

function valid(columns: Column[]): boolean {
  return columns.some((c) => c.kind === 'text') && columns.some((c) => c.kind === 'units' || c.kind === 'leaders');
}

function header(layout: TableHeader['layout'], columns: Column[], next: number, unknown: string[]): TableHeader {
  return {
    layout,
    columns,
    numberColumn: columns.findIndex((c) => c.kind === 'number'),
    next,
    unknown,
    inferred: false,
  };
}

/** A task-table header starting at body[i] (printed, or inferred for a block of rows without one), or null. */
export function readTableHeader(body: Line[], i: number): TableHeader | null {
  return printedHeader(body, i) ?? inferHeader(body, i);
}

/** A header row (or block of header cells) printed at body[i], or null. */
function printedHeader(body: Line[], i: number): TableHeader | null {
  const line = body[i] as Line;
  // Asked of every line: most are neither a `|` row nor a short header cell.
  const hasPipe = hasCells(line.norm);
  if (!hasPipe && line.norm.length > 16) return null;
  const cells = hasPipe ? splitCells(line) : [{ raw: line.raw, norm: line.norm }];
  if (cells.length >= 3) {
    const unknown: string[] = [];
    let cols = cells.map((cell) => {
      const col = columnOf(cell.norm);
      if (col) return col;
      if (!GROUP_HEADERS.test(headerWord(cell.norm))) unknown.push(cell.raw);
      return { kind: 'other' } as Column;
    });
    // Unrecognised cells are tolerated as ignored columns only when short and few.
    if (unknown.some((u) => u.length > 10) || unknown.length * 3 > cols.length) return null;
    let next = i + 1;
    const sub = subHeader(body, next, cols);
    if (sub) {
      cols = sub.columns;
      next = sub.next;
    }
    if (!valid(cols)) return null;
    return header('pipe', cols, next, unknown);
  }
  if (cells.length !== 1) return null;
  const firstCol = columnOf((cells[0] as { norm: string }).norm);
  if (firstCol?.kind !== 'number' && firstCol?.kind !== 'text') return null;
  const cols: Column[] = [];
  let j = i;
  while (j < body.length && cols.length < 12) {
    const l = body[j] as Line;
    if (!l.norm || /^\|+$/.test(l.norm)) {
      j++;
      continue;
    }
    const lineCells = hasCells(l.norm) ? splitCells(l) : [{ raw: l.raw, norm: l.norm }];
    if (lineCells.length !== 1) break;
    const col = columnOf((lineCells[0] as { norm: string }).norm);
    if (!col) break;
    cols.push(col);
    j++;
  }
  if (cols.length < 3 || !valid(cols)) return null;
  // 责任单位 over 牵头单位 and 配合单位 (a two-row header, flattened): the group heading is no column.
  const grouped = cols.filter((c, k) => !(c.kind === 'units' && c.role === 'responsible' && isLead(cols[k + 1])));
  return header('lines', grouped, j, []);
}

const GROUP_HEADERS = /^(?:责任分工|任务分工|分工|责任主体|责任单位及领导|责任领导及单位|责任单位及责任人)$/;

function isLead(col: Column | undefined): boolean {
  return col?.kind === 'units' && col.role === 'lead';
}

/**
 * The second row of a two-row header (`序号 | 任务 | 责任单位 | 完成时限` over `牵头单位 | 配合单位`): its
 * cells take the place of the group cell above them, or of every cell when the row is as wide
 * (spreadsheets repeat merged header cells).
 */
function subHeader(body: Line[], at: number, cols: Column[]): { columns: Column[]; next: number } | null {
  let j = at;
  while (j < body.length && !(body[j] as Line).norm) j++;
  const line = body[j];
  if (!(line && hasCells(line.norm))) return null;
  const subCols = splitCells(line).map((c) => columnOf(c.norm));
  if (subCols.length < 2 || subCols.some((c) => c === null)) return null;
  const sub = subCols as Column[];
  if (!sub.some((c) => c.kind === 'units' || c.kind === 'leaders')) return null;
  if (sub.length === cols.length) {
    return {
      columns: cols.map((c, k) => (c.kind === 'other' || c.kind === 'units' ? (sub[k] as Column) : c)),
      next: j + 1,
    };
  }
  const group = cols.findIndex((c) => c.kind === 'other' || (c.kind === 'units' && c.role === 'responsible'));
  if (group < 0 || sub.length >= cols.length) return null;
  return { columns: [...cols.slice(0, group), ...sub, ...cols.slice(group + 1)], next: j + 1 };
}

// ---- What a cell looks like ----

type Kind = 'num' | 'label' | 'empty' | 'deadline' | 'unit' | 'person' | 'text';

const TITLE_RE = /(?:省长|市长|区长|县长|镇长|书记|主任|秘书长|部长|主席|组长|常委|同志)$/;
const DEADLINE_CELL_RE = /^(?:长期|持续|常态|全年|年内|每年|每季|每月|\d{4}年)|^[^,，。;；]{1,8}(?:前|底|末|内)$/;

/** `省牵头单位：…` is `省级牵头单位：…`. */
function withLevelWord(norm: string): string {
  return norm.replace(/^(省|市|区|县)(?!级)(?=(?:牵头|责任|主办|主责|配合|协办))/, '$1级');
}

function isUnitName(name: string): boolean {
  if (TITLE_RE.test(name) || /\d/.test(name)) return false;
  return (
    looksLikeUnit(name) ||
    isCollective(name) ||
    (/^(?:省|市|区|县|团[省市区县]委)/.test(name) && name.length >= 3 && name.length <= 24)
  );
}

function kindOf(norm: string): Kind {
  const s = norm.replace(/\s+/g, '');
  if (s === '' || /^(?:[—\-－/／]+|无)$/.test(s)) return 'empty';
  if (/^\d{1,5}$/.test(s)) return 'num';
  if (isLabelLine(withLevelWord(s))) return 'label';
  if (s.length <= 20 && (DEADLINE_CELL_RE.test(s) || DEADLINE_RE.test(s)) && !/[。;]/.test(s)) return 'deadline';
  const items = splitList(norm)
    .map(cleanUnitName)
    .filter((n) => n.length > 0);
  if (items.length > 0 && items.every(isUnitName)) return 'unit';
  if (!/[^\u4e00-\u9fa5·、,]/.test(s) && (s.length <= 12 || items.every((n) => TITLE_RE.test(n)))) return 'person';
  return 'text';
}

function fits(col: Column, kind: Kind, norm: string): boolean {
  switch (col.kind) {
    case 'number':
      return kind === 'num';
    case 'text':
      return kind !== 'num' && kind !== 'label' && kind !== 'empty';
    case 'units':
      return kind === 'unit' || kind === 'empty';
    case 'leaders':
      return kind === 'person' || kind === 'empty';
    case 'deadline':
      return kind === 'deadline' || kind === 'empty' || (kind === 'text' && norm.length <= 10 && !/\d/.test(norm));
    case 'other':
      return kind === 'text' || kind === 'person' || kind === 'empty';
  }
}

/** Cells (the number taken out) placed column by column when every cell fits its place, else null. */
function byPosition(cells: Cell[], columns: Column[]): Cell[][] | null {
  const cols = columns.map((c, k) => ({ c, k })).filter(({ c }) => c.kind !== 'number');
  if (cells.length > cols.length || cells.length === 0) return null;
  // Empty cells at the row's end are lost when a line is trimmed: they are still empty cells.
  const line = (cells[0] as Cell).line;
  cells = [...cells, ...Array.from({ length: cols.length - cells.length }, () => ({ raw: '', norm: '', line }))];
  const out: Cell[][] = columns.map(() => []);
  for (let n = 0; n < cells.length; n++) {
    const cell = cells[n] as Cell;
    const { c, k } = cols[n] as { c: Column; k: number };
    if (!fits(c, kindOf(cell.norm), cell.norm)) return null;
    out[k]?.push(cell);
  }
  return out;
}

/** Text cut mid-sentence (`…20个，`): the next cell goes on with it. */
function unfinished(cells: Cell[] | undefined): boolean {
  const last = cells?.[cells.length - 1];
  return last !== undefined && /[,、(“"]$/.test(last.norm);
}

/**
 * Cells placed by what they look like: each goes to the next column after the last placed one that
 * can hold it; a text cell right after the task text is the text wrapped onto another line.
 */
function byContent(cells: Cell[], columns: Column[]): Cell[][] {
  const out: Cell[][] = columns.map(() => []);
  const textCol = columns.findIndex((c) => c.kind === 'text');
  let pos = -1;
  for (const cell of cells) {
    const kind = kindOf(cell.norm);
    if (kind === 'empty') continue;
    const cur = columns[pos];
    if (cur?.kind === 'text' && (unfinished(out[pos]) || (kind === 'text' && columns[pos + 1]?.kind !== 'other'))) {
      out[pos]?.push(cell);
      continue;
    }
    let j = pos + 1;
    while (j < columns.length && !fits(columns[j] as Column, kind, cell.norm)) j++;
    if (j < columns.length) {
      out[j]?.push(cell);
      pos = j;
    } else if (cur && fits(cur, kind, cell.norm)) out[pos]?.push(cell);
    else if (textCol >= 0) out[textCol]?.push(cell);
  }
  return out;
}

// ---- Persons in leader cells ----

function chunks(s: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += n) out.push(s.slice(i, i + n));
  return out;
}

/**
 * Leader cells as persons. Tables pad two-character names to three with a space (`陆 明`), so
 * names run together read `陆 明俞 悦`: a single character before a space is the first half of a
 * two-character name, three characters without a space are one name.
 */
export function splitPersons(norm: string): string[] {
  const out: string[] = [];
  for (const part of norm.split(/[、,，;；/]+/)) {
    const p = part.trim();
    if (!p) continue;
    const tokens = p.split(/\s+/);
    if (/[^\u4e00-\u9fa5\s·]/.test(p) || TITLE_RE.test(p.replace(/\s+/g, ''))) {
      if (tokens.length > 1 && tokens.every((t) => TITLE_RE.test(t))) out.push(...tokens);
      else out.push(p.replace(/\s+/g, ''));
      continue;
    }
    let carry = '';
    tokens.forEach((t, idx) => {
      let rest = t;
      if (carry) {
        out.push(carry + rest.slice(0, 1));
        rest = rest.slice(1);
        carry = '';
      }
      if (!rest) return;
      const last = idx === tokens.length - 1;
      if (!last && rest.length % 3 === 1) {
        out.push(...chunks(rest.slice(0, -1), 3));
        carry = rest.slice(-1);
      } else if (rest.length % 3 === 0) out.push(...chunks(rest, 3));
      else out.push(rest);
    });
    if (carry) out.push(carry);
  }
  return out;
}

// ---- Rows ----

const LEVEL_WORD: Record<string, string> = { province: '省级', city: '市级', district: '区级', county: '县级' };
const ROLE_WORD: Record<Role, string> = { lead: '牵头单位', responsible: '责任单位', co: '配合单位' };

const MARKED_LEAD_RE = /([^、,;\s()]+)\((?:牵头|牵头单位)\)/g;

/** A unit cell read by the unit-note reader, as if it were the note `牵头单位：<cell>`. */
function unitNote(col: Extract<Column, { kind: 'units' }>, norm: string): Note | null {
  const level = col.labelLevel ? LEVEL_WORD[col.labelLevel] : '';
  const label = `${level}${ROLE_WORD[col.role]}`;
  // `区发改局（牵头）、区财政局` in a unit column: the marked unit leads, the others keep the column's role.
  const leads: string[] = [];
  const rest = norm.replace(MARKED_LEAD_RE, (_, unit: string) => {
    leads.push(unit);
    return '';
  });
  const others = /[^、,;\s]/.test(rest) ? `;${label}:${rest}` : '';
  const text = leads.length > 0 ? `${level}牵头单位:${leads.join('、')}${others}` : `${label}:${norm}`;
  const note = parseLabelledNote(text);
  if (!note) return null;
  for (const u of note.units) u.label = col.label;
  return note;
}

/** A cell standing for a heading row (a merged cell spanning the table): its rank, or null. */
function headingRank(norm: string): number | null {
  if (norm.length > 50 || /[。;]$/.test(norm)) return null;
  const m = markerOf(norm);
  if (m && (m.style === 'part' || m.style === 'cnDun' || m.style === 'cnParen')) return RANK[m.style];
  if (/牵头(?:的)?(?:重点)?(?:工作|任务)$/.test(norm)) return RANK.cnDun;
  return null;
}

function fill(task: TableTask, columns: Column[], placed: Cell[][], labels: Cell[]): void {
  columns.forEach((col, k) => {
    const cells = (placed[k] ?? []).filter((c) => kindOf(c.norm) !== 'empty');
    if (cells.length === 0) return;
    const line = (cells[0] as Cell).line;
    if (col.kind === 'text') for (const c of cells) task.addText(c.raw, c.norm, c.line);
    else if (col.kind === 'units') {
      // `市农业农村局（省牵头单位：省农业农村厅）`: a labelled note inside a unit cell is read as such.
      let norm = cells.map((c) => c.norm).join('、');
      const { spans } = findNotes(norm);
      for (const span of spans.reverse()) {
        task.applyNote(span.note, line, 0);
        norm = norm.slice(0, span.start) + norm.slice(span.end);
      }
      const note = unitNote(col, norm);
      if (note) task.applyNote(note, line, 0);
    } else if (col.kind === 'leaders') {
      for (const c of cells) task.leaders.push(...splitPersons(c.norm));
    } else if (col.kind === 'deadline') task.deadline ??= cells.map((c) => c.raw).join('');
  });
  for (const c of labels) {
    const note = parseLabelledNote(withLevelWord(c.norm));
    if (note) task.applyNote(note, c.line, 0);
  }
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function nextContent(body: Line[], i: number): Line | null {
  for (let j = i; j < body.length; j++) if ((body[j] as Line).norm) return body[j] as Line;
  return null;
}

function nextIndex(body: Line[], i: number): number {
  let j = i;
  while (j < body.length && !(body[j] as Line).norm) j++;
  return j;
}

/** Where the table stops: another attachment, another header. */
function endsTable(body: Line[], i: number): boolean {
  const line = body[i] as Line;
  return attachmentMarker(line.norm) !== null || printedHeader(body, i) !== null;
}

class RowWriter {
  last: TableTask | null = null;
  lastHadNumber = false;
  rows = 0;

  constructor(
    private readonly header: TableHeader,
    private readonly sink: TableSink,
  ) {}

  /** One row's cells (labels taken out) → a task. */
  write(number: string | null, cells: Cell[], line: number): void {
    const labels = cells.filter((c) => kindOf(c.norm) === 'label');
    const rest = cells.filter((c) => kindOf(c.norm) !== 'label');
    const cols = this.header.columns;
    const positional = byPosition(rest, cols);
    const task = this.sink.row(number, line, this.rows === 0);
    this.rows++;
    if (this.header.inferred) task.inferred = true;
    if (positional) fill(task, cols, positional, labels);
    else {
      task.inferred = true;
      this.sink.warn('table_row_inferred', line, { text: clip(rest.map((c) => c.raw).join(' | ')) });
      fill(task, cols, byContent(rest, cols), labels);
    }
    this.last = task;
    this.lastHadNumber = number !== null;
  }

  /** A label on a row of its own (`省牵头单位：省农业农村厅`): it belongs to the task above. */
  label(cell: Cell): void {
    const note = parseLabelledNote(withLevelWord(cell.norm));
    if (this.last && note) this.last.applyNote(note, cell.line, 0);
    else this.sink.warn('unit_note_without_task', cell.line, { text: clip(cell.raw) });
  }
}

/** Reads the rows under `header`; returns the index of the first line after the table. */
export function readTable(body: Line[], header: TableHeader, sink: TableSink): number {
  if (header.unknown.length > 0) {
    sink.warn('table_header_inferred', (body[header.next - 1] as Line).no, { cells: header.unknown.join('、') });
  }
  if (header.inferred) {
    const names: Record<Column['kind'], string> = {
      number: '序号',
      text: '任务',
      units: '',
      leaders: '责任领导',
      deadline: '完成时限',
      other: '—',
    };
    const cells = header.columns.map((c) => (c.kind === 'units' ? c.label : names[c.kind])).join(' | ');
    sink.warn('table_header_inferred', (body[header.next] as Line).no, { cells, none: 1 });
  }
  return header.layout === 'pipe' ? readPipeRows(body, header, sink) : readLineCells(body, header, sink);
}

function readPipeRows(body: Line[], header: TableHeader, sink: TableSink): number {
  const width = header.columns.length;
  const textCol = header.columns.findIndex((c) => c.kind === 'text');
  const writer = new RowWriter(header, sink);
  let i = header.next;
  while (i < body.length) {
    const line = body[i] as Line;
    if (!line.norm || /^[|\s-]+$/.test(line.norm)) {
      i++;
      continue;
    }
    if (endsTable(body, i)) return i;
    if (!hasCells(line.norm)) {
      // A line without cells stays in the table only between two rows: a merged heading cell, a
      // label, or the task text wrapped out of its cell.
      const after = nextIndex(body, i + 1);
      const next = nextContent(body, i + 1);
      if (!(next && hasCells(next.norm)) || printedHeader(body, after) !== null) return i;
      const cell: Cell = { raw: line.raw, norm: line.norm, line: line.no };
      const rank = headingRank(line.norm);
      if (kindOf(line.norm) === 'label') writer.label(cell);
      else if (rank !== null || !writer.last || /^[\u4e00-\u9fa5]{2,12}$/.test(line.norm)) {
        sink.heading(rank ?? RANK.cnDun, line.raw);
      } else writer.last.addText(line.raw, line.norm, line.no);
      i++;
      continue;
    }
    i++;
    let cells = allCells(line);
    // Border pipes (`| a | b |`) add empty outer cells.
    if (cells.length > width && (cells[0] as Cell).norm === '') cells = cells.slice(1);
    if (cells.length > width && (cells[cells.length - 1] as Cell).norm === '') cells = cells.slice(0, -1);
    let filled = cells.filter((c) => c.norm.length > 0);
    if (filled.length === 0) continue;
    // A merged cell a spreadsheet reader filled into every column it spans: one cell.
    if (filled.length > 1 && filled.every((c) => c.norm === (filled[0] as Cell).norm)) filled = filled.slice(0, 1);
    const numberCell = header.numberColumn >= 0 ? cells[header.numberColumn] : undefined;
    if (
      numberCell?.norm === '' &&
      cells.length === width &&
      writer.last &&
      writer.lastHadNumber &&
      header.columns.every((c, k) => c.kind === 'text' || c.kind === 'other' || !(cells[k] as Cell).norm) &&
      headingRank((cells[textCol] as Cell).norm) === null
    ) {
      // The number cell is empty and only text continues: the row above, wrapped onto a second row.
      const wrapped = cells[textCol] as Cell;
      if (wrapped.norm) writer.last.addText(wrapped.raw, wrapped.norm, wrapped.line);
      continue;
    }
    if (filled.length === 1 && kindOf((filled[0] as Cell).norm) !== 'num') {
      const only = filled[0] as Cell;
      const rank = headingRank(only.norm);
      if (kindOf(only.norm) === 'label') writer.label(only);
      else if (rank !== null || (only.norm.length <= 30 && (only !== cells[textCol] || !/\d/.test(only.norm)))) {
        sink.heading(rank ?? RANK.cnDun, only.raw);
        continue;
      } else if (only !== cells[textCol] && writer.last) {
        writer.last.addText(only.raw, only.norm, only.line);
        continue;
      }
      // Only the task text, with a figure in it: a task whose other cells are empty.
    }
    let number: Cell | undefined;
    let rest: Cell[];
    if (numberCell && cells.length === width && (numberCell.norm === '' || kindOf(numberCell.norm) === 'num')) {
      number = numberCell.norm ? numberCell : undefined;
      rest = cells.filter((c) => c !== numberCell);
    } else {
      // Misaligned: a number among the first cells is still the row's number.
      number = cells.slice(0, 2).find((c) => kindOf(c.norm) === 'num');
      rest = cells.filter((c) => c !== number);
    }
    writer.write(number ? number.norm : null, rest, line.no);
  }
  return i;
}

function readLineCells(body: Line[], header: TableHeader, sink: TableSink): number {
  const cols = header.columns;
  const hasNumberCol = header.numberColumn >= 0;
  const writer = new RowWriter(header, sink);
  let number: string | null = null;
  let cells: Cell[] = [];
  let rowLine = 0;
  let pos = -1;
  const emit = () => {
    if (number !== null || cells.length > 0) writer.write(number, cells, rowLine);
    number = null;
    cells = [];
    pos = -1;
  };
  const textCol = cols.findIndex((col) => col.kind === 'text');
  const rowWidth = cols.length - (hasNumberCol ? 1 : 0);
  /** The notice goes on after the table (a signature, a date, a paragraph): no row starts like that. */
  const startsNoRow = (kind: Kind) => writer.rows > 0 && kind !== 'text' && kind !== 'person';
  let i = header.next;
  rows: for (; i < body.length; i++) {
    const line = body[i] as Line;
    if (!line.norm || /^\|+$/.test(line.norm)) continue;
    if (endsTable(body, i)) break;
    for (const cell of hasCells(line.norm) ? allCells(line).filter((c) => c.norm) : [{ ...line, line: line.no }]) {
      const c: Cell = { raw: cell.raw, norm: cell.norm, line: line.no };
      const kind = kindOf(c.norm);
      const rank = headingRank(c.norm);
      if (rank !== null) {
        emit();
        sink.heading(rank, c.raw);
        continue;
      }
      if (kind === 'num' && hasNumberCol) {
        emit();
        number = c.norm;
        rowLine = c.line;
        pos = header.numberColumn;
        continue;
      }
      if (kind === 'label') {
        if (number === null && cells.length === 0) writer.label(c);
        else cells.push(c);
        continue;
      }
      if (number === null && cells.length === 0) {
        if (startsNoRow(kind)) break rows;
        rowLine = c.line;
        cells.push(c);
        pos = textCol;
        continue;
      }
      // Where does this cell go? Past the row's last column, a row without a number begins.
      let j = pos + 1;
      const wraps =
        cols[pos]?.kind === 'text' && (unfinished(cells) || (kind === 'text' && cols[pos + 1]?.kind !== 'other'));
      while (!wraps && j < cols.length && !fits(cols[j] as Column, kind, c.norm)) j++;
      if (!wraps && j >= cols.length) {
        const complete = cells.filter((x) => kindOf(x.norm) !== 'label').length >= rowWidth - 1;
        if (number !== null && complete) break rows;
        if (number === null) {
          emit();
          if (startsNoRow(kind)) break rows;
          rowLine = c.line;
          cells.push(c);
          pos = textCol;
          continue;
        }
      }
      cells.push(c);
      if (!wraps && j < cols.length) pos = j;
    }
  }
  emit();
  return i;
}

/**
 * A block of `|` rows with no header (an excerpt, a continuation page): at least two numbered rows of
 * one width whose cells show a task and units. Unit columns without a header: the first leads.
 */
function inferHeader(body: Line[], i: number): TableHeader | null {
  const line = body[i] as Line;
  if (!hasCells(line.norm)) return null;
  for (let j = i - 1; j >= 0; j--) {
    const prev = body[j] as Line;
    if (!prev.norm) continue;
    if (hasCells(prev.norm)) return null; // only where a block starts
    break;
  }
  const rows: Cell[][] = [];
  for (let j = i; j < body.length && rows.length < 8; j++) {
    const l = body[j] as Line;
    if (!l.norm) continue;
    if (!hasCells(l.norm)) break;
    rows.push(splitCells(l).map((c) => ({ ...c, line: l.no })));
  }
  const numbered = rows.filter((r) => r.length >= 3 && kindOf((r[0] as Cell).norm) === 'num');
  if (numbered.length < 2 || kindOf(rows[0]?.[0]?.norm ?? '') !== 'num') return null;
  const width = (numbered[0] as Cell[]).length;
  const same = numbered.filter((r) => r.length === width);
  if (same.length < 2) return null;
  const columns: Column[] = [{ kind: 'number' }];
  let units = 0;
  for (let k = 1; k < width; k++) {
    const count = new Map<Kind, number>();
    for (const r of same) {
      const kind = kindOf((r[k] as Cell).norm);
      count.set(kind, (count.get(kind) ?? 0) + 1);
    }
    const top = [...count.entries()].filter(([kind]) => kind !== 'empty').sort((a, b) => b[1] - a[1])[0]?.[0];
    if (top === 'unit') {
      const role: Role = units === 0 ? 'lead' : 'responsible';
      columns.push({ kind: 'units', role, labelLevel: null, label: ROLE_WORD[role] });
      units++;
    } else if (top === 'person') columns.push({ kind: 'leaders' });
    else if (top === 'deadline') columns.push({ kind: 'deadline' });
    else if (top === 'text' && !columns.some((c) => c.kind === 'text')) columns.push({ kind: 'text' });
    else columns.push({ kind: 'other' });
  }
  if (units === 0 || !columns.some((c) => c.kind === 'text')) return null;
  return { layout: 'pipe', columns, numberColumn: 0, next: i, unknown: [], inferred: true };
}

/** The line just above a table when it names the table (`表2 …任务分解表`): the table's section. */
export function tableTitle(body: Line[], i: number): string | null {
  for (let j = i - 1; j >= 0; j--) {
    const l = body[j] as Line;
    if (!l.norm) continue;
    const titled =
      l.norm.length <= 60 &&
      !hasCells(l.norm) &&
      !/[。:;,]$/.test(l.norm) &&
      markerOf(l.norm) === null &&
      /(?:表|清单|台账|分解|任务)/.test(l.norm);
    return titled ? l.raw : null;
  }
  return null;
}
