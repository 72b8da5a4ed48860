// The unit's period submission (报送): one per unit per period, an item report for each of the unit's
// assignments, pre-filled from the previous period. Staff fill it and send it to the unit's
// principal leader, who signs it (主要领导签字同意: who, when and the sha256 of exactly what was
// signed) or returns it; the office accepts it or returns it, item by item. State machine:
//   draft → pending_signoff → submitted → accepted
//   pending_signoff → draft (the leader returns it, or staff edit it)
//   submitted → returned → pending_signoff (corrected and sent again) → submitted (signed again)

import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { AuditAction } from '../../api/audit.js';
import type { NotificationKind } from '../../api/supervision.js';
import type {
  ItemReport,
  ItemReportSave,
  ReviewQueue,
  Submission,
  SubmissionSummary,
  Verifications,
} from '../../api/v1.js';
import { DubanError } from '../../core/errors.js';
import { effectiveDueAt, submissionState } from '../../core/periods.js';
import { isMainPeriod, periodHolds } from '../../core/rhythm.js';
import { isReported, isUnfilled } from '../../core/status.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  evidenceFiles,
  type IndicatorActual,
  indicators,
  itemReports,
  reportingPeriods,
  sources,
  submissions,
  tasks,
  units,
  users,
} from '../db/schema.js';
import { submissionFormDocx } from '../documents/submission-form.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import {
  type Action,
  type Actor,
  authorize,
  authorizeEver,
  authorizeEverSign,
  can,
  submissionAbilities,
  taskScope,
} from '../policy.js';
import { actingSignerOf, signerOf } from './acting-signers.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';
import { isLaggingStatus, lagReasonsForEdit, readLagReasons } from './lag-reasons.js';
import { reportsHere } from './lights.js';
import { notifyHandoff } from './notifications.js';
import { inClosedPlan, readOnlyIf } from './plan-archive.js';
import { flagSubmission } from './quality.js';
import { rhythmColumns, rhythmOf } from './rhythm.js';

type Status = Submission['status'];
type Row = typeof submissions.$inferSelect;

/** A submission's content (items, evidence) may change only in these states; signing freezes it. */
export const EDITABLE: readonly Status[] = ['draft', 'returned', 'pending_signoff'];

const wrongState = (status: Status) =>
  conflict(
    'submission_state',
    `报送当前状态（${status}）不允许此操作。`,
    `The submission is ${status}: this step is not allowed now.`,
    {
      status,
    },
  );

/** The exact content a signature covers: every item's answers and evidence files, in a fixed order. */
export function contentHash(
  unitId: string,
  periodId: string,
  items: (typeof itemReports.$inferSelect)[],
  evidence: { itemReportId: string | null; sha256: string }[],
): string {
  const canonical = items
    .map((i) => [
      i.assignmentId,
      evidence
        .filter((e) => e.itemReportId === i.id)
        .map((e) => e.sha256)
        .sort(),
      i.status,
      i.progress,
      i.problems ?? '',
      i.nextSteps ?? '',
      [...i.indicatorActuals]
        .sort((a, b) => a.indicatorId.localeCompare(b.indicatorId))
        .map((a) => [a.indicatorId, a.value]),
      // Reasons for lagging only when given, so that what was signed before they existed hashes as it did.
      ...(i.lagReasons.length > 0 ? [[...i.lagReasons].sort(), i.lagReasonText ?? ''] : []),
    ])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return createHash('sha256')
    .update(JSON.stringify([unitId, periodId, canonical]))
    .digest('hex');
}

