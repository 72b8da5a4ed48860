// The data the load group (bench/load.ts) runs on, written into a database before the server that is loaded
// starts: one city organisation and `scale` district organisations under it (docs/decisions/0010; slugs
// district-001, district-002, …), each with its own supervisor, the real sample notice imported (271 tasks, the
// units it names — the same names in every district, as in reality), its first reporting period signed by every
// unit (so the dashboard has lights and reports to count), and for every unit with assignments a staff and a
// leader account with a live session. The default organisation (made by the migrations) stays empty.
//
// The import goes through the API in-process (app.inject: set-up, not measured), as bench/deadline.ts does, once
// per district. Accounts and sessions are written straight into the database: argon2 would spend ~25 s on 200
// sign-ins a district that are not what is measured. Each district's supervisor alone keeps a password and signs
// in over HTTP (bench/load.ts).

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../src/server/db/client.js';
import {
  assignments,
  itemReports,
  organisations,
  reportingPeriods,
  sessions,
  submissions,
  tasks,
  users,
} from '../src/server/db/schema.js';
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
  /** The district's organisation and its slug (district-001, …). */
  organisationId: string;
  slug: string;
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
  /** The city organisation every district's parent_id names. */
  cityId: string;
  districts: LoadDistrict[];
  /** Set-up time, s: all of it, and each district's import of the sample through the API. */
  seconds: number;
  importSeconds: number[];
}

const SESSION_HOURS = 6;

/** A district's slug: district-001 … district-100 (sorted as numbered). */
export const districtSlug = (index: number) => `district-${String(index + 1).padStart(3, '0')}`;

/**
 * The load's data at `scale` districts under one city. `progress` hears of each district done (set-up of 100
 * districts takes minutes).
 */
export async function generateLoadData(
  database: Database,
  options: { scale: number; progress?: (done: number, district: LoadDistrict, importS: number) => void },
): Promise<LoadData> {
  const { scale } = options;
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`load scale ${scale}: a whole number of districts ≥ 1`);
  const started = performance.now();
  const [city] = await database.db
    .insert(organisations)
    .values({ name: '负载测试市', level: 'city', slug: 'load-city' })
    .returning({ id: organisations.id });
  const cityId = (city as { id: string }).id;
  // One folder for every district's in-process app (the import keeps no file there; it must exist).
  const filesDir = mkdtempSync(join(tmpdir(), 'duban-load-files-'));
  const districts: LoadDistrict[] = [];
  const importSeconds: number[] = [];
  try {
    for (let index = 0; index < scale; index++) {
      const { district, importS } = await seedDistrict(database, cityId, index, filesDir);
      districts.push(district);
      importSeconds.push(importS);
      options.progress?.(index + 1, district, importS);
    }
  } finally {
    rmSync(filesDir, { recursive: true, force: true });
  }
  return { cityId, districts, seconds: (performance.now() - started) / 1000, importSeconds };
}

/**
 * One district: its organisation under the city, its supervisor, the sample imported by that supervisor, its first
 * period signed by every unit, accounts and sessions per unit.
 */
async function seedDistrict(
  database: Database,
  cityId: string,
  index: number,
  filesDir: string,
): Promise<{ district: LoadDistrict; importS: number }> {
  const db = database.db;
  const slug = districtSlug(index);
  const [row] = await db
    .insert(organisations)
    .values({ name: `负载测试区${index + 1}`, level: 'district', parentId: cityId, slug })
    .returning({ id: organisations.id });
  const organisationId = (row as { id: string }).id;
  // An app per district: the import route allows 30 uploads a minute from one address.
  const app = await makeApp(database, { now: () => new Date(), advance: () => undefined }, { dataDir: filesDir });
  const supervisor = await makeUser(db, 'supervisor', { username: `load_d${index}_duchashi`, organisationId });
  let planId: string;
  const importStarted = performance.now();
  try {
    planId = await importSample(app, await signIn(app, supervisor.username));
  } finally {
    await app.close();
  }
  const importS = (performance.now() - importStarted) / 1000;
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
  return {
    district: {
      organisationId,
      slug,
      planId,
      pastPeriodId: past.id,
      livePeriodId: live.id,
      supervisor: supervisor.username,
      units,
    },
    importS,
  };
}

export { PASSWORD };
