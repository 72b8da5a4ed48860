// API contract of the audit log (admin only): the names of the actions every write records, the entry as the
// list and the CSV show it, the filters, and the hash chain's check. The server writes and reads entries with
// these (src/server/services/audit.ts, routes/audit.ts); the web's audit page reads them.

import { z } from 'zod';
import { dateSchema } from './v1.js';

/**
 * Every action an audit entry records, by what it is done to. Writers may only use these; the log itself is
 * read as text (`AuditEntry.action` is a string), since entries written by an older release keep their names.
 */
export const AUDIT_ACTIONS = [
  // Signing in and out, passwords.
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_changed',
  'auth.password_change_failed',
  // Accounts, units and groups, settings.
  'user.bootstrap_admin',
  'user.create',
  'user.update',
  'user.handover',
  'unit.create',
  'unit.update',
  'unit.merge',
  'unit.import',
  'unit.webhook',
  'group.create',
  'group.update',
  'settings.update',
  'settings.evaluation',
  'settings.ladder',
  'settings.quality',
  'lag_reason.create',
  'lag_reason.update',
  // Importing a notice into a plan, and the plan's periods.
  'import.preview',
  'import.confirm',
  'import.revise',
  'import.discard',
  'import.correct',
  'import.correction_undo',
  'import.correction_reset',
  'period.update',
  'plan.publish',
  'plan.carry_over',
  'plan.task_closed',
  'plan.close',
  'plan.co_unit_lead_days',
  'task.publicity',
  'task.rhythm',
  'task.add',
  'task.consolidate',
  'assignment.reassign',
  'assignment.uphold',
  'link.confirmed',
  'link.rejected',
  'link.undecided',
  // A unit's work: receipt, ledger, submissions (报送), evidence, period sheets.
  'receipt.acknowledge',
  'receipt.dispute',
  'ledger.update',
  'milestone.add',
  'milestone.update',
  'milestone.delete',
  'ledger.local_targets',
  'ledger.submit',
  'ledger.confirm',
  'ledger.return',
  'submission.item_update',
  'submission.send',
  'submission.sign',
  'submission.sign_refused',
  'submission.acting_signer_name',
  'submission.acting_signer_revoke',
  'submission.leader_return',
  'submission.accept',
  'submission.return',
  'evidence.add',
  'evidence.remove',
  'evidence.reuse',
  'sheet.apply',
  // Requests and the office's answers.
  'extension.request',
  'extension.approve',
  'extension.refuse',
  'closeout.request',
  'closeout.verify',
  'closeout.reject',
  'coordination.raise',
  'coordination.route',
  'coordination.answer',
  'coordination.resolve',
  // The office's supervision: notices (督办单), bulletins, evaluation, reminders.
  'supervisionNotice.issue',
  'supervisionNotice.respond',
  'supervisionNotice.close',
  'ladder.apply',
  'bulletin.create',
  'bulletin.edit',
  'bulletin.regenerate',
  'bulletin.submitSignoff',
  'bulletin.signOff',
  'bulletin.returnSignoff',
  'bulletin.publish',
  'bulletin.correct',
  'evaluation.rate',
  'reminders.send',
  'watch.add',
  'watch.remove',
  'instruction.write',
  'instruction.route',
  'instruction.answer',
  'instruction.close',
  'leader.units',
  // Operations.
  'audit.export',
  'backup.create',
  'backup.restore',
  'demo.seed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditFilterSchema = z.object({
  action: z.string().trim().min(1).max(100).optional(),
  /** A user id or a username. */
  user: z.string().trim().min(1).max(100).optional(),
  subjectType: z.string().trim().min(1).max(100).optional(),
  subjectId: z.string().trim().min(1).max(200).optional(),
  /** Calendar dates in China Standard Time, both inclusive. */
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
export const auditListQuerySchema = auditFilterSchema.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.infer<typeof auditListQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string() }).nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.unknown(),
  prevHash: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditListSchema = z.object({ items: z.array(auditEntrySchema), total: z.number().int() });
export type AuditList = z.infer<typeof auditListSchema>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
export const auditVerifyQuerySchema = z
  .object({ anchorId: z.coerce.number().int().min(1).optional(), anchorHash: sha256.optional() })
  .refine((q) => (q.anchorId === undefined) === (q.anchorHash === undefined), {
    message: 'anchorId and anchorHash go together',
  });

export const AUDIT_PROBLEM_REASONS = [
  /** The entry's content or hash was changed. */
  'edited',
  /** The entry does not follow the one before it: an entry between them was deleted (or inserted, or reordered). */
  'chain_broken',
  /** The anchored entry is gone: the chain was cut off at or before it. */
  'anchor_missing',
  /** The anchored entry is there with another hash: it, or an entry before it, was rewritten. */
  'anchor_mismatch',
] as const;
export type AuditProblemReason = (typeof AUDIT_PROBLEM_REASONS)[number];

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  /** Entries walked (all of them when ok). */
  checked: z.number().int(),
  /** The last entry walked; record it as the next anchor when ok. */
  head: z.object({ id: z.number().int(), hash: z.string(), at: z.string() }).nullable(),
  anchor: z.object({ id: z.number().int(), hash: z.string() }).nullable(),
  problem: z
    .object({
      entryId: z.number().int(),
      reason: z.enum(AUDIT_PROBLEM_REASONS),
      message: z.object({ zh: z.string(), en: z.string() }),
    })
    .nullable(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

/** One organisation's chain in a walk of every chain (`duban audit verify`). */
export const auditChainVerificationSchema = auditVerificationSchema.extend({
  /** Null id and name: an anchor named an organisation that is no longer in the database. */
  organisation: z.object({ id: z.string().nullable(), slug: z.string(), name: z.string().nullable() }),
});
export type AuditChainVerification = z.infer<typeof auditChainVerificationSchema>;

/** Every organisation's chain, each with its head (docs/decisions/0010: one chain per organisation). */
export const auditReportSchema = z.object({ ok: z.boolean(), chains: z.array(auditChainVerificationSchema) });
export type AuditReport = z.infer<typeof auditReportSchema>;
