// 督办单 (supervision notices): the office issues one on a unit's item with a reason, a level (blue /
// yellow / red) and a response date; the unit responds with measures taken and a new date; the office
// closes it. Numbered per year (督办〔2025〕12号); printable as .docx.

import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SupervisionNotice } from '../../api/supervision.js';
import { cstDate, isDate } from '../../core/time.js';
import type { Db } from '../db/client.js';
import { assignments, evidenceFiles, plans, sources, supervisionNotices, tasks, units, users } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { type Actor, authorize, authorizeEver, supervisionNoticeAbilities, taskScope } from '../policy.js';
import { checkAnswerFacts } from './ask-once.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { codeOfTask, notifyHandoff } from './notifications.js';
import { closedPlans, planClosed, readOnlyIf } from './plan-archive.js';

type Row = typeof supervisionNotices.$inferSelect;

/** Serializes numbering per year on every database. */
const NOTICE_LOCK = 4_207_113_903;

export const supervisionNoticeNumber = (n: { year: number; seq: number }) => `督办〔${n.year}〕${n.seq}号`;

/** A 督办单 whose answer date has passed unanswered (`today` a China day): the one rule of 逾期未回复. */
export const answerOverdue = (n: { status: string; respondBy: string | null }, today: string): boolean =>
  n.status === 'issued' && n.respondBy !== null && n.respondBy < today;

async function present(db: Db, actor: Actor | null, rows: Row[], now: Date): Promise<SupervisionNotice[]> {
  if (rows.length === 0) return [];
  const issuer = alias(users, 'issuer');
  const responder = alias(users, 'responder');
  const info = await db
    .select({
      id: supervisionNotices.id,
      planId: tasks.planId,
      number: tasks.number,
      text: tasks.text,
      position: tasks.position,
      sourceLevel: sources.level,
      unitName: units.name,
      issuedBy: issuer.displayName,
      respondedBy: responder.displayName,
    })
    .from(supervisionNotices)
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .innerJoin(units, eq(units.id, supervisionNotices.unitId))
    .leftJoin(issuer, eq(issuer.id, supervisionNotices.issuedBy))
    .leftJoin(responder, eq(responder.id, supervisionNotices.respondedBy))
    .where(
      inArray(
        supervisionNotices.id,
        rows.map((r) => r.id),
      ),
    );
  const byId = new Map(info.map((i) => [i.id, i]));
  const fileIds = [...new Set(rows.flatMap((r) => r.evidenceIds))];
  const files = fileIds.length
    ? await db
        .select({ id: evidenceFiles.id, fileName: evidenceFiles.fileName, sha256: evidenceFiles.sha256 })
        .from(evidenceFiles)
        .where(inArray(evidenceFiles.id, fileIds))
    : [];
  const closed = await closedPlans(db);
  const today = cstDate(now);
  return rows.map((n) => {
    const i = byId.get(n.id);
    return {
      id: n.id,
      number: supervisionNoticeNumber(n),
      year: n.year,
      seq: n.seq,
      task: {
        id: n.taskId,
        number: i?.number ?? null,
        text: i?.text ?? '',
        sourceLevel: i?.sourceLevel ?? 'unknown',
        position: i?.position ?? 0,
      },
      assignmentId: n.assignmentId,
      unit: { id: n.unitId, name: i?.unitName ?? '' },
      reason: n.reason,
      severity: n.severity,
      respondBy: n.respondBy,
      status: n.status,
      response: n.response,
      newDueOn: n.newDueOn,
      respondedBy: i?.respondedBy ?? null,
      respondedAt: n.respondedAt?.toISOString() ?? null,
      issuedBy: i?.issuedBy ?? null,
      issuedAt: n.issuedAt.toISOString(),
      closedAt: n.closedAt?.toISOString() ?? null,
      closeNote: n.closeNote,
      indicatorActuals: n.indicatorActuals.map((x) => ({ indicatorId: x.indicatorId, value: x.value })),
      evidence: files.filter((f) => n.evidenceIds.includes(f.id)),
      contact: n.contact,
      abilities: readOnlyIf(closed.has(i?.planId ?? ''), supervisionNoticeAbilities(actor, n.unitId)),
      overdue: answerOverdue(n, today),
    };
  });
}

