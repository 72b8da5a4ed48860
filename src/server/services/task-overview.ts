// The task page as a hub: the task's light and why, each unit's latest signed status and the links the caller
// may open, from the same plan lights as the dashboard and the supervised list (services/lights.ts), so the
// page cannot disagree with them. The parser's reading (notice line, import confidence) goes to the office only.

import { and, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { TaskOverview } from '../../api/supervision.js';
import { countDelays } from '../../core/delays.js';
import { overdueDays, worstLight } from '../../core/lights.js';
import { rollUpProgress } from '../../core/progress.js';
import {
  importDraftTasks,
  itemReports,
  sourceDocuments,
  submissions,
  supervisionNotices,
  tasks,
} from '../db/schema.js';
import { notFound } from '../errors.js';
import { authorizeEver, can, taskScope } from '../policy.js';
import type { Ctx } from './context.js';
import { loadPlanDelays } from './delays.js';
import { taskInstructions } from './instructions.js';
import { loadPlanLights, taskReasons } from './lights.js';
import { authorizeTaskRead } from './plans.js';
import { readSupervisionSettings } from './settings.js';

export async function taskOverview(ctx: Ctx, taskId: string): Promise<TaskOverview> {
  authorizeEver(ctx.actor, 'supervision.read');
  const [task] = await ctx.db
    .select({ id: tasks.id, planId: tasks.planId, line: tasks.line, text: tasks.text })
    .from(tasks)
    .where(eq(tasks.id, taskId));
  if (!task) throw notFound('任务', 'task');
  await authorizeTaskRead(ctx, taskId);
  const scope = taskScope(ctx.actor, 'supervision.read');

  const now = ctx.clock();
  const settings = await readSupervisionSettings(ctx.db);
  const lights = await loadPlanLights(ctx.db, task.planId, now, settings);
  const all = lights.byTask.get(taskId) ?? [];
  const items = scope === 'all' ? all : all.filter((i) => i.unitId === scope.unitId);
  const period = lights.current;
  const labels = new Map(lights.periods.map((p) => [p.id, p.label]));

  const [notices] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(supervisionNotices)
    .where(and(eq(supervisionNotices.taskId, taskId), ne(supervisionNotices.status, 'closed')));

  const office = can(ctx.actor, 'supervision.manage');
  let source: TaskOverview['source'] = null;
  if (office) {
    // The import's row for this task (the latest applied notice of the plan that holds its text).
    const [parsed] = await ctx.db
      .select({ confidence: importDraftTasks.confidence })
      .from(importDraftTasks)
      .innerJoin(sourceDocuments, eq(sourceDocuments.id, importDraftTasks.draftId))
      .where(and(eq(sourceDocuments.planId, task.planId), eq(importDraftTasks.text, task.text)))
      .orderBy(desc(sourceDocuments.uploadedAt))
      .limit(1);
    source = { line: task.line, confidence: parsed?.confidence ?? null };
  }

  // 核实方式 the office recorded on these items, by assignment and period (few rows: one task's units).
  const assignmentIds = items.map((i) => i.assignmentId);
  const verified = assignmentIds.length
    ? await ctx.db
        .select({
          assignmentId: itemReports.assignmentId,
          periodId: submissions.periodId,
          method: itemReports.verificationMethod,
          note: itemReports.verificationNote,
          at: itemReports.verifiedAt,
        })
        .from(itemReports)
        .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
        .where(and(inArray(itemReports.assignmentId, assignmentIds), isNotNull(itemReports.verifiedAt)))
    : [];
  const verificationOf = new Map(verified.map((v) => [`${v.assignmentId}:${v.periodId}`, v]));
  // 延期次数 of this task over the year (services/delays.ts): an item's own milestone and extension cases, and its
  // unit's late packages for the periods that asked it a report.
  const delays = await loadPlanDelays(ctx.db, task.planId, now, settings, { taskId });
  const delaysOf = (unitId: string, assignmentId: string) =>
    countDelays(
      (delays.byUnit.get(unitId) ?? []).filter((c) => c.assignmentId === null || c.assignmentId === assignmentId),
    );

  const units = items.map((i) => {
    // The latest signed report: the period it was signed for and when (the light's own facts).
    let reportedIn: TaskOverview['units'][number]['reportedIn'] = null;
    for (const [periodId, report] of i.facts.reports) {
      if (report.signedAt && report.signedAt.getTime() <= now.getTime()) {
        reportedIn = { periodId, label: labels.get(periodId) ?? '', signedAt: report.signedAt.toISOString() };
      }
    }
    const subject = { unitIds: [i.unitId] };
    const v = reportedIn ? verificationOf.get(`${i.assignmentId}:${reportedIn.periodId}`) : undefined;
    return {
      assignmentId: i.assignmentId,
      unit: { id: i.unitId, name: i.unitName },
      role: i.role,
      light: i.light,
      reasons: i.reasons,
      overdueDays: period ? overdueDays(i.facts, period.id, now) : 0,
      status: i.status,
      progress: i.progress,
      progressClass: i.progressClass,
      closed: i.closed,
      reportedIn,
      verification: v?.at ? { method: v.method, note: v.note, at: v.at.toISOString() } : null,
      submissionStatus: period ? (lights.submissions.get(`${period.id}:${i.unitId}`)?.status ?? null) : null,
      delays: delaysOf(i.unitId, i.assignmentId),
      links: {
        ledger: can(ctx.actor, 'ledgers.read', subject),
        submission: period !== null && can(ctx.actor, 'submissions.read', subject),
      },
    };
  });

  return {
    taskId,
    light: worstLight(items.map((i) => i.light)),
    reasons: taskReasons(items),
    progressClass: rollUpProgress(items.map((i) => i.progressClass)),
    overdueDays: Math.max(0, ...units.map((u) => u.overdueDays)),
    period: period ? { id: period.id, label: period.label } : null,
    units,
    openNotices: notices?.n ?? 0,
    instructions: await taskInstructions(ctx, taskId, ctx.clock()),
    source,
  };
}
