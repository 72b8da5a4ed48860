// The audit log: one append-only, hash-chained entry per write, written in the write's own
// transaction. Each entry's hash covers the previous entry's hash, so editing or deleting any
// entry breaks the chain; `verifyAudit` walks it (`duban audit verify`, GET /api/v1/audit/verify).
//
// One chain per organisation (docs/decisions/0010): an entry's predecessor is the previous entry (by id) of the same
// organisation, and the lock that keeps a chain linear is taken per organisation, so unrelated offices never wait
// for each other's writes. The hash covers what it always did (not the organisation): the entries written before
// organisations existed all belong to the default organisation, whose chain is exactly the old single chain.
//
// What the chain shows and what it cannot (docs/operations.md, "Audit log"):
// - an edited entry (its hash no longer matches its content) and a deleted or inserted entry in the middle (the next
//   entry's prev_hash no longer names its predecessor) are found by the walk alone;
// - a deleted *last* entry cannot be: any prefix of a valid chain is a valid chain. It is found by comparing with an
//   anchor kept outside the database, the head ({ id, hash }) of an earlier walk or of a backup's manifest: the
//   anchored entry must still be there with the same hash. Entries written after the newest anchor can still be cut
//   off unseen, so anchor often (the daily verify and the nightly backup both record one);
// - someone able to rewrite the whole table and recompute every hash after the newest anchor is not caught by any
//   check inside the database: that is what the anchors outside it are for.

import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, lt, type SQL, sql } from 'drizzle-orm';
import type {
  AuditAction,
  AuditChainVerification,
  AuditEntry,
  AuditFilter,
  AuditProblemReason,
  AuditReport,
  AuditVerification,
} from '../../api/audit.js';
import { type Bilingual, DubanError } from '../../core/errors.js';
import { addDays, startOfDayCst } from '../../core/time.js';
import type { Db } from '../db/client.js';
import { auditEntries, users } from '../db/schema.js';
import { authorize } from '../policy.js';
import type { Ctx } from './context.js';
import { defaultOrganisationId, listOrganisations } from './organisations.js';
import { refuseWriteToClosedPlan } from './plan-archive.js';
import { markLights } from './stored-lights.js';

/**
 * Any number (a 32-bit one: the two-key form of the advisory lock), taken only here with a second key derived from
 * the organisation (hashtext of its id), so concurrent writers of one organisation extend its chain one at a time
 * while other organisations' writers go on. Two organisations whose ids hash alike merely share a lock.
 */
const AUDIT_LOCK = 42_071_141;

export interface AuditRecord {
  action: AuditAction;
  subjectType?: string;
  subjectId?: string;
  details?: unknown;
  /**
   * The chain to extend when there is no actor to name it (a failed sign-in of a known account names the account's
   * organisation); otherwise the actor's organisation, and with neither the default one (first start, scheduler).
   */
  organisationId?: string;
}

/** What an entry's hash covers, in this key order; `at` as an ISO 8601 string. */
export interface AuditContent {
  at: string;
  userId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  details: unknown;
}

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth. `details` is stored as jsonb, which keeps
 * values but not key order (it sorts keys by length, then bytes), so the hash must not depend on the order the
 * writer happened to use, or no entry with two keys of details would verify after being read back.
 */
export function canonicalJson(value: unknown): string {
  const plain = value === undefined ? null : JSON.parse(JSON.stringify(value));
  const write = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k])}`).join(',')}}`;
  };
  return write(plain);
}

export function entryHash(prevHash: string | null, e: AuditContent): string {
  // The outer keys in a fixed order (as JSON.stringify of the entry wrote them before details became canonical),
  // so entries whose details are null or single-keyed hash as they always did.
  const json =
    `{"at":${JSON.stringify(e.at)},"userId":${JSON.stringify(e.userId)},"action":${JSON.stringify(e.action)},` +
    `"subjectType":${JSON.stringify(e.subjectType)},"subjectId":${JSON.stringify(e.subjectId)},` +
    `"ip":${JSON.stringify(e.ip)},"details":${canonicalJson(e.details)}}`;
  return createHash('sha256')
    .update(prevHash ?? '')
    .update(json)
    .digest('hex');
}

