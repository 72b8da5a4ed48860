// API contracts of bulletins (通报): generated from the data, worded by the office, numbered and
// published as a frozen snapshot; .docx in official-document layout and .xlsx detail sheets.

import { z } from 'zod';
import { bulletinAbilitiesSchema } from './abilities.js';
import { delayCountsSchema } from './delays.js';
import { lightCountsSchema, lightSchema, progressClassSchema } from './supervision.js';
import { idSchema, itemStatusSchema, sourceLevelSchema, unitRefSchema } from './v1.js';

/** A task as a bulletin names it (省1 / 市47 / 区12 …). */
const bulletinTaskSchema = z.object({
  id: idSchema,
  number: z.string().nullable(),
  text: z.string(),
  level: sourceLevelSchema,
  /** Place in its source, naming an unnumbered task (absent in bulletins published before it was kept). */
  position: z.number().int().optional(),
});

export const bulletinDataSchema = z.object({
  plan: z.object({ id: idSchema, title: z.string(), year: z.number().int() }),
  period: z.object({ id: idSchema, label: z.string(), dueAt: z.string() }),
  generatedAt: z.string(),
  overview: z.object({
    tasks: z.number().int(),
    items: z.number().int(),
    itemStatuses: z.record(z.string(), z.number().int()),
    taskLights: lightCountsSchema,
    bySource: z.array(
      z.object({
        level: sourceLevelSchema,
        title: z.string(),
        tasks: z.number().int(),
        lights: lightCountsSchema,
        completed: z.number().int(),
      }),
    ),
    /** Items by progress class (超进度 … 逾期完成); items not yet reported are in none (absent in older bulletins). */
    progress: z.record(progressClassSchema, z.number().int()).optional(),
  }),
  submissions: z.object({
    onTime: z.array(unitRefSchema),
    late: z.array(unitRefSchema.extend({ lateDays: z.number().int() })),
    missing: z.array(unitRefSchema),
  }),
  /** Tasks red or yellow in the period, red first: the candidates for naming. */
  laggards: z.array(
    z.object({
      task: bulletinTaskSchema,
      light: lightSchema,
      /** Days its most overdue lagging unit is past due (absent in older bulletins). */
      overdueDays: z.number().int().optional(),
      units: z.array(
        z.object({
          unit: unitRefSchema,
          status: itemStatusSchema.nullable(),
          reason: z.string().nullable(),
          /** Where the unit's item stands against plan (absent in older bulletins). */
          progressClass: progressClassSchema.nullable().optional(),
          /** Why it lags, as the unit signed it: the office's reason names, 其他 with its words (absent before). */
          lagReasons: z.array(z.string()).optional(),
        }),
      ),
    }),
  ),
  /** The period's signed 滞后/受阻 items counted by reason, in the office's order: the agenda for coordination. */
  lagReasons: z.array(z.object({ reason: z.string(), items: z.number().int(), tasks: z.number().int() })).default([]),
  /** Tasks with an item reported done after the task's deadline (逾期完成), listed apart from those done in time. */
  completedLate: z
    .array(
      z.object({
        task: bulletinTaskSchema,
        /** The task's deadline as a day. */
        deadlineOn: z.string(),
        /** Each unit that finished late, and the end of the period whose report first said done. */
        units: z.array(z.object({ unit: unitRefSchema, completedBy: z.string().nullable() })),
      }),
    )
    .default([]),
  /** 黑榜: units whose items reached a ladder step marked for it (问责梯度), as the office applied the ladder. */
  blacklist: z
    .array(
      z.object({
        unit: unitRefSchema,
        steps: z.array(
          z.object({
            name: z.string(),
            task: bulletinTaskSchema.omit({ position: true }),
          }),
        ),
      }),
    )
    .default([]),
  /**
   * 延期: units whose reports or milestones slipped in the period (late packages, extensions approved and refused,
   * milestones overdue — src/core/delays.ts), most first, with their count over the year so far.
   */
  delays: z.array(z.object({ unit: unitRefSchema, period: delayCountsSchema, year: z.number().int() })).default([]),
  /**
   * 领导批示落实情况: the plan's routed and closed 批示 up to the bulletin's data, each unit's state (answered, overdue by
   * the one rule, open) — not the answers; printed only when the office asks (`draft.showInstructions`).
   */
  instructions: z
    .array(
      z.object({
        id: idSchema,
        author: z.string(),
        writtenOn: z.string(),
        body: z.string(),
        subject: z.string(),
        status: z.enum(['pending', 'routed', 'closed']),
        units: z.array(
          z.object({
            unit: unitRefSchema,
            dueOn: z.string(),
            state: z.enum(['answered', 'overdue', 'open']),
            answeredOn: z.string().nullable(),
          }),
        ),
      }),
    )
    .default([]),
  /** Rule-based proposals (红榜): on time, every item green, at least three items. */
  commendations: z.array(z.object({ unit: unitRefSchema, items: z.number().int(), reason: z.string() })),
  /** How many tasks lag in all, however many a unit's copy names (absent in older bulletins). */
  laggardCount: z.number().int().optional(),
  coordination: z.array(z.object({ title: z.string(), unit: z.string(), status: z.string() })),
  notices: z.array(z.object({ number: z.string(), unit: z.string(), status: z.string() })),
  /** By city/province line (上下贯通): each superior task with the district tasks confirmed to serve it. */
  lines: z
    .array(
      z.object({
        task: bulletinTaskSchema.omit({ position: true }),
        light: lightSchema,
        district: z.array(z.object({ id: idSchema, number: z.string().nullable(), light: lightSchema })),
      }),
    )
    .default([]),
});
export type BulletinData = z.infer<typeof bulletinDataSchema>;
export type BulletinInstruction = BulletinData['instructions'][number];

