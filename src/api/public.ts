// The public progress page (政务公开): tasks the office marked public, with their status,
// light and the office's public note — and nothing else (no names, phones, internal comments, evidence).

import { z } from 'zod';
import { lightSchema } from './supervision.js';
import { idSchema, itemStatusSchema, sourceLevelSchema } from './v1.js';

export const publicProgressSchema = z.object({
  plan: z.object({ title: z.string(), year: z.number().int() }).nullable(),
  generatedAt: z.string(),
  tasks: z.array(
    z.object({
      level: sourceLevelSchema,
      number: z.string().nullable(),
      text: z.string(),
      /** Rolled up from the units that reported; null while none has (未报送). */
      status: itemStatusSchema.nullable(),
      light: lightSchema,
      note: z.string().nullable(),
      noteAt: z.string().nullable(),
    }),
  ),
});
export type PublicProgress = z.infer<typeof publicProgressSchema>;
export const publicityBodySchema = z.object({
  public: z.boolean(),
  /** The progress text the public sees, written for the public. */
  note: z.string().trim().max(1000).nullable().optional(),
});
export const publicityParamsSchema = z.object({ id: idSchema });
