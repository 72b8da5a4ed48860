// API contract of the delay ranking (延期排行): per unit, how often its reports and milestones slipped in a period or
// over the year, by kind (src/core/delays.ts), and one unit's cases.

import { z } from 'zod';
import { DELAY_KINDS } from '../core/delays.js';
import { idSchema, sourceLevelSchema, unitRefSchema } from './v1.js';

export const delayKindSchema = z.enum(DELAY_KINDS);

export const delayCountsSchema = z.object({
  late_report: z.number().int(),
  extension_approved: z.number().int(),
  extension_refused: z.number().int(),
  milestone_overdue: z.number().int(),
  total: z.number().int(),
});

export const delayCaseSchema = z.object({
  kind: delayKindSchema,
  /** The plan period (quarter or annual) the case is counted in. */
  period: z.object({ id: idSchema, label: z.string() }),
  /** The task a milestone belongs to; null for a package (报送单), which holds every item of the unit. */
  task: z
    .object({
      id: idSchema,
      number: z.string().nullable(),
      text: z.string(),
      sourceLevel: sourceLevelSchema,
      position: z.number().int(),
    })
    .nullable(),
  assignmentId: idSchema.nullable(),
  /** What slipped: a period's package (the period's label) or a milestone (its title). */
  item: z.object({
    type: z.enum(['report', 'milestone']),
    /** The period's id for a package, the milestone's for a milestone. */
    id: idSchema,
    label: z.string(),
    /** The package to open, once one exists. */
    submissionId: idSchema.nullable(),
  }),
  /** The day it slipped (YYYY-MM-DD). */
  on: z.string(),
  days: z.number().int(),
  /** Still slipping: a report not yet signed, a milestone not yet done. */
  open: z.boolean(),
});
export type DelayCaseDto = z.infer<typeof delayCaseSchema>;

export const delaysSchema = z.object({
  plan: z.object({ id: idSchema, title: z.string() }),
  /** Null for the whole year (the sum of the periods). */
  period: z.object({ id: idSchema, label: z.string() }).nullable(),
  /** The plan's own periods, for a picker. */
  periods: z.array(z.object({ id: idSchema, label: z.string() })),
  /** One row per unit the caller may see, most delays first (then by name). */
  rows: z.array(z.object({ unit: unitRefSchema, counts: delayCountsSchema })),
  /** With `unitId`: that unit's cases, newest first; null otherwise. */
  cases: z.array(delayCaseSchema).nullable(),
});
export type Delays = z.infer<typeof delaysSchema>;

export const delaysQuerySchema = z.object({ periodId: idSchema.optional(), unitId: idSchema.optional() });
