// PDF notices with a text layer, through pdf.js (pdfjs-dist 5.x legacy build: 6.x needs Node 22). Text pieces
// are grouped into lines by their baseline; a line of pieces separated by wide gaps is a table row. A table's
// columns are the x ranges no piece of its rows ever covers; a line whose first column is empty continues the
// row above it (a wrapped cell, or a row split across pages), one with text there starts a row. So a table
// comes out as decode.ts writes web-page tables: one row per line, `cell | cell | cell`, section rows padded
// with empty cells. Bounded: pages and text pieces (NOTICE_LIMITS); the caller's worker bounds the time.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DubanError } from '../../errors.js';
import { NOTICE_LIMITS } from '../../limits.js';
import { corrupt, encrypted, tooManyCells } from './common.js';

interface Piece {
  x: number;
  right: number;
  y: number;
  size: number;
  s: string;
}

interface Line {
  y: number;
  page: number;
  pieces: Piece[];
  /** Pieces grouped by the gaps between them. */
  groups: Piece[][];
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js runs its "worker" in this thread (the caller is already a worker thread): importing it registers it. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    // A specifier in a variable: the worker module ships no types (it only registers itself).
    const worker = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    await import(worker);
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}

const PKG = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

const NAME = { zh: 'PDF 文件', en: 'PDF file' };

export const scannedPdf = () =>
  new DubanError('pdf_no_text', {
    zh: 'PDF 中没有可读取的文字：它像是扫描件或图片。请提供带文字层的 PDF，或 Word、Excel、网页版本的通知。',
    en: 'The PDF has no text to read: it looks like a scan or an image. Provide a PDF with a text layer, or the notice as Word, Excel or a web page.',
  });

export async function readPdf(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    cMapUrl: `${join(PKG, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(PKG, 'standard_fonts')}/`,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    if ((e as Error)?.name === 'PasswordException') throw encrypted(NAME.zh, NAME.en);
    throw corrupt(NAME.zh, NAME.en, String((e as Error)?.message ?? e));
  }
  try {
    if (doc.numPages > NOTICE_LIMITS.maxPages)
      throw new DubanError(
        'pdf_too_many_pages',
        {
          zh: `PDF 页数过多（${doc.numPages} 页，上限 ${NOTICE_LIMITS.maxPages} 页）。请只保留通知及其附件。`,
          en: `The PDF has too many pages (${doc.numPages}, limit ${NOTICE_LIMITS.maxPages}). Keep only the notice and its attachments.`,
        },
        413,
        { pages: doc.numPages, limit: NOTICE_LIMITS.maxPages },
      );
    const lines: Line[] = [];
    let count = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      let pieces: Piece[];
      try {
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        pieces = [];
        for (const item of content.items) {
          if (!('str' in item) || !item.str.trim()) continue;
          if (++count > NOTICE_LIMITS.maxCells) throw tooManyCells(NOTICE_LIMITS.maxCells);
          const [a, b, , , x, y] = item.transform as number[];
          const size = Math.hypot(a ?? 0, b ?? 0) || item.height || 10;
          pieces.push({ x: x ?? 0, right: (x ?? 0) + item.width, y: y ?? 0, size, s: item.str });
        }
        page.cleanup();
      } catch (e) {
        if (e instanceof DubanError) throw e;
        throw corrupt(NAME.zh, NAME.en, String((e as Error)?.message ?? e));
      }
      lines.push(...linesOf(pieces, p));
    }
    if (lines.length === 0) throw scannedPdf();
    return layout(lines).join('\n');
  } finally {
    await doc.destroy().catch(() => {});
  }
}

/** Pieces → lines, top to bottom, each left to right, with its gap-separated groups. */
export function linesOf(pieces: Piece[], page: number): Line[] {
  const sorted = [...pieces].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const piece of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - piece.y) < piece.size * 0.5) last.pieces.push(piece);
    else lines.push({ y: piece.y, page, pieces: [piece], groups: [] });
  }
  for (const line of lines) {
    line.pieces.sort((a, b) => a.x - b.x);
    let group: Piece[] = [];
    let end = Number.NEGATIVE_INFINITY;
    for (const piece of line.pieces) {
      if (group.length > 0 && piece.x - end > Math.max(piece.size * 0.9, 4)) {
        line.groups.push(group);
        group = [];
      }
      group.push(piece);
      end = Math.max(end, piece.right);
    }
    if (group.length > 0) line.groups.push(group);
  }
  return lines;
}

