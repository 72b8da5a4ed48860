// API contracts of 考评 (evaluation): weights, per-period and yearly scores per unit, the office's ratings.

import { z } from 'zod';
import { idSchema, unitRefSchema } from './v1.js';

const weight = z.number().min(0).max(100);
export const scoreWeightsSchema = z
  .object({ onTime: weight, completion: weight, indicators: weight, supervision: weight, quality: weight })
  .refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one weight must be above 0' });
export type ScoreWeightsBody = z.infer<typeof scoreWeightsSchema>;

const component = z.number().nullable();
export const componentsSchema = z.object({
  onTime: component,
  completion: component,
  indicators: component,
  supervision: component,
  quality: component,
});

export const evaluationSchema = z.object({
  plan: z.object({ id: idSchema, title: z.string() }),
  /** Null for the year (the mean of the periods scored so far). */
  period: z.object({ id: idSchema, label: z.string() }).nullable(),
  weights: scoreWeightsSchema,
  rows: z.array(
    z.object({
      rank: z.number().int().nullable(),
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
