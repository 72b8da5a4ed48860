// The backup container (docs/decisions/0004-backup-format.md): one gzip stream of lines.
//
//   {"kind":"header","format":"duban-backup","version":1,"createdAt":…,"migration":…}
//   {"kind":"table","name":"units","columns":[…],"rows":N}      then N lines, one JSON object per row
//   {"kind":"file","sha256":…,"size":N}                         then lines of base64, N bytes in all
//   {"kind":"manifest",…}                                       last line: counts and sha256 of everything
//
// Rows are PostgreSQL's own row_to_json text (bytea as \x… hex, timestamps with their offset, jsonb as JSON), so a
// restore reads them back with json_populate_recordset and every value keeps its exact type. The manifest comes
// last because only then are the counts and digests known; a file cut short has no manifest and is refused, and
// `contentSha256` covers every byte before it, so no line can change unnoticed.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { DEFAULT_ORGANISATION_SLUG } from '../../api/constants.js';
import { type Bilingual, DubanError } from '../../core/errors.js';

export const FORMAT = 'duban-backup';
export const VERSION = 1;
/** Bytes of an evidence file per base64 line. */
export const CHUNK_BYTES = 768 * 1024;
/** No line of a backup we write comes near this (a 10 MB notice in hex is ~20 MB); longer means a foreign file. */
const MAX_LINE_BYTES = 96 * 1024 * 1024;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const name = z.string().regex(/^[a-z_][a-z0-9_]*$/);

export const headerSchema = z.object({
  kind: z.literal('header'),
  format: z.literal(FORMAT),
  version: z.number().int(),
  createdAt: z.string(),
  migration: z.string(),
});

export const tableHeaderSchema = z.object({
  kind: z.literal('table'),
  name,
  columns: z.array(name).min(1),
  rows: z.number().int().min(0),
});
export type TableHeader = z.infer<typeof tableHeaderSchema>;

export const fileHeaderSchema = z.object({
  kind: z.literal('file'),
  sha256: sha256Hex,
  size: z.number().int().min(0),
});

export const manifestSchema = z.object({
  kind: z.literal('manifest'),
  format: z.literal(FORMAT),
  version: z.number().int(),
  createdAt: z.string(),
  source: z.object({ database: z.enum(['pglite', 'pg']), serverVersion: z.string() }),
  /** The schema the rows fit: the newest migration's tag and every applied migration's hash, oldest first. */
  schema: z.object({ migration: z.string(), migrations: z.array(z.string()) }),
  tables: z.array(z.object({ name, rows: z.number().int().min(0), sha256: sha256Hex })),
  files: z.array(z.object({ sha256: sha256Hex, size: z.number().int().min(0) })),
  /**
   * The audit chains' heads when the snapshot was taken: anchors for `duban audit verify --anchor`. `chains` holds
   * one per organisation (by slug); `head` is the default organisation's, all a manifest held before organisations
   * existed (and still read as the default organisation's anchor when `chains` is absent).
   */
  audit: z.object({
    entries: z.number().int().min(0),
    head: z.object({ id: z.number().int(), hash: sha256Hex }).nullable(),
    chains: z.record(z.string(), z.object({ id: z.number().int(), hash: sha256Hex })).optional(),
  }),
  /** sha256 of the uncompressed bytes before the manifest line. */
  contentSha256: sha256Hex,
});
export type Manifest = z.infer<typeof manifestSchema>;

export function invalidBackup(file: string, reason: Bilingual, details?: unknown): DubanError {
  return new DubanError(
    'backup_invalid',
    {
      zh: `备份文件 ${file} 无效，未做任何修改：${reason.zh}`,
      en: `The backup file ${file} is not usable; nothing was changed: ${reason.en}`,
    },
    400,
    details,
  );
}

