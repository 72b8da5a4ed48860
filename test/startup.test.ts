// Start-up as production meets it (issue 12 §12, "it stays up"): real server processes (test/child-server.ts,
// what `duban start` runs, minus the web build) started together on one empty PostgreSQL database, and
// `duban start` refusing to run (bad configuration, database unreachable, port taken) or failing after it
// started: a bilingual message, nothing secret in the output, and a non-zero exit a supervisor sees.

import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { isRunning, killServer, type ServerProcess, scratchData, spawnServer, waitHealthy } from './child-server.js';

const _ROOT = join(import.meta.dirname, '..');

/** What must never reach a log or a terminal: SQL parameters, password hashes. */
const SECRET_IN_OUTPUT = /params:|\$argon2/;

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

  it('all three come up, exactly one admin is created and its password printed once, nothing secret is logged', async () => {
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
        // No DUBAN_ADMIN_PASSWORD: the first admin's password is generated and printed by whoever creates it.
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

      const printed = servers
        .map((s) => /initial password \(shown once\): (\S+)/.exec(s.output)?.[1])
        .filter((p): p is string => p !== undefined);
      expect(printed, servers.map((s) => s.output).join('\n----\n')).toHaveLength(1);
      // The printed password is the admin's, on every instance.
      for (const s of servers) {
        const res = await fetch(`${s.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: printed[0] }),
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
