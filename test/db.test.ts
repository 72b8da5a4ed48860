import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DubanError } from '../src/core/errors.js';
import { loadConfig } from '../src/server/config.js';
import { type Db, migrationsFolder, openDatabase, withTransaction } from '../src/server/db/client.js';
import * as schema from '../src/server/db/schema.js';
import { defaultOrganisationId } from '../src/server/services/organisations.js';
import { describeEachDatabase } from './db.js';

const TABLES = [
  'organisations',
  'units',
  'unit_aliases',
  'unit_groups',
  'unit_group_aliases',
  'unit_group_members',
  'users',
  'sessions',
  'sign_in_throttles',
  'sign_in_addresses',
  'plans',
  'source_documents',
  'sources',
  'sections',
  'tasks',
  'indicators',
  'assignments',
  'acting_signers',
  'assignment_events',
  'group_assignments',
  'ledgers',
  'milestones',
  'extension_requests',
  'task_reports',
  'local_targets',
  'reporting_periods',
  'submissions',
  'item_reports',
  'lag_reasons',
  'evidence_files',
  'coordination_requests',
  'supervision_notices',
  'bulletins',
  'closeout_requests',
  'escalations',
  'settings',
  'notifications',
  'deliveries',
  'quality_ratings',
  'handovers',
  'handover_items',
  'year_end_decisions',
  'task_links',
  'sheet_uploads',
  'import_draft_tasks',
  'import_draft_warnings',
  'import_corrections',
  'watches',
  'instructions',
  'instruction_targets',
  'leader_units',
  'item_lights',
  'light_marks',
  'audit_entries',
].sort();

const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};

/** The SQLSTATE of a rejected query: Drizzle wraps driver errors, the code sits on the cause. */
async function sqlState(query: Promise<unknown>): Promise<string | undefined> {
  try {
    await query;
  } catch (error) {
    for (let e: unknown = error; e instanceof Error; e = e.cause) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string') return code;
    }
    throw error;
  }
  return undefined;
}

async function publicTables(db: Db): Promise<string[]> {
  const result = await db.execute<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  return result.rows.map((row) => row.table_name).sort();
}

async function appliedMigrations(db: Db): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return result.rows[0]?.n ?? 0;
}

describe('schema module', () => {
  it('declares exactly the tables of the domain model', () => {
    const declared = Object.values(schema)
      .filter((value) => is(value, PgTable))
      .map((table) => getTableName(table as PgTable))
      .sort();
    expect(declared).toEqual(TABLES);
  });
});

