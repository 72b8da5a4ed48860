// API contracts of 批量更新 (bulk update): the preview of an uploaded period sheet, applied all or nothing.

import { z } from 'zod';
import { idSchema } from './v1.js';

export const sheetPreviewSchema = z.object({
  uploadId: idSchema,
  rows: z.number().int(),
  changes: z.array(
    z.object({
      itemReportId: idSchema,
      row: z.number().int(),
      unit: z.string(),
      task: z.string(),
      field: z.enum(['status', 'lagReasons', 'progress', 'problems', 'nextSteps']),
      from: z.string(),
      to: z.string(),
    }),
  ),
  errors: z.array(
    z.object({
      row: z.number().int().nullable(),
      column: z.string().nullable(),
      value: z.string().nullable(),
      code: z.string(),
      message: z.object({ zh: z.string(), en: z.string() }),
    }),
  ),
  appliedAt: z.string().nullable(),
});
export type SheetPreview = z.infer<typeof sheetPreviewSchema>;
