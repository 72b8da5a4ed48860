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

import type { Light } from './lights.js';

export interface ScoreWeights {
  onTime: number;
  completion: number;
  indicators: number;
  supervision: number;
  quality: number;
}

export const DEFAULT_WEIGHTS: ScoreWeights = {
  onTime: 25,
  completion: 35,
  indicators: 15,
  supervision: 10,
  quality: 15,
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
}

export type Components = Record<keyof ScoreWeights, number | null>;

const clamp = (x: number) => Math.max(0, Math.min(100, x));
const round1 = (x: number) => Math.round(x * 10) / 10;

export function scoreComponents(f: UnitPeriodFacts): Components {
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
  };
}

/** The weighted mean of the measured components; null when nothing could be measured. */
export function weightedScore(c: Components, w: ScoreWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const key of Object.keys(w) as (keyof ScoreWeights)[]) {
    const value = c[key];
    if (value === null || w[key] <= 0) continue;
    sum += value * w[key];
    weight += w[key];
  }
  return weight > 0 ? round1(sum / weight) : null;
}

/** The year: the mean of the periods that have a score. */
export function yearScore(periods: readonly (number | null)[]): number | null {
  const scored = periods.filter((p): p is number => p !== null);
  return scored.length ? round1(scored.reduce((s, p) => s + p, 0) / scored.length) : null;
}
