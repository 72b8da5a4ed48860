// 年终结转 (docs/design.md, "Year end"): at the end of the year the office reviews a plan's unfinished tasks,
// decides each — carried into an open plan of a later year (the task, its indicators, its assignments with their
// receipts and its ledgers' measures are copied, linked to the original, with a copy of what it had reached), or
// closed with a reason — and then closes the plan. A closed plan is an archive: services/plan-archive.ts refuses
// every write to it, its documents and exports stay.
//
// Unfinished is the dashboards' rule for a finished task read the other way: a task is finished when each of the
// district's units on it completed it (its latest signed status) or had its item closed out (办结销号, verified).
// A task that names no unit reporting here (city and province departments only) is not the district's to carry.

import { and, asc, eq, gt, inArray, isNotNull, max, ne, sql } from 'drizzle-orm';
import type { YearEndDecideBody, YearEndReview, YearEndTask } from '../../api/year-end.js';
import { worstLight } from '../../core/lights.js';
import { type ItemStatus, REPORTED_SUBMISSION_STATUSES } from '../../core/status.js';
import { taskCode } from '../../core/task-code.js';
import { type Db, inTurn } from '../db/client.js';
import {
  assignments,
  groupAssignments,
  indicators,
  itemReports,
  ledgers,
  milestones,
  plans,
  reportingPeriods,
  sources,
  submissions,
  tasks,
  type YearEndSummary,
  yearEndDecisions,
} from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { type ItemLight, loadPlanLights, type PlanLights } from './lights.js';
import { notifyHandoff } from './notifications.js';
import { ensurePeriods } from './periods.js';
import { planClosed } from './plan-archive.js';
import { readSupervisionSettings } from './settings.js';

/**
 * Carried tasks are numbered 结1, 结2 … within their source (区结1) and placed after any notice's tasks, so a
 * revision of the target plan's own notice (which renumbers its tasks from 0) never collides with them.
 */
export const CARRIED_POSITION = 10_000;

const isFinished = (items: readonly ItemLight[]) => items.every((i) => i.closed || i.status === 'completed');

/** The unfinished tasks of a plan, in the notice's order, with their district items. */
function unfinishedTasks(lights: PlanLights): { taskId: string; items: ItemLight[] }[] {
  const out: { taskId: string; items: ItemLight[] }[] = [];
  const ordered = [...lights.tasks.values()].sort(
    (a, b) =>
      (lights.sources.get(a.sourceId)?.index ?? 0) - (lights.sources.get(b.sourceId)?.index ?? 0) ||
      a.position - b.position,
  );
  for (const t of ordered) {
    const items = lights.byTask.get(t.id) ?? [];
    if (items.length > 0 && !isFinished(items)) out.push({ taskId: t.id, items });
  }
  return out;
}

const codeIn = (lights: PlanLights, taskId: string): string => {
  const t = lights.tasks.get(taskId);
  if (!t) return '';
  return taskCode({
    level: lights.sources.get(t.sourceId)?.level ?? 'unknown',
    number: t.number,
    position: t.position,
  });
};

async function lightsOf(db: Db, ctx: Ctx, planId: string): Promise<PlanLights> {
  return loadPlanLights(db, planId, ctx.clock(), await readSupervisionSettings(db));
}

async function decisionsOf(db: Db, planId: string) {
  return db
    .select({
      d: yearEndDecisions,
      target: {
        taskId: tasks.id,
        planId: plans.id,
        planYear: plans.year,
        planTitle: plans.title,
        level: sources.level,
        number: tasks.number,
        position: tasks.position,
      },
    })
    .from(yearEndDecisions)
    .leftJoin(tasks, eq(tasks.id, yearEndDecisions.targetTaskId))
    .leftJoin(plans, eq(plans.id, tasks.planId))
    .leftJoin(sources, eq(sources.id, tasks.sourceId))
    .where(eq(yearEndDecisions.planId, planId));
}

