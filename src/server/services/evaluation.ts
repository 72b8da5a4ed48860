// 考评: each district unit's score per period and for the year, from the weights the office sets, the
// data (on-time submission, item lights, indicator attainment, 督办单) and the office's quality rating.
// The rules are in src/core/scoring.ts; this gathers the facts.

import { and, eq } from 'drizzle-orm';
import type { Evaluation } from '../../api/evaluation.js';
import { expectedShare, isRate, periodLight } from '../../core/lights.js';
import { effectiveDueAt, lateDays } from '../../core/periods.js';
import {
  DEFAULT_WEIGHTS,
  type ScoreWeights,
  scoreComponents,
  type UnitPeriodFacts,
  weightedScore,
  yearScore,
} from '../../core/scoring.js';
import type { Db } from '../db/client.js';
import { qualityRatings, reportingPeriods, supervisionNotices, units } from '../db/schema.js';
import { evaluationWorkbook } from '../documents/evaluation.js';
import { notFound } from '../errors.js';
import { authorize, authorizeEver, taskScope } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { type ItemLight, loadPlanLights, unitSubmission } from './lights.js';
import { readSetting, readSupervisionSettings, writeSetting } from './settings.js';

const KEY = 'evaluation';

export async function readWeights(db: Db): Promise<ScoreWeights> {
  return ((await readSetting(db, KEY)) as ScoreWeights | undefined) ?? DEFAULT_WEIGHTS;
}

export async function getWeights(ctx: Ctx): Promise<ScoreWeights> {
  authorizeEver(ctx.actor, 'evaluation.read');
  return readWeights(ctx.db);
}

export async function setWeights(ctx: Ctx, value: ScoreWeights): Promise<ScoreWeights> {
  authorize(ctx.actor, 'evaluation.manage');
  return writeSetting(ctx, KEY, value, readWeights, 'settings.evaluation');
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
  const data = await loadPlanLights(ctx.db, planId, now, supervision);
  const chosen = periodId ? data.periods.find((p) => p.id === periodId) : undefined;
  if (periodId && !chosen) throw notFound('报告期', 'reporting period');
  // Periods that can be scored: their deadline has passed, or the unit already reported.
  const periods = chosen ? [chosen] : data.periods.filter((p) => p.dueAt.getTime() <= now.getTime() + 31 * 86_400_000);
  const [ratings, notices] = await Promise.all([
    ctx.db.select().from(qualityRatings),
    ctx.db
      .select()
      .from(supervisionNotices)
      .where(and(eq(supervisionNotices.year, data.plan.year))),
  ]);
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
    const from = p.coversFrom;
    const mineNotices = notices.filter((n) => {
      const issued = n.issuedAt.toISOString().slice(0, 10);
      return n.unitId === unitId && issued >= from && n.issuedAt.getTime() <= effectiveDueAt(p).getTime();
    });
    const rating = ratings.find((r) => r.unitId === unitId && r.periodId === p.id);
    return {
      submission: state,
      lateDays: lateDays(lateSeconds),
      itemLights: items.map((i) => periodLight(i.facts, p.id, now, rules).light),
      indicatorRatios: ratios,
      noticesReceived: mineNotices.length,
      noticesAnsweredLate: mineNotices.filter(
        (n) =>
          n.respondBy !== null &&
          (n.respondedAt
            ? n.respondedAt.toISOString().slice(0, 10) > n.respondBy
            : n.status === 'issued' && now.toISOString().slice(0, 10) > n.respondBy),
      ).length,
      quality: rating?.score ?? null,
    };
  };

  const rows = [...byUnit.entries()].map(([unitId, items]) => {
    const perPeriod = periods.map((p) => {
      const components = scoreComponents(factsFor(unitId, items, p));
      return { period: p, components, score: weightedScore(components, weights) };
    });
    const single = chosen ? perPeriod[0] : undefined;
    return {
      rank: null as number | null,
      unit: { id: unitId, name: items[0]?.unitName ?? '' },
      items: items.length,
      score: single ? single.score : yearScore(perPeriod.map((x) => x.score)),
      components: single ? single.components : null,
      periods: perPeriod.map((x) => ({ id: x.period.id, label: x.period.label, score: x.score })),
    };
  });
  rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.unit.name.localeCompare(b.unit.name, 'zh-CN'));
  let rank = 0;
  let last: number | null | undefined;
  rows.forEach((r, i) => {
    if (r.score === null) return;
    if (r.score !== last) rank = i + 1;
    last = r.score;
    r.rank = rank;
  });
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
