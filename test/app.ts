// Factories and helpers for integration tests: a real app on a real database, signed-in callers.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Ledger, Role, Submission } from '../src/api/v1.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../src/api/v1.js';
import { type App, type AppDeps, buildApp } from '../src/server/app.js';
import type { Database, Db } from '../src/server/db/client.js';
import { users } from '../src/server/db/schema.js';
import { cliActor } from '../src/server/policy.js';
import { login } from '../src/server/services/auth.js';
import type { Ctx } from '../src/server/services/context.js';
import { insertUnit } from '../src/server/services/directory.js';
import { defaultOrganisationId } from '../src/server/services/organisations.js';
import { createUser } from '../src/server/services/users.js';

export const SAMPLE_BYTES = readFileSync(
  join(import.meta.dirname, '..', 'examples', 'wuchang-2025-work-report-tasks.txt'),
);
export const PASSWORD = 'Test#Passw0rd';

/** A clock tests move by hand. */
export function fakeClock(start = new Date('2025-03-01T02:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export async function makeApp(
  database: Database,
  clock = fakeClock(),
  config: Partial<AppDeps['config']> = {},
  webRoot: string | null = null,
): Promise<App> {
  const app = await buildApp({
    database,
    config: {
      sessionIdleMinutes: 30,
      cookieSecure: false,
      logLevel: 'silent',
      dataDir: mkdtempSync(join(tmpdir(), 'duban-files-')),
      ...config,
    },
    clock: clock.now,
    webRoot,
    logger: false,
  });
  await app.ready();
  return app;
}

/** The command line's context: the role given, in the default organisation. */
export const systemCtx = async (db: Db, role: Role = 'admin'): Promise<Ctx> => ({
  db,
  clock: () => new Date(),
  actor: cliActor(role, await defaultOrganisationId(db)),
  ip: null,
});

let counter = 0;
export const uniq = (prefix: string) => `${prefix}${++counter}${Math.random().toString(36).slice(2, 6)}`;

export async function makeUnit(
  db: Db,
  name = uniq('区测试局'),
  level: 'district' | 'city' = 'district',
): Promise<string> {
  const organisationId = await defaultOrganisationId(db);
  return db.transaction((tx) => insertUnit(tx, organisationId, { name, level, kind: 'department' }));
}

/**
 * An account ready to sign in with PASSWORD (no forced change unless asked), in the default organisation or the one
 * given (created as that organisation's administrator would).
 */
export async function makeUser(
  db: Db,
  role: Role,
  options: { unitId?: string | null; mustChange?: boolean; username?: string; organisationId?: string } = {},
): Promise<{ id: string; username: string }> {
  const username = options.username ?? uniq(`u_${role}_`);
  const ctx: Ctx = options.organisationId
    ? { db, clock: () => new Date(), actor: cliActor('admin', options.organisationId), ip: null }
    : await systemCtx(db);
  const { user } = await createUser(ctx, {
    username,
    displayName: username,
    role,
    unitId: options.unitId ?? null,
    password: PASSWORD,
  });
  if (!options.mustChange) await db.update(users).set({ mustChangePassword: false }).where(eq(users.id, user.id));
  return { id: user.id, username };
}

export interface Caller {
  cookie: string;
  csrf: string;
  /** Headers for a write: session cookie and CSRF token. */
  headers: Record<string, string>;
}

export async function signIn(app: App, username: string, password = PASSWORD): Promise<Caller> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  const cookieHeader = `${SESSION_COOKIE}=${cookie?.value}`;
  return { cookie: cookieHeader, csrf, headers: { cookie: cookieHeader, [CSRF_HEADER]: csrf } };
}

/** A session made by the sign-in service itself (no HTTP, so no rate limit): for benches creating many users. */
export async function signInDirect(app: App, username: string, password = PASSWORD): Promise<Caller> {
  const { token, session } = await login(
    { db: app.deps.database.db, clock: app.deps.clock ?? (() => new Date()), actor: null, ip: '127.0.0.1' },
    { username, password, userAgent: 'bench' },
  );
  const cookieHeader = `${SESSION_COOKIE}=${token}`;
  return {
    cookie: cookieHeader,
    csrf: session.csrfToken,
    headers: { cookie: cookieHeader, [CSRF_HEADER]: session.csrfToken },
  };
}

