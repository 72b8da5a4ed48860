// `duban restore FILE`: into an empty, freshly migrated database only. The file is read twice: once to check all
// of it (structure, every digest, the schema it fits) before anything is written, then again inside one
// transaction that inserts every table in foreign-key order, keeps identity values (audit_entries.id) and resets
// their sequences, and records the restore in the audit log. Evidence files are staged in the data folder and
// moved into place before that transaction commits; if anything fails, the transaction rolls back and the files it
// placed are removed. Nothing half-restored is left behind.

import { createHash } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { DubanError } from '../../core/errors.js';
import type { Database, Db } from '../db/client.js';
import { authorize } from '../policy.js';
import { audit } from '../services/audit.js';
import type { Ctx } from '../services/context.js';
import { defaultOrganisationId } from '../services/organisations.js';
import { parentsFirst, readCatalog, SEEDED_TABLES, type TableInfo } from './catalog.js';
import { invalidBackup, type Manifest, readBackup, type TableHeader } from './format.js';
import { localMigrations } from './migrations.js';
import { evidencePath } from './paths.js';

/** Rows per INSERT, and the JSON text one INSERT carries at most. */
const BATCH_ROWS = 1000;
const BATCH_BYTES = 8 * 1024 * 1024;

export interface CheckedBackup {
  manifest: Manifest;
  /** storage_path of every evidence row, by sha256. */
  evidence: Map<string, Set<string>>;
}

/**
 * Reads the whole file and checks it without touching any database: structure and digests (readBackup), that this
 * duban's migrations are exactly the ones the backup's rows fit, and that every evidence row has its file, under
 * a safe path.
 */
export async function checkBackup(file: string, dataDir = '/'): Promise<CheckedBackup> {
  const evidence = new Map<string, Set<string>>();
  const manifest = await readBackup(file, {
    row(table, row) {
      if (table.name !== 'evidence_files') return;
      const sha256 = String(row.sha256);
      const storagePath = String(row.storage_path);
      try {
        evidencePath(dataDir, storagePath);
      } catch (error) {
        throw invalidBackup(file, (error as DubanError).messages);
      }
      const paths = evidence.get(sha256) ?? new Set<string>();
      paths.add(storagePath);
      evidence.set(sha256, paths);
    },
  });
  const shipped = manifest.files.map((f) => f.sha256);
  const absent = [...evidence.keys()].filter((sha) => !shipped.includes(sha));
  if (absent.length > 0) {
    throw invalidBackup(file, {
      zh: `有 ${absent.length} 个佐证材料文件不在备份中（如 ${absent[0]}）。`,
      en: `${absent.length} evidence file(s) are missing from the backup (e.g. ${absent[0]}).`,
    });
  }
  const local = await localMigrations();
  const same =
    local.length === manifest.schema.migrations.length &&
    local.every((m, i) => m.hash === manifest.schema.migrations[i]);
  if (!same) {
    const ours = local[local.length - 1]?.tag ?? 'none';
    const older = manifest.schema.migrations.every((hash, i) => local[i]?.hash === hash);
    throw new DubanError(
      'backup_schema_mismatch',
      older
        ? {
            zh: `备份的数据库结构（${manifest.schema.migration}）比本程序（${ours}）旧：请用生成该备份的 duban 版本恢复，再升级（启动新版本时自动迁移）。`,
            en: `The backup's schema (${manifest.schema.migration}) is older than this duban's (${ours}): restore it with the duban version that made it, then upgrade (the new version migrates on start).`,
          }
        : {
            zh: `备份的数据库结构（${manifest.schema.migration}）不是本程序的版本（${ours}）所能识别的：请用生成该备份的 duban 版本（或更新的版本）恢复。`,
            en: `The backup's schema (${manifest.schema.migration}) is unknown to this duban (${ours}): restore it with the duban version that made it, or a newer one.`,
          },
      400,
      { backup: manifest.schema.migration, ours },
    );
  }
  return { manifest, evidence };
}

async function nonEmptyTables(db: Db, catalog: TableInfo[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of catalog) {
    if (SEEDED_TABLES.includes(table.name)) continue;
    const r = await db.execute<{ e: boolean }>(sql`select exists (select 1 from ${sql.identifier(table.name)}) as e`);
    if (r.rows[0]?.e) found.push(table.name);
  }
  return found;
}

export interface RestoreOptions {
  /** Who restores, for the audit entry (`backup.restore`) and the policy check. */
  ctx: Omit<Ctx, 'db'>;
  dataDir: string;
  /** The result of checkBackup on this file, when the caller already has it (the CLI checks before opening). */
  checked?: CheckedBackup;
}

export interface RestoreResult {
  manifest: Manifest;
  rows: number;
  files: number;
}

