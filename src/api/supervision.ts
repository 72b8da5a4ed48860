// API contracts of supervision: traffic lights, dashboards, reminders and notifications,
// 督办单, close-out (办结销号), the office's settings. Shared by the server and the web client.

import { z } from 'zod';
import { PROGRESS_CLASSES, type ProgressClass } from '../core/progress.js';
import { closeoutAbilitiesSchema, supervisionNoticeAbilitiesSchema } from './abilities.js';
import { delayCountsSchema } from './delays.js';
import { taskInstructionSchema } from './instructions.js';
import { lagReasonGroupSchema } from './lag-reasons.js';
import {
  assignmentRoleSchema,
  codedTaskRefSchema,
  dateSchema,
  handoverLineSchema,
  idSchema,
  itemStatusSchema,
  itemVerificationSchema,
  sourceLevelSchema,
  submissionStatusSchema,
  taskSummarySchema,
  unitRefSchema,
} from './v1.js';

export const lightSchema = z.enum(['red', 'yellow', 'green', 'grey']);
/** 超进度 / 达进度 / 欠进度 / 已完成 / 逾期完成 (src/core/progress.ts). */
export const progressClassSchema = z.enum(PROGRESS_CLASSES as [ProgressClass, ...ProgressClass[]]);
export type LightValue = z.infer<typeof lightSchema>;
export const lightReasonSchema = z.enum([
  'closed',
  'completed',
  'not_yet_due',
  'overdue_unreported',
  'blocked',
  'lagging_twice',
  'lagging',
  'late',
  'milestone_overdue',
  'behind_schedule',
]);
export const lightCountsSchema = z.object({
  red: z.number().int(),
  yellow: z.number().int(),
  green: z.number().int(),
  grey: z.number().int(),
});

// ---- settings -------------------------------------------------------------------------------------

const days = (max: number) => z.number().int().min(1).max(max);
/** A unit's evidence files may take this much space unless the office sets otherwise (2 GB). */
export const DEFAULT_EVIDENCE_QUOTA_MB = 2048;
/** A year-end statistic is often published in the spring: by default an extension may reach June. */
export const DEFAULT_EXTENSION_MONTHS_PAST_YEAR = 6;
/** The office's own limits (督查室办理时效) unless it sets others. */
export const DEFAULT_REVIEW_WITHIN_DAYS = 5;
export const DEFAULT_ROUTE_WITHIN_DAYS = 2;
export const DEFAULT_INSTRUCTION_WITHIN_DAYS = 3;

export const supervisionSettingsSchema = z.object({
  /** How far (0.1 = 10 points) an indicator may trail 序时进度 before it turns yellow. */
  behindMargin: z.number().min(0).max(1),
  /** Reminders this many days before a period's deadline. */
  remindBeforeDays: z.array(days(60)).max(5),
  /** After the deadline the unit's staff are reminded daily; from this day on, the unit leader too. */
  escalateToLeaderAfterDays: days(60),
  /** From this day after the deadline the office is asked whether to issue a 督办单. */
  proposeNoticeAfterDays: days(90),
  /** A coordination request routed this many days ago without an answer reminds the leader. */
  coordinationUnansweredDays: days(60),
  /** Evidence files a unit may keep, in MB (1024 × 1024 bytes); 2048 (2 GB) when not set. */
  evidenceQuotaMb: z.number().int().min(1).max(1_048_576).optional(),
  /** How many months past the plan year's end an extension may move a date; 6 when not set. */
  extensionMonthsPastYear: z.number().int().min(0).max(24).optional(),
  /** The office's own limit to review a signed package, in days; 5 when not set. */
  reviewWithinDays: days(30).optional(),
  /** The office's own limit to route a coordination request to a district leader, in days; 2 when not set. */
  routeWithinDays: days(30).optional(),
  /** The office's own limit from a 批示 or meeting (instructedOn) to routing it as a task (交办), in days; 0 = the
   *  same day; 3 when not set. */
  instructionWithinDays: z.number().int().min(0).max(30).optional(),
});
export type SupervisionSettings = z.infer<typeof supervisionSettingsSchema>;

// ---- task list with lights ------------------------------------------------------------------------

/** A unit's item on a task: its light, its latest signed status and progress text, its progress class. */
const unitLightSchema = z.object({
  assignmentId: idSchema,
  unit: unitRefSchema,
  role: assignmentRoleSchema,
  light: lightSchema,
  reasons: z.array(lightReasonSchema),
  status: itemStatusSchema.nullable(),
  progress: z.string().nullable(),
  progressClass: progressClassSchema.nullable(),
  closed: z.boolean(),
});

