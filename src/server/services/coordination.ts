// Coordination requests (协调事项): a unit escalates what it cannot solve on a task ("提请区政府统筹
// 协调"); the office routes it to a district leader, who answers (批示); the unit sees the answer;
// the office or the unit closes it. open → routed → answered → resolved.

import { and, desc, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AuditAction } from '../../api/audit.js';
import type { Coordination } from '../../api/v1.js';
import type { Db } from '../db/client.js';
import { assignments, coordinationRequests, sources, tasks, units, users } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import {
  type Actor,
  authorize,
  authorizeEver,
  coordinationAbilities,
  coordinationScope,
  isCoordinationAnswerer,
  mayAnswerCoordination,
} from '../policy.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';
import { handoverLines } from './handovers.js';
import { codeOfTask, notifyHandoff } from './notifications.js';
import { closedPlans, readOnlyIf } from './plan-archive.js';

type Status = Coordination['status'];
const raiser = alias(users, 'raiser');
const leader = alias(users, 'leader');

/** The status people meet: an open request routed to a leader waits for the leader's 批示. */
export function statusOf(row: Pick<typeof coordinationRequests.$inferSelect, 'status' | 'routedTo'>): Status {
  return row.status === 'open' && row.routedTo ? 'routed' : row.status;
}

async function load(db: Db, actor: Actor | null, where: SQL | undefined): Promise<Coordination[]> {
  const rows = await db
    .select({
      c: coordinationRequests,
      task: tasks,
      sourceLevel: sources.level,
      unitName: units.name,
      raiserName: raiser.displayName,
      leaderName: leader.displayName,
    })
    .from(coordinationRequests)
    .innerJoin(tasks, eq(tasks.id, coordinationRequests.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .innerJoin(units, eq(units.id, coordinationRequests.raisedByUnitId))
    .leftJoin(raiser, eq(raiser.id, coordinationRequests.raisedBy))
    .leftJoin(leader, eq(leader.id, coordinationRequests.routedTo))
    .where(where)
    .orderBy(desc(coordinationRequests.createdAt));
  const lines = await handoverLines(
    db,
    'coordination',
    rows.map((r) => r.c.id),
  );
  const closed = await closedPlans(db);
  return rows.map(({ c, task, sourceLevel, unitName, raiserName, leaderName }) => ({
    id: c.id,
    task: { id: task.id, number: task.number, text: task.text, sourceLevel, position: task.position },
    unit: { id: c.raisedByUnitId, name: unitName },
    raisedBy: raiserName,
    title: c.title,
    body: c.body,
    routedTo: c.routedTo ? { id: c.routedTo, name: leaderName ?? '' } : null,
    status: statusOf(c),
    answer: c.answer,
    createdAt: c.createdAt.toISOString(),
    resolvedAt: c.resolvedAt ? c.resolvedAt.toISOString() : null,
    handovers: lines.get(c.id) ?? [],
    abilities: readOnlyIf(closed.has(task.planId), coordinationAbilities(actor, c)),
  }));
}

async function one(ctx: Ctx, id: string): Promise<Coordination> {
  const [c] = await load(ctx.db, ctx.actor, eq(coordinationRequests.id, id));
  if (!c) throw notFound('协调事项', 'coordination request');
  return c;
}

export async function raiseCoordination(
  ctx: Ctx,
  body: { taskId: string; title: string; body: string },
): Promise<Coordination> {
  authorizeEver(ctx.actor, 'coordination.raise');
  const unitId = ctx.actor.unitId as string;
  const [held] = await ctx.db
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(eq(assignments.taskId, body.taskId), eq(assignments.unitId, unitId)));
  // Only on a task the unit holds; any other task id looks like a missing one.
  if (!held) throw notFound('任务', 'task');
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(coordinationRequests)
      .values({
        taskId: body.taskId,
        raisedByUnitId: unitId,
        raisedBy: ctx.actor?.id ?? null,
        title: body.title,
        body: body.body,
        createdAt: ctx.clock(),
      })
      .returning({ id: coordinationRequests.id });
    const newId = (row as { id: string }).id;
    await notifyHandoff(
      tx,
      {
        kind: 'coordination_raised',
        to: [{ office: true }],
        title: `协调事项待转交：${body.title}`,
        body: `${await codeOfTask(tx, body.taskId)} ${body.body}`.slice(0, 200),
        link: '/coordination',
        key: newId,
      },
      ctx.clock(),
    );
    await audit(tx, ctx, {
      action: 'coordination.raise',
      subjectType: 'coordination_request',
      subjectId: newId,
      details: { taskId: body.taskId },
    });
    return newId;
  });
  return one(ctx, id);
}

