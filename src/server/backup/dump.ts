// `duban backup FILE` and POST /api/v1/admin/backup: every table read in one REPEATABLE READ, READ ONLY
// transaction (one snapshot, so the backup is consistent while the server keeps writing), then written to a file
// beside the target and renamed over it, so a failed backup never leaves a half-written file behind.
//
// The rows are read into memory inside the transaction and written after it ends: on PGlite (one connection) every
// other query waits while a transaction is open, so the snapshot is held for the reads only, not for gzip and disk.
// Evidence files are read after the snapshot: they are content-addressed, written before the row that names them
// commits and never changed or deleted, so every file a snapshot row names is there, with the bytes it had.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { DEFAULT_ORGANISATION_SLUG } from '../../api/constants.js';
import { DubanError } from '../../core/errors.js';
import type { Database, Db } from '../db/client.js';
import { authorize } from '../policy.js';
import { audit } from '../services/audit.js';
import type { Ctx } from '../services/context.js';
import { readCatalog } from './catalog.js';
import { CHUNK_BYTES, FORMAT, type Manifest, VERSION } from './format.js';
import { migrationTag } from './migrations.js';
import { evidencePath } from './paths.js';

interface Snapshot {
  tables: { name: string; columns: string[]; rows: string[] }[];
  files: { sha256: string; storagePath: string }[];
  migrations: string[];
  serverVersion: string;
  audit: Manifest['audit'];
}