/** Item reports as the API shows them, in the package's order: a package's (by submission) or one (by id). */
async function presentItems(db: Db, where: SQL): Promise<ItemReport[]> {
  const items = await db
    .select({ item: itemReports, a: assignments, task: tasks, level: sources.level })
    .from(itemReports)
    .innerJoin(assignments, eq(assignments.id, itemReports.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(where)
    .orderBy(asc(sources.index), asc(tasks.position), asc(assignments.position));
  const itemIds = items.map((i) => i.item.id);
  const verifierIds = [...new Set(items.flatMap((i) => (i.item.verifiedBy ? [i.item.verifiedBy] : [])))];
  const verifiers = new Map(
    verifierIds.length
      ? (
          await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, verifierIds))
        ).map((u) => [u.id, u.name])
      : [],
  );
  const files = itemIds.length
    ? await db.select().from(evidenceFiles).where(inArray(evidenceFiles.itemReportId, itemIds))
    : [];
  const taskIds = [...new Set(items.map((i) => i.task.id))];
  const inds = taskIds.length
    ? await db.select().from(indicators).where(inArray(indicators.taskId, taskIds)).orderBy(asc(indicators.position))
    : [];
  return items.map(({ item, a, task, level }) => ({
    id: item.id,
    assignmentId: a.id,
    task: { id: task.id, number: task.number, text: task.text, sourceLevel: level },
    role: a.role,
    status: item.status,
    unfilled: isUnfilled(item),
    progress: item.progress,
    problems: item.problems,
    nextSteps: item.nextSteps,
    indicatorActuals: inds
      .filter((ind) => ind.taskId === task.id)
      .map((ind) => ({
        indicatorId: ind.id,
        label: ind.label,
        unit: ind.unit,
        target: ind.value,
        value: item.indicatorActuals.find((x) => x.indicatorId === ind.id)?.value ?? null,
      })),
    returnedComment: item.returnedComment,
    verification: item.verifiedAt
      ? {
          method: item.verificationMethod,
          note: item.verificationNote,
          at: item.verifiedAt.toISOString(),
          by: item.verifiedBy ? (verifiers.get(item.verifiedBy) ?? null) : null,
        }
      : null,
    lagReasons: item.lagReasons,
    lagReasonText: item.lagReasonText,
    qualityFlags: item.qualityFlags ?? null,
    evidence: files
      .filter((f) => f.itemReportId === item.id)
      .map((f) => ({ id: f.id, fileName: f.fileName, mime: f.mime, sizeBytes: f.sizeBytes, sha256: f.sha256 })),
    version: item.version,
  }));
}

async function present(db: Db, actor: Actor | null, row: Row, now: Date): Promise<Submission> {
  const [period] = await db.select().from(reportingPeriods).where(eq(reportingPeriods.id, row.periodId));
  const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, row.unitId));
  const [signer] = row.signerId
    ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, row.signerId))
    : [];
  const [signedFor] = row.signedForId
    ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, row.signedForId))
    : [];
  const acting = await actingSignerOf(db, row.unitId, row.periodId);
  const items = await presentItems(db, eq(itemReports.submissionId, row.id));
  const p = period as typeof reportingPeriods.$inferSelect;
  // Judged now, with the period's grace days as they are now; a submission not yet sent is not late.
  const { state, lateSeconds } = submissionState(p, row, now);
  // A package sent again after a return waits for a new signature: the previous one (kept in the audit log)
  // is not shown as if it were current.
  const signed = isReported(row.status);
  return {
    id: row.id,
    unit: { id: row.unitId, name: unit?.name ?? '' },
    period: { id: p.id, label: p.label, effectiveDueAt: effectiveDueAt(p).toISOString(), locked: p.locked },
    status: row.status,
    signer: signed ? (signer?.name ?? null) : null,
    signedFor: signed ? (signedFor?.name ?? null) : null,
    actingSigner: acting?.name ?? null,
    signedAt: signed && row.signedAt ? row.signedAt.toISOString() : null,
    contentHash: signed ? row.contentHash : null,
    late: state === 'late',
    lateSeconds,
    returnedComment: row.returnedComment,
    version: row.version,
    abilities: readOnlyIf(
      await inClosedPlan(db, 'submission', row.id),
      submissionAbilities(actor, row.unitId, acting?.userId ?? null),
    ),
    filled: items.filter((i) => i.progress.trim() !== '').length,
    unfilled: items.filter((i) => i.unfilled).length,
    items,
  };
}

