// API contract of 批示: a district leader's written instruction on a task, a unit's signed report, a 督办单 or a
// bulletin; the office routes it to units with a date, each unit answers (落实情况) with evidence, the office closes
// it. Server (services/instructions.ts, routes/instructions.ts) and web (pages/InstructionsPage.tsx) share these.

import { z } from 'zod';
import { dateSchema, idSchema } from './v1.js';

export const INSTRUCTION_SUBJECTS = ['task', 'submission', 'supervision_notice', 'bulletin'] as const;
export const instructionSubjectSchema = z.enum(INSTRUCTION_SUBJECTS);
export type InstructionSubject = z.infer<typeof instructionSubjectSchema>;

export const INSTRUCTION_STATUSES = ['pending', 'routed', 'closed'] as const;
export const instructionStatusSchema = z.enum(INSTRUCTION_STATUSES);
export type InstructionStatus = z.infer<typeof instructionStatusSchema>;

/** The longest 批示, answer or note, in characters once trimmed (the service says so in both languages). */
export const INSTRUCTION_TEXT_MAX = 2000;
/** Raw length the route accepts before trimming; the service checks the trimmed text against INSTRUCTION_TEXT_MAX. */
const rawText = z.string().max(INSTRUCTION_TEXT_MAX * 2);

export const instructionWriteSchema = z.object({
  subjectType: instructionSubjectSchema,
  subjectId: idSchema,
  body: rawText,
});
export type InstructionWrite = z.infer<typeof instructionWriteSchema>;

export const instructionRouteSchema = z.object({
  unitIds: z.array(idSchema).max(200),
  dueOn: dateSchema,
  note: rawText.optional(),
});
export type InstructionRoute = z.infer<typeof instructionRouteSchema>;

export const instructionAnswerSchema = z.object({
  answer: rawText,
  evidenceIds: z.array(idSchema).max(50).optional(),
});
export type InstructionAnswer = z.infer<typeof instructionAnswerSchema>;

export const instructionCloseSchema = z.object({ note: rawText });
export type InstructionClose = z.infer<typeof instructionCloseSchema>;

export const instructionFilterSchema = z.object({
  status: instructionStatusSchema.optional(),
  /** The caller's own 批示 only (a district leader's 我的批示). */
  mine: z.enum(['true', 'false']).optional(),
  taskId: idSchema.optional(),
});
export type InstructionFilter = z.infer<typeof instructionFilterSchema>;

/** What the instruction was written on, as a line and a link. */
export const instructionSubjectSummarySchema = z.object({
  type: instructionSubjectSchema,
  id: idSchema,
  /** The task's code and text, the unit and period of a report, the 督办单's number, the bulletin's number or title. */
  title: z.string(),
  /** The web path of the subject's page. */
  link: z.string().nullable(),
});

export const instructionTargetSchema = z.object({
  id: idSchema,
  unit: z.object({ id: idSchema, name: z.string() }),
  /** The unit's assignment of the instruction's task (its files of the period are offered as evidence); null without. */
  assignmentId: idSchema.nullable(),
  dueOn: z.string(),
  /** Null to a unit reading another unit's target (only its own answer is shown to a unit). */
  answer: z.string().nullable(),
  evidence: z.array(z.object({ id: idSchema, fileName: z.string(), sha256: z.string() })),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
  /** Unanswered and past its date (China days): the one rule, services/instructions.ts `targetOverdue`. */
  overdue: z.boolean(),
  /** The caller may write or amend this target's answer now. */
  canAnswer: z.boolean(),
  /**
   * Files the caller may attach when the subject has no task (a report, a bulletin): the unit's files on its reports,
   * newest first (with a task, the item's files of the period are offered by `GET /assignments/:id/given`).
   */
  offered: z.array(z.object({ id: idSchema, fileName: z.string(), sha256: z.string() })),
});
export type InstructionTarget = z.infer<typeof instructionTargetSchema>;

export const instructionSchema = z.object({
  id: idSchema,
  subject: instructionSubjectSummarySchema,
  taskId: idSchema.nullable(),
  author: z.object({ id: idSchema, name: z.string() }),
  body: z.string(),
  status: instructionStatusSchema,
  createdAt: z.string(),
  routedAt: z.string().nullable(),
  routedBy: z.string().nullable(),
  routeNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  closeNote: z.string().nullable(),
  /** Targets the caller sees (a unit: all targets' units and dates, but only its own answer). */
  targets: z.array(instructionTargetSchema),
  answered: z.number().int(),
  total: z.number().int(),
  overdue: z.boolean(),
  /** Units the office is offered when routing: the task's units, the report's unit, the 督办单's unit. */
  suggestedUnitIds: z.array(idSchema),
  abilities: z.object({ route: z.boolean(), close: z.boolean(), answer: z.boolean() }),
});
export type Instruction = z.infer<typeof instructionSchema>;

export const instructionListSchema = z.object({ items: z.array(instructionSchema) });
export type InstructionList = z.infer<typeof instructionListSchema>;

/** A task's 批示 as its overview lists them (the task's history). */
export const taskInstructionSchema = z.object({
  id: idSchema,
  body: z.string(),
  author: z.string(),
  status: instructionStatusSchema,
  createdAt: z.string(),
  answered: z.number().int(),
  total: z.number().int(),
  overdue: z.boolean(),
  answers: z.array(z.object({ unit: z.string(), answer: z.string(), answeredAt: z.string() })),
});
export type TaskInstruction = z.infer<typeof taskInstructionSchema>;