/** The office's year-end view of a plan: its unfinished tasks, the decisions taken, where tasks may go. */
export async function yearEndReview(ctx: Ctx, planId: string): Promise<YearEndReview> {
  authorize(ctx.actor, 'plans.yearEnd');
  const lights = await lightsOf(ctx.db, ctx, planId);
  const { plan } = lights;
  const [decided, targets, [count]] = await Promise.all([
    decisionsOf(ctx.db, planId),
    ctx.db
      .select({ id: plans.id, year: plans.year, title: plans.title })
      .from(plans)
      // Open plans only: neither closed nor still being written by a confirm ('draft').
      .where(and(gt(plans.year, plan.year), eq(plans.status, 'active')))
      .orderBy(asc(plans.year), asc(plans.createdAt)),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(tasks).where(eq(tasks.planId, planId)),
  ]);
  const byTask = new Map(decided.map((r) => [r.d.taskId, r]));
  const unfinished = unfinishedTasks(lights);
  // A decided task stays listed with its decision, even if a late report finished it meanwhile.
  const listed = new Set(unfinished.map((u) => u.taskId));
  for (const r of decided) {
    if (!listed.has(r.d.taskId)) unfinished.push({ taskId: r.d.taskId, items: lights.byTask.get(r.d.taskId) ?? [] });
  }
  const rows: YearEndTask[] = unfinished.map(({ taskId, items }) => {
    const t = lights.tasks.get(taskId);
    const level = t ? (lights.sources.get(t.sourceId)?.level ?? 'unknown') : 'unknown';
    const r = byTask.get(taskId);
    return {
      taskId,
      code: codeIn(lights, taskId),
      level,
      number: t?.number ?? null,
      text: t?.text ?? '',
      light: worstLight(items.map((i) => i.light)),
      units: items.map((i) => ({
        unitId: i.unitId,
        unitName: i.unitName,
        role: i.role,
        status: i.status,
        progress: i.progress,
        closed: i.closed,
      })),
      decision: r
        ? {
            decision: r.d.decision,
            reason: r.d.reason,
            target:
              r.target?.taskId && r.target.planId && r.target.planYear !== null && r.target.planTitle !== null
                ? {
                    taskId: r.target.taskId,
                    planId: r.target.planId,
                    planYear: r.target.planYear,
                    planTitle: r.target.planTitle,
                    code: taskCode({
                      level: r.target.level ?? 'unknown',
                      number: r.target.number ?? null,
                      position: r.target.position ?? 0,
                    }),
                  }
                : null,
            decidedAt: r.d.decidedAt.toISOString(),
          }
        : null,
    };
  });
  return {
    plan: {
      id: plan.id,
      year: plan.year,
      title: plan.title,
      docNo: plan.docNo,
      issuer: plan.issuer,
      issuedOn: plan.issuedOn,
      status: plan.status,
      published: plan.published,
      coUnitLeadDays: plan.coUnitLeadDays,
      taskCount: count?.n ?? 0,
      createdAt: plan.createdAt.toISOString(),
      closedAt: plan.closedAt?.toISOString() ?? null,
    },
    tasks: rows,
    undecided: rows.filter((r) => r.decision === null).length,
    targets,
  };
}

/** Locks the plan row: deciding and closing take turns. */
async function lockOpenPlan(tx: Db, planId: string) {
  const [plan] = await tx.select().from(plans).where(eq(plans.id, planId)).for('update');
  if (!plan) throw notFound('方案', 'plan');
  if (plan.status === 'closed') throw planClosed();
  return plan;
}

/** What each task had reached, copied onto its decision: per district unit, the last status and every report. */
async function summaries(tx: Db, lights: PlanLights, taskIds: readonly string[]): Promise<Map<string, YearEndSummary>> {
  const items = taskIds.flatMap((id) => lights.byTask.get(id) ?? []);
  const assignmentIds = items.map((i) => i.assignmentId);
  const [reportRows, milestoneRows] = assignmentIds.length
    ? await Promise.all([
        tx
          .select({
            assignmentId: itemReports.assignmentId,
            period: reportingPeriods.label,
            status: itemReports.status,
            progress: itemReports.progress,
          })
          .from(itemReports)
          .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
          .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
          .where(
            and(
              inArray(itemReports.assignmentId, assignmentIds),
              inArray(submissions.status, [...REPORTED_SUBMISSION_STATUSES]),
            ),
          )
          .orderBy(asc(reportingPeriods.dueAt)),
        tx
          .select({
            assignmentId: ledgers.assignmentId,
            title: milestones.title,
            dueOn: milestones.dueOn,
            doneOn: milestones.doneOn,
          })
          .from(milestones)
          .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
          .where(inArray(ledgers.assignmentId, assignmentIds))
          .orderBy(asc(milestones.position), asc(milestones.dueOn)),
      ])
    : [[], []];
  const out = new Map<string, YearEndSummary>();
  for (const taskId of taskIds) {
    out.set(taskId, {
      code: codeIn(lights, taskId),
      units: (lights.byTask.get(taskId) ?? []).map((i) => ({
        unitId: i.unitId,
        unitName: i.unitName,
        role: i.role,
        status: i.status,
        progress: i.progress,
        reports: reportRows
          .filter((r) => r.assignmentId === i.assignmentId)
          .map((r) => ({ period: r.period, status: r.status as string | null, progress: r.progress || null })),
        milestones: milestoneRows
          .filter((m) => m.assignmentId === i.assignmentId)
          .map((m) => ({ title: m.title, dueOn: m.dueOn, doneOn: m.doneOn })),
      })),
    });
  }
  return out;
}

