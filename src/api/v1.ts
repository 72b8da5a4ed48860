// The /api/v1 contract: request and response schemas shared by the server (validation and
// OpenAPI), the web client (types) and the CLI. Changing a schema here changes all three.

import { z } from 'zod';
import { MAX_WEEKS, MIN_WEEKS, RHYTHM_KINDS } from '../core/rhythm.js';
import { MAX_VERIFICATION_NOTE, VERIFICATION_METHODS, type VerificationMethod } from '../core/verification.js';
import {
  consolidationAbilitiesSchema,
  coordinationAbilitiesSchema,
  extensionAbilitiesSchema,
  ledgerAbilitiesSchema,
  roleAbilitiesSchema,
  submissionAbilitiesSchema,
} from './abilities.js';
import { parseResultSchema } from './parse.js';
import { qualityFlagSchema } from './quality.js';

export { API_PREFIX, CSRF_HEADER, SESSION_COOKIE } from './constants.js';

export const roleSchema = z.enum(['admin', 'supervisor', 'executive', 'unit_leader', 'unit_staff']);
export type Role = z.infer<typeof roleSchema>;
export const unitLevelSchema = z.enum(['province', 'city', 'district', 'county']);
export const sourceLevelSchema = z.enum(['province', 'city', 'district', 'county', 'national', 'unknown']);
export const unitKindSchema = z.enum(['department', 'street', 'soe', 'party', 'mass_org', 'city_branch', 'other']);
export const assignmentRoleSchema = z.enum(['lead', 'responsible', 'co']);
export const itemStatusSchema = z.enum(['not_started', 'on_track', 'completed', 'lagging', 'blocked', 'no_progress']);
/** 核实方式: 查阅资料 / 电话核查 / 现场核实 (src/core/verification.ts). */
export const verificationMethodSchema = z.enum(VERIFICATION_METHODS as [VerificationMethod, ...VerificationMethod[]]);
export const idSchema = z.uuid();
export const idParamsSchema = z.object({ id: idSchema });

/** One error shape for every failure: `message` is in the caller's language (Accept-Language). */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

// ---- auth -------------------------------------------------------------------------------------

export const passwordSchema = z.string().min(1).max(200);
export const loginBodySchema = z.object({ username: z.string().min(1).max(100), password: passwordSchema });
export const meSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unit: z.object({ id: idSchema, name: z.string() }).nullable(),
  mustChangePassword: z.boolean(),
  /** The role's grants: which pages and page-level actions the web offers. */
  abilities: roleAbilitiesSchema,
});
export type Me = z.infer<typeof meSchema>;
export const sessionSchema = z.object({ user: meSchema, csrfToken: z.string() });
/** The sign-in page's probe: the session if the caller has one, else null (signed out is no error). */
export const sessionProbeSchema = z.object({ session: sessionSchema.nullable() });
export const changePasswordBodySchema = z.object({ currentPassword: passwordSchema, newPassword: passwordSchema });

// ---- unit directory ---------------------------------------------------------------------------

export const unitRefSchema = z.object({ id: idSchema, name: z.string() });
/**
 * 工作移交 as the moved thing shows it: who had it, who has it now, when, and which of its fields named the
 * person (responsiblePerson, contact, phone, raisedBy, requestedBy).
 */
export const handoverLineSchema = z.object({
  at: z.string(),
  from: z.string(),
  to: z.string(),
  by: z.string().nullable(),
  fields: z.array(z.string()),
});
export type HandoverLine = z.infer<typeof handoverLineSchema>;
export const unitSchema = z.object({
  id: idSchema,
  name: z.string(),
  level: unitLevelSchema,
  kind: unitKindSchema,
  aliases: z.array(z.string()),
  groups: z.array(unitRefSchema),
  assignmentCount: z.number().int(),
});
export type Unit = z.infer<typeof unitSchema>;
export const unitListQuerySchema = z.object({
  q: z.string().max(100).optional(),
  level: unitLevelSchema.optional(),
  kind: unitKindSchema.optional(),
});
const unitName = z.string().trim().min(2).max(60);
export const createUnitBodySchema = z.object({
  name: unitName,
  level: unitLevelSchema,
  kind: unitKindSchema,
  aliases: z.array(unitName).max(20).default([]),
});
export const updateUnitBodySchema = createUnitBodySchema.partial();
export const mergeUnitBodySchema = z.object({ intoId: idSchema });
export const unitGroupSchema = z.object({
  id: idSchema,
  name: z.string(),
  aliases: z.array(z.string()),
  members: z.array(unitRefSchema),
});
export type UnitGroup = z.infer<typeof unitGroupSchema>;
export const unitGroupBodySchema = z.object({
  name: unitName,
  aliases: z.array(unitName).max(20).default([]),
  memberIds: z.array(idSchema).max(500).default([]),
});
export const updateUnitGroupBodySchema = z.object({
  name: unitName.optional(),
  aliases: z.array(unitName).max(20).optional(),
  memberIds: z.array(idSchema).max(500).optional(),
});