export const taskLightSchema = z.object({
  light: lightSchema,
  reasons: z.array(lightReasonSchema),
  /** The units' progress classes rolled up; null before any report. */
  progressClass: progressClassSchema.nullable(),
  /** Per unit: the light of its item, its latest signed status and progress text. */
  units: z.array(unitLightSchema),
  openCoordination: z.number().int(),
  openNotices: z.number().int(),
});
export const supervisedTaskSchema = taskSummarySchema.extend({ supervision: taskLightSchema });
export type SupervisedTask = z.infer<typeof supervisedTaskSchema>;

/**
 * The task page as a hub (GET /tasks/:id/overview): the task's light and why, and per unit its light, its
 * latest signed status with the period it was signed in, the state of its package for the period under
 * review and the links the caller may open. A unit sees its own items only; `source` (the parser's reading:
 * the notice line and the import's confidence) only the office.
 */
export const taskOverviewSchema = z.object({
  taskId: idSchema,
  light: lightSchema,
  reasons: z.array(lightReasonSchema),
  /** The units' progress classes rolled up (超进度 … 逾期完成); null before any report. */
  progressClass: progressClassSchema.nullable(),
  /** The longest any unit's item is overdue, in days (0: nothing overdue). */
  overdueDays: z.number().int(),
  /** The period whose reports are in (the review period); null for a plan without periods. */
  period: z.object({ id: idSchema, label: z.string() }).nullable(),
  units: z.array(
    unitLightSchema.extend({
      overdueDays: z.number().int(),
      /** Where the latest signed status was reported: the period and when the leader signed. */
      reportedIn: z.object({ periodId: idSchema, label: z.string(), signedAt: z.string() }).nullable(),
      /** How the office verified the item of that latest signed report (核实方式), null when it recorded none. */
      verification: itemVerificationSchema.pick({ method: true, note: true, at: true }).nullable(),
      /** The unit's package for the review period: its status (null: not started). */
      submissionStatus: submissionStatusSchema.nullable(),
      /** What the caller may open for this unit (policy.ts): its 台账 and its package. */
      links: z.object({ ledger: z.boolean(), submission: z.boolean() }),
      /** 延期次数 of this item over the year (src/core/delays.ts), late packages of the periods that asked it included. */
      delays: delayCountsSchema,
    }),
  ),
  openNotices: z.number().int(),
  /** The task's 批示 (its history): to a unit only those routed to it, with its own answer. */
  instructions: z.array(taskInstructionSchema),
  /** The parser's reading of the task, for the office only (null for everyone else). */
  source: z
    .object({
      line: z.number().int(),
      confidence: z.enum(['high', 'medium', 'low']).nullable(),
    })
    .nullable(),
});
export type TaskOverview = z.infer<typeof taskOverviewSchema>;