async function loadRow(db: Db, ctx: Ctx, id: string, action: Action, forUpdate = false): Promise<Row> {
  const query = db.select().from(submissions).where(eq(submissions.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('报送', 'submission');
  authorize(ctx.actor, action, { unitIds: [row.unitId] });
  return row;
}

async function periodOf(db: Db, periodId: string) {
  const [period] = await db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId));
  if (!period) throw notFound('报告期', 'reporting period');
  return period;
}

const periodLocked = () =>
  conflict(
    'period_locked',
    '该报告期已锁定，不能再修改或报送。',
    'This reporting period is locked: nothing can be changed or submitted.',
  );

/** The unit's assignments in the period's plan whose task's rhythm the period asks a report of (periodHolds). */
async function assignmentsDueIn(db: Db, unitId: string, period: typeof reportingPeriods.$inferSelect) {
  const rows = await db
    .select({ id: assignments.id, ...rhythmColumns })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(and(eq(assignments.unitId, unitId), eq(tasks.planId, period.planId)));
  return rows.filter((r) => periodHolds(period, rhythmOf(r)));
}

/**
 * Adds an item report for every assignment of the unit the period asks about (a quarter: all but 阅知; a month or
 * N weeks: the tasks of that rhythm), pre-filled from the unit's previous package in the plan.
 */
async function syncItems(tx: Db, row: Row, period: typeof reportingPeriods.$inferSelect): Promise<void> {
  const mine = await assignmentsDueIn(tx, row.unitId, period);
  const have = new Set(
    (
      await tx.select({ a: itemReports.assignmentId }).from(itemReports).where(eq(itemReports.submissionId, row.id))
    ).map((r) => r.a),
  );
  const missing = mine.filter((m) => !have.has(m.id)).map((m) => m.id);
  if (missing.length === 0) return;
  // The previous period's answers, so that nothing is typed twice.
  const [previous] = await tx
    .select({ id: submissions.id })
    .from(submissions)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
    .where(
      and(
        eq(submissions.unitId, row.unitId),
        eq(reportingPeriods.planId, period.planId),
        lt(reportingPeriods.dueAt, period.dueAt),
      ),
    )
    .orderBy(desc(reportingPeriods.dueAt))
    .limit(1);
  const before = previous
    ? await tx
        .select()
        .from(itemReports)
        .where(and(eq(itemReports.submissionId, previous.id), inArray(itemReports.assignmentId, missing)))
    : [];
  await tx.insert(itemReports).values(
    missing.map((assignmentId) => {
      const b = before.find((x) => x.assignmentId === assignmentId);
      // Unset until someone sets it (未填报); 本期无进展 speaks of one period only and is not carried over.
      const status = b?.status === 'no_progress' ? null : (b?.status ?? null);
      const lagging = isLaggingStatus(status);
      return {
        submissionId: row.id,
        assignmentId,
        status,
        progress: b?.progress ?? '',
        problems: b?.problems ?? null,
        nextSteps: b?.nextSteps ?? null,
        indicatorActuals: b?.indicatorActuals ?? [],
        // The reasons go with the status they explain (ask once); none when the status is not carried.
        lagReasons: lagging ? (b?.lagReasons ?? []) : [],
        lagReasonText: lagging ? (b?.lagReasonText ?? null) : null,
      };
    }),
  );
}

/**
 * The submission of a unit for a period. Unit users get (and on first visit create) their own; the
 * office and district leaders read any unit's by id.
 */
