// API contract of the office's own timeliness (督查室办理时效): reviews of signed packages and the routing of
// coordination requests — how long they took, and what is open past the office's limit — and the routing of 批示 and
// meetings' decisions as tasks (交办), done once routed: how long they took, and which took longer than the limit.

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

/** A 批示 or meeting routed as a task later than the office's limit. */
const lateInstruction = z.object({
  taskId: idSchema,
  /** As numbered in the plan: 批1, 会2 … */
  number: z.string().nullable(),
  /** The task's text, cut to 40 characters. */
  excerpt: z.string(),
  instructedOn: z.string(),
  days: z.number().int(),
});

export const officeTimelinessSchema = z.object({
  plan: z.object({ id: idSchema, title: z.string() }),
  /** Signed packages (submitted) until the office accepts or returns them. */
  reviews: measure,
  /** Coordination requests until the office routes them to a district leader. */
  routing: measure,
  /** 批示交办: from the day of the 批示 or meeting (tasks that record it) to the task's routing; whole days. */
  instructions: z.object({
    limitDays: z.number().int(),
    /** Routed tasks with a recorded day, and the median days taken (null before any). */
    done: z.number().int(),
    medianDays: z.number().nullable(),
    /** Those that took longer than the limit, slowest first. */
    late: z.array(lateInstruction),
  }),
});
export type OfficeTimeliness = z.infer<typeof officeTimelinessSchema>;
