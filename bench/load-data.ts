// The data the load group (bench/load.ts) runs on, written into a database before the server that is loaded
// starts: `scale` districts, each the real sample notice imported (271 tasks, the units it names), its first
// reporting period signed by every unit (so the dashboard has lights and reports to count), and for every unit
// with assignments a staff and a leader account with a live session.
//
// Only scale 1 exists today: one installation is one district. When organisations exist (issue 17), a district
// is an organisation and seedDistrict runs once per district — the same names in every one, as in reality.
//
// The import goes through the API in-process (app.inject: set-up, not measured), as bench/deadline.ts does.
// Accounts and sessions are written straight into the database: argon2 would spend ~25 s on 200 sign-ins that
// are not what is measured. The supervisor alone keeps a password and signs in over HTTP (bench/load.ts).

import { createHash, randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../src/server/db/client.js';
import {
  assignments,
  itemReports,
  reportingPeriods,
  sessions,
  submissions,
  tasks,
  users,
} from '../src/server/db/schema.js';
import { defaultOrganisationId } from '../src/server/services/organisations.js';
import { hashPassword } from '../src/server/services/passwords.js';
import { importSample, makeApp, makeUser, PASSWORD, signIn } from '../test/app.js';
import { callerOf } from '../test/child-server.js';

export type Caller = ReturnType<typeof callerOf>;

export interface LoadUnit {
  unitId: string;
  staff: Caller;
  leader: Caller;
}

export interface LoadDistrict {
  planId: string;
  /** The period already signed by every unit (history). */
  pastPeriodId: string;
  /** The period the load writes in: packages opened, filled, saved, sent and signed. */
  livePeriodId: string;
  /** Signs in over HTTP with PASSWORD. */
  supervisor: string;
  units: LoadUnit[];
}

export interface LoadData {
  districts: LoadDistrict[];
}

const SESSION_HOURS = 6;

/** The load's data at `scale` districts. */
export async function generateLoadData(database: Database, options: { scale: number }): Promise<LoadData> {
  if (options.scale !== 1) {
    throw new Error(`load scale ${options.scale}: only 1 district exists until organisations do (issue 17)`);
  }
  const districts: LoadDistrict[] = [];
  for (let index = 0; index < options.scale; index++) districts.push(await seedDistrict(database, index));
  return { districts };
}

/** One district: the sample imported, its first period signed by every unit, accounts and sessions per unit. */
async function seedDistrict(database: Database, index: number): Promise<LoadDistrict> {
  const db = database.db;
  const app = await makeApp(database, { now: () => new Date(), advance: () => undefined });
  const supervisor = await makeUser(db, 'supervisor', { username: `load_d${index}_duchashi` });
  let planId: string;
  try {
    planId = await importSample(app, await signIn(app, supervisor.username));
  } finally {
    await app.close();
  }
  const periods = await db
    .select({ id: reportingPeriods.id })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, planId))
    .orderBy(asc(reportingPeriods.dueAt));
  const [past, live] = periods;
  if (!past || !live) throw new Error('the sample plan has fewer than two reporting periods');

  const all = await db
    .select({ id: assignments.id, unitId: assignments.unitId })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(eq(tasks.planId, planId));
  const unitIds = [...new Set(all.map((a) => a.unitId))];

  // ---- history: the first period signed by every unit, with a spread of statuses
  const statuses = ['on_track', 'on_track', 'completed', 'lagging', 'on_track'] as const;
  await db.transaction(async (tx) => {
    for (const unitId of unitIds) {
      const [sub] = await tx
        .insert(submissions)
        .values({
          unitId,
          periodId: past.id,
          status: 'submitted',
          signerId: supervisor.id,
          signedAt: new Date(),
          contentHash: '0'.repeat(64),
        })
        .returning({ id: submissions.id });
      const mine = all.filter((a) => a.unitId === unitId);
      await tx.insert(itemReports).values(
        mine.map((a, i) => {
          const status = statuses[i % statuses.length] as (typeof statuses)[number];
          return {
            submissionId: sub?.id as string,
            assignmentId: a.id,
            status,
            progress: '按计划推进，本期完成年度目标的25%。',
            ...(status === 'lagging' ? { lagReasons: ['funding'] } : {}),
          };
        }),
      );
    }
  });

  // ---- a staff and a leader per unit, each with a session
  const passwordHash = await hashPassword(randomBytes(12).toString('hex'));
  const now = new Date();
  const organisationId = await defaultOrganisationId(db);
  const accounts = unitIds.flatMap((unitId, i) =>
    (['unit_staff', 'unit_leader'] as const).map((role) => ({
      organisationId,
      username: `load_d${index}_u${i}_${role === 'unit_staff' ? 'staff' : 'leader'}`,
      displayName: `${role === 'unit_staff' ? '经办人' : '主要领导'} ${i + 1}`,
      role,
      unitId,
      passwordHash,
      mustChangePassword: false,
    })),
  );
  const inserted = await db.insert(users).values(accounts).returning({ id: users.id, username: users.username });
  const idOf = new Map(inserted.map((u) => [u.username, u.id]));
  const tokens = accounts.map(() => ({
    token: randomBytes(32).toString('base64url'),
    csrf: randomBytes(24).toString('base64url'),
  }));
  await db.insert(sessions).values(
    accounts.map((a, i) => ({
      id: createHash('sha256')
        .update((tokens[i] as { token: string }).token)
        .digest('hex'),
      userId: idOf.get(a.username) as string,
      csrfToken: (tokens[i] as { csrf: string }).csrf,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
      ip: '127.0.0.1',
      userAgent: 'load-bench',
    })),
  );
  const units = unitIds.map((unitId, i) => {
    const s = tokens[2 * i] as { token: string; csrf: string };
    const l = tokens[2 * i + 1] as { token: string; csrf: string };
    return { unitId, staff: callerOf(s.token, s.csrf), leader: callerOf(l.token, l.csrf) };
  });
  return { planId, pastPeriodId: past.id, livePeriodId: live.id, supervisor: supervisor.username, units };
}

export { PASSWORD };
