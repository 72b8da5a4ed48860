// The data of the Excel exports (台账 and 最多报一次), loaded a batch of tasks at a time so that a province-scale
// plan never sits in memory; documents/exports.ts writes the workbooks as the batches arrive.

import type { Writable } from 'node:stream';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  assignments,
  indicators,
  itemReports,
  ledgers,
  localTargets,
  milestones,
  plans,
  reportingPeriods,
  sources,
  submissions,
  tasks,
  units,
} from '../db/schema.js';
import { type TaskFacts, writeLedgerXlsx, writeUpwardXlsx } from '../documents/exports.js';
import { notFound } from '../errors.js';
import { authorizeEver, taskScope } from '../policy.js';
import type { Ctx } from './context.js';
import { tasksInstructions } from './instructions.js';
import { readLagReasons } from './lag-reasons.js';

/** Tasks read per query: bounds memory whatever the plan's size. */
const BATCH = 500;

export interface ExportScope {
  plan: typeof plans.$inferSelect;
  period: typeof reportingPeriods.$inferSelect | null;
  unitId: string | null;
}

/** Checks access and finds the plan and period before anything is streamed (so refusals are clean 4xx). */
export async function exportScope(ctx: Ctx, planId: string, periodId: string | undefined): Promise<ExportScope> {
  authorizeEver(ctx.actor, 'ledgers.read');
  const scope = taskScope(ctx.actor, 'ledgers.read');
  const [plan] = await ctx.db.select().from(plans).where(eq(plans.id, planId));
  // A plan a confirm is still writing (status 'draft', services/imports.ts) is not a plan yet.
  if (!plan || plan.status === 'draft') throw notFound('方案', 'plan');
  let period: ExportScope['period'] = null;
  if (periodId) {
    const [p] = await ctx.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId));
    if (!p || p.planId !== planId) throw notFound('报告期', 'reporting period');
    period = p;
  }
  return { plan, period, unitId: scope === 'all' ? null : scope.unitId };
}

/** The facts of a batch of tasks, in a fixed number of queries. */
async function batchFacts(
  ctx: Pick<Ctx, 'db' | 'actor' | 'clock'>,
  batch: (typeof tasks.$inferSelect)[],
  period: ExportScope['period'],
): Promise<TaskFacts[]> {
  const db = ctx.db;
  const ids = batch.map((t) => t.id);
  if (ids.length === 0) return [];
  const instructionsOf = await tasksInstructions(ctx, ids, ctx.clock());
  const held = await db
    .select({ a: assignments, unitName: units.name })
    .from(assignments)
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(inArray(assignments.taskId, ids))
    .orderBy(asc(assignments.position));
  const aIds = held.map((h) => h.a.id);
  const [ledgerRows, milestoneRows, reportRows, indicatorRows, targetRows] = await Promise.all([
    aIds.length ? db.select().from(ledgers).where(inArray(ledgers.assignmentId, aIds)) : [],
    aIds.length
      ? db
          .select({ m: milestones, assignmentId: ledgers.assignmentId })
          .from(milestones)
          .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
          .where(inArray(ledgers.assignmentId, aIds))
          .orderBy(asc(milestones.dueOn))
      : [],
    aIds.length && period
      ? db
          .select({ r: itemReports })
          .from(itemReports)
          .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
          .where(and(inArray(itemReports.assignmentId, aIds), eq(submissions.periodId, period.id)))
      : [],
    db.select().from(indicators).where(inArray(indicators.taskId, ids)).orderBy(asc(indicators.position)),
    aIds.length ? db.select().from(localTargets).where(inArray(localTargets.assignmentId, aIds)) : [],
  ]);
  const ledger = new Map(ledgerRows.map((l) => [l.assignmentId, l]));
  const ms = new Map<string, (typeof milestones.$inferSelect)[]>();
  for (const { m, assignmentId } of milestoneRows) ms.set(assignmentId, [...(ms.get(assignmentId) ?? []), m]);
  const reports = new Map(reportRows.map(({ r }) => [r.assignmentId, r]));
  const targets = new Map(targetRows.map((t) => [`${t.assignmentId}:${t.indicatorId}`, t.value]));
  return batch.map((task) => ({
    task,
    held: held.filter((h) => h.a.taskId === task.id),
    ledger,
    milestones: ms,
    reports,
    indicators: indicatorRows.filter((i) => i.taskId === task.id),
    targets,
    instructions: instructionsOf.get(task.id) ?? [],
  }));
}

/** Pages through a source's tasks (only those of the unit, when scoped). */
async function* taskBatches(db: Db, sourceId: string, unitId: string | null) {
  for (let offset = 0; ; offset += BATCH) {
    const rows = await db
      .select({ t: tasks })
      .from(tasks)
      .where(
        unitId
          ? and(
              eq(tasks.sourceId, sourceId),
              inArray(
                tasks.id,
                db.select({ id: assignments.taskId }).from(assignments).where(eq(assignments.unitId, unitId)),
              ),
            )
          : eq(tasks.sourceId, sourceId),
      )
      .orderBy(asc(tasks.position))
      .limit(BATCH)
      .offset(offset);
    if (rows.length === 0) return;
    yield rows.map((r) => r.t);
    if (rows.length < BATCH) return;
  }
}

/** A source's tasks with their facts, a batch at a time, loaded as the workbook writer asks for them. */
async function* factBatches(ctx: Ctx, sourceId: string, scope: ExportScope): AsyncGenerator<TaskFacts[]> {
  for await (const batch of taskBatches(ctx.db, sourceId, scope.unitId))
    yield await batchFacts(ctx, batch, scope.period);
}

const sourcesOf = (ctx: Ctx, scope: ExportScope) =>
  ctx.db.select().from(sources).where(eq(sources.planId, scope.plan.id)).orderBy(asc(sources.index));

/** Writes the 台账 workbook to `out` (the HTTP response), one sheet per source. */
export async function writeLedgerWorkbook(ctx: Ctx, scope: ExportScope, out: Writable): Promise<void> {
  const sourceRows = await sourcesOf(ctx, scope);
  const sourceFacts = sourceRows.map((source) => ({ source, batches: factBatches(ctx, source.id, scope) }));
  await writeLedgerXlsx(out, sourceFacts, scope.unitId, await readLagReasons(ctx.db));
}

/** Writes the 最多报一次 workbook to `out`: province and city tasks, one sheet per city lead department. */
export async function writeUpwardWorkbook(ctx: Ctx, scope: ExportScope, out: Writable): Promise<void> {
  const sourceRows = (await sourcesOf(ctx, scope)).filter((s) => s.level === 'province' || s.level === 'city');
  const sourceFacts = sourceRows.map((source) => ({ source, batches: factBatches(ctx, source.id, scope) }));
  await writeUpwardXlsx(out, sourceFacts, scope.unitId, await readLagReasons(ctx.db));
}
