// Reading an uploaded .xlsx row by row, bounded: the zip is checked first (src/core/office.ts: expansion,
// parts, nothing executable), then ExcelJS's streaming readers hand over one row at a time, and the
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
import { type EntrySink, openZip, type ZipLimits } from '../../core/zip.js';

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

/** ExcelJS's WorkbookReader parts, driven here in dependency order (exceljs 4.4.0; see streamSheetRows). */
interface ReaderParts {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { name: string; rId: string }[] };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    iterator: AsyncIterable<string>,
    sheetNo: string,
  ): Generator<{ eventType: string; value: ExcelJS.stream.xlsx.WorksheetReader }>;
}

/**
 * An entry's XML as text, decoded across chunk boundaries: ExcelJS decodes each chunk on its own, which turns a
 * Chinese character split between two inflated chunks into U+FFFD.
 */
function decoded(entry: NodeJS.ReadableStream): Readable {
  return Readable.from(
    (async function* () {
      const decoder = new TextDecoder('utf-8');
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) yield text;
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    })(),
  );
}

/**
 * Streams the rows of one worksheet of an .xlsx: `choose` picks it from the sheet names in workbook order.
 * `onRow` answers false to stop reading. The answer says what was found: 'not_xlsx' (no readable .xlsx
 * zip), 'unreadable' (its XML is broken), 'no_sheet', or 'read'. Bombs and executable content throw (src/core/office.ts); a row
 * wider than the cap throws; rows with values beyond `maxRows` are left to `onRow` (it gets their count).
 *
 * The parts are read through the zip's central directory in the order their meaning depends on — relationships,
 * workbook, shared strings, styles, then the one chosen sheet — rather than ExcelJS's single pass over the
 * stored order: that pass loses entries now and then on Node ≥ 18 (exceljs#3064; a valid workbook was refused
 * as "not an .xlsx" under load), and it cannot name a sheet whose part is not called sheetN.xml.
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

  const zip = await openZip(bytes);
  const part = async (name: string) => {
    const entry = await zip.open(name);
    return entry ? decoded(entry) : undefined;
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderParts;
  try {
    const rels = await part('xl/_rels/workbook.xml.rels');
    const workbook = await part('xl/workbook.xml');
    if (!rels || !workbook) return 'unreadable';
    await reader._parseRels(rels);
    await reader._parseWorkbook(workbook);
    const strings = await part('xl/sharedStrings.xml');
    if (strings) for await (const _ of reader._parseSharedStrings(strings));
    const styles = await part('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);

    const sheets = reader.model?.sheets ?? [];
    const name = choose(sheets.map((s) => s.name));
    const rId = sheets.find((s) => s.name === name)?.rId;
    const target = reader.workbookRels?.find((r) => r.Id === rId)?.Target;
    const path = target && partOf(target);
    const xml = path ? await part(path) : undefined;
    if (name === undefined || !path || !xml) return 'no_sheet';
    const ranges = merges.get(path) ?? [];
    const sheet: StreamedSheet = {
      name,
      isMerged: (row, col) => ranges.some((m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right),
    };
    const [emitted] = reader._parseWorksheet(xml, String(sheets.findIndex((s) => s.name === name) + 1));
    if (!emitted) return 'no_sheet';
    let valueRows = 0;
    let rows = 0;
    for await (const row of emitted.value) {
      if (row.actualCellCount > limits.maxCellsPerRow) throw rowTooWide(row.number, limits.maxCellsPerRow);
      // Empty rows (a height, a style) cost parsing too: a sheet may have some, not millions.
      if (++rows > limits.maxRows * EMPTY_ROWS_PER_ROW) throw tooManyRows(limits.maxRows);
      if (row.number > 1 && row.hasValues) valueRows++;
      if (onRow(row, valueRows, sheet) === false) break;
    }
    return 'read';
  } catch (e) {
    if (e instanceof DubanError) throw e;
    return 'unreadable';
  } finally {
    zip.close();
  }
}