export async function restoreBackup(database: Database, file: string, options: RestoreOptions): Promise<RestoreResult> {
  const { ctx, dataDir } = options;
  authorize(ctx.actor, 'backups.manage');
  const { manifest, evidence } = options.checked ?? (await checkBackup(file, dataDir));
  const db = database.db;

  const catalog = await readCatalog(db);
  const byName = new Map(catalog.map((t) => [t.name, t]));
  const mismatch = manifest.tables.filter((t) => !byName.has(t.name)).map((t) => t.name);
  mismatch.push(...catalog.filter((t) => !manifest.tables.some((m) => m.name === t.name)).map((t) => t.name));
  if (mismatch.length > 0) {
    throw new DubanError('backup_schema_mismatch', {
      zh: `备份中的数据表与目标数据库不一致：${mismatch.join('、')}。`,
      en: `The backup's tables do not match the target database's: ${mismatch.join(', ')}.`,
    });
  }
  const occupied = await nonEmptyTables(db, catalog);
  if (occupied.length > 0) {
    throw new DubanError(
      'restore_target_not_empty',
      {
        zh: `目标数据库不是空的（${occupied.slice(0, 5).join('、')}${occupied.length > 5 ? '…' : ''} 中已有数据），恢复只能在全新的空数据库中进行，未做任何修改。请新建数据库（或新的数据目录 DUBAN_DATA_DIR），且在恢复前不要启动服务。`,
        en: `The target database is not empty (${occupied.slice(0, 5).join(', ')}${occupied.length > 5 ? '…' : ''} hold rows); a restore goes into a new, empty database only. Nothing was changed. Create a new database (or a new data folder DUBAN_DATA_DIR) and do not start the server before restoring.`,
      },
      400,
      { tables: occupied },
    );
  }

  const staging = join(dataDir, `.restore-${process.pid}-${Date.now()}`);
  const placed: string[] = [];
  let rows = 0;
  try {
    await mkdir(staging, { recursive: true });
    await db.transaction(async (tx) => {
      // The migration's defaults make way for the backup's rows.
      for (const name of SEEDED_TABLES)
        if (byName.has(name)) await tx.execute(sql`delete from ${sql.identifier(name)}`);
      let pending: Record<string, unknown>[] = [];
      let staged: Awaited<ReturnType<typeof open>> | null = null;
      const insert = async (header: TableHeader) => {
        const table = byName.get(header.name) as TableInfo;
        const columns = header.columns;
        if (columns.length !== table.columns.length || columns.some((c) => !table.columns.includes(c))) {
          throw new DubanError('backup_schema_mismatch', {
            zh: `备份中数据表 ${header.name} 的列与目标数据库不一致。`,
            en: `The columns of table ${header.name} in the backup differ from the target database's.`,
          });
        }
        const list = sql.join(
          columns.map((c) => sql.identifier(c)),
          sql`, `,
        );
        const ordered = parentsFirst(table, pending);
        pending = [];
        for (let start = 0; start < ordered.length; ) {
          const batch: Record<string, unknown>[] = [];
          let bytes = 0;
          let json = '[';
          while (start < ordered.length && batch.length < BATCH_ROWS && bytes < BATCH_BYTES) {
            const text = JSON.stringify(ordered[start]);
            json += (batch.length > 0 ? ',' : '') + text;
            bytes += text.length;
            batch.push(ordered[start] as Record<string, unknown>);
            start += 1;
          }
          json += ']';
          await tx.execute(
            sql`insert into ${sql.identifier(header.name)} (${list}) overriding system value
                select ${list} from json_populate_recordset(null::${sql.identifier(header.name)}, ${json}::json)`,
          );
          rows += batch.length;
        }
        for (const column of table.identityColumns) {
          await tx.execute(sql`select setval(pg_get_serial_sequence(${header.name}, ${column}),
            coalesce(max(${sql.identifier(column)}), 1), max(${sql.identifier(column)}) is not null)
            from ${sql.identifier(header.name)}`);
        }
      };
      await readBackup(file, {
        row(_table, row) {
          pending.push(row);
        },
        tableEnd: insert,
        async fileStart(sha256) {
          staged = await open(join(staging, sha256), 'w', 0o600);
        },
        async fileChunk(bytes) {
          await staged?.write(bytes);
        },
        async fileEnd(sha256) {
          await staged?.close();
          staged = null;
          const source = join(staging, sha256);
          // readBackup checked the digest of what it read; this checks what reached the disk.
          if (
            createHash('sha256')
              .update(await readFile(source))
              .digest('hex') !== sha256
          ) {
            throw new DubanError(
              'restore_write_failed',
              {
                zh: `写入佐证材料 ${sha256} 时出错（写入后校验不符）。`,
                en: `Writing evidence file ${sha256} failed (the written bytes do not match).`,
              },
              500,
            );
          }
          for (const storagePath of evidence.get(sha256) ?? []) {
            const target = evidencePath(dataDir, storagePath);
            if (existsSync(target)) {
              const current = createHash('sha256')
                .update(await readFile(target))
                .digest('hex');
              if (current === sha256) continue;
              throw new DubanError('restore_target_not_empty', {
                zh: `数据目录中已有同名但内容不同的文件：${storagePath}。恢复只能在全新的数据目录中进行。`,
                en: `The data folder already holds a different file at ${storagePath}; restore into a new data folder.`,
              });
            }
            await mkdir(dirname(target), { recursive: true });
            await copyFile(source, target, constants.COPYFILE_EXCL);
            placed.push(target);
          }
          await rm(source);
        },
      });
      // The restorer acted in the migration's default organisation, which the backup's rows replaced.
      const organisationId = await defaultOrganisationId(tx);
      const actor = ctx.actor ? { ...ctx.actor, organisationId } : null;
      await audit(
        tx,
        { ...ctx, actor },
        {
          action: 'backup.restore',
          details: {
            backupCreatedAt: manifest.createdAt,
            contentSha256: manifest.contentSha256,
            source: manifest.source.database,
            rows,
            files: manifest.files.length,
          },
        },
      );
    });
  } catch (error) {
    for (const path of placed) await rm(path, { force: true });
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { manifest, rows, files: manifest.files.length };
}
