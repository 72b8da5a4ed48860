// deadline group: deadline day. Every unit of the district opens its period submission, fills in
// items, sends it to its leader, and the leader reads and signs it: 200 units arriving over the last 45 s before
// the minute is out (evenly, with jitter), against the real server in a child process (test/child-server.ts) over
// HTTP, so the load generator and the server are separate processes as in production. A fraction of clients lose an answer and retry with the same Idempotency-Key:
// the answer read and thrown away, the request aborted mid-flight, or sent twice at once.
//
// Afterwards, in the database: every unit's submission signed exactly once (one send and one sign in the audit log),
// every acknowledged item edit present, every content hash recomputing from the stored content, the audit
// chain intact. Figures: p95 latency of all answered requests, and signed submissions per second.
//
// The sample plan gives assignments to 102 units (59 of the district, 43 city offices answering for district
// tasks); the rest of the 200 are added as 模拟单位NNN, each given the assignments of a real unit. Accounts and sessions are written straight into the database
// (argon2 would spend ~25 s on 400 sign-ins that are not what is measured here).

import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Submission } from '../src/api/v1.js';
import { loadTestDatabaseUrl } from '../src/server/config.js';
import { type DatabaseKind, openDatabase } from '../src/server/db/client.js';
import {
  assignments,
  auditEntries,
  evidenceFiles,
  itemReports,
  sessions,
  submissions,
  tasks,
  users,
} from '../src/server/db/schema.js';
import { verifyAudit } from '../src/server/services/audit.js';
import { insertUnit } from '../src/server/services/directory.js';
import { defaultOrganisationId } from '../src/server/services/organisations.js';
import { hashPassword } from '../src/server/services/passwords.js';
import { contentHash } from '../src/server/services/submissions.js';
import { importSample, makeApp, makeUser, PASSWORD, signIn } from '../test/app.js';
import {
  callerOf,
  type ServerProcess,
  scratchData,
  spawnServer,
  stopServer,
  waitHealthy,
} from '../test/child-server.js';
import { type BenchEntry, round } from './types.js';

export interface DeadlineOptions {
  kind: DatabaseKind;
  /** Units that submit (default 200). */
  units?: number;
  /** Item edits per unit before sending (default 2). */
  edits?: number;
  /** Share of send and of sign requests whose answer is "lost" and retried (default 0.2). */
  retryShare?: number;
  /** Units start over this many seconds (default 45; 0: all at once). */
  spreadSeconds?: number;
  /** Extra environment for the server process (measurements of a setting). */
  serverEnv?: Record<string, string>;
  /** PGlite's folder in memory (/dev/shm): for the test, which asserts no PGlite timing; the bench stays on disk. */
  memoryFolder?: boolean;
}

export interface DeadlineResult {
  kind: DatabaseKind;
  units: number;
  realUnits: number;
  addedUnits: number;
  /** From the first request to the last signature. */
  seconds: number;
  spreadSeconds: number;
  requests: number;
  p50: number;
  p95: number;
  max: number;
  /** Signed submissions per second. */
  perSecond: number;
  retries: { answerLost: number; aborted: number; concurrent: number };
  signed: number;
  errors: string[];
  /** Units whose submission is not signed at the end, plus acknowledged edits not found. */
  lost: number;
  /** Steps recorded more than once (a send or sign applied twice), plus extra submissions. */
  duplicates: number;
  setupSeconds: number;
}

type Caller = ReturnType<typeof callerOf>;
type Retry = 'once' | 'answerLost' | 'aborted' | 'concurrent';

class Client {
  readonly latencies: number[] = [];
  readonly errors: string[] = [];
  constructor(private readonly server: ServerProcess) {}

