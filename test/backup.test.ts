// Backup and restore, on every database: real data (the sample notice, a signed submission with evidence, merged
// units, the audit log) backed up — by the service and through the admin API — and restored into a fresh database,
// then compared table by table, row by row, and evidence file by sha256. Bad files and occupied targets are
// refused with nothing written.

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { readCatalog, SEEDED_TABLES } from '../src/server/backup/catalog.js';
import { createBackup } from '../src/server/backup/dump.js';
import { manifestAnchors, readBackup } from '../src/server/backup/format.js';
import { restoreBackup } from '../src/server/backup/restore.js';
import type { Database, DatabaseKind, Db } from '../src/server/db/client.js';
import { auditEntries } from '../src/server/db/schema.js';
import { cliActor } from '../src/server/policy.js';
import { verifyAudit } from '../src/server/services/audit.js';
import { defaultOrganisationId } from '../src/server/services/organisations.js';
import {
  type Caller,
  fakeClock,
  importSample,
  makeApp,
  makeUnit,
  makeUser,
  markRestNoProgress,
  multipart,
  signIn,
} from './app.js';
import { databaseKinds, describeEachDatabase, freshDatabase } from './db.js';

/** The administrator of the command line, in the database's default organisation. */
const adminOf = async (db: Db) => ({
  clock: () => new Date('2025-04-02T01:00:00Z'),
  actor: cliActor('admin', await defaultOrganisationId(db)),
  ip: null,
});
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(2 * 1024 * 1024, 7), // more than one chunk of the container
]);

