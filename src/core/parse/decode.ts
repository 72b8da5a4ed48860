// Bytes → text. Plain text in UTF-8, UTF-16 (BOM) or GB18030/GBK (detected), a saved web page
// (text taken with a real HTML parser, table rows flattened to `a | b | c`), or Word .docx
// (through mammoth's HTML, so tables flatten the same way). Spreadsheets (.xlsx, .xls/.et, .ods), legacy
// Word (.doc/.wps) and PDF are read by ./formats/ into the same text: one table row per line as
// `cell | cell | cell`, paragraphs as lines, so one structure reader (notice.ts) reads every format.
// What a file is comes from its bytes, never its name. No file I/O here: callers pass bytes.

import { parseDocument } from 'htmlparser2';
import mammoth from 'mammoth';
import { DubanError } from '../errors.js';
import { NOTICE_LIMITS } from '../limits.js';
import { inspectOffice } from '../office.js';
import { readZip } from '../zip.js';
import { encrypted, guarded } from './formats/common.js';
import { oleKind, readLegacySheet, readLegacyWord } from './formats/legacy.js';
import { readPdf } from './formats/pdf.js';
import { readXlsx } from './formats/xlsx.js';

export type InputFormat = 'text' | 'html' | 'docx' | 'xlsx' | 'xls' | 'ods' | 'doc' | 'pdf';

export interface DecodedInput {
  text: string;
  format: InputFormat;
  encoding: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/** UTF-8 if valid, else GB18030 (a superset of GBK and GB2312). BOMs win. */
export function decodeText(bytes: Uint8Array, hint?: string): { text: string; encoding: string } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]))
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe]))
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff]))
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (hint && /^(gb2312|gbk|gb18030)$/i.test(hint))
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  children?: HtmlNode[];
}

const SKIP = new Set(['script', 'style', 'head', 'noscript', 'template', 'iframe', 'object', 'svg', 'select']);
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'aside',
  'main',
  'blockquote',
  'pre',
  'dl',
  'dt',
  'dd',
  'form',
  'hr',
  'center',
  'address',
  'figure',
  'figcaption',
  'caption',
]);

function hasTable(node: HtmlNode): boolean {
  const stack = [...(node.children ?? [])];
  while (stack.length > 0) {
    const n = stack.pop() as HtmlNode;
    if (n.name === 'table') return true;
    if (n.children) stack.push(...n.children);
  }
  return false;
}

/** Text of an HTML document with block structure kept as lines. Iterative: deep nesting cannot overflow. */
export function htmlToText(html: string): string {
  const doc = parseDocument(html, { decodeEntities: true }) as unknown as HtmlNode;
  const out: string[] = [];
  let line = '';
  const flush = () => {
    const t = line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim();
    if (t) out.push(t);
    line = '';
  };
  // Work items: a node to visit, or a marker to end a block after its children.
  type Item = { node: HtmlNode } | { end: true };
  const stack: Item[] = [{ node: doc }];
  while (stack.length > 0) {
    const item = stack.pop() as Item;
    if ('end' in item) {
      flush();
      continue;
    }
    const node = item.node;
    if (node.type === 'text') {
      line += (node.data ?? '').replace(/\s+/g, ' ');
      continue;
    }
    if (node.type === 'comment' || node.type === 'directive') continue;
    const name = node.name?.toLowerCase();
    if (name && SKIP.has(name)) continue;
    if (name === 'tr' && !hasTable(node)) {
      // A data row: one line, cells joined by ` | `.
      flush();
      // A cell spanning columns is written once and the columns it covers left empty, as the spreadsheet
      // readers do: a section row reads `一、经济发展 |  | `, and later cells stay in their columns.
      const cells = (node.children ?? [])
        .filter((c) => c.name === 'td' || c.name === 'th')
        .flatMap((c) => [textOf(c), ...Array<string>(spanOf(c)).fill('')]);
      if (cells.some((c) => c.length > 0)) out.push(cells.join(' | ').trimEnd());
      continue;
    }
    const block = name !== undefined && (BLOCK.has(name) || name === 'td' || name === 'th');
    if (block) {
      flush();
      stack.push({ end: true });
    }
    const kids = node.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] as HtmlNode });
  }
  flush();
  return out.join('\n');
}

/** Extra columns a cell spans (colspan − 1), bounded: a lying colspan cannot make a huge row. */
function spanOf(node: HtmlNode): number {
  const span = Number((node as { attribs?: Record<string, string> }).attribs?.colspan ?? 1);
  return Number.isInteger(span) && span > 1 ? Math.min(span, 64) - 1 : 0;
}