export async function openSubmission(ctx: Ctx, periodId: string, unitId?: string): Promise<Submission> {
  authorizeEver(ctx.actor, 'submissions.read');
  const period = await periodOf(ctx.db, periodId);
  const unit = ctx.actor.unitId ?? unitId;
  if (!unit) throw badRequest('unit_required', '请指定单位。', 'Say which unit’s submission.');
  authorize(ctx.actor, 'submissions.read', { unitIds: [unit] });
  const [existing] = await ctx.db
    .select()
    .from(submissions)
    .where(and(eq(submissions.unitId, unit), eq(submissions.periodId, periodId)));
  if (existing && !EDITABLE.includes(existing.status)) return present(ctx.db, ctx.actor, existing, ctx.clock());
  if (!existing && !can(ctx.actor, 'submissions.edit', { unitIds: [unit] })) throw notFound('报送', 'submission');
  if (period.locked) {
    if (existing) return present(ctx.db, ctx.actor, existing, ctx.clock());
    throw periodLocked();
  }
  // A month or N-week period asks only the tasks of its rhythm: a unit with none of them has no package in it.
  if (!existing && !isMainPeriod(period) && (await assignmentsDueIn(ctx.db, unit, period)).length === 0) {
    throw new DubanError(
      'nothing_due',
      {
        zh: `${period.label}只报送按此频次报送的任务，该单位没有这样的任务，无需报送。`,
        en: `${period.label} asks only for tasks reporting at its rhythm; this unit has none, so it has nothing to send.`,
      },
      404,
    );
  }
  const row = await ctx.db.transaction(async (tx) => {
    await tx
      .insert(submissions)
      .values({ unitId: unit, periodId, createdAt: ctx.clock(), updatedAt: ctx.clock() })
      .onConflictDoNothing();
    const [r] = await tx
      .select()
      .from(submissions)
      .where(and(eq(submissions.unitId, unit), eq(submissions.periodId, periodId)));
    await syncItems(tx, r as Row, period);
    return r as Row;
  });
  return present(ctx.db, ctx.actor, row, ctx.clock());
}

export async function getSubmission(ctx: Ctx, id: string): Promise<Submission> {
  authorizeEver(ctx.actor, 'submissions.read');
  return present(ctx.db, ctx.actor, await loadRow(ctx.db, ctx, id, 'submissions.read'), ctx.clock());
}

export interface ItemChanges {
  version: number;
  status?: Submission['items'][number]['status'] | undefined;
  progress?: string | undefined;
  problems?: string | null | undefined;
  nextSteps?: string | null | undefined;
  indicatorActuals?: IndicatorActual[] | undefined;
  lagReasons?: string[] | undefined;
  lagReasonText?: string | null | undefined;
}

/** The autosave: answers the saved item and its package's state, not the whole package (see itemReportSaveSchema). */
export async function updateItem(ctx: Ctx, itemId: string, body: ItemChanges): Promise<ItemReportSave> {
  authorizeEver(ctx.actor, 'submissions.edit');
  const row = await ctx.db.transaction((tx) => updateItemIn(tx, ctx, itemId, body));
  const [item] = await presentItems(ctx.db, eq(itemReports.id, itemId));
  if (!item) throw notFound('进展情况', 'item report');
  // The counts need every item's status and progress, but only those two columns, and nothing of them is answered.
  const all = await ctx.db
    .select({ status: itemReports.status, progress: itemReports.progress })
    .from(itemReports)
    .where(eq(itemReports.submissionId, row.id));
  return {
    item,
    submission: {
      id: row.id,
      status: row.status,
      version: row.version,
      filled: all.filter((i) => i.progress.trim() !== '').length,
      unfilled: all.filter((i) => isUnfilled(i)).length,
    },
  };
}