/** What an edit changed, field by field: `{ field: [old, new] }`. The `changes` of every edit's audit entry. */
export type Changes = Record<string, [unknown, unknown]>;

/**
 * The fields of `after` whose value differs from `before` (fields `after` leaves undefined were not edited).
 * Dates are written as ISO strings, missing values as null, so entries read the same whoever wrote them.
 */
export function diffChanges(before: object, after: object): Changes {
  const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));
  const changes: Changes = {};
  for (const [field, next] of Object.entries(after)) {
    if (next === undefined) continue;
    const [from, to] = [plain((before as Record<string, unknown>)[field]), plain(next)];
    if (canonicalJson(from) !== canonicalJson(to)) changes[field] = [from, to];
  }
  return changes;
}

/**
 * Appends an entry; call it inside the transaction of the write it records. A write to a closed plan's rows is
 * refused here (409 plan_closed, the transaction rolls back): every write passes this way (services/plan-archive.ts).
 */
export async function audit(tx: Db, ctx: Pick<Ctx, 'actor' | 'ip' | 'clock'>, record: AuditRecord): Promise<void> {
  await refuseWriteToClosedPlan(tx, record);
  // The stored lights this write may change are marked in its own transaction (services/stored-lights.ts).
  await markLights(tx, record);
  const organisationId = ctx.actor?.organisationId ?? record.organisationId ?? (await defaultOrganisationId(tx));
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK}, hashtext(${organisationId}))`);
  const [last] = await tx
    .select({ hash: auditEntries.hash })
    .from(auditEntries)
    .where(eq(auditEntries.organisationId, organisationId))
    .orderBy(desc(auditEntries.id))
    .limit(1);
  const entry = {
    organisationId,
    at: ctx.clock(),
    userId: ctx.actor?.id ?? null,
    action: record.action,
    subjectType: record.subjectType ?? null,
    subjectId: record.subjectId ?? null,
    ip: ctx.ip,
    details: record.details ?? null,
  };
  const prevHash = last?.hash ?? null;
  const { organisationId: _, ...content } = entry;
  await tx
    .insert(auditEntries)
    .values({ ...entry, prevHash, hash: entryHash(prevHash, { ...content, at: entry.at.toISOString() }) });
}

// ---------------------------------------------------------------------------------------------------------------
// Verification

/** The newest entry of a chain, as recorded by an earlier walk or a backup: it must still be there, unchanged. */
export interface AuditAnchor {
  id: number;
  hash: string;
}

const BATCH = 1000;

/** Anchors by organisation slug (an anchor file or a backup's manifest holds one per organisation). */
export type AuditAnchors = Record<string, AuditAnchor>;

/**
 * Walks every organisation's chain (verifyChain) and reports each head. An anchor naming an organisation that is
 * no longer there fails as a missing anchor: deleting a whole organisation's rows must not go unseen.
 */
export async function verifyAudit(db: Db, options: { anchors?: AuditAnchors | null } = {}): Promise<AuditReport> {
  const anchors = options.anchors ?? {};
  const chains: AuditChainVerification[] = [];
  const seen = new Set<string>();
  for (const o of await listOrganisations(db)) {
    seen.add(o.slug);
    const result = await verifyChain(db, o.id, { anchor: anchors[o.slug] ?? null });
    chains.push({ organisation: { id: o.id, slug: o.slug, name: o.name }, ...result });
  }
  for (const [slug, anchor] of Object.entries(anchors)) {
    if (seen.has(slug)) continue;
    chains.push({
      organisation: { id: null, slug, name: null },
      ok: false,
      checked: 0,
      head: null,
      anchor,
      problem: {
        entryId: anchor.id,
        reason: 'anchor_missing',
        message: {
          zh: `锚点记录的机构“${slug}”已不存在：它的全部日志（至少到第 ${anchor.id} 条）已被删除。`,
          en: `The organisation "${slug}" named in the anchor is gone: its whole log (up to entry ${anchor.id} at least) was deleted.`,
        },
      },
    });
  }
  return { ok: chains.every((c) => c.ok), chains };
}

/**
 * Walks one organisation's chain in id order, in batches (no long transaction: PGlite would wait on it). The chain
 * is append-only and extended under its organisation's lock, so entries committed during the walk only extend what
 * it sees.
 */
export async function verifyChain(
  db: Db,
  organisationId: string,
  options: { anchor?: AuditAnchor | null } = {},
): Promise<AuditVerification> {
  const anchor = options.anchor ?? null;
  let checked = 0;
  let previous: { id: number; hash: string; at: string } | null = null;
  let anchorSeen = false;
  const fail = (entryId: number, reason: AuditProblemReason, message: Bilingual): AuditVerification => ({
    ok: false,
    checked,
    head: previous,
    anchor,
    problem: { entryId, reason, message },
  });
  for (;;) {
    const rows = await db
      .select()
      .from(auditEntries)
      .where(
        and(eq(auditEntries.organisationId, organisationId), previous ? gt(auditEntries.id, previous.id) : undefined),
      )
      .orderBy(asc(auditEntries.id))
      .limit(BATCH);
    for (const row of rows) {
      const expectedPrev = previous?.hash ?? null;
      if (row.prevHash !== expectedPrev) {
        return fail(
          row.id,
          'chain_broken',
          previous
            ? {
                zh: `日志链在第 ${row.id} 条断开：它记录的上一条不是第 ${previous.id} 条。两者之间的记录被删除，或第 ${previous.id} 条被改写。`,
                en: `The chain breaks at entry ${row.id}: it does not follow entry ${previous.id}. An entry between them was deleted, or entry ${previous.id} was rewritten.`,
              }
            : {
                zh: `日志链在第 ${row.id} 条断开：它不是第一条记录，但之前的记录都不存在（开头的记录被删除）。`,
                en: `The chain breaks at entry ${row.id}: it is not the first entry, yet no entry precedes it (the first entries were deleted).`,
              },
        );
      }
      const content: AuditContent = {
        at: row.at.toISOString(),
        userId: row.userId,
        action: row.action,
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        ip: row.ip,
        details: row.details,
      };
      if (entryHash(row.prevHash, content) !== row.hash) {
        return fail(row.id, 'edited', {
          zh: `第 ${row.id} 条日志的内容与其哈希不符：该记录被修改过。`,
          en: `Entry ${row.id} does not match its hash: it was edited.`,
        });
      }
      if (anchor && row.id === anchor.id) {
        anchorSeen = true;
        if (row.hash !== anchor.hash) {
          return fail(row.id, 'anchor_mismatch', {
            zh: `第 ${row.id} 条日志与锚点记录的哈希不同：该条或它之前的记录在锚点之后被改写。`,
            en: `Entry ${row.id} differs from the anchor's hash: it or an entry before it was rewritten after the anchor was taken.`,
          });
        }
      }
      checked += 1;
      previous = { id: row.id, hash: row.hash, at: content.at };
    }
    if (rows.length < BATCH) break;
  }
  if (anchor && !anchorSeen) {
    return fail(anchor.id, 'anchor_missing', {
      zh: `锚点记录的第 ${anchor.id} 条日志已不存在：日志从第 ${previous ? previous.id + 1 : 1} 条起被截断（末尾记录被删除）。`,
      en: `Entry ${anchor.id}, recorded in the anchor, is gone: the log was truncated after entry ${previous?.id ?? 0} (its last entries were deleted).`,
    });
  }
  return { ok: true, checked, head: previous, anchor, problem: null };
}