describeEachDatabase('database', (t) => {
  // The organisation every row below belongs to (migration 0032 made it).
  let org = '';
  beforeAll(async () => {
    org = await defaultOrganisationId(t.db);
  });

  it('applies every migration to an empty database', async () => {
    expect(journal.entries.length).toBeGreaterThan(0);
    expect(await appliedMigrations(t.db)).toBe(journal.entries.length);
  });

  it('has every table of the domain model', async () => {
    expect(await publicTables(t.db)).toEqual(TABLES);
  });

  it('stores a 9 MB file byte for byte, every byte value, and an empty one (bytea both ways)', async () => {
    // A notice's original is kept as bytea: every byte value, odd sizes, and the size of the largest notice.
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const large = Buffer.alloc(9 * 1024 * 1024 + 3);
    for (let i = 0; i < large.length; i++) large[i] = (i * 7919) & 0xff;
    for (const bytes of [every, large, Buffer.alloc(0), every.subarray(1, 4)]) {
      const [row] = (
        await t.db.execute<{ b: Uint8Array; n: number }>(sql`select ${bytes}::bytea as b, length(${bytes}::bytea) as n`)
      ).rows;
      expect(row?.n).toBe(bytes.length);
      expect(Buffer.compare(Buffer.from(row?.b ?? []), bytes)).toBe(0);
    }
  });

  it('treats applying the migrations again as a no-op', async () => {
    await t.database.migrate();
    await t.database.migrate();
    expect(await appliedMigrations(t.db)).toBe(journal.entries.length);
    expect(await publicTables(t.db)).toEqual(TABLES);
  });

  it('refuses to run when a migration was skipped or edited after it was applied', async () => {
    const [recorded] = (await t.db.execute<{ hash: string }>(sql`select hash from drizzle.__drizzle_migrations`)).rows;
    if (!recorded) throw new Error('no migration recorded');
    await t.db.execute(sql`update drizzle.__drizzle_migrations set hash = 'edited' where hash = ${recorded.hash}`);
    try {
      await expect(t.database.migrate()).rejects.toMatchObject({ code: 'database_migration_skipped', status: 503 });
    } finally {
      await t.db.execute(sql`update drizzle.__drizzle_migrations set hash = ${recorded.hash} where hash = 'edited'`);
    }
    await t.database.migrate();
  });

  it('rejects a duplicate unit name and a username differing only in case (23505)', async () => {
    await t.db
      .insert(schema.units)
      .values({ organisationId: org, name: '区发改局', level: 'district', kind: 'department' });
    expect(await sqlState(t.db.insert(schema.units).values({ organisationId: org, name: '区发改局' }))).toBe('23505');

    await t.db
      .insert(schema.users)
      .values({ organisationId: org, username: 'Admin', displayName: '管理员', passwordHash: 'x', role: 'admin' });
    const duplicate = t.db
      .insert(schema.users)
      .values({ organisationId: org, username: 'admin', displayName: '另一个', passwordHash: 'x', role: 'admin' });
    expect(await sqlState(duplicate)).toBe('23505');
  });

  it('rejects a reference to a missing row (23503)', async () => {
    const dangling = t.db
      .insert(schema.unitAliases)
      .values({ organisationId: org, alias: '发改局', unitId: randomUUID() });
    expect(await sqlState(dangling)).toBe('23503');
  });

  it('rejects a unit account without a unit (CHECK, 23514)', async () => {
    for (const role of ['unit_staff', 'unit_leader'] as const) {
      const orphan = t.db
        .insert(schema.users)
        .values({ organisationId: org, username: `staff-${role}`, displayName: '经办人', passwordHash: 'x', role });
      expect(await sqlState(orphan)).toBe('23514');
    }
    const [unit] = await t.db.insert(schema.units).values({ organisationId: org, name: '区教育局' }).returning();
    const staff = t.db.insert(schema.users).values({
      organisationId: org,
      username: 'jyj',
      displayName: '经办人',
      passwordHash: 'x',
      role: 'unit_staff',
      unitId: unit?.id,
    });
    expect(await sqlState(staff)).toBeUndefined();
  });

  it('reads back dates, timestamps, jsonb and bytea identically on every driver', async () => {
    const at = new Date('2025-04-10T01:02:03.456Z');
    const content = Buffer.from('附件1 省政府工作报告', 'utf8');
    const [plan] = await t.db
      .insert(schema.plans)
      .values({
        organisationId: org,
        year: 2025,
        title: '2025年区政府工作报告目标任务责任分解方案',
        docNo: '武昌政办〔2025〕1号',
        issuedOn: '2025-01-10',
        reportingRule: { firstQuarter: 2, dueDay: 10 },
        createdAt: at,
      })
      .returning();
    if (!plan) throw new Error('no plan');
    await t.db.insert(schema.sourceDocuments).values({
      organisationId: org,
      planId: plan.id,
      fileName: 'notice.txt',
      format: 'text',
      sizeBytes: content.length,
      sha256: 'a'.repeat(64),
      content,
    });

    const [read] = await t.db.select().from(schema.plans).where(eq(schema.plans.id, plan.id));
    expect(read?.issuedOn).toBe('2025-01-10');
    expect(read?.createdAt).toEqual(at);
    expect(read?.reportingRule).toEqual({ firstQuarter: 2, dueDay: 10 });
    const [doc] = await t.db.select().from(schema.sourceDocuments).where(eq(schema.sourceDocuments.planId, plan.id));
    expect(Buffer.isBuffer(doc?.content)).toBe(true);
    expect(doc?.content.toString('utf8')).toBe('附件1 省政府工作报告');

    const [entry] = await t.db
      .insert(schema.auditEntries)
      .values({ organisationId: org, action: 'plan.create', hash: 'h' })
      .returning();
    expect(typeof entry?.id).toBe('number');
  });

  it('rolls a failed transaction back, and a transaction is usable wherever a Db is', async () => {
    const insertUnit = (db: Db, name: string) => db.insert(schema.units).values({ organisationId: org, name });
    const failed = withTransaction(t.db, async (tx) => {
      await insertUnit(tx, '区审计局');
      await insertUnit(tx, '区审计局');
    });
    expect(await sqlState(failed)).toBe('23505');
    const rows = await t.db.select().from(schema.units).where(eq(schema.units.name, '区审计局'));
    expect(rows).toEqual([]);
  });
});

describe('embedded database on disk', () => {
  it('creates <dataDir>/pglite, and reopening it applies nothing twice', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'duban-db-'));
    try {
      const first = await openDatabase({ databaseUrl: null, dataDir });
      await first.db
        .insert(schema.units)
        .values({ organisationId: await defaultOrganisationId(first.db), name: '区财政局' });
      await first.close();
      expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);

      const second = await openDatabase({ databaseUrl: null, dataDir });
      try {
        expect(second.kind).toBe('pglite');
        expect(await appliedMigrations(second.db)).toBe(journal.entries.length);
        expect(await second.db.select({ name: schema.units.name }).from(schema.units)).toEqual([{ name: '区财政局' }]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('configuration of the database', () => {
  it('defaults to the embedded database under ./data', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toBe(join(process.cwd(), 'data'));
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', logLevel: 'info', sessionIdleMinutes: 30 });
    expect(config.cookieSecure).toBe(false);
  });

  it('selects PostgreSQL with a postgres:// DATABASE_URL and rejects other URLs bilingually', () => {
    const url = 'postgres://duban:secret@db.example:5432/duban';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull();

    const error = (() => {
      try {
        loadConfig({ DATABASE_URL: 'mysql://duban:secret@db/duban', PORT: '80a' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DubanError);
    const e = error as DubanError;
    expect(e.code).toBe('invalid_config');
    expect(e.messages.zh).toContain('DATABASE_URL');
    expect(e.messages.en).toContain('PORT');
    expect(JSON.stringify(e.details)).not.toContain('secret');
  });

  it('turns an unreachable PostgreSQL server into a bilingual 503 without the password', async () => {
    const attempt = openDatabase({ databaseUrl: 'postgres://duban:secret@127.0.0.1:1/duban', dataDir: '' });
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DubanError);
    const e = error as DubanError;
    expect(e.status).toBe(503);
    expect(e.code).toBe('database_unavailable');
    expect(e.messages.zh).toContain('127.0.0.1:1');
    expect(e.message).not.toContain('secret');
  });
});
