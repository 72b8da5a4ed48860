// Test harness for everything that touches the database: each suite runs once on PGlite and, when
// DUBAN_TEST_PG_URL names a PostgreSQL server, once more on it (CI always sets it). One database per suite,
// created empty and migrated, dropped afterwards: creating one costs seconds, so never one per test.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { type Database, type DatabaseKind, type Db, openDatabase } from '../src/server/db/client.js';

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

/** An empty, migrated database of the given kind; close() also drops it (PostgreSQL) or frees it (PGlite). */
export async function freshDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') return openDatabase({ databaseUrl: null, dataDir: '' }, { memory: true });

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