  /** One request; its latency counts when an answer arrives. Network failures and 5xx are errors. */
  async send(
    method: string,
    path: string,
    caller: Caller,
    options: { json?: unknown; key?: string; signal?: AbortSignal } = {},
  ): Promise<{ status: number; body: unknown } | null> {
    const headers: Record<string, string> =
      method === 'GET' ? { cookie: caller.cookie } : { ...caller.headers, 'content-type': 'application/json' };
    if (options.key) headers['idempotency-key'] = options.key;
    const started = performance.now();
    try {
      const res = await fetch(`${this.server.url}${path}`, {
        method,
        headers,
        body: options.json !== undefined ? JSON.stringify(options.json) : method === 'GET' ? undefined : '{}',
        signal: options.signal ?? AbortSignal.timeout(120_000),
      });
      const text = await res.text();
      this.latencies.push(performance.now() - started);
      return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch (error) {
      if (options.signal?.aborted) return null; // the client gave up on purpose
      this.errors.push(`${method} ${path}: ${(error as Error).message}`);
      return null;
    }
  }

  /** A send or sign, answered 200 in the end however the first answer was lost. */
  async step(path: string, caller: Caller, retry: Retry): Promise<Submission | null> {
    const key = `deadline-${randomBytes(12).toString('hex')}`;
    const attempt = (signal?: AbortSignal) => this.send('POST', path, caller, { key, ...(signal ? { signal } : {}) });
    const answers: ({ status: number; body: unknown } | null)[] = [];
    if (retry === 'answerLost') {
      answers.push(await attempt()); // answered, but the client never sees it…
      answers.push(await attempt()); // …and sends it again
    } else if (retry === 'aborted') {
      const controller = new AbortController();
      const first = attempt(controller.signal);
      setTimeout(() => controller.abort(), Math.random() * 30);
      await first;
      answers.push(await attempt());
    } else if (retry === 'concurrent') {
      answers.push(...(await Promise.all([attempt(), attempt()])));
    } else {
      answers.push(await attempt());
    }
    let last: Submission | null = null;
    for (const a of answers) {
      if (!a) continue;
      if (a.status !== 200) this.errors.push(`POST ${path} (${retry}) answered ${a.status}: ${JSON.stringify(a.body)}`);
      else last = a.body as Submission;
    }
    return last;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number) : 0;

function pickRetry(share: number): Retry {
  if (Math.random() >= share) return 'once';
  return (['answerLost', 'aborted', 'concurrent'] as const)[Math.floor(Math.random() * 3)] as Retry;
}

export async function runDeadline(options: DeadlineOptions): Promise<DeadlineResult> {
  const n = options.units ?? 200;
  const edits = options.edits ?? 2;
  const retryShare = options.retryShare ?? 0.2;
  const spread = options.spreadSeconds ?? 45;
  const setupStarted = performance.now();
  const scratch = await scratchData(options.kind, 'duban-deadline-', { memory: options.memoryFolder ?? false });
  const { dataDir, databaseUrl } = scratch;
  let server: ServerProcess | null = null;
  try {
    // ---- the district: the sample plan, 200 units with assignments, a staff and a leader session each
    const database = await openDatabase({ databaseUrl, dataDir });
    let periodId: string;
    let realUnits: number;
    const pairs: { unitId: string; staff: Caller; leader: Caller }[] = [];
    try {
      const app = await makeApp(database, { now: () => new Date(), advance: () => undefined });
      const clerk = await signIn(app, (await makeUser(database.db, 'supervisor')).username);
      const planId = await importSample(app, clerk);
      periodId = (
        (await app.inject({ url: `/api/v1/plans/${planId}/periods`, headers: { cookie: clerk.cookie } })).json()
          .items as { id: string }[]
      )[0]?.id as string;
      const real = (
        (await app.inject({ url: '/api/v1/units', headers: { cookie: clerk.cookie } })).json().items as {
          id: string;
          assignmentCount: number;
        }[]
      ).filter((u) => u.assignmentCount > 0);
      await app.close();
      realUnits = Math.min(real.length, n);
      const unitIds = real.slice(0, n).map((u) => u.id);
      const organisationId = await defaultOrganisationId(database.db);
      await database.db.transaction(async (tx) => {
        for (let i = unitIds.length; i < n; i++) {
          const model = real[i % real.length] as { id: string };
          const id = await insertUnit(tx, organisationId, {
            name: `模拟单位${String(i + 1).padStart(3, '0')}`,
            level: 'district',
            kind: 'department',
          });
          const copied = await tx
            .select({
              taskId: assignments.taskId,
              role: assignments.role,
              level: assignments.level,
              clause: assignments.clause,
              position: assignments.position,
            })
            .from(assignments)
            .innerJoin(tasks, eq(tasks.id, assignments.taskId))
            .where(and(eq(assignments.unitId, model.id), eq(tasks.planId, planId)));
          await tx.insert(assignments).values(copied.map((a) => ({ ...a, unitId: id })));
          unitIds.push(id);
        }
      });
      const passwordHash = await hashPassword(PASSWORD);
      const now = new Date();
      const tag = randomBytes(3).toString('hex');
      const accounts = unitIds.flatMap((unitId, i) =>
        (['unit_staff', 'unit_leader'] as const).map((role) => ({
          organisationId,
          username: `dl_${tag}_${i}_${role}`,
          displayName: `${role === 'unit_staff' ? '经办人' : '主要领导'} ${i + 1}`,
          role,
          unitId,
          passwordHash,
          mustChangePassword: false,
        })),
      );
      const ids = new Map(
        (await database.db.insert(users).values(accounts).returning({ id: users.id, username: users.username })).map(
          (u) => [u.username, u.id],
        ),
      );
      const inserted = accounts.map((a) => ({ id: ids.get(a.username) as string }));
      const tokens = inserted.map(() => ({
        token: randomBytes(32).toString('base64url'),
        csrf: randomBytes(24).toString('base64url'),
      }));
      await database.db.insert(sessions).values(
        inserted.map((u, i) => ({
          id: createHash('sha256')
            .update((tokens[i] as { token: string }).token)
            .digest('hex'),
          userId: u.id,
          csrfToken: (tokens[i] as { csrf: string }).csrf,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + 6 * 3_600_000),
          ip: '127.0.0.1',
          userAgent: 'deadline-bench',
        })),
      );
      for (const [i, unitId] of unitIds.entries()) {
        const s = tokens[2 * i] as { token: string; csrf: string };
        const l = tokens[2 * i + 1] as { token: string; csrf: string };
        pairs.push({ unitId, staff: callerOf(s.token, s.csrf), leader: callerOf(l.token, l.csrf) });
      }
    } finally {
      await database.close();
    }

    // ---- the server, on that data
    server = await spawnServer(1, dataDir, databaseUrl, options.serverEnv);
    await waitHealthy(server);
    // ---- the quarter before it: units have filled their items as the weeks went (the items the deadline-day
    // edits touch aside), so that on the day a leader is never refused for completeness. Not timed.
    const earlier = new Client(server);
    for (let at = 0; at < pairs.length; at += 8) {
      await Promise.all(
        pairs.slice(at, at + 8).map(async ({ staff }, k) => {
          const opened = await earlier.send('GET', `/api/v1/periods/${periodId}/submission`, staff);
          if (opened?.status !== 200)
            throw new Error(`unit ${at + k}: opening the submission answered ${opened?.status}`);
          for (const item of (opened.body as Submission).items.slice(edits)) {
            const res = await earlier.send('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
              json: { version: item.version, status: 'no_progress', progress: '本期暂无新进展，按年度计划推进。' },
            });
            if (res?.status !== 200) throw new Error(`unit ${at + k}: filling an item answered ${res?.status}`);
          }
        }),
      );
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    // ---- deadline day: every unit at once
    const client = new Client(server);
    const retries = { answerLost: 0, aborted: 0, concurrent: 0 };
    const ackedEdits: { itemId: string; progress: string }[] = [];
    const started = performance.now();
    let finished = started;
    const outcomes = await Promise.all(
      pairs.map(async ({ staff, leader }, i) => {
        await new Promise((r) => setTimeout(r, ((i + Math.random()) * spread * 1000) / n));
        const opened = await client.send('GET', `/api/v1/periods/${periodId}/submission`, staff);
        if (opened?.status !== 200) {
          if (opened) client.errors.push(`unit ${i}: opening the submission answered ${opened.status}`);
          return false;
        }
        const pkg = opened.body as Submission;
        for (let e = 0; e < Math.min(edits, pkg.items.length); e++) {
          const item = pkg.items[e] as Submission['items'][number];
          const progress = `截至报送日，第${e + 1}项已完成年度目标的${60 + e}%（单位${i + 1}）`;
          const res = await client.send('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
            json: { version: item.version, status: 'on_track', progress },
          });
          if (res?.status !== 200) {
            if (res) client.errors.push(`unit ${i}: item edit answered ${res.status}: ${JSON.stringify(res.body)}`);
            return false;
          }
          // The answer is the saved item and the package's state; each edit is of another item, none to carry.
          ackedEdits.push({ itemId: item.id, progress });
        }
        const sendRetry = pickRetry(retryShare);
        if (sendRetry !== 'once') retries[sendRetry]++;
        const sent = await client.step(`/api/v1/submissions/${pkg.id}/send`, staff, sendRetry);
        if (sent?.status !== 'pending_signoff') return false;
        const read = await client.send('GET', `/api/v1/submissions/${pkg.id}`, leader);
        if (read?.status !== 200) {
          if (read) client.errors.push(`unit ${i}: the leader's read answered ${read.status}`);
          return false;
        }
        const signRetry = pickRetry(retryShare);
        if (signRetry !== 'once') retries[signRetry]++;
        const signed = await client.step(`/api/v1/submissions/${pkg.id}/sign`, leader, signRetry);
        finished = Math.max(finished, performance.now());
        return signed?.status === 'submitted' && signed.contentHash !== null;
      }),
    );
    const seconds = (finished - started) / 1000;
    await stopServer(server);
    server = null;

    // ---- what the database kept
    const errors = [...client.errors];
    let lost = outcomes.filter((ok) => !ok).length;
    let duplicates = 0;
    let signed = 0;
    const check = await openDatabase({ databaseUrl, dataDir });
    try {
      const db = check.db;
      const subs = await db.select().from(submissions).where(eq(submissions.periodId, periodId));
      const byUnit = new Map<string, number>();
      for (const s of subs) byUnit.set(s.unitId, (byUnit.get(s.unitId) ?? 0) + 1);
      duplicates += [...byUnit.values()].reduce((d, c) => d + c - 1, 0);
      const items = await db
        .select()
        .from(itemReports)
        .where(
          inArray(
            itemReports.submissionId,
            subs.map((s) => s.id),
          ),
        );
      const files = await db.select().from(evidenceFiles);
      for (const s of subs) {
        if (s.status !== 'submitted' || !s.signerId || !s.signedAt || !s.contentHash) continue;
        const own = items.filter((i) => i.submissionId === s.id);
        const hash = contentHash(
          s.unitId,
          s.periodId,
          own,
          files.filter((f) => own.some((i) => i.id === f.itemReportId)),
        );
        if (hash === s.contentHash) signed++;
        else errors.push(`submission ${s.id}: stored hash ${s.contentHash} ≠ recomputed ${hash}`);
      }
      lost = Math.max(lost, n - signed);
      const steps = await db
        .select({ action: auditEntries.action, subjectId: auditEntries.subjectId, n: sql<number>`count(*)::int` })
        .from(auditEntries)
        .where(inArray(auditEntries.action, ['submission.send', 'submission.sign']))
        .groupBy(auditEntries.action, auditEntries.subjectId);
      for (const s of steps) duplicates += s.n - 1;
      const progress = new Map(items.map((i) => [i.id, i.progress]));
      lost += ackedEdits.filter((e) => progress.get(e.itemId) !== e.progress).length;
      const audit = await verifyAudit(db);
      for (const c of audit.chains)
        if (!c.ok) errors.push(`audit chain ${c.organisation.slug}: ${c.problem?.message.en}`);
    } finally {
      await check.close();
    }
    const sorted = [...client.latencies].sort((a, b) => a - b);
    return {
      kind: options.kind,
      units: n,
      realUnits,
      addedUnits: n - realUnits,
      seconds,
      spreadSeconds: spread,
      requests: sorted.length,
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      max: sorted.at(-1) ?? 0,
      perSecond: signed / seconds,
      retries,
      signed,
      errors,
      lost,
      duplicates,
      setupSeconds,
    };
  } finally {
    if (server) await stopServer(server);
    await scratch.drop();
  }
}