// ---- users ------------------------------------------------------------------------------------

export const userSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unit: unitRefSchema.nullable(),
  /** Where reminder digests go when the server has SMTP configured. */
  email: z.string().nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;
export const createUserBodySchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,40}$/),
  displayName: z.string().trim().min(1).max(60),
  role: roleSchema,
  unitId: idSchema.nullable().default(null),
  email: z.email().max(200).nullable().optional(),
  /** Omit to have one generated; it is returned once. */
  password: passwordSchema.optional(),
});
export const updateUserBodySchema = z.object({
  displayName: z.string().trim().min(1).max(60).optional(),
  role: roleSchema.optional(),
  unitId: idSchema.nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  disabled: z.boolean().optional(),
  resetPassword: z.boolean().optional(),
});
/** `initialPassword` is present only when the server generated one; it is shown once. */
export const userWithPasswordSchema = z.object({ user: userSchema, initialPassword: z.string().optional() });
export const userImportResultSchema = z.object({
  created: z.array(z.object({ user: userSchema, initialPassword: z.string() })),
});

// ---- notice import ----------------------------------------------------------------------------

export const unitMatchSchema = z.object({
  name: z.string(),
  level: unitLevelSchema.nullable(),
  match: z.enum(['exact', 'alias', 'group', 'new']),
  unitId: idSchema.nullable(),
  groupId: idSchema.nullable(),
  /** For a match: the directory's canonical name. */
  canonicalName: z.string().nullable(),
  taskCount: z.number().int(),
});
export type UnitMatch = z.infer<typeof unitMatchSchema>;
/** One task of an import draft, as the parser read it: the row the draft's editor changes. */
export const draftTaskSchema = parseResultSchema.shape.tasks.element.extend({ position: z.number().int() });
export type DraftTask = z.infer<typeof draftTaskSchema>;
export const draftWarningSchema = parseResultSchema.shape.warnings.element.extend({ position: z.number().int() });
export type DraftWarning = z.infer<typeof draftWarningSchema>;
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const draftTaskPageSchema = pageOf(draftTaskSchema);
export type DraftTaskPage = z.infer<typeof draftTaskPageSchema>;
export const draftWarningPageSchema = pageOf(draftWarningSchema);
export type DraftWarningPage = z.infer<typeof draftWarningPageSchema>;
export const draftPageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
/** The draft's tasks: `doubtful=true` lists only those the parser was not sure of (confidence medium or low). */
export const draftTaskQuerySchema = draftPageQuerySchema.extend({ doubtful: z.stringbool().optional() });
export const importPreviewSchema = z.object({
  id: idSchema,
  fileName: z.string(),
  sha256: z.string(),
  status: z.enum(['previewed', 'applied', 'superseded']),
  /** The plan this upload became, once confirmed. */
  planId: idSchema.nullable(),
  /** The same file was imported before. */
  duplicateOf: z.object({ planId: idSchema, title: z.string() }).nullable(),
  /** A plan with the same 文号 exists: confirming revises it; `changes` says how. */
  revises: z
    .object({
      planId: idSchema,
      title: z.string(),
      changes: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() }),
      samples: z.array(z.object({ kind: z.enum(['added', 'removed', 'changed']), label: z.string() })),
    })
    .nullable(),
  document: parseResultSchema.shape.document,
  /** Counts of the whole draft; the tasks and warnings themselves come in pages. */
  taskCount: z.number().int(),
  warningCount: z.number().int(),
  /** A draft not confirmed by then is deleted (null once confirmed). */
  expiresAt: z.string().nullable(),
  /** How many of the office's corrections the draft carries (undone ones not counted). */
  corrections: z.number().int(),
  sources: z.array(
    z.object({
      index: z.number().int(),
      level: sourceLevelSchema,
      title: z.string(),
      taskCount: z.number().int(),
      sections: z.array(z.object({ path: z.array(z.string()), taskCount: z.number().int() })),
    }),
  ),
  units: z.array(unitMatchSchema),
  /** The first page of the draft's tasks and of its warnings (GET /imports/:id/tasks|warnings for more). */
  tasks: draftTaskPageSchema,
  warnings: draftWarningPageSchema,
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;
export const confirmImportBodySchema = z.object({
  /** New units the clerk approved (names from `units` with match 'new'); all must be approved. */
  approveNewUnits: z.array(z.string()).default([]),
  year: z.number().int().min(2000).max(2100).optional(),
});
export const confirmImportResultSchema = z.object({ planId: idSchema });

// ---- corrections of an import draft (the office fixes what the parser read, before the confirm) -------------

