// `duban backup`, `duban restore` and `duban audit verify` as an operator runs them: real child processes through
// bin/duban.js, exit codes 0 / 1 (chain broken) / 2 (bad arguments, bad file, refused target) with bilingual
// messages; on the embedded database (also while a server holds it) and on PostgreSQL.

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { type Database, openDatabase } from '../src/server/db/client.js';
import { auditEntries, users } from '../src/server/db/schema.js';
import { audit } from '../src/server/services/audit.js';
import { makeUnit, makeUser, PASSWORD } from './app.js';
import { runDuban } from './child-server.js';

const duban = runDuban;

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
/** A port nothing listens on, so the "is a server holding the folder?" probe finds none. */
const QUIET_PORT = '1';

async function writeEntries(database: Database, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await database.db.transaction((tx) =>
      audit(
        tx,
        { clock: () => new Date(), actor: null, ip: '127.0.0.1' },
        { action: 'settings.update', details: { i, note: '测试' } },
      ),
    );
  }
}

describe('duban backup / restore / audit verify: arguments and files', () => {
  const dir = tmp('duban-cli-ops-');
  const env = { DUBAN_DATA_DIR: join(dir, 'data'), PORT: QUIET_PORT };

  it('exits 2 with a bilingual message and no output on bad arguments and bad files', async () => {
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, '这不是备份\n');
    const badAnchor = join(dir, 'anchor.json');
    writeFileSync(badAnchor, '{"id":"x"}');
    const cases: [string[], RegExp][] = [
      [['backup'], /文件参数[\s\S]*FILE argument/],
      [['restore'], /文件参数[\s\S]*FILE argument/],
      [['restore', 'a.gz', 'b.gz'], /文件参数[\s\S]*FILE argument/],
      [['backup', 'x.gz', '--bogus'], /参数错误[\s\S]*Bad arguments/],
      [['audit'], /未知子命令[\s\S]*Unknown subcommand/],
      [['audit', 'frobnicate'], /未知子命令[\s\S]*Unknown subcommand/],
      [['audit', 'verify', 'extra'], /多余的参数[\s\S]*Unexpected argument/],
      [['backup', join(dir, 'x.gz'), '--server', 'http://127.0.0.1:1'], /同时给出[\s\S]*go together/],
      [['backup', join(dir, 'x.gz'), '--server', 'ftp://host', '--user', 'admin'], /http:\/\/[\s\S]*http:\/\//],
      [['audit', 'verify', '--anchor', badAnchor], /锚点文件[\s\S]*anchor file/],
      [['restore', join(dir, 'missing.gz'), '--check'], /找不到[\s\S]*no such file/],
      [['restore', dir, '--check'], /目录[\s\S]*directory/],
      [['restore', plain, '--check'], /无效[\s\S]*not usable/],
      [['restore', plain], /无效[\s\S]*not usable/],
    ];
    for (const [args, message] of cases) {
      const run = await duban(env, args, 'not-a-password\n');
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stderr, args.join(' ')).toMatch(/^错误：[\s\S]*\nError: /);
      expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
    // Fourteen processes one after another, each starting node and tsx: minutes on a loaded 2-core machine.
  }, 180_000);
});

describe('duban backup / restore / audit verify on the embedded database', () => {
  const dir = tmp('duban-cli-ops-');
  const source = join(dir, 'source');
  const env = { DUBAN_DATA_DIR: source, PORT: QUIET_PORT };
  const backup = join(dir, 'backup.jsonl.gz');
  const anchor = join(dir, 'anchor.json');

  const withSource = async <T>(fn: (database: Database) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ databaseUrl: null, dataDir: source });
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    await withSource(async (database) => {
      await makeUnit(database.db, '区审计局');
      await writeEntries(database, 4);
    });
  });

  it('verifies the chain and keeps an anchor', async () => {
    const run = await duban(env, ['audit', 'verify', '--anchor', anchor]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/审计日志完整：共 4 条，末条 #4[\s\S]*Audit log intact: 4 entries, last #4/);
    expect(run.stdout).toMatch(/organisation: 本区 \(default\)/);
    const written = JSON.parse(readFileSync(anchor, 'utf8'));
    expect(written).toMatchObject({ id: 4, entries: 4, chains: { default: { id: 4, entries: 4 } } });
    // An anchor file of the format before organisations ({ id, hash }) is the default organisation's anchor.
    const legacy = join(dir, 'legacy-anchor.json');
    writeFileSync(legacy, JSON.stringify({ id: 4, hash: written.hash }));
    const old = await duban(env, ['audit', 'verify', '--anchor', legacy]);
    expect(old.code, old.stderr).toBe(0);
    expect(old.stdout).toMatch(/锚点 #4 吻合[\s\S]*anchor #4 matches/);
  });

  it('backs up, checks and restores into a new data folder, and refuses to restore twice', async () => {
    const made = await duban(env, ['backup', backup]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/已备份 \/ Backed up:[\s\S]*审计日志 \/ audit log: 5 条/);
    const checked = await duban(env, ['restore', backup, '--check']);
    expect(checked.code, checked.stderr).toBe(0);
    const target = { DUBAN_DATA_DIR: join(dir, 'restored'), PORT: QUIET_PORT };
    const restored = await duban(target, ['restore', backup]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/已恢复 \/ Restored/);
    const again = await duban(target, ['restore', backup]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/不是空的[\s\S]*not empty/);
    const verified = await duban(target, ['audit', 'verify', '--anchor', backup]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/共 6 条，末条 #6，锚点 #5 吻合/);
  }, 150_000); // five child processes, each opening the embedded database: 30–42 s quiet, over 60 s on a loaded machine

  it('refuses a cut-off backup without creating the target folder', async () => {
    const cut = join(dir, 'cut.gz');
    const bytes = readFileSync(backup);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 40));
    const target = join(dir, 'never');
    const run = await duban({ DUBAN_DATA_DIR: target, PORT: QUIET_PORT }, ['restore', cut]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/无效[\s\S]*not usable; nothing was changed/);
    expect(() => readFileSync(join(target, 'pglite', 'PG_VERSION'))).toThrow();
  });

  it('exits 1 naming the entry when an entry is edited, or the last one deleted (against the anchor)', async () => {
    const original = await withSource(async ({ db }) => {
      const [row] = await db.select().from(auditEntries).where(eq(auditEntries.id, 2));
      await db.update(auditEntries).set({ action: 'test.forged' }).where(eq(auditEntries.id, 2));
      return row;
    });
    const edited = await duban(env, ['audit', 'verify']);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toBe('');
    expect(edited.stderr).toMatch(/第 2 条[\s\S]*at entry 2: Entry 2 does not match its hash/);

    await withSource(async ({ db }) => {
      await db.update(auditEntries).set({ action: original?.action }).where(eq(auditEntries.id, 2));
      await db.delete(auditEntries).where(eq(auditEntries.id, 5));
      await db.delete(auditEntries).where(eq(auditEntries.id, 4));
    });
    // The walk alone cannot see a cut-off end; the anchor (entry 4, from the first verify) can.
    expect((await duban(env, ['audit', 'verify'])).code).toBe(0);
    const cut = await duban(env, ['audit', 'verify', '--anchor', anchor]);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/第 4 条[\s\S]*截断[\s\S]*Entry 4, recorded in the anchor, is gone/);
    // A failed verify leaves the anchor as it was.
    expect(JSON.parse(readFileSync(anchor, 'utf8'))).toMatchObject({ id: 4 });
  });
});