const paragraph = z.string().trim().max(5000);
export const bulletinDraftSchema = z.object({
  intro: paragraph,
  overview: paragraph,
  submission: paragraph,
  laggards: paragraph,
  commendation: paragraph,
  coordination: paragraph,
  requirements: paragraph,
  /** Which of the data's laggards and commendation proposals the bulletin names. */
  namedTaskIds: z.array(idSchema).max(500),
  commendedUnitIds: z.array(idSchema).max(500),
  /** Whether the bulletin prints 领导批示落实情况 (the office's choice; off unless asked). */
  showInstructions: z.boolean().default(false),
});
export type BulletinDraft = z.infer<typeof bulletinDraftSchema>;

/** 签发: none until the office submits the draft; pending with the approver; approved; returned with a reason. */
export const bulletinSignoffSchema = z.enum(['none', 'pending', 'approved', 'returned']);
export type BulletinSignoff = z.infer<typeof bulletinSignoffSchema>;
const bulletinRefSchema = z.object({ id: idSchema, number: z.string().nullable(), title: z.string() });

export const bulletinSchema = z.object({
  id: idSchema,
  planId: idSchema,
  period: z.object({ id: idSchema, label: z.string() }),
  title: z.string(),
  number: z.string().nullable(),
  /** A draft's number as the server would assign it now (the next of the year); null once published. */
  proposedNumber: z.string().nullable(),
  status: z.enum(['draft', 'published']),
  version: z.number().int(),
  data: bulletinDataSchema,
  draft: bulletinDraftSchema,
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  signoff: bulletinSignoffSchema,
  /** Who signs it off (签发人), chosen by the office when it submits the draft. */
  approver: z.object({ id: idSchema, name: z.string() }).nullable(),
  signoffRequestedBy: z.string().nullable(),
  signoffRequestedAt: z.string().nullable(),
  /** When the approver signed it off; null until approved (and again after an edit voids the approval). */
  signedOffAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  /** A 更正: the published bulletin it corrects, and its own text. */
  corrects: bulletinRefSchema.nullable(),
  correction: z.string().nullable(),
  /** Published corrections of this bulletin (已更正，见 …). */
  correctedBy: z.array(bulletinRefSchema),
  abilities: bulletinAbilitiesSchema,
});
export type Bulletin = z.infer<typeof bulletinSchema>;
export const bulletinSummarySchema = bulletinSchema
  .pick({
    id: true,
    planId: true,
    period: true,
    title: true,
    number: true,
    status: true,
    createdAt: true,
    publishedAt: true,
    signoff: true,
  })
  .extend({ correctsId: idSchema.nullable() });
export type BulletinSummary = z.infer<typeof bulletinSummarySchema>;

export const createBulletinBodySchema = z.object({ planId: idSchema, periodId: idSchema });
export const updateBulletinBodySchema = z.object({
  version: z.number().int().min(1),
  title: z.string().trim().min(2).max(200).optional(),
  draft: bulletinDraftSchema.optional(),
  /** A 更正's own text (what is corrected); refused on an ordinary bulletin. */
  correction: z.string().trim().min(2).max(5000).optional(),
});
export const submitBulletinSignoffBodySchema = z.object({ approverId: idSchema });
export const returnBulletinBodySchema = z.object({ reason: z.string().trim().min(2).max(500) });
export const createCorrectionBodySchema = z.object({ correction: z.string().trim().min(2).max(5000) });
/** Accounts a draft can go to for 签发: the district leaders and the office's other supervisors (its head). */
export const bulletinApproverSchema = z.object({
  id: idSchema,
  name: z.string(),
  role: z.enum(['executive', 'supervisor']),
});
export const publishBulletinBodySchema = z.object({
  /** As printed, e.g. 武昌督查通报〔2025〕3号; absent: the server assigns the next of the year. */
  number: z.string().trim().min(2).max(60).optional(),
});
export const bulletinListQuerySchema = z.object({ planId: idSchema.optional() });
export type BulletinApprover = z.infer<typeof bulletinApproverSchema>;