const CJK_SPACE = /(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) | (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/g;

/** Pieces of one line (or one cell of it) as text; the space a typesetter puts between Chinese and Latin dropped. */
function textOf(pieces: Piece[]): string {
  let out = '';
  let end = Number.NEGATIVE_INFINITY;
  for (const p of pieces) {
    if (out && p.x - end > p.size * 0.25) out += ' ';
    out += p.s;
    end = p.right;
  }
  return out.replace(/\s+/g, ' ').replace(CJK_SPACE, '').trim();
}

const cellText = (s: string) => s.replace(/\|/g, '｜');
const PAGE_NUMBER = /^[-—–\s]*(?:第\s*)?\d+(?:\s*页)?[-—–\s]*$/;
const lineKey = (l: Line) => l.groups.map((g) => textOf(g).replace(/\s+/g, '')).join('|');
const headerLike = (l: Line) =>
  l.groups.length >= 2 && l.groups.every((g) => !/\d/.test(textOf(g)) && textOf(g).replace(/\s/g, '').length <= 12);

interface Block {
  header: Line;
  rows: Line[];
}

/** Lines → text lines: paragraphs as they are, tables as `|` rows. */
export function layout(lines: Line[]): string[] {
  const out: (string | Block)[] = [];
  let block: Block | null = null;
  let pending: Line[] = [];
  const flushPendingAsText = () => {
    for (const l of pending) out.push(textOf(l.pieces));
    pending = [];
  };
  for (const line of lines) {
    const text = textOf(line.pieces);
    if (PAGE_NUMBER.test(text)) continue;
    if (line.groups.length < 2) {
      if (!block) out.push(text);
      else if (pending.length === 0 && (line.pieces[0]?.x ?? 0) > firstBoundary(block.header)) block.rows.push(line);
      else pending.push(line);
      continue;
    }
    // A header after lines outside any cell (附件2, a title) starts a new table; one straight after a row is
    // the header repeated at the top of a page (tableLines drops it).
    if (!block || (headerLike(line) && pending.length > 0 && lineKey(line) !== lineKey(block.header))) {
      flushPendingAsText();
      block = { header: line, rows: [] };
      out.push(block);
      continue;
    }
    block.rows.push(...pending, line);
    pending = [];
  }
  flushPendingAsText();
  return out.flatMap((item) => (typeof item === 'string' ? [item] : tableLines(item)));
}

/** Where the first column ends, by the header: between its first and second cells. */
function firstBoundary(header: Line): number {
  const [a, b] = header.groups;
  if (!a || !b) return Number.POSITIVE_INFINITY;
  return (Math.max(...a.map((p) => p.right)) + Math.min(...b.map((p) => p.x))) / 2;
}

/** Column separators: the middles of x ranges no piece of the table's multi-cell lines covers. */
function separatorsOf(lines: Line[]): number[] {
  const spans = lines
    .filter((l) => l.groups.length >= 2)
    .flatMap((l) => l.pieces.map((p) => [p.x, p.right] as const))
    .sort((a, b) => a[0] - b[0]);
  const seps: number[] = [];
  let end = Number.NEGATIVE_INFINITY;
  for (const [x, right] of spans) {
    if (end !== Number.NEGATIVE_INFINITY && x - end >= 3) seps.push((x + end) / 2);
    end = Math.max(end, right);
  }
  return seps;
}

function tableLines(block: Block): string[] {
  const seps = separatorsOf([block.header, ...block.rows]);
  const width = seps.length + 1;
  const columnOf = (p: Piece) => seps.filter((s) => s < p.x + 0.5).length;
  const cellsOf = (line: Line) => {
    const cols: Piece[][] = Array.from({ length: width }, () => []);
    // One run of text is one cell, wherever it reaches: a section row spanning the table stays whole.
    if (line.groups.length === 1) (cols[columnOf(line.pieces[0] as Piece)] as Piece[]).push(...line.pieces);
    else for (const p of line.pieces) (cols[columnOf(p)] as Piece[]).push(p);
    return cols.map((c) => textOf(c));
  };
  const header = cellsOf(block.header);
  const headerKey = lineKey(block.header);
  const rows: string[][] = [header];
  let current: string[] | null = null;
  /** The first header's wrapped lines (`序` over `号`): a header repeated on a later page drops the same lines. */
  const wrapped = new Set<string>();
  let repeated = false;
  const fitsOneColumn = (line: Line) =>
    line.groups.every((g) => new Set(g.map(columnOf)).size === 1 && !/\d/.test(textOf(g)) && textOf(g).length <= 6);
  for (const line of block.rows) {
    const key = lineKey(line);
    if (key === headerKey) {
      repeated = true;
      continue;
    }
    const cells = cellsOf(line);
    if (current === null && fitsOneColumn(line)) {
      cells.forEach((c, k) => {
        header[k] = `${header[k] ?? ''}${c}`;
      });
      wrapped.add(key);
      continue;
    }
    if (repeated && wrapped.has(key)) continue;
    repeated = false;
    if (cells[0] || !current) {
      current = cells;
      rows.push(current);
      continue;
    }
    const row: string[] = current;
    cells.forEach((c, k) => {
      if (!c) return;
      const before = row[k] ?? '';
      const join = /[\x21-\x7e]$/.test(before) && /^[\x21-\x7e]/.test(c) ? ' ' : '';
      row[k] = before ? `${before}${join}${c}` : c;
    });
  }
  return rows.map((r) => r.map(cellText).join(' | ').trimEnd());
}