/** One item's edit inside the caller's transaction (the autosave, and a whole uploaded sheet at once). */
export async function updateItemIn(tx: Db, ctx: Ctx, itemId: string, body: ItemChanges): Promise<Row> {
  authorizeEver(ctx.actor, 'submissions.edit');
  const [item] = await tx.select().from(itemReports).where(eq(itemReports.id, itemId)).for('update');
  if (!item) throw notFound('进展情况', 'item report');
  const sub = await loadRow(tx, ctx, item.submissionId, 'submissions.edit', true);
  if (!EDITABLE.includes(sub.status)) throw wrongState(sub.status);
  if ((await periodOf(tx, sub.periodId)).locked) throw periodLocked();
  if (item.version !== body.version) {
    throw new DubanError(
      'version_conflict',
      { zh: '这一项已被他人修改，请刷新后再编辑。', en: 'Someone else changed this item; reload before editing.' },
      409,
      { current: (await presentItems(tx, eq(itemReports.id, itemId)))[0] },
    );
  }
  if (body.indicatorActuals) {
    const own = await tx
      .select({ id: indicators.id })
      .from(indicators)
      .innerJoin(assignments, eq(assignments.taskId, indicators.taskId))
      .where(eq(assignments.id, item.assignmentId));
    const ok = new Set(own.map((o) => o.id));
    if (!body.indicatorActuals.every((a) => ok.has(a.indicatorId))) {
      throw badRequest('unknown_indicator', '指标不属于该任务。', 'That indicator does not belong to this task.');
    }
  }
  // 本期无进展 needs its reason, the progress text: refused rather than saved as a blank that reads as a fact.
  if ((body.status ?? item.status) === 'no_progress' && (body.progress ?? item.progress).trim() === '') {
    throw badRequest(
      'no_progress_reason_required',
      '选择“本期无进展”时须在进展情况中说明原因。',
      'Marking an item “no progress this period” needs the reason in its progress text.',
    );
  }
  // 滞后/受阻 needs its reasons from the office's list (services/lag-reasons.ts); refused before any write.
  const reasons = await lagReasonsForEdit(tx, item, body);
  const edited = {
    ...(body.status ? { status: body.status } : {}),
    ...(body.progress !== undefined ? { progress: body.progress } : {}),
    ...(body.problems !== undefined ? { problems: body.problems || null } : {}),
    ...(body.nextSteps !== undefined ? { nextSteps: body.nextSteps || null } : {}),
    ...(body.indicatorActuals ? { indicatorActuals: body.indicatorActuals } : {}),
    ...(reasons ?? {}),
  };
  await tx
    .update(itemReports)
    .set({ ...edited, version: item.version + 1 })
    .where(eq(itemReports.id, itemId));
  // An edit while the leader is reviewing withdraws the submission from sign-off.
  const status: Status = sub.status === 'pending_signoff' ? 'draft' : sub.status;
  const changed = { status, idempotencyKey: null, version: sub.version + 1, updatedAt: ctx.clock() };
  await tx.update(submissions).set(changed).where(eq(submissions.id, sub.id));
  await audit(tx, ctx, {
    action: 'submission.item_update',
    subjectType: 'item_report',
    subjectId: itemId,
    details: { changes: diffChanges(item, edited) },
  });
  // The submission as stored now: its version moved too, and the answer must say so.
  return { ...sub, ...changed };
}

/**
 * One step of the state machine, in a transaction that locks the submission. With an idempotency key (the
 * client's `Idempotency-Key` header), a retried step whose first attempt committed returns the submission as
 * it is instead of failing on the changed state: a client that lost the response can simply retry.
 */
async function step(
  ctx: Ctx,
  id: string,
  action: Action,
  from: readonly Status[],
  auditAction: AuditAction,
  apply: (tx: Db, row: Row) => Promise<Partial<typeof submissions.$inferInsert>>,
  details?: unknown,
  idempotencyKey?: string,
): Promise<Submission> {
  const row = await ctx.db.transaction(async (tx) => {
    const sub = await loadRow(tx, ctx, id, action, true);
    if (idempotencyKey !== undefined && sub.idempotencyKey === idempotencyKey) return sub;
    if (!from.includes(sub.status)) throw wrongState(sub.status);
    if (idempotencyKey !== undefined) {
      const [used] = await tx
        .select({ id: submissions.id })
        .from(submissions)
        .where(eq(submissions.idempotencyKey, idempotencyKey));
      if (used) throw keyReused();
    }
    const set = await apply(tx, sub);
    await tx
      .update(submissions)
      .set({ ...set, idempotencyKey: idempotencyKey ?? null, version: sub.version + 1, updatedAt: ctx.clock() })
      .where(eq(submissions.id, id));
    await audit(tx, ctx, { action: auditAction, subjectType: 'submission', subjectId: id, details });
    const [updated] = await tx.select().from(submissions).where(eq(submissions.id, id));
    await tellNext(tx, auditAction, updated as Row, ctx.clock());
    return updated as Row;
  });
  return present(ctx.db, ctx.actor, row, ctx.clock());
}

