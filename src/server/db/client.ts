// Opens the database duban runs on and brings its schema up to date.
// DATABASE_URL set → a PostgreSQL server through node-postgres; unset → embedded PGlite in <dataDir>/pglite.
// Both are driven through one Drizzle type, Db, so services never know which one they run on.

import { fsyncSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { type Assume, type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { DubanError } from '../../core/errors.js';
import type { Config } from '../config.js';
import { lockDataFolder } from './folder-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;

/** What both drivers' raw results have in common: PGlite's Results and node-postgres' QueryResult both carry rows. */
export interface QueryRows<T> {
  rows: T[];
}

/** Result type of `db.execute(sql…)` on a Db: `.rows` typed by the row type passed to execute<Row>(). */
export interface QueryResultHKT extends PgQueryResultHKT {
  type: QueryRows<Assume<this['row'], Record<string, unknown>>>;
}

/**
 * The Drizzle database every service takes, whichever driver is underneath. PgliteDatabase and NodePgDatabase are
 * both PgDatabase subclasses that differ only in the raw result of `db.execute()`; typing that result as their
 * common part (QueryResultHKT) makes both assignable to Db. Query builders and `db.query.*` are fully typed;
 * raw `db.execute<Row>(sql…)` gives `{ rows: Row[] }` (no driver-specific fields such as rowCount).
 * A transaction (Tx) is a Db too, so functions taking a Db run inside or outside a transaction alike.
 */
export type Db = PgDatabase<QueryResultHKT, Schema>;
export type Tx = PgTransaction<QueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DatabaseKind = 'pglite' | 'pg';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Applies pending migrations; a no-op when the schema is current. openDatabase already called it. */
  migrate(): Promise<void>;
  /**
   * Runs fn while no other duban process runs its start-up steps (migrations, the first admin, the demo) on this
   * database: instances started together on one PostgreSQL server take turns. PGlite has one process anyway (its
   * data folder is locked), so there fn simply runs.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PGlite in memory (tests): nothing is written to dataDir. Ignored when databaseUrl is set. */
  memory?: boolean;
  /** Receives errors of idle PostgreSQL connections (server restart…), which would otherwise crash the process. */
  onPoolError?: (error: Error) => void;
  /** What opens an embedded data folder ("duban start (port 3000)", "duban import"), for the message of a refused second process. */
  holder?: string;
}

/** Resolved against this module, so the server finds its migrations from any working directory. */
export const migrationsFolder = join(import.meta.dirname, 'migrations');

/** Any number; only ever taken by duban's start-up steps (Database.exclusive), so instances starting together take turns. */
const STARTUP_LOCK = 7_291_845_026;

/**
 * Runs queries one after another and answers their results as Promise.all would. For reads inside a transaction: a
 * transaction is one connection, and node-postgres runs one query at a time on a connection (parallel ones were
 * queued with a deprecation warning, an error from its next major version; seen under the load bench on sending).
 */
export async function inTurn<const T extends readonly (() => unknown)[]>(
  steps: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const step of steps) results.push(await step());
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

/** PGlite has one connection: a transaction holds it and every other query waits until it ends. */
export function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: OpenOptions = {},
): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, options) : openPglite(config.dataDir, options);
}

/**
 * PGlite's Node file system, made durable. As shipped, PGlite starts PostgreSQL with fsync off (`-F`), and
 * emscripten's NODEFS has no fsync at all (fsync is a silent no-op, fdatasync too): a commit is only in the OS page
 * cache when its query returns. That survives the process being killed (test/crash.test.ts) but not a power cut or
 * an OS crash, which can lose commits already answered, signed submissions included. Here:
 * - NODEFS gets a real fsync (fs.fsyncSync), so checkpoints flush data files before the WAL they replace is
 *   recycled, and pg_control and directory entries reach the disk;
 * - fsync is on, and the WAL is written with O_DSYNC (wal_sync_method=open_datasync, which emscripten passes to
 *   Node as O_SYNC; the default, fdatasync, would stay a no-op): every commit is on disk before the query returns,
 *   and so before the HTTP answer.
 * Measured on the development machine: ~910 → ~230–570 single-row commits/s (`strace` shows O_SYNC on pg_wal and
 * fsync at checkpoints, none before). NODEFS is emscripten's internal module object: if a PGlite upgrade moves it,
 * opening fails loudly rather than running without durability.
 */
class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const result = await super.init(pg, opts);
    const makeFsyncReal = (mod: { NODEFS?: { stream_ops?: Record<string, unknown> } }) => {
      const ops = mod.NODEFS?.stream_ops;
      if (!ops) throw new Error('PGlite: emscripten NODEFS not found, cannot make commits durable');
      ops.fsync = (stream: { nfd?: number }) => {
        if (stream.nfd !== undefined) fsyncSync(stream.nfd);
        return 0;
      };
    };
    result.emscriptenOpts.preRun = [...(result.emscriptenOpts.preRun ?? []), makeFsyncReal];
    return result;
  }
}

const DURABLE_START_PARAMS = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=open_datasync',
];

/**
 * bytea in and out of PGlite through Node's native hex codec. PGlite's own codec maps every byte through a
 * JavaScript string (`Array.from(bytes).map(…).join('')`, and `parseInt` per byte back): storing a 9 MB notice took
 * 10 s of the only thread and 600 MB of short-lived strings, during which no other request was answered.
 */
