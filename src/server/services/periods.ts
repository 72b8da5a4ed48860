// Reporting periods: generated from the plan's rule when a plan is first imported; the office may
// move a due date, add grace days and lock a period. The rule itself lives in src/core/periods.ts.

import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Period } from '../../api/v1.js';
import {
  currentPeriod,
  defaultReportingRule,
  effectiveDueAt,
  generatePeriods,
  type ReportingRule,
  reviewPeriod,
} from '../../core/periods.js';
import { isMainPeriod, periodHolds, type Rhythm } from '../../core/rhythm.js';
import { cstDate } from '../../core/time.js';
import type { Db } from '../db/client.js';
import { assignments, plans, reportingPeriods, submissions, tasks } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { authorize, taskScope } from '../policy.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';
import { rhythmColumns, rhythmOf } from './rhythm.js';

type Row = typeof reportingPeriods.$inferSelect;

/**
 * A period with the server's answer to "which period is current / under review" among its plan's own (quarters and
 * the annual report: a month or N-week period is a rhythm's, never the plan's current one).
 */
function present(row: Row, plan: readonly Row[], now: Date): Period {
  return {
    id: row.id,
    planId: row.planId,
    label: row.label,
    kind: row.kind,
    everyWeeks: row.everyWeeks,
    coversFrom: row.coversFrom,
    coversTo: row.coversTo,
    dueAt: row.dueAt.toISOString(),
    graceDays: row.graceDays,
    effectiveDueAt: effectiveDueAt(row).toISOString(),
    locked: row.locked,
    current: currentPeriod(plan, now)?.id === row.id,
    review: reviewPeriod(plan, now)?.id === row.id,
  };
}

const planPeriods = (db: Db, planId: string) =>
  db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.dueAt));

/** Inside the import transaction: the plan's rule (the notice's by default) and its periods, once. */
export async function ensurePeriods(tx: Db, planId: string, year: number): Promise<void> {
  const existing = await tx
    .select({ id: reportingPeriods.id })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, planId));
  if (existing.length > 0) return;
  const [plan] = await tx.select({ rule: plans.reportingRule }).from(plans).where(eq(plans.id, planId));
  const rule = (plan?.rule as ReportingRule | null) ?? defaultReportingRule(year);
  if (!plan?.rule)
    await tx
      .update(plans)
      .set({ reportingRule: { ...rule } })
      .where(eq(plans.id, planId));
  const specs = generatePeriods(rule);
  await tx.insert(reportingPeriods).values(specs.map((p) => ({ ...p, planId })));
}

export async function listPeriods(ctx: Ctx, planId: string): Promise<Period[]> {
  authorize(ctx.actor, 'plans.read');
  const [plan] = await ctx.db.select({ id: plans.id }).from(plans).where(eq(plans.id, planId));
  if (!plan) throw notFound('方案', 'plan');
  const all = await planPeriods(ctx.db, planId);
  const main = all.filter(isMainPeriod);
  const now = ctx.clock();
  // A unit's people see their package's state beside each period, in this one answer (not a request per period).
  const scope = ctx.actor.unitId ? taskScope(ctx.actor, 'submissions.read') : 'all';
  if (scope === 'all' || all.length === 0) return all.map((row) => present(row, main, now));
  // …and of a rhythm's periods only those that ask something of the unit.
  const held = await unitRhythms(ctx.db, planId, scope.unitId);
  const rows = all.filter((p) => isMainPeriod(p) || held.some((r) => periodHolds(p, r)));
  const periods = rows.map((row) => present(row, main, now));
  const packages = await ctx.db
    .select({ periodId: submissions.periodId, status: submissions.status })
    .from(submissions)
    .where(
      and(
        eq(submissions.unitId, scope.unitId),
        inArray(
          submissions.periodId,
          rows.map((row) => row.id),
        ),
      ),
    );
  const statusOf = new Map(packages.map((p) => [p.periodId, p.status]));
  return periods.map((period) => ({ ...period, unitSubmissionStatus: statusOf.get(period.id) ?? null }));
}

/** The distinct rhythms of a unit's tasks in a plan. */
export async function unitRhythms(db: Db, planId: string, unitId: string): Promise<Rhythm[]> {
  const rows = await db
    .selectDistinct(rhythmColumns)
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(and(eq(assignments.unitId, unitId), eq(tasks.planId, planId)));
  return rows.map(rhythmOf);
}

export async function updatePeriod(
  ctx: Ctx,
  id: string,
  changes: { dueAt?: string | undefined; graceDays?: number | undefined; locked?: boolean | undefined },
): Promise<Period> {
  authorize(ctx.actor, 'periods.manage');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(reportingPeriods).where(eq(reportingPeriods.id, id));
    if (!row) throw notFound('报告期', 'reporting period');
    const dueAt = changes.dueAt ? new Date(changes.dueAt) : row.dueAt;
    // A deadline before the period has ended, or more than a year after it, is a typing mistake.
    const due = cstDate(dueAt);
    const limit = `${Number(row.coversTo.slice(0, 4)) + 1}${row.coversTo.slice(4)}`;
    if (due <= row.coversTo || due > limit) {
      throw badRequest(
        'due_date_out_of_range',
        `截止时间应在报告期结束（${row.coversTo}）之后一年以内。`,
        `The due date must fall after the period ends (${row.coversTo}) and within a year of it.`,
      );
    }
    const [updated] = await tx
      .update(reportingPeriods)
      .set({ dueAt, graceDays: changes.graceDays ?? row.graceDays, locked: changes.locked ?? row.locked })
      .where(eq(reportingPeriods.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'period.update',
      subjectType: 'reporting_period',
      subjectId: id,
      details: { changes: diffChanges(row, { dueAt, graceDays: changes.graceDays, locked: changes.locked }) },
    });
    return present(updated as Row, (await planPeriods(tx, row.planId)).filter(isMainPeriod), ctx.clock());
  });
}
