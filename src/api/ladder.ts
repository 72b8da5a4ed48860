// API contracts of 问责梯度 (the escalation ladder): the office's steps, a period's proposal and what was applied.

import { z } from 'zod';
import { LADDER_ACTIONS } from '../core/ladder.js';
import { lightSchema } from './supervision.js';
import { idSchema, sourceLevelSchema, unitRefSchema } from './v1.js';

export const ladderActionSchema = z.enum(LADDER_ACTIONS);

const stepSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'key: lower-case letters, digits, - or _ (at most 32)'),
  name: z.string().trim().min(1).max(20),
  action: ladderActionSchema,
  when: z
    .array(z.object({ light: z.enum(['yellow', 'red']), periods: z.number().int().min(1).max(4) }))
    .min(1)
    .max(3),
  deduction: z.number().min(0).max(20),
  blacklist: z.boolean(),
});

/** The office's ladder, mildest step first; each key once. */
export const ladderSchema = z.object({
  steps: z
    .array(stepSchema)
    .max(8)
    .refine((steps) => new Set(steps.map((s) => s.key)).size === steps.length, { message: 'each step key once' }),
});
export type Ladder = z.infer<typeof ladderSchema>;

const stepRefSchema = z.object({
  key: z.string(),
  name: z.string(),
  action: ladderActionSchema,
  deduction: z.number(),
  blacklist: z.boolean(),
});

/** A period's ladder: each item at a step, as the rules propose it now and as it was applied. */
export const ladderPeriodSchema = z.object({
  period: z.object({ id: idSchema, label: z.string(), dueAt: z.string() }),
  /** The period's deadline has passed: its ladder may be applied. */
  closed: z.boolean(),
  /** When it was applied (the first record), null before. */
  appliedAt: z.string().nullable(),
  items: z.array(
    z.object({
      assignmentId: idSchema,
      unit: unitRefSchema,
      task: z.object({ id: idSchema, number: z.string().nullable(), text: z.string(), level: sourceLevelSchema }),
      /** Its light in every period up to this one, oldest first. */
      lights: z.array(lightSchema),
      /** The step the rules give now (null: none). */
      proposed: stepRefSchema.nullable(),
      /** The step recorded when the office applied the ladder (null: not applied, or no step then). */
      applied: stepRefSchema.nullable(),
    }),
  ),
});
export type LadderPeriod = z.infer<typeof ladderPeriodSchema>;

export const ladderQuerySchema = z.object({ periodId: idSchema });
export const ladderApplyBodySchema = z.object({ periodId: idSchema });
export const ladderLetterQuerySchema = z.object({ periodId: idSchema, unitId: idSchema });
