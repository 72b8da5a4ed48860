// 办结销号: a unit declares an item completed, pointing at evidence already attached to its reports; the
// office verifies and closes it (its light turns green for good and it leaves the reminder cycle), or
// rejects it with a reason.

import { and, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Closeout } from '../../api/supervision.js';
import type { Db } from '../db/client.js';
import { assignments, closeoutRequests, evidenceFiles, itemReports, tasks, units, users } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { type Actor, authorize, authorizeEver, closeoutAbilities, taskScope } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { handoverLines } from './handovers.js';
import { codeOfTask, notify, unitUsers } from './notifications.js';
import { closedPlans, readOnlyIf } from './plan-archive.js';

type Row = typeof closeoutRequests.$inferSelect;

async function present(db: Db, actor: Actor | null, rows: Row[]): Promise<Closeout[]> {
  if (rows.length === 0) return [];
  const requester = alias(users, 'requester');
  const decider = alias(users, 'decider');
  const info = await db
    .select({
      id: closeoutRequests.id,
      planId: tasks.planId,
      taskId: tasks.id,
      number: tasks.number,
      text: tasks.text,
      unitId: units.id,
      unitName: units.name,
      requestedBy: requester.displayName,
      decidedBy: decider.displayName,
    })
    .from(closeoutRequests)
    .innerJoin(assignments, eq(assignments.id, closeoutRequests.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(units, eq(units.id, assignments.unitId))
    .leftJoin(requester, eq(requester.id, closeoutRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, closeoutRequests.decidedBy))
    .where(
      inArray(
        closeoutRequests.id,
        rows.map((r) => r.id),
      ),
    );
  const fileIds = [...new Set(rows.flatMap((r) => r.evidenceIds))];
  const files = fileIds.length
    ? await db
        .select({ id: evidenceFiles.id, fileName: evidenceFiles.fileName, sha256: evidenceFiles.sha256 })
        .from(evidenceFiles)
        .where(inArray(evidenceFiles.id, fileIds))
    : [];
  const byId = new Map(info.map((i) => [i.id, i]));
  const closed = await closedPlans(db);
  const lines = await handoverLines(
    db,
    'closeout',
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const i = byId.get(r.id);
    return {
      id: r.id,
      assignmentId: r.assignmentId,
      task: { id: i?.taskId ?? '', number: i?.number ?? null, text: i?.text ?? '' },
      unit: { id: i?.unitId ?? '', name: i?.unitName ?? '' },
      note: r.note,
      evidence: files.filter((f) => r.evidenceIds.includes(f.id)),
      status: r.status,
      requestedBy: i?.requestedBy ?? null,
      decidedBy: i?.decidedBy ?? null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
      createdAt: r.createdAt.toISOString(),
      handovers: lines.get(r.id) ?? [],
      abilities: readOnlyIf(closed.has(i?.planId ?? ''), closeoutAbilities(actor, i ? [i.unitId] : [])),
    };
  });
}

export async function listCloseouts(ctx: Ctx, status?: Row['status']): Promise<Closeout[]> {
  authorizeEver(ctx.actor, 'closeouts.read');
  const scope = taskScope(ctx.actor, 'closeouts.read');
  const where = [];
  if (scope !== 'all') where.push(eq(assignments.unitId, scope.unitId));
  if (status) where.push(eq(closeoutRequests.status, status));
  const rows = await ctx.db
    .select({ c: closeoutRequests })
    .from(closeoutRequests)
    .innerJoin(assignments, eq(assignments.id, closeoutRequests.assignmentId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(closeoutRequests.createdAt));
  return present(
    ctx.db,
    ctx.actor,
    rows.map((r) => r.c),
  );
}

export async function requestCloseout(
  ctx: Ctx,
  body: { assignmentId: string; note: string; evidenceIds: string[] },
): Promise<Closeout> {
  authorizeEver(ctx.actor, 'closeouts.request');
  const row = await ctx.db.transaction(async (tx) => {
    const [a] = await tx
      .select({ id: assignments.id, unitId: assignments.unitId, taskId: assignments.taskId })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(eq(assignments.id, body.assignmentId))
      .for('update', { of: assignments });
    if (!a) throw notFound('分工', 'assignment');
    authorize(ctx.actor, 'closeouts.request', { unitIds: [a.unitId] });
    const ids = [...new Set(body.evidenceIds)];
    if (ids.length === 0) {
      throw badRequest(
        'closeout_needs_evidence',
        '申请办结销号须附佐证材料（先在本期报送中上传）。',
        'A close-out needs evidence (upload it to the item in your period submission first).',
      );
    }
    // The evidence must be this item's own, attached to one of its reports.
    const own = await tx
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .innerJoin(itemReports, eq(itemReports.id, evidenceFiles.itemReportId))
      .where(and(eq(itemReports.assignmentId, a.id), inArray(evidenceFiles.id, ids)));
    if (own.length !== ids.length) {
      throw badRequest('evidence_not_found', '佐证材料不属于该事项。', 'That evidence does not belong to this item.');
    }
    const open = await tx
      .select({ status: closeoutRequests.status })
      .from(closeoutRequests)
      .where(and(eq(closeoutRequests.assignmentId, a.id), inArray(closeoutRequests.status, ['pending', 'verified'])));
    if (open.length > 0) {
      throw conflict(
        'closeout_exists',
        open[0]?.status === 'verified' ? '该事项已办结销号。' : '该事项已有待审核的办结申请。',
        open[0]?.status === 'verified'
          ? 'This item is already closed.'
          : 'A close-out of this item is already pending.',
      );
    }
    const [created] = await tx
      .insert(closeoutRequests)
      .values({
        assignmentId: a.id,
        requestedBy: ctx.actor?.id ?? null,
        note: body.note,
        evidenceIds: ids,
        createdAt: ctx.clock(),
      })
      .returning();
    const office = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'supervisor'), eq(users.disabled, false)));
    await notify(
      tx,
      office.map((u) => u.id),
      {
        kind: 'closeout_requested',
        title: `办结销号申请：${await codeOfTask(tx, a.taskId)}`,
        body: body.note.slice(0, 200),
        link: '/closeouts',
        dedupeKey: `closeout_requested:${created?.id}`,
      },
      ctx.clock(),
    );
    await audit(tx, ctx, { action: 'closeout.request', subjectType: 'closeout', subjectId: created?.id });
    return created as Row;
  });
  const [out] = await present(ctx.db, ctx.actor, [row]);
  return out as Closeout;
}

