// API contracts of 上下贯通 (linkage): suggested and confirmed links between a district task and the
// city/province tasks it serves.

import { z } from 'zod';
import { lightSchema } from './supervision.js';
import { idSchema, sourceLevelSchema } from './v1.js';

const linkedTaskSchema = z.object({
  id: idSchema,
  level: sourceLevelSchema,
  number: z.string().nullable(),
  text: z.string(),
  light: lightSchema,
});
export const taskLinksSchema = z.object({
  /** For a district task: the city/province tasks it serves; for those: the district tasks serving them. */
  direction: z.enum(['up', 'down']),
  confirmed: z.array(linkedTaskSchema.extend({ score: z.number().nullable() })),
  /** Ranked by text similarity (character bigrams, TF-IDF, cosine), without those already decided. */
  suggestions: z.array(linkedTaskSchema.extend({ score: z.number() })),
  rejected: z.array(linkedTaskSchema),
});
export type TaskLinks = z.infer<typeof taskLinksSchema>;
export const decideLinkBodySchema = z.object({ status: z.enum(['confirmed', 'rejected', 'undecided']) });
export const linkParamsSchema = z.object({ id: idSchema, targetId: idSchema });