/** The uncompressed lines of a backup file (without their '\n'); a line not ended by '\n' is an error. */
async function* lines(file: string): AsyncGenerator<Buffer> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        const part = chunk.subarray(start, nl);
        yield pending.length === 0 ? part : Buffer.concat([...pending, part]);
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) throw invalidBackup(file, NOT_OURS);
      }
    }
  } catch (error) {
    if (error instanceof DubanError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw fileError(file, { zh: '找不到该文件。', en: 'no such file.' });
    if (code === 'EISDIR') throw fileError(file, { zh: '这是一个目录。', en: 'it is a directory.' });
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
      throw invalidBackup(file, {
        zh: '不是 gzip 压缩的 duban 备份，或文件已损坏。',
        en: 'it is not a gzip-compressed duban backup, or it is corrupt.',
      });
    if (code === 'EACCES') throw fileError(file, { zh: '没有读取权限。', en: 'permission denied.' });
    throw invalidBackup(file, {
      zh: `读取失败（${code ?? (error as Error).message}）。`,
      en: `cannot read it (${code ?? (error as Error).message}).`,
    });
  } finally {
    input.destroy();
  }
  if (pendingBytes > 0) throw invalidBackup(file, TRUNCATED);
}

function fileError(file: string, reason: Bilingual): DubanError {
  return new DubanError('file_unreadable', {
    zh: `无法读取备份文件 ${file}：${reason.zh}`,
    en: `Cannot read the backup file ${file}: ${reason.en}`,
  });
}

const NOT_OURS: Bilingual = { zh: '这不是 duban 备份文件。', en: 'this is not a duban backup file.' };
const TRUNCATED: Bilingual = {
  zh: '文件不完整（被截断），缺少末尾的清单。',
  en: 'the file is incomplete (truncated): its closing manifest is missing.',
};

/** What a reader of a backup is told, in file order; each call is awaited before the next line is read. */
export interface BackupVisitor {
  header?(header: z.infer<typeof headerSchema>): Promise<void> | void;
  table?(table: TableHeader): Promise<void> | void;
  row?(table: TableHeader, row: Record<string, unknown>): Promise<void> | void;
  tableEnd?(table: TableHeader): Promise<void> | void;
  fileStart?(sha256: string, size: number): Promise<void> | void;
  fileChunk?(bytes: Buffer): Promise<void> | void;
  fileEnd?(sha256: string): Promise<void> | void;
}

function parseLine<T>(file: string, line: Buffer, schema: z.ZodType<T>, what: Bilingual): T {
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch {
    throw invalidBackup(file, { zh: `${what.zh}不是有效的 JSON。`, en: `${what.en} is not valid JSON.` });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw invalidBackup(file, {
      zh: `${what.zh}格式不符：${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      en: `${what.en} is malformed: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
    });
  }
  return parsed.data;
}

const rowSchema = z.record(z.string(), z.unknown());
const sectionSchema = z.discriminatedUnion('kind', [
  tableHeaderSchema,
  fileHeaderSchema,
  z.object({ kind: z.literal('manifest') }).loose(),
]);

/**
 * Reads a whole backup, checking its structure and every digest against the manifest, and returns the manifest.
 * Throws `backup_invalid` (400) at the first thing wrong. Visitors run as the file is read, so a caller that writes
 * must first read the file once without writing (restore does), since a fault may come after the first rows.
 */