/** The plan carried tasks go to: the one named (open, of a later year), or the next year's carry-over plan. */
async function targetPlan(tx: Db, ctx: Ctx, plan: typeof plans.$inferSelect, targetPlanId: string | null) {
  if (targetPlanId) {
    const [target] = await tx.select().from(plans).where(eq(plans.id, targetPlanId));
    if (!target) throw notFound('目标方案', 'target plan');
    if (target.year <= plan.year) {
      throw badRequest(
        'year_end_target_year',
        `结转的目标方案须是 ${plan.year} 年之后的年度方案。`,
        `Tasks are carried into a plan of a year after ${plan.year}.`,
      );
    }
    if (target.status === 'closed') {
      throw conflict(
        'year_end_target_closed',
        '目标方案已关闭归档，不能再结转任务进去。',
        'The target plan is closed and archived: no task can be carried into it.',
      );
    }
    return target;
  }
  const year = plan.year + 1;
  const title = `${year}年结转任务（${plan.title}）`;
  const [existing] = await tx
    .select()
    .from(plans)
    .where(
      and(
        eq(plans.organisationId, plan.organisationId),
        eq(plans.year, year),
        eq(plans.title, title),
        ne(plans.status, 'closed'),
      ),
    );
  if (existing) return existing;
  const rule = plan.reportingRule ? { ...plan.reportingRule, year } : null;
  const [created] = await tx
    .insert(plans)
    .values({
      // The carried-over plan stays in the closed plan's organisation.
      organisationId: plan.organisationId,
      year,
      title,
      issuer: plan.issuer,
      reportingRule: rule,
      status: 'active',
      createdBy: ctx.actor?.id,
    })
    .returning();
  const target = created as typeof plans.$inferSelect;
  await ensurePeriods(tx, target.id, year);
  return target;
}