// ---------------------------------------------------------------------------------------------------------------
// Browsing and export (admin only)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entries of one organisation (the reader's) matching the filter. */
function conditions(organisationId: string, filter: AuditFilter): SQL | undefined {
  const where: SQL[] = [eq(auditEntries.organisationId, organisationId)];
  if (filter.action) where.push(eq(auditEntries.action, filter.action));
  if (filter.user) {
    where.push(
      UUID.test(filter.user)
        ? eq(auditEntries.userId, filter.user.toLowerCase())
        : sql`${auditEntries.userId} in (select ${users.id} from ${users} where lower(${users.username}) = lower(${filter.user}))`,
    );
  }
  if (filter.subjectType) where.push(eq(auditEntries.subjectType, filter.subjectType));
  if (filter.subjectId) where.push(eq(auditEntries.subjectId, filter.subjectId));
  if (filter.from) where.push(gte(auditEntries.at, startOfDayCst(filter.from)));
  if (filter.to) where.push(lt(auditEntries.at, startOfDayCst(addDays(filter.to, 1))));
  return and(...where);
}

function checkRange(filter: AuditFilter): void {
  if (filter.from && filter.to && filter.from > filter.to) {
    throw new DubanError('invalid_range', {
      zh: `起始日期 ${filter.from} 晚于截止日期 ${filter.to}。`,
      en: `The start date ${filter.from} is after the end date ${filter.to}.`,
    });
  }
}