export async function readBackup(file: string, visitor: BackupVisitor = {}): Promise<Manifest> {
  const it = lines(file)[Symbol.asyncIterator]();
  const content = createHash('sha256');
  const next = async (): Promise<Buffer> => {
    const r = await it.next();
    if (r.done) throw invalidBackup(file, TRUNCATED);
    return r.value;
  };

  const first = await it.next();
  if (first.done) throw invalidBackup(file, { zh: '文件是空的。', en: 'the file is empty.' });
  let probe: unknown;
  try {
    probe = JSON.parse(first.value.toString('utf8'));
  } catch {
    throw invalidBackup(file, NOT_OURS);
  }
  if ((probe as { format?: unknown } | null)?.format !== FORMAT) throw invalidBackup(file, NOT_OURS);
  const header = parseLine(file, first.value, headerSchema, { zh: '文件头', en: 'the header' });
  if (header.version !== VERSION) throw unsupportedVersion(file, header.version);
  content.update(first.value).update('\n');
  await visitor.header?.(header);

  const tables: Manifest['tables'] = [];
  const files: Manifest['files'] = [];
  for (;;) {
    const line = await next();
    const section = parseLine(file, line, sectionSchema, { zh: '分段头', en: 'a section header' });
    if (section.kind === 'manifest') {
      const manifest = parseLine(file, line, manifestSchema, { zh: '清单', en: 'the manifest' });
      if (manifest.version !== VERSION) throw unsupportedVersion(file, manifest.version);
      if (manifest.contentSha256 !== content.digest('hex')) throw invalidBackup(file, CHANGED);
      if (!sameList(manifest.tables, tables) || !sameList(manifest.files, files)) throw invalidBackup(file, CHANGED);
      if ((await it.next()).done !== true) {
        throw invalidBackup(file, { zh: '清单之后还有多余内容。', en: 'there is more data after the manifest.' });
      }
      return manifest;
    }
    content.update(line).update('\n');
    if (section.kind === 'table') {
      if (tables.some((t) => t.name === section.name)) throw invalidBackup(file, CHANGED);
      await visitor.table?.(section);
      const hash = createHash('sha256');
      for (let i = 0; i < section.rows; i++) {
        const row = await next();
        content.update(row).update('\n');
        hash.update(row).update('\n');
        const value = parseLine(file, row, rowSchema, {
          zh: `数据表 ${section.name} 的第 ${i + 1} 行`,
          en: `row ${i + 1} of table ${section.name}`,
        });
        await visitor.row?.(section, value);
      }
      tables.push({ name: section.name, rows: section.rows, sha256: hash.digest('hex') });
      await visitor.tableEnd?.(section);
    } else {
      await visitor.fileStart?.(section.sha256, section.size);
      const hash = createHash('sha256');
      let read = 0;
      while (read < section.size) {
        const line = await next();
        content.update(line).update('\n');
        const bytes = Buffer.from(line.toString('latin1'), 'base64');
        if (bytes.length === 0 || read + bytes.length > section.size) throw invalidBackup(file, CHANGED);
        hash.update(bytes);
        read += bytes.length;
        await visitor.fileChunk?.(bytes);
      }
      if (hash.digest('hex') !== section.sha256) {
        throw invalidBackup(file, {
          zh: `佐证材料 ${section.sha256} 的内容与其 sha256 不符。`,
          en: `evidence file ${section.sha256} does not match its sha256.`,
        });
      }
      files.push({ sha256: section.sha256, size: section.size });
      await visitor.fileEnd?.(section.sha256);
    }
  }
}

const CHANGED: Bilingual = {
  zh: '内容与清单中的校验值不符（文件被修改或损坏）。',
  en: 'its content does not match the digests in its manifest (the file was changed or is corrupt).',
};

function unsupportedVersion(file: string, version: number): DubanError {
  return invalidBackup(file, {
    zh: `备份格式版本 ${version} 不受支持（本程序读取版本 ${VERSION}）：请使用生成它的 duban 版本恢复。`,
    en: `backup format version ${version} is not supported (this duban reads version ${VERSION}): restore it with the duban version that made it.`,
  });
}

function sameList<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => canonical(x) === canonical(b[i] as T));
}

function canonical(x: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(x).sort(([k1], [k2]) => (k1 < k2 ? -1 : 1))));
}

/** The anchors a manifest holds, by organisation slug (a manifest of the single-chain format: the default one's). */
export function manifestAnchors(manifest: Manifest): Record<string, { id: number; hash: string }> {
  if (manifest.audit.chains) return manifest.audit.chains;
  return manifest.audit.head ? { [DEFAULT_ORGANISATION_SLUG]: manifest.audit.head } : {};
}

/** Reads a backup's manifest (validating the whole file on the way): what `--anchor BACKUP` and `--check` use. */
export function readManifest(file: string): Promise<Manifest> {
  return readBackup(file);
}

/** True when the file starts with gzip's magic bytes (a backup) rather than text (an anchor file). */
export function looksCompressed(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
