// API contract of 分管 (who leads what) and the weekly 领导专报 (a district leader's one-page brief).

import { z } from 'zod';
import { lightSchema } from './supervision.js';
import { idSchema } from './v1.js';

export const leaderSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  /** The units the leader is in charge of (分管), kept in the directory. */
  units: z.array(z.object({ id: idSchema, name: z.string() })),
  /** Tasks of the active plans whose printed leaders name this leader (src/core/leaders.ts). */
  taskCount: z.number().int(),
});
export type Leader = z.infer<typeof leaderSchema>;
export const leaderListSchema = z.object({ items: z.array(leaderSchema) });
export type LeaderList = z.infer<typeof leaderListSchema>;

export const leaderParamsSchema = z.object({ userId: idSchema });
export const leaderUnitsBodySchema = z.object({ unitIds: z.array(idSchema).max(500) });
export type LeaderUnitsBody = z.infer<typeof leaderUnitsBodySchema>;

/** Any day of the week (Monday–Sunday, CST) the brief is for; none: this week. */
export const briefQuerySchema = z.object({
  week: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** The office prepares a given leader's brief; a leader reads their own. */
  leaderId: idSchema.optional(),
});

/** One line of a section: what it is, where it leads, its light and, for a red task, the days overdue. */
export const briefLineSchema = z.object({
  kind: z.enum([
    'signed',
    'notice_issued',
    'notice_answered',
    'turned_red',
    'completed',
    'red_task',
    'instruction',
    'coordination',
  ]),
  text: z.string(),
  /** The unit(s) it concerns, joined. */
  units: z.string().nullable(),
  /** The web path it opens (/tasks/…, /supervision-notices/…, /instructions/…, /coordination). */
  link: z.string().nullable(),
  light: lightSchema.nullable(),
  /** Red tasks: days overdue; instructions: days past their answer date (0 when not past). */
  days: z.number().int().nullable(),
  /** YYYY-MM-DD: an instruction's answer date, a package's signing day … */
  date: z.string().nullable(),
  /** Instructions: 'due' (not answered), 'answered' (answered this week). */
  state: z.enum(['due', 'overdue', 'answered']).nullable(),
});
export type BriefLine = z.infer<typeof briefLineSchema>;

export const briefSectionSchema = z.object({ total: z.number().int(), lines: z.array(briefLineSchema) });
export type BriefSection = z.infer<typeof briefSectionSchema>;

export const leaderBriefSchema = z.object({
  leader: z.object({ id: idSchema, displayName: z.string() }),
  /** Monday and Sunday of the week (CST). */
  weekStart: z.string(),
  weekEnd: z.string(),
  /** The leader's 分管 units; empty: the brief covers every unit. */
  units: z.array(z.object({ id: idSchema, name: z.string() })),
  changes: briefSectionSchema.extend({
    counts: z.object({
      signed: z.number().int(),
      noticesIssued: z.number().int(),
      noticesAnswered: z.number().int(),
      turnedRed: z.number().int(),
      completed: z.number().int(),
    }),
  }),
  red: briefSectionSchema,
  instructions: briefSectionSchema.extend({
    counts: z.object({ due: z.number().int(), overdue: z.number().int(), answered: z.number().int() }),
  }),
  coordination: briefSectionSchema,
  generatedAt: z.string(),
});
export type LeaderBrief = z.infer<typeof leaderBriefSchema>;
