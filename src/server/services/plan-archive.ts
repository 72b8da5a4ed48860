// A closed plan (年终结转, services/year-end.ts) is an archive: read-only. Every write is audited in its own
// transaction (services/audit.ts), and the audit record names what the write touched, so the audit path is the
// one place that refuses a write to a closed plan's tasks, assignments, ledgers, submissions and items,
// coordination, extensions, close-outs, 督办单, bulletins and periods: the plan of the record's subject is looked
// up here and, once closed, the whole transaction rolls back with 409 plan_closed. Reads, documents and exports
// are not writes and stay available.

import { type SQL, sql } from 'drizzle-orm';
import type { AuditAction } from '../../api/audit.js';
import type { Db } from '../db/client.js';
import { conflict } from '../errors.js';

/** The plan a subject's row belongs to, by the audit record's subjectType. */
const PLAN_OF: Record<string, (id: string) => SQL> = {
  plan: (id) => sql`select ${id}::uuid`,
  task: (id) => sql`select plan_id from tasks where id = ${id}`,
  assignment: (id) => sql`select t.plan_id from assignments a join tasks t on t.id = a.task_id where a.id = ${id}`,
  reporting_period: (id) => sql`select plan_id from reporting_periods where id = ${id}`,
  submission: (id) =>
    sql`select r.plan_id from submissions s join reporting_periods r on r.id = s.period_id where s.id = ${id}`,
  item_report: (id) =>
    sql`select r.plan_id from item_reports i join submissions s on s.id = i.submission_id
        join reporting_periods r on r.id = s.period_id where i.id = ${id}`,
  sheet_upload: (id) =>
    sql`select r.plan_id from sheet_uploads u join reporting_periods r on r.id = u.period_id where u.id = ${id}`,
  extension_request: (id) =>
    sql`select t.plan_id from extension_requests e join milestones m on m.id = e.milestone_id
        join ledgers l on l.id = m.ledger_id join assignments a on a.id = l.assignment_id
        join tasks t on t.id = a.task_id where e.id = ${id}`,
  closeout: (id) =>
    sql`select t.plan_id from closeout_requests c join assignments a on a.id = c.assignment_id
        join tasks t on t.id = a.task_id where c.id = ${id}`,
  coordination_request: (id) =>
    sql`select t.plan_id from coordination_requests c join tasks t on t.id = c.task_id where c.id = ${id}`,
  supervision_notice: (id) =>
    sql`select t.plan_id from supervision_notices n join tasks t on t.id = n.task_id where n.id = ${id}`,
  bulletin: (id) => sql`select plan_id from bulletins where id = ${id}`,
};

/**
 * Writes a closed plan still takes: closing it (the step that makes it an archive) and choosing it for the public
 * page (its final state stays publishable).
 */
const ARCHIVE_WRITES: ReadonlySet<AuditAction> = new Set(['plan.close', 'plan.publish']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const planClosed = () =>
  conflict(
    'plan_closed',
    '该方案已年终关闭并归档，只能查阅和导出，不能再修改。',
    'This plan is closed for the year and archived: it can be read and exported, not changed.',
  );

/** Throws plan_closed when the write this audit record describes touches a closed plan. */
export async function refuseWriteToClosedPlan(
  tx: Db,
  record: { action: AuditAction; subjectType?: string; subjectId?: string },
): Promise<void> {
  const planOf = record.subjectType ? PLAN_OF[record.subjectType] : undefined;
  if (!planOf || !record.subjectId || !UUID.test(record.subjectId) || ARCHIVE_WRITES.has(record.action)) return;
  const rows = await tx.execute<{ closed: boolean }>(
    sql`select exists (select 1 from plans where id = (${planOf(record.subjectId)}) and status = 'closed') as closed`,
  );
  if (rows.rows[0]?.closed) throw planClosed();
}
