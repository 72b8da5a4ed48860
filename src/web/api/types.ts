// Types inferred from the contract (src/api/v1.ts). Type-only imports: no zod in the bundle for these.

import type { z } from 'zod';
import type { updateBulletinBodySchema } from '../../api/bulletins';
import type {
  closeoutSchema,
  Dashboard,
  decideCloseoutBodySchema,
  deliverySchema,
  issueSupervisionNoticeBodySchema,
  lightCountsSchema,
  lightReasonSchema,
  notificationListSchema,
  requestCloseoutBodySchema,
  respondSupervisionNoticeBodySchema,
  schedulerRunSchema,
  supervisedTaskListSchema,
  supervisedTaskQuerySchema,
  supervisionNoticeSeveritySchema,
  supervisionNoticeStatusSchema,
  webhookBodySchema,
  webhookSchema,
} from '../../api/supervision';
import type {
  addTaskBodySchema,
  assignmentRoleSchema,
  assignmentSchema,
  changePasswordBodySchema,
  confirmImportBodySchema,
  confirmImportResultSchema,
  consolidateBodySchema,
  coordinationStatusSchema,
  createUnitBodySchema,
  createUserBodySchema,
  decideExtensionBodySchema,
  extensionSchema,
  itemStatusSchema,
  ledgerCompletenessSchema,
  ledgerSchema,
  localTargetsBodySchema,
  loginBodySchema,
  mergeUnitBodySchema,
  milestoneBodySchema,
  raiseCoordinationBodySchema,
  receiptListQuerySchema,
  receiptListSchema,
  receiptStatusSchema,
  requestExtensionBodySchema,
  reviewAcceptBodySchema,
  reviewReturnBodySchema,
  rhythmBodySchema,
  rhythmResultSchema,
  sessionSchema,
  sourceLevelSchema,
  submissionStatusSchema,
  taskListQuerySchema,
  taskListSchema,
  unitGroupBodySchema,
  unitKindSchema,
  unitLevelSchema,
  unitListQuerySchema,
  updateItemReportBodySchema,
  updateLedgerBodySchema,
  updateMilestoneBodySchema,
  updatePeriodBodySchema,
  updateUnitBodySchema,
  updateUserBodySchema,
  userImportResultSchema,
  userWithPasswordSchema,
  verificationsSchema,
} from '../../api/v1';

export type {
  Action,
  BulletinAbilities,
  CoordinationAbilities,
  RoleAbilities,
  SubmissionAbilities,
} from '../../api/abilities';
export type {
  ActingSigner,
  AssignmentEvent,
  Coordination,
  DraftTask,
  DraftTaskPage,
  DraftWarningPage,
  Extension,
  ImportCorrection,
  ImportCorrectionBody,
  ImportCorrectionList,
  ImportCorrectionResult,
  ImportCorrectionUndoResult,
  ImportPreview,
  ItemReport,
  ItemReportSave,
  Ledger,
  Me,
  Milestone,
  Period,
  Plan,
  PlanDetail,
  Receipt,
  ReviewQueue,
  Role,
  SectionNode,
  Submission,
  SubmissionSummary,
  TaskDetail,
  TaskPeriodReport,
  TaskSummary,
  Unit,
  UnitGroup,
  UnitMatch,
  User,
} from '../../api/v1';
export type Session = z.infer<typeof sessionSchema>;
export type LoginBody = z.input<typeof loginBodySchema>;
export type ChangePasswordBody = z.input<typeof changePasswordBodySchema>;

export type UnitLevel = z.infer<typeof unitLevelSchema>;
export type SourceLevel = z.infer<typeof sourceLevelSchema>;
export type UnitKind = z.infer<typeof unitKindSchema>;
export type AssignmentRole = z.infer<typeof assignmentRoleSchema>;
export type Assignment = z.infer<typeof assignmentSchema>;

export type UnitListQuery = z.input<typeof unitListQuerySchema>;
export type CreateUnitBody = z.input<typeof createUnitBodySchema>;
export type UpdateUnitBody = z.input<typeof updateUnitBodySchema>;
export type MergeUnitBody = z.input<typeof mergeUnitBodySchema>;
export type UnitGroupBody = z.input<typeof unitGroupBodySchema>;

export type CreateUserBody = z.input<typeof createUserBodySchema>;
export type UpdateUserBody = z.input<typeof updateUserBodySchema>;
export type UserWithPassword = z.infer<typeof userWithPasswordSchema>;
export type UserImportResult = z.infer<typeof userImportResultSchema>;

export type ConfirmImportBody = z.input<typeof confirmImportBodySchema>;
export type ConfirmImportResult = z.infer<typeof confirmImportResultSchema>;

