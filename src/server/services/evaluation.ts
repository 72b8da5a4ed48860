// 考评: each district unit's score per period and for the year, from the weights the office sets, the
// data (on-time submission, item lights, indicator attainment, 督办单) and the office's quality rating.
// The rules are in src/core/scoring.ts; this gathers the facts.

import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Evaluation } from '../../api/evaluation.js';
import { expectedShare, isRate, periodLight } from '../../core/lights.js';
import { effectiveDueAt, lateDays } from '../../core/periods.js';
import { countProgress, progressClass } from '../../core/progress.js';
import {
  DEFAULT_WEIGHTS,
  periodScore,
  rankRows,
  type ScoreWeights,
  scoreComponents,
  type UnitPeriodFacts,
  yearScore,
} from '../../core/scoring.js';
import { REPORTED_SUBMISSION_STATUSES } from '../../core/status.js';
import { cstDate } from '../../core/time.js';
import type { Db } from '../db/client.js';
import { itemReports, qualityRatings, reportingPeriods, submissions, supervisionNotices, units } from '../db/schema.js';
import { evaluationWorkbook } from '../documents/evaluation.js';
import { notFound } from '../errors.js';
import { authorize, authorizeEver, taskScope } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { loadPlanDelays } from './delays.js';
import { appliedSteps } from './ladder.js';
import { type ItemLight, unitSubmission } from './lights.js';
import { assertPlanOpen } from './plan-archive.js';
import { flagCounts } from './quality.js';
import { readSetting, readSupervisionSettings, writeSetting } from './settings.js';
import { answerOverdue } from './supervision-notices.js';

const KEY = 'evaluation';

/** Weights stored before a weight was added read it at its default. */
export async function readWeights(db: Db, organisationId?: string): Promise<ScoreWeights> {
  return { ...DEFAULT_WEIGHTS, ...((await readSetting(db, KEY, organisationId)) as Partial<ScoreWeights> | undefined) };
}

export async function getWeights(ctx: Ctx): Promise<ScoreWeights> {
  authorizeEver(ctx.actor, 'evaluation.read');
  return readWeights(ctx.db);
}

export async function setWeights(
  ctx: Ctx,
  value: Omit<ScoreWeights, 'filled' | 'redNotice' | 'completedLate' | 'qualityFlags' | 'delays'> &
    Partial<ScoreWeights>,
): Promise<ScoreWeights> {
  authorize(ctx.actor, 'evaluation.manage');
  const next: ScoreWeights = { ...(await readWeights(ctx.db)), ...value };
  return writeSetting(ctx, KEY, next, readWeights, 'settings.evaluation');
}

export async function rateUnit(
  ctx: Ctx,
  body: { unitId: string; periodId: string; score: number; note?: string | undefined },
): Promise<void> {
  authorize(ctx.actor, 'evaluation.manage');
  const [unit] = await ctx.db.select({ id: units.id }).from(units).where(eq(units.id, body.unitId));
  const [period] = await ctx.db
    .select({ id: reportingPeriods.id })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.id, body.periodId));
  if (!unit) throw notFound('单位', 'unit');
  if (!period) throw notFound('报告期', 'reporting period');
  // The audit record's subject is the unit, which belongs to no plan: the period's plan is checked here.
  await assertPlanOpen(ctx.db, 'reporting_period', body.periodId);
  const value = { score: body.score, note: body.note ?? null, ratedBy: ctx.actor?.id ?? null, ratedAt: ctx.clock() };
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(qualityRatings)
      .values({ unitId: body.unitId, periodId: body.periodId, ...value })
      .onConflictDoUpdate({ target: [qualityRatings.unitId, qualityRatings.periodId], set: value });
    await audit(tx, ctx, { action: 'evaluation.rate', subjectType: 'unit', subjectId: body.unitId, details: body });
  });
}

