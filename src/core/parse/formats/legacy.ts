// The binary formats offices still publish in: Excel 97–2003 .xls and WPS .et, OpenDocument .ods (all
// through SheetJS, @e965/xlsx), and Word 97–2003 .doc and WPS .wps (word-extractor, or LibreOffice headless
// when word-extractor cannot read the file and soffice is installed). An OLE file says what it is by its
// streams, never by its name: Workbook/Book is a spreadsheet, WordDocument a Word file, EncryptedPackage an
// encrypted Office file (whatever it was before). Bounded by NOTICE_LIMITS: sheets, cells; the bytes are
// already within MAX_NOTICE_BYTES and an .ods zip was checked against its expansion limits by the caller.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import WordExtractor from 'word-extractor';
import { DubanError } from '../../errors.js';
import { NOTICE_LIMITS } from '../../limits.js';
import { corrupt, emptyTable, encrypted, tooManyCells } from './common.js';
import { sheetLines } from './xlsx.js';

export type OleKind = 'sheet' | 'word' | 'encrypted' | 'unknown';

/** What an OLE compound file holds, by its stream names. Throws file_corrupt when it is no readable OLE file. */
export function oleKind(bytes: Uint8Array): OleKind {
  let names: string[];
  try {
    const cfb = XLSX.CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'buffer' });
    names = (cfb.FullPaths as string[]).map((p) => p.replace(/\/$/, '').split('/').pop() ?? '');
  } catch (e) {
    throw corrupt('Office 文档', 'Office document', String((e as Error)?.message ?? e));
  }
  const has = (n: string) => names.some((x) => x.toLowerCase() === n.toLowerCase());
  if (has('EncryptedPackage') || has('EncryptionInfo')) return 'encrypted';
  if (has('Workbook') || has('Book')) return 'sheet';
  if (has('WordDocument')) return 'word';
  return 'unknown';
}

const SHEET_NAME = { zh: '表格（.xls/.et/.ods）', en: 'spreadsheet (.xls/.et/.ods)' };

/** .xls/.et/.ods → lines, merged cells applied as for .xlsx. */
export function readLegacySheet(bytes: Uint8Array): string {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      type: 'buffer',
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      bookVBA: false,
      sheetRows: NOTICE_LIMITS.maxCells,
    });
  } catch (e) {
    const message = String((e as Error)?.message ?? e);
    if (/password|encrypt/i.test(message)) throw encrypted(SHEET_NAME.zh, SHEET_NAME.en);
    throw corrupt(SHEET_NAME.zh, SHEET_NAME.en, message);
  }
  const out: string[] = [];
  let cells = 0;
  let any = false;
  for (const name of wb.SheetNames.slice(0, NOTICE_LIMITS.maxSheets)) {
    const ws = wb.Sheets[name] as XLSX.WorkSheet & { '!data'?: (XLSX.CellObject | undefined)[][] };
    const grid: string[][] = [];
    // Only the cells present (dense rows are sparse arrays): a sheet claiming a huge range costs nothing.
    (ws['!data'] ?? []).forEach((row, r) => {
      if (!row) return;
      const line: string[] = [];
      grid[r] = line;
      row.forEach((cell, c) => {
        if (!cell) return;
        if (++cells > NOTICE_LIMITS.maxCells) throw tooManyCells(NOTICE_LIMITS.maxCells);
        line[c] = cell.w ?? (cell.v === undefined || cell.v === null ? '' : String(cell.v));
      });
    });
    const merges = (ws['!merges'] ?? []).map((m) => ({ top: m.s.r, left: m.s.c, bottom: m.e.r, right: m.e.c }));
    const lines = sheetLines(grid, merges);
    if (lines.length === 0) continue;
    any = true;
    out.push(...lines, '');
  }
  if (!any) throw emptyTable();
  return out.join('\n');
}

const WORD_NAME = { zh: '旧版 Word/WPS 文档（.doc/.wps）', en: 'legacy Word/WPS document (.doc/.wps)' };

/** The fEncrypted bit of a Word file's FIB (MS-DOC 2.5.2, byte 11 bit 0). */
function wordEncrypted(bytes: Uint8Array): boolean {
  try {
    const cfb = XLSX.CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'buffer' });
    const fib = XLSX.CFB.find(cfb, 'WordDocument')?.content as Uint8Array | undefined;
    return fib !== undefined && fib.length > 11 && ((fib[11] as number) & 0x01) === 0x01;
  } catch {
    return false;
  }
}

/**
 * Word's text stream as lines. Table cells end with a tab (word-extractor's reading of Word's cell mark), a row
 * with its line: `a\tb\tc\t` becomes `a | b | c`; a row with one cell inside a table (a section row spanning
 * it) is padded to the table's width, as a web page's row is.
 */
export function wordTextToLines(body: string): string {
  const out: string[] = [];
  let width = 0;
  for (const raw of body.split(/\r\n|\r|\n/)) {
    if (!raw.includes('\t')) {
      width = 0;
      out.push(raw.trim());
      continue;
    }
    const cells = raw
      .replace(/\t$/, '')
      .split('\t')
      .map((c) => c.replace(/\s+/g, ' ').replace(/\|/g, '｜').trim());
    if (cells.length > 1) width = cells.length;
    while (cells.length < width) cells.push('');
    out.push(cells.join(' | ').trimEnd());
  }
  return out.join('\n');
}

/** .doc/.wps → text lines; or, when only LibreOffice reads it, the .docx it converts the file to. */
export async function readLegacyWord(bytes: Uint8Array): Promise<{ text: string } | { docx: Buffer }> {
  if (wordEncrypted(bytes)) throw encrypted(WORD_NAME.zh, WORD_NAME.en);
  let failure: string;
  try {
    const doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { text: wordTextToLines(doc.getBody()) };
  } catch (e) {
    failure = String((e as Error)?.message ?? e);
  }
  const docx = await convertWithLibreOffice(bytes, 'doc', 'docx');
  if (docx) return { docx };
  throw new DubanError(
    'legacy_word_unreadable',
    {
      zh: `无法读取这份${WORD_NAME.zh}，本机也未安装 LibreOffice 可供转换。请用 Word 或 WPS 另存为 .docx 后再上传。`,
      en: `This ${WORD_NAME.en} cannot be read, and LibreOffice is not installed to convert it. Save it as .docx in Word or WPS and upload that.`,
    },
    400,
    { detail: failure.slice(0, 200) },
  );
}

/** How long LibreOffice may take to convert one notice. */
const SOFFICE_TIMEOUT_MS = 45_000;

/**
 * Converts through LibreOffice headless (`soffice --convert-to`), in a private profile and directory; null when
 * soffice is missing or fails. Never throws.
 */
export async function convertWithLibreOffice(
  bytes: Uint8Array,
  fromExt: string,
  toExt: string,
): Promise<Buffer | null> {
  const dir = await mkdtemp(join(tmpdir(), 'duban-soffice-'));
  try {
    const input = join(dir, `notice.${fromExt}`);
    await writeFile(input, bytes);
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.env.DUBAN_SOFFICE ?? 'soffice',
        [
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--headless',
          '--norestore',
          '--convert-to',
          toExt,
          '--outdir',
          dir,
          input,
        ],
        { timeout: SOFFICE_TIMEOUT_MS, killSignal: 'SIGKILL' },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    return await readFile(join(dir, `notice.${toExt}`));
  } catch {
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}
