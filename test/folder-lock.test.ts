// One process per embedded data folder: real servers (test/child-server.ts) and real `duban`
// commands (bin/duban.js) on one PGlite data folder. The second server, and any command that would open the
// folder, is refused with a bilingual message naming the process that holds it and exit code 2; no write the
// first server acknowledged is lost; after the holder is killed with SIGKILL, the next start takes the folder.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../src/api/constants.js';
import { openDatabase } from '../src/server/db/client.js';
import { makeUser, PASSWORD } from './app.js';
import {
  type CliRun,
  isRunning,
  killServer,
  runDuban,
  type ScratchData,
  type ServerProcess,
  scratchData,
  spawnServer,
  stopServer,
  waitHealthy,
} from './child-server.js';

const ROOT = join(import.meta.dirname, '..');

const duban = runDuban;

async function signIn(server: ServerProcess, username: string) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const token = /duban_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: csrfToken };
}

async function unitNames(server: ServerProcess, headers: Record<string, string>): Promise<string[]> {
  const res = await fetch(`${server.url}/api/v1/units`, { headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { name: string }[] }).items.map((u) => u.name);
}

/** The refusal: bilingual, exit 2, naming the holder's process id. */
function expectRefused(code: number | null, output: string, holderPid: number | undefined) {
  expect(code, output).toBe(2);
  expect(output).toMatch(/数据目录[\s\S]*正被进程 \d+[\s\S]*is in use by process \d+/);
  expect(output).toContain(`process ${holderPid} (host `);
  expect(output).not.toMatch(/at .*\.ts:\d+/);
}

describe('one process per embedded data folder', () => {
  let scratch: ScratchData;
  let supervisor: string;
  const servers: ServerProcess[] = [];
  let n = 0;
  const start = async () => {
    const server = await spawnServer(++n, scratch.dataDir, null);
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    scratch = await scratchData('pglite', 'duban-folder-lock-', { memory: true });
    const database = await openDatabase({ databaseUrl: null, dataDir: scratch.dataDir });
    try {
      supervisor = (await makeUser(database.db, 'supervisor')).username;
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    for (const s of servers) await killServer(s);
    await scratch?.drop();
  });

  it('refuses a second server on the folder, naming the first, and keeps every write the first acknowledged', async () => {
    const first = await start();
    await waitHealthy(first);
    const headers = await signIn(first, supervisor);
    const written: string[] = [];
    const write = async (name: string) => {
      const res = await fetch(`${first.url}/api/v1/units`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name, level: 'district', kind: 'department' }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      written.push(name);
    };
    await write('区第一局');

    const second = await start();
    // Writes go on while the second one tries to start; it must not come up.
    const [outcome] = await Promise.all([
      waitHealthy(second).then(
        () => 'answering /healthz',
        () => 'exited',
      ),
      (async () => {
        for (let i = 2; i <= 5 && isRunning(second); i++) await write(`区第${i}局`);
      })(),
    ]);
    expect(outcome, second.output).toBe('exited');
    expectRefused(second.child.exitCode, second.output, first.child.pid);
    for (let i = 6; i <= 8; i++) await write(`区第${i}局`);

    await stopServer(first);
    const third = await start();
    await waitHealthy(third);
    const names = await unitNames(third, await signIn(third, supervisor));
    expect(names).toEqual(expect.arrayContaining(written));
    await stopServer(third);
  }, 180_000);

  it('refuses the commands that would open the folder while a server holds it', async () => {
    const server = await start();
    await waitHealthy(server);
    const env = { DUBAN_DATA_DIR: scratch.dataDir, PORT: '1' };
    const runs: [string, CliRun][] = [
      [
        'users add',
        await duban(env, ['users', 'add', '--username', 'x_late', '--name', '迟到', '--role', 'supervisor']),
      ],
      ['import', await duban(env, ['import', join(ROOT, 'examples', 'wuchang-2025-work-report-tasks.txt')])],
      ['audit verify', await duban(env, ['audit', 'verify'])],
      ['backup', await duban(env, ['backup', join(scratch.dataDir, 'b.jsonl.gz')])],
    ];
    for (const [what, run] of runs) {
      expect(run.stdout.includes('已创建'), what).toBe(false);
      expectRefused(run.code, run.stderr, server.child.pid);
    }
    // backup and verify say how to go through the server instead.
    expect(runs[3]?.[1].stderr).toMatch(/--server[\s\S]*--server/);
    expect(isRunning(server)).toBe(true);
    await stopServer(server);
  }, 180_000);

  it('takes the folder over once its holder has been killed with SIGKILL', async () => {
    const crashed = await start();
    await waitHealthy(crashed);
    await killServer(crashed);
    const t0 = performance.now();
    const next = await start();
    await waitHealthy(next);
    console.log(
      `folder lock: start after SIGKILL of the holder answered /healthz in ${Math.round(performance.now() - t0)} ms`,
    );
    expect(next.output).not.toMatch(/正被|in use by/);
    await stopServer(next);
  }, 180_000);
});