/** A multipart/form-data body with one file field. */
export function multipart(fileName: string, bytes: Uint8Array, field = 'file') {
  const boundary = `----duban${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.from(bytes), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads the sample notice as `caller` (a supervisor) and confirms it with every new unit approved. */
export async function importSample(app: App, caller: Caller): Promise<string> {
  const body = multipart('sample.txt', SAMPLE_BYTES);
  const preview = await app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    headers: { ...caller.headers, ...body.headers },
    payload: body.payload,
  });
  const p = preview.json() as { id: string; units: { name: string }[] };
  const confirmed = await app.inject({
    method: 'POST',
    url: `/api/v1/imports/${p.id}/confirm`,
    headers: caller.headers,
    payload: { approveNewUnits: p.units.map((u) => u.name) },
  });
  if (confirmed.statusCode !== 200) throw new Error(`import failed: ${confirmed.statusCode} ${confirmed.body}`);
  return (confirmed.json() as { planId: string }).planId;
}

/**
 * Completeness before signature: marks every item still unfilled (未填报) 本期无进展 with a reason, through the
 * API as staff would, so that the leader may sign. Call it before 送审; an edit withdraws a package from
 * sign-off, so one already waiting is sent again.
 */
export async function markRestNoProgress(app: App, caller: Caller, submissionId: string): Promise<Submission> {
  const get = async () =>
    (await app.inject({ url: `/api/v1/submissions/${submissionId}`, headers: caller.headers })).json() as Submission;
  const before = await get();
  if (!before.items) throw new Error(`submission ${submissionId} not readable: ${JSON.stringify(before)}`);
  let edited = false;
  for (const item of before.items.filter((i) => i.unfilled)) {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/item-reports/${item.id}`,
      headers: caller.headers,
      payload: {
        version: item.version,
        status: 'no_progress',
        progress: item.progress.trim() || '本期无进展：等待上级批复。',
      },
    });
    if (res.statusCode !== 200) throw new Error(`marking ${item.id} failed: ${res.statusCode} ${res.body}`);
    edited = true;
  }
  if (edited && before.status === 'pending_signoff') {
    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/submissions/${submissionId}/send`,
      headers: caller.headers,
    });
    if (sent.statusCode !== 200) throw new Error(`re-send failed: ${sent.statusCode} ${sent.body}`);
  }
  return get();
}

/**
 * A confirmed ledger (台账) on an item with one milestone, 建成投用 due 30 June 2025: the unit's staff write and
 * submit it, the office confirms it — through the API, as they would. Answers the milestone.
 */
export async function ledgerWithMilestone(
  app: App,
  staff: Caller,
  clerk: Caller,
  assignmentId: string,
): Promise<Ledger['milestones'][number]> {
  const write = (method: 'PUT' | 'POST', url: string, caller: Caller, payload?: object) =>
    app.inject({ method, url, headers: caller.headers, ...(payload ? { payload } : {}) });
  const ledger = `/api/v1/assignments/${assignmentId}/ledger`;
  const written = await write('PUT', ledger, staff, {
    version: 0,
    measures: '按计划推进。',
    responsiblePerson: '赵磊',
  });
  if (written.statusCode !== 200) throw new Error(`ledger: ${written.statusCode} ${written.body}`);
  const added = await write('POST', `/api/v1/assignments/${assignmentId}/milestones`, staff, {
    title: '建成投用',
    dueOn: '2025-06-30',
  });
  if (added.statusCode !== 200) throw new Error(`milestone: ${added.statusCode} ${added.body}`);
  for (const [step, caller] of [
    ['submit', staff],
    ['confirm', clerk],
  ] as const) {
    const res = await write('POST', `${ledger}/${step}`, caller);
    if (res.statusCode !== 200) throw new Error(`ledger ${step}: ${res.statusCode} ${res.body}`);
  }
  return (added.json() as Ledger).milestones[0] as Ledger['milestones'][number];
}