export type TaskListQuery = Partial<z.infer<typeof taskListQuerySchema>>;
export type TaskList = z.infer<typeof taskListSchema>;

export type UpdatePeriodBody = z.input<typeof updatePeriodBodySchema>;
export type RhythmBody = z.input<typeof rhythmBodySchema>;
export type AddTaskBody = z.input<typeof addTaskBodySchema>;
export type RhythmResult = z.infer<typeof rhythmResultSchema>;
export type { TaskRhythm } from '../../api/v1';

export type ReceiptStatus = z.infer<typeof receiptStatusSchema>;
export type ReceiptListQuery = Partial<z.infer<typeof receiptListQuerySchema>>;
export type ReceiptList = z.infer<typeof receiptListSchema>;

export interface ItemList<T> {
  items: T[];
}

export type LedgerStatus = z.infer<typeof ledgerSchema>['status'];
export type UpdateLedgerBody = z.input<typeof updateLedgerBodySchema>;
export type MilestoneBody = z.input<typeof milestoneBodySchema>;
export type UpdateMilestoneBody = z.input<typeof updateMilestoneBodySchema>;
export type LocalTargetsBody = z.input<typeof localTargetsBodySchema>;
export type LedgerCompleteness = z.infer<typeof ledgerCompletenessSchema>;

export type ItemStatus = z.infer<typeof itemStatusSchema>;
export type SubmissionStatus = z.infer<typeof submissionStatusSchema>;
export type UpdateItemReportBody = z.input<typeof updateItemReportBodySchema>;
export type ReviewReturnBody = z.input<typeof reviewReturnBodySchema>;
export type ReviewAcceptBody = z.input<typeof reviewAcceptBodySchema>;
export type Verifications = z.input<typeof verificationsSchema>;
export type { ItemVerification } from '../../api/v1';
export type { VerificationMethod } from '../../core/verification';

export type CoordinationStatus = z.infer<typeof coordinationStatusSchema>;
export type RaiseCoordinationBody = z.input<typeof raiseCoordinationBodySchema>;

export type ConsolidateBody = z.input<typeof consolidateBodySchema>;

export type ExtensionStatus = z.infer<typeof extensionSchema>['status'];
export type RequestExtensionBody = z.input<typeof requestExtensionBodySchema>;
export type DecideExtensionBody = z.input<typeof decideExtensionBodySchema>;

// ---- supervision (src/api/supervision.ts) ----------------------------------------------------------

export type {
  AppNotification,
  Closeout,
  Dashboard,
  LightValue as Light,
  SupervisedTask,
  SupervisionNotice,
  SupervisionSettings,
  TaskOverview,
} from '../../api/supervision';

export type LightReason = z.infer<typeof lightReasonSchema>;
export type { ProgressClass } from '../../core/progress';
export type LightCounts = z.infer<typeof lightCountsSchema>;
export type SupervisedTaskQuery = Partial<z.infer<typeof supervisedTaskQuerySchema>>;
export type SupervisedTaskList = z.infer<typeof supervisedTaskListSchema>;
export type NotificationList = z.infer<typeof notificationListSchema>;
export type Delivery = z.infer<typeof deliverySchema>;
export type DeliveryStatus = Delivery['status'];
export type SchedulerRun = z.infer<typeof schedulerRunSchema>;
export type Webhook = z.infer<typeof webhookSchema>;
export type WebhookBody = z.input<typeof webhookBodySchema>;
export type SupervisionNoticeSeverity = z.infer<typeof supervisionNoticeSeveritySchema>;
export type SupervisionNoticeStatus = z.infer<typeof supervisionNoticeStatusSchema>;
export type IssueNoticeBody = z.input<typeof issueSupervisionNoticeBodySchema>;
export type RespondNoticeBody = z.input<typeof respondSupervisionNoticeBodySchema>;
export type CloseoutStatus = z.infer<typeof closeoutSchema>['status'];
export type RequestCloseoutBody = z.input<typeof requestCloseoutBodySchema>;
export type DecideCloseoutBody = z.input<typeof decideCloseoutBodySchema>;
/** This period's submission of a unit on the dashboard: on time, late, not yet due, missing. */
export type SubmissionState = Dashboard['byUnit'][number]['submission'];

// ---- bulletins (src/api/bulletins.ts) -----------------------------------------------------------------

export type {
  Bulletin,
  BulletinApprover,
  BulletinData,
  BulletinDraft,
  BulletinSignoff,
  BulletinSummary,
} from '../../api/bulletins';
export type UpdateBulletinBody = z.input<typeof updateBulletinBodySchema>;
