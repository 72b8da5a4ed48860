// API contract of the unit directory import (单位名录导入): an .xlsx of units with their aliases, previewed row by
// row (`?dryRun=true`), then written all or nothing by the same upload without the flag.

import { z } from 'zod';
import { idSchema, unitKindSchema, unitLevelSchema } from './v1.js';

export const unitImportQuerySchema = z.object({ dryRun: z.stringbool().optional() });

export const unitImportOutcomeSchema = z.enum(['new', 'updated', 'unchanged', 'error']);
export type UnitImportOutcome = z.infer<typeof unitImportOutcomeSchema>;

export const unitImportRowSchema = z.object({
  /** The row's number in the sheet (the header is row 1). */
  row: z.number().int(),
  name: z.string(),
  /** The aliases the row lists, as written (without the unit's own name). */
  aliases: z.array(z.string()),
  /** Of those, the ones the import adds (for a new unit: all of them). */
  addedAliases: z.array(z.string()),
  level: unitLevelSchema.nullable(),
  kind: unitKindSchema.nullable(),
  outcome: unitImportOutcomeSchema,
  /** The existing unit the row updates or leaves unchanged; for a new unit once written, the new one. */
  unitId: idSchema.nullable(),
  /** Why the row cannot be imported (outcome 'error'). */
  reason: z.object({ zh: z.string(), en: z.string() }).nullable(),
});
export type UnitImportRow = z.infer<typeof unitImportRowSchema>;

export const unitImportResultSchema = z.object({
  /** False for a preview (`dryRun`), true once the rows are written. */
  applied: z.boolean(),
  counts: z.object({
    new: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    error: z.number().int(),
  }),
  rows: z.array(unitImportRowSchema),
});
export type UnitImportResult = z.infer<typeof unitImportResultSchema>;
