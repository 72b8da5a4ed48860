// The load bench's data (bench/load-data.ts) at 2 districts: the shape `npm run bench -- --only load` measures at
// 1, 10 and 100 districts — one city, its districts each with the sample imported by its own supervisor over its
// own directory (the same names in every one), a signed first period and a session per unit account, nothing of
// one district in another's.

import { and, eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { generateLoadData } from '../bench/load-data.js';
import {
  assignments,
  itemReports,
  organisations,
  plans,
  sessions,
  submissions,
  tasks,
  units,
  users,
} from '../src/server/db/schema.js';
import { makeApp, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('load data at 2 districts', (t) => {
  it('makes a city and two districts, each its own directory, plan, signed period and unit accounts', async () => {
    const data = await generateLoadData(t.database, { scale: 2 });
    expect(data.districts.map((d) => d.slug)).toEqual(['district-001', 'district-002']);
    expect(data.importSeconds).toHaveLength(2);

    const orgs = await t.db.select().from(organisations);
    const city = orgs.find((o) => o.id === data.cityId);
    expect(city).toMatchObject({ level: 'city', parentId: null });
    for (const d of data.districts) {
      expect(orgs.find((o) => o.id === d.organisationId)).toMatchObject({
        level: 'district',
        parentId: data.cityId,
        slug: d.slug,
      });
    }

    const [one, two] = data.districts as [(typeof data.districts)[0], (typeof data.districts)[0]];
    const unitsOf = async (organisationId: string) =>
      t.db.select({ id: units.id, name: units.name }).from(units).where(eq(units.organisationId, organisationId));
    const [u1, u2] = [await unitsOf(one.organisationId), await unitsOf(two.organisationId)];
    expect(u1.map((u) => u.name).sort()).toEqual(u2.map((u) => u.name).sort());
    expect(u1.filter((u) => u2.some((v) => v.id === u.id))).toEqual([]);

    const [p1, p2] = await Promise.all(
      [one, two].map(async (d) => (await t.db.select().from(plans).where(eq(plans.id, d.planId)))[0]),
    );
    expect(p1?.organisationId).toBe(one.organisationId);
    expect(p2?.organisationId).toBe(two.organisationId);
    expect(p2?.docNo).toBe(p1?.docNo);

    for (const [d, own] of [
      [one, u1],
      [two, u2],
    ] as const) {
      const ownIds = new Set(own.map((u) => u.id));
      // Each unit with assignments of the district's plan is one of the district's units, with its two accounts.
      const held = await t.db
        .selectDistinct({ unitId: assignments.unitId })
        .from(assignments)
        .innerJoin(tasks, eq(tasks.id, assignments.taskId))
        .where(eq(tasks.planId, d.planId));
      expect(held.length).toBe(d.units.length);
      expect(held.every((h) => ownIds.has(h.unitId))).toBe(true);
      const accounts = await t.db
        .select({ id: users.id, organisationId: users.organisationId, unitId: users.unitId })
        .from(users)
        .where(
          inArray(
            users.unitId,
            d.units.map((u) => u.unitId),
          ),
        );
      expect(accounts).toHaveLength(2 * d.units.length);
      expect(accounts.every((a) => a.organisationId === d.organisationId)).toBe(true);
      const live = await t.db
        .select({ userId: sessions.userId })
        .from(sessions)
        .where(
          inArray(
            sessions.userId,
            accounts.map((a) => a.id),
          ),
        );
      expect(live).toHaveLength(accounts.length);
      // The first period is signed by every unit, each package holding one report per assignment of the unit.
      const signed = await t.db
        .select({ id: submissions.id, unitId: submissions.unitId })
        .from(submissions)
        .where(and(eq(submissions.periodId, d.pastPeriodId), eq(submissions.status, 'submitted')));
      expect(signed.map((s) => s.unitId).sort()).toEqual(d.units.map((u) => u.unitId).sort());
      const reports = await t.db
        .select({ id: itemReports.id })
        .from(itemReports)
        .where(
          inArray(
            itemReports.submissionId,
            signed.map((s) => s.id),
          ),
        );
      const planAssignments = await t.db
        .select({ id: assignments.id })
        .from(assignments)
        .innerJoin(tasks, eq(tasks.id, assignments.taskId))
        .where(eq(tasks.planId, d.planId));
      expect(reports).toHaveLength(planAssignments.length);
    }

    // Each district's supervisor signs in with the bench's password and sees its own plan only; a unit's staff
    // session (written into the database) is live.
    const app = await makeApp(t.database);
    try {
      for (const d of data.districts) {
        const office = await signIn(app, d.supervisor);
        const list = await app.inject({ url: '/api/v1/plans', headers: office.headers });
        expect((list.json() as { items: { id: string }[] }).items.map((p) => p.id)).toEqual([d.planId]);
        const staff = d.units[0]?.staff;
        const me = await app.inject({ url: '/api/v1/auth/me', headers: staff?.headers ?? {} });
        expect(me.statusCode).toBe(200);
      }
    } finally {
      await app.close();
    }
  }, 300_000);
});
