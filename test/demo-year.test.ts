// The living demo: the bundled notice re-dated to the demo year and that year played up to the demo date
// through the services. Seeded, so one date gives one database; at mid-November every dashboard chart has a
// shape (reports on time and late, lights of every colour, a published bulletin, an open 督办单).

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/server/app.js';
import type { Database, Db } from '../src/server/db/client.js';
import { DEMO_PASSWORD, seedDemo } from '../src/server/services/demo.js';
import { parseDemoDate } from '../src/server/services/demo-year.js';
import { fakeClock, makeApp, signIn } from './app.js';
import { describeEachDatabase, freshDatabase } from './db.js';

const NOVEMBER = '2026-11-15';

/** What a run leaves behind, read with SQL of its own: counts and states, no ids. */
async function shape(db: Db) {
  const q = async (text: string) => (await db.execute(sql.raw(text))).rows;
  return {
    plan: await q(`select year, (select count(*)::int from tasks) as tasks from plans`),
    submissions: await q(
      `select p.label, s.status, count(*)::int as n, count(*) filter (where s.signed_at > p.due_at)::int as late
         from submissions s join reporting_periods p on p.id = s.period_id group by 1, 2 order by 1, 2`,
    ),
    items: await q(`select status, count(*)::int as n from item_reports group by 1 order by 1`),
    audit: await q(`select action, count(*)::int as n from audit_entries group by 1 order by 1`),
    notices: await q(`select severity, status from supervision_notices order by 1, 2`),
    coordination: await q(`select status, answer from coordination_requests order by 1, 2`),
    extensions: await q(`select status, new_due_on::text from extension_requests order by 1`),
    bulletins: await q(`select b.status, p.label from bulletins b join reporting_periods p on p.id = b.period_id`),
  };
}

describeEachDatabase('the living demo', (t) => {
  let app: App;
  let second: Database;
  const today = parseDemoDate(NOVEMBER);

  beforeAll(async () => {
    await seedDemo({ db: t.db, clock: () => new Date(), actor: null, ip: null }, { today });
    app = await makeApp(t.database, fakeClock(today));
  }, 600_000);
  afterAll(async () => {
    await second?.close();
  });

  it('plays the demo year up to the demo date, the same way every time', async () => {
    second = await freshDatabase(t.kind);
    await seedDemo({ db: second.db, clock: () => new Date(), actor: null, ip: null }, { today });
    const one = await shape(t.db);
    expect(one.plan).toEqual([{ year: 2026, tasks: 271 }]);
    // Three periods finished by mid-November, each reported (some late); a return was signed again.
    expect(one.submissions.map((r) => r.label)).toEqual(
      expect.arrayContaining(['2026年第一季度', '2026年第二季度', '2026年第三季度']),
    );
    expect(one.submissions.some((r) => Number(r.late) > 0)).toBe(true);
    expect(one.audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'submission.leader_return' }),
        expect.objectContaining({ action: 'submission.return' }),
        expect.objectContaining({ action: 'coordination.answer' }),
      ]),
    );
    // Every signed item is filled in: most advance, some say 本期无进展 (with a reason).
    const statuses = (one.items as { status: string | null }[]).map((r) => r.status);
    expect(statuses).toEqual(expect.arrayContaining(['on_track', 'no_progress']));
    expect(one.notices).toEqual([{ severity: 'red', status: 'issued' }]);
    expect(one.extensions).toEqual([{ status: 'approved', new_due_on: '2026-09-30' }]);
    expect(one.bulletins).toEqual([{ status: 'published', label: '2026年第三季度' }]);
    expect(await shape(second.db)).toEqual(one);
  }, 600_000);

  it('gives the office a dashboard with a shape at mid-November', async () => {
    const clerk = await signIn(app, 'duchashi', DEMO_PASSWORD);
    const planId = (await t.db.execute<{ id: string }>(sql`select id from plans`)).rows[0]?.id as string;
    const res = await app.inject({ url: `/api/v1/dashboard?planId=${planId}`, headers: clerk.headers });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    const rates = d.trend.map((x: { onTimeRate: number | null }) => x.onTimeRate).filter((r: unknown) => r !== null);
    expect(rates.length).toBeGreaterThanOrEqual(3);
    for (const rate of rates) {
      expect(rate).toBeGreaterThan(0);
      expect(rate).toBeLessThan(1);
    }
    const lights = d.totals.taskLights;
    expect(lights.red).toBeGreaterThan(0);
    expect(lights.yellow).toBeGreaterThan(0);
    expect(lights.green).toBeGreaterThan(0);
    // The office's bell is not a wall of 99+ overdue reports.
    const bell = (await app.inject({ url: '/api/v1/notifications', headers: clerk.headers })).json();
    expect(bell.unread).toBeLessThan(99);
  });
});

it.each([
  {
    args: ['--demo', '--demo-date', '2026-02-30'],
    message: /--demo-date 应为[\s\S]*2026-02-30[\s\S]*--demo-date must be a date/,
  },
  { args: ['--demo', '--demo-clock'], message: /--demo-clock 只能与[\s\S]*--demo-clock needs --demo --demo-date/ },
])('refuses `start $args` with a bilingual message and exit code 2', async ({ args, message }) => {
  const run = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', 'duban.js'), 'start', ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '' },
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
  expect(run.code, run.out).toBe(2);
  expect(run.out).toMatch(message);
});
