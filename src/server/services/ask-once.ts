// 最多报一次 (ask once, issue 19): what a unit already gave in a period, read for every other form that asks for it
// again — a close-out's note and evidence, a 督办单 answer's figures, evidence and contact — so nothing is typed or
// uploaded twice. The package's item report for the assignment is the source; the ledger gives the contact.
// Evidence is reused by id: services/evidence.ts reuseEvidence (another item) or by reference in the answer.

import { and, asc, eq, inArray } from 'drizzle-orm';
import type { GivenFacts } from '../../api/ask-once.js';
import { currentPeriod, reviewPeriod } from '../../core/periods.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  evidenceFiles,
  indicators,
  itemReports,
  ledgers,
  reportingPeriods,
  submissions,
  tasks,
} from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { authorize, authorizeEver } from '../policy.js';
import type { Ctx } from './context.js';

async function itemIn(db: Db, assignmentId: string, unitId: string, periodId: string) {
  const [row] = await db
    .select({ item: itemReports, status: submissions.status })
    .from(itemReports)
    .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
    .where(
      and(
        eq(itemReports.assignmentId, assignmentId),
        eq(submissions.unitId, unitId),
        eq(submissions.periodId, periodId),
      ),
    );
  return row;
}

/**
 * The facts the unit gave on an assignment in a period: the named one, else the latest period up to the current one
 * whose package holds the item (the current package when it is being written, else the one just reported).
 */
export async function givenFacts(ctx: Ctx, assignmentId: string, periodId?: string): Promise<GivenFacts> {
  authorizeEver(ctx.actor, 'submissions.read');
  const [a] = await ctx.db
    .select({ id: assignments.id, unitId: assignments.unitId, taskId: assignments.taskId, planId: tasks.planId })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(eq(assignments.id, assignmentId));
  if (!a) throw notFound('分工', 'assignment');
  authorize(ctx.actor, 'submissions.read', { unitIds: [a.unitId] });
  const periods = await ctx.db
    .select()
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, a.planId))
    .orderBy(asc(reportingPeriods.dueAt));
  const now = ctx.clock();
  let period: (typeof periods)[number] | undefined;
  let found: Awaited<ReturnType<typeof itemIn>>;
  if (periodId) {
    period = periods.find((p) => p.id === periodId);
    if (!period) throw notFound('报告期', 'reporting period');
    found = await itemIn(ctx.db, a.id, a.unitId, period.id);
  } else {
    // The current period first, then back in time: a month's period may not hold a quarterly task's item, so the
    // latest package that holds it (the quarter's, written now or just reported) is the one that gave it.
    const current = currentPeriod(periods, now);
    const upTo = current ? periods.filter((p) => p.dueAt.getTime() <= current.dueAt.getTime()).reverse() : [];
    for (const candidate of upTo.length > 0 ? upTo : [reviewPeriod(periods, now)]) {
      if (!candidate) continue;
      period ??= candidate;
      found = await itemIn(ctx.db, a.id, a.unitId, candidate.id);
      if (found) {
        period = candidate;
        break;
      }
    }
  }
  const inds = await ctx.db
    .select()
    .from(indicators)
    .where(eq(indicators.taskId, a.taskId))
    .orderBy(asc(indicators.position));
  const actuals = new Map((found?.item.indicatorActuals ?? []).map((x) => [x.indicatorId, x.value]));
  const files = found
    ? await ctx.db
        .select({
          id: evidenceFiles.id,
          fileName: evidenceFiles.fileName,
          sha256: evidenceFiles.sha256,
          sizeBytes: evidenceFiles.sizeBytes,
        })
        .from(evidenceFiles)
        .where(eq(evidenceFiles.itemReportId, found.item.id))
        .orderBy(asc(evidenceFiles.uploadedAt))
    : [];
  const [ledger] = await ctx.db
    .select({ person: ledgers.responsiblePerson, contact: ledgers.contact, phone: ledgers.phone })
    .from(ledgers)
    .where(eq(ledgers.assignmentId, a.id));
  return {
    assignmentId: a.id,
    period: period ? { id: period.id, label: period.label } : null,
    itemReportId: found?.item.id ?? null,
    submissionStatus: found?.status ?? null,
    status: found?.item.status ?? null,
    progress: found ? found.item.progress : null,
    indicatorActuals: inds.map((i) => ({
      indicatorId: i.id,
      label: i.label,
      unit: i.unit,
      target: i.value,
      value: actuals.get(i.id) ?? null,
    })),
    evidence: files,
    contact: ledger ? { person: ledger.person ?? ledger.contact, phone: ledger.phone } : null,
  };
}

/**
 * Checks what a 督办单 answer attaches: evidence already uploaded to the item's reports (by id; none copied), and
 * actuals of the task's own indicators. Throws 400 naming what is not the item's, nothing written.
 */
export async function checkAnswerFacts(
  db: Db,
  item: { assignmentId: string | null; unitId: string; taskId: string },
  body: { evidenceIds?: string[] | undefined; indicatorActuals?: { indicatorId: string }[] | undefined },
): Promise<void> {
  const ids = [...new Set(body.evidenceIds ?? [])];
  if (ids.length > 0) {
    const own = await db
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .innerJoin(itemReports, eq(itemReports.id, evidenceFiles.itemReportId))
      .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
      .innerJoin(assignments, eq(assignments.id, itemReports.assignmentId))
      .where(
        and(
          inArray(evidenceFiles.id, ids),
          eq(submissions.unitId, item.unitId),
          item.assignmentId ? eq(assignments.id, item.assignmentId) : eq(assignments.taskId, item.taskId),
        ),
      );
    if (own.length !== ids.length) {
      throw badRequest('evidence_not_found', '佐证材料不属于该事项。', 'That evidence does not belong to this item.');
    }
  }
  const indicatorIds = [...new Set((body.indicatorActuals ?? []).map((x) => x.indicatorId))];
  if (indicatorIds.length > 0) {
    const known = await db
      .select({ id: indicators.id })
      .from(indicators)
      .where(and(eq(indicators.taskId, item.taskId), inArray(indicators.id, indicatorIds)));
    if (known.length !== indicatorIds.length) {
      throw badRequest('indicator_not_of_task', '指标不属于该任务。', 'An indicator given is not one of this task.');
    }
  }
}