async function page(db: Db, where: SQL | undefined, limit: number, offset: number): Promise<AuditEntry[]> {
  const rows = await db
    .select({ e: auditEntries, username: users.username, displayName: users.displayName })
    .from(auditEntries)
    .leftJoin(users, eq(users.id, auditEntries.userId))
    .where(where)
    .orderBy(desc(auditEntries.id))
    .limit(limit)
    .offset(offset);
  return rows.map(({ e, username, displayName }) => ({
    id: e.id,
    at: e.at.toISOString(),
    user: e.userId ? { id: e.userId, username: username ?? '', displayName: displayName ?? '' } : null,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    ip: e.ip,
    details: e.details ?? null,
    prevHash: e.prevHash,
    hash: e.hash,
  }));
}

/** Newest first. */
export async function listAudit(
  ctx: Ctx,
  filter: AuditFilter & { page: number; pageSize: number },
): Promise<{ items: AuditEntry[]; total: number }> {
  authorize(ctx.actor, 'audit.read');
  checkRange(filter);
  const where = conditions(ctx.actor.organisationId, filter);
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(auditEntries).where(where);
  const items = await page(ctx.db, where, filter.pageSize, (filter.page - 1) * filter.pageSize);
  return { items, total: count?.n ?? 0 };
}

/** Checks the caller and records the export (reading the log is itself audited); the rows come from auditRows. */
export async function startAuditExport(ctx: Ctx, filter: AuditFilter): Promise<void> {
  authorize(ctx.actor, 'audit.read');
  checkRange(filter);
  await ctx.db.transaction((tx) =>
    audit(tx, ctx, {
      action: 'audit.export',
      details: Object.fromEntries(Object.entries(filter).filter(([, v]) => v)),
    }),
  );
}

/** Every matching entry, newest first, a batch at a time (keyset paging: the export can be long). */
export async function* auditRows(ctx: Ctx, filter: AuditFilter): AsyncGenerator<AuditEntry> {
  authorize(ctx.actor, 'audit.read');
  const base = conditions(ctx.actor.organisationId, filter);
  let before: number | null = null;
  for (;;) {
    const where: SQL | undefined = before === null ? base : and(base, lt(auditEntries.id, before));
    const rows = await page(ctx.db, where, BATCH, 0);
    yield* rows;
    if (rows.length < BATCH) return;
    before = rows[rows.length - 1]?.id ?? null;
  }
}

/** Admin-only read of the integrity of the admin's organisation's chain, for the API; the CLI calls verifyAudit. */
export async function verifyAuditAs(ctx: Ctx, anchor: AuditAnchor | null): Promise<AuditVerification> {
  authorize(ctx.actor, 'audit.read');
  return verifyChain(ctx.db, ctx.actor.organisationId, { anchor });
}
