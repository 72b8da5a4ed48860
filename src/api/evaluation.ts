// API contracts of 考评 (evaluation): weights, per-period and yearly scores per unit, the office's ratings.

import { z } from 'zod';
import { progressClassSchema } from './supervision.js';
import { idSchema, unitRefSchema } from './v1.js';

const weight = z.number().min(0).max(100);
const weightFields = {
  onTime: weight,
  completion: weight,
  indicators: weight,
  supervision: weight,
  quality: weight,
  /** The share of items filled in the signed report. */
  filled: weight,
  /** Points off the period score per red 督办单 still open; above 0 it also ranks such units last. */
  redNotice: weight,
  /** Points off the period score per item reported done after its task's deadline (逾期完成). */
  completedLate: weight,
  /** Points off the period score per item of the signed report with a report quality flag (src/core/quality.ts). */
  qualityFlags: weight,
  /** Points off the period score per delay case counted in the period (延期次数, src/core/delays.ts); 0 by default. */
  delays: weight,
};
const someComponent = (w: Partial<Record<keyof typeof weightFields, number>>) =>
  (['onTime', 'completion', 'indicators', 'supervision', 'quality', 'filled'] as const).some((k) => (w[k] ?? 0) > 0);
export const scoreWeightsSchema = z
  .object(weightFields)
  .refine(someComponent, { message: 'at least one weight must be above 0' });
export type ScoreWeightsBody = z.infer<typeof scoreWeightsSchema>;
/**
 * A write may leave out the weights added later (filled, redNotice, completedLate, qualityFlags, delays): they keep
 * their stored value.
 */
export const scoreWeightsBodySchema = z
  .object({
    ...weightFields,
    filled: weight.optional(),
    redNotice: weight.optional(),
    completedLate: weight.optional(),
    qualityFlags: weight.optional(),
    delays: weight.optional(),
  })
  .refine(someComponent, { message: 'at least one weight must be above 0' });

const component = z.number().nullable();
export const componentsSchema = z.object({
  onTime: component,
  completion: component,
  indicators: component,
  supervision: component,
  quality: component,
  filled: component,
});

export const evaluationSchema = z.object({
  plan: z.object({ id: idSchema, title: z.string() }),
  /** Null for the year (the mean of the periods scored so far). */
  period: z.object({ id: idSchema, label: z.string() }).nullable(),
  weights: scoreWeightsSchema,
  rows: z.array(
    z.object({
      /** Null for a unit 未参评 (it reported in none of the scored periods) or not yet scored. */
      rank: z.number().int().nullable(),
      participated: z.boolean(),
      /** Red 督办单 still open (at the period's end; for the year, now). */
      openRedNotices: z.number().int(),
      /** Items reported done after their deadline: in the period, or over the scored periods for the year. */
      completedLate: z.number().int(),
      /** Points off for the ladder steps (问责梯度) applied: in the period, or over the scored periods. */
      ladderDeduction: z.number(),
      /** Items of the signed report carrying a quality flag: in the period, or over the scored periods. */
      flaggedItems: z.number().int(),
      /** Delay cases (延期次数: late reports, extensions, overdue milestones): in the period, or over the scored periods. */
      delayCases: z.number().int(),
      /** The unit's items by progress class (超进度 … 逾期完成) at the period's end (for the year, now). */
      progress: z.record(progressClassSchema, z.number().int()),
      unit: unitRefSchema,
      items: z.number().int(),
      score: z.number().nullable(),
      /** For a period: its components; for the year: each period's score. */
      components: componentsSchema.nullable(),
      periods: z.array(z.object({ id: idSchema, label: z.string(), score: z.number().nullable() })),
    }),
  ),
});
export type Evaluation = z.infer<typeof evaluationSchema>;
export const evaluationQuerySchema = z.object({ planId: idSchema, periodId: idSchema.optional() });
export const ratingBodySchema = z.object({
  unitId: idSchema,
  periodId: idSchema,
  score: z.number().int().min(0).max(100),
  note: z.string().trim().max(500).optional(),
});