/** A district's real activity: the notice imported, a submission filled, evidenced, sent and signed, units merged. */
async function seed(app: App, db: Db): Promise<void> {
  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const clerk = await signIn(app, (await makeUser(db, 'supervisor')).username);
  const planId = await importSample(app, clerk);
  const periods: Period[] = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
  const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
  const fagai = units.find((u) => u.name === '区发改局')?.id;
  const staff = await signIn(app, (await makeUser(db, 'unit_staff', { unitId: fagai })).username);
  const leader = await signIn(app, (await makeUser(db, 'unit_leader', { unitId: fagai })).username);
  let pkg: Submission = (await send('GET', `/api/v1/periods/${periods[0]?.id}/submission`, staff)).json();
  const item = pkg.items.find((i) => i.indicatorActuals.length > 0) as Submission['items'][number];
  const edited = await send('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
    version: item.version,
    status: 'on_track',
    progress: '一季度完成年度目标的28%，“重点项目”签约 3 个,\n另有 2 个在谈。',
    indicatorActuals: [{ indicatorId: item.indicatorActuals[0]?.indicatorId, value: 1.6 }],
  });
  expect(edited.statusCode).toBe(200);
  for (const [name, bytes] of [
    ['会议纪要.pdf', PDF],
    ['现场照片.png', PNG],
    ['会议纪要（副本）.pdf', PDF],
  ] as const) {
    const body = multipart(name, bytes);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/item-reports/${item.id}/evidence`,
      headers: { ...staff.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    pkg = res.json();
  }
  await markRestNoProgress(app, staff, pkg.id);
  expect((await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
  expect((await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).statusCode).toBe(200);
  // A unit merged into one created after it: restore must put the survivor first, whatever the key order.
  const survivor = await makeUnit(db);
  const merged = await makeUnit(db);
  const res = await send('POST', `/api/v1/units/${merged}/merge`, clerk, { intoId: survivor });
  expect(res.statusCode, res.body).toBe(200);
}

function filesOf(dataDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dataDir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(join(dataDir, 'files'));
  return out;
}

/** Every table, every row: `select *` through the driver when both sides share one, PostgreSQL's JSON otherwise. */
/** A freshly migrated database: every table empty but the migration's defaults (SEEDED_TABLES), as seeded. */
const untouched = (rows: Map<string, unknown[]>) =>
  [...rows].every(([name, r]) => r.length === (SEEDED_TABLES.includes(name) ? (SEEDED_ROWS[name] ?? -1) : 0));
/**
 * What the migrations seed: the reasons for lagging (资金、用地、审批、拆迁、市级政策、外部因素、其他) and the
 * default organisation.
 */
const SEEDED_ROWS: Record<string, number> = { lag_reasons: 7, organisations: 1 };

async function tableRows(db: Db, crossKind: boolean): Promise<Map<string, unknown[]>> {
  const out = new Map<string, unknown[]>();
  for (const table of await readCatalog(db)) {
    const order = sql.join(
      table.primaryKey.map((c) => sql.identifier(c)),
      sql`, `,
    );
    const rows = crossKind
      ? (
          await db.execute<{ r: unknown }>(
            sql`select row_to_json(t)::jsonb as r from ${sql.identifier(table.name)} t order by ${order}`,
          )
        ).rows.map((row) => row.r)
      : (await db.execute(sql`select * from ${sql.identifier(table.name)} order by ${order}`)).rows;
    out.set(table.name, rows);
  }
  return out;
}

async function expectSameContent(
  source: Db,
  target: Db,
  sourceDir: string,
  targetDir: string,
  crossKind: boolean,
): Promise<void> {
  const before = await tableRows(source, crossKind);
  const after = await tableRows(target, crossKind);
  expect([...after.keys()]).toEqual([...before.keys()]);
  for (const [table, rows] of before) {
    const restored = after.get(table) as unknown[];
    if (table === 'audit_entries') {
      // The restore records itself at the end of the restored chain.
      expect(restored.slice(0, rows.length), table).toEqual(rows);
      expect(restored).toHaveLength(rows.length + 1);
    } else {
      expect(restored, table).toEqual(rows);
    }
  }
  expect(filesOf(targetDir)).toEqual(filesOf(sourceDir));
}

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describeEachDatabase('backup and restore', (t) => {
  let app: App;
  let backupFile: string;
  const restoredInto: Database[] = [];

  beforeAll(async () => {
    app = await makeApp(t.database, fakeClock(new Date('2025-04-01T02:00:00Z')));
    await seed(app, t.db);
    backupFile = join(tmp('duban-backup-'), 'backup.jsonl.gz');
  });
  afterAll(async () => {
    await app?.close();
    for (const database of restoredInto) await database.close();
  });

  const fresh = async (kind: DatabaseKind = t.kind) => {
    const database = await freshDatabase(kind);
    restoredInto.push(database);
    return database;
  };

  it('writes one file with a manifest that counts and hashes every table and evidence file', async () => {
    const manifest = await createBackup(t.database, backupFile, {
      ctx: { ...(await adminOf(t.db)), db: t.db },
      dataDir: app.deps.config.dataDir,
    });
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    expect(manifest).toMatchObject({ format: 'duban-backup', version: 1, source: { database: t.kind } });
    const count = async (table: string) =>
      Number(
        (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`)).rows[0]?.n,
      );
    for (const table of manifest.tables) expect(table.rows, table.name).toBe(await count(table.name));
    expect(manifest.tables.map((x) => x.name)).not.toContain('sessions');
    expect(manifest.tables.find((x) => x.name === 'tasks')?.rows).toBe(271);
    expect(manifest.files.map((f) => f.sha256).sort()).toEqual(
      [PDF, PNG].map((b) => createHash('sha256').update(b).digest('hex')).sort(),
    );
    const [head] = await t.db.select().from(auditEntries).orderBy(sql`id desc`).limit(1);
    expect(manifest.audit.head).toEqual({ id: head?.id, hash: head?.hash });
    // One head per organisation; the single-chain `head` is the default organisation's.
    expect(manifest.audit.chains).toEqual({ default: manifest.audit.head });
    expect((await readBackup(backupFile)).contentSha256).toBe(manifest.contentSha256);
  });

  it('restores into a fresh database: every row, identity values and evidence file as they were', async () => {
    const target = await fresh();
    const targetDir = tmp('duban-restore-');
    const result = await restoreBackup(target, backupFile, { ctx: await adminOf(target.db), dataDir: targetDir });
    expect(result.files).toBe(2);
    await expectSameContent(t.db, target.db, app.deps.config.dataDir, targetDir, false);
    // The chain verifies across the restore, and the next entry continues the identity sequence.
    // The backup's manifest anchors every organisation's chain of the restored database.
    const verified = await verifyAudit(target.db, { anchors: manifestAnchors(result.manifest) });
    expect(verified).toMatchObject({ ok: true, chains: [{ organisation: { slug: 'default' } }] });
    const [last] = await target.db.select().from(auditEntries).orderBy(sql`id desc`).limit(1);
    expect(last?.action).toBe('backup.restore');
    expect(last?.id).toBe((result.manifest.audit.head?.id ?? 0) + 1);
  });

  it('refuses a target that is not empty, and leaves it as it was', async () => {
    const targetDir = tmp('duban-restore-');
    await expect(
      restoreBackup(t.database, backupFile, { ctx: await adminOf(t.database.db), dataDir: targetDir }),
    ).rejects.toMatchObject({
      code: 'restore_target_not_empty',
      status: 400,
    });
    expect(filesOf(targetDir).size).toBe(0);
  });

  it('refuses corrupt, truncated, edited and foreign files with a bilingual error, writing nothing', async () => {
    const dir = tmp('duban-bad-');
    const good = readFileSync(backupFile);
    const text = gunzipSync(good).toString('utf8');
    const edited = text.replace('区发改局', '区发改委');
    expect(edited).not.toBe(text);
    const lines = text.split('\n');
    const cases: Record<string, Buffer> = {
      'truncated.gz': good.subarray(0, Math.floor(good.length / 2)),
      'cut-before-manifest.gz': gzipSync(`${lines.slice(0, -2).join('\n')}\n`),
      'edited.gz': gzipSync(edited),
      'flipped.gz': Buffer.from(good.map((b, i) => (i === Math.floor(good.length / 3) ? b ^ 0xff : b))),
      'foreign.gz': gzipSync('{"hello":"world"}\n'),
      'plain.txt': Buffer.from('这不是备份\n'),
      'empty.gz': Buffer.alloc(0),
      'newer.gz': gzipSync(text.replace('"version":1', '"version":99')),
    };
    // One empty target for all: each refusal must leave it empty for the next.
    const target = await fresh();
    for (const [name, bytes] of Object.entries(cases)) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const targetDir = tmp('duban-restore-');
      const error = await restoreBackup(target, file, { ctx: await adminOf(target.db), dataDir: targetDir }).catch(
        (e) => e,
      );
      expect(error?.code, name).toBe('backup_invalid');
      expect(error.status, name).toBe(400);
      expect(error.messages.zh, name).toMatch(/备份文件.*无效/);
      expect(error.messages.en, name).toMatch(/not usable; nothing was changed/);
      const rows = await tableRows(target.db, false);
      expect(untouched(rows), name).toBe(true);
      expect(filesOf(targetDir).size, name).toBe(0);
    }
  });

  it('refuses a file whose evidence hashes were altered even though its digests were recomputed', async () => {
    const text = gunzipSync(readFileSync(backupFile)).toString('utf8');
    const dir = tmp('duban-forged-');
    // Recomputes every digest the manifest holds, as someone editing the file with care would.
    const reseal = (edited: string): Buffer => {
      const lines = edited.split('\n');
      const content = createHash('sha256');
      const tables: { name: string; rows: number; sha256: string }[] = [];
      const files: { sha256: string; size: number }[] = [];
      let i = 0;
      content.update(`${lines[i++]}\n`);
      for (;;) {
        const line = lines[i++] as string;
        const section = JSON.parse(line);
        if (section.kind === 'manifest') {
          const manifest = { ...section, tables, files, contentSha256: content.digest('hex') };
          return gzipSync(`${lines.slice(0, i - 1).join('\n')}\n${JSON.stringify(manifest)}\n`);
        }
        content.update(`${line}\n`);
        if (section.kind === 'table') {
          const hash = createHash('sha256');
          for (let r = 0; r < section.rows; r++) {
            content.update(`${lines[i]}\n`);
            hash.update(`${lines[i++]}\n`);
          }
          tables.push({ name: section.name, rows: section.rows, sha256: hash.digest('hex') });
        } else {
          for (let read = 0; read < section.size; i++) {
            content.update(`${lines[i]}\n`);
            read += Buffer.from(lines[i] as string, 'base64').length;
          }
          files.push({ sha256: section.sha256, size: section.size });
        }
      }
    };
    // The resealing is faithful: the untouched content resealed reads back.
    const resealed = join(dir, 'resealed.gz');
    writeFileSync(resealed, reseal(text));
    await expect(readBackup(resealed)).resolves.toMatchObject({ files: expect.any(Array) });

    // Every mention of one evidence file's sha256 (its section, its row, the manifest) names other content.
    const original = (/"kind":"file","sha256":"([0-9a-f]{64})"/.exec(text) as RegExpExecArray)[1] as string;
    const other = createHash('sha256').update('伪造的佐证材料').digest('hex');
    const forged = join(dir, 'forged.gz');
    writeFileSync(forged, reseal(text.replaceAll(original, other)));
    await expect(readBackup(forged)).rejects.toMatchObject({ code: 'backup_invalid', status: 400 });
    const target = await fresh();
    const targetDir = tmp('duban-restore-');
    const error = await restoreBackup(target, forged, { ctx: await adminOf(target.db), dataDir: targetDir }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: 'backup_invalid', status: 400 });
    expect(error.messages.en).toContain(`evidence file ${other} does not match its sha256`);
    expect(untouched(await tableRows(target.db, false))).toBe(true);
    expect(filesOf(targetDir).size).toBe(0);
  });

  it('is served to the administrator only, as a download that restores', async () => {
    const adminUser = await signIn(app, (await makeUser(t.db, 'admin')).username);
    const clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    expect((await app.inject({ method: 'POST', url: '/api/v1/admin/backup', headers: clerk.headers })).statusCode).toBe(
      403,
    );
    expect((await app.inject({ method: 'POST', url: '/api/v1/admin/backup' })).statusCode).toBe(401);
    const res = await app.inject({ method: 'POST', url: '/api/v1/admin/backup', headers: adminUser.headers });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="duban-backup-\d{8}T\d{6}\.jsonl\.gz"$/);
    const file = join(tmp('duban-api-backup-'), 'b.gz');
    writeFileSync(file, res.rawPayload);
    const target = await fresh();
    const targetDir = tmp('duban-restore-');
    await restoreBackup(target, file, { ctx: await adminOf(target.db), dataDir: targetDir });
    await expectSameContent(t.db, target.db, app.deps.config.dataDir, targetDir, false);
    const actions = await target.db.execute<{ action: string }>(
      sql`select action from audit_entries where action like 'backup.%' order by id`,
    );
    expect(actions.rows.map((r) => r.action)).toEqual(['backup.create', 'backup.create', 'backup.restore']);
  });

  it('takes one consistent snapshot while writes go on', async () => {
    const file = join(tmp('duban-busy-'), 'b.gz');
    const writes = Array.from({ length: 20 }, (_, i) => makeUnit(t.db, `区并发测试局${i}`));
    const [manifest] = await Promise.all([
      createBackup(t.database, file, { ctx: { ...(await adminOf(t.db)), db: t.db }, dataDir: app.deps.config.dataDir }),
      ...writes,
    ]);
    const target = await fresh();
    await restoreBackup(target, file, { ctx: await adminOf(target.db), dataDir: tmp('duban-restore-') });
    expect((await verifyAudit(target.db)).ok).toBe(true);
    const units = await target.db.execute<{ n: number }>(sql`select count(*)::int as n from units`);
    expect(units.rows[0]?.n).toBe(manifest.tables.find((x) => x.name === 'units')?.rows);
  });

  if (t.kind === 'pglite' && databaseKinds().includes('pg')) {
    it('moves an embedded installation to a PostgreSQL server', async () => {
      const file = join(tmp('duban-move-'), 'b.gz');
      await createBackup(t.database, file, {
        ctx: { ...(await adminOf(t.db)), db: t.db },
        dataDir: app.deps.config.dataDir,
      });
      const target = await fresh('pg');
      const targetDir = tmp('duban-restore-');
      await restoreBackup(target, file, { ctx: await adminOf(target.db), dataDir: targetDir });
      await expectSameContent(t.db, target.db, app.deps.config.dataDir, targetDir, true);
      expect((await verifyAudit(target.db)).ok).toBe(true);
    });
  }
});

describe('backup format', () => {
  it('refuses a missing file and a directory with their own messages', async () => {
    await expect(readBackup(join(tmpdir(), 'no-such-duban-backup.gz'))).rejects.toMatchObject({
      code: 'file_unreadable',
    });
    await expect(readBackup(tmpdir())).rejects.toMatchObject({ code: 'file_unreadable' });
  });
});
