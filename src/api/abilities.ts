// What the caller may do, as the server's policy decided it: the actions, the caller's role-level grants
// (on the session) and the booleans a single object carries for its buttons. The web shows these and
// never re-decides them.

import { z } from 'zod';

export const ACTIONS = [
  'plans.read',
  'plans.import',
  'plans.yearEnd',
  'periods.manage',
  'receipts.read',
  'receipts.answer',
  'assignments.reassign',
  'ledgers.read',
  'ledgers.write',
  'ledgers.review',
  'submissions.read',
  'submissions.edit',
  'submissions.sign',
  'submissions.review',
  'submissions.consolidate',
  'coordination.read',
  'coordination.raise',
  'coordination.route',
  'coordination.answer',
  'coordination.resolve',
  'tasks.read',
  'directory.read',
  'directory.write',
  'users.read',
  'users.write',
  'users.handover',
  'audit.read',
  'backups.manage',
  'supervision.read',
  'supervision.manage',
  'supervision.oversee',
  'reminders.send',
  'deliveries.read',
  'webhooks.manage',
  'supervisionNotices.read',
  'supervisionNotices.issue',
  'supervisionNotices.respond',
  'closeouts.read',
  'closeouts.request',
  'closeouts.verify',
  'bulletins.read',
  'bulletins.readDrafts',
  'bulletins.manage',
  'bulletins.signOff',
  'evaluation.read',
  'evaluation.manage',
  'watches.manage',
  'instructions.read',
  'instructions.write',
  'instructions.route',
  'instructions.answer',
  'leaders.read',
  'leaders.manage',
  'briefs.read',
  'briefs.prepare',
] as const;
export const actionSchema = z.enum(ACTIONS);
export type Action = z.infer<typeof actionSchema>;

/** 'all': on any row; 'own-unit': on rows of the caller's unit only. Actions the role never has are absent. */
export const grantSchema = z.enum(['all', 'own-unit']);
export const roleAbilitiesSchema = z.partialRecord(actionSchema, grantSchema);
export type RoleAbilities = z.infer<typeof roleAbilitiesSchema>;

// Per object: whether the caller may take each step on this row (its unit, its lead unit, who it was routed
// to). Whether the row's state allows the step now is the object's status, shown beside it.
export const submissionAbilitiesSchema = z.object({
  edit: z.boolean(),
  sign: z.boolean(),
  review: z.boolean(),
  requestCloseout: z.boolean(),
});
export const ledgerAbilitiesSchema = z.object({
  edit: z.boolean(),
  review: z.boolean(),
  requestExtension: z.boolean(),
});
export const coordinationAbilitiesSchema = z.object({
  route: z.boolean(),
  answer: z.boolean(),
  resolve: z.boolean(),
});
export const supervisionNoticeAbilitiesSchema = z.object({ respond: z.boolean(), close: z.boolean() });
export const closeoutAbilitiesSchema = z.object({ request: z.boolean(), verify: z.boolean() });
export const extensionAbilitiesSchema = z.object({ decide: z.boolean() });
export const bulletinAbilitiesSchema = z.object({
  manage: z.boolean(),
  /** The caller is the approver this draft waits for (签发 or 退回). */
  signOff: z.boolean(),
});
export const consolidationAbilitiesSchema = z.object({ consolidate: z.boolean() });
export type SubmissionAbilities = z.infer<typeof submissionAbilitiesSchema>;
export type LedgerAbilities = z.infer<typeof ledgerAbilitiesSchema>;
export type CoordinationAbilities = z.infer<typeof coordinationAbilitiesSchema>;
export type SupervisionNoticeAbilities = z.infer<typeof supervisionNoticeAbilitiesSchema>;
export type CloseoutAbilities = z.infer<typeof closeoutAbilitiesSchema>;
export type ExtensionAbilities = z.infer<typeof extensionAbilitiesSchema>;
export type BulletinAbilities = z.infer<typeof bulletinAbilitiesSchema>;
export type ConsolidationAbilities = z.infer<typeof consolidationAbilitiesSchema>;
