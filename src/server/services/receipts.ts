// Receipt (签收): a unit acknowledges each task assigned to it, or disputes it with a reason; the
// office sees what is pending or disputed and either reassigns it or upholds it (维持原分工) with a
// reason the unit reads, the task then waiting for the unit's 签收 again. Every answer and move is
// kept as an assignment event.

import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { AssignmentEvent, Receipt } from '../../api/v1.js';
import { DubanError } from '../../core/errors.js';
import type { Db } from '../db/client.js';
import { assignmentEvents, assignments, sources, tasks, units, users } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { authorize, authorizeEver, can, taskScope } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { codeOfTask, notifyHandoff } from './notifications.js';
import { inVisiblePlan } from './plans.js';

type ReceiptStatus = Receipt['status'];

async function loadReceipts(
  db: Db,
  where: SQL | undefined,
  page?: { limit: number; offset: number },
): Promise<Receipt[]> {
  const query = db
    .select({ a: assignments, task: tasks, source: sources, unitName: units.name })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(where)
    .orderBy(desc(tasks.planId), asc(sources.index), asc(tasks.position), asc(assignments.position))
    .$dynamic();
  const rows = page ? await query.limit(page.limit).offset(page.offset) : await query;
  return rows.map(({ a, task, source, unitName }) => ({
    assignmentId: a.id,
    task: {
      id: task.id,
      planId: task.planId,
      number: task.number,
      text: task.text,
      source: { index: source.index, level: source.level },
    },
    unit: { id: a.unitId, name: unitName },
    role: a.role,
    status: a.receiptStatus,
    note: a.receiptNote,
    answeredAt: a.receiptAt ? a.receiptAt.toISOString() : null,
    upheld: a.upheldNote && a.upheldAt ? { reason: a.upheldNote, at: a.upheldAt.toISOString() } : null,
  }));
}

