// import and api groups: the sample notice uploaded and confirmed end to end, and the task list
// API under 20 concurrent clients for 10 s on loopback (autocannon), on PGlite and on PostgreSQL.

import autocannon from 'autocannon';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import type { Database } from '../src/server/db/client.js';
import { importSample, makeApp, makeUser, signIn } from '../test/app.js';
import { freshDatabase } from '../test/db.js';
import { type BenchEntry, round } from './types.js';

type Kind = 'pglite' | 'pg';

async function withDatabase<T>(kind: Kind, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await freshDatabase(kind);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function importOnce(
  database: Database,
): Promise<{ ms: number; app: Awaited<ReturnType<typeof makeApp>>; cookie: string }> {
  const app = await makeApp(database);
  const clerk = await signIn(app, (await makeUser(database.db, 'supervisor')).username);
  const started = performance.now();
  await importSample(app, clerk);
  return { ms: performance.now() - started, app, cookie: clerk.cookie };
}

function kinds(): Kind[] {
  return loadTestDatabaseUrl() ? ['pglite', 'pg'] : ['pglite'];
}

export async function importBench(): Promise<BenchEntry[]> {
  const entries: BenchEntry[] = [];
  for (const kind of kinds()) {
    const ms = await withDatabase(kind, async (db) => {
      const { ms, app } = await importOnce(db);
      await app.close();
      return ms;
    });
    entries.push({
      id: kind === 'pglite' ? 'import.sample.ms' : 'import.sample.ms.pg',
      value: round(ms, 1),
      unit: 'ms',
      better: 'lower',
      note: `upload → preview → confirm of the sample (271 tasks, 107 new units) on ${kind}`,
    });
  }
  if (!loadTestDatabaseUrl())
    entries.push({
      id: 'import.pg.skipped',
      value: 0,
      unit: 'n/a',
      better: 'lower',
      note: 'skipped: set DUBAN_TEST_PG_URL to a PostgreSQL server',
    });
  return entries;
}

export async function apiBench(): Promise<BenchEntry[]> {
  const entries: BenchEntry[] = [];
  for (const kind of ['pglite', 'pg'] as Kind[]) {
    if (kind === 'pg' && !loadTestDatabaseUrl()) {
      entries.push({
        id: 'api.tasks.p50_ms.pg',
        value: 0,
        unit: 'ms',
        better: 'lower',
        note: 'skipped: set DUBAN_TEST_PG_URL to a PostgreSQL server',
      });
      continue;
    }
    await withDatabase(kind, async (db) => {
      const { app, cookie } = await importOnce(db);
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      const result = await autocannon({
        url: `${address}/api/v1/tasks?pageSize=50`,
        connections: 20,
        duration: 10,
        headers: { cookie },
      });
      await app.close();
      const ok = result.non2xx === 0 && result.errors === 0;
      entries.push(
        {
          id: `api.tasks.p50_ms.${kind}`,
          value: result.latency.p50,
          unit: 'ms',
          better: 'lower',
          note: ok ? '20 clients, 10 s, 50 tasks a page' : `non-2xx ${result.non2xx}, errors ${result.errors}`,
        },
        { id: `api.tasks.p99_ms.${kind}`, value: result.latency.p99, unit: 'ms', better: 'lower' },
        {
          id: `api.tasks.req_per_s.${kind}`,
          value: round(result.requests.average, 0),
          unit: 'req/s',
          better: 'higher',
        },
      );
    });
  }
  return entries;
}
