// 最多报一次 (ask once, issue 19): what a unit already gave in a period — an item's indicator actuals and progress in
// its package, the evidence it uploaded, its ledger contact — answered for pre-filling every other form that asks
// again in that period (a close-out, a 督办单 answer), and evidence attached by reference, never uploaded twice.

import { z } from 'zod';
import { idSchema, indicatorActualSchema, itemStatusSchema, submissionStatusSchema } from './v1.js';

export const givenEvidenceSchema = z.object({
  id: idSchema,
  fileName: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
});
export type GivenEvidence = z.infer<typeof givenEvidenceSchema>;

export const givenFactsSchema = z.object({
  assignmentId: idSchema,
  /** The period the facts come from: the current one if the unit's package holds the item, else the review one. */
  period: z.object({ id: idSchema, label: z.string() }).nullable(),
  itemReportId: idSchema.nullable(),
  submissionStatus: submissionStatusSchema.nullable(),
  status: itemStatusSchema.nullable(),
  progress: z.string().nullable(),
  /** Every indicator of the task, with the actual the package gives (null where none was given). */
  indicatorActuals: z.array(indicatorActualSchema),
  /** Evidence files attached to the item in that period: reuse them by id. */
  evidence: z.array(givenEvidenceSchema),
  /** From the item's ledger (台账): the responsible person and phone; null without a ledger. */
  contact: z.object({ person: z.string().nullable(), phone: z.string().nullable() }).nullable(),
});
export type GivenFacts = z.infer<typeof givenFactsSchema>;

export const givenFactsQuerySchema = z.object({ periodId: idSchema.optional() });

/** Attach a file the unit already uploaded (by its id) to another item of its package: no bytes are sent. */
export const reuseEvidenceBodySchema = z.object({ evidenceId: idSchema });