describe('duban backup while a server holds the embedded database', () => {
  const dir = tmp('duban-cli-served-');
  const dataDir = join(dir, 'data');
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let env: Record<string, string>;
  let adminName: string;

  beforeAll(async () => {
    mkdirSync(dataDir, { recursive: true });
    database = await openDatabase({ databaseUrl: null, dataDir });
    adminName = (await makeUser(database.db, 'admin')).username;
    app = await buildApp({
      database,
      config: { sessionIdleMinutes: 30, cookieSecure: false, logLevel: 'silent', dataDir },
      webRoot: null,
      logger: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    env = { DUBAN_DATA_DIR: dataDir, PORT: String((app.server.address() as AddressInfo).port), HOST: '127.0.0.1' };
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('refuses to open the folder itself, and backs up through the server instead', async () => {
    const file = join(dir, 'b.gz');
    const direct = await duban(env, ['backup', file]);
    expect(direct.code).toBe(2);
    expect(direct.stderr).toMatch(/正被进程 \d+[\s\S]*--server[\s\S]*in use by process \d+[\s\S]*--server/);
    const verify = await duban(env, ['audit', 'verify']);
    expect(verify.code).toBe(2);
    const base = `http://127.0.0.1:${env.PORT}`;
    const wrong = await duban(env, ['backup', file, '--server', base, '--user', adminName], 'wrong password\n');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/登录失败[\s\S]*Sign-in failed/);
    const remote = await duban(env, ['backup', file, '--server', base, '--user', adminName], `${PASSWORD}\n`);
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stdout).toMatch(/已备份 \/ Backed up:[\s\S]*pglite/);
    const check = await duban(env, ['restore', file, '--check']);
    expect(check.code, check.stderr).toBe(0);
    const verified = await duban(env, ['audit', 'verify', '--server', base, '--user', adminName], `${PASSWORD}\n`);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/Audit log intact/);
    // The administrator who signed in from the command line is audited like any other.
    const [me] = await database.db.select().from(users).where(eq(users.username, adminName));
    const actions = await database.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.userId, me?.id as string));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.login', 'backup.create']));
  });
});

const pgUrl = loadTestDatabaseUrl();
describe.runIf(pgUrl)('duban backup / restore on PostgreSQL', () => {
  const names = [`duban_t_${randomBytes(6).toString('hex')}`, `duban_t_${randomBytes(6).toString('hex')}`];
  const urlOf = (name: string) => {
    const url = new URL(pgUrl as string);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const adminQuery = async (statement: string) => {
    const client = new pg.Client({ connectionString: pgUrl as string });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    for (const name of names) await adminQuery(`create database ${name}`);
    const database = await openDatabase({ databaseUrl: urlOf(names[0] as string), dataDir: '' });
    try {
      await makeUnit(database.db, '区统计局');
      await writeEntries(database, 3);
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    for (const name of names) await adminQuery(`drop database if exists ${name} with (force)`);
  });

  it('backs up one server database and restores it into another', async () => {
    const dir = tmp('duban-cli-pg-');
    const file = join(dir, 'b.gz');
    const source = { DATABASE_URL: urlOf(names[0] as string), DUBAN_DATA_DIR: join(dir, 'a') };
    const target = { DATABASE_URL: urlOf(names[1] as string), DUBAN_DATA_DIR: join(dir, 'b') };
    const made = await duban(source, ['backup', file]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/来源 \/ from: pg/);
    const restored = await duban(target, ['restore', file]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/→ PostgreSQL/);
    const verified = await duban(target, ['audit', 'verify']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/共 5 条/);
    const occupied = await duban(source, ['restore', file]);
    expect(occupied.code).toBe(2);
    expect(occupied.stderr).toMatch(/不是空的[\s\S]*not empty/);
  });
});
