// Lead and co-units: on a task with several units the co-units report first; the lead unit sees
// their item reports and writes the task's consolidated status (lower levels report first); the
// task's overall status also rolls up from its units' reports.

import { and, eq, inArray } from 'drizzle-orm';
import type { TaskPeriodReport } from '../../api/v1.js';
import { feedsLead, inputState } from '../../core/co-units.js';
import { isSigned, rollUpReported } from '../../core/status.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  itemReports,
  plans,
  reportingPeriods,
  submissions,
  taskReports,
  tasks,
  units,
  users,
} from '../db/schema.js';
import { conflict, notFound } from '../errors.js';
import {
  authorize,
  authorizeEver,
  can,
  consolidationAbilities,
  type Subject,
  seesEveryUnitOfTask,
  seesUnsignedContent,
} from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { inClosedPlan, readOnlyIf } from './plan-archive.js';

/** Levels of the departments named for reference: they report elsewhere and consolidate nothing here. */
const UPPER_LEVELS = ['province', 'city', 'national'];

/** The task's lead unit(s): the subject of 汇总 (submissions.consolidate). */
const leadUnitsOf = (held: { a: { unitId: string; role: string } }[]): Subject => ({
  unitIds: held.filter((h) => h.a.role === 'lead').map((h) => h.a.unitId),
});

async function gather(db: Db, _ctx: Ctx, taskId: string, periodId: string) {
  const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId));
  const [period] = await db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId));
  if (!task || !period || period.planId !== task.planId) throw notFound('任务', 'task');
  const held = await db
    .select({ a: assignments, unitName: units.name, unitLevel: units.level })
    .from(assignments)
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(eq(assignments.taskId, taskId));
  const ids = held.map((h) => h.a.id);
  const reports = ids.length
    ? await db
        .select({ item: itemReports, submissionStatus: submissions.status, signedAt: submissions.signedAt })
        .from(itemReports)
        .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
        .where(and(inArray(itemReports.assignmentId, ids), eq(submissions.periodId, periodId)))
    : [];
  const [plan] = await db.select({ coUnitLeadDays: plans.coUnitLeadDays }).from(plans).where(eq(plans.id, task.planId));
  return { task, period, held, reports, coUnitLeadDays: plan?.coUnitLeadDays ?? 0 };
}

/**
 * The lead unit sees every unit's row on its task, a co-unit only its own, the office all; another unit's content
 * only once its leader signed it (seesUnsignedContent). The roll-up counts signed reports only.
 */
export async function taskPeriodReport(ctx: Ctx, taskId: string, periodId: string): Promise<TaskPeriodReport> {
  const actor = ctx.actor;
  authorizeEver(actor, 'submissions.read');
  const { task, period, held, reports, coUnitLeadDays } = await gather(ctx.db, ctx, taskId, periodId);
  const now = ctx.clock();
  authorize(actor, 'submissions.read', { unitIds: held.map((h) => h.a.unitId) });
  const leadUnits = leadUnitsOf(held);
  const visible = seesEveryUnitOfTask(actor, leadUnits) ? held : held.filter((h) => h.a.unitId === actor.unitId);
  const [consolidated] = await ctx.db
    .select({ r: taskReports, unitName: units.name, by: users.displayName })
    .from(taskReports)
    .innerJoin(units, eq(units.id, taskReports.unitId))
    .leftJoin(users, eq(users.id, taskReports.writtenBy))
    .where(and(eq(taskReports.taskId, taskId), eq(taskReports.periodId, periodId)));
  const rows = visible.map((h) => {
    const r = reports.find((x) => x.item.assignmentId === h.a.id);
    const withheld = r !== undefined && !isSigned(r.submissionStatus) && !seesUnsignedContent(actor, h.a.unitId);
    // Judged against the co-unit's earlier date (core/co-units.ts): the lead sees whose input came late.
    const otherLeadHere = held.some(
      (l) => l.a.role === 'lead' && l.a.unitId !== h.a.unitId && !UPPER_LEVELS.includes(l.unitLevel ?? ''),
    );
    const input = inputState(
      period,
      feedsLead(h.a.role, otherLeadHere),
      coUnitLeadDays,
      r ? { status: r.submissionStatus, signedAt: r.signedAt } : null,
      now,
    );
    return {
      unit: { id: h.a.unitId, name: h.unitName },
      role: h.a.role,
      submissionStatus: r?.submissionStatus ?? null,
      status: withheld ? null : (r?.item.status ?? null),
      progress: withheld ? null : (r?.item.progress ?? null),
      withheld,
      inputDueAt: input.dueAt.toISOString(),
      inputState: input.state,
    };
  });
  return {
    task: { id: task.id, number: task.number, text: task.text },
    period: { id: period.id, label: period.label },
    units: rows,
    consolidated: consolidated
      ? {
          unit: { id: consolidated.r.unitId, name: consolidated.unitName },
          status: consolidated.r.status,
          summary: consolidated.r.summary,
          by: consolidated.by,
          at: consolidated.r.updatedAt.toISOString(),
        }
      : null,
    rollup: rollUpReported(reports.filter((r) => isSigned(r.submissionStatus)).map((r) => r.item.status)),
    abilities: readOnlyIf(await inClosedPlan(ctx.db, 'task', taskId), consolidationAbilities(actor, leadUnits)),
  };
}

