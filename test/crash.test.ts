// Crash safety: the real server runs as a child process on its own data (PGlite in a data folder;
// a fresh PostgreSQL database when DUBAN_TEST_PG_URL is set) while several units edit items, attach evidence,
// send, sign, and have submissions returned by their leader and by the office, without pause. The server is killed
// with SIGKILL at random moments, under load and during start-up, and started again on the same data.
//
// Each client keeps a model of its submission as last acknowledged (a 2xx answer) and of the one request that was
// in flight when the server died. After every crash the data must be exactly the acknowledged state, or that
// state with the in-flight request applied in full, never anything else (checked through the API after each
// restart, and in the database itself while the server is down after every other kill), and a lost send or
// sign retried with its Idempotency-Key must succeed without being applied twice. In the database, whatever
// the model says: every signed submission's stored content hash recomputes from its stored content (with the
// service's own `contentHash`), every version step of a submission and of an item has its audit entry (so no
// transaction was half-applied), an office return's item comments are all there, every evidence file is on
// disk with its sha256, and the audit chain verifies against the head recorded at the previous check.
//
// The server is started with `startServer` from src/server/main.ts (what `duban start` runs) under tsx, minus
// the web build: `duban start` rebuilds the web app when src/web is newer than dist/web, which has nothing to
// do with crash safety and would make every restart slow.
//
// Bounded: DUBAN_CRASH_KILLS kills per database (default 20), DUBAN_CRASH_START_KILLS of them (default 3) during
// start-up and the rest under load; ≈ 3–4 min per database on a quiet 2-core machine, most of it in restarts.

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../src/api/constants.js';
import type { ItemReportSave, Submission } from '../src/api/v1.js';
import { isReported } from '../src/core/status.js';
import { type Database, type Db, openDatabase } from '../src/server/db/client.js';
import { auditEntries, evidenceFiles, itemReports, submissions } from '../src/server/db/schema.js';
import { type AuditAnchor, verifyChain } from '../src/server/services/audit.js';
import { login } from '../src/server/services/auth.js';
import { defaultOrganisationId } from '../src/server/services/organisations.js';
import { contentHash } from '../src/server/services/submissions.js';
import {
  type Caller,
  importSample,
  makeApp,
  makeUser,
  markRestNoProgress,
  multipart,
  PASSWORD,
  signIn,
} from './app.js';
import {
  callerOf,
  isRunning,
  killServer,
  type ServerProcess,
  scratchData,
  spawnServer,
  stopServer,
  waitHealthy,
} from './child-server.js';
import { type DatabaseKind, databaseKinds, freshDatabase } from './db.js';

const envCount = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
};
const KILLS = envCount('DUBAN_CRASH_KILLS', 20);
const START_KILLS = Math.min(envCount('DUBAN_CRASH_START_KILLS', 3), KILLS);
const LOAD_KILLS = KILLS - START_KILLS;
const UNITS = 6;
/** Evidence uploads are rate-limited (60 a minute per address, counted in memory): stay well under per start. */
const EVIDENCE_PER_START = 20;
const REQUEST_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------------------------------------------------------
// The model: a submission as a client last saw it acknowledged

interface ItemState {
  version: number;
  status: string | null;
  progress: string;
  problems: string | null;
  /** [indicatorId, value] of the actuals set, by indicator id. */
  actuals: string;
  /** sha256 of the attached evidence, sorted. */
  evidence: string;
  returnedComment: string | null;
}

interface SubmissionState {
  status: Submission['status'];
  version: number;
  contentHash: string | null;
  signed: boolean;
  items: Map<string, ItemState>;
}

type Op =
  | { kind: 'edit'; itemId: string; body: Record<string, unknown>; after: ItemState }
  | { kind: 'evidence'; itemId: string; bytes: Buffer; after: ItemState }
  | { kind: 'send' | 'sign'; key: string }
  | { kind: 'leader_return'; comment: string }
  | { kind: 'office_return'; comment: string; items: { itemReportId: string; comment: string }[] };

const AUDIT_ACTION: Record<Op['kind'], string> = {
  edit: 'submission.item_update',
  evidence: 'evidence.add',
  send: 'submission.send',
  sign: 'submission.sign',
  leader_return: 'submission.leader_return',
  office_return: 'submission.return',
};
const ITEM_ACTIONS = ['submission.item_update', 'evidence.add', 'evidence.remove'];
const STEP_ACTIONS = [
  'submission.send',
  'submission.sign',
  'submission.leader_return',
  'submission.return',
  'submission.accept',
];

