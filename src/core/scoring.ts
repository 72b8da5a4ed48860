// 考评: a unit's score for a period from configurable weights, and for the year. Pure; the table-driven
// test in scoring.test.ts shows every rule. A component without facts (nothing due yet, no indicators
// reported, no rating given) is left out and the other weights are rescaled, so no unit is scored on
// what could not be measured.
//
//   onTime       100 on time, −10 per day late (floor 0), 0 when missing
//   completion   share of the unit's judged items (not grey) whose light is green
//   indicators   mean attainment of reported indicators against 序时进度, each capped at 100 %
//   supervision  100 − 20 per 督办单 received in the period − 10 per one answered late (floor 0)
//   quality      the office's rating of the report, 0–100
//   filled       share of the unit's items filled in its signed report (an item nobody filled, 未填报, is
//                not a status: it scores 0 here)
//
// A unit that did not report a period whose deadline passed scores 0 on every component: it is not scored
// on what it did not do. Each red 督办单 still open costs `redNotice` points off the period score (floor 0),
// and while that weight is above 0 a unit under an open red 督办单 ranks behind every unit without one
// (rankRows). An item finished after its task's deadline (逾期完成, progress.ts) costs `completedLate` points off the
// score of the period whose report first said 已完成 — once, so a late finish is scored apart from an on-time one
// and never twice. The steps of the office's ladder (问责梯度) applied at the period's close cost what each step
// says (`ladderDeduction`, the sum over the unit's items). Each item of the signed report carrying a report
// quality flag (copied, stock phrases, a status its own facts contradict, evidence missing: quality.ts) costs
// `qualityFlags` points — per item, however many flags it carries, so one weak report is not counted twice. Each delay
// case counted in the period (延期次数, delays.ts: a late report, an extension approved or refused, a milestone overdue)
// costs `delays` points; by default nothing, the office decides whether slipping weighs beyond the onTime component. Ranks are competition ranks (1, 2, 2, 4): the same score in the same group, the same rank.

import type { Light } from './lights.js';

export interface ScoreWeights {
  onTime: number;
  completion: number;
  indicators: number;
  supervision: number;
  quality: number;
  filled: number;
  /** Not a component: points off the period score per red 督办单 still open (0 = no cost). */
  redNotice: number;
  /** Not a component: points off the period score per item reported done after its deadline (0 = no cost). */
  completedLate: number;
  /** Not a component: points off the period score per item of the signed report with a quality flag (0 = no cost). */
  qualityFlags: number;
  /** Not a component: points off the period score per delay case counted in the period (0 = no cost). */
  delays: number;
}

