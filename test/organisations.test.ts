// Organisations, step 1 of docs/decisions/0010: every database has the default organisation and every row of the
// directory, accounts, plans, settings and audit log belongs to one; each organisation's audit entries form their own
// chain, verified on its own, extended under its own lock (on PostgreSQL, one organisation's writer never waits for
// another's).

import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { eq, inArray, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type Manifest, manifestAnchors } from '../src/server/backup/format.js';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { type Db, migrationsFolder, openDatabase } from '../src/server/db/client.js';
import {
  assignments,
  auditEntries,
  organisations,
  plans,
  settings,
  sourceDocuments,
  tasks,
  unitAliases,
  unitGroupAliases,
  unitGroups,
  units,
  users,
} from '../src/server/db/schema.js';
import { audit, entryHash, verifyAudit } from '../src/server/services/audit.js';
import { bootstrapAdmin } from '../src/server/services/auth.js';
import { seedDemo } from '../src/server/services/demo.js';
import { defaultOrganisationId } from '../src/server/services/organisations.js';
import { readSupervisionSettings, updateSupervisionSettings } from '../src/server/services/settings.js';
import { importSample, makeApp, makeUnit, makeUser, multipart, SAMPLE_BYTES, signIn, systemCtx } from './app.js';
import { databaseKinds, describeEachDatabase, scratchRoot } from './db.js';

const at = () => new Date('2025-04-02T01:00:00Z');

async function write(db: Db, organisationId: string, action: string) {
  await db.transaction((tx) =>
    audit(
      tx,
      { clock: at, actor: { id: null, role: 'admin', unitId: null, organisationId }, ip: null },
      { action: action as 'settings.update', subjectType: 'test', subjectId: action },
    ),
  );
}