/** Who each step hands the submission to, and what they are told. */
const HANDOFFS: Partial<
  Record<AuditAction, { kind: NotificationKind; roles: ('unit_staff' | 'unit_leader')[]; title: string; body: string }>
> = {
  'submission.send': {
    kind: 'signoff_pending',
    roles: ['unit_leader'],
    title: '报送待您签字',
    body: '本单位报送已提交，请审阅后签字同意或退回。',
  },
  'submission.sign': {
    kind: 'submission_signed',
    roles: ['unit_staff'],
    title: '报送已经领导签字',
    body: '单位主要领导已签字同意，报送已提交督查室审核。',
  },
  'submission.leader_return': {
    kind: 'submission_leader_returned',
    roles: ['unit_staff'],
    title: '报送被领导退回',
    body: '单位主要领导退回了报送，请按意见修改后重新提交签字。',
  },
  'submission.accept': {
    kind: 'submission_accepted',
    roles: ['unit_staff', 'unit_leader'],
    title: '报送已通过审核',
    body: '督查室已审核通过本单位报送。',
  },
  'submission.return': {
    kind: 'submission_returned',
    roles: ['unit_staff', 'unit_leader'],
    title: '报送被督查室退回',
    body: '请按退回意见修改后重新提交单位主要领导签字。',
  },
};

/**
 * Tells the people the step hands the submission to. The key is the submission's new version, the same one the
 * scheduler's reminders of a waiting signature or a return use, so those do not repeat what was told at once.
 */
async function tellNext(tx: Db, action: AuditAction, row: Row, at: Date): Promise<void> {
  const h = HANDOFFS[action];
  if (!h) return;
  const period = await periodOf(tx, row.periodId);
  const comment = row.returnedComment ? `\n${row.returnedComment}` : '';
  await notifyHandoff(
    tx,
    {
      kind: h.kind,
      to: [{ unitId: row.unitId, roles: h.roles }],
      title: `${period.label}${h.title}`,
      body: `${h.body}${action.endsWith('return') ? comment : ''}`,
      link: `/submissions/${row.id}`,
      key: `${row.id}:${row.version}`,
    },
    at,
  );
}

const keyReused = () =>
  conflict(
    'idempotency_key_reused',
    '该幂等键已用于另一份报送，请为每次操作生成新的键。',
    'This idempotency key was already used for another submission; send a new key for each operation.',
  );

export function sendForSignoff(ctx: Ctx, id: string, idempotencyKey?: string): Promise<Submission> {
  authorizeEver(ctx.actor, 'submissions.edit');
  return step(
    ctx,
    id,
    'submissions.edit',
    ['draft', 'returned'],
    'submission.send',
    async (tx, row) => {
      if ((await periodOf(tx, row.periodId)).locked) throw periodLocked();
      // Report quality flags for the leader to read before signing; advice, never a block.
      await flagSubmission(tx, row, ctx.clock());
      return { status: 'pending_signoff' };
    },
    undefined,
    idempotencyKey,
  );
}