/** The weighted components (every weight but the red-notice deduction). */
export const COMPONENT_KEYS = ['onTime', 'completion', 'indicators', 'supervision', 'quality', 'filled'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

export const DEFAULT_WEIGHTS: ScoreWeights = {
  onTime: 25,
  completion: 35,
  indicators: 15,
  supervision: 10,
  quality: 15,
  filled: 10,
  redNotice: 20,
  completedLate: 5,
  qualityFlags: 2,
  delays: 0,
};

export interface UnitPeriodFacts {
  submission: 'on_time' | 'late' | 'missing' | 'pending';
  lateDays: number;
  itemLights: readonly Light[];
  /** actual ÷ (target × 序时进度) per reported indicator. */
  indicatorRatios: readonly number[];
  noticesReceived: number;
  noticesAnsweredLate: number;
  quality: number | null;
  /** Items in the signed report, and how many of them nobody filled (status NULL). */
  itemsReported: number;
  itemsUnfilled: number;
  /** Red 督办单 open at the end of the period's view. */
  openRedNotices: number;
  /** Items whose report first said 已完成 in this period, after their task's deadline (逾期完成). */
  completedLate: number;
  /** Points off for the ladder steps (问责梯度) applied to the unit's items at this period's close (ladder.ts). */
  ladderDeduction: number;
  /** Items of the signed report carrying at least one quality flag (quality.ts), as computed when it was sent. */
  flaggedItems: number;
  /** Delay cases counted in this period (delays.ts). */
  delayCases: number;
}

export type Components = Record<ComponentKey, number | null>;

const clamp = (x: number) => Math.max(0, Math.min(100, x));
const round1 = (x: number) => Math.round(x * 10) / 10;

export function scoreComponents(f: UnitPeriodFacts): Components {
  if (f.submission === 'missing') {
    return { onTime: 0, completion: 0, indicators: 0, supervision: 0, quality: 0, filled: 0 };
  }
  const judged = f.itemLights.filter((l) => l !== 'grey');
  return {
    onTime:
      f.submission === 'pending'
        ? null
        : f.submission === 'on_time'
          ? 100
          : f.submission === 'late'
            ? clamp(100 - 10 * f.lateDays)
            : 0,
    completion: judged.length ? round1((100 * judged.filter((l) => l === 'green').length) / judged.length) : null,
    indicators: f.indicatorRatios.length
      ? round1(
          (100 * f.indicatorRatios.reduce((s, r) => s + Math.min(1, Math.max(0, r)), 0)) / f.indicatorRatios.length,
        )
      : null,
    supervision: clamp(100 - 20 * f.noticesReceived - 10 * f.noticesAnsweredLate),
    quality: f.quality === null ? null : clamp(f.quality),
    filled:
      f.submission === 'pending' || f.itemsReported === 0
        ? null
        : round1((100 * (f.itemsReported - f.itemsUnfilled)) / f.itemsReported),
  };
}

/** The weighted mean of the measured components; null when nothing could be measured. */
export function weightedScore(c: Components, w: ScoreWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const key of COMPONENT_KEYS) {
    const value = c[key];
    if (value === null || w[key] <= 0) continue;
    sum += value * w[key];
    weight += w[key];
  }
  return weight > 0 ? round1(sum / weight) : null;
}

/**
 * A period's score: nothing while the period is not due and not reported; 0 when it was missed; else the
 * weighted components less the deductions: open red 督办单, items finished late, ladder steps, flagged items, delays.
 */
export function periodScore(f: UnitPeriodFacts, w: ScoreWeights): number | null {
  if (f.submission === 'pending') return null;
  if (f.submission === 'missing') return 0;
  const score = weightedScore(scoreComponents(f), w);
  const deducted =
    w.redNotice * f.openRedNotices +
    w.completedLate * f.completedLate +
    w.qualityFlags * f.flaggedItems +
    w.delays * f.delayCases +
    f.ladderDeduction;
  return score === null ? null : round1(Math.max(0, score - deducted));
}

export interface Rankable {
  /** Reported in at least one scored period; the others are 未参评 and get no rank. */
  participated: boolean;
  openRedNotices: number;
  score: number | null;
  rank: number | null;
  unit: { name: string };
}

/**
 * Orders and ranks in place: units that took part first, then (while the red-notice weight costs) those
 * without an open red 督办单 before those with one, then by score, then by name. Competition ranking
 * (1, 2, 2, 4) within that order; 未参评 units and units without a score get no rank.
 */
export function rankRows<R extends Rankable>(rows: R[], w: ScoreWeights): R[] {
  const vetoed = (r: R) => (w.redNotice > 0 && r.openRedNotices > 0 ? 1 : 0);
  const ranked = (r: R) => r.participated && r.score !== null;
  rows.sort(
    (a, b) =>
      Number(ranked(b)) - Number(ranked(a)) ||
      vetoed(a) - vetoed(b) ||
      (b.score ?? -1) - (a.score ?? -1) ||
      a.unit.name.localeCompare(b.unit.name, 'zh-CN'),
  );
  let rank = 0;
  let last: string | undefined;
  rows.forEach((r, i) => {
    r.rank = null;
    if (!ranked(r)) return;
    const key = `${vetoed(r)}|${r.score}`;
    if (key !== last) rank = i + 1;
    last = key;
    r.rank = rank;
  });
  return rows;
}

/** The year: the mean of the periods that have a score. */
export function yearScore(periods: readonly (number | null)[]): number | null {
  const scored = periods.filter((p): p is number => p !== null);
  return scored.length ? round1(scored.reduce((s, p) => s + p, 0) / scored.length) : null;
}
