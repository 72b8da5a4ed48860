// Extension requests (延期申请): a unit asks to move one of its milestones with a reason and a later
// date (past the plan year only as far as the office's setting allows); the office approves — the
// milestone's date changes from then on — or refuses. Both dates stay on the record.

import { and, desc, eq, type SQL } from 'drizzle-orm';
import { DEFAULT_EXTENSION_MONTHS_PAST_YEAR, type SupervisionSettings } from '../../api/supervision.js';
import type { Extension } from '../../api/v1.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  extensionRequests,
  ledgers,
  milestones,
  plans,
  sources,
  tasks,
  units,
  users,
} from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { type Actor, authorize, authorizeEver, extensionAbilities, taskScope } from '../policy.js';
import { audit, type Changes, diffChanges } from './audit.js';
import type { Ctx } from './context.js';
import { handoverLines } from './handovers.js';
import { codeOfTask, notifyHandoff } from './notifications.js';
import { readSupervisionSettings } from './settings.js';

async function load(db: Db, actor: Actor | null, where: SQL | undefined): Promise<Extension[]> {
  const rows = await db
    .select({
      e: extensionRequests,
      m: milestones,
      a: assignments,
      task: tasks,
      sourceLevel: sources.level,
      unitName: units.name,
      by: users.displayName,
    })
    .from(extensionRequests)
    .innerJoin(milestones, eq(milestones.id, extensionRequests.milestoneId))
    .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
    .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .innerJoin(units, eq(units.id, assignments.unitId))
    .leftJoin(users, eq(users.id, extensionRequests.requestedBy))
    .where(where)
    .orderBy(desc(extensionRequests.createdAt));
  const lines = await handoverLines(
    db,
    'extension',
    rows.map((r) => r.e.id),
  );
  return rows.map(({ e, m, a, task, sourceLevel, unitName, by }) => ({
    id: e.id,
    milestone: { id: m.id, title: m.title },
    assignmentId: a.id,
    task: { id: task.id, number: task.number, text: task.text, sourceLevel, position: task.position },
    unit: { id: a.unitId, name: unitName },
    requestedBy: by,
    reason: e.reason,
    fromDueOn: e.fromDueOn,
    newDueOn: e.newDueOn,
    status: e.status,
    decisionNote: e.decisionNote,
    decidedAt: e.decidedAt ? e.decidedAt.toISOString() : null,
    createdAt: e.createdAt.toISOString(),
    handovers: lines.get(e.id) ?? [],
    abilities: extensionAbilities(actor),
  }));
}

/** The last date an extension may reach: the plan year's end plus the office's months, at month end. */
export function extensionLimit(year: number, settings: SupervisionSettings): string {
  const months = settings.extensionMonthsPastYear ?? DEFAULT_EXTENSION_MONTHS_PAST_YEAR;
  // Day 0 of the month after the limit month is that month's last day.
  const end = new Date(Date.UTC(year + 1, months, 0));
  return end.toISOString().slice(0, 10);
}

async function milestoneContext(db: Db, milestoneId: string) {
  const [row] = await db
    .select({
      m: milestones,
      unitId: assignments.unitId,
      assignmentId: assignments.id,
      taskId: assignments.taskId,
      year: plans.year,
    })
    .from(milestones)
    .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
    .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(eq(milestones.id, milestoneId));
  if (!row) throw notFound('时间节点', 'milestone');
  return row;
}

