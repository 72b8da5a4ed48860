// Reading a zip container (.xlsx, .docx) the way a parser would, but bounded: every entry's declared size and
// count is checked from the central directory before anything is inflated, then every entry is inflated as a
// stream and its actual bytes counted (yauzl also refuses an entry that inflates past its declared size), so
// a zip bomb is refused after a few megabytes of work, whatever its headers claim. Nothing is kept in memory
// but what the caller asks for.

import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { DubanError } from './errors.js';
import { RATIO_FLOOR_BYTES, type ZipLimits } from './limits.js';

export type { ZipLimits };

export interface ZipEntryInfo {
  name: string;
  size: number;
  compressedSize: number;
  /** The first bytes of the entry's content (what it is, whatever its name). */
  head: Buffer;
}

export interface EntrySink {
  write(chunk: Buffer): void;
  end(): void;
}

export interface ReadZipOptions {
  /** Entries whose whole content the caller wants back (each bounded by maxEntryBytes). */
  keep?: (name: string) => boolean;
  /** Entries the caller reads as they stream (e.g. a sheet's XML scanned for merged cells). */
  sink?: (name: string) => EntrySink | undefined;
}

const MB = 1024 * 1024;
const mb = (n: number) => Math.round(n / MB);

type Stage = 'open' | 'list' | 'inflate';
const invalid = (stage: Stage, detail: string) =>
  new DubanError(
    'zip_invalid',
    {
      zh: '文件是损坏或不规范的压缩包（Office 文档），无法读取。',
      en: 'The file is a damaged or malformed zip container (Office document) and cannot be read.',
    },
    400,
    { stage, detail },
  );

const sizeLie = (entry: string, detail: string) =>
  new DubanError(
    'zip_size_mismatch',
    {
      zh: '压缩包中的部件解压后与其声明的大小不符，疑似“压缩炸弹”，已拒绝。',
      en: 'A part of the zip expands to a size other than the one it declares; it looks like a zip bomb and was refused.',
    },
    400,
    { entry, detail },
  );

/** Whether the error says the bytes are no zip at all (rather than a damaged or lying one). */
export const notAZip = (e: unknown) =>
  e instanceof DubanError && e.code === 'zip_invalid' && (e.details as { stage?: Stage })?.stage === 'open';

export const zipTooLarge = (limits: ZipLimits, detail: Record<string, unknown>) =>
  new DubanError(
    'zip_too_large',
    {
      zh: `文件解压后过大（上限：共 ${mb(limits.maxTotalBytes)} MB、单个部件 ${mb(limits.maxEntryBytes)} MB、压缩比 ${limits.maxRatio}:1、${limits.maxEntries} 个部件），疑似“压缩炸弹”，已拒绝。`,
      en: `The file expands too far (limits: ${mb(limits.maxTotalBytes)} MB in all, ${mb(limits.maxEntryBytes)} MB per part, ratio ${limits.maxRatio}:1, ${limits.maxEntries} parts); it looks like a zip bomb and was refused.`,
    },
    413,
    detail,
  );

const isDirectory = (e: Entry) => e.fileName.endsWith('/');

function entriesOf(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const out: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function overLimit(limits: ZipLimits, name: string, size: number, compressedSize: number, total: number) {
  if (size > limits.maxEntryBytes) return { entry: name, size, limit: limits.maxEntryBytes };
  if (total > limits.maxTotalBytes) return { entry: name, total, limit: limits.maxTotalBytes };
  if (size > RATIO_FLOOR_BYTES && size > compressedSize * limits.maxRatio)
    return { entry: name, size, compressedSize, ratio: limits.maxRatio };
  return null;
}

/** Checks the zip against the limits while inflating every entry once; throws DubanError (400/413). */
export async function readZip(
  bytes: Uint8Array,
  limits: ZipLimits,
  options: ReadZipOptions = {},
): Promise<{ entries: ZipEntryInfo[]; kept: Map<string, Buffer> }> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (err, z) =>
        err || !z ? reject(err) : resolve(z),
      ),
    );
  } catch (e) {
    throw invalid('open', String((e as Error)?.message ?? e));
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw zipTooLarge(limits, { entries: zip.entryCount });
    let listed: Entry[];
    try {
      listed = await entriesOf(zip);
    } catch (e) {
      throw invalid('list', String((e as Error)?.message ?? e));
    }
    // What the headers declare, before a byte is inflated.
    let declared = 0;
    for (const e of listed) {
      declared += e.uncompressedSize;
      const over = overLimit(limits, e.fileName, e.uncompressedSize, e.compressedSize, declared);
      if (over) throw zipTooLarge(limits, { declared: true, ...over });
    }
    // What the entries actually inflate to.
    const entries: ZipEntryInfo[] = [];
    const kept = new Map<string, Buffer>();
    let total = 0;
    for (const e of listed) {
      if (isDirectory(e)) continue;
      const keep = options.keep?.(e.fileName) ? ([] as Buffer[]) : null;
      const sink = options.sink?.(e.fileName);
      let size = 0;
      let head = Buffer.alloc(0);
      let stream: NodeJS.ReadableStream & { destroy(): void };
      try {
        stream = await new Promise((resolve, reject) =>
          zip.openReadStream(e, (err, s) => (err || !s ? reject(err) : resolve(s))),
        );
      } catch (err) {
        throw invalid('inflate', String((err as Error)?.message ?? err));
      }
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          size += chunk.length;
          total += chunk.length;
          const over = overLimit(limits, e.fileName, size, e.compressedSize, total);
          if (over) throw zipTooLarge(limits, { declared: false, ...over });
          if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
          keep?.push(chunk);
          sink?.write(chunk);
        }
      } catch (err) {
        stream.destroy();
        if (err instanceof DubanError) throw err;
        // yauzl's own checks: more (or fewer) bytes than declared (a lying header), a corrupt deflate stream.
        const message = String((err as Error)?.message ?? err);
        if (/bytes in the stream/.test(message)) throw sizeLie(e.fileName, message);
        throw invalid('inflate', message);
      }
      sink?.end();
      if (keep) kept.set(e.fileName, Buffer.concat(keep));
      entries.push({ name: e.fileName, size, compressedSize: e.compressedSize, head });
    }
    return { entries, kept };
  } finally {
    zip.close();
  }
}

export interface OpenedZip {
  names: ReadonlySet<string>;
  /** The entry's bytes as they inflate; undefined when the zip has no such entry. */
  open(name: string): Promise<NodeJS.ReadableStream | undefined>;
  close(): void;
}

/**
 * A zip's entries by name through its central directory, each inflated on demand and in the order the caller
 * chooses (not the order they are stored). For bytes readZip has already checked against the limits; yauzl
 * still refuses an entry that inflates past its declared size.
 */
export async function openZip(bytes: Uint8Array): Promise<OpenedZip> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (err, z) =>
      err || !z ? reject(invalid('open', String(err?.message ?? err))) : resolve(z),
    ),
  );
  let listed: Entry[];
  try {
    listed = await entriesOf(zip);
  } catch (e) {
    zip.close();
    throw invalid('list', String((e as Error)?.message ?? e));
  }
  const byName = new Map(listed.filter((e) => !isDirectory(e)).map((e) => [e.fileName, e]));
  return {
    names: new Set(byName.keys()),
    open: async (name) => {
      const entry = byName.get(name);
      if (!entry) return undefined;
      return new Promise((resolve, reject) =>
        zip.openReadStream(entry, (err, s) =>
          err || !s ? reject(invalid('inflate', String(err?.message ?? err))) : resolve(s),
        ),
      );
    },
    close: () => zip.close(),
  };
}
