// Start-up as production meets it ("it stays up"): real server processes (test/child-server.ts,
// what `duban start` runs, minus the web build) started together on one empty PostgreSQL database, and
// `duban start` refusing to run (bad configuration, database unreachable, port taken) or failing after it
// started: a bilingual message, nothing secret in the output, and a non-zero exit a supervisor sees.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, stat } from 'node:fs/promises';
import { type AddressInfo, createServer, Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import {
  freePort,
  isRunning,
  killServer,
  type ServerProcess,
  scratchData,
  spawnServer,
  waitHealthy,
} from './child-server.js';

const ROOT = join(import.meta.dirname, '..');

/** What must never reach a log or a terminal: SQL parameters (only "params: [redacted]"), password hashes. */
const SECRET_IN_OUTPUT = /params: (?!\[redacted\])|\$argon2/;

async function query<T>(url: string, statement: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.runIf(loadTestDatabaseUrl())('several instances started together on one empty PostgreSQL database', () => {
  const started: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of started) await killServer(s);
  });

  it('all three come up, exactly one admin is created and its password handed over once, nothing secret is logged', async () => {
    const scratch = await scratchData('pg', 'duban-startup-');
    try {
      // Schema in place, no rows. The users table is held locked until all three wait on a lock, so they reach
      // the first admin together, as instances a supervisor starts at once do (left to chance, the migrations'
      // turns and module loading space them out and the race shows only now and then).
      const url = scratch.databaseUrl as string;
      await (await openDatabase({ databaseUrl: url, dataDir: scratch.dataDir })).close();
      const gate = new pg.Client({ connectionString: url });
      await gate.connect();
      try {
        await gate.query('begin');
        await gate.query('lock table users in access exclusive mode');
        // No DUBAN_ADMIN_PASSWORD: the first admin's password is generated and handed over by whoever creates it.
        const env = { DUBAN_ADMIN_PASSWORD: '', LOG_LEVEL: 'info' };
        started.push(...(await Promise.all([1, 2, 3].map((n) => spawnServer(n, scratch.dataDir, url, env)))));
        // Watched from another session: within the gate's transaction pg_stat_activity is one snapshot.
        for (let i = 0; ; i++) {
          const waiting = await query<{ n: number }>(
            url,
            "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'duban' and wait_event_type = 'Lock'",
          );
          if (waiting[0]?.n === 3) break;
          for (const s of started) if (!isRunning(s)) throw new Error(`server ${s.n} exited:\n${s.output}`);
          if (i > 1200) throw new Error('the three servers did not reach the start-up steps');
          await new Promise((r) => setTimeout(r, 50));
        }
        await gate.query('commit');
      } finally {
        await gate.end();
      }
      const servers = started;
      await Promise.all(servers.map((s) => waitHealthy(s)));
      for (const s of servers) expect(isRunning(s), s.output).toBe(true);

      const admins = await query<{ n: number }>(url, "select count(*)::int as n from users where username = 'admin'");
      expect(admins[0]?.n).toBe(1);
      const bootstraps = await query<{ n: number }>(
        url,
        "select count(*)::int as n from audit_entries where action = 'user.bootstrap_admin'",
      );
      expect(bootstraps[0]?.n).toBe(1);

      // No one watches these consoles (stdout is a pipe): the generated password is in a file only its owner reads,
      // said once, and in no console output or log file.
      const told = servers.filter((s) => s.output.includes('initial-admin-password.txt'));
      expect(told, servers.map((s) => s.output).join('\n----\n')).toHaveLength(1);
      const passwordFile = join(scratch.dataDir, 'initial-admin-password.txt');
      expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
      const password = (await readFile(passwordFile, 'utf8')).trim();
      expect(password).toMatch(/^\S{16}$/);
      for (const s of servers) expect(s.output).not.toContain(password);
      const logFiles = await readdir(join(scratch.dataDir, 'logs'));
      expect(logFiles.length).toBeGreaterThan(0);
      for (const f of logFiles) {
        const lines = await readFile(join(scratch.dataDir, 'logs', f), 'utf8');
        expect(lines).not.toContain(password);
        expect(lines).not.toMatch(SECRET_IN_OUTPUT);
      }
      // The password in the file is the admin's, on every instance.
      for (const s of servers) {
        const res = await fetch(`${s.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password }),
        });
        expect(res.status, `server ${s.n}`).toBe(200);
      }
      for (const s of servers) expect(s.output, `server ${s.n}`).not.toMatch(SECRET_IN_OUTPUT);
    } finally {
      for (const s of started.splice(0)) await killServer(s);
      await scratch.drop();
    }
  }, 180_000);
});

/** `duban` as an operator runs it (bin/duban.js), to its exit. */
function duban(env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'duban.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('duban start stops with a non-zero exit when it cannot run', () => {
  it('bad configuration: exit 2, bilingual, before anything starts', async () => {
    const run = await duban({ PORT: 'eighty', DUBAN_MAX_HEAP_MB: '12' }, ['start']);
    expect(run.code, run.out).toBe(2);
    expect(run.out).toMatch(/环境变量取值无效[\s\S]*PORT[\s\S]*DUBAN_MAX_HEAP_MB[\s\S]*Invalid environment variable/);
  });

  it('database unreachable: exit 1, bilingual, no password; the server ran under the configured heap cap', async () => {
    const run = await duban(
      { DATABASE_URL: 'postgres://duban:s3cret-pw@127.0.0.1:1/duban', DUBAN_MAX_HEAP_MB: '300' },
      ['start'],
    );
    expect(run.code, run.out).toBe(1);
    expect(run.out).toMatch(/无法连接 PostgreSQL[\s\S]*Cannot connect to the PostgreSQL database/);
    expect(run.out).not.toContain('s3cret-pw');
    // V8's limit is the old space asked for plus the young generation.
    const limit = Number(/heap limit: (\d+) MB/.exec(run.out)?.[1]);
    expect(limit).toBeGreaterThanOrEqual(300);
    expect(limit).toBeLessThan(400);
  });

  it('port already taken: exit 2 with a bilingual message', async () => {
    const scratch = await scratchData('pglite', 'duban-port-', { memory: true });
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const server = await spawnServer(1, scratch.dataDir, null, { PORT: String(port) });
      await server.exited;
      expect(server.child.exitCode, server.output).toBe(2);
      expect(server.output).toMatch(new RegExp(`端口 ${port} 已被占用[\\s\\S]*Port ${port} is already in use`));
      // It let go of the data folder on its way out.
      const next = await spawnServer(2, scratch.dataDir, null);
      await waitHealthy(next);
      await killServer(next);
    } finally {
      taken.close();
      await scratch.drop();
    }
  }, 120_000);

  it('an error nothing caught once it runs: logged without SQL parameters, exit 1', async () => {
    const scratch = await scratchData('pglite', 'duban-uncaught-', { memory: true });
    try {
      // The real server, then a rejected query's error that no code catches (as a bug in a timer would leave).
      const script = `import { runServer } from './src/server/main.ts';
        await runServer({ skipWebBuild: true });
        const e = new Error('Failed query: insert into "users" values ($1, $2)\\nparams: admin,$argon2id$v=19$m=19456,t=2,p=1$abc$def');
        setTimeout(() => Promise.reject(e), 50);`;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: '',
          PORT: String(await freePort()),
          HOST: '127.0.0.1',
          DUBAN_DATA_DIR: scratch.dataDir,
          DUBAN_SCHEDULER_MINUTES: '0',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        out += d;
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, out).toBe(1);
      expect(out).toMatch(/unhandled promise rejection: stopping/);
      expect(out).toContain('Failed query: insert into');
      expect(out).not.toMatch(SECRET_IN_OUTPUT);
    } finally {
      await scratch.drop();
    }
  }, 120_000);
});

describe('stopping', () => {
  it('SIGTERM stops the server even while a client holds a connection it never sent a request on', async () => {
    const scratch = await scratchData('pglite', 'duban-stop-', { memory: true });
    const server = await spawnServer(1, scratch.dataDir, null);
    const socket = new Socket();
    try {
      await waitHealthy(server);
      socket.connect(Number(new URL(server.url).port), '127.0.0.1');
      await once(socket, 'connect');
      const started = Date.now();
      server.child.kill('SIGTERM');
      // Without closing such connections the stop waits for Node's 300 s request timeout.
      await Promise.race([server.exited, new Promise((r) => setTimeout(r, 60_000))]);
      expect(isRunning(server), server.output).toBe(false);
      expect(server.child.exitCode, server.output).toBe(0);
      console.info(`stopped in ${Date.now() - started} ms with a silent connection open`);
    } finally {
      socket.destroy();
      await killServer(server);
      await scratch.drop();
    }
  }, 180_000);
});