const draftPositionSchema = z.number().int().min(0).max(1_000_000);
const trimmed = (max: number) => z.string().trim().min(1).max(max);
export const correctedAssignmentSchema = z.strictObject({
  unit: trimmed(100),
  role: assignmentRoleSchema,
  level: unitLevelSchema.nullable(),
});
/** What the office may write of a task; units are named as printed and matched like the preview's. */
export const correctedTaskFieldsSchema = z.strictObject({
  text: trimmed(5000),
  number: trimmed(20).nullable(),
  section: z.array(trimmed(200)).max(8),
  deadline: trimmed(100).nullable(),
  leaders: z.array(trimmed(50)).max(30),
  assignments: z
    .array(correctedAssignmentSchema)
    .max(300)
    .refine((list) => new Set(list.map((a) => a.unit)).size === list.length, {
      message: '同一单位只能出现一次 / a unit may appear only once',
    }),
});
export const importCorrectionBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('edit'),
    position: draftPositionSchema,
    changes: correctedTaskFieldsSchema
      .partial()
      .refine((c) => Object.keys(c).length > 0, { message: '没有要修改的内容 / nothing to change' }),
  }),
  /** Splits the task's text at `offset` (characters); the second part becomes the next task. */
  z.strictObject({ kind: z.literal('split'), position: draftPositionSchema, offset: z.number().int().min(1) }),
  /** Merges the task with the next one. */
  z.strictObject({ kind: z.literal('merge'), position: draftPositionSchema }),
  z.strictObject({ kind: z.literal('delete'), position: draftPositionSchema }),
  /** Adds a task the parser missed, before the task now at `position` (the task count: at the end). */
  z.strictObject({
    kind: z.literal('add'),
    position: draftPositionSchema,
    task: correctedTaskFieldsSchema.partial({ number: true, section: true, deadline: true, leaders: true }).extend({
      source: z.number().int().min(1).optional(),
    }),
  }),
]);
export type ImportCorrectionBody = z.infer<typeof importCorrectionBodySchema>;
const correctedTaskSchema = parseResultSchema.shape.tasks.element;
export const importCorrectionSchema = z.object({
  id: idSchema,
  sequence: z.number().int(),
  kind: z.enum(['edit', 'split', 'merge', 'delete', 'add']),
  /** The first draft position it touched; `before` were the rows there, `after` are the rows that replaced them. */
  position: z.number().int(),
  before: z.array(correctedTaskSchema),
  after: z.array(correctedTaskSchema),
  actor: z.object({ id: idSchema, name: z.string() }).nullable(),
  at: z.string(),
  /** When an undo or a reset took it back; null while the draft carries it. */
  undoneAt: z.string().nullable(),
});
export type ImportCorrection = z.infer<typeof importCorrectionSchema>;
export const importCorrectionListSchema = z.object({
  items: z.array(importCorrectionSchema),
  /** Corrections the draft carries now. */
  active: z.number().int(),
});
export type ImportCorrectionList = z.infer<typeof importCorrectionListSchema>;
export const importCorrectionResultSchema = z.object({
  correction: importCorrectionSchema,
  /** The units the corrected rows name, matched against the directory as the preview matches them. */
  units: z.array(unitMatchSchema),
  corrections: z.number().int(),
});
export type ImportCorrectionResult = z.infer<typeof importCorrectionResultSchema>;
export const importCorrectionUndoResultSchema = z.object({
  /** The corrections taken back, newest first. */
  undone: z.array(importCorrectionSchema),
  corrections: z.number().int(),
});
export type ImportCorrectionUndoResult = z.infer<typeof importCorrectionUndoResultSchema>;

// ---- plans and tasks --------------------------------------------------------------------------

export const planSchema = z.object({
  id: idSchema,
  year: z.number().int(),
  title: z.string(),
  docNo: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedOn: z.string().nullable(),
  status: z.enum(['draft', 'active', 'closed']),
  /** The plan the anonymous public page shows (chosen by the office; at most one). */
  published: z.boolean(),
  /** 配合单位先于牵头单位: days before a period's deadline a co-unit's input is due (0 = the same date). */
  coUnitLeadDays: z.number().int(),
  taskCount: z.number().int(),
  createdAt: z.string(),
});
export type Plan = z.infer<typeof planSchema>;
export const coUnitLeadDaysBodySchema = z.object({ coUnitLeadDays: z.number().int().min(0).max(30) });
export type CoUnitLeadDaysBody = z.infer<typeof coUnitLeadDaysBodySchema>;
export const planPublishedBodySchema = z.object({ published: z.boolean() });
export const sectionNodeSchema: z.ZodType<SectionNode> = z.lazy(() =>
  z.object({
    id: idSchema,
    title: z.string(),
    taskCount: z.number().int(),
    children: z.array(sectionNodeSchema),
  }),
);
export interface SectionNode {
  id: string;
  title: string;
  taskCount: number;
  children: SectionNode[];
}
export const planDetailSchema = planSchema.extend({
  sources: z.array(
    z.object({
      id: idSchema,
      index: z.number().int(),
      level: sourceLevelSchema,
      title: z.string(),
      taskCount: z.number().int(),
      sections: z.array(sectionNodeSchema),
    }),
  ),
});
export type PlanDetail = z.infer<typeof planDetailSchema>;