const BYTEA_CODEC = {
  serializers: {
    [pgliteTypes.BYTEA]: (value: unknown) => {
      if (!(value instanceof Uint8Array)) throw new Error('bytea parameter must be a Uint8Array');
      return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
    },
  },
  parsers: { [pgliteTypes.BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex') },
};

/** The lock on a data folder taken away while held: stop rather than write next to another process. */
function lockLost(error: Error): never {
  throw new DubanError(
    'data_folder_lock_lost',
    {
      zh: `失去了数据目录的锁（${error.message}），为避免与其他进程同时写入，进程退出。`,
      en: `The lock on the data folder was lost (${error.message}); stopping rather than writing alongside another process.`,
    },
    503,
  );
}

async function openPglite(dataDir: string, options: OpenOptions): Promise<Database> {
  const folder = options.memory ? null : join(dataDir, 'pglite');
  let client: PGlite;
  let unlock = async () => {};
  if (folder) {
    await mkdir(folder, { recursive: true });
    // Before PGlite touches the folder: a second process is refused here, naming the one that holds it.
    unlock = await lockDataFolder(dataDir, options.holder ?? 'duban', lockLost);
  }
  try {
    client = folder
      ? await PGlite.create({
          dataDir: folder,
          fs: new DurableNodeFS(folder),
          startParams: DURABLE_START_PARAMS,
          ...BYTEA_CODEC,
        })
      : await PGlite.create(BYTEA_CODEC);
  } catch (error) {
    await unlock();
    throw new DubanError(
      'database_unavailable',
      {
        zh: `无法打开内置数据库（${folder ?? '内存'}）：${reason(error)}。请检查数据目录 DUBAN_DATA_DIR 是否存在、可写且未被另一个 duban 进程占用。`,
        en: `Cannot open the embedded database (${folder ?? 'in memory'}): ${reason(error)}. Check that the data folder DUBAN_DATA_DIR exists, is writable and is not in use by another duban process.`,
      },
      503,
      { folder },
    );
  }
  const db = drizzlePglite({ client, schema });
  const database: Database = {
    db,
    kind: 'pglite',
    migrate: () => migrateOrExplain(db, () => migratePglite(db, { migrationsFolder })),
    exclusive: (fn) => fn(),
    close: async () => {
      try {
        await client.close();
      } finally {
        await unlock();
      }
    },
  };
  await openedOrClosed(database);
  return database;
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, application_name: 'duban', connectionTimeoutMillis: 10_000 });
  pool.on('error', (error) => (options.onPoolError ?? defaultPoolError)(error));
  const db = drizzlePg({ client: pool, schema });
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    // A session-level advisory lock on a connection of its own; fn runs on other pool connections.
    const lock = await pool.connect();
    try {
      await lock.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
      return await fn();
    } finally {
      await lock.query('select pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
      lock.release();
    }
  };
  const database: Database = {
    db,
    kind: 'pg',
    migrate: () => migrateOrExplain(db, () => exclusive(() => migratePg(db, { migrationsFolder }))),
    exclusive,
    close: () => pool.end(),
  };
  try {
    await db.execute(sql`select 1`);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DubanError(
      'database_unavailable',
      {
        zh: `无法连接 PostgreSQL 数据库（DATABASE_URL，${describeServer(url)}）：${reason(error)}。请检查服务器是否运行、地址、用户名、密码和库名是否正确。`,
        en: `Cannot connect to the PostgreSQL database (DATABASE_URL, ${describeServer(url)}): ${reason(error)}. Check that the server is running and that host, user, password and database name are right.`,
      },
      503,
      { server: describeServer(url), code: errorCode(error) },
    );
  }
  await openedOrClosed(database);
  return database;
}

/** Migrates a freshly opened database; closes it if that fails, so a failed start leaves nothing open. */
async function openedOrClosed(database: Database): Promise<void> {
  try {
    await database.migrate();
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function migrateOrExplain(db: Db, run: () => Promise<void>): Promise<void> {
  try {
    await run();
    await verifyMigrations(db);
  } catch (error) {
    if (error instanceof DubanError) throw error;
    throw new DubanError(
      'database_migration_failed',
      {
        zh: `数据库结构升级失败：${reason(error)}。数据库未被修改（升级在一个事务中进行）。`,
        en: `The database schema upgrade failed: ${reason(error)}. The database was left unchanged (the upgrade runs in one transaction).`,
      },
      503,
      { code: errorCode(error) },
    );
  }
}

/**
 * Drizzle's migrator applies only migrations newer (by their `when` stamp) than the last one applied, so a
 * migration generated on a machine with a clock behind, or edited after it was applied, would be skipped
 * silently. Every migration's hash must be recorded in the database, or the server refuses to run.
 */
async function verifyMigrations(db: Db): Promise<void> {
  const applied = await db.execute<{ hash: string }>(sql`select hash from drizzle.__drizzle_migrations`);
  const hashes = new Set(applied.rows.map((row) => row.hash));
  const missing = readMigrationFiles({ migrationsFolder }).filter((m) => !hashes.has(m.hash));
  if (missing.length > 0) {
    const stamps = missing.map((m) => m.folderMillis).join(', ');
    throw new DubanError(
      'database_migration_skipped',
      {
        zh: `有 ${missing.length} 个数据库迁移未被应用（时间戳 ${stamps}）：迁移文件在应用后被修改过，或生成时的时间戳早于已应用的迁移。请重新生成该迁移。`,
        en: `${missing.length} database migration(s) were not applied (stamps ${stamps}): a migration file was changed after it was applied, or was generated with a stamp older than one already applied. Regenerate that migration.`,
      },
      503,
      { missing: stamps },
    );
  }
}

function defaultPoolError(error: Error): void {
  console.error(`duban: PostgreSQL connection error (the pool reconnects on next use): ${error.message}`);
}

/** user@host:port/database: enough to tell which server was meant, never the password. */
function describeServer(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${user}${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  // Drizzle wraps driver errors ("Failed query: …"); the driver's message is the useful part.
  if (error instanceof Error && error.cause instanceof Error) return reason(error.cause);
  return error instanceof Error ? error.message || error.name : String(error);
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