export function describeDeadline(r: DeadlineResult): string {
  return (
    `deadline day [${r.kind}]: ${r.signed}/${r.units} units (${r.realUnits} from the sample, ${r.addedUnits} added) ` +
    `arriving over ${r.spreadSeconds} s signed in ${round(r.seconds, 1)} s (${round(r.perSecond, 1)} submissions/s); ` +
    `${r.requests} requests answered, ` +
    `p50 ${round(r.p50, 0)} ms, p95 ${round(r.p95, 0)} ms, max ${round(r.max, 0)} ms; retried with the same key: ` +
    `${r.retries.answerLost} answer lost, ${r.retries.aborted} aborted, ${r.retries.concurrent} sent twice at once; ` +
    `errors ${r.errors.length}, lost ${r.lost}, duplicates ${r.duplicates} (set-up ${round(r.setupSeconds, 1)} s)`
  );
}

export async function deadlineBench(): Promise<BenchEntry[] | { skipped: string }> {
  const entries: BenchEntry[] = [];
  const kinds: DatabaseKind[] = loadTestDatabaseUrl() ? ['pg', 'pglite'] : ['pglite'];
  for (const kind of kinds) {
    const r = await runDeadline({ kind });
    process.stderr.write(`${describeDeadline(r)}\n`);
    const outcome = `${r.signed}/${r.units} signed, ${r.errors.length} errors, ${r.lost} lost, ${r.duplicates} duplicates`;
    entries.push(
      {
        id: `deadline.p95_ms.${kind}`,
        value: round(r.p95, 1),
        unit: 'ms',
        better: 'lower',
        note: `p95 of ${r.requests} requests (per unit: open, 2 edits, send, read, sign; 20% of sends and signs retried with the same key), ${r.units} units arriving over ${r.spreadSeconds} s; p50 ${round(r.p50, 0)} ms, max ${round(r.max, 0)} ms; ${outcome}`,
      },
      {
        id: `deadline.per_s.${kind}`,
        value: round(r.perSecond, 1),
        unit: 'submissions/s',
        better: 'higher',
        // 200 units within one minute.
        goal: round(r.units / 60, 1),
        note: `signed submissions over the run: ${r.units} units arriving over ${r.spreadSeconds} s, the last signed after ${round(r.seconds, 1)} s (paced by arrivals; burst capacity is submit.per_s.pg); ${outcome}`,
      },
    );
  }
  if (kinds.length === 1) {
    const first = entries[0] as BenchEntry;
    first.note = `${first.note}; PostgreSQL half skipped: set DUBAN_TEST_PG_URL`;
  }
  return entries;
}