/** The unit's principal leader signs: who, when, and the hash of exactly what is signed. */
export async function signSubmission(ctx: Ctx, id: string, idempotencyKey?: string): Promise<Submission> {
  try {
    authorizeEverSign(ctx.actor);
    const sign = async (tx: Db, row: Row): Promise<Partial<typeof submissions.$inferInsert>> => {
      const { signedForId } = await signerOf(tx, ctx.actor, row);
      const period = await periodOf(tx, row.periodId);
      if (period.locked) throw periodLocked();
      const items = await tx.select().from(itemReports).where(eq(itemReports.submissionId, row.id));
      // Completeness before signature: every item set, or explicitly marked 本期无进展 with a reason.
      const unfilled = items.filter(isUnfilled).length;
      if (unfilled > 0) {
        throw conflict(
          'submission_unfilled',
          `还有 ${unfilled} 项未填写，不能签字。请逐项填写推进状态，或标记“本期无进展”并说明原因。`,
          `${unfilled} item(s) are not filled in, so the submission cannot be signed. Set each item's status, or mark it “no progress this period” with a reason.`,
          { unfilled },
        );
      }
      const files = items.length
        ? await tx
            .select({ itemReportId: evidenceFiles.itemReportId, sha256: evidenceFiles.sha256 })
            .from(evidenceFiles)
            .where(
              inArray(
                evidenceFiles.itemReportId,
                items.map((i) => i.id),
              ),
            )
        : [];
      const signedAt = ctx.clock();
      return {
        status: 'submitted',
        signerId: ctx.actor?.id ?? null,
        signedForId,
        signedAt,
        contentHash: contentHash(row.unitId, row.periodId, items, files),
        returnedComment: null,
      };
    };
    return await step(
      ctx,
      id,
      // Read access loads the row; signerOf decides who signs (the leader or the named acting signer).
      'submissions.read',
      ['pending_signoff'],
      'submission.sign',
      sign,
      undefined,
      idempotencyKey,
    );
  } catch (e) {
    // A refused sign-off is itself worth recording (who tried, on which submission).
    if (e instanceof DubanError && (e.status === 403 || e.status === 404)) {
      await ctx.db.transaction((tx) =>
        audit(tx, ctx, {
          action: 'submission.sign_refused',
          subjectType: 'submission',
          subjectId: id,
          details: { code: e.code },
        }),
      );
    }
    throw e;
  }
}

/** The leader sends the submission back to staff with a comment instead of signing. */
export function leaderReturn(ctx: Ctx, id: string, comment: string): Promise<Submission> {
  authorizeEver(ctx.actor, 'submissions.sign');
  return step(
    ctx,
    id,
    'submissions.sign',
    ['pending_signoff'],
    'submission.leader_return',
    async () => ({ status: 'draft', returnedComment: comment }),
    {
      comment,
    },
  );
}

/**
 * 核实方式: the office's record of how it verified each named item, written with the review step that carries it.
 * Every named item must be the package's (else nothing is written); both fields empty clears an item's record.
 */
async function recordVerifications(tx: Db, ctx: Ctx, row: Row, verifications: Verifications): Promise<void> {
  if (verifications.length === 0) return;
  const own = new Set(
    (await tx.select({ id: itemReports.id }).from(itemReports).where(eq(itemReports.submissionId, row.id))).map(
      (i) => i.id,
    ),
  );
  if (!verifications.every((v) => own.has(v.itemReportId))) throw notFound('进展情况', 'item report');
  for (const v of verifications) {
    const note = v.note?.trim() || null;
    const kept = v.method !== null || note !== null;
    await tx
      .update(itemReports)
      .set({
        verificationMethod: v.method,
        verificationNote: note,
        verifiedAt: kept ? ctx.clock() : null,
        verifiedBy: kept ? (ctx.actor?.id ?? null) : null,
      })
      .where(eq(itemReports.id, v.itemReportId));
  }
}

export function acceptSubmission(
  ctx: Ctx,
  id: string,
  body: { verifications: Verifications } = { verifications: [] },
): Promise<Submission> {
  authorize(ctx.actor, 'submissions.review');
  return step(
    ctx,
    id,
    'submissions.review',
    ['submitted'],
    'submission.accept',
    async (tx, row) => {
      await recordVerifications(tx, ctx, row, body.verifications);
      return { status: 'accepted' };
    },
    body.verifications.length ? { verifications: body.verifications } : undefined,
  );
}