/** Copies a task into the target plan: text, indicators, assignments (receipts kept) and ledgers' measures. */
async function carryTask(tx: Db, target: typeof plans.$inferSelect, taskId: string): Promise<string> {
  const [row] = await tx
    .select({ task: tasks, source: sources })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(eq(tasks.id, taskId));
  if (!row) throw notFound('任务', 'task');
  const { task, source } = row;
  let [into] = await tx
    .select()
    .from(sources)
    .where(and(eq(sources.planId, target.id), eq(sources.level, source.level)))
    .orderBy(asc(sources.index))
    .limit(1);
  if (!into) {
    const [last] = await tx
      .select({ index: max(sources.index) })
      .from(sources)
      .where(eq(sources.planId, target.id));
    [into] = await tx
      .insert(sources)
      .values({ planId: target.id, index: (last?.index ?? 0) + 1, level: source.level, title: source.title })
      .returning();
  }
  const sourceId = (into as typeof sources.$inferSelect).id;
  const [carried] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(tasks)
    .where(and(eq(tasks.sourceId, sourceId), isNotNull(tasks.carriedFromTaskId)));
  const k = (carried?.n ?? 0) + 1;
  const [created] = await tx
    .insert(tasks)
    .values({
      planId: target.id,
      sourceId,
      sectionId: null,
      number: `结${k}`,
      text: task.text,
      line: task.line,
      deadline: task.deadline,
      leaders: task.leaders,
      position: CARRIED_POSITION + k - 1,
      carriedFromTaskId: task.id,
    })
    .returning({ id: tasks.id });
  const newId = (created as { id: string }).id;

  const [indicatorRows, assignmentRows, groupRows, ledgerRows] = await inTurn([
    () => tx.select().from(indicators).where(eq(indicators.taskId, taskId)),
    () => tx.select().from(assignments).where(eq(assignments.taskId, taskId)),
    () => tx.select().from(groupAssignments).where(eq(groupAssignments.taskId, taskId)),
    () =>
      tx
        .select({ l: ledgers })
        .from(ledgers)
        .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
        .where(eq(assignments.taskId, taskId)),
  ]);
  if (indicatorRows.length) {
    await tx.insert(indicators).values(indicatorRows.map(({ id: _id, taskId: _t, ...i }) => ({ ...i, taskId: newId })));
  }
  if (groupRows.length) {
    await tx
      .insert(groupAssignments)
      .values(groupRows.map(({ id: _id, taskId: _t, ...g }) => ({ ...g, taskId: newId })));
  }
  const newAssignment = new Map<string, string>();
  for (const { id: oldId, taskId: _t, createdAt: _c, ...a } of assignmentRows) {
    const [made] = await tx
      .insert(assignments)
      .values({ ...a, taskId: newId })
      .returning({ id: assignments.id });
    newAssignment.set(oldId, (made as { id: string }).id);
  }
  // The ledger's measures and people carry on; its dates were last year's (kept in the summary), so it is a draft.
  const ledgerCopies = ledgerRows.flatMap(({ l }) => {
    const assignmentId = newAssignment.get(l.assignmentId);
    return assignmentId
      ? [
          {
            assignmentId,
            measures: l.measures,
            responsibleLeader: l.responsibleLeader,
            responsiblePost: l.responsiblePost,
            responsiblePerson: l.responsiblePerson,
            contact: l.contact,
            phone: l.phone,
            status: 'draft' as const,
            updatedBy: l.updatedBy,
          },
        ]
      : [];
  });
  if (ledgerCopies.length) await tx.insert(ledgers).values(ledgerCopies);
  return newId;
}

/**
 * Records the office's decisions on unfinished tasks: carry over (into `targetPlanId`, or the next year's
 * carry-over plan) or close with a reason. A decision is final; the plan must still be open.
 */
export async function decideYearEnd(ctx: Ctx, planId: string, body: YearEndDecideBody): Promise<YearEndReview> {
  authorize(ctx.actor, 'plans.yearEnd');
  const now = ctx.clock();
  const seen = new Set<string>();
  for (const d of body.decisions) {
    if (seen.has(d.taskId)) {
      throw badRequest(
        'year_end_duplicate',
        '同一任务在一次提交中只能作一个决定。',
        'Each task takes one decision per request.',
        { taskId: d.taskId },
      );
    }
    seen.add(d.taskId);
  }
  await ctx.db.transaction(async (tx) => {
    const plan = await lockOpenPlan(tx, planId);
    const lights = await lightsOf(tx, ctx, planId);
    const unfinished = new Set(unfinishedTasks(lights).map((u) => u.taskId));
    const notOpen = body.decisions.filter((d) => !unfinished.has(d.taskId)).map((d) => d.taskId);
    if (notOpen.length > 0) {
      throw badRequest(
        'year_end_not_unfinished',
        `有 ${notOpen.length} 项任务不是本方案的未完成任务，不需要结转或关闭。`,
        `${notOpen.length} task(s) are not unfinished tasks of this plan: nothing to carry over or close.`,
        { taskIds: notOpen },
      );
    }
    const taken = await tx
      .select({ taskId: yearEndDecisions.taskId })
      .from(yearEndDecisions)
      .where(
        inArray(
          yearEndDecisions.taskId,
          body.decisions.map((d) => d.taskId),
        ),
      );
    if (taken.length > 0) {
      throw conflict(
        'year_end_decided',
        `有 ${taken.length} 项任务已作过年终决定，不能再改。`,
        `${taken.length} task(s) already have a year-end decision, which is final.`,
        { taskIds: taken.map((t) => t.taskId) },
      );
    }
    const summary = await summaries(
      tx,
      lights,
      body.decisions.map((d) => d.taskId),
    );
    const target = body.decisions.some((d) => d.decision === 'carry')
      ? await targetPlan(tx, ctx, plan, body.targetPlanId ?? null)
      : null;
    for (const d of body.decisions) {
      const s = summary.get(d.taskId) as YearEndSummary;
      if (d.decision === 'carry' && target) {
        const newId = await carryTask(tx, target, d.taskId);
        await tx.insert(yearEndDecisions).values({
          planId,
          taskId: d.taskId,
          decision: 'carry',
          targetTaskId: newId,
          summary: s,
          decidedBy: ctx.actor?.id,
          decidedAt: now,
        });
        await audit(tx, ctx, {
          action: 'plan.carry_over',
          subjectType: 'task',
          subjectId: d.taskId,
          details: { targetPlanId: target.id, targetTaskId: newId },
        });
        // The units keep their duty in the new plan: each is told where the task now is.
        const unitIds = [...new Set((lights.byTask.get(d.taskId) ?? []).map((i) => i.unitId))];
        await notifyHandoff(
          tx,
          {
            kind: 'task_carried_over',
            to: unitIds.map((unitId) => ({ unitId, roles: ['unit_staff', 'unit_leader'] as const })),
            title: `${plan.year}年任务${s.code}结转至${target.year}年`,
            body: `${s.code}未在${plan.year}年完成，已结转至「${target.title}」继续办理，原有分工不变。`,
            link: `/tasks/${newId}`,
            key: newId,
          },
          now,
        );
      } else if (d.decision === 'close') {
        await tx.insert(yearEndDecisions).values({
          planId,
          taskId: d.taskId,
          decision: 'close',
          reason: d.reason,
          summary: s,
          decidedBy: ctx.actor?.id,
          decidedAt: now,
        });
        await audit(tx, ctx, {
          action: 'plan.task_closed',
          subjectType: 'task',
          subjectId: d.taskId,
          details: { reason: d.reason },
        });
      }
    }
  });
  return yearEndReview(ctx, planId);
}

