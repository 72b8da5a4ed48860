// An Office Open XML file (.docx, .xlsx, .pptx) is a zip; it is one only if it has the parts a real one has,
// and it is accepted only if it carries nothing that runs: no macros (vbaProject.bin, macro-enabled content
// types), no ActiveX controls, no executables as entries or packed into OLE objects. Read with the bounds of
// src/core/zip.ts, so the check itself cannot be made to expand a bomb.

import { DubanError } from './errors.js';
import { type EntrySink, notAZip, readZip, type ZipLimits } from './zip.js';

export type OfficeKind = 'docx' | 'xlsx' | 'pptx';

export const OFFICE_MIME: Record<OfficeKind, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const MAIN_PART: Record<OfficeKind, string> = {
  docx: 'word/document.xml',
  xlsx: 'xl/workbook.xml',
  pptx: 'ppt/presentation.xml',
};

const EXECUTABLE_EXT = 'exe|dll|com|scr|pif|cpl|msi|msp|js|jse|vbs|vbe|wsf|wsh|bat|cmd|ps1|psm1|hta|jar|lnk|reg';
const EXECUTABLE_NAME = new RegExp(`\\.(${EXECUTABLE_EXT})$`, 'i');
const EXECUTABLE_PART = /(^|\/)(vbaProject\.bin|vbaData\.xml)$|(^|\/)activeX\//i;
const EXECUTABLE_CONTENT_TYPE = /macroEnabled|vbaProject|activeX|ms-office\.vba|x-msdownload|x-msdos-program/i;
/** Packager OLE objects (Ole10Native) wrap any file; refused when what they wrap runs. */
const OLE10_NATIVE = Buffer.from('Ole10Native', 'utf16le');
const PE_STUB = Buffer.from('This program cannot be run in DOS mode', 'latin1');
/** A packed file's name as the Ole10Native header stores it (ANSI, NUL-terminated). */
const PACKED_EXECUTABLE_NAME = new RegExp(`[\\w .()-]\\.(${EXECUTABLE_EXT})(?![\\w.])`, 'i');
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

const isEmbeddedObject = (name: string) => /(^|\/)embeddings\/[^/]*\.bin$/i.test(name);

function runs(head: Buffer): boolean {
  return (
    (head[0] === 0x4d && head[1] === 0x5a) || head.subarray(0, 4).equals(ELF) || head.subarray(0, 2).toString() === '#!'
  );
}

function packsExecutable(ole: Buffer): boolean {
  if (!ole.includes(OLE10_NATIVE)) return false;
  return ole.includes(PE_STUB) || ole.includes(ELF) || PACKED_EXECUTABLE_NAME.test(ole.toString('latin1'));
}

const refused = (what: string, entry: string) =>
  new DubanError(
    'office_executable',
    {
      zh: `文件含有可执行内容（${what}），不予接受。请另存为不含宏和控件的 .docx/.xlsx 后再上传。`,
      en: `The file carries executable content (${what}) and is refused. Save it as a plain .docx/.xlsx without macros or controls and upload again.`,
    },
    400,
    { entry },
  );

/**
 * The kind of an Office file, after checking its expansion against the limits, its parts and that nothing in
 * it runs; null when it is no Office document (no zip at all, or without the parts a real one has), for
 * the route to answer in its own words. `sink` lets a caller read entries while they stream (the one
 * inflation pass). Throws DubanError: 413 for a bomb, 400 for a damaged or lying zip or executable content.
 */
export async function inspectOffice(
  bytes: Uint8Array,
  limits: ZipLimits,
  sink?: (name: string) => EntrySink | undefined,
): Promise<OfficeKind | null> {
  let read: Awaited<ReturnType<typeof readZip>>;
  try {
    read = await readZip(bytes, limits, {
      keep: (name) => name === '[Content_Types].xml' || isEmbeddedObject(name),
      sink,
    });
  } catch (e) {
    if (notAZip(e)) return null;
    throw e;
  }
  const { entries, kept } = read;
  const names = new Set(entries.map((e) => e.name));
  const kind = (Object.keys(MAIN_PART) as OfficeKind[]).find((k) => names.has(MAIN_PART[k]));
  if (!kind || !names.has('[Content_Types].xml') || !names.has('_rels/.rels')) return null;
  for (const e of entries) {
    if (EXECUTABLE_PART.test(e.name)) throw refused('宏或 ActiveX 控件 / macros or ActiveX controls', e.name);
    if (EXECUTABLE_NAME.test(e.name) || runs(e.head)) throw refused('程序或脚本 / a program or script', e.name);
    const ole = kept.get(e.name);
    if (ole && isEmbeddedObject(e.name) && packsExecutable(ole))
      throw refused('嵌入的程序 / an embedded program', e.name);
  }
  const types = kept.get('[Content_Types].xml')?.toString('utf8') ?? '';
  const macro = EXECUTABLE_CONTENT_TYPE.exec(types);
  if (macro) throw refused('启用宏的文档 / a macro-enabled document', macro[0]);
  return kind;
}
