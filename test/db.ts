// Test harness for everything that touches the database: each suite runs once on PGlite and, when
// DUBAN_TEST_PG_URL names a PostgreSQL server, once more on it (CI always sets it). One database per suite,
// created empty and migrated, dropped afterwards: creating one costs seconds, so never one per test.
//
// PGlite: a new database runs initdb inside WebAssembly, 5–13 s on a loaded 2-core machine, while opening an
// existing data folder takes 1–2 s. So the first suite to need one creates a migrated template folder (through
// openDatabase, as `duban start` does) and every suite opens its own copy of it, with the very code the server
// runs on an embedded data folder. The template is named by a hash of the migrations and the PGlite version, so
// test files running in parallel, and later runs, share it; a changed migration makes a new one. The copies live
// in /dev/shm (memory) when there is one: fsync there costs nothing, as it costs nothing to a memory database.

import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { type Database, type DatabaseKind, type Db, migrationsFolder, openDatabase } from '../src/server/db/client.js';

export type { DatabaseKind };

const warned = Symbol.for('duban.test.pgSkippedWarned');

/** 'pglite' always; 'pg' too when DUBAN_TEST_PG_URL is set. */
export function databaseKinds(): DatabaseKind[] {
  if (loadTestDatabaseUrl()) return ['pglite', 'pg'];
  const flags = globalThis as { [warned]?: boolean };
  if (!flags[warned]) {
    flags[warned] = true;
    console.warn(
      'duban tests: DUBAN_TEST_PG_URL is not set, so database suites run on PGlite only and the PostgreSQL half ' +
        'is skipped. Set it to an admin URL, e.g. postgres://postgres:postgres@127.0.0.1:5432/duban_test, to run both.',
    );
  }
  return ['pglite'];
}

/** Where test databases and scratch data folders go: memory-backed when the machine has /dev/shm. */
export function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

let template: Promise<string> | undefined;

/** A data folder holding an empty, migrated PGlite database (in its pglite/ subfolder), made once per migrations. */
export function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const before = migrationsHash();
    const dir = join(scratchRoot(), `duban-test-pglite-${before}`);
    if (existsSync(join(dir, 'ready'))) return dir;
    const building = mkdtempSync(join(scratchRoot(), 'duban-test-pglite-building-'));
    try {
      await (await openDatabase({ databaseUrl: null, dataDir: building })).close();
      // The migrations changed while this ran (a merge or checkout in the working tree): the folder holds some
      // other set of them, and naming it by the first hash would hand it to every later run, CI's included.
      if (migrationsHash() !== before) throw new Error('the migrations changed while the test template was built');
      writeFileSync(join(building, 'ready'), '');
      renameSync(building, dir);
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      // Another test file finished the same template first: use theirs.
      if (!existsSync(join(dir, 'ready'))) throw error;
    }
    return dir;
  })();
  return template;
}

/** Names the template: the installed PGlite and every migration file, so a changed migration makes a new one. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  // The installed PGlite (its package.json names the version): a new one may write data folders differently.
  hash.update(readFileSync(join(import.meta.dirname, '..', 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  for (const name of readdirSync(migrationsFolder, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(migrationsFolder, name);
    hash.update(name);
    if (/\.(sql|json)$/.test(name)) hash.update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 16);
}

/** A new data folder whose pglite/ subfolder is a copy of the migrated template; the caller removes it. */
export async function pgliteDataFolder(prefix = 'duban-test-db-', root = scratchRoot()): Promise<string> {
  const source = join(await pgliteTemplate(), 'pglite');
  const dataDir = mkdtempSync(join(root, prefix));
  cpSync(source, join(dataDir, 'pglite'), { recursive: true });
  return dataDir;
}

/** An empty, migrated database of the given kind; close() also drops it (PostgreSQL) or removes it (PGlite). */
export async function freshDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') {
    const dataDir = await pgliteDataFolder();
    let database: Database;
    try {
      database = await openDatabase({ databaseUrl: null, dataDir });
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  }

  const adminUrl = loadTestDatabaseUrl();
  if (!adminUrl) throw new Error('freshDatabase("pg") needs DUBAN_TEST_PG_URL');
  // Letters and digits only, so the name needs no quoting and cannot collide across parallel test files.
  const name = `duban_t_${randomBytes(8).toString('hex')}`;
  await admin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  } catch (error) {
    await admin(adminUrl, `drop database if exists ${name}`);
    throw error;
  }
  return {
    ...database,
    close: async () => {
      await database.close();
      // WITH (FORCE) (PostgreSQL 13+) in case a test leaked a connection.
      await admin(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function admin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** What a suite body gets: the database is opened in beforeAll, so read these inside tests and hooks only. */
export interface DatabaseContext {
  readonly kind: DatabaseKind;
  readonly database: Database;
  readonly db: Db;
}

/** Runs the suite once per database kind, each against its own fresh database. */
export function describeEachDatabase(name: string, fn: (context: DatabaseContext) => void): void {
  for (const kind of databaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      let opened: Database | undefined;
      const context: DatabaseContext = {
        kind,
        get database() {
          if (!opened) throw new Error('The database opens in beforeAll: use it inside tests and hooks.');
          return opened;
        },
        get db() {
          return this.database.db;
        },
      };
      beforeAll(async () => {
        opened = await freshDatabase(kind);
      });
      afterAll(async () => {
        await opened?.close();
      });
      fn(context);
    });
  }
}