async function takeSnapshot(db: Db): Promise<Snapshot> {
  return db.transaction(
    async (tx) => {
      // Timestamps written with +00:00; any zone would restore to the same instant, UTC keeps files comparable.
      await tx.execute(sql`set local timezone = 'UTC'`);
      const catalog = await readCatalog(tx);
      const tables: Snapshot['tables'] = [];
      for (const table of catalog) {
        const order = sql.join(
          table.primaryKey.map((c) => sql.identifier(c)),
          sql`, `,
        );
        const result = await tx.execute<{ r: string }>(
          sql`select row_to_json(t)::text as r from ${sql.identifier(table.name)} t order by ${order}`,
        );
        tables.push({ name: table.name, columns: table.columns, rows: result.rows.map((row) => row.r) });
      }
      const files = await tx.execute<{ sha256: string; storagePath: string }>(
        sql`select distinct sha256, storage_path as "storagePath" from evidence_files order by sha256, storage_path`,
      );
      const migrations = await tx.execute<{ hash: string }>(
        sql`select hash from drizzle.__drizzle_migrations order by created_at, id`,
      );
      const version = await tx.execute<{ v: string }>(sql`select current_setting('server_version') as v`);
      // Each organisation's chain head (the newest entry of each), and the default organisation's as `head`.
      const heads = await tx.execute<{ slug: string; id: string | number; hash: string }>(
        sql`select o.slug, e.id, e.hash from organisations o
            join lateral (select id, hash from audit_entries a where a.organisation_id = o.id order by id desc limit 1) e
            on true order by o.slug`,
      );
      const count = await tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_entries`);
      const chains = Object.fromEntries(heads.rows.map((h) => [h.slug, { id: Number(h.id), hash: h.hash }]));
      return {
        tables,
        files: files.rows,
        migrations: migrations.rows.map((m) => m.hash),
        serverVersion: version.rows[0]?.v ?? 'unknown',
        audit: { entries: count.rows[0]?.n ?? 0, head: chains[DEFAULT_ORGANISATION_SLUG] ?? null, chains },
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** The lines of the backup file, with the manifest computed on the way and written last. */
async function* render(snapshot: Snapshot, kind: Database['kind'], dataDir: string, createdAt: Date) {
  const content = createHash('sha256');
  const line = (text: string): Buffer => {
    if (text.includes('\n')) throw new Error('a backup line contains a newline');
    const bytes = Buffer.from(`${text}\n`, 'utf8');
    content.update(bytes);
    return bytes;
  };
  const migration = await migrationTag(snapshot.migrations);
  yield line(
    JSON.stringify({ kind: 'header', format: FORMAT, version: VERSION, createdAt: createdAt.toISOString(), migration }),
  );
  const tables: Manifest['tables'] = [];
  for (const table of snapshot.tables) {
    yield line(JSON.stringify({ kind: 'table', name: table.name, columns: table.columns, rows: table.rows.length }));
    const hash = createHash('sha256');
    for (const row of table.rows) {
      const bytes = line(row);
      hash.update(bytes);
      yield bytes;
    }
    tables.push({ name: table.name, rows: table.rows.length, sha256: hash.digest('hex') });
  }
  const files: Manifest['files'] = [];
  const seen = new Set<string>();
  for (const file of snapshot.files) {
    if (seen.has(file.sha256)) continue;
    seen.add(file.sha256);
    const path = evidencePath(dataDir, file.storagePath);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      throw missingFile(file.sha256, file.storagePath);
    }
    yield line(JSON.stringify({ kind: 'file', sha256: file.sha256, size }));
    const hash = createHash('sha256');
    let read = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      read += chunk.length;
      yield line(chunk.toString('base64'));
    }
    if (read !== size || hash.digest('hex') !== file.sha256) throw missingFile(file.sha256, file.storagePath, true);
    files.push({ sha256: file.sha256, size });
  }
  const manifest: Manifest = {
    kind: 'manifest',
    format: FORMAT,
    version: VERSION,
    createdAt: createdAt.toISOString(),
    source: { database: kind, serverVersion: snapshot.serverVersion },
    schema: { migration, migrations: snapshot.migrations },
    tables,
    files,
    audit: snapshot.audit,
    contentSha256: content.digest('hex'),
  };
  yield Buffer.from(`${JSON.stringify(manifest)}\n`, 'utf8');
  return manifest;
}

function missingFile(sha256: string, storagePath: string, changed = false): DubanError {
  return new DubanError(
    'backup_evidence_missing',
    changed
      ? {
          zh: `佐证材料 ${storagePath} 的内容与数据库记录的 sha256（${sha256}）不符：文件已损坏，备份中止。`,
          en: `Evidence file ${storagePath} does not match its recorded sha256 (${sha256}): it is damaged; the backup was stopped.`,
        }
      : {
          zh: `佐证材料 ${storagePath}（sha256 ${sha256}）在数据目录中不存在，备份中止：请检查 DUBAN_DATA_DIR 是否指向服务所用的数据目录。`,
          en: `Evidence file ${storagePath} (sha256 ${sha256}) is missing from the data folder; the backup was stopped. Check that DUBAN_DATA_DIR is the folder the server uses.`,
        },
    500,
    { sha256, storagePath },
  );
}

export interface BackupOptions {
  /** Who asked, for the audit log (`backup.create`) and the policy check. */
  ctx: Ctx;
  dataDir: string;
}

/**
 * Writes a complete backup to `file` (mode 0600: it holds password hashes) and returns its manifest. The file
 * appears only when complete: it is written beside the target under a temporary name and renamed at the end.
 */
export async function createBackup(database: Database, file: string, options: BackupOptions): Promise<Manifest> {
  const { ctx } = options;
  authorize(ctx.actor, 'backups.manage');
  await database.db.transaction((tx) =>
    audit(tx, ctx, { action: 'backup.create', details: { database: database.kind } }),
  );
  const createdAt = ctx.clock();
  const snapshot = await takeSnapshot(database.db);
  const temporary = `${file}.${process.pid}.${Date.now()}.partial`;
  const lines = render(snapshot, database.kind, options.dataDir, createdAt);
  let manifest: Manifest | undefined;
  async function* capture() {
    for (;;) {
      const next = await lines.next();
      if (next.done) {
        manifest = next.value;
        return;
      }
      yield next.value;
    }
  }
  try {
    await pipeline(Readable.from(capture()), createGzip(), createWriteStream(temporary, { mode: 0o600, flags: 'wx' }));
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof DubanError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DubanError(
      'backup_write_failed',
      {
        zh: `无法写入备份文件 ${basename(file)}（${code ?? (error as Error).message}）。`,
        en: `Cannot write the backup file ${basename(file)} (${code ?? (error as Error).message}).`,
      },
      code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' ? 400 : 500,
    );
  }
  return manifest as Manifest;
}
