// First start: the admin account; `--demo`: the sample, a directory with groups, one account per role.

import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/server/app.js';
import { plans, tasks, type users } from '../src/server/db/schema.js';
import { bootstrapAdmin } from '../src/server/services/auth.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../src/server/services/demo.js';
import { makeApp, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('first start and the demo', (t) => {
  let app: App;
  const ctx = () => ({ db: t.db, clock: () => new Date(), actor: null, ip: null });
  const n = async (table: typeof plans | typeof tasks | typeof users) =>
    (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from ${table}`)).rows[0]?.n;

  beforeAll(async () => {
    app = await makeApp(t.database);
  });

  it('creates admin once on an empty database, with a generated password that signs in', async () => {
    const first = await bootstrapAdmin(ctx(), null);
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toMatch(/^.{16}$/);
    expect(await bootstrapAdmin(ctx(), null)).toEqual({ created: false, generatedPassword: null });
    const admin = await signIn(app, 'admin', first.generatedPassword as string);
    const me = (await app.inject({ url: '/api/v1/auth/me', headers: { cookie: admin.cookie } })).json();
    expect(me.user).toMatchObject({ username: 'admin', role: 'admin', mustChangePassword: true });
  });

  it('seeds the demo once: the sample plan, groups with members, one account per role', async () => {
    expect((await seedDemo(ctx())).seeded).toBe(true);
    expect(await n(plans)).toBe(1);
    expect(await n(tasks)).toBe(271);
    expect((await seedDemo(ctx())).seeded).toBe(false);
    expect(await n(plans)).toBe(1);
    for (const account of DEMO_ACCOUNTS) await signIn(app, account.username, DEMO_PASSWORD);
    const clerk = await signIn(app, 'duchashi', DEMO_PASSWORD);
    const groups = (await app.inject({ url: '/api/v1/unit-groups', headers: { cookie: clerk.cookie } })).json().items;
    const streets = groups.find((g: { name: string }) => g.name === '各街道办事处');
    expect(streets.members.map((m: { name: string }) => m.name)).toContain('杨园街道');
    // The alias spellings of the sample resolve to one unit.
    const units = (await app.inject({ url: '/api/v1/units?q=武昌', headers: { cookie: clerk.cookie } })).json().items;
    expect(units.find((u: { name: string }) => u.name === '市生态环境局武昌分局').aliases).toEqual([
      '市生态环境局武昌区分局',
    ]);
  });

  it('gives the district leader a few 分管 units, 区发改局 among them, which their brief covers', async () => {
    const leader = await signIn(app, 'quzhang', DEMO_PASSWORD);
    const leaders = (await app.inject({ url: '/api/v1/leaders', headers: { cookie: leader.cookie } })).json().items;
    const quzhang = leaders.find((l: { username: string }) => l.username === 'quzhang');
    expect(quzhang.units.map((u: { name: string }) => u.name)).toContain('区发改局');
    const brief = await app.inject({ url: '/api/v1/briefs/leader', headers: { cookie: leader.cookie } });
    expect(brief.statusCode, brief.body.slice(0, 200)).toBe(200);
    expect(brief.json().units.map((u: { name: string }) => u.name)).toEqual(
      quzhang.units.map((u: { name: string }) => u.name),
    );
  });

  it('gives a street the tasks printed for 各街道办事处', async () => {
    const street = await signIn(app, 'yangyuan.staff', DEMO_PASSWORD);
    const mine = (
      await app.inject({ url: '/api/v1/my/assignments?pageSize=500', headers: { cookie: street.cookie } })
    ).json();
    // Its own named tasks (district 16, 38) plus every task of 各街道办事处 (city 128, 129, 132, 133, 134; district 12, 13, …).
    expect(mine.total).toBeGreaterThanOrEqual(12);
    const viaGroup = mine.items.filter((t: { assignments: { viaGroup: { name: string } | null }[] }) =>
      t.assignments.some((a) => a.viaGroup?.name === '各街道办事处'),
    );
    expect(viaGroup.length).toBe(11);
  });
});