export const assignmentSchema = z.object({
  id: idSchema,
  unit: unitRefSchema,
  role: assignmentRoleSchema,
  level: unitLevelSchema.nullable(),
  clause: z.number().int(),
  viaGroup: unitRefSchema.nullable(),
});
export const taskSummarySchema = z.object({
  id: idSchema,
  planId: idSchema,
  source: z.object({ id: idSchema, index: z.number().int(), level: sourceLevelSchema }),
  sectionPath: z.array(z.string()),
  number: z.string().nullable(),
  /** Order within its source (0-based): names an unnumbered task (taskCode). */
  position: z.number().int(),
  text: z.string(),
  deadline: z.string().nullable(),
  assignments: z.array(assignmentSchema),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;
/** Where a carried task came from, read on the carried task: the link and what the old task had reached. */
export const carriedFromSchema = z.object({
  taskId: idSchema,
  planId: idSchema,
  planYear: z.number().int(),
  planTitle: z.string(),
  code: z.string(),
  units: z.array(
    z.object({
      unitName: z.string(),
      role: assignmentRoleSchema,
      status: itemStatusSchema.nullable(),
      progress: z.string().nullable(),
      reports: z.array(
        z.object({ period: z.string(), status: itemStatusSchema.nullable(), progress: z.string().nullable() }),
      ),
      milestones: z.array(z.object({ title: z.string(), dueOn: z.string(), doneOn: z.string().nullable() })),
    }),
  ),
});
export type CarriedFrom = z.infer<typeof carriedFromSchema>;

/** 报送频次 (src/core/rhythm.ts): quarterly, monthly, every N weeks or 阅知 (no report). */
export const rhythmKindSchema = z.enum(RHYTHM_KINDS);
export const rhythmSchema = z.object({
  kind: rhythmKindSchema,
  /** For `weeks`: every so many weeks (1–8); null otherwise. */
  everyWeeks: z.number().int().nullable(),
  /** When the rhythm was set (ISO 8601); periods due before it ask nothing. Null: since the plan began. */
  since: z.string().nullable(),
});
export type TaskRhythm = z.infer<typeof rhythmSchema>;
export const rhythmBodySchema = z
  .object({
    kind: rhythmKindSchema,
    everyWeeks: z.number().int().min(MIN_WEEKS).max(MAX_WEEKS).nullable().optional(),
  })
  .refine((b) => (b.kind === 'weeks') === (b.everyWeeks != null), {
    message: 'everyWeeks goes with kind "weeks" (1–8), and only with it',
    path: ['everyWeeks'],
  });
export type RhythmBody = z.infer<typeof rhythmBodySchema>;
/** What a change of rhythm did: the tasks it set and the periods it added to the plan. */
export const rhythmResultSchema = z.object({
  tasks: z.number().int(),
  rhythm: rhythmSchema,
  periodsAdded: z.number().int(),
});

/** 交办: a task added during the year, numbered apart (会1, 批1, 交1) in a source of its own. */
export const taskOriginSchema = z.enum(['notice', 'meeting', 'instruction', 'other']);
export const addTaskBodySchema = z.object({
  origin: z.enum(['meeting', 'instruction', 'other']),
  /** The meeting's name, or the leader and the document of the 批示 (e.g. 区政府第12次常务会议). */
  originNote: z.string().trim().min(2).max(200),
  text: z.string().trim().min(4).max(2000),
  /** The last day (YYYY-MM-DD, China time); printed as 2026年9月30日前. */
  deadline: z.iso.date(),
  units: z
    .array(z.object({ unitId: idSchema, role: assignmentRoleSchema }))
    .min(1)
    .max(50)
    .refine((list) => new Set(list.map((u) => u.unitId)).size === list.length, { message: 'a unit is named twice' })
    .refine((list) => list.some((u) => u.role !== 'co'), { message: 'a lead or responsible unit is needed' }),
  rhythm: rhythmBodySchema.optional(),
  /** The day the 批示 was given or the meeting held (YYYY-MM-DD, China time; not after today): from it the office's
   *  routing time is measured (督查室办理时效). Optional, for any origin. */
  instructedOn: z.iso.date().optional(),
});
export type AddTaskBody = z.infer<typeof addTaskBodySchema>;

export const taskDetailSchema = taskSummarySchema.extend({
  /** Where the task came from; for one added during the year, from what (会议名称、批示领导及文号). */
  origin: taskOriginSchema,
  originNote: z.string().nullable(),
  /** The day the 批示 was given or the meeting held (YYYY-MM-DD), when the office wrote it down. */
  instructedOn: z.string().nullable(),
  /** 政务公开: whether the task is on the public progress page, and the public note. */
  publicity: z.object({ public: z.boolean(), note: z.string().nullable() }),
  rhythm: rhythmSchema,
  /** The innermost section the task is printed under (the last of sectionPath), for a section-wide rhythm. */
  sectionId: idSchema.nullable(),
  line: z.number().int(),
  leaders: z.array(z.string()),
  indicators: z.array(
    z.object({
      label: z.string(),
      value: z.number(),
      unit: z.string(),
      op: z.enum(['>=', '~', '<=', '=']),
      text: z.string(),
    }),
  ),
  /** 年终结转: the last year's task this one continues, with what it had reached (null for a task of its own). */
  carriedFrom: carriedFromSchema.nullable(),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;
export const taskListQuerySchema = z.object({
  planId: idSchema.optional(),
  sourceId: idSchema.optional(),
  sectionId: idSchema.optional(),
  unitId: idSchema.optional(),
  level: sourceLevelSchema.optional(),
  role: assignmentRoleSchema.optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;
export const taskListSchema = z.object({ items: z.array(taskSummarySchema), total: z.number().int() });

// ---- reporting periods ------------------------------------------------------------------------

export const submissionStatusSchema = z.enum(['draft', 'pending_signoff', 'submitted', 'accepted', 'returned']);
export const periodSchema = z.object({
  id: idSchema,
  planId: idSchema,
  label: z.string(),
  /** quarter/annual: the plan's own (every reported item); month/weeks: added for tasks of that rhythm. */
  kind: z.enum(['quarter', 'annual', 'month', 'weeks']),
  /** A `weeks` period's cycle in weeks; null otherwise. */
  everyWeeks: z.number().int().nullable(),
  coversFrom: z.string(),
  coversTo: z.string(),
  /** The last on-time instant set by the rule or the office (ISO 8601). */
  dueAt: z.string(),
  graceDays: z.number().int(),
  /** dueAt plus the grace days: what lateness is measured against. */
  effectiveDueAt: z.string(),
  locked: z.boolean(),
  /** The period units report on now (one per plan; the server decides, in China Standard Time). */
  current: z.boolean(),
  /** The period whose reports are in: the latest past its deadline, else the current one (one per plan). */
  review: z.boolean(),
  /**
   * For a unit's people in a plan's period list: their unit's package (报送) in the period — its status, or null
   * while it has not been opened (未开始). Absent for those who read every unit's (the office).
   */
  unitSubmissionStatus: submissionStatusSchema.nullable().optional(),
});
export type Period = z.infer<typeof periodSchema>;
export const updatePeriodBodySchema = z
  .object({
    dueAt: z.iso.datetime({ offset: true }).optional(),
    graceDays: z.number().int().min(0).max(90).optional(),
    locked: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

// ---- receipt (签收) -----------------------------------------------------------------------------

export const receiptStatusSchema = z.enum(['pending', 'acknowledged', 'disputed']);
export const receiptSchema = z.object({
  assignmentId: idSchema,
  task: z.object({
    id: idSchema,
    planId: idSchema,
    number: z.string().nullable(),
    text: z.string(),
    source: z.object({ index: z.number().int(), level: sourceLevelSchema }),
  }),
  unit: unitRefSchema,
  role: assignmentRoleSchema,
  status: receiptStatusSchema,
  /** The unit's reason when it disputes the assignment. */
  note: z.string().nullable(),
  /** When the unit last answered (ISO 8601), or null while pending. */
  answeredAt: z.string().nullable(),
  /** The office kept the assignment after a dispute (维持原分工): its reason, for the unit to read. */
  upheld: z.object({ reason: z.string(), at: z.string() }).nullable(),
});
export type Receipt = z.infer<typeof receiptSchema>;
export const receiptListQuerySchema = z.object({
  status: receiptStatusSchema.optional(),
  planId: idSchema.optional(),
  unitId: idSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const receiptListSchema = z.object({ items: z.array(receiptSchema), total: z.number().int() });
/** 批量签收: at most this many assignments in one request (a unit holds a few hundred at most). */
export const MAX_BULK_ACKNOWLEDGE = 2000;
export const bulkAcknowledgeBodySchema = z.object({
  assignmentIds: z.array(idSchema).min(1).max(MAX_BULK_ACKNOWLEDGE),
});
export type BulkAcknowledgeBody = z.infer<typeof bulkAcknowledgeBodySchema>;
export const disputeBodySchema = z.object({ reason: z.string().trim().min(2).max(500) });
export const reassignBodySchema = z.object({ unitId: idSchema, reason: z.string().trim().min(2).max(500) });
export const upholdBodySchema = z.object({ reason: z.string().trim().min(2).max(500) });
export const assignmentEventSchema = z.object({
  at: z.string(),
  by: z.string().nullable(),
  action: z.enum(['acknowledge', 'dispute', 'reassign', 'uphold']),
  fromUnit: unitRefSchema.nullable(),
  toUnit: unitRefSchema.nullable(),
  note: z.string().nullable(),
});
export type AssignmentEvent = z.infer<typeof assignmentEventSchema>;

// ---- ledger (台账) ------------------------------------------------------------------------------

export const dateSchema = z.iso.date();
export const milestoneSchema = z.object({
  id: idSchema,
  title: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  evidence: z.string().nullable(),
  position: z.number().int(),
});
export type Milestone = z.infer<typeof milestoneSchema>;
export const ledgerSchema = z.object({
  assignmentId: idSchema,
  task: z.object({ id: idSchema, number: z.string().nullable(), text: z.string(), sourceLevel: sourceLevelSchema }),
  unit: unitRefSchema,
  role: assignmentRoleSchema,
  /** draft until the unit marks it complete (submitted); the office may return it or confirm it. */
  status: z.enum(['draft', 'submitted', 'confirmed', 'returned']),
  measures: z.string(),
  responsibleLeader: z.string().nullable(),
  responsiblePost: z.string().nullable(),
  responsiblePerson: z.string().nullable(),
  contact: z.string().nullable(),
  phone: z.string().nullable(),
  returnedReason: z.string().nullable(),
  /** 0 before the first save; send it back with every change (a stale version answers 409). */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  /** 工作移交 of this ledger's named persons, oldest first. */
  handovers: z.array(handoverLineSchema),
  abilities: ledgerAbilitiesSchema,
  milestones: z.array(milestoneSchema),
  /** For province and city tasks: the district's share of each indicator (明确我区具体承担的目标任务). */
  localTargets: z.array(
    z.object({
      indicatorId: idSchema,
      label: z.string(),
      printed: z.object({ value: z.number(), unit: z.string(), op: z.enum(['>=', '~', '<=', '=']) }),
      value: z.number().nullable(),
    }),
  ),
});
export type Ledger = z.infer<typeof ledgerSchema>;
const shortText = (max: number) => z.string().trim().max(max);
export const updateLedgerBodySchema = z.object({
  version: z.number().int().min(0),
  measures: shortText(5000).optional(),
  responsibleLeader: shortText(60).nullable().optional(),
  responsiblePost: shortText(60).nullable().optional(),
  responsiblePerson: shortText(60).nullable().optional(),
  contact: shortText(60).nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,20}$/)
    .nullable()
    .optional(),
});
export const milestoneBodySchema = z.object({ title: z.string().trim().min(1).max(200), dueOn: dateSchema });
export const updateMilestoneBodySchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  dueOn: dateSchema.optional(),
  doneOn: dateSchema.nullable().optional(),
  evidence: shortText(500).nullable().optional(),
});
export const localTargetsBodySchema = z.object({
  targets: z.array(z.object({ indicatorId: idSchema, value: z.number().finite().min(0) })).max(50),
});
export const returnLedgerBodySchema = z.object({ reason: z.string().trim().min(2).max(500) });
export const ledgerCompletenessSchema = z.object({
  unit: unitRefSchema,
  assignments: z.number().int(),
  /** Measures written and a responsible person named. */
  filled: z.number().int(),
  withMilestones: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
});
export type LedgerCompleteness = z.infer<typeof ledgerCompletenessSchema>;

// ---- the unit's period submission (报送) and its sign-off -------------------------------------------

/** 核实方式 as the office recorded it at review: the method and/or a note, who and when. */
export const itemVerificationSchema = z.object({
  method: verificationMethodSchema.nullable(),
  note: z.string().nullable(),
  at: z.string(),
  by: z.string().nullable(),
});
export type ItemVerification = z.infer<typeof itemVerificationSchema>;
/** A task's indicator with the actual a report gives (null where none was given). */
export const indicatorActualSchema = z.object({
  indicatorId: idSchema,
  label: z.string(),
  unit: z.string(),
  target: z.number(),
  value: z.number().nullable(),
});

export const itemReportSchema = z.object({
  id: idSchema,
  assignmentId: idSchema,
  task: z.object({ id: idSchema, number: z.string().nullable(), text: z.string(), sourceLevel: sourceLevelSchema }),
  role: assignmentRoleSchema,
  /** Null until someone sets it (未填报): unfilled, not 未启动. */
  status: itemStatusSchema.nullable(),
  /** isUnfilled (src/core/status.ts): no status yet, or 本期无进展 without a reason. */
  unfilled: z.boolean(),
  progress: z.string(),
  problems: z.string().nullable(),
  nextSteps: z.string().nullable(),
  indicatorActuals: z.array(indicatorActualSchema),
  returnedComment: z.string().nullable(),
  /** How the office verified this item at its latest review (核实方式), null before any was recorded. */
  verification: itemVerificationSchema.nullable(),
  /** Why a 滞后/受阻 item lags: keys of the office's list (src/api/lag-reasons.ts); empty for any other status. */
  lagReasons: z.array(z.string()),
  /** The unit's words for 其他. */
  lagReasonText: z.string().nullable(),
  /** Report quality flags (src/core/quality.ts) computed when the package was last sent; null: never computed. */
  qualityFlags: z.array(qualityFlagSchema).nullable(),
  evidence: z.array(
    z.object({ id: idSchema, fileName: z.string(), mime: z.string(), sizeBytes: z.number().int(), sha256: z.string() }),
  ),
  version: z.number().int(),
});
export type ItemReport = z.infer<typeof itemReportSchema>;
/** 代签: the account a unit's leader named to sign the unit's submission for one period. */
export const actingSignerSchema = z.object({
  periodId: idSchema,
  unitId: idSchema,
  user: z.object({ id: idSchema, name: z.string() }).nullable(),
  namedBy: z.string().nullable(),
  namedAt: z.string().nullable(),
  /** Whom the caller may name: the unit's other active accounts (empty unless the caller is its leader). */
  candidates: z.array(z.object({ id: idSchema, name: z.string() })),
});
export type ActingSigner = z.infer<typeof actingSignerSchema>;
export const actingSignerBodySchema = z.object({ userId: idSchema });
export const submissionSchema = z.object({
  id: idSchema,
  unit: unitRefSchema,
  period: z.object({ id: idSchema, label: z.string(), effectiveDueAt: z.string(), locked: z.boolean() }),
  status: submissionStatusSchema,
  signer: z.string().nullable(),
  /** 代签: the leader the signer signed for (代签：signer（代 signedFor）), null when the leader signed. */
  signedFor: z.string().nullable(),
  /** The acting signer named for this unit and period, who may sign instead of the leader. */
  actingSigner: z.string().nullable(),
  signedAt: z.string().nullable(),
  /** sha256 of exactly what was signed. */
  contentHash: z.string().nullable(),
  late: z.boolean(),
  /** How late the signed submission was, in seconds (0 when on time or not yet signed). */
  lateSeconds: z.number().int(),
  returnedComment: z.string().nullable(),
  version: z.number().int(),
  /** Items with a progress text written, out of all items. */
  filled: z.number().int(),
  /** Items still unfilled (isUnfilled): the package cannot be signed while this is above 0. */
  unfilled: z.number().int(),
  abilities: submissionAbilitiesSchema,
  items: z.array(itemReportSchema),
});
export type Submission = z.infer<typeof submissionSchema>;
/**
 * An item save's answer (PATCH /item-reports/:id): the saved item, as in the package's `items`, and the package's
 * state a save can move (an edit withdraws a package from sign-off; the counts say whether it may be signed).
 * Never the whole package: a unit's package holds every item it reports, thousands in a city-sized install.
 */
export const itemReportSaveSchema = z.object({
  item: itemReportSchema,
  submission: submissionSchema.pick({ id: true, status: true, version: true, filled: true, unfilled: true }),
});
export type ItemReportSave = z.infer<typeof itemReportSaveSchema>;
export const updateItemReportBodySchema = z.object({
  version: z.number().int().min(1),
  status: itemStatusSchema.optional(),
  progress: z.string().trim().max(5000).optional(),
  problems: z.string().trim().max(2000).nullable().optional(),
  nextSteps: z.string().trim().max(2000).nullable().optional(),
  indicatorActuals: z
    .array(z.object({ indicatorId: idSchema, value: z.number().finite().nullable() }))
    .max(50)
    .optional(),
  /** Required (one or more) when the item is 滞后 or 受阻, refused otherwise (services/lag-reasons.ts). */
  lagReasons: z.array(z.string().trim().min(1).max(40)).max(10).optional(),
  lagReasonText: z.string().trim().max(1000).nullable().optional(),
});
export const commentBodySchema = z.object({ comment: z.string().trim().min(2).max(1000) });
/**
 * The office's verification of items at review (通过 or 退回): each named item gets the method and note given
 * (both null clears it); items not named keep theirs. An item named twice is refused.
 */
export const verificationsSchema = z
  .array(
    z.object({
      itemReportId: idSchema,
      method: verificationMethodSchema.nullable().default(null),
      note: z.string().trim().max(MAX_VERIFICATION_NOTE).nullable().default(null),
    }),
  )
  .max(500)
  .refine((list) => new Set(list.map((v) => v.itemReportId)).size === list.length, {
    message: 'an item is named twice / 同一事项出现两次',
  })
  .default([]);
export type Verifications = z.infer<typeof verificationsSchema>;
export const reviewAcceptBodySchema = z.object({ verifications: verificationsSchema });
export const reviewReturnBodySchema = z.object({
  comment: z.string().trim().min(2).max(1000),
  items: z
    .array(z.object({ itemReportId: idSchema, comment: z.string().trim().min(2).max(1000) }))
    .max(500)
    .default([]),
  verifications: verificationsSchema,
});
export const submissionSummarySchema = submissionSchema.omit({ items: true });
export type SubmissionSummary = z.infer<typeof submissionSummarySchema>;
/**
 * 报送审核: the period's submissions, the units due that have none yet (未报送), and the totals. Due: every
 * unit that reports here with a task in the period's plan. Sent: past the draft (送审 onwards); signed: signed
 * by the leader (submitted, accepted or returned by the office); not sent: due and still a draft or no package.
 */
export const reviewQueueSchema = z.object({
  items: z.array(submissionSummarySchema),
  notSent: z.array(unitRefSchema),
  totals: z.object({
    due: z.number().int(),
    sent: z.number().int(),
    signed: z.number().int(),
    accepted: z.number().int(),
    returned: z.number().int(),
    notSent: z.number().int(),
  }),
});
export type ReviewQueue = z.infer<typeof reviewQueueSchema>;

// ---- coordination requests (协调事项) ----------------------------------------------------------

/**
 * A task as lists and pickers name it: with its source's level and its place there, so the client writes its
 * code (省1 / 市47 / 区12, core/task-code.ts) — the number alone names up to three tasks of one unit.
 */
export const codedTaskRefSchema = z.object({
  id: idSchema,
  number: z.string().nullable(),
  text: z.string(),
  sourceLevel: sourceLevelSchema,
  position: z.number().int(),
});

export const coordinationStatusSchema = z.enum(['open', 'routed', 'answered', 'resolved']);
export const coordinationSchema = z.object({
  id: idSchema,
  task: codedTaskRefSchema,
  unit: unitRefSchema,
  raisedBy: z.string().nullable(),
  title: z.string(),
  /** The problem and what is needed, from whom. */
  body: z.string(),
  /** The district leader it was routed to. */
  routedTo: z.object({ id: idSchema, name: z.string() }).nullable(),
  status: coordinationStatusSchema,
  /** The leader's answer (批示). */
  answer: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** 工作移交 of the raiser, oldest first. */
  handovers: z.array(handoverLineSchema),
  abilities: coordinationAbilitiesSchema,
});
export type Coordination = z.infer<typeof coordinationSchema>;
export const raiseCoordinationBodySchema = z.object({
  taskId: idSchema,
  title: z.string().trim().min(2).max(100),
  body: z.string().trim().min(2).max(3000),
});
export const routeCoordinationBodySchema = z.object({ executiveId: idSchema });
export const answerCoordinationBodySchema = z.object({ answer: z.string().trim().min(2).max(3000) });
export const coordinationListQuerySchema = z.object({ status: coordinationStatusSchema.optional() });

// ---- extension requests (延期申请) -------------------------------------------------------------

export const extensionSchema = z.object({
  id: idSchema,
  milestone: z.object({ id: idSchema, title: z.string() }),
  assignmentId: idSchema,
  task: codedTaskRefSchema,
  unit: unitRefSchema,
  requestedBy: z.string().nullable(),
  reason: z.string(),
  fromDueOn: z.string(),
  newDueOn: z.string(),
  status: z.enum(['pending', 'approved', 'refused']),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  /** 工作移交 of the requester, oldest first. */
  handovers: z.array(handoverLineSchema),
  abilities: extensionAbilitiesSchema,
});
export type Extension = z.infer<typeof extensionSchema>;
export const requestExtensionBodySchema = z.object({
  newDueOn: dateSchema,
  reason: z.string().trim().min(2).max(1000),
});
export const decideExtensionBodySchema = z.object({
  approve: z.boolean(),
  note: z.string().trim().max(1000).optional(),
});
export const extensionListQuerySchema = z.object({ status: z.enum(['pending', 'approved', 'refused']).optional() });

// ---- lead and co-units: the task's consolidated report ------------------------------------------

export const taskPeriodReportSchema = z.object({
  task: z.object({ id: idSchema, number: z.string().nullable(), text: z.string() }),
  period: z.object({ id: idSchema, label: z.string() }),
  /** Every unit's item report on the task for the period (co-units report first). */
  units: z.array(
    z.object({
      unit: unitRefSchema,
      role: assignmentRoleSchema,
      submissionStatus: submissionStatusSchema.nullable(),
      status: itemStatusSchema.nullable(),
      progress: z.string().nullable(),
      /** Another unit's report its leader has not signed yet: status and progress are not shown (null). */
      withheld: z.boolean(),
      /** When this unit's input is due: the period's deadline, a co-unit's the plan's gap earlier (core/co-units.ts). */
      inputDueAt: z.string(),
      /** The input against that date: signed on time or late, missing once it passed, pending before. */
      inputState: z.enum(['on_time', 'late', 'missing', 'pending']),
    }),
  ),
  /** The lead unit's consolidated status and summary, once written. */
  consolidated: z
    .object({
      unit: unitRefSchema,
      status: itemStatusSchema,
      summary: z.string(),
      by: z.string().nullable(),
      at: z.string(),
    })
    .nullable(),
  /** The task's status rolled up from its units' signed reports (src/core/status.ts); null while none has one. */
  rollup: itemStatusSchema.nullable(),
  abilities: consolidationAbilitiesSchema,
});
export type TaskPeriodReport = z.infer<typeof taskPeriodReportSchema>;
export const consolidateBodySchema = z.object({
  status: itemStatusSchema,
  summary: z.string().trim().min(2).max(5000),
});
export const taskPeriodParamsSchema = z.object({ id: idSchema, periodId: idSchema });

/** `Idempotency-Key` on send and sign: a retry with the same key returns the submission instead of failing. */
export const idempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{8,128}$/)
    .optional(),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
