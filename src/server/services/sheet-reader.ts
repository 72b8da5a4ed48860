// Reading an uploaded .xlsx row by row, bounded: the zip is checked first (src/core/office.ts: expansion,
// parts, nothing executable), then ExcelJS's streaming WorkbookReader hands over one row at a time, and the
// row and cell caps are enforced as the rows stream — a sheet is never loaded whole.
//
// Merged cells: the streaming WorksheetReader skips <mergeCell> elements (they follow the rows in the XML).
// So the zip check's one inflation pass also runs the sheets' XML through a streaming XML parser
// (htmlparser2, xml mode) and keeps the merged ranges — a few refs per sheet, bounded by the zip limits.
//
// Reading stays among the services, apart from src/server/documents (which only writes files from data already
// loaded): what an upload's cells mean is decided against the database (rows, versions, units) by the service
// that applies them (sheets.ts, users.ts), and this reader is the bounded input path those imports share.

import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Parser } from 'htmlparser2';
import { DubanError } from '../../core/errors.js';
import { inspectOffice } from '../../core/office.js';
import type { EntrySink, ZipLimits } from '../../core/zip.js';

export interface SheetLimits {
  maxRows: number;
  maxCellsPerRow: number;
  zip: ZipLimits;
}

export interface StreamedSheet {
  name: string;
  /** Whether the cell lies in a merged range. */
  isMerged(row: number, col: number): boolean;
}

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Row elements streamed per allowed row with values. */
const EMPTY_ROWS_PER_ROW = 5;
const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function rangeOf(ref: string): Range | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(ref.trim().toUpperCase());
  if (!m) return null;
  const left = columnNumber(m[1] as string);
  const top = Number(m[2]);
  const right = m[3] ? columnNumber(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) : top;
  return {
    top: Math.min(top, bottom),
    bottom: Math.max(top, bottom),
    left: Math.min(left, right),
    right: Math.max(left, right),
  };
}

/** A sink collecting a sheet part's <mergeCell ref="…"/> ranges as its XML streams by. */
function mergeCollector(into: Range[]): EntrySink {
  const decoder = new TextDecoder('utf-8');
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name.replace(/^.*:/, '') !== 'mergeCell' || !attributes.ref) return;
        const range = rangeOf(attributes.ref);
        if (range) into.push(range);
      },
    },
    { xmlMode: true },
  );
  return {
    write: (chunk) => parser.write(decoder.decode(chunk, { stream: true })),
    end: () => parser.end(decoder.decode()),
  };
}

const partOf = (target: string) => {
  const t = target.replace(/^\/+/, '');
  return t.startsWith('xl/') ? t : `xl/${t}`;
};

export const tooManyRows = (max: number) =>
  new DubanError(
    'sheet_too_many_rows',
    { zh: `表格行数超过上限 ${max}。`, en: `The sheet has more than ${max} rows.` },
    413,
    { limit: max },
  );

export const rowTooWide = (row: number, max: number) =>
  new DubanError(
    'sheet_row_too_wide',
    {
      zh: `第 ${row} 行的非空单元格超过 ${max} 个。`,
      en: `Row ${row} has more than ${max} non-empty cells.`,
    },
    413,
    { row, limit: max },
  );

/**
 * Streams the rows of one worksheet of an .xlsx: `choose` picks it from the sheet names in workbook order.
 * `onRow` answers false to stop reading. The answer says what was found: 'not_xlsx' (no readable .xlsx
 * zip), 'unreadable' (its XML is broken), 'no_sheet', or 'read'. Bombs and executable content throw (src/core/office.ts); a row
 * wider than the cap throws; rows with values beyond `maxRows` are left to `onRow` (it gets their count).
 */
export async function streamSheetRows(
  bytes: Uint8Array,
  limits: SheetLimits,
  choose: (names: string[]) => string | undefined,
  onRow: (row: ExcelJS.Row, valueRows: number, sheet: StreamedSheet) => boolean | undefined,
): Promise<'not_xlsx' | 'unreadable' | 'no_sheet' | 'read'> {
  const merges = new Map<string, Range[]>();
  const kind = await inspectOffice(bytes, limits.zip, (name) => {
    if (!SHEET_PART.test(name)) return undefined;
    const ranges: Range[] = [];
    merges.set(name, ranges);
    return mergeCollector(ranges);
  });
  if (kind !== 'xlsx') return 'not_xlsx';

  const input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const book = reader as unknown as {
    model?: { sheets?: { name: string; rId: string }[] };
    workbookRels?: { Id: string; Target: string }[];
  };
  let result: 'no_sheet' | 'read' = 'no_sheet';
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name: string }).name;
      const sheets = book.model?.sheets ?? [];
      if (name !== choose(sheets.map((s) => s.name))) continue;
      const rId = sheets.find((s) => s.name === name)?.rId;
      const target = book.workbookRels?.find((r) => r.Id === rId)?.Target;
      const ranges = (target && merges.get(partOf(target))) || [];
      const sheet: StreamedSheet = {
        name,
        isMerged: (row, col) => ranges.some((m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right),
      };
      result = 'read';
      let valueRows = 0;
      let rows = 0;
      for await (const row of ws) {
        if (row.actualCellCount > limits.maxCellsPerRow) throw rowTooWide(row.number, limits.maxCellsPerRow);
        // Empty rows (a height, a style) cost parsing too: a sheet may have some, not millions.
        if (++rows > limits.maxRows * EMPTY_ROWS_PER_ROW) throw tooManyRows(limits.maxRows);
        if (row.number > 1 && row.hasValues) valueRows++;
        if (onRow(row, valueRows, sheet) === false) break;
      }
      break;
    }
  } catch (e) {
    if (e instanceof DubanError) throw e;
    return 'unreadable';
  } finally {
    input.destroy();
  }
  return result;
}