export async function requestExtension(
  ctx: Ctx,
  milestoneId: string,
  body: { newDueOn: string; reason: string },
): Promise<Extension> {
  authorizeEver(ctx.actor, 'ledgers.write');
  const id = await ctx.db.transaction(async (tx) => {
    const { m, unitId, year } = await milestoneContext(tx, milestoneId);
    authorize(ctx.actor, 'ledgers.write', { unitIds: [unitId] });
    // An extension moves a date forward, never back: an earlier date is an edit, not a 延期.
    if (body.newDueOn <= m.dueOn)
      throw badRequest(
        'date_not_later',
        `延期后的日期应晚于当前时间节点（${m.dueOn}）。`,
        `The new date must be later than the current one (${m.dueOn}).`,
      );
    const limit = extensionLimit(year, await readSupervisionSettings(tx));
    if (body.newDueOn > limit)
      throw badRequest(
        'date_past_extension_limit',
        `延期后的日期最晚为 ${limit}（督查室设定的跨年度期限）。`,
        `The new date may be at most ${limit} (the limit past the plan year the office set).`,
      );
    const [pending] = await tx
      .select({ id: extensionRequests.id })
      .from(extensionRequests)
      .where(and(eq(extensionRequests.milestoneId, milestoneId), eq(extensionRequests.status, 'pending')));
    if (pending)
      throw conflict(
        'extension_pending',
        '该时间节点已有待审批的延期申请。',
        'This milestone already has a pending extension request.',
      );
    const [row] = await tx
      .insert(extensionRequests)
      .values({
        milestoneId,
        requestedBy: ctx.actor?.id ?? null,
        reason: body.reason,
        fromDueOn: m.dueOn,
        newDueOn: body.newDueOn,
        createdAt: ctx.clock(),
      })
      .returning({ id: extensionRequests.id });
    const newId = (row as { id: string }).id;
    await audit(tx, ctx, {
      action: 'extension.request',
      subjectType: 'extension_request',
      subjectId: newId,
      details: { ...body, milestoneId, changes: { dueOn: [m.dueOn, body.newDueOn] } },
    });
    return newId;
  });
  return (await load(ctx.db, ctx.actor, eq(extensionRequests.id, id)))[0] as Extension;
}

export async function listExtensions(ctx: Ctx, status?: Extension['status']): Promise<Extension[]> {
  authorizeEver(ctx.actor, 'ledgers.read');
  const where: SQL[] = [];
  const scope = taskScope(ctx.actor, 'ledgers.read');
  if (scope !== 'all') where.push(eq(assignments.unitId, scope.unitId));
  if (status) where.push(eq(extensionRequests.status, status));
  return load(ctx.db, ctx.actor, where.length ? and(...where) : undefined);
}

/** The office decides; an approved date becomes the milestone's date from now on. */
export async function decideExtension(
  ctx: Ctx,
  id: string,
  body: { approve: boolean; note?: string | undefined },
): Promise<Extension> {
  authorize(ctx.actor, 'ledgers.review');
  await ctx.db.transaction(async (tx) => {
    const [e] = await tx.select().from(extensionRequests).where(eq(extensionRequests.id, id)).for('update');
    if (!e) throw notFound('延期申请', 'extension request');
    if (e.status !== 'pending')
      throw conflict('extension_decided', '该延期申请已处理。', 'This extension request has already been decided.');
    await tx
      .update(extensionRequests)
      .set({
        status: body.approve ? 'approved' : 'refused',
        decidedBy: ctx.actor?.id ?? null,
        decidedAt: ctx.clock(),
        decisionNote: body.note || null,
      })
      .where(eq(extensionRequests.id, id));
    const at = await milestoneContext(tx, e.milestoneId);
    await notifyHandoff(
      tx,
      {
        kind: 'extension_decided',
        to: [{ unitId: at.unitId, roles: ['unit_staff', 'unit_leader'] }],
        title: `延期申请${body.approve ? '已批准' : '未批准'}：${at.m.title}`,
        body: `${await codeOfTask(tx, at.taskId)} 时间节点「${at.m.title}」${e.fromDueOn} → ${e.newDueOn}${
          body.note ? `\n${body.note}` : ''
        }`,
        link: `/ledgers/${at.assignmentId}`,
        key: id,
      },
      ctx.clock(),
    );
    let changes: Changes | undefined;
    if (body.approve) {
      const [m] = await tx.select().from(milestones).where(eq(milestones.id, e.milestoneId)).for('update');
      await tx.update(milestones).set({ dueOn: e.newDueOn }).where(eq(milestones.id, e.milestoneId));
      changes = diffChanges(m ?? {}, { dueOn: e.newDueOn });
    }
    await audit(tx, ctx, {
      action: body.approve ? 'extension.approve' : 'extension.refuse',
      subjectType: 'extension_request',
      subjectId: id,
      details: {
        ...body,
        milestoneId: e.milestoneId,
        fromDueOn: e.fromDueOn,
        newDueOn: e.newDueOn,
        ...(changes ? { changes } : {}),
      },
    });
  });
  return (await load(ctx.db, ctx.actor, eq(extensionRequests.id, id)))[0] as Extension;
}