export async function evaluate(ctx: Ctx, planId: string, periodId?: string): Promise<Evaluation> {
  authorizeEver(ctx.actor, 'evaluation.read');
  const scope = taskScope(ctx.actor, 'evaluation.read');
  const now = ctx.clock();
  const [weights, supervision] = await Promise.all([readWeights(ctx.db), readSupervisionSettings(ctx.db)]);
  // The delays read the same (cached) lights, so the items and periods below are the delays' own.
  const delays = await loadPlanDelays(ctx.db, planId, now, supervision);
  const data = delays.lights;
  const chosen = periodId ? data.periods.find((p) => p.id === periodId) : undefined;
  if (periodId && !chosen) throw notFound('报告期', 'reporting period');
  // Periods that can be scored: their deadline has passed, or the unit already reported.
  const periods = chosen ? [chosen] : data.periods.filter((p) => p.dueAt.getTime() <= now.getTime() + 31 * 86_400_000);
  const [ratings, notices, filling, steps, flagged] = await Promise.all([
    ctx.db.select().from(qualityRatings),
    ctx.db.select().from(supervisionNotices).where(eq(supervisionNotices.year, data.plan.year)),
    // 未填报 is a NULL status (an item nobody filled); counted in SQL so the rule holds whatever the type says.
    ctx.db
      .select({
        unitId: submissions.unitId,
        periodId: submissions.periodId,
        items: sql<number>`count(*)::int`,
        unfilled: sql<number>`(count(*) filter (where ${itemReports.status} is null))::int`,
      })
      .from(itemReports)
      .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
      .where(
        and(eq(reportingPeriods.planId, data.plan.id), inArray(submissions.status, [...REPORTED_SUBMISSION_STATUSES])),
      )
      .groupBy(submissions.unitId, submissions.periodId),
    appliedSteps(
      ctx.db,
      periods.map((p) => p.id),
    ),
    flagCounts(ctx.db, data.plan.id),
  ]);
  const ladderOf = (unitId: string, periodId: string) =>
    steps.filter((e) => e.unitId === unitId && e.periodId === periodId).reduce((sum, e) => sum + e.deduction, 0);
  const fillingOf = new Map(filling.map((f) => [`${f.periodId}:${f.unitId}`, f]));
  /** Red 督办单 open at an instant: issued by then and not closed by then. */
  const openRed = (unitId: string, at: Date) =>
    notices.filter(
      (n) =>
        n.unitId === unitId &&
        n.severity === 'red' &&
        n.issuedAt.getTime() <= at.getTime() &&
        !(n.closedAt && n.closedAt.getTime() <= at.getTime()),
    ).length;
  /** A period is seen until the next one's deadline (as its lights are), or now if earlier. */
  const viewEnd = (p: (typeof data.periods)[number]) => {
    const next = data.periods[data.periods.indexOf(p) + 1];
    return new Date(Math.min(now.getTime(), next ? effectiveDueAt(next).getTime() - 1000 : now.getTime()));
  };
  const today = cstDate(now);
  const rules = { year: data.plan.year, behindMargin: supervision.behindMargin };
  const byUnit = new Map<string, ItemLight[]>();
  for (const i of data.items) {
    if (scope !== 'all' && i.unitId !== scope.unitId) continue;
    const list = byUnit.get(i.unitId);
    if (list) list.push(i);
    else byUnit.set(i.unitId, [i]);
  }

  const factsFor = (unitId: string, items: ItemLight[], p: (typeof data.periods)[number]): UnitPeriodFacts => {
    const { state, lateSeconds } = unitSubmission(data, p, unitId, now);
    const ratios: number[] = [];
    for (const i of items) {
      if (!i.facts.reports.get(p.id)?.signedAt) continue;
      const share = expectedShare(i.facts.milestones, data.plan.year, p.coversTo);
      for (const ind of i.facts.indicators) {
        if (ind.actual === null || ind.op === '<=' || ind.target <= 0) continue;
        const rate = isRate(ind.unit);
        ratios.push(ind.actual / (ind.target * (rate ? 1 : Math.max(share, 0.05))));
      }
    }
    // Days are the office's (Asia/Shanghai), not UTC: a notice issued at 07:00 on the 1st is the 1st's.
    const mineNotices = notices.filter(
      (n) =>
        n.unitId === unitId &&
        cstDate(n.issuedAt) >= p.coversFrom &&
        n.issuedAt.getTime() <= effectiveDueAt(p).getTime(),
    );
    const filled = fillingOf.get(`${p.id}:${unitId}`);
    const rating = ratings.find((r) => r.unitId === unitId && r.periodId === p.id);
    return {
      submission: state,
      lateDays: lateDays(lateSeconds),
      itemLights: items.map((i) => periodLight(i.facts, p.id, now, rules).light),
      indicatorRatios: ratios,
      noticesReceived: mineNotices.length,
      noticesAnsweredLate: mineNotices.filter(
        (n) => n.respondBy !== null && (n.respondedAt ? cstDate(n.respondedAt) > n.respondBy : answerOverdue(n, today)),
      ).length,
      quality: rating?.score ?? null,
      itemsReported: state === 'on_time' || state === 'late' ? (filled?.items ?? items.length) : 0,
      itemsUnfilled: state === 'on_time' || state === 'late' ? (filled?.unfilled ?? 0) : 0,
      openRedNotices: openRed(unitId, viewEnd(p)),
      ladderDeduction: ladderOf(unitId, p.id),
      // Flags are counted on the signed report only: a missed period is 0 anyway.
      flaggedItems: state === 'on_time' || state === 'late' ? (flagged.get(`${p.id}:${unitId}`)?.items ?? 0) : 0,
      delayCases: (delays.byUnit.get(unitId) ?? []).filter((c) => c.periodId === p.id).length,
      completedLate: items.filter((i) => {
        const c = progressClass(i.facts, i.deadline, viewEnd(p), rules);
        return c.progress === 'completed_late' && c.completedBy === p.coversTo;
      }).length,
    };
  };
  /** The unit's items by class at an instant. */
  const progressCounts = (items: ItemLight[], at: Date) =>
    countProgress(items.map((i) => progressClass(i.facts, i.deadline, at, rules).progress));

  const rows = [...byUnit.entries()].map(([unitId, items]) => {
    const perPeriod = periods.map((p) => {
      const facts = factsFor(unitId, items, p);
      return {
        period: p,
        reported: facts.submission === 'on_time' || facts.submission === 'late',
        components: scoreComponents(facts),
        score: periodScore(facts, weights),
        completedLate: facts.completedLate,
        ladderDeduction: facts.ladderDeduction,
        flaggedItems: facts.flaggedItems,
        delayCases: facts.delayCases,
      };
    });
    const single = chosen ? perPeriod[0] : undefined;
    return {
      rank: null as number | null,
      participated: perPeriod.some((x) => x.reported),
      openRedNotices: chosen ? openRed(unitId, viewEnd(chosen)) : openRed(unitId, now),
      completedLate: perPeriod.reduce((sum, x) => sum + x.completedLate, 0),
      ladderDeduction: Math.round(10 * perPeriod.reduce((sum, x) => sum + x.ladderDeduction, 0)) / 10,
      flaggedItems: perPeriod.reduce((sum, x) => sum + x.flaggedItems, 0),
      delayCases: perPeriod.reduce((sum, x) => sum + x.delayCases, 0),
      progress: progressCounts(items, chosen ? viewEnd(chosen) : now),
      unit: { id: unitId, name: items[0]?.unitName ?? '' },
      items: items.length,
      score: single ? single.score : yearScore(perPeriod.map((x) => x.score)),
      components: single ? single.components : null,
      periods: perPeriod.map((x) => ({ id: x.period.id, label: x.period.label, score: x.score })),
    };
  });
  rankRows(rows, weights);
  return {
    plan: { id: data.plan.id, title: data.plan.title },
    period: chosen ? { id: chosen.id, label: chosen.label } : null,
    weights,
    rows,
  };
}

export async function evaluationXlsx(ctx: Ctx, planId: string, periodId?: string): Promise<Buffer> {
  return evaluationWorkbook(await evaluate(ctx, planId, periodId));
}
