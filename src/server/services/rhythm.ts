// 报送频次: the office sets a task's (or a whole section's) rhythm; the plan gains the month or N-week periods the
// rhythm needs, once. Which period asks which item is src/core/rhythm.ts's periodHolds, read by packages
// (submissions.ts), lights (lights.ts), reminders and the unit's period list through `rhythmOf`.

import { and, eq, inArray, sql } from 'drizzle-orm';
import type { RhythmBody, TaskRhythm } from '../../api/v1.js';
import { defaultReportingRule, type ReportingRule } from '../../core/periods.js';
import { type Rhythm, rhythmPeriods } from '../../core/rhythm.js';
import type { Db } from '../db/client.js';
import { plans, reportingPeriods, sections, tasks } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';

type RhythmColumns = Pick<typeof tasks.$inferSelect, 'rhythm' | 'rhythmWeeks' | 'rhythmSince'>;

/** A task row's rhythm, as the core rule reads it. */
export const rhythmOf = (task: RhythmColumns): Rhythm => ({
  kind: task.rhythm,
  everyWeeks: task.rhythmWeeks,
  since: task.rhythmSince,
});

export const presentRhythm = (task: RhythmColumns): TaskRhythm => ({
  kind: task.rhythm,
  everyWeeks: task.rhythmWeeks,
  since: task.rhythmSince?.toISOString() ?? null,
});

/** The columns to select wherever a task's rhythm is needed. */
export const rhythmColumns = { rhythm: tasks.rhythm, rhythmWeeks: tasks.rhythmWeeks, rhythmSince: tasks.rhythmSince };

/** Adds the periods a rhythm needs to the plan (those it has are kept as they are, due dates the office moved too). */
async function ensureRhythmPeriods(tx: Db, planId: string, rhythm: Rhythm): Promise<number> {
  const [plan] = await tx
    .select({ year: plans.year, rule: plans.reportingRule })
    .from(plans)
    .where(eq(plans.id, planId));
  if (!plan) throw notFound('方案', 'plan');
  const rule = (plan.rule as ReportingRule | null) ?? defaultReportingRule(plan.year);
  const specs = rhythmPeriods(rule, rhythm);
  if (specs.length === 0) return 0;
  const added = await tx
    .insert(reportingPeriods)
    .values(specs.map((p) => ({ ...p, planId })))
    .onConflictDoNothing()
    .returning({ id: reportingPeriods.id });
  return added.length;
}

/**
 * Sets the rhythm of one task, or of every task under a section (its subsections included). Tasks already at
 * this rhythm keep the date they were set, so re-applying it to a section does not move anyone's `since`.
 */
export function setRhythm(
  ctx: Ctx,
  target: { taskId: string } | { sectionId: string },
  body: RhythmBody,
): Promise<{ tasks: number; rhythm: TaskRhythm; periodsAdded: number }> {
  authorize(ctx.actor, 'supervision.manage');
  return ctx.db.transaction((tx) => setRhythmIn(tx, ctx, target, body));
}

/** setRhythm inside a caller's transaction (a task added with its rhythm). */
export async function setRhythmIn(
  tx: Db,
  ctx: Ctx,
  target: { taskId: string } | { sectionId: string },
  body: RhythmBody,
): Promise<{ tasks: number; rhythm: TaskRhythm; periodsAdded: number }> {
  authorize(ctx.actor, 'supervision.manage');
  const everyWeeks = body.kind === 'weeks' ? (body.everyWeeks ?? null) : null;
  if (body.kind === 'weeks' && everyWeeks === null) {
    throw badRequest('rhythm_weeks_required', '每N周报送须填写周数（1–8）。', 'Every N weeks needs N (1–8).');
  }
  const now = ctx.clock();
  let planId: string;
  let ids: string[];
  if ('taskId' in target) {
    const [task] = await tx.select({ planId: tasks.planId }).from(tasks).where(eq(tasks.id, target.taskId));
    if (!task) throw notFound('任务', 'task');
    planId = task.planId;
    ids = [target.taskId];
  } else {
    const [section] = await tx
      .select({ planId: sections.planId })
      .from(sections)
      .where(eq(sections.id, target.sectionId));
    if (!section) throw notFound('章节', 'section');
    planId = section.planId;
    const rows = await tx.execute<{ id: string }>(sql`
      with recursive sub(id) as (select ${target.sectionId}::uuid union all
        select s.id from ${sections} s join sub on s.parent_id = sub.id)
      select t.id from ${tasks} t where t.section_id in (select id from sub)`);
    ids = rows.rows.map((r) => r.id);
  }
  const before = ids.length
    ? await tx
        .select({ id: tasks.id, rhythm: tasks.rhythm, rhythmWeeks: tasks.rhythmWeeks })
        .from(tasks)
        .where(inArray(tasks.id, ids))
    : [];
  const changed = before.filter((t) => t.rhythm !== body.kind || t.rhythmWeeks !== everyWeeks).map((t) => t.id);
  // Quarterly is the plan's own rhythm: it asks of every period, so it carries no date.
  const since = body.kind === 'quarterly' ? null : now;
  if (changed.length > 0) {
    await tx
      .update(tasks)
      .set({ rhythm: body.kind, rhythmWeeks: everyWeeks, rhythmSince: since })
      .where(and(inArray(tasks.id, changed), eq(tasks.planId, planId)));
  }
  const rhythm: Rhythm = { kind: body.kind, everyWeeks, since };
  const periodsAdded = await ensureRhythmPeriods(tx, planId, rhythm);
  for (const t of before.filter((b) => changed.includes(b.id))) {
    await audit(tx, ctx, {
      action: 'task.rhythm',
      subjectType: 'task',
      subjectId: t.id,
      details: {
        changes: diffChanges(t, { rhythm: body.kind, rhythmWeeks: everyWeeks }),
        ...('sectionId' in target ? { sectionId: target.sectionId } : {}),
      },
    });
  }
  return {
    tasks: changed.length,
    rhythm: presentRhythm({ rhythm: body.kind, rhythmWeeks: everyWeeks, rhythmSince: since }),
    periodsAdded,
  };
}
