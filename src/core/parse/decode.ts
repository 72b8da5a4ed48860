// Bytes → text. Plain text in UTF-8, UTF-16 (BOM) or GB18030/GBK (detected), a saved web page
// (text taken with a real HTML parser, table rows flattened to `a | b | c`), or Word .docx
// (through mammoth's HTML, so tables flatten the same way). No file I/O here: callers pass bytes.

import { parseDocument } from 'htmlparser2';
import mammoth from 'mammoth';
import { DubanError } from '../errors.js';
import { NOTICE_LIMITS } from '../limits.js';
import { inspectOffice } from '../office.js';

export type InputFormat = 'text' | 'html' | 'docx';

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
      const cells = (node.children ?? []).filter((c) => c.name === 'td' || c.name === 'th').map(textOf);
      if (cells.some((c) => c.length > 0)) out.push(cells.join(' | '));
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

const notSupported = (what: string, en: string) =>
  new DubanError('unsupported_format', {
    zh: `不支持的文件格式：${what}。请提供纯文本（.txt）、网页（.html）或 Word（.docx）文件。`,
    en: `Unsupported file format: ${en}. Provide plain text (.txt), a web page (.html) or Word (.docx).`,
  });

/** Decodes any supported input. Throws DubanError (never anything else) on unusable bytes. */
export async function decodeInput(bytes: Uint8Array, fileName = ''): Promise<DecodedInput> {
  if (bytes.length === 0) {
    throw new DubanError('empty_file', { zh: '文件为空。', en: 'The file is empty.' });
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Bounded before mammoth expands it: a bomb is refused (413), so is a file with macros or programs.
    const kind = await inspectOffice(bytes, NOTICE_LIMITS.zip);
    let html: string;
    try {
      if (kind !== 'docx') throw new Error(`not a .docx: ${kind}`);
      html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }))
        .value;
    } catch {
      throw new DubanError('invalid_docx', {
        zh: '文件是 ZIP 压缩包，但不是有效的 Word（.docx）文档。',
        en: 'The file is a ZIP archive but not a valid Word (.docx) document.',
      });
    }
    return { text: htmlToText(html), format: 'docx', encoding: 'utf-8' };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]))
    throw notSupported('旧版 Word（.doc），请另存为 .docx', 'legacy Word (.doc); save it as .docx');
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw notSupported('PDF', 'PDF');
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