export async function decideCloseout(
  ctx: Ctx,
  id: string,
  body: { verify: boolean; note?: string | undefined },
): Promise<Closeout> {
  authorize(ctx.actor, 'closeouts.verify');
  const row = await ctx.db.transaction(async (tx) => {
    const [c] = await tx.select().from(closeoutRequests).where(eq(closeoutRequests.id, id)).for('update');
    if (!c) throw notFound('办结申请', 'close-out request');
    if (c.status !== 'pending') {
      throw conflict('closeout_decided', '该申请已处理。', 'This request has already been decided.');
    }
    const [updated] = await tx
      .update(closeoutRequests)
      .set({
        status: body.verify ? 'verified' : 'rejected',
        decidedBy: ctx.actor?.id ?? null,
        decidedAt: ctx.clock(),
        decisionNote: body.note ?? null,
      })
      .where(eq(closeoutRequests.id, id))
      .returning();
    const [a] = await tx
      .select({ unitId: assignments.unitId })
      .from(assignments)
      .where(eq(assignments.id, c.assignmentId));
    const people = await unitUsers(tx, a ? [a.unitId] : [], ['unit_staff', 'unit_leader']);
    await notify(
      tx,
      people.map((p) => p.id),
      {
        kind: body.verify ? 'closeout_verified' : 'closeout_rejected',
        title: body.verify ? '办结销号已通过' : '办结销号申请被退回',
        body: body.note ?? (body.verify ? '该事项已办结销号。' : ''),
        link: '/closeouts',
        dedupeKey: `closeout_decided:${id}`,
      },
      ctx.clock(),
    );
    await audit(tx, ctx, {
      action: body.verify ? 'closeout.verify' : 'closeout.reject',
      subjectType: 'closeout',
      subjectId: id,
      details: body.note ? { note: body.note } : undefined,
    });
    return updated as Row;
  });
  const [out] = await present(ctx.db, ctx.actor, [row]);
  return out as Closeout;
}