/** The office sees all; a district leader what was routed to them; a unit its own requests. */
export async function listCoordination(ctx: Ctx, status?: Status): Promise<Coordination[]> {
  authorizeEver(ctx.actor, 'coordination.read');
  const where: SQL[] = [];
  const scope = coordinationScope(ctx.actor);
  if (scope !== 'all' && 'unitId' in scope) where.push(eq(coordinationRequests.raisedByUnitId, scope.unitId));
  if (scope !== 'all' && 'routedTo' in scope) where.push(eq(coordinationRequests.routedTo, scope.routedTo));
  if (status === 'routed')
    where.push(eq(coordinationRequests.status, 'open'), isNotNull(coordinationRequests.routedTo));
  else if (status === 'open')
    where.push(eq(coordinationRequests.status, 'open'), isNull(coordinationRequests.routedTo));
  else if (status) where.push(eq(coordinationRequests.status, status));
  return load(ctx.db, ctx.actor, where.length ? and(...where) : undefined);
}

async function change(
  ctx: Ctx,
  id: string,
  action: AuditAction,
  fn: (
    tx: Db,
    row: typeof coordinationRequests.$inferSelect,
  ) => Promise<Partial<typeof coordinationRequests.$inferInsert>>,
): Promise<Coordination> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(coordinationRequests).where(eq(coordinationRequests.id, id)).for('update');
    if (!row) throw notFound('协调事项', 'coordination request');
    const set = await fn(tx, row);
    await tx.update(coordinationRequests).set(set).where(eq(coordinationRequests.id, id));
    await tellNext(tx, action, { ...row, ...set } as typeof row, ctx.clock());
    await audit(tx, ctx, {
      action,
      subjectType: 'coordination_request',
      subjectId: id,
      details: { changes: diffChanges(row, set) },
    });
  });
  return one(ctx, id);
}

/** A routed request goes to its leader; an answer (批示) back to the unit that raised it and to the office. */
async function tellNext(tx: Db, action: AuditAction, row: typeof coordinationRequests.$inferSelect, at: Date) {
  if (action !== 'coordination.route' && action !== 'coordination.answer') return;
  const code = await codeOfTask(tx, row.taskId);
  if (action === 'coordination.route' && row.routedTo) {
    await notifyHandoff(
      tx,
      {
        kind: 'coordination_routed',
        to: [{ userIds: [row.routedTo] }],
        title: `协调事项待您批示：${row.title}`,
        body: `${code} ${row.body}`.slice(0, 200),
        link: '/coordination',
        key: `${row.id}:${row.routedTo}`,
      },
      at,
    );
  }
  if (action === 'coordination.answer') {
    await notifyHandoff(
      tx,
      {
        kind: 'coordination_answered',
        to: [{ unitId: row.raisedByUnitId, roles: ['unit_staff', 'unit_leader'] }, { office: true }],
        title: `协调事项已批示：${row.title}`,
        body: `${code} ${row.answer ?? ''}`.slice(0, 200),
        link: '/coordination',
        key: row.id,
      },
      at,
    );
  }
}

const notNow = (status: Status) =>
  conflict(
    'coordination_state',
    `协调事项当前状态（${status}）不允许此操作。`,
    `The request is ${status}: this step is not allowed now.`,
  );

export function routeCoordination(ctx: Ctx, id: string, executiveId: string): Promise<Coordination> {
  authorize(ctx.actor, 'coordination.route');
  return change(ctx, id, 'coordination.route', async (tx, row) => {
    if (row.status !== 'open') throw notNow(statusOf(row));
    const [exec] = await tx
      .select({ role: users.role, disabled: users.disabled })
      .from(users)
      .where(eq(users.id, executiveId));
    if (!exec || !isCoordinationAnswerer(exec.role) || exec.disabled) {
      throw badRequest(
        'not_an_executive',
        '只能转交给区领导账号。',
        'Route requests to a district leader (executive) account.',
      );
    }
    return { routedTo: executiveId };
  });
}

export function answerCoordination(ctx: Ctx, id: string, answer: string): Promise<Coordination> {
  authorize(ctx.actor, 'coordination.answer');
  return change(ctx, id, 'coordination.answer', async (_tx, row) => {
    // Only the leader it was routed to answers; others do not see it at all.
    if (!mayAnswerCoordination(ctx.actor, row)) throw notFound('协调事项', 'coordination request');
    if (statusOf(row) !== 'routed') throw notNow(statusOf(row));
    return { status: 'answered', answer };
  });
}

/** The office, or the unit that raised it, closes a request. */
export function resolveCoordination(ctx: Ctx, id: string): Promise<Coordination> {
  authorizeEver(ctx.actor, 'coordination.resolve');
  return change(ctx, id, 'coordination.resolve', async (_tx, row) => {
    authorize(ctx.actor, 'coordination.resolve', { unitIds: [row.raisedByUnitId] });
    if (row.status === 'resolved') throw notNow('resolved');
    return { status: 'resolved', resolvedAt: ctx.clock() };
  });
}
