// API contract of 关注: a district leader's watches on tasks, units and 督办单, and their page (我的关注) that lists
// each with its light as of now.

import { z } from 'zod';
import { lightSchema } from './supervision.js';
import { idSchema } from './v1.js';

export const WATCH_SUBJECTS = ['task', 'unit', 'supervision_notice'] as const;
export const watchSubjectSchema = z.enum(WATCH_SUBJECTS);
export type WatchSubject = z.infer<typeof watchSubjectSchema>;

export const watchTargetSchema = z.object({ subjectType: watchSubjectSchema, subjectId: idSchema });

export const watchSchema = z.object({
  subjectType: watchSubjectSchema,
  subjectId: idSchema,
  /** The task's number and text, the unit's name, the 督办单's number and its unit. */
  title: z.string(),
  /** For a task its source level; for a 督办单 its task's text; for a unit the plan its light is read from. */
  detail: z.string().nullable(),
  /**
   * As of now: the task's worst item light, the unit's worst item light in the newest active plan, the 督办单's
   * severity while open (null once closed).
   */
  light: lightSchema.nullable(),
  /** Items red now: the task's or the unit's; for a 督办单, 1 while open and past its answer date. */
  red: z.number().int(),
  /** A 督办单's status (issued, responded, closed); null for tasks and units. */
  status: z.enum(['issued', 'responded', 'closed']).nullable(),
  watchedAt: z.string(),
});
export type Watch = z.infer<typeof watchSchema>;

export const watchListSchema = z.object({ items: z.array(watchSchema) });
export type WatchList = z.infer<typeof watchListSchema>;