const actualsKey = (list: { indicatorId: string; value: number | null }[]) =>
  JSON.stringify(
    list
      .filter((a) => a.value !== null)
      .map((a) => [a.indicatorId, a.value])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
const evidenceKey = (shas: string[]) => JSON.stringify([...shas].sort());

const itemState = (i: Submission['items'][number]): ItemState => ({
  version: i.version,
  status: i.status,
  progress: i.progress,
  problems: i.problems,
  actuals: actualsKey(i.indicatorActuals),
  evidence: evidenceKey(i.evidence.map((e) => e.sha256)),
  returnedComment: i.returnedComment,
});

function fromSubmission(s: Submission): SubmissionState {
  return {
    status: s.status,
    version: s.version,
    contentHash: s.contentHash,
    signed: s.signer !== null,
    items: new Map(s.items.map((i) => [i.id, itemState(i)])),
  };
}

/**
 * The client's copy after an item save, whose answer is the saved item and the package's status and version (not
 * the whole package): the rest is as the client last knew it, the signature shown only while the package is signed.
 */
function fromItemSave(model: SubmissionState, saved: ItemReportSave): SubmissionState {
  const signed = isReported(saved.submission.status);
  return {
    status: saved.submission.status,
    version: saved.submission.version,
    contentHash: signed ? model.contentHash : null,
    signed: signed && model.signed,
    items: new Map(model.items).set(saved.item.id, itemState(saved.item)),
  };
}

/** The submission as it must be if `op` was applied (and committed) on top of `model`. */
function applied(model: SubmissionState, op: Op): SubmissionState {
  const next: SubmissionState = { ...model, version: model.version + 1, items: new Map(model.items) };
  switch (op.kind) {
    case 'edit':
    case 'evidence':
      next.items.set(op.itemId, op.after);
      if (model.status === 'pending_signoff') next.status = 'draft';
      break;
    case 'send':
      next.status = 'pending_signoff';
      break;
    case 'sign':
      next.status = 'submitted';
      next.signed = true;
      break;
    case 'leader_return':
      next.status = 'draft';
      break;
    case 'office_return': {
      next.status = 'returned';
      const comments = new Map(op.items.map((i) => [i.itemReportId, i.comment]));
      for (const [id, item] of next.items) next.items.set(id, { ...item, returnedComment: comments.get(id) ?? null });
      break;
    }
  }
  // A package back in the unit's hands waits for a new signature: the previous one is not shown (nor stored
  // as current in the check's reading below).
  if (!isReported(next.status)) {
    next.signed = false;
    next.contentHash = null;
  }
  return next;
}

/** Differences between what is stored and what must be; empty when they agree. */
function differences(seen: SubmissionState, want: SubmissionState, hashKnown: boolean): string[] {
  const out: string[] = [];
  if (seen.status !== want.status) out.push(`status ${seen.status}, expected ${want.status}`);
  if (seen.version !== want.version) out.push(`version ${seen.version}, expected ${want.version}`);
  if (seen.signed !== want.signed) out.push(`signed ${seen.signed}, expected ${want.signed}`);
  if (hashKnown && seen.contentHash !== want.contentHash)
    out.push(`contentHash ${seen.contentHash}, expected ${want.contentHash}`);
  // A new signature's hash is whatever the content hashes to (the database check recomputes it).
  if (!hashKnown && seen.contentHash === null) out.push('signed without a content hash');
  if (seen.items.size !== want.items.size) out.push(`${seen.items.size} items, expected ${want.items.size}`);
  for (const [id, w] of want.items) {
    const s = seen.items.get(id);
    if (!s) {
      out.push(`item ${id} missing`);
      continue;
    }
    for (const field of Object.keys(w) as (keyof ItemState)[]) {
      if (s[field] !== w[field])
        out.push(`item ${id} ${field}: ${JSON.stringify(s[field])}, expected ${JSON.stringify(w[field])}`);
    }
  }
  return out;
}

/**
 * What a crash may leave: the acknowledged state, or it with the in-flight request applied. Returns whether the
 * in-flight request was applied, or the differences from both.
 */
function judge(
  model: SubmissionState,
  pending: Op | null,
  seen: SubmissionState,
): { applied: boolean } | { errors: string[] } {
  const asAcked = differences(seen, model, true);
  if (asAcked.length === 0) return { applied: false };
  if (pending) {
    const asApplied = differences(seen, applied(model, pending), pending.kind !== 'sign');
    if (asApplied.length === 0) return { applied: true };
    return {
      errors: [
        `neither as acknowledged (${asAcked.join('; ')}) nor with the ${pending.kind} in flight applied (${asApplied.join('; ')})`,
      ],
    };
  }
  return { errors: asAcked };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
// The load: one client per unit, one request at a time

class Lost extends Error {}

interface UnitClient {
  index: number;
  unitId: string;
  pkgId: string;
  staff: Caller;
  leader: Caller;
  /** itemId → ids of its task's indicators. */
  indicators: Map<string, string[]>;
  model: SubmissionState;
  pending: Op | null;
  /** The server died with `pending` in flight: find out what it left before doing anything else. */
  unsure: boolean;
  ops: number;
}

interface Stats {
  acknowledged: Record<string, number>;
  /** Requests in flight at a crash that turned out committed. */
  appliedUnacknowledged: number;
  inFlightAtKill: number;
  idempotentRetries: number;
  retriesAlreadyApplied: number;
  errors: string[];
  /** (action, subject) → times the client knows the step was applied: the audit log must say the same. */
  expectedAudit: Map<string, number>;
}

class Control {
  current: ServerProcess | null = null;
  stopped = false;
  evidenceLeft = 0;
  private waiters: (() => void)[] = [];
  private stepWatchers: (() => void)[] = [];

  /** A client is sending a send or sign. */
  stepSent(): void {
    for (const w of this.stepWatchers.splice(0)) w();
  }
  /** Resolves when a client next sends a send or sign, or after `ms`. */
  nextStep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.stepWatchers.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  up(gen: ServerProcess): void {
    this.current = gen;
    this.evidenceLeft = EVIDENCE_PER_START;
    for (const w of this.waiters.splice(0)) w();
  }
  down(): void {
    this.current = null;
  }
  stop(): void {
    this.stopped = true;
    for (const w of this.waiters.splice(0)) w();
  }
  /** The running server, or null once stopped. */
  async ready(): Promise<ServerProcess | null> {
    while (!this.stopped && (!this.current || this.current.killed))
      await new Promise<void>((r) => this.waiters.push(r));
    return this.stopped ? null : this.current;
  }
}

async function call(
  gen: ServerProcess,
  method: string,
  path: string,
  caller: Caller,
  options: { json?: unknown; body?: Buffer; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { cookie: caller.cookie, ...options.headers };
  if (method !== 'GET') headers[CSRF_HEADER] = caller.csrf;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${gen.url}${path}`, {
      method,
      headers,
      body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch (error) {
    if (gen.killed) throw new Lost();
    throw new Error(`${method} ${path} failed while the server was up: ${(error as Error).message}`);
  }
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const ITEM_STATUSES = ['not_started', 'on_track', 'completed', 'lagging', 'blocked'] as const;

function chooseOp(u: UnitClient, control: Control): { op: Op; as: 'staff' | 'leader' | 'office' } {
  const n = ++u.ops;
  const tag = `u${u.index}-${n}-${randomBytes(3).toString('hex')}`;
  const items = [...u.model.items.entries()];
  const edit = (): { op: Op; as: 'staff' } => {
    const [itemId, item] = pick(items);
    const body: Record<string, unknown> = {
      version: item.version,
      status: pick(ITEM_STATUSES),
      progress: `第${n}次填报：完成年度目标的${n % 100}%（${tag}）`,
      problems: n % 3 === 0 ? null : `问题 ${tag}`,
    };
    // 滞后/受阻 carries a reason for lagging, or the save is refused.
    if (body.status === 'lagging' || body.status === 'blocked') body.lagReasons = ['funding'];
    const indicatorIds = u.indicators.get(itemId) ?? [];
    let actuals = item.actuals;
    if (indicatorIds.length > 0 && Math.random() < 0.4) {
      const set = indicatorIds.map((indicatorId, i) => ({ indicatorId, value: n + i / 10 }));
      body.indicatorActuals = set;
      actuals = actualsKey(set);
    }
    const after: ItemState = {
      ...item,
      version: item.version + 1,
      status: body.status as string,
      progress: body.progress as string,
      problems: body.problems as string | null,
      actuals,
    };
    return { op: { kind: 'edit', itemId, body, after }, as: 'staff' };
  };
  const evidence = (): { op: Op; as: 'staff' } => {
    control.evidenceLeft--;
    const [itemId, item] = pick(items);
    const bytes = Buffer.from(`%PDF-1.4\n% 佐证 ${tag}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const after: ItemState = {
      ...item,
      version: item.version + 1,
      evidence: evidenceKey([...(JSON.parse(item.evidence) as string[]), sha]),
    };
    return { op: { kind: 'evidence', itemId, bytes, after }, as: 'staff' };
  };
  const key = `crash-${tag}`;
  const r = Math.random();
  switch (u.model.status) {
    case 'draft':
    case 'returned':
      if (r < 0.6) return edit();
      if (r < 0.68 && control.evidenceLeft > 0) return evidence();
      return { op: { kind: 'send', key }, as: 'staff' };
    case 'pending_signoff':
      if (r < 0.55) return { op: { kind: 'sign', key }, as: 'leader' };
      if (r < 0.7) return { op: { kind: 'leader_return', comment: `请补充 ${tag}` }, as: 'leader' };
      if (r < 0.95 || control.evidenceLeft <= 0) return edit();
      return evidence();
    case 'submitted': {
      const chosen = items.filter(() => Math.random() < 0.3).slice(0, 4);
      return {
        op: {
          kind: 'office_return',
          comment: `退回修改 ${tag}`,
          items: chosen.map(([id], i) => ({ itemReportId: id, comment: `第${i + 1}项请补充 ${tag}` })),
        },
        as: 'office',
      };
    }
    default:
      throw new Error(`unexpected submission status ${u.model.status}`);
  }
}

async function request(gen: ServerProcess, u: UnitClient, op: Op, caller: Caller) {
  switch (op.kind) {
    case 'edit':
      return call(gen, 'PATCH', `/api/v1/item-reports/${op.itemId}`, caller, { json: op.body });
    case 'evidence': {
      const body = multipart(`佐证-${u.index}.pdf`, op.bytes);
      return call(gen, 'POST', `/api/v1/item-reports/${op.itemId}/evidence`, caller, {
        body: body.payload,
        headers: body.headers,
      });
    }
    case 'send':
    case 'sign':
      return call(gen, 'POST', `/api/v1/submissions/${u.pkgId}/${op.kind}`, caller, {
        headers: { 'idempotency-key': op.key },
      });
    case 'leader_return':
      return call(gen, 'POST', `/api/v1/submissions/${u.pkgId}/leader-return`, caller, {
        json: { comment: op.comment },
      });
    case 'office_return':
      return call(gen, 'POST', `/api/v1/submissions/${u.pkgId}/return`, caller, {
        json: { comment: op.comment, items: op.items },
      });
  }
}

function countApplied(stats: Stats, u: UnitClient, op: Op): void {
  const subject = op.kind === 'edit' || op.kind === 'evidence' ? op.itemId : u.pkgId;
  const k = `${AUDIT_ACTION[op.kind]} ${subject}`;
  stats.expectedAudit.set(k, (stats.expectedAudit.get(k) ?? 0) + 1);
}

/** After a crash with a request in flight: what did the server keep? Then retry a lost send or sign by its key. */
async function resync(gen: ServerProcess, u: UnitClient, stats: Stats): Promise<void> {
  const res = await call(gen, 'GET', `/api/v1/submissions/${u.pkgId}`, u.staff);
  if (res.status !== 200) throw new Error(`reading submission ${u.pkgId} after restart: ${res.status}`);
  const seen = fromSubmission(res.body as Submission);
  const verdict = judge(u.model, u.pending, seen);
  if ('errors' in verdict)
    stats.errors.push(`after restart ${gen.n}, unit ${u.index} (API): ${verdict.errors.join('; ')}`);
  else if (verdict.applied && u.pending) {
    stats.appliedUnacknowledged++;
    countApplied(stats, u, u.pending);
  }
  u.model = seen;
  const op = u.pending;
  if (op && (op.kind === 'send' || op.kind === 'sign')) {
    // The client never learned whether its step went through: it sends it again with the same key.
    stats.idempotentRetries++;
    const retry = await request(gen, u, op, op.kind === 'sign' ? u.leader : u.staff);
    if (retry.status !== 200) {
      stats.errors.push(`retry of ${op.kind} (key ${op.key}) answered ${retry.status}: ${JSON.stringify(retry.body)}`);
    } else {
      const after = fromSubmission(retry.body as Submission);
      const want = op.kind === 'send' ? 'pending_signoff' : 'submitted';
      if (after.status !== want) stats.errors.push(`retry of ${op.kind} left the submission ${after.status}`);
      if (after.version === u.model.version) stats.retriesAlreadyApplied++;
      else if (after.version === u.model.version + 1) countApplied(stats, u, op);
      else stats.errors.push(`retry of ${op.kind} moved version ${u.model.version} → ${after.version}`);
      u.model = after;
    }
  }
  u.pending = null;
  u.unsure = false;
}

async function runClient(u: UnitClient, control: Control, stats: Stats, office: Caller): Promise<void> {
  for (;;) {
    const gen = await control.ready();
    if (!gen) return;
    try {
      if (u.unsure) await resync(gen, u, stats);
      if (control.stopped) return;
      const { op, as } = chooseOp(u, control);
      u.pending = op;
      if (op.kind === 'send' || op.kind === 'sign') control.stepSent();
      const res = await request(gen, u, op, as === 'office' ? office : as === 'leader' ? u.leader : u.staff);
      if (res.status === 429 && op.kind === 'evidence') {
        u.pending = null;
        continue;
      }
      if (res.status < 200 || res.status >= 300) {
        stats.errors.push(`unit ${u.index} ${op.kind} answered ${res.status}: ${JSON.stringify(res.body)}`);
        u.pending = null;
        u.unsure = true; // re-read the submission
        continue;
      }
      const after =
        op.kind === 'edit' ? fromItemSave(u.model, res.body as ItemReportSave) : fromSubmission(res.body as Submission);
      const want = applied(u.model, op);
      const diff = differences(after, want, op.kind !== 'sign');
      if (diff.length > 0) stats.errors.push(`unit ${u.index} ${op.kind} acknowledged with ${diff.join('; ')}`);
      stats.acknowledged[op.kind] = (stats.acknowledged[op.kind] ?? 0) + 1;
      countApplied(stats, u, op);
      u.model = after;
      u.pending = null;
    } catch (error) {
      if (!(error instanceof Lost)) {
        stats.errors.push(`unit ${u.index}: ${(error as Error).message}`);
        await sleep(100);
      }
      u.unsure = true;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The check in the database itself, with the server down

interface CheckFigures {
  submissions: number;
  items: number;
  signed: number;
  hashesRecomputed: number;
  evidenceFiles: number;
  auditEntries: number;
}

/** Reads everything in one snapshot (`db` is a repeatable-read transaction). */
async function checkDatabase(
  db: Db,
  dataDir: string,
  clients: UnitClient[],
  anchor: AuditAnchor | null,
  label: string,
): Promise<{ errors: string[]; head: AuditAnchor | null; figures: CheckFigures }> {
  const errors: string[] = [];
  const subs = await db.select().from(submissions);
  const items = subs.length
    ? await db
        .select()
        .from(itemReports)
        .where(
          inArray(
            itemReports.submissionId,
            subs.map((s) => s.id),
          ),
        )
    : [];
  const files = await db.select().from(evidenceFiles);
  const audits = await db
    .select({ action: auditEntries.action, subjectId: auditEntries.subjectId, details: auditEntries.details })
    .from(auditEntries)
    .where(inArray(auditEntries.action, [...ITEM_ACTIONS, ...STEP_ACTIONS]))
    .orderBy(auditEntries.id);
  const auditCount = new Map<string, number>();
  const lastReturn = new Map<string, { itemReportId: string; comment: string }[]>();
  for (const a of audits) {
    auditCount.set(`${a.action} ${a.subjectId}`, (auditCount.get(`${a.action} ${a.subjectId}`) ?? 0) + 1);
    if (a.action === 'submission.return' && a.subjectId) {
      lastReturn.set(a.subjectId, (a.details as { items?: { itemReportId: string; comment: string }[] }).items ?? []);
    }
  }
  const count = (action: string, subject: string) => auditCount.get(`${action} ${subject}`) ?? 0;
  const figures: CheckFigures = {
    submissions: subs.length,
    items: items.length,
    signed: 0,
    hashesRecomputed: 0,
    evidenceFiles: files.length,
    auditEntries: 0,
  };

  for (const sub of subs) {
    const own = items.filter((i) => i.submissionId === sub.id);
    const ownFiles = files.filter((f) => own.some((i) => i.id === f.itemReportId));
    // Signed submissions: complete signature, and the hash is the hash of what is stored.
    if (sub.status === 'submitted' || sub.status === 'accepted') {
      figures.signed++;
      if (!sub.signerId || !sub.signedAt || !sub.contentHash)
        errors.push(`${label}: submission ${sub.id} is ${sub.status} without a complete signature`);
      const recomputed = contentHash(sub.unitId, sub.periodId, own, ownFiles);
      figures.hashesRecomputed++;
      if (recomputed !== sub.contentHash)
        errors.push(`${label}: submission ${sub.id} content hash ${sub.contentHash} ≠ recomputed ${recomputed}`);
    }
    // Every version step has its audit entry, written in the same transaction: nothing applied by halves.
    let itemSteps = 0;
    for (const item of own) {
      const steps = ITEM_ACTIONS.reduce((n, a) => n + count(a, item.id), 0);
      itemSteps += steps;
      if (item.version - 1 !== steps)
        errors.push(`${label}: item ${item.id} at version ${item.version} has ${steps} audited changes`);
    }
    const submissionSteps = itemSteps + STEP_ACTIONS.reduce((n, a) => n + count(a, sub.id), 0);
    if (sub.version - 1 !== submissionSteps)
      errors.push(`${label}: submission ${sub.id} at version ${sub.version} has ${submissionSteps} audited changes`);
    // An office return's item comments were written together.
    const returned = lastReturn.get(sub.id);
    if (returned) {
      const want = new Map(returned.map((r) => [r.itemReportId, r.comment]));
      for (const item of own) {
        if ((item.returnedComment ?? null) !== (want.get(item.id) ?? null)) {
          errors.push(
            `${label}: item ${item.id} comment ${JSON.stringify(item.returnedComment)} ≠ the office's ${JSON.stringify(want.get(item.id) ?? null)}`,
          );
        }
      }
    }
  }
  // Evidence: on disk, whole.
  for (const f of files) {
    try {
      const sha = createHash('sha256')
        .update(readFileSync(join(dataDir, f.storagePath)))
        .digest('hex');
      if (sha !== f.sha256) errors.push(`${label}: evidence ${f.id} on disk has sha256 ${sha}, recorded ${f.sha256}`);
    } catch (error) {
      errors.push(`${label}: evidence ${f.id} unreadable: ${(error as Error).message}`);
    }
  }
  // Each client's submission: as acknowledged, or with the request in flight applied.
  for (const u of clients) {
    const sub = subs.find((s) => s.id === u.pkgId);
    if (!sub) {
      errors.push(`${label}: submission of unit ${u.index} is gone`);
      continue;
    }
    const seen: SubmissionState = {
      status: sub.status,
      version: sub.version,
      // Read as the API presents it: a signature counts while the package is reported (see applied()).
      contentHash: isReported(sub.status) ? sub.contentHash : null,
      signed: sub.signerId !== null && isReported(sub.status),
      items: new Map(
        items
          .filter((i) => i.submissionId === sub.id)
          .map((i) => [
            i.id,
            {
              version: i.version,
              status: i.status,
              progress: i.progress,
              problems: i.problems,
              actuals: actualsKey(i.indicatorActuals),
              evidence: evidenceKey(files.filter((f) => f.itemReportId === i.id).map((f) => f.sha256)),
              returnedComment: i.returnedComment,
            },
          ]),
      ),
    };
    // A request still pending was in flight when the server died (or its answer was being read).
    const verdict = judge(u.model, u.pending, seen);
    if ('errors' in verdict) errors.push(`${label}: unit ${u.index} (database): ${verdict.errors.join('; ')}`);
  }
  // One organisation here (the default one): its chain, against the previous check's head.
  const verified = await verifyChain(db, await defaultOrganisationId(db), { anchor });
  figures.auditEntries = verified.checked;
  if (!verified.ok) errors.push(`${label}: audit chain: ${verified.problem?.message.en}`);
  return { errors, head: verified.head ? { id: verified.head.id, hash: verified.head.hash } : anchor, figures };
}

// ---------------------------------------------------------------------------------------------------------------
// Setting up: a database of its own, the sample plan, units with a staff and a leader each, their submissions

interface Setup {
  dataDir: string;
  databaseUrl: string | null;
  periodId: string;
  office: Caller;
  clients: UnitClient[];
  /** The item edits the set-up made through the API (each item filled in), as audit keys and counts. */
  setupAudit: Map<string, number>;
  drop: () => Promise<void>;
}

async function sessionFor(database: Database, username: string): Promise<Caller> {
  const { token, session } = await login(
    { db: database.db, clock: () => new Date(), actor: null, ip: '127.0.0.1' },
    { username, password: PASSWORD, userAgent: 'crash-test' },
  );
  return callerOf(token, session.csrfToken);
}

async function setUp(kind: DatabaseKind): Promise<Setup> {
  const { dataDir, databaseUrl, drop } = await scratchData(kind, 'duban-crash-', { memory: true });
  let database: Database | null = null;
  try {
    database = await openDatabase({ databaseUrl, dataDir });
    const app = await makeApp(database, { now: () => new Date(), advance: () => undefined });
    const clerk = await signIn(app, (await makeUser(database.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    const periodId = (
      (await app.inject({ url: `/api/v1/plans/${planId}/periods`, headers: { cookie: clerk.cookie } })).json()
        .items as { id: string }[]
    )[0]?.id as string;
    const units = (
      (await app.inject({ url: '/api/v1/units?level=district', headers: { cookie: clerk.cookie } })).json().items as {
        id: string;
        assignmentCount: number;
      }[]
    )
      .filter((u) => u.assignmentCount >= 3 && u.assignmentCount <= 25)
      .slice(0, UNITS);
    expect(units.length).toBe(UNITS);
    const office = await sessionFor(database, (await makeUser(database.db, 'supervisor')).username);
    const clients: UnitClient[] = [];
    const setupAudit = new Map<string, number>();
    for (const [index, unit] of units.entries()) {
      const staff = await sessionFor(
        database,
        (await makeUser(database.db, 'unit_staff', { unitId: unit.id })).username,
      );
      const leader = await sessionFor(
        database,
        (await makeUser(database.db, 'unit_leader', { unitId: unit.id })).username,
      );
      const opened = await app.inject({
        url: `/api/v1/periods/${periodId}/submission`,
        headers: { cookie: staff.cookie },
      });
      expect(opened.statusCode).toBe(200);
      // Every item filled in, so that a sign is never refused for completeness (the model does not track it).
      const before = opened.json() as Submission;
      const pkg = await markRestNoProgress(app, staff, before.id);
      for (const item of pkg.items) {
        const edits = item.version - (before.items.find((i) => i.id === item.id)?.version ?? item.version);
        if (edits > 0) setupAudit.set(`${AUDIT_ACTION.edit} ${item.id}`, edits);
      }
      clients.push({
        index,
        unitId: unit.id,
        pkgId: pkg.id,
        staff,
        leader,
        indicators: new Map(pkg.items.map((i) => [i.id, i.indicatorActuals.map((a) => a.indicatorId)])),
        model: fromSubmission(pkg),
        pending: null,
        unsure: false,
        ops: 0,
      });
    }
    await app.close();
    await database.close();
    return { dataDir, databaseUrl, periodId, office, clients, setupAudit, drop };
  } catch (error) {
    await database?.close().catch(() => undefined);
    await drop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------

for (const kind of databaseKinds()) {
  describe(`crash safety [${kind}]`, () => {
    let setup: Setup | undefined;
    let current: ServerProcess | null = null;
    afterAll(async () => {
      if (current && isRunning(current)) await killServer(current);
      await setup?.drop();
    });

    it(`keeps every acknowledged write through ${KILLS} kills (${START_KILLS} during start-up)`, async () => {
      const started = performance.now();
      setup = await setUp(kind);
      const { dataDir, databaseUrl, clients, office, setupAudit } = setup;
      const setupSeconds = (performance.now() - started) / 1000;
      const control = new Control();
      const stats: Stats = {
        acknowledged: {},
        appliedUnacknowledged: 0,
        inFlightAtKill: 0,
        idempotentRetries: 0,
        retriesAlreadyApplied: 0,
        errors: [],
        expectedAudit: new Map(setupAudit),
      };
      const loops = clients.map((u) => runClient(u, control, stats, office));
      let anchor: AuditAnchor | null = null;
      let n = 0;
      let startupKills = 0;
      let loadKills = 0;
      let databaseChecks = 0;
      let lastFigures: CheckFigures | null = null;
      let hashesRecomputed = 0;
      const startTimes: number[] = [];
      const coldCheck = async (label: string) => {
        const database = await openDatabase({ databaseUrl, dataDir });
        try {
          if (kind === 'pg') {
            // The killed server's sessions end when PostgreSQL notices their sockets closed: until then one of
            // them could still be running a COMMIT it had received. Wait until none of them is running anything.
            for (let i = 0; ; i++) {
              const others = await database.db.execute<{ n: number }>(
                sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and state = 'active' and pid <> pg_backend_pid()`,
              );
              if (others.rows[0]?.n === 0) break;
              if (i > 200) throw new Error('the killed server’s PostgreSQL sessions did not end');
              await sleep(50);
            }
          }
          const result = await database.db.transaction((tx) => checkDatabase(tx, dataDir, clients, anchor, label), {
            isolationLevel: 'repeatable read',
            accessMode: 'read only',
          });
          stats.errors.push(...result.errors);
          anchor = result.head;
          lastFigures = result.figures;
          hashesRecomputed += result.figures.hashesRecomputed;
          if (kind === 'pglite') {
            // The durability settings the embedded database runs with (src/server/db/client.ts).
            for (const [name, want] of [
              ['fsync', 'on'],
              ['wal_sync_method', 'open_datasync'],
            ] as const) {
              const row = (await database.db.execute<Record<string, string>>(sql.raw(`show ${name}`))).rows[0];
              if (row?.[name] !== want) stats.errors.push(`PGlite runs with ${name}=${row?.[name]}, expected ${want}`);
            }
          }
          databaseChecks++;
        } finally {
          await database.close();
        }
      };
      // Start-up kills are spread over the run, at a random moment of the start (module loading, opening and
      // recovering the database, migrating, listening).
      const startupKillAt = new Set(
        Array.from({ length: START_KILLS }, (_, i) => 2 + Math.floor((i * KILLS) / Math.max(START_KILLS, 1))),
      );
      for (let k = 1; k <= KILLS; k++) {
        if (startupKillAt.has(k)) {
          const gen = await spawnServer(++n, dataDir, databaseUrl);
          current = gen;
          const typical = startTimes.length ? startTimes.reduce((a, b) => a + b) / startTimes.length : 3000;
          await sleep(Math.random() * typical);
          await killServer(gen);
          startupKills++;
          if (k % 2 === 1 || k === KILLS) await coldCheck(`after kill ${k} (during start-up)`);
          continue;
        }
        const t0 = performance.now();
        const gen = await spawnServer(++n, dataDir, databaseUrl);
        current = gen;
        await waitHealthy(gen);
        startTimes.push(performance.now() - t0);
        control.up(gen);
        await sleep(300 + Math.random() * 2200);
        // Every other kill is aimed at a send or sign in progress (0–40 ms after it left the client), where a
        // commit whose answer never arrives is likeliest; the others fall anywhere.
        if (k % 2 === 0) {
          await control.nextStep(1500);
          await sleep(Math.random() * 40);
        }
        control.down();
        stats.inFlightAtKill += clients.filter((u) => u.pending !== null).length;
        await killServer(gen);
        // The database check on every other kill; on the others the server itself recovers the crashed data.
        loadKills++;
        if (k % 2 === 1 || k === KILLS) await coldCheck(`after kill ${k}`);
      }
      // A last start on the crashed data: every client reads back what it has, then the server stops cleanly.
      const last = await spawnServer(++n, dataDir, databaseUrl);
      current = last;
      await waitHealthy(last);
      control.up(last);
      await sleep(1000);
      control.stop();
      await Promise.all(loops);
      for (const u of clients) if (u.unsure) await resync(last, u, stats);
      await stopServer(last);
      current = null;
      await coldCheck('after the final clean stop');

      // The audit log has exactly the steps the clients know were applied: none lost, none twice.
      const database = await openDatabase({ databaseUrl, dataDir });
      try {
        const rows = await database.db
          .select({ action: auditEntries.action, subjectId: auditEntries.subjectId, n: sql<number>`count(*)::int` })
          .from(auditEntries)
          .where(inArray(auditEntries.action, [...ITEM_ACTIONS, ...STEP_ACTIONS]))
          .groupBy(auditEntries.action, auditEntries.subjectId);
        const logged = new Map(rows.map((r) => [`${r.action} ${r.subjectId}`, r.n]));
        for (const [key, expected] of stats.expectedAudit) {
          if (logged.get(key) !== expected)
            stats.errors.push(`audit has ${logged.get(key) ?? 0} × ${key}, the clients applied it ${expected} ×`);
        }
        for (const [key, got] of logged) {
          if (!stats.expectedAudit.has(key)) stats.errors.push(`audit has ${got} × ${key} that no client applied`);
        }
        const refused = await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(auditEntries)
          .where(eq(auditEntries.action, 'submission.sign_refused'));
        expect(refused[0]?.n).toBe(0);
      } finally {
        await database.close();
      }

      const acknowledged = Object.values(stats.acknowledged).reduce((a, b) => a + b, 0);
      const figures = lastFigures as CheckFigures | null;
      const seconds = (performance.now() - started) / 1000;
      const median = [...startTimes].sort((a, b) => a - b)[Math.floor(startTimes.length / 2)] ?? 0;
      console.log(
        [
          `crash safety [${kind}]: ${loadKills + startupKills} SIGKILLs (${loadKills} under load, ${startupKills} during start-up), ${n} starts (median ${Math.round(median)} ms to /healthz), ${databaseChecks} database checks; ${round(seconds)} s (set-up ${round(setupSeconds)} s)`,
          `  acknowledged writes checked: ${acknowledged} (${Object.entries(stats.acknowledged)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')})`,
          `  in flight at a kill: ${stats.inFlightAtKill}, of which found committed: ${stats.appliedUnacknowledged}; idempotent retries of send/sign: ${stats.idempotentRetries} (${stats.retriesAlreadyApplied} answered as already applied)`,
          `  signed submissions' content hashes recomputed from stored content: ${hashesRecomputed} (over ${databaseChecks} checks); at the end: ${figures?.submissions} submissions, ${figures?.items} items, ${figures?.signed} signed, ${figures?.evidenceFiles} evidence files, ${figures?.auditEntries} audit entries verified`,
          `  problems: ${stats.errors.length}`,
        ].join('\n'),
      );
      expect(stats.errors.slice(0, 20)).toEqual([]);
      expect(loadKills + startupKills).toBe(KILLS);
      expect(acknowledged).toBeGreaterThan(LOAD_KILLS);
      expect(stats.acknowledged.sign ?? 0).toBeGreaterThan(0);
    }, 900_000);
  });
}

const round = (x: number) => Math.round(x * 10) / 10;

// The checks above can fail: each kind of damage they look for, made by hand on a signed submission.
describe('crash checks', () => {
  it('find a lost acknowledged edit, content changed after signing, an unaudited change and a cut audit chain', async () => {
    const database = await freshDatabase('pglite');
    try {
      const db = database.db;
      const app = await makeApp(database);
      const clerk = await signIn(app, (await makeUser(db, 'supervisor')).username);
      const planId = await importSample(app, clerk);
      const periodId = (
        (await app.inject({ url: `/api/v1/plans/${planId}/periods`, headers: { cookie: clerk.cookie } })).json()
          .items as { id: string }[]
      )[0]?.id;
      const unitId = (
        (await app.inject({ url: '/api/v1/units?level=district', headers: { cookie: clerk.cookie } })).json().items as {
          id: string;
          assignmentCount: number;
        }[]
      ).find((u) => u.assignmentCount > 0)?.id;
      const staff = await signIn(app, (await makeUser(db, 'unit_staff', { unitId })).username);
      const leader = await signIn(app, (await makeUser(db, 'unit_leader', { unitId })).username);
      let pkg = (
        await app.inject({ url: `/api/v1/periods/${periodId}/submission`, headers: { cookie: staff.cookie } })
      ).json();
      const item = pkg.items[0] as Submission['items'][number];
      const post = async (url: string, caller: Caller, payload?: object) =>
        (
          await app.inject({
            method: payload ? 'PATCH' : 'POST',
            url,
            headers: caller.headers,
            ...(payload ? { payload } : {}),
          })
        ).json();
      const saved: ItemReportSave = await post(`/api/v1/item-reports/${item.id}`, staff, {
        version: item.version,
        status: 'completed',
        progress: '已完成。',
      });
      expect(saved.item).toMatchObject({ id: item.id, status: 'completed' });
      await markRestNoProgress(app, staff, pkg.id);
      pkg = await post(`/api/v1/submissions/${pkg.id}/send`, staff);
      pkg = await post(`/api/v1/submissions/${pkg.id}/sign`, leader);
      expect(pkg.status).toBe('submitted');
      await app.close();
      const client = { index: 0, pkgId: pkg.id, model: fromSubmission(pkg), pending: null } as UnitClient;
      const check = async () => (await checkDatabase(db, '/nonexistent', [client], null, 'check')).errors.join('\n');

      expect(await check()).toBe('');
      // The client believes a later edit was acknowledged: the database does not have it.
      const ahead = fromSubmission(pkg);
      ahead.version += 1;
      expect(judge(ahead, null, client.model)).toMatchObject({ errors: [expect.stringContaining('version')] });
      // Content changed under the signature, bypassing the service (no version step, no audit entry).
      await db.update(itemReports).set({ progress: '改过了' }).where(eq(itemReports.id, item.id));
      const changed = await check();
      expect(changed).toMatch(/content hash .* ≠ recomputed/);
      expect(changed).toMatch(/progress: "改过了", expected "已完成。"/);
      // A version step without its audit entry: half of a write.
      await db
        .update(itemReports)
        .set({ progress: '已完成。', version: sql`${itemReports.version} + 1` })
        .where(eq(itemReports.id, item.id));
      expect(await check()).toMatch(/item .* at version 3 has 1 audited changes/);
      await db
        .update(itemReports)
        .set({ version: sql`${itemReports.version} - 1` })
        .where(eq(itemReports.id, item.id));
      expect(await check()).toBe('');
      // An audit entry deleted from the middle of the chain.
      const [middle] = await db
        .select({ id: auditEntries.id })
        .from(auditEntries)
        .where(eq(auditEntries.action, 'submission.send'));
      await db.delete(auditEntries).where(eq(auditEntries.id, middle?.id as number));
      expect(await check()).toMatch(/audit chain: The chain breaks/);
    } finally {
      await database.close();
    }
  });
});