/** Closes the plan for the year: refused while an unfinished task has no decision. */
export async function closePlan(ctx: Ctx, planId: string): Promise<YearEndReview> {
  authorize(ctx.actor, 'plans.yearEnd');
  await ctx.db.transaction(async (tx) => {
    await lockOpenPlan(tx, planId);
    const lights = await lightsOf(tx, ctx, planId);
    const unfinished = unfinishedTasks(lights).map((u) => u.taskId);
    const decided = new Set((await decisionsOf(tx, planId)).map((r) => r.d.taskId));
    const undecided = unfinished.filter((id) => !decided.has(id));
    if (undecided.length > 0) {
      throw conflict(
        'year_end_undecided',
        `还有 ${undecided.length} 项未完成任务没有作结转或关闭的决定，不能关闭年度。`,
        `${undecided.length} unfinished task(s) have no decision (carry over, or close with a reason): the year cannot be closed yet.`,
        { taskIds: undecided, codes: undecided.map((id) => codeIn(lights, id)) },
      );
    }
    await tx
      .update(plans)
      .set({ status: 'closed', closedAt: ctx.clock(), closedBy: ctx.actor?.id ?? null })
      .where(eq(plans.id, planId));
    await audit(tx, ctx, {
      action: 'plan.close',
      subjectType: 'plan',
      subjectId: planId,
      details: { unfinished: unfinished.length, decided: decided.size },
    });
  });
  return yearEndReview(ctx, planId);
}

/** On a carried task: where it came from and what it had reached there (null for a task of its own). */
export async function carriedFrom(db: Db, taskId: string) {
  const [row] = await db
    .select({
      d: yearEndDecisions,
      planId: plans.id,
      planYear: plans.year,
      planTitle: plans.title,
    })
    .from(tasks)
    .innerJoin(yearEndDecisions, eq(yearEndDecisions.taskId, tasks.carriedFromTaskId))
    .innerJoin(plans, eq(plans.id, yearEndDecisions.planId))
    .where(eq(tasks.id, taskId));
  if (!row) return null;
  return {
    taskId: row.d.taskId,
    planId: row.planId,
    planYear: row.planYear,
    planTitle: row.planTitle,
    code: row.d.summary.code,
    units: row.d.summary.units.map((u) => ({
      unitId: u.unitId,
      unitName: u.unitName,
      role: u.role,
      status: u.status as ItemStatus | null,
      progress: u.progress,
      reports: u.reports.map((r) => ({ ...r, status: r.status as ItemStatus | null })),
      milestones: u.milestones,
    })),
  };
}
