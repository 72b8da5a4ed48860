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
const PLAN_OF = {
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
  /** A 批示's plan is its subject's: the task's (a task or a 督办单), the report's period's, the bulletin's. */
  instruction: (id) =>
    sql`select coalesce(
          (select t.plan_id from instructions i join tasks t on t.id = i.task_id where i.id = ${id}),
          (select r.plan_id from instructions i join submissions s on s.id = i.subject_id
             join reporting_periods r on r.id = s.period_id where i.id = ${id} and i.subject_type = 'submission'),
          (select b.plan_id from instructions i join bulletins b on b.id = i.subject_id
             where i.id = ${id} and i.subject_type = 'bulletin'))`,
} satisfies Record<string, (id: string) => SQL>;
export type PlanSubject = keyof typeof PLAN_OF;

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

/** Whether the subject's plan is closed (false for a subject type with no plan, or an unknown id). */
export async function inClosedPlan(db: Db, subjectType: string, subjectId: string): Promise<boolean> {
  const planOf = (PLAN_OF as Record<string, (id: string) => SQL>)[subjectType];
  if (!planOf || !UUID.test(subjectId)) return false;
  const rows = await db.execute<{ closed: boolean }>(
    sql`select exists (select 1 from plans where id = (${planOf(subjectId)}) and status = 'closed') as closed`,
  );
  return rows.rows[0]?.closed === true;
}

/** Throws plan_closed when the subject's plan is closed: for a write that must stop before it touches disk or mail. */
export async function assertPlanOpen(db: Db, subjectType: PlanSubject, subjectId: string): Promise<void> {
  if (await inClosedPlan(db, subjectType, subjectId)) throw planClosed();
}

/** Throws plan_closed when the write this audit record describes touches a closed plan. */
export async function refuseWriteToClosedPlan(
  tx: Db,
  record: { action: AuditAction; subjectType?: string; subjectId?: string },
): Promise<void> {
  if (!record.subjectType || !record.subjectId || ARCHIVE_WRITES.has(record.action)) return;
  if (await inClosedPlan(tx, record.subjectType, record.subjectId)) throw planClosed();
}

/** The closed plans (a handful: one per past year), for lists whose rows each carry their plan. */
export async function closedPlans(db: Db): Promise<Set<string>> {
  const rows = await db.execute<{ id: string }>(sql`select id from plans where status = 'closed'`);
  return new Set(rows.rows.map((r) => r.id));
}

/** An archived object's buttons: every ability false, so the web shows it read-only as the server treats it. */
export function readOnlyIf<T extends Record<string, boolean>>(closed: boolean, abilities: T): T {
  if (!closed) return abilities;
  return Object.fromEntries(Object.keys(abilities).map((k) => [k, false])) as T;
}
