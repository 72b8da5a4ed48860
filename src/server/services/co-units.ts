// 配合单位先于牵头单位 (issue 19): the office sets per plan how many days before a period's deadline a co-unit's input
// is due, so the lead unit can consolidate. The rule is src/core/co-units.ts; here: the office's setting, and the
// scheduler's reminders of co-units against the earlier date. The lead unit's view of which co-units are late is
// in services/consolidation.ts. A package's own lateness (lights, 考评, bulletins) keeps the period's date:
// docs/design.md, "Co-units before the lead".

import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CoUnitLeadDaysBody } from '../../api/v1.js';
import { coInputDeadline, feedsLead, packageReminderDeadline } from '../../core/co-units.js';
import { effectiveDueAt, isPastDue } from '../../core/periods.js';
import { periodHolds, type Rhythm, type RhythmPeriod } from '../../core/rhythm.js';
import { REPORTED_SUBMISSION_STATUSES } from '../../core/status.js';
import { cstDate, daysBetween } from '../../core/time.js';
import type { Db } from '../db/client.js';
import { assignments, closeoutRequests, plans, submissions, tasks, units } from '../db/schema.js';
import { notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { reportsHere } from './lights.js';
import type { NewNotification } from './notifications.js';
import { rhythmColumns, rhythmOf } from './rhythm.js';

/** The office sets the gap on the plan's 报告期 card (periods.manage, like the deadlines themselves). */
export async function setCoUnitLeadDays(
  ctx: Ctx,
  planId: string,
  body: CoUnitLeadDaysBody,
): Promise<{ coUnitLeadDays: number }> {
  authorize(ctx.actor, 'periods.manage');
  return ctx.db.transaction(async (tx) => {
    const [plan] = await tx.select({ days: plans.coUnitLeadDays }).from(plans).where(eq(plans.id, planId));
    if (!plan) throw notFound('方案', 'plan');
    await tx.update(plans).set({ coUnitLeadDays: body.coUnitLeadDays }).where(eq(plans.id, planId));
    // The audit path refuses a closed plan's write (services/plan-archive.ts) and rolls this back.
    await audit(tx, ctx, {
      action: 'plan.co_unit_lead_days',
      subjectType: 'plan',
      subjectId: planId,
      details: { from: plan.days, to: body.coUnitLeadDays },
    });
    return { coUnitLeadDays: body.coUnitLeadDays };
  });
}

/**
 * Each open item of the plan of a unit that reports here: whether it feeds a lead unit's consolidation (core feedsLead:
 * not the lead, and another unit reporting here leads the task), with its task's rhythm.
 */
export async function openCoItems(db: Db, planId: string) {
  const rows = await db
    .select({
      unitId: assignments.unitId,
      role: assignments.role,
      otherLeadHere: sql<boolean>`exists (select 1 from assignments l join units lu on lu.id = l.unit_id
        where l.task_id = ${assignments.taskId} and l.role = 'lead' and l.unit_id <> ${assignments.unitId}
        and lu.level not in ('city', 'province', 'national'))`,
      ...rhythmColumns,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(
      and(
        eq(tasks.planId, planId),
        reportsHere,
        sql`not exists (select 1 from ${closeoutRequests} c where c.assignment_id = ${assignments.id} and c.status = 'verified')`,
      ),
    );
  return rows.map((r) => ({ unitId: r.unitId, co: feedsLead(r.role, Boolean(r.otherLeadHere)), rhythm: rhythmOf(r) }));
}

/** Per unit, whether each item the period asks of it (its rhythm, core/rhythm.ts periodHolds) is a co item. */
export function coItemsIn(
  items: readonly { unitId: string; co: boolean; rhythm: Rhythm }[],
  period: RhythmPeriod,
): Map<string, boolean[]> {
  const out = new Map<string, boolean[]>();
  for (const i of items) {
    if (periodHolds(period, i.rhythm)) out.set(i.unitId, [...(out.get(i.unitId) ?? []), i.co]);
  }
  return out;
}

/** Units whose whole package is reminded against the earlier date (every open item co): the period's own
 * before-deadline reminder is not sent to them, the co reminder stands in for it. */
export function coOnlyUnits(
  coItems: ReadonlyMap<string, readonly boolean[]>,
  period: { dueAt: Date; graceDays: number },
  leadDays: number,
): Set<string> {
  const out = new Set<string>();
  for (const [unitId, co] of coItems) {
    if (packageReminderDeadline(period, co, leadDays).dueAt.getTime() < period.dueAt.getTime()) out.add(unitId);
  }
  return out;
}

/**
 * The scheduler's co-unit reminders for one plan and period (idempotent by dedupe key): before the earlier date at the
 * office's remind-before thresholds (the most urgent reached), then daily to the unit's staff until its package is
 * signed or the period's own deadline passes (then the period's overdue reminders take over).
 */
export async function coUnitReminders(
  db: Db,
  plan: { id: string; coUnitLeadDays: number },
  period: { id: string; label: string; dueAt: Date; graceDays: number },
  now: Date,
  remindBeforeDays: readonly number[],
  coItems: ReadonlyMap<string, readonly boolean[]>,
  people: { staff: (unitId: string) => string[]; leaders: (unitId: string) => string[] },
  send: (userIds: string[], n: NewNotification) => Promise<void>,
): Promise<void> {
  if (plan.coUnitLeadDays <= 0 || isPastDue(period, now)) return;
  const coUnits = [...coItems].filter(([, co]) => co.some(Boolean)).map(([unitId, co]) => ({ unitId, co }));
  if (coUnits.length === 0) return;
  const deadline = coInputDeadline(period, plan.coUnitLeadDays);
  const today = cstDate(now);
  const dueDay = cstDate(effectiveDueAt(deadline));
  const toDue = daysBetween(today, dueDay);
  if (toDue > Math.max(0, ...remindBeforeDays)) return;
  const done = new Set(
    (
      await db
        .select({ unitId: submissions.unitId })
        .from(submissions)
        .where(
          and(
            eq(submissions.periodId, period.id),
            inArray(submissions.status, [...REPORTED_SUBMISSION_STATUSES]),
            inArray(
              submissions.unitId,
              coUnits.map((u) => u.unitId),
            ),
          ),
        )
    ).map((s) => s.unitId),
  );
  for (const unit of coUnits) {
    if (done.has(unit.unitId)) continue;
    const count = unit.co.filter(Boolean).length;
    const what = unit.co.every(Boolean) ? `${period.label}报送` : `${period.label}报送中配合牵头单位的${count}项任务`;
    if (!isPastDue(deadline, now)) {
      const reached = remindBeforeDays.filter((d) => toDue <= d);
      if (reached.length === 0) continue;
      const d = Math.min(...reached);
      await send([...people.staff(unit.unitId), ...people.leaders(unit.unitId)], {
        kind: 'co_input_due',
        title: `配合事项将于${toDue === 0 ? '今日' : `${toDue}天后`}截止（先于牵头单位${plan.coUnitLeadDays}天）`,
        body: `请于${dueDay} 24时前完成${what}并经单位主要领导签字，以便牵头单位汇总。`,
        link: '/my',
        dedupeKey: `co_input_due:${period.id}:${unit.unitId}:d${d}`,
      });
      continue;
    }
    const late = Math.max(1, daysBetween(dueDay, today));
    await send(people.staff(unit.unitId), {
      kind: 'co_input_overdue',
      title: `配合事项已逾期${late}天，牵头单位等待汇总`,
      body: `${what}的配合截止为${dueDay}，请尽快报送；本期报送截止为${cstDate(effectiveDueAt(period))}。`,
      link: '/my',
      dedupeKey: `co_input_overdue:${period.id}:${unit.unitId}:${today}`,
    });
  }
}