describeEachDatabase('organisations', (t) => {
  it('a fresh database has exactly one organisation, and every row written belongs to it', async () => {
    const all = await t.db.select().from(organisations);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ slug: 'default', level: 'district', parentId: null });
    const id = await defaultOrganisationId(t.db);
    await makeUnit(t.db);
    await makeUser(t.db, 'supervisor');
    await updateSupervisionSettings(await systemCtx(t.db, 'supervisor'), {
      behindMargin: 0.2,
      remindBeforeDays: [3],
      escalateToLeaderAfterDays: 3,
      proposeNoticeAfterDays: 7,
      coordinationUnansweredDays: 5,
    });
    for (const table of [units, users, plans, settings, auditEntries]) {
      const rows = await t.db.select({ o: table.organisationId }).from(table);
      for (const row of rows) expect(row.o).toBe(id);
    }
    expect((await t.db.select().from(settings)).length).toBeGreaterThan(0);
    expect((await t.db.select().from(auditEntries)).length).toBeGreaterThan(0);
  });

  it('keeps one chain per organisation: each verifies alone, tampering is reported for its organisation only', async () => {
    const a = await defaultOrganisationId(t.db);
    const [row] = await t.db
      .insert(organisations)
      .values({ name: '另一区', level: 'district', slug: `other-${t.kind}` })
      .returning({ id: organisations.id });
    const b = row?.id as string;
    for (let i = 0; i < 4; i++) {
      await write(t.db, a, `a.${i}`);
      await write(t.db, b, `b.${i}`);
    }
    const report = await verifyAudit(t.db);
    expect(report.ok).toBe(true);
    const chainOf = (r: typeof report, slug: string) => r.chains.find((c) => c.organisation.slug === slug);
    expect(chainOf(report, `other-${t.kind}`)?.checked).toBe(4);
    // The first entry of B's chain has no predecessor even though A's entries come before it by id.
    const bRows = await t.db.select().from(auditEntries).where(eq(auditEntries.organisationId, b));
    expect(bRows[0]?.prevHash).toBeNull();

    // Edit one of B's entries: B's chain breaks, A's still verifies.
    const victim = bRows[1];
    await t.db.execute(sql`update audit_entries set subject_id = 'forged' where id = ${victim?.id}`);
    const tampered = await verifyAudit(t.db);
    expect(tampered.ok).toBe(false);
    expect(chainOf(tampered, 'default')?.ok).toBe(true);
    expect(chainOf(tampered, `other-${t.kind}`)).toMatchObject({
      ok: false,
      problem: { entryId: victim?.id, reason: 'edited' },
    });
    await t.db.execute(sql`update audit_entries set subject_id = ${victim?.subjectId} where id = ${victim?.id}`);

    // An old single-chain anchor counts for the default organisation; an anchor naming a missing organisation fails.
    const head = chainOf(report, 'default')?.head;
    expect((await verifyAudit(t.db, { anchors: { default: { id: head?.id ?? 0, hash: head?.hash ?? '' } } })).ok).toBe(
      true,
    );
    const gone = await verifyAudit(t.db, { anchors: { nowhere: { id: 1, hash: 'a'.repeat(64) } } });
    expect(chainOf(gone, 'nowhere')).toMatchObject({ ok: false, problem: { reason: 'anchor_missing' } });
  });

  it('on PostgreSQL, a writer of one organisation does not wait for another, while a second writer of the same does', async (ctx) => {
    if (t.kind !== 'pg')
      return ctx.skip(
        'PGlite has one connection: two transactions cannot be open at once, so there is no waiting to show',
      );
    const a = await defaultOrganisationId(t.db);
    const [row] = await t.db
      .insert(organisations)
      .values({ name: '第三区', level: 'district', slug: 'lock-b' })
      .returning({ id: organisations.id });
    const b = row?.id as string;
    // A transaction of A's that has written its entry (so holds A's lock) and stays open.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked: () => void = () => undefined;
    const holding = new Promise<void>((r) => {
      locked = r;
    });
    const open = t.db.transaction(async (tx) => {
      await audit(tx, { clock: at, actor: null, ip: null }, { action: 'settings.update', subjectId: 'held' });
      locked();
      await held;
    });
    await holding;
    // B commits while A's transaction is still open.
    await write(t.db, b, 'b.free');
    const [bEntry] = await t.db.select().from(auditEntries).where(eq(auditEntries.subjectId, 'b.free'));
    expect(bEntry).toBeDefined();
    // (The pool gives each transaction a connection of its own.) A second writer of A waits for A's lock.
    const waiting = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and objsubid = 2`,
    );
    expect(waiting.rows[0]?.n).toBeGreaterThanOrEqual(1);
    let secondDone = false;
    const second = write(t.db, a, 'a.second').then(() => {
      secondDone = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(secondDone).toBe(false);
    const blocked = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
    );
    expect(blocked.rows[0]?.n).toBe(1);
    release();
    await open;
    await second;
    expect(secondDone).toBe(true);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });
});

describeEachDatabase('a directory per organisation', (t) => {
  it('imports the same notice in two organisations as two plans over two sets of units, nothing matched across', async () => {
    const a = await defaultOrganisationId(t.db);
    const [row] = await t.db
      .insert(organisations)
      .values({ name: '另一区', level: 'district', slug: `directory-b-${t.kind}` })
      .returning({ id: organisations.id });
    const b = row?.id as string;
    const app = await makeApp(t.database);
    try {
      const inA = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
      const inB = await signIn(app, (await makeUser(t.db, 'supervisor', { organisationId: b })).username);
      const planA = await importSample(app, inA);

      // B's preview of the very same file: every name is new to B, and it is neither a duplicate nor a revision.
      const body = multipart('sample.txt', SAMPLE_BYTES);
      const preview = await app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...inB.headers, ...body.headers },
        payload: body.payload,
      });
      expect(preview.statusCode).toBe(200);
      const p = preview.json() as {
        id: string;
        duplicateOf: unknown;
        revises: unknown;
        units: { name: string; match: string }[];
      };
      expect(p.duplicateOf).toBeNull();
      expect(p.revises).toBeNull();
      expect(p.units.length).toBeGreaterThan(50);
      expect(p.units.filter((u) => u.match !== 'new')).toEqual([]);
      // A's supervisor does not see B's draft.
      expect((await app.inject({ url: `/api/v1/imports/${p.id}`, headers: inA.headers })).statusCode).toBe(404);
      const confirmed = await app.inject({
        method: 'POST',
        url: `/api/v1/imports/${p.id}/confirm`,
        headers: inB.headers,
        payload: { approveNewUnits: p.units.map((u) => u.name) },
      });
      expect(confirmed.statusCode).toBe(200);
      const planB = (confirmed.json() as { planId: string }).planId;
      expect(planB).not.toBe(planA);

      // Two plans with one 文号, two directories with the same names, every assignment within its plan's organisation.
      const [pa, pb] = await Promise.all(
        [planA, planB].map(async (id) => (await t.db.select().from(plans).where(eq(plans.id, id)))[0]),
      );
      expect(pa?.organisationId).toBe(a);
      expect(pb?.organisationId).toBe(b);
      expect(pb?.docNo).toBe(pa?.docNo);
      const unitsOf = (o: string) => t.db.select().from(units).where(eq(units.organisationId, o));
      const [ua, ub] = [await unitsOf(a), await unitsOf(b)];
      const namesB = ub.map((u) => u.name).sort();
      expect(namesB.length).toBeGreaterThan(50);
      expect(namesB.every((n) => ua.some((u) => u.name === n))).toBe(true);
      const groupsOf = async (o: string) =>
        (await t.db.select().from(unitGroups).where(eq(unitGroups.organisationId, o))).map((g) => g.name).sort();
      expect(await groupsOf(b)).toEqual(await groupsOf(a));
      expect((await groupsOf(b)).length).toBeGreaterThan(0);
      for (const [planId, own] of [
        [planA, ua],
        [planB, ub],
      ] as const) {
        const held = await t.db
          .selectDistinct({ unitId: assignments.unitId })
          .from(assignments)
          .innerJoin(tasks, eq(tasks.id, assignments.taskId))
          .where(eq(tasks.planId, planId));
        expect(held.length).toBeGreaterThan(50);
        const ownIds = new Set(own.map((u) => u.id));
        expect(held.filter((h) => !ownIds.has(h.unitId))).toEqual([]);
      }

      // Each supervisor's unit list, group list and plan list is its own organisation's.
      const list = async (caller: typeof inA, url: string) =>
        ((await app.inject({ url, headers: caller.headers })).json() as { items: { id: string }[] }).items.map(
          (i) => i.id,
        );
      expect((await list(inA, '/api/v1/units')).sort()).toEqual(ua.map((u) => u.id).sort());
      expect((await list(inB, '/api/v1/units')).sort()).toEqual(ub.map((u) => u.id).sort());
      expect(await list(inA, '/api/v1/plans')).toEqual([planA]);
      expect(await list(inB, '/api/v1/plans')).toEqual([planB]);
      const groupIds = await list(inB, '/api/v1/unit-groups');
      const bGroups = await t.db.select({ id: unitGroups.id }).from(unitGroups).where(eq(unitGroups.organisationId, b));
      expect(groupIds.sort()).toEqual(bGroups.map((g) => g.id).sort());

      // An alias is one organisation's: B may give its 区发改局 the alias A's already has; A's unit is not B's to read.
      const fgjA = ua.find((u) => u.name === '区发改局');
      const fgjB = ub.find((u) => u.name === '区发改局');
      for (const [caller, unit] of [
        [inA, fgjA],
        [inB, fgjB],
      ] as const) {
        const res = await app.inject({
          method: 'PATCH',
          url: `/api/v1/units/${unit?.id}`,
          headers: caller.headers,
          payload: { aliases: ['发改局'] },
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      const aliases = await t.db.select().from(unitAliases).where(eq(unitAliases.alias, '发改局'));
      expect(aliases.map((x) => x.organisationId).sort()).toEqual([a, b].sort());
      expect((await app.inject({ url: `/api/v1/units/${fgjA?.id}`, headers: inB.headers })).statusCode).toBe(404);
      const renamed = await app.inject({
        method: 'PATCH',
        url: `/api/v1/units/${fgjA?.id}`,
        headers: inB.headers,
        payload: { name: '区发展改革局' },
      });
      expect(renamed.statusCode).toBe(404);
      // A's unit cannot be made a member of B's group.
      const group = await app.inject({
        method: 'POST',
        url: '/api/v1/unit-groups',
        headers: inB.headers,
        payload: { name: '重点单位', memberIds: [fgjA?.id] },
      });
      expect(group.statusCode).toBe(404);

      // The same file again: a duplicate of each organisation's own plan.
      for (const [caller, planId] of [
        [inA, planA],
        [inB, planB],
      ] as const) {
        const again = multipart('sample.txt', SAMPLE_BYTES);
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/imports',
          headers: { ...caller.headers, ...again.headers },
          payload: again.payload,
        });
        const answer = res.json() as { duplicateOf: { planId: string } | null; revises: { planId: string } | null };
        expect(answer.duplicateOf?.planId).toBe(planId);
        expect(answer.revises?.planId).toBe(planId);
      }
      const unitCount = await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(units)
        .where(inArray(units.organisationId, [a, b]));
      expect(unitCount[0]?.n).toBe(ua.length + ub.length);
    } finally {
      await app.close();
    }
  }, 120_000);
});

describeEachDatabase('first start and the demo beside another organisation', (t) => {
  it("makes the default organisation's admin and demo though another organisation has accounts, a plan and the same names", async () => {
    const a = await defaultOrganisationId(t.db);
    const [row] = await t.db
      .insert(organisations)
      .values({ name: '另一区', level: 'district', slug: `first-start-b-${t.kind}` })
      .returning({ id: organisations.id });
    const b = row?.id as string;
    // B has an account, a plan, and the demo's own names: a unit with the alias the demo gives it, and a group.
    await makeUser(t.db, 'supervisor', { organisationId: b });
    await t.db.insert(plans).values({ organisationId: b, year: 2025, title: '另一区的方案', status: 'active' });
    const [cgj] = await t.db
      .insert(units)
      .values({ organisationId: b, name: '区城管局', level: 'district', kind: 'department' })
      .returning({ id: units.id });
    await t.db.insert(unitAliases).values({ organisationId: b, alias: '区城管执法局', unitId: cgj?.id as string });
    await t.db.insert(unitGroups).values({ organisationId: b, name: '各街道办事处' });

    const ctx = { db: t.db, clock: () => new Date(), actor: null, ip: null };
    const admin = await bootstrapAdmin(ctx, null);
    expect(admin.created).toBe(true);
    const [made] = await t.db.select().from(users).where(eq(users.username, 'admin'));
    expect(made?.organisationId).toBe(a);

    expect((await seedDemo(ctx)).seeded).toBe(true);
    const planOrgs = (await t.db.select({ o: plans.organisationId }).from(plans)).map((p) => p.o).sort();
    expect(planOrgs).toEqual([a, b].sort());
    // The demo's 区城管局 is a unit of its own, with its own alias; B's is untouched.
    const named = await t.db.select().from(units).where(eq(units.name, '区城管局'));
    expect(named.map((u) => u.organisationId).sort()).toEqual([a, b].sort());
    const aliases = await t.db.select().from(unitAliases).where(eq(unitAliases.alias, '区城管执法局'));
    expect(aliases.map((x) => x.organisationId).sort()).toEqual([a, b].sort());
    expect((await seedDemo(ctx)).seeded).toBe(false);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------
// An installation of before organisations (migrated up to 0031, holding data and an audit chain) upgrades at start.

/** A migrations folder holding the migrations up to and including `lastTag`: the schema of an older release. */
function migrationsUpTo(lastTag: string): string {
  const dir = mkdtempSync(join(scratchRoot(), 'duban-test-migrations-'));
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  if (last < 0) throw new Error(`no migration ${lastTag}`);
  const entries = journal.entries.slice(0, last + 1);
  mkdirSync(join(dir, 'meta'));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const e of entries) copyFileSync(join(migrationsFolder, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  return dir;
}

/** What an office had before organisations: units, accounts, a plan, a setting, and a chain of three entries. */
async function fillOldSchema(db: Db): Promise<{ id: number; hash: string }> {
  await db.execute(sql`insert into units (name, level, kind) values ('区发改局', 'district', 'department'),
    ('区财政局', 'district', 'department')`);
  await db.execute(
    sql`insert into users (username, display_name, password_hash, role) values ('admin', '管理员', 'x', 'admin')`,
  );
  await db.execute(sql`insert into users (username, display_name, password_hash, role, unit_id)
    select 'fgj', '经办人', 'x', 'unit_staff', id from units where name = '区发改局'`);
  await db.execute(sql`insert into plans (year, title, doc_no, status, published)
    values (2025, '2025年区政府工作报告目标任务', '武昌政办〔2025〕1号', 'active', true)`);
  // The directory's names and an upload, which migration 0034 gives their organisation.
  await db.execute(
    sql`insert into unit_aliases (alias, unit_id) select '发改局', id from units where name = '区发改局'`,
  );
  await db.execute(sql`insert into unit_groups (name) values ('各街道办事处')`);
  await db.execute(sql`insert into unit_group_aliases (alias, group_id) select '各街道', id from unit_groups`);
  await db.execute(sql`insert into source_documents (plan_id, file_name, format, size_bytes, sha256, content, status)
    select id, 'notice.txt', 'text', 3, ${'a'.repeat(64)}, '\\x616263'::bytea, 'applied' from plans`);
  await db.execute(
    sql`insert into settings (key, value) values ('supervision', ${JSON.stringify({
      behindMargin: 0.2,
      remindBeforeDays: [3],
      escalateToLeaderAfterDays: 4,
      proposeNoticeAfterDays: 8,
      coordinationUnansweredDays: 5,
    })}::jsonb)`,
  );
  let prev: string | null = null;
  let last = { id: 0, hash: '' };
  for (const [i, action] of ['user.bootstrap_admin', 'plan.import', 'settings.update'].entries()) {
    const content = {
      at: new Date(Date.UTC(2025, 1, 19 + i)).toISOString(),
      userId: null,
      action,
      subjectType: 'plan',
      subjectId: `p-${i}`,
      ip: '10.0.0.7',
      details: { step: i, note: '旧日志' },
    };
    const hash = entryHash(prev, content);
    const r = await db.execute<{ id: string | number }>(sql`insert into audit_entries
      (at, user_id, action, subject_type, subject_id, ip, details, prev_hash, hash)
      values (${content.at}, null, ${action}, 'plan', ${content.subjectId}, '10.0.0.7', ${JSON.stringify(content.details)}::jsonb,
      ${prev}, ${hash}) returning id`);
    last = { id: Number(r.rows[0]?.id), hash };
    prev = hash;
  }
  return last;
}

async function checkUpgraded(db: Db, anchor: { id: number; hash: string }): Promise<void> {
  const all = await db.select().from(organisations);
  expect(all).toEqual([expect.objectContaining({ slug: 'default', name: '本区', level: 'district', parentId: null })]);
  const id = all[0]?.id;
  const counts: Record<string, number> = {};
  const tables = {
    units,
    users,
    plans,
    settings,
    auditEntries,
    unitAliases,
    unitGroups,
    unitGroupAliases,
    sourceDocuments,
  };
  for (const [name, table] of Object.entries(tables)) {
    const rows = await db.select({ o: table.organisationId }).from(table);
    counts[name] = rows.length;
    for (const row of rows) expect(row.o, name).toBe(id);
  }
  expect(counts).toEqual({
    units: 2,
    users: 2,
    plans: 1,
    settings: 1,
    auditEntries: 3,
    unitAliases: 1,
    unitGroups: 1,
    unitGroupAliases: 1,
    sourceDocuments: 1,
  });
  // The old chain is the default organisation's, and an anchor of the old format still holds.
  const report = await verifyAudit(db, { anchors: { default: anchor } });
  expect(report).toMatchObject({ ok: true, chains: [{ organisation: { slug: 'default' }, checked: 3 }] });
  expect((await readSupervisionSettings(db)).escalateToLeaderAfterDays).toBe(4);
  // The next entry extends the old chain.
  await write(db, id as string, 'after.upgrade');
  const after = await verifyAudit(db, { anchors: { default: anchor } });
  expect(after.chains[0]).toMatchObject({ ok: true, checked: 4 });
}

describe('anchors of the format before organisations', () => {
  /** Only the manifest's audit part matters here. */
  const manifest = (audit: Manifest['audit']) => ({ audit }) as unknown as Manifest;

  it("reads a backup manifest's single head as the default organisation's anchor", () => {
    const head = { id: 7, hash: 'b'.repeat(64) };
    expect(manifestAnchors(manifest({ entries: 7, head }))).toEqual({ default: head });
    expect(manifestAnchors(manifest({ entries: 0, head: null }))).toEqual({});
    const chains = { default: head, other: { id: 9, hash: 'c'.repeat(64) } };
    expect(manifestAnchors(manifest({ entries: 9, head, chains }))).toEqual(chains);
  });
});

describe.each(databaseKinds())('an installation migrated to 0031 [%s]', (kind) => {
  it('gets the default organisation on every row at start, and its audit chain still verifies', async () => {
    const folder = migrationsUpTo('0031_instructions_and_leader_units');
    try {
      if (kind === 'pglite') {
        const dataDir = mkdtempSync(join(scratchRoot(), 'duban-test-upgrade-'));
        try {
          const client = new PGlite(join(dataDir, 'pglite'));
          const old = drizzlePglite({ client }) as unknown as Db;
          await migratePglite(old as never, { migrationsFolder: folder });
          const anchor = await fillOldSchema(old);
          await client.close();
          const database = await openDatabase({ databaseUrl: null, dataDir });
          try {
            await checkUpgraded(database.db, anchor);
          } finally {
            await database.close();
          }
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
        return;
      }
      const adminUrl = loadTestDatabaseUrl() as string;
      const name = `duban_t_${randomBytes(8).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        const pool = new pg.Pool({ connectionString: url.toString() });
        const old = drizzlePg({ client: pool }) as unknown as Db;
        await migratePg(old as never, { migrationsFolder: folder });
        const anchor = await fillOldSchema(old);
        await pool.end();
        const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
        try {
          await checkUpgraded(database.db, anchor);
        } finally {
          await database.close();
        }
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
