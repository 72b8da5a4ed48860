// submit group: 50 units open, send and sign their period submissions at once on PostgreSQL
// (signed submissions per second), beside the server's raw single-row INSERT transaction rate
// measured in the same run.

import { sql } from 'drizzle-orm';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { type Caller, importSample, makeApp, makeUser, signIn, signInDirect } from '../test/app.js';
import { freshDatabase } from '../test/db.js';
import { type BenchEntry, round } from './types.js';

const UNITS = 50;

export async function submitBench(): Promise<BenchEntry[] | { skipped: string }> {
  if (!loadTestDatabaseUrl()) return { skipped: 'set DUBAN_TEST_PG_URL to a PostgreSQL server' };
  const database = await freshDatabase('pg');
  try {
    const app = await makeApp(database);
    const clerk = await signIn(app, (await makeUser(database.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    const period = (
      await app.inject({ url: `/api/v1/plans/${planId}/periods`, headers: { cookie: clerk.cookie } })
    ).json().items[0];
    const units = (
      (await app.inject({ url: '/api/v1/units?level=district', headers: { cookie: clerk.cookie } })).json().items as {
        id: string;
        assignmentCount: number;
      }[]
    )
      .filter((u) => u.assignmentCount > 0)
      .slice(0, UNITS);
    const pairs: { staff: Caller; leader: Caller }[] = [];
    for (const u of units) {
      pairs.push({
        staff: await signInDirect(app, (await makeUser(database.db, 'unit_staff', { unitId: u.id })).username),
        leader: await signInDirect(app, (await makeUser(database.db, 'unit_leader', { unitId: u.id })).username),
      });
    }
    const started = performance.now();
    const results = await Promise.all(
      pairs.map(async ({ staff, leader }) => {
        const pkg = (
          await app.inject({ url: `/api/v1/periods/${period.id}/submission`, headers: { cookie: staff.cookie } })
        ).json();
        await app.inject({ method: 'POST', url: `/api/v1/submissions/${pkg.id}/send`, headers: staff.headers });
        const signed = await app.inject({
          method: 'POST',
          url: `/api/v1/submissions/${pkg.id}/sign`,
          headers: leader.headers,
        });
        return signed.statusCode === 200;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const ok = results.filter(Boolean).length;

    // The same server's raw rate: single-row INSERT transactions, 10 at a time.
    await database.db.execute(sql`create table bench_raw (id serial primary key, v text)`);
    const n = 1000;
    const rawStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < n) {
          next++;
          await database.db.transaction((tx) => tx.execute(sql`insert into bench_raw (v) values ('x')`));
        }
      }),
    );
    const rawPerS = n / ((performance.now() - rawStart) / 1000);
    await app.close();
    return [
      {
        id: 'submit.per_s.pg',
        value: round(ok / seconds, 1),
        unit: 'submissions/s',
        better: 'higher',
        note: `${ok}/${units.length} units opened, sent and signed their submissions at once in ${round(seconds, 2)} s`,
      },
      {
        id: 'insert.raw_per_s.pg',
        value: round(rawPerS, 0),
        unit: 'tx/s',
        better: 'higher',
        note: 'single-row INSERT transactions, 10 concurrent',
      },
    ];
  } finally {
    await database.close();
  }
}