/** The office returns a submission, with a comment and optionally per item (and how it verified items). */
export function officeReturn(
  ctx: Ctx,
  id: string,
  body: {
    comment: string;
    items: { itemReportId: string; comment: string }[];
    verifications?: Verifications;
  },
): Promise<Submission> {
  authorize(ctx.actor, 'submissions.review');
  return step(
    ctx,
    id,
    'submissions.review',
    ['submitted'],
    'submission.return',
    async (tx, row) => {
      const items = await tx
        .select({ id: itemReports.id })
        .from(itemReports)
        .where(eq(itemReports.submissionId, row.id));
      const own = new Set(items.map((i) => i.id));
      if (!body.items.every((i) => own.has(i.itemReportId))) throw notFound('进展情况', 'item report');
      await tx.update(itemReports).set({ returnedComment: null }).where(eq(itemReports.submissionId, row.id));
      for (const i of body.items)
        await tx.update(itemReports).set({ returnedComment: i.comment }).where(eq(itemReports.id, i.itemReportId));
      await recordVerifications(tx, ctx, row, body.verifications ?? []);
      return { status: 'returned', returnedComment: body.comment };
    },
    body,
  );
}

/**
 * The office's review queue: every unit's submission for a period, every unit due that has none yet
 * (未报送: a unit with a task in the plan that reports here), and the totals (reviewQueueSchema).
 */
export async function listSubmissions(ctx: Ctx, periodId: string): Promise<ReviewQueue> {
  authorizeEver(ctx.actor, 'submissions.read');
  // Across units: for those who read every unit's submissions (the office, district leaders).
  if (taskScope(ctx.actor, 'submissions.read') !== 'all') throw forbidden();
  const period = await periodOf(ctx.db, periodId);
  const [rows, held] = await Promise.all([
    ctx.db.select().from(submissions).where(eq(submissions.periodId, periodId)),
    ctx.db
      .selectDistinct({ id: units.id, name: units.name, ...rhythmColumns })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(units, eq(units.id, assignments.unitId))
      .where(and(eq(tasks.planId, period.planId), reportsHere)),
  ]);
  // The units the period asks a report of (a month: those with a monthly task; a quarter: every unit).
  const asked = new Map(held.filter((u) => periodHolds(period, rhythmOf(u))).map((u) => [u.id, u.name]));
  const due = [...asked].map(([id, name]) => ({ id, name }));
  const items: SubmissionSummary[] = [];
  for (const row of rows) {
    const { items: _items, ...summary } = await present(ctx.db, ctx.actor, row, ctx.clock());
    items.push(summary);
  }
  const byName = (a: { unit: { name: string } }, b: { unit: { name: string } }) =>
    a.unit.name.localeCompare(b.unit.name, 'zh-CN');
  items.sort(byName);
  const status = new Map(rows.map((r) => [r.unitId, r.status]));
  const dueIds = new Set(due.map((u) => u.id));
  const notSent = due
    .filter((u) => !status.has(u.id))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    .map((u) => ({ id: u.id, name: u.name }));
  const count = (pick: (s: string) => boolean) => rows.filter((r) => dueIds.has(r.unitId) && pick(r.status)).length;
  const sent = count((s) => s !== 'draft');
  return {
    items,
    notSent,
    totals: {
      due: due.length,
      sent,
      signed: count(isReported),
      accepted: count((s) => s === 'accepted'),
      returned: count((s) => s === 'returned'),
      notSent: due.length - sent,
    },
  };
}

/** The printable 报送单 (.docx) of a package the caller may read, with its reasons for lagging named. */
export async function submissionForm(ctx: Ctx, id: string): Promise<{ pkg: Submission; bytes: Buffer }> {
  const pkg = await getSubmission(ctx, id);
  const names = new Map((await readLagReasons(ctx.db)).map((r) => [r.key, r.labelZh]));
  return { pkg, bytes: await submissionFormDocx(pkg, names) };
}