async function load(
  ctx: Ctx,
  id: string,
  action: 'supervisionNotices.read' | 'supervisionNotices.respond' | 'supervisionNotices.issue',
  lock = false,
) {
  const query = ctx.db.select().from(supervisionNotices).where(eq(supervisionNotices.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('督办单', 'supervision notice');
  authorize(ctx.actor, action, { unitIds: [row.unitId] });
  return row;
}

export async function listSupervisionNotices(
  ctx: Ctx,
  q: { status?: Row['status'] | undefined; planId?: string | undefined },
): Promise<SupervisionNotice[]> {
  authorizeEver(ctx.actor, 'supervisionNotices.read');
  const scope = taskScope(ctx.actor, 'supervisionNotices.read');
  const where = [];
  if (scope !== 'all') where.push(eq(supervisionNotices.unitId, scope.unitId));
  if (q.status) where.push(eq(supervisionNotices.status, q.status));
  if (q.planId) where.push(eq(tasks.planId, q.planId));
  const rows = await ctx.db
    .select({ n: supervisionNotices })
    .from(supervisionNotices)
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(supervisionNotices.year), desc(supervisionNotices.seq));
  return present(
    ctx.db,
    ctx.actor,
    rows.map((r) => r.n),
    ctx.clock(),
  );
}

export async function getSupervisionNotice(ctx: Ctx, id: string): Promise<SupervisionNotice> {
  authorizeEver(ctx.actor, 'supervisionNotices.read');
  const [out] = await present(ctx.db, ctx.actor, [await load(ctx, id, 'supervisionNotices.read')], ctx.clock());
  return out as SupervisionNotice;
}

export async function issueSupervisionNotice(
  ctx: Ctx,
  body: { assignmentId: string; reason: string; severity: Row['severity']; respondBy: string },
): Promise<SupervisionNotice> {
  authorize(ctx.actor, 'supervisionNotices.issue');
  const now = ctx.clock();
  if (body.respondBy < cstDate(now)) {
    throw badRequest('respond_by_past', '反馈期限不能早于今天。', 'The response date cannot be in the past.');
  }
  const row = await ctx.db.transaction(async (tx) => {
    const [a] = await tx
      .select({
        taskId: assignments.taskId,
        unitId: assignments.unitId,
        planStatus: plans.status,
        number: tasks.number,
      })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(plans, eq(plans.id, tasks.planId))
      .where(eq(assignments.id, body.assignmentId));
    if (!a) throw notFound('分工', 'assignment');
    // Refused before a number of the year is taken (the audit path would refuse it too, after the insert).
    if (a.planStatus === 'closed') throw planClosed();
    await tx.execute(sql`select pg_advisory_xact_lock(${NOTICE_LOCK})`);
    const year = Number(cstDate(now).slice(0, 4));
    const [last] = await tx
      .select({ seq: sql<number>`coalesce(max(${supervisionNotices.seq}), 0)::int` })
      .from(supervisionNotices)
      .where(eq(supervisionNotices.year, year));
    const [created] = await tx
      .insert(supervisionNotices)
      .values({
        year,
        seq: (last?.seq ?? 0) + 1,
        taskId: a.taskId,
        assignmentId: body.assignmentId,
        unitId: a.unitId,
        reason: body.reason,
        severity: body.severity,
        respondBy: body.respondBy,
        issuedBy: ctx.actor?.id ?? null,
        issuedAt: now,
      })
      .returning();
    const n = created as Row;
    await notifyHandoff(
      tx,
      {
        kind: 'notice_issued',
        to: [{ unitId: a.unitId, roles: ['unit_staff', 'unit_leader'] }],
        title: `收到${supervisionNoticeNumber(n)}`,
        body: `${await codeOfTask(tx, a.taskId)}：${body.reason}（请于${body.respondBy}前反馈）`,
        link: `/supervision-notices/${n.id}`,
        key: n.id,
      },
      now,
    );
    await audit(tx, ctx, {
      action: 'supervisionNotice.issue',
      subjectType: 'supervision_notice',
      subjectId: n.id,
      details: { number: supervisionNoticeNumber(n), severity: n.severity },
    });
    return n;
  });
  return getSupervisionNotice(ctx, row.id);
}

export async function respondSupervisionNotice(
  ctx: Ctx,
  id: string,
  body: {
    response: string;
    newDueOn?: string | undefined;
    indicatorActuals?: { indicatorId: string; value: number | null }[] | undefined;
    evidenceIds?: string[] | undefined;
    contact?: string | undefined;
  },
): Promise<SupervisionNotice> {
  authorizeEver(ctx.actor, 'supervisionNotices.respond');
  if (body.newDueOn !== undefined && !isDate(body.newDueOn)) {
    throw badRequest('invalid_date', '日期无效。', 'Invalid date.');
  }
  await ctx.db.transaction(async (tx) => {
    const n = await load({ ...ctx, db: tx }, id, 'supervisionNotices.respond', true);
    if (n.status === 'closed') {
      throw conflict(
        'notice_closed',
        '该督办单已办结，不能再反馈。',
        'This notice is closed; it takes no more responses.',
      );
    }
    // 最多报一次: evidence by reference to the item's own files, actuals of the task's own indicators.
    await checkAnswerFacts(tx, n, body);
    const now = ctx.clock();
    await tx
      .update(supervisionNotices)
      .set({
        status: 'responded',
        response: body.response,
        newDueOn: body.newDueOn ?? null,
        indicatorActuals: body.indicatorActuals ?? [],
        evidenceIds: [...new Set(body.evidenceIds ?? [])],
        contact: body.contact || null,
        respondedBy: ctx.actor?.id ?? null,
        respondedAt: now,
      })
      .where(eq(supervisionNotices.id, id));
    await notifyHandoff(
      tx,
      {
        kind: 'notice_responded',
        to: [{ office: true }],
        title: `${supervisionNoticeNumber(n)}已反馈`,
        body: body.response.slice(0, 200),
        link: `/supervision-notices/${id}`,
        key: `${id}:${now.toISOString()}`,
      },
      now,
    );
    await audit(tx, ctx, { action: 'supervisionNotice.respond', subjectType: 'supervision_notice', subjectId: id });
  });
  return getSupervisionNotice(ctx, id);
}

export async function closeSupervisionNotice(
  ctx: Ctx,
  id: string,
  body: { note?: string | undefined },
): Promise<SupervisionNotice> {
  authorize(ctx.actor, 'supervisionNotices.issue');
  await ctx.db.transaction(async (tx) => {
    const n = await load({ ...ctx, db: tx }, id, 'supervisionNotices.issue', true);
    if (n.status !== 'responded') {
      throw conflict(
        'notice_state',
        n.status === 'closed' ? '该督办单已办结。' : '单位尚未反馈，不能办结。',
        n.status === 'closed' ? 'This notice is already closed.' : 'The unit has not responded yet.',
      );
    }
    await tx
      .update(supervisionNotices)
      .set({ status: 'closed', closedAt: ctx.clock(), closedBy: ctx.actor?.id ?? null, closeNote: body.note ?? null })
      .where(eq(supervisionNotices.id, id));
    await notifyHandoff(
      tx,
      {
        kind: 'notice_closed',
        to: [{ unitId: n.unitId, roles: ['unit_staff', 'unit_leader'] }],
        title: `${supervisionNoticeNumber(n)}已办结`,
        body: body.note ?? '督查室已审核反馈，该督办单办结。',
        link: `/supervision-notices/${id}`,
        key: id,
      },
      ctx.clock(),
    );
    await audit(tx, ctx, { action: 'supervisionNotice.close', subjectType: 'supervision_notice', subjectId: id });
  });
  return getSupervisionNotice(ctx, id);
}