export const supervisedTaskQuerySchema = z.object({
  planId: idSchema,
  light: lightSchema.optional(),
  progressClass: progressClassSchema.optional(),
  status: itemStatusSchema.optional(),
  level: sourceLevelSchema.optional(),
  sectionId: idSchema.optional(),
  unitId: idSchema.optional(),
  role: assignmentRoleSchema.optional(),
  overdue: z.stringbool().optional(),
  hasCoordination: z.stringbool().optional(),
  hasNotice: z.stringbool().optional(),
  /** Tasks with an item giving this reason for lagging in the period under review (the dashboard's card). */
  lagReason: z.string().trim().max(40).optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type SupervisedTaskQuery = z.infer<typeof supervisedTaskQuerySchema>;
export const supervisedTaskListSchema = z.object({ items: z.array(supervisedTaskSchema), total: z.number().int() });

// ---- dashboard ------------------------------------------------------------------------------------

export const dashboardQuerySchema = z.object({ planId: idSchema });
export const dashboardSchema = z.object({
  plan: z.object({ id: idSchema, title: z.string(), year: z.number().int() }),
  /** The period being reported on now: the latest whose deadline has passed, else the first. */
  period: z.object({ id: idSchema, label: z.string(), dueAt: z.string() }).nullable(),
  asOf: z.string(),
  /** Tasks by their (worst-unit) light, and items by latest status ('unreported' when none signed). */
  totals: z.object({
    tasks: z.number().int(),
    items: z.number().int(),
    taskLights: lightCountsSchema,
    itemStatuses: z.record(z.string(), z.number().int()),
  }),
  bySource: z.array(
    z.object({ level: sourceLevelSchema, title: z.string(), lights: lightCountsSchema, completed: z.number().int() }),
  ),
  bySection: z.array(
    z.object({ id: idSchema, title: z.string(), level: sourceLevelSchema, lights: lightCountsSchema }),
  ),
  byUnit: z.array(
    z.object({
      unit: unitRefSchema,
      lights: lightCountsSchema,
      /** This period's submission: on time, late, not yet (due not passed) or missing (due passed). */
      submission: z.enum(['on_time', 'late', 'pending', 'missing']),
    }),
  ),
  /** On-time submission rate per period, and the item lights as they stood in each. */
  trend: z.array(
    z.object({
      period: z.object({ id: idSchema, label: z.string() }),
      lights: lightCountsSchema,
      onTimeRate: z.number().nullable(),
    }),
  ),
  /** Red tasks, then yellow ones: each with its units and the last progress text. */
  lagging: z.array(
    z.object({
      task: z.object({ id: idSchema, number: z.string().nullable(), text: z.string(), level: sourceLevelSchema }),
      light: lightSchema,
      reasons: z.array(lightReasonSchema),
      units: z.array(
        z.object({
          unit: unitRefSchema,
          role: assignmentRoleSchema,
          light: lightSchema,
          progress: z.string().nullable(),
        }),
      ),
    }),
  ),
  /** The period's 滞后/受阻 items by reason, in the office's order (reasons no item gives are left out). */
  lagReasons: z.array(lagReasonGroupSchema),
  /** For a unit: its milestones due in the next 30 days and the next deadline. */
  due: z
    .object({
      nextDeadline: z.object({ periodId: idSchema, label: z.string(), dueAt: z.string() }).nullable(),
      milestones: z.array(
        z.object({
          id: idSchema,
          title: z.string(),
          dueOn: z.string(),
          taskId: idSchema,
          taskNumber: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

// ---- notifications --------------------------------------------------------------------------------

/**
 * Every kind of notification the server writes: reminders of the scheduler, and the hand-offs that tell the
 * next person at once. `kind` itself stays a string, since rows written by an older release keep theirs.
 */
export const NOTIFICATION_KINDS = [
  // Reminders (the scheduler) and the office's 催办.
  'period_due',
  'period_overdue',
  'co_input_due',
  'co_input_overdue',
  'notice_proposal',
  'milestone_due',
  'milestone_overdue',
  'coordination_unanswered',
  'notice_overdue',
  'manual_reminder',
  // Hand-offs: a submission through signature and review.
  'signoff_pending',
  'submission_signed',
  'submission_leader_returned',
  'submission_accepted',
  'submission_returned',
  // Coordination, extensions, disputes.
  'coordination_raised',
  'coordination_routed',
  'coordination_answered',
  'extension_decided',
  'dispute_decided',
  // 督办单, close-out, bulletins.
  'notice_issued',
  'notice_responded',
  'notice_closed',
  'closeout_requested',
  'closeout_verified',
  'closeout_rejected',
  'bulletin_signoff_pending',
  'bulletin_signed_off',
  'bulletin_signoff_returned',
  'bulletin_published',
  // 问责梯度: the unit reached a step of the office's ladder.
  'ladder_step',
  // The office's own work past its limits (督查室办理时效).
  'office_overdue',
  // 年终结转: a task continues in the next year's plan.
  'task_carried_over',
  // 交办: a task added during the year, to sign for.
  'task_added',
  // People change: a colleague's open work handed over to this account.
  'work_handed_over',
  // 批示: written, routed to a unit, answered, closed; an answer coming due or overdue.
  'instruction_written',
  'instruction_routed',
  'instruction_answered',
  'instruction_closed',
  'instruction_due',
  'instruction_overdue',
  // 领导专报: a district leader's weekly brief is ready.
  'leader_brief',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const notificationSchema = z.object({
  id: idSchema,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type AppNotification = z.infer<typeof notificationSchema>;
export const notificationListSchema = z.object({ items: z.array(notificationSchema), unread: z.number().int() });
export const markReadBodySchema = z.object({ ids: z.array(idSchema).max(500).optional(), all: z.boolean().optional() });
export const remindBodySchema = z.object({
  assignmentIds: z.array(idSchema).min(1).max(2000),
  message: z.string().trim().max(500).optional(),
});
export const deliverySchema = z.object({
  id: idSchema,
  channel: z.enum(['email', 'wecom', 'dingtalk']),
  recipient: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export const deliveryQuerySchema = z.object({ status: z.enum(['pending', 'sent', 'failed']).optional() });
export const schedulerRunSchema = z.object({
  ran: z.boolean(),
  notifications: z.number().int(),
  digests: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
});

export const webhookBodySchema = z.object({
  kind: z.enum(['wecom', 'dingtalk']).nullable(),
  url: z.string().trim().max(1000).nullable(),
  secret: z.string().trim().max(200).nullable().optional(),
});
export const webhookSchema = z.object({
  kind: z.enum(['wecom', 'dingtalk']).nullable(),
  url: z.string().nullable(),
  hasSecret: z.boolean(),
});

// ---- 督办单 ---------------------------------------------------------------------------------------

export const supervisionNoticeSeveritySchema = z.enum(['blue', 'yellow', 'red']);
export const supervisionNoticeStatusSchema = z.enum(['issued', 'responded', 'closed']);
export const supervisionNoticeSchema = z.object({
  id: idSchema,
  /** 督办〔2025〕12号 */
  number: z.string(),
  year: z.number().int(),
  seq: z.number().int(),
  task: codedTaskRefSchema,
  assignmentId: idSchema.nullable(),
  unit: unitRefSchema,
  reason: z.string(),
  severity: supervisionNoticeSeveritySchema,
  respondBy: z.string().nullable(),
  status: supervisionNoticeStatusSchema,
  response: z.string().nullable(),
  newDueOn: z.string().nullable(),
  respondedBy: z.string().nullable(),
  respondedAt: z.string().nullable(),
  issuedBy: z.string().nullable(),
  issuedAt: z.string(),
  closedAt: z.string().nullable(),
  closeNote: z.string().nullable(),
  /** 最多报一次: the figures, evidence (by reference) and contact the response gives, pre-filled from the package. */
  indicatorActuals: z.array(z.object({ indicatorId: idSchema, value: z.number().nullable() })),
  evidence: z.array(z.object({ id: idSchema, fileName: z.string(), sha256: z.string() })),
  contact: z.string().nullable(),
  overdue: z.boolean(),
  abilities: supervisionNoticeAbilitiesSchema,
});
export type SupervisionNotice = z.infer<typeof supervisionNoticeSchema>;
export const issueSupervisionNoticeBodySchema = z.object({
  assignmentId: idSchema,
  reason: z.string().trim().min(2).max(2000),
  severity: supervisionNoticeSeveritySchema,
  respondBy: dateSchema,
});
export const respondSupervisionNoticeBodySchema = z.object({
  response: z.string().trim().min(2).max(5000),
  newDueOn: dateSchema.optional(),
  /** The task's indicator actuals, as the unit's package of the period gives them unless changed. */
  indicatorActuals: z
    .array(z.object({ indicatorId: idSchema, value: z.number().finite().nullable() }))
    .max(50)
    .optional(),
  /** Evidence already uploaded to this item's reports, by id (GET /assignments/:id/given lists them). */
  evidenceIds: z.array(idSchema).max(50).optional(),
  contact: z.string().trim().max(200).optional(),
});
export const closeSupervisionNoticeBodySchema = z.object({ note: z.string().trim().max(1000).optional() });
export const supervisionNoticeListQuerySchema = z.object({
  status: supervisionNoticeStatusSchema.optional(),
  planId: idSchema.optional(),
});

// ---- 办结销号 -------------------------------------------------------------------------------------

export const closeoutSchema = z.object({
  id: idSchema,
  assignmentId: idSchema,
  task: z.object({ id: idSchema, number: z.string().nullable(), text: z.string() }),
  unit: unitRefSchema,
  note: z.string(),
  evidence: z.array(z.object({ id: idSchema, fileName: z.string(), sha256: z.string() })),
  status: z.enum(['pending', 'verified', 'rejected']),
  requestedBy: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
  /** 工作移交 of the requester, oldest first. */
  handovers: z.array(handoverLineSchema),
  abilities: closeoutAbilitiesSchema,
});
export type Closeout = z.infer<typeof closeoutSchema>;
export const requestCloseoutBodySchema = z.object({
  assignmentId: idSchema,
  note: z.string().trim().min(2).max(2000),
  evidenceIds: z.array(idSchema).max(50),
});
export const decideCloseoutBodySchema = z
  .object({ verify: z.boolean(), note: z.string().trim().max(1000).optional() })
  .refine((b) => b.verify || (b.note !== undefined && b.note.length >= 2), {
    message: 'a rejection needs a reason',
    path: ['note'],
  });
export const closeoutListQuerySchema = z.object({ status: z.enum(['pending', 'verified', 'rejected']).optional() });