export async function listReceipts(
  ctx: Ctx,
  q: {
    status?: ReceiptStatus | undefined;
    planId?: string | undefined;
    unitId?: string | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: Receipt[]; total: number }> {
  authorizeEver(ctx.actor, 'receipts.read');
  const scope = taskScope(ctx.actor, 'receipts.read');
  // Not the tasks of a plan a confirm is still writing (services/imports.ts).
  const where: SQL[] = [inVisiblePlan(tasks.planId)];
  if (scope !== 'all') where.push(eq(assignments.unitId, scope.unitId));
  if (q.unitId) where.push(eq(assignments.unitId, q.unitId));
  if (q.status) where.push(eq(assignments.receiptStatus, q.status));
  if (q.planId) where.push(eq(tasks.planId, q.planId));
  const cond = and(...where);
  const [total] = await ctx.db
    .select({ n: count() })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(cond);
  const items = await loadReceipts(ctx.db, cond, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items, total: total?.n ?? 0 };
}

async function getReceipt(db: Db, id: string): Promise<Receipt> {
  const [r] = await loadReceipts(db, eq(assignments.id, id));
  if (!r) throw notFound('分工', 'assignment');
  return r;
}

/** Locks the assignment row for a change; unit users may touch only their unit's rows (404 otherwise). */
async function lockAssignment(tx: Db, ctx: Ctx, id: string, action: 'receipts.answer' | 'assignments.reassign') {
  const [row] = await tx.select().from(assignments).where(eq(assignments.id, id)).for('update');
  if (!row) throw notFound('分工', 'assignment');
  authorize(ctx.actor, action, { unitIds: [row.unitId] });
  return row;
}

async function answer(
  ctx: Ctx,
  id: string,
  status: 'acknowledged' | 'disputed',
  note: string | null,
): Promise<Receipt> {
  authorizeEver(ctx.actor, 'receipts.answer');
  await ctx.db.transaction(async (tx) => {
    const row = await lockAssignment(tx, ctx, id, 'receipts.answer');
    if (row.receiptStatus === status && status === 'acknowledged') {
      throw conflict('receipt_already_answered', '该任务已签收。', 'This task has already been acknowledged.');
    }
    const at = ctx.clock();
    await tx
      .update(assignments)
      .set({ receiptStatus: status, receiptNote: note, receiptAt: at, receiptBy: ctx.actor?.id ?? null })
      .where(eq(assignments.id, id));
    const action = status === 'acknowledged' ? 'acknowledge' : 'dispute';
    await tx.insert(assignmentEvents).values({ assignmentId: id, at, userId: ctx.actor?.id ?? null, action, note });
    await audit(tx, ctx, { action: `receipt.${action}`, subjectType: 'assignment', subjectId: id, details: { note } });
  });
  return getReceipt(ctx.db, id);
}

export const acknowledge = (ctx: Ctx, id: string): Promise<Receipt> => answer(ctx, id, 'acknowledged', null);
export const dispute = (ctx: Ctx, id: string, reason: string): Promise<Receipt> => answer(ctx, id, 'disputed', reason);

/**
 * 批量签收: the unit acknowledges many pending assignments at once, all or nothing. The same policy as one by one
 * decides each row; an id that is not the caller's (or does not exist) or is no longer pending refuses the whole
 * request, naming those ids, and nothing is written. Each assignment gets its event and audit entry, as one by one.
 */
export async function acknowledgeMany(ctx: Ctx, ids: readonly string[]): Promise<Receipt[]> {
  authorizeEver(ctx.actor, 'receipts.answer');
  const actor = ctx.actor;
  const wanted = [...new Set(ids)];
  await ctx.db.transaction(async (tx) => {
    // Locked in id order, so two overlapping requests cannot deadlock.
    const rows = await tx
      .select()
      .from(assignments)
      .where(inArray(assignments.id, wanted))
      .orderBy(asc(assignments.id))
      .for('update');
    const byId = new Map(rows.map((row) => [row.id, row]));
    // Another unit's row answers exactly like a missing one (as `authorize` does one by one): ids tell nothing.
    const foreign = wanted.filter((id) => {
      const row = byId.get(id);
      return !row || !can(actor, 'receipts.answer', { unitIds: [row.unitId] });
    });
    if (foreign.length > 0) {
      throw new DubanError(
        'assignments_not_found',
        {
          zh: `有 ${foreign.length} 项不是本单位的分工或不存在，未签收任何一项：${foreign.join('，')}`,
          en: `${foreign.length} of the assignments are not your unit's or do not exist; nothing was acknowledged: ${foreign.join(', ')}`,
        },
        404,
        { assignmentIds: foreign },
      );
    }
    const answered = rows.filter((row) => row.receiptStatus !== 'pending');
    if (answered.length > 0) {
      throw conflict(
        'receipts_not_pending',
        `有 ${answered.length} 项已签收或有异议，不在待签收状态，未签收任何一项；请刷新后重选。`,
        `${answered.length} of the assignments are no longer pending (acknowledged or disputed); nothing was acknowledged. Reload and select again.`,
        { assignments: answered.map((row) => ({ id: row.id, status: row.receiptStatus })) },
      );
    }
    const at = ctx.clock();
    const userId = actor.id;
    await tx
      .update(assignments)
      .set({ receiptStatus: 'acknowledged', receiptNote: null, receiptAt: at, receiptBy: userId })
      .where(inArray(assignments.id, wanted));
    await tx
      .insert(assignmentEvents)
      .values(wanted.map((assignmentId) => ({ assignmentId, at, userId, action: 'acknowledge' as const, note: null })));
    for (const id of wanted) {
      await audit(tx, ctx, {
        action: 'receipt.acknowledge',
        subjectType: 'assignment',
        subjectId: id,
        details: { note: null, bulk: wanted.length },
      });
    }
  });
  return loadReceipts(ctx.db, inArray(assignments.id, wanted));
}

/** The office moves an assignment to another unit; it goes back to pending there. */
export async function reassign(ctx: Ctx, id: string, body: { unitId: string; reason: string }): Promise<Receipt> {
  authorize(ctx.actor, 'assignments.reassign');
  await ctx.db.transaction(async (tx) => {
    const row = await lockAssignment(tx, ctx, id, 'assignments.reassign');
    if (row.unitId === body.unitId) {
      throw badRequest(
        'reassign_to_same_unit',
        '改派的目标单位与原单位相同。',
        'The assignment already belongs to that unit.',
      );
    }
    const [target] = await tx
      .select({ id: units.id, merged: units.mergedIntoId })
      .from(units)
      .where(eq(units.id, body.unitId));
    if (!target || target.merged) throw notFound('单位', 'unit');
    const [clash] = await tx
      .select({ id: assignments.id })
      .from(assignments)
      .where(
        and(
          eq(assignments.taskId, row.taskId),
          eq(assignments.unitId, body.unitId),
          eq(assignments.role, row.role),
          eq(assignments.clause, row.clause),
        ),
      );
    if (clash) {
      throw conflict(
        'already_assigned',
        '该单位已承担此任务的同一分工。',
        'That unit already holds this part of the task.',
      );
    }
    const at = ctx.clock();
    await tx
      .update(assignments)
      .set({
        unitId: body.unitId,
        viaGroupId: null,
        receiptStatus: 'pending',
        receiptNote: null,
        receiptAt: null,
        receiptBy: null,
        upheldNote: null,
        upheldAt: null,
      })
      .where(eq(assignments.id, id));
    await tx.insert(assignmentEvents).values({
      assignmentId: id,
      at,
      userId: ctx.actor?.id ?? null,
      action: 'reassign',
      fromUnitId: row.unitId,
      toUnitId: body.unitId,
      note: body.reason,
    });
    const [to] = await tx.select({ name: units.name }).from(units).where(eq(units.id, body.unitId));
    await notifyHandoff(
      tx,
      {
        kind: 'dispute_decided',
        to: [{ unitId: row.unitId, roles: ['unit_staff', 'unit_leader'] }],
        title: `分工已改派：${await codeOfTask(tx, row.taskId)}`,
        body: `督查室已将该任务改派${to?.name ?? ''}。${body.reason}`.slice(0, 200),
        link: '/receipts',
        key: `${id}:${at.toISOString()}`,
      },
      at,
    );
    await audit(tx, ctx, {
      action: 'assignment.reassign',
      subjectType: 'assignment',
      subjectId: id,
      details: { from: row.unitId, to: body.unitId, reason: body.reason },
    });
  });
  return getReceipt(ctx.db, id);
}

/**
 * The office rejects a dispute and keeps the unit responsible (维持原分工): the assignment waits for the
 * unit's 签收 again, with the office's reason beside it; the unit's dispute stays in the history.
 */
export async function uphold(ctx: Ctx, id: string, body: { reason: string }): Promise<Receipt> {
  authorize(ctx.actor, 'assignments.reassign');
  await ctx.db.transaction(async (tx) => {
    const row = await lockAssignment(tx, ctx, id, 'assignments.reassign');
    if (row.receiptStatus !== 'disputed') {
      throw conflict('not_disputed', '该分工没有待处理的异议。', 'This assignment has no dispute to decide.');
    }
    const at = ctx.clock();
    await tx
      .update(assignments)
      .set({
        receiptStatus: 'pending',
        receiptNote: null,
        receiptAt: null,
        receiptBy: null,
        upheldNote: body.reason,
        upheldAt: at,
      })
      .where(eq(assignments.id, id));
    await tx
      .insert(assignmentEvents)
      .values({ assignmentId: id, at, userId: ctx.actor?.id ?? null, action: 'uphold', note: body.reason });
    await notifyHandoff(
      tx,
      {
        kind: 'dispute_decided',
        to: [{ unitId: row.unitId, roles: ['unit_staff', 'unit_leader'] }],
        title: `维持原分工：${await codeOfTask(tx, row.taskId)}`,
        body: `督查室维持原分工，请签收。${body.reason}`.slice(0, 200),
        link: '/receipts',
        key: `${id}:${at.toISOString()}`,
      },
      at,
    );
    await audit(tx, ctx, {
      action: 'assignment.uphold',
      subjectType: 'assignment',
      subjectId: id,
      details: { unitId: row.unitId, dispute: row.receiptNote, reason: body.reason },
    });
  });
  return getReceipt(ctx.db, id);
}

export async function assignmentHistory(ctx: Ctx, id: string): Promise<AssignmentEvent[]> {
  authorizeEver(ctx.actor, 'receipts.read');
  const [row] = await ctx.db.select({ unitId: assignments.unitId }).from(assignments).where(eq(assignments.id, id));
  if (!row) throw notFound('分工', 'assignment');
  const events = await ctx.db
    .select({ e: assignmentEvents, by: users.displayName })
    .from(assignmentEvents)
    .leftJoin(users, eq(users.id, assignmentEvents.userId))
    .where(eq(assignmentEvents.assignmentId, id))
    .orderBy(asc(assignmentEvents.at));
  // A unit that held the assignment before sees its history too; others see it as not found.
  const unitIds = [
    row.unitId,
    ...events.flatMap((x) => [x.e.fromUnitId, x.e.toUnitId]).filter((u): u is string => u !== null),
  ];
  authorize(ctx.actor, 'receipts.read', { unitIds });
  const names = new Map(
    (unitIds.length
      ? await ctx.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))
      : []
    ).map((u) => [u.id, u.name]),
  );
  const ref = (unitId: string | null) => (unitId ? { id: unitId, name: names.get(unitId) ?? '' } : null);
  return events.map(({ e, by }) => ({
    at: e.at.toISOString(),
    by: by ?? null,
    action: e.action,
    fromUnit: ref(e.fromUnitId),
    toUnit: ref(e.toUnitId),
    note: e.note,
  }));
}
