// What a file is, by its first bytes, never by its name: the evidence a unit may attach is PDF,
// images and office documents. An executable renamed .pdf is still an executable. The sniff reads a fixed
// prefix; a zip is only called an Office document after its entries were checked (detectFileType).

import { inspectOffice, OFFICE_MIME } from './office.js';
import type { ZipLimits } from './zip.js';

export interface FileType {
  mime: string;
  ext: string;
}

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
/** Bytes looked at by the sniff: local headers of an Office zip name its first parts well within this. */
export const SNIFF_BYTES = 64 * 1024;
const latin1 = new TextDecoder('latin1');
// Decoded, never spread into String.fromCharCode(...) (a few hundred KB of arguments overflow the stack).
const ascii = (b: Uint8Array, from: number, to: number) =>
  latin1.decode(b.subarray(Math.min(from, b.length), Math.min(to, b.length, SNIFF_BYTES)));

export function sniffFileType(bytes: Uint8Array): FileType | null {
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: 'application/pdf', ext: 'pdf' };
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png' };
  if (starts(bytes, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg' };
  if (starts(bytes, [0x47, 0x49, 0x46, 0x38])) return { mime: 'image/gif', ext: 'gif' };
  if (starts(bytes, [0x52, 0x49, 0x46, 0x46]) && ascii(bytes, 8, 12) === 'WEBP')
    return { mime: 'image/webp', ext: 'webp' };
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return { mime: 'application/x-ole-storage', ext: 'doc' };
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Office Open XML: a zip whose entries name the document kind (names sit in the local headers).
    const head = ascii(bytes, 0, SNIFF_BYTES);
    if (!head.includes('[Content_Types].xml')) return null;
    if (head.includes('word/')) return { mime: OFFICE_MIME.docx, ext: 'docx' };
    if (head.includes('xl/')) return { mime: OFFICE_MIME.xlsx, ext: 'xlsx' };
    if (head.includes('ppt/')) return { mime: OFFICE_MIME.pptx, ext: 'pptx' };
  }
  return null;
}

const isZip = (bytes: Uint8Array) => starts(bytes, [0x50, 0x4b, 0x03, 0x04]);

/**
 * The type of an uploaded file: the sniff, and for a zip the kind its entries say, after they were checked
 * against the route's limits and for anything executable (src/core/office.ts). Throws DubanError for a zip
 * that is a bomb or carries something executable; null for anything unknown (a damaged or plain zip too).
 */
export async function detectFileType(bytes: Uint8Array, limits: ZipLimits): Promise<FileType | null> {
  if (!isZip(bytes)) return sniffFileType(bytes);
  const kind = await inspectOffice(bytes, limits);
  return kind ? { mime: OFFICE_MIME[kind], ext: kind } : null;
}

/** Extensions a stored file may keep for its detected type (else it gets the type's own). */
const ALIASES: Record<string, readonly string[]> = {
  jpg: ['jpg', 'jpeg'],
  doc: ['doc', 'xls', 'ppt', 'wps', 'et'],
};

/** The name a file is stored and served under: the name it came with, its extension following its content. */
export function storedName(fileName: string, type: FileType, fallback = 'file'): string {
  const dot = fileName.lastIndexOf('.');
  const base = (dot > 0 ? fileName.slice(0, dot) : fileName).trim() || fallback;
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const keep = (ALIASES[type.ext] ?? [type.ext]).includes(ext);
  return `${base.slice(0, 190)}.${keep ? ext : type.ext}`;
}
