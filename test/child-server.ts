// The real server in a child process, for tests and benches that crash it or load it from outside: what
// `duban start` runs (runServer from src/server/main.ts, under tsx like bin/duban.js), on a free port, with its
// data folder and database given. Without the web build: `duban start` rebuilds the web app whenever src/web is
// newer than dist/web, which has nothing to do with what these measure and would make every start slow.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CSRF_HEADER, SESSION_COOKIE } from '../src/api/constants.js';
import { DEFAULT_MAX_HEAP_MB, loadTestDatabaseUrl } from '../src/server/config.js';
import type { DatabaseKind } from '../src/server/db/client.js';
import { PASSWORD } from './app.js';
import { pgliteDataFolder, scratchRoot } from './db.js';

const ROOT = join(import.meta.dirname, '..');
const START = join(import.meta.dirname, 'child-server-start.ts');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServerProcess {
  /** Counts the starts of one test, for messages. */
  n: number;
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
  /** Set just before a SIGKILL: requests failing from then on were cut off by the crash. */
  killed: boolean;
  output: string;
}

/** Spawns the server; it is not listening yet (see waitHealthy). The reminder scheduler is off. */
export async function spawnServer(
  n: number,
  dataDir: string,
  databaseUrl: string | null,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DUBAN_DATA_DIR: dataDir,
    DUBAN_ADMIN_PASSWORD: PASSWORD,
    DUBAN_SCHEDULER_MINUTES: '0',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...env,
  };
  if (databaseUrl) childEnv.DATABASE_URL = databaseUrl;
  else delete childEnv.DATABASE_URL;
  // The heap cap `duban start` gives its server (src/cli/main.ts): V8 collects sooner under it, which is what an
  // office's memory figures are.
  const heapMb = childEnv.DUBAN_MAX_HEAP_MB ?? String(DEFAULT_MAX_HEAP_MB);
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', START], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server: ServerProcess = {
    n,
    url: `http://127.0.0.1:${port}`,
    child,
    killed: false,
    output: '',
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
  };
  child.stdout?.on('data', (d) => {
    server.output += d;
  });
  child.stderr?.on('data', (d) => {
    server.output += d;
  });
  return server;
}

export const isRunning = (server: ServerProcess) => server.child.exitCode === null && server.child.signalCode === null;

export async function waitHealthy(server: ServerProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isRunning(server)) {
      throw new Error(
        `server ${server.n} exited (${server.child.exitCode ?? server.child.signalCode}):\n${server.output}`,
      );
    }
    try {
      const res = await fetch(`${server.url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server ${server.n} did not start in time:\n${server.output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function killServer(server: ServerProcess): Promise<void> {
  server.killed = true;
  if (isRunning(server)) server.child.kill('SIGKILL');
  await server.exited;
}

/** SIGTERM: the server closes its connections and the database, as an operator's stop does. */
export async function stopServer(server: ServerProcess): Promise<void> {
  if (isRunning(server)) server.child.kill('SIGTERM');
  await server.exited;
}

/** A signed-in caller for HTTP clients: the session cookie and the CSRF header for writes. */
export function callerOf(token: string, csrf: string) {
  const cookie = `${SESSION_COOKIE}=${token}`;
  return { cookie, csrf, headers: { cookie, [CSRF_HEADER]: csrf } };
}

/** Where a child server keeps its data: a folder of its own, and for PostgreSQL a new empty database too. */
export interface ScratchData {
  dataDir: string;
  /** null: PGlite in dataDir/pglite. */
  databaseUrl: string | null;
  /** Drops the database and removes the folder. */
  drop: () => Promise<void>;
}

/**
 * PGlite's folder starts as a copy of the migrated template (test/db.ts), as if a first start had already run
 * initdb (5–13 s here) and the migrations; nothing else is in it, no account either. `memory` puts the folder in
 * /dev/shm where there is one, so that PGlite's synchronous WAL writes cost nothing: for tests, which kill
 * processes but never the machine. Benches leave it on disk, where their figures mean something.
 */
export async function scratchData(
  kind: DatabaseKind,
  prefix = 'duban-child-',
  options: { memory?: boolean } = {},
): Promise<ScratchData> {
  if (kind === 'pglite') {
    const dataDir = await pgliteDataFolder(prefix, options.memory ? scratchRoot() : tmpdir());
    return { dataDir, databaseUrl: null, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const removeDir = async () => rmSync(dataDir, { recursive: true, force: true });
  const adminUrl = loadTestDatabaseUrl();
  if (!adminUrl) throw new Error('a PostgreSQL scratch database needs DUBAN_TEST_PG_URL');
  // Letters and digits only: no quoting needed, no collision with parallel test files.
  const name = `duban_c_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
      await removeDir();
    },
  };
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** What a finished `duban …` command left: its exit code and output. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `duban <args>` (bin/duban.js) as a real process on the embedded database unless env says otherwise. */
export function runDuban(env: Record<string, string>, args: string[], stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'duban.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
