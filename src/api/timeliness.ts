// API contract of the office's own timeliness (督查室办理时效): reviews of signed packages and the routing of
// coordination requests — how long they took, and what is open past the office's limit.

import { z } from 'zod';
import { idSchema, unitRefSchema } from './v1.js';

const openWait = z.object({
  id: idSchema,
  unit: unitRefSchema,
  /** What waits: the period of a package, the title of a request. */
  label: z.string(),
  since: z.string(),
  days: z.number().int(),
  overdue: z.boolean(),
});

const measure = z.object({
  /** The office's limit in days. */
  limitDays: z.number().int(),
  /** Waits closed so far, and their median in days (one decimal; null before any). */
  done: z.number().int(),
  medianDays: z.number().nullable(),
  /** Open waits, oldest first; `overdue` counts those past the limit. */
  open: z.array(openWait),
  overdue: z.number().int(),
});

export const officeTimelinessSchema = z.object({
  plan: z.object({ id: idSchema, title: z.string() }),
  /** Signed packages (submitted) until the office accepts or returns them. */
  reviews: measure,
  /** Coordination requests until the office routes them to a district leader. */
  routing: measure,
});
export type OfficeTimeliness = z.infer<typeof officeTimelinessSchema>;
