// Report quality flags (报送质量提示): the office's settings and the flags of a package, computed when it is sent
// for sign-off (sendForSignoff) and kept on its item reports, so that the unit's leader sees them before
// signing, the office in review, and 考评 counts them per unit and period. The rules are in src/core/quality.ts;
// this gathers the facts. Flags never block anything.

import { and, asc, desc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { type QualitySettingsBody, qualitySettingsSchema } from '../../api/quality.js';
import type { IndicatorFacts } from '../../core/lights.js';
import { DEFAULT_QUALITY_SETTINGS, type QualityFlag, qualityFlags } from '../../core/quality.js';
import { REPORTED_SUBMISSION_STATUSES } from '../../core/status.js';
import { cstDate } from '../../core/time.js';
import { type Db, inTurn } from '../db/client.js';
import {
  assignments,
  evidenceFiles,
  indicators,
  itemReports,
  ledgers,
  localTargets,
  milestones,
  plans,
  reportingPeriods,
  submissions,
} from '../db/schema.js';
import { authorize, authorizeEver } from '../policy.js';
import type { Ctx } from './context.js';
import { readSetting, readSupervisionSettings, writeSetting } from './settings.js';

const KEY = 'quality';

export async function readQualitySettings(db: Db, organisationId?: string): Promise<QualitySettingsBody> {
  const parsed = qualitySettingsSchema.safeParse(await readSetting(db, KEY, organisationId));
  return parsed.success ? parsed.data : DEFAULT_QUALITY_SETTINGS;
}

export async function getQualitySettings(ctx: Ctx): Promise<QualitySettingsBody> {
  authorizeEver(ctx.actor, 'supervision.read');
  return readQualitySettings(ctx.db);
}

export async function updateQualitySettings(ctx: Ctx, value: QualitySettingsBody): Promise<QualitySettingsBody> {
  authorize(ctx.actor, 'supervision.manage');
  return writeSetting(ctx, KEY, value, readQualitySettings, 'settings.quality');
}

/**
 * Computes and stores the flags of every item of a submission, inside the caller's transaction. A constant
 * number of queries per package; the similarity is linear in each text and capped (core/quality.ts).
 */
export async function flagSubmission(
  tx: Db,
  sub: { id: string; unitId: string; periodId: string },
  now: Date,
): Promise<Map<string, QualityFlag[]>> {
  const [period] = await tx
    .select({
      planId: reportingPeriods.planId,
      dueAt: reportingPeriods.dueAt,
      coversTo: reportingPeriods.coversTo,
      kind: reportingPeriods.kind,
      year: plans.year,
    })
    .from(reportingPeriods)
    .innerJoin(plans, eq(plans.id, reportingPeriods.planId))
    .where(eq(reportingPeriods.id, sub.periodId));
  const items = await tx.select().from(itemReports).where(eq(itemReports.submissionId, sub.id));
  const result = new Map<string, QualityFlag[]>();
  if (!period || items.length === 0) return result;
  const assignmentIds = items.map((i) => i.assignmentId);
  const itemIds = items.map((i) => i.id);
  const [settings, supervision, previous, inds, targets, stones, files] = await inTurn([
    () => readQualitySettings(tx),
    () => readSupervisionSettings(tx),
    // The unit's earlier reports on each assignment, latest first (filtered to the same rhythm below).
    () =>
      tx
        .select({ assignmentId: itemReports.assignmentId, progress: itemReports.progress, kind: reportingPeriods.kind })
        .from(itemReports)
        .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
        .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
        .where(
          and(
            eq(submissions.unitId, sub.unitId),
            eq(reportingPeriods.planId, period.planId),
            lt(reportingPeriods.dueAt, period.dueAt),
            inArray(itemReports.assignmentId, assignmentIds),
          ),
        )
        .orderBy(desc(reportingPeriods.dueAt)),
    () =>
      tx
        .select({
          assignmentId: assignments.id,
          id: indicators.id,
          op: indicators.op,
          value: indicators.value,
          unit: indicators.unit,
        })
        .from(indicators)
        .innerJoin(assignments, eq(assignments.taskId, indicators.taskId))
        .where(inArray(assignments.id, assignmentIds))
        .orderBy(asc(indicators.position)),
    () =>
      tx
        .select({
          assignmentId: localTargets.assignmentId,
          indicatorId: localTargets.indicatorId,
          value: localTargets.value,
        })
        .from(localTargets)
        .where(inArray(localTargets.assignmentId, assignmentIds)),
    () =>
      tx
        .select({ assignmentId: ledgers.assignmentId, dueOn: milestones.dueOn, doneOn: milestones.doneOn })
        .from(milestones)
        .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
        .where(inArray(ledgers.assignmentId, assignmentIds)),
    () =>
      tx
        .select({ itemReportId: evidenceFiles.itemReportId, n: sql<number>`count(*)::int` })
        .from(evidenceFiles)
        .where(and(isNotNull(evidenceFiles.itemReportId), inArray(evidenceFiles.itemReportId, itemIds)))
        .groupBy(evidenceFiles.itemReportId),
  ]);
  const before = new Map<string, string>();
  // Last period of the same rhythm: a quarter (or the annual report) against the quarter before, a month against
  // the month before — never a quarter against the month it sums up, which may rightly say the same.
  const family = (kind: string) => (kind === 'annual' ? 'quarter' : kind);
  for (const p of previous) {
    if (family(p.kind) === family(period.kind) && !before.has(p.assignmentId)) before.set(p.assignmentId, p.progress);
  }
  const target = new Map(targets.map((t) => [`${t.assignmentId}:${t.indicatorId}`, t.value]));
  const evidence = new Map(files.map((f) => [f.itemReportId, Number(f.n)]));
  const context = {
    year: period.year,
    coversTo: period.coversTo,
    today: cstDate(now),
    behindMargin: supervision.behindMargin,
  };
  for (const item of items) {
    // The light's facts: the unit's own share where agreed, this report's actual.
    const facts: IndicatorFacts[] = inds
      .filter((i) => i.assignmentId === item.assignmentId)
      .map((i) => ({
        op: i.op,
        target: target.get(`${item.assignmentId}:${i.id}`) ?? i.value,
        unit: i.unit,
        actual: item.indicatorActuals.find((a) => a.indicatorId === i.id)?.value ?? null,
      }));
    const flags = qualityFlags(
      {
        status: item.status,
        progress: item.progress,
        previousProgress: before.get(item.assignmentId) ?? null,
        indicators: facts,
        milestones: stones.filter((m) => m.assignmentId === item.assignmentId),
        evidence: evidence.get(item.id) ?? 0,
      },
      context,
      settings,
    );
    result.set(item.id, flags);
  }
  // One statement for the package: the flags of every item by id.
  const payload = JSON.stringify(items.map((i) => ({ id: i.id, flags: result.get(i.id) ?? [] })));
  await tx.execute(sql`
    update item_reports set quality_flags = x.flags
    from jsonb_to_recordset(${payload}::jsonb) as x(id uuid, flags jsonb)
    where item_reports.id = x.id`);
  return result;
}

/** Items flagged (at least one flag) and flags by kind, per unit and period, over signed packages of a plan. */
export async function flagCounts(db: Db, planId: string): Promise<Map<string, { items: number; flags: number }>> {
  const rows = await db
    .select({ unitId: submissions.unitId, periodId: submissions.periodId, flags: itemReports.qualityFlags })
    .from(itemReports)
    .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
    .where(
      and(
        eq(reportingPeriods.planId, planId),
        inArray(submissions.status, [...REPORTED_SUBMISSION_STATUSES]),
        isNotNull(itemReports.qualityFlags),
      ),
    );
  const counts = new Map<string, { items: number; flags: number }>();
  for (const r of rows) {
    const n = r.flags?.length ?? 0;
    if (n === 0) continue;
    const key = `${r.periodId}:${r.unitId}`;
    const c = counts.get(key) ?? { items: 0, flags: 0 };
    c.items += 1;
    c.flags += n;
    counts.set(key, c);
  }
  return counts;
}