/** The lead unit writes the consolidated status once every co-unit's report is submitted. */
export async function consolidate(
  ctx: Ctx,
  taskId: string,
  periodId: string,
  body: { status: NonNullable<TaskPeriodReport['rollup']>; summary: string },
): Promise<TaskPeriodReport> {
  authorizeEver(ctx.actor, 'submissions.consolidate');
  await ctx.db.transaction(async (tx) => {
    const { held, reports } = await gather(tx, ctx, taskId, periodId);
    const lead = held.find((h) => can(ctx.actor, 'submissions.consolidate', leadUnitsOf([h])));
    if (!lead) {
      // A co-unit may not consolidate; a unit not on the task does not see it at all.
      authorize(ctx.actor, 'submissions.read', { unitIds: held.map((h) => h.a.unitId) });
      throw conflict(
        'not_lead_unit',
        '只有牵头单位可以汇总填报。',
        'Only the lead unit writes the consolidated status.',
      );
    }
    // Upper-level departments (市级/省级牵头单位) are named for reference and report elsewhere.
    const levels = new Map(
      (
        await tx
          .select({ id: units.id, level: units.level })
          .from(units)
          .where(
            inArray(
              units.id,
              held.map((h) => h.a.unitId),
            ),
          )
      ).map((u) => [u.id, u.level]),
    );
    const pending = held
      .filter((h) => h.a.unitId !== lead.a.unitId)
      .filter((h) => !['province', 'city', 'national'].includes(levels.get(h.a.unitId) ?? ''))
      .filter((h) => !reports.some((r) => r.item.assignmentId === h.a.id && isSigned(r.submissionStatus)))
      .map((h) => h.unitName);
    if (pending.length > 0) {
      throw conflict(
        'co_units_pending',
        `配合/责任单位尚未报送：${[...new Set(pending)].join('、')}。请待其报送后再汇总。`,
        `Co-units have not reported yet: ${[...new Set(pending)].join(', ')}.`,
        { pending: [...new Set(pending)] },
      );
    }
    await tx
      .insert(taskReports)
      .values({
        taskId,
        periodId,
        unitId: lead.a.unitId,
        status: body.status,
        summary: body.summary,
        writtenBy: ctx.actor?.id ?? null,
        updatedAt: ctx.clock(),
      })
      .onConflictDoUpdate({
        target: [taskReports.taskId, taskReports.periodId],
        set: { status: body.status, summary: body.summary, writtenBy: ctx.actor?.id ?? null, updatedAt: ctx.clock() },
      });
    await audit(tx, ctx, {
      action: 'task.consolidate',
      subjectType: 'task',
      subjectId: taskId,
      details: { periodId, status: body.status },
    });
  });
  return taskPeriodReport(ctx, taskId, periodId);
}