/** All text under a node, blocks separated by a space (a table cell is one line). */
function textOf(node: HtmlNode): string {
  const parts: string[] = [];
  const stack: HtmlNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as HtmlNode;
    if (n.type === 'text') parts.push(n.data ?? '');
    else if (n.name && SKIP.has(n.name.toLowerCase())) continue;
    else {
      if (n.name && BLOCK.has(n.name.toLowerCase())) parts.push(' ');
      const kids = n.children ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as HtmlNode);
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

function looksLikeHtml(head: string): boolean {
  return /^\s*</.test(head) && /<(!doctype|html|head|body|p|div|table|meta)\b/i.test(head);
}

const ACCEPTED = {
  zh: '纯文本（.txt）、网页（.html）、Word/WPS（.docx/.doc/.wps）、Excel/WPS 表格（.xlsx/.xls/.et/.ods）或带文字的 PDF',
  en: 'plain text (.txt), a web page (.html), Word/WPS (.docx/.doc/.wps), a spreadsheet (.xlsx/.xls/.et/.ods) or a PDF with text',
};

const notSupported = (what: string, en: string) =>
  new DubanError('unsupported_format', {
    zh: `不支持的文件格式：${what}。请提供${ACCEPTED.zh}。`,
    en: `Unsupported file format: ${en}. Provide ${ACCEPTED.en}.`,
  });

const anImage = () =>
  new DubanError('image_not_supported', {
    zh: '文件是一张图片，无法从中读取文字。请提供通知的文字版本（Word、Excel、PDF 或网页）。',
    en: 'The file is an image; no text can be read from it. Provide the notice as text (Word, Excel, PDF or a web page).',
  });

const IMAGE_SIGNATURES = [
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x47, 0x49, 0x46, 0x38],
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
];
const isWebp = (b: Uint8Array) =>
  startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b.subarray(8), [0x57, 0x45, 0x42, 0x50]);

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

/** A .docx through mammoth's HTML (tables as `|` rows). */
async function docxText(bytes: Uint8Array): Promise<string> {
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return htmlToText((await mammoth.convertToHtml({ buffer })).value);
  } catch {
    throw new DubanError('invalid_docx', {
      zh: '文件是 ZIP 压缩包，但不是有效的 Word（.docx）文档。',
      en: 'The file is a ZIP archive but not a valid Word (.docx) document.',
    });
  }
}

/** Decodes any supported input. Throws DubanError (never anything else) on unusable bytes. */
export async function decodeInput(bytes: Uint8Array, fileName = ''): Promise<DecodedInput> {
  if (bytes.length === 0) {
    throw new DubanError('empty_file', { zh: '文件为空。', en: 'The file is empty.' });
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Bounded before any reader expands it: a bomb is refused (413), so is a file with macros or programs.
    const kind = await inspectOffice(bytes, NOTICE_LIMITS.zip);
    if (kind === 'docx') return { text: await docxText(bytes), format: 'docx', encoding: 'utf-8' };
    if (kind === 'xlsx')
      return {
        text: await guarded('Excel 表格', 'Excel workbook', () => readXlsx(bytes)),
        format: 'xlsx',
        encoding: 'utf-8',
      };
    // OpenDocument names its kind in its `mimetype` entry; read within the same expansion limits.
    const mime =
      kind === null
        ? (await readZip(bytes, NOTICE_LIMITS.zip, { keep: (n) => n === 'mimetype' }).catch(() => null))?.kept
            .get('mimetype')
            ?.toString('latin1')
            .trim()
        : undefined;
    if (mime === ODS_MIME)
      return {
        text: await guarded('表格', 'spreadsheet', () => readLegacySheet(bytes)),
        format: 'ods',
        encoding: 'utf-8',
      };
    if (mime?.startsWith('application/vnd.oasis.opendocument'))
      throw notSupported('OpenDocument 文本或演示文稿', 'an OpenDocument text or presentation');
    throw new DubanError('invalid_docx', {
      zh: '文件是 ZIP 压缩包，但不是有效的 Word（.docx）或 Excel（.xlsx）文档。',
      en: 'The file is a ZIP archive but not a valid Word (.docx) or Excel (.xlsx) document.',
    });
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const kind = await guarded('Office 文档', 'Office document', () => oleKind(bytes));
    if (kind === 'encrypted') throw encrypted('Office 文档', 'Office document');
    if (kind === 'sheet')
      return {
        text: await guarded('表格', 'spreadsheet', () => readLegacySheet(bytes)),
        format: 'xls',
        encoding: 'utf-8',
      };
    if (kind === 'word') {
      const read = await guarded('Word 文档', 'Word document', () => readLegacyWord(bytes));
      const text = 'text' in read ? read.text : await docxText(read.docx);
      return { text, format: 'doc', encoding: 'utf-8' };
    }
    throw notSupported('这种 Office 文档（不是 Word 或表格）', 'this Office document (neither Word nor a spreadsheet)');
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46]))
    return { text: await guarded('PDF 文件', 'PDF file', () => readPdf(bytes)), format: 'pdf', encoding: 'utf-8' };
  if (IMAGE_SIGNATURES.some((sig) => startsWith(bytes, sig)) || isWebp(bytes)) throw anImage();
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const isHtml = /\.html?$/i.test(fileName) || looksLikeHtml(head.replace(/^\uFEFF|^\u00ef\u00bb\u00bf/, ''));
  if (isHtml) {
    const charset = /<meta[^>]*charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
    const { text, encoding } = decodeText(bytes, charset);
    return { text: htmlToText(text), format: 'html', encoding };
  }
  const { text, encoding } = decodeText(bytes);
  return { text, format: 'text', encoding };
}
