// API contract of 年终结转 (docs/design.md, "Year end"): the office's review of a plan's unfinished tasks, its
// decision on each (carried into a plan of a later year, or closed with a reason), and closing the plan, which
// leaves it a read-only archive. The server is services/year-end.ts; the web page is pages/YearEndPage.tsx.

import { z } from 'zod';
import { lightSchema } from './supervision.js';
import { assignmentRoleSchema, idSchema, itemStatusSchema, planSchema, sourceLevelSchema } from './v1.js';

export const yearEndDecisionSchema = z.object({
  decision: z.enum(['carry', 'close']),
  reason: z.string().nullable(),
  /** The task it continues as, and that task's plan (null once that plan was deleted). */
  target: z
    .object({ taskId: idSchema, planId: idSchema, planYear: z.number().int(), planTitle: z.string(), code: z.string() })
    .nullable(),
  decidedAt: z.string(),
});
export type YearEndDecision = z.infer<typeof yearEndDecisionSchema>;

export const yearEndTaskSchema = z.object({
  taskId: idSchema,
  /** 省1 / 市47 / 区12 (src/core/task-code.ts). */
  code: z.string(),
  level: sourceLevelSchema,
  number: z.string().nullable(),
  text: z.string(),
  light: lightSchema,
  /** The district's units on the task: their last signed status and progress. */
  units: z.array(
    z.object({
      unitId: idSchema,
      unitName: z.string(),
      role: assignmentRoleSchema,
      status: itemStatusSchema.nullable(),
      progress: z.string().nullable(),
      closed: z.boolean(),
    }),
  ),
  decision: yearEndDecisionSchema.nullable(),
});
export type YearEndTask = z.infer<typeof yearEndTaskSchema>;

export const yearEndReviewSchema = z.object({
  plan: planSchema.extend({ closedAt: z.string().nullable() }),
  /** Unfinished tasks: not every district unit completed (its latest signed status) or had its item closed out. */
  tasks: z.array(yearEndTaskSchema),
  /** How many of them still wait for a decision; the plan closes only at 0. */
  undecided: z.number().int(),
  /** Open plans of a later year a task may be carried into. */
  targets: z.array(z.object({ id: idSchema, year: z.number().int(), title: z.string() })),
});
export type YearEndReview = z.infer<typeof yearEndReviewSchema>;

/** Why a task is closed rather than carried over: required, read in the archive. */
export const yearEndReasonSchema = z.string().trim().min(2).max(2000);

export const yearEndDecideBodySchema = z.object({
  decisions: z
    .array(
      z.discriminatedUnion('decision', [
        z.object({ taskId: idSchema, decision: z.literal('carry') }),
        z.object({ taskId: idSchema, decision: z.literal('close'), reason: yearEndReasonSchema }),
      ]),
    )
    .min(1)
    .max(2000),
  /**
   * Where carried tasks go: an open plan of a later year; null for the plan of the next year that carry-over
   * makes (once: later carry-overs from the same plan find it again).
   */
  targetPlanId: idSchema.nullable().default(null),
});
export type YearEndDecideBody = z.input<typeof yearEndDecideBodySchema>;
