// The office's task list: every task with its light and its units' lights, filtered by
// light, status, source, section, unit, role, overdue, open coordination or 督办单; exported to .xlsx.

import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { SupervisedTask, SupervisedTaskQuery } from '../../api/supervision.js';
import { worstLight } from '../../core/lights.js';
import { rollUpProgress } from '../../core/progress.js';
import { coordinationRequests, sections, sources, supervisionNotices, tasks } from '../db/schema.js';
import { supervisedTasksXlsx } from '../documents/supervised-tasks.js';
import { authorizeEver, taskScope } from '../policy.js';
import type { Ctx } from './context.js';
import { assignmentsGivingLagReason } from './lag-reasons.js';
import { taskReasons } from './lights.js';
import { presentTasks } from './plans.js';
import { loadStoredPlan, type StoredItem } from './stored-lights.js';

const EXPORT_LIMIT = 20_000;

async function matching(ctx: Ctx, q: SupervisedTaskQuery) {
  authorizeEver(ctx.actor, 'supervision.read');
  const scope = taskScope(ctx.actor, 'supervision.read');
  // Stored lights (services/stored-lights.ts): the plan's pending marks are drained first, then rows are read.
  const data = await loadStoredPlan(ctx.db, q.planId, ctx.clock());
  const [coordination, notices, sectionRows] = await Promise.all([
    ctx.db
      .select({ taskId: coordinationRequests.taskId, n: sql<number>`count(*)::int` })
      .from(coordinationRequests)
      .innerJoin(tasks, eq(tasks.id, coordinationRequests.taskId))
      .where(and(eq(tasks.planId, q.planId), ne(coordinationRequests.status, 'resolved')))
      .groupBy(coordinationRequests.taskId),
    ctx.db
      .select({ taskId: supervisionNotices.taskId, n: sql<number>`count(*)::int` })
      .from(supervisionNotices)
      .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
      .where(and(eq(tasks.planId, q.planId), ne(supervisionNotices.status, 'closed')))
      .groupBy(supervisionNotices.taskId),
    q.sectionId
      ? ctx.db
          .select({ id: sections.id, parentId: sections.parentId })
          .from(sections)
          .where(eq(sections.planId, q.planId))
      : Promise.resolve([]),
  ]);
  // The dashboard's 滞后原因 card clicks through here: items giving the reason in the period under review.
  const givingReason =
    q.lagReason !== undefined
      ? data.current
        ? await assignmentsGivingLagReason(ctx.db, q.planId, data.current.id, q.lagReason)
        : new Set<string>()
      : null;
  const openCoordination = new Map(coordination.map((c) => [c.taskId, c.n]));
  const openNotices = new Map(notices.map((c) => [c.taskId, c.n]));
  const underSection = new Set<string>();
  if (q.sectionId) {
    const parentOf = new Map(sectionRows.map((s) => [s.id, s.parentId]));
    for (const s of sectionRows) {
      for (let at: string | null | undefined = s.id; at; at = parentOf.get(at)) {
        if (at === q.sectionId) {
          underSection.add(s.id);
          break;
        }
      }
    }
  }
  const needle = q.q?.trim();
  const result: { taskId: string; items: StoredItem[] }[] = [];
  // In printed order, every task for the office (one without units stays grey), only its own for a unit.
  for (const task of data.tasks.values()) {
    const taskId = task.id;
    const all = data.byTask.get(taskId) ?? [];
    const items = scope === 'all' ? all : all.filter((i) => i.unitId === scope.unitId);
    if (items.length === 0 && scope !== 'all') continue;
    if (q.level && data.sources.get(task.sourceId)?.level !== q.level) continue;
    if (q.sectionId && !(task.sectionId && underSection.has(task.sectionId))) continue;
    if (needle && !task.text.includes(needle) && task.number !== needle) continue;
    // Unit and role pick the items the other filters look at.
    const focus = items.filter((i) => (!q.unitId || i.unitId === q.unitId) && (!q.role || i.role === q.role));
    if (focus.length === 0 && (q.unitId || q.role || items.length > 0)) continue;
    if (q.light && worstLight(focus.map((i) => i.light)) !== q.light) continue;
    if (q.progressClass && rollUpProgress(focus.map((i) => i.progressClass)) !== q.progressClass) continue;
    if (q.status && !focus.some((i) => i.status === q.status)) continue;
    if (q.overdue !== undefined && focus.some((i) => i.reasons.includes('overdue_unreported')) !== q.overdue) continue;
    if (q.hasCoordination !== undefined && (openCoordination.get(taskId) ?? 0) > 0 !== q.hasCoordination) continue;
    if (q.hasNotice !== undefined && (openNotices.get(taskId) ?? 0) > 0 !== q.hasNotice) continue;
    if (givingReason && !focus.some((i) => givingReason.has(i.assignmentId))) continue;
    result.push({ taskId, items });
  }
  return { data, result, openCoordination, openNotices };
}

async function present(
  ctx: Ctx,
  rows: { taskId: string; items: StoredItem[] }[],
  openCoordination: Map<string, number>,
  openNotices: Map<string, number>,
): Promise<SupervisedTask[]> {
  if (rows.length === 0) return [];
  const taskRows = await ctx.db
    .select({ task: tasks, source: sources })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(
      inArray(
        tasks.id,
        rows.map((r) => r.taskId),
      ),
    );
  const order = new Map(rows.map((r, i) => [r.taskId, i]));
  taskRows.sort((a, b) => (order.get(a.task.id) ?? 0) - (order.get(b.task.id) ?? 0));
  const summaries = await presentTasks(ctx.db, taskRows);
  const itemsOf = new Map(rows.map((r) => [r.taskId, r.items]));
  return summaries.map((s) => {
    const items = itemsOf.get(s.id) ?? [];
    return {
      ...s,
      supervision: {
        light: worstLight(items.map((i) => i.light)),
        reasons: taskReasons(items),
        progressClass: rollUpProgress(items.map((i) => i.progressClass)),
        units: items.map((i) => ({
          assignmentId: i.assignmentId,
          unit: { id: i.unitId, name: i.unitName },
          role: i.role,
          light: i.light,
          reasons: i.reasons,
          status: i.status,
          progress: i.progress,
          progressClass: i.progressClass,
          closed: i.closed,
        })),
        openCoordination: openCoordination.get(s.id) ?? 0,
        openNotices: openNotices.get(s.id) ?? 0,
      },
    };
  });
}

export async function listSupervisedTasks(
  ctx: Ctx,
  q: SupervisedTaskQuery,
): Promise<{ items: SupervisedTask[]; total: number }> {
  const { result, openCoordination, openNotices } = await matching(ctx, q);
  const page = result.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return { items: await present(ctx, page, openCoordination, openNotices), total: result.length };
}

/** The filtered list as an .xlsx workbook: one row per task, its units and their latest progress. */
export async function exportSupervisedTasks(ctx: Ctx, q: SupervisedTaskQuery): Promise<Buffer> {
  const { data, result, openCoordination, openNotices } = await matching(ctx, q);
  const rows = await present(ctx, result.slice(0, EXPORT_LIMIT), openCoordination, openNotices);
  return supervisedTasksXlsx(data.plan.title, rows);
}
