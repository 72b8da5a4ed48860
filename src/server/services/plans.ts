// Reading plans and tasks. Unit users see only tasks assigned to their unit (policy.taskScope);
// a task they may not see is "not found", exactly like one that does not exist.

import { and, asc, count, desc, eq, exists, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Plan, PlanDetail, SectionNode, TaskDetail, TaskListQuery, TaskSummary } from '../../api/v1.js';
import type { Db } from '../db/client.js';
import { assignments, indicators, plans, sections, sources, tasks, unitGroups, units } from '../db/schema.js';
import { notFound } from '../errors.js';
import { authorize, authorizeEver, seesEveryUnitOfTask, taskScope } from '../policy.js';
import type { Ctx } from './context.js';
import { presentRhythm } from './rhythm.js';
import { carriedFrom } from './year-end.js';

const iso = (d: Date) => d.toISOString();

/**
 * A plan a confirm is still writing page by page (services/imports.ts, on PGlite) is in status 'draft' until its
 * last page: it is listed nowhere and none of its tasks can be reached, so no one sees half a plan.
 */
export const planVisible = ne(plans.status, 'draft');

/** For queries that reach tasks without joining plans: the task's plan is not one being written. */
export const inVisiblePlan = (planId: AnyPgColumn) =>
  sql`${planId} not in (select p.id from ${plans} p where p.status = 'draft')`;

export async function listPlans(ctx: Ctx): Promise<Plan[]> {
  authorize(ctx.actor, 'plans.read');
  const rows = await ctx.db
    .select({
      plan: plans,
      // Written out: inside a subquery drizzle renders bare column names, and plan_id = id matched tasks' own id.
      taskCount: sql<number>`(select count(*)::int from tasks t where t.plan_id = "plans"."id")`,
    })
    .from(plans)
    .where(and(eq(plans.organisationId, ctx.actor.organisationId), planVisible))
    .orderBy(desc(plans.year), desc(plans.createdAt));
  return rows.map(({ plan, taskCount }) => presentPlan(plan, taskCount));
}

function presentPlan(plan: typeof plans.$inferSelect, taskCount: number): Plan {
  return {
    id: plan.id,
    year: plan.year,
    title: plan.title,
    docNo: plan.docNo,
    issuer: plan.issuer,
    issuedOn: plan.issuedOn,
    status: plan.status,
    published: plan.published,
    coUnitLeadDays: plan.coUnitLeadDays,
    taskCount,
    createdAt: iso(plan.createdAt),
  };
}

export async function getPlan(ctx: Ctx, id: string): Promise<PlanDetail> {
  authorize(ctx.actor, 'plans.read');
  const [plan] = await ctx.db
    .select()
    .from(plans)
    .where(and(eq(plans.id, id), planVisible));
  if (!plan) throw notFound('方案', 'plan');
  const [sourceRows, sectionRows, counts] = await Promise.all([
    ctx.db.select().from(sources).where(eq(sources.planId, id)).orderBy(asc(sources.index)),
    ctx.db.select().from(sections).where(eq(sections.planId, id)).orderBy(asc(sections.position)),
    ctx.db
      .select({ sourceId: tasks.sourceId, sectionId: tasks.sectionId, n: count() })
      .from(tasks)
      .where(eq(tasks.planId, id))
      .groupBy(tasks.sourceId, tasks.sectionId),
  ]);
  const nodes = new Map<string, SectionNode & { parentId: string | null; sourceId: string }>();
  for (const s of sectionRows) {
    nodes.set(s.id, {
      id: s.id,
      title: s.title,
      taskCount: 0,
      children: [],
      parentId: s.parentId,
      sourceId: s.sourceId,
    });
  }
  for (const c of counts) {
    // A task counts in its section and in every section above it.
    for (
      let n = c.sectionId ? nodes.get(c.sectionId) : undefined;
      n;
      n = n.parentId ? nodes.get(n.parentId) : undefined
    ) {
      n.taskCount += c.n;
    }
  }
  const roots = new Map<string, SectionNode[]>();
  for (const n of nodes.values()) {
    const node: SectionNode = n;
    if (n.parentId) nodes.get(n.parentId)?.children.push(node);
    else roots.set(n.sourceId, [...(roots.get(n.sourceId) ?? []), node]);
  }
  const strip = (n: SectionNode): SectionNode => ({
    id: n.id,
    title: n.title,
    taskCount: n.taskCount,
    children: n.children.map(strip),
  });
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  return {
    ...presentPlan(plan, total),
    sources: sourceRows.map((s) => ({
      id: s.id,
      index: s.index,
      level: s.level,
      title: s.title,
      taskCount: counts.filter((c) => c.sourceId === s.id).reduce((sum, c) => sum + c.n, 0),
      sections: (roots.get(s.id) ?? []).map(strip),
    })),
  };
}

/** Tasks matching the filters, newest plan first, in printed order; scoped to the actor's unit. */
export async function listTasks(ctx: Ctx, q: TaskListQuery): Promise<{ items: TaskSummary[]; total: number }> {
  authorizeEver(ctx.actor, 'tasks.read');
  const scope = taskScope(ctx.actor);
  const where: SQL[] = [inVisiblePlan(tasks.planId)];
  const assigned = (cond: SQL) =>
    exists(
      ctx.db
        .select({ one: sql`1` })
        .from(assignments)
        .where(and(eq(assignments.taskId, tasks.id), cond)),
    );
  if (scope !== 'all') where.push(assigned(eq(assignments.unitId, scope.unitId)));
  if (q.planId) where.push(eq(tasks.planId, q.planId));
  if (q.sourceId) where.push(eq(tasks.sourceId, q.sourceId));
  if (q.sectionId) {
    // The section and everything under it.
    where.push(sql`${tasks.sectionId} in (
      with recursive sub(id) as (select ${q.sectionId}::uuid union all
        select s.id from ${sections} s join sub on s.parent_id = sub.id)
      select id from sub)`);
  }
  if (q.level) where.push(eq(sources.level, q.level));
  const unitCond: SQL[] = [];
  if (q.unitId) unitCond.push(eq(assignments.unitId, q.unitId));
  if (q.role) unitCond.push(eq(assignments.role, q.role));
  if (unitCond.length > 0) where.push(assigned(and(...unitCond) as SQL));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(tasks.text, like), eq(tasks.number, q.q)) as SQL);
  }
  const cond = and(...where);
  // The total rides along as a window function: one round trip for the page and its count.
  const rows = await ctx.db
    .select({ task: tasks, source: sources, total: sql<number>`(count(*) over ())::int` })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(cond)
    .orderBy(desc(plans.year), desc(plans.createdAt), asc(sources.index), asc(tasks.position))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  let total = rows[0]?.total;
  if (total === undefined) {
    // A page past the end: count separately.
    const [totalRow] = await ctx.db
      .select({ n: count() })
      .from(tasks)
      .innerJoin(sources, eq(sources.id, tasks.sourceId))
      .where(cond);
    total = totalRow?.n ?? 0;
  }
  return { items: await presentTasks(ctx.db, rows), total };
}

export async function presentTasks(
  db: Db,
  rows: { task: typeof tasks.$inferSelect; source: typeof sources.$inferSelect }[],
): Promise<TaskSummary[]> {
  if (rows.length === 0) return [];
  const taskIds = rows.map((r) => r.task.id);
  const planIds = [...new Set(rows.map((r) => r.task.planId))];
  const [assignmentRows, sectionRows] = await Promise.all([
    db
      .select({ a: assignments, unitName: units.name, groupName: unitGroups.name })
      .from(assignments)
      .innerJoin(units, eq(units.id, assignments.unitId))
      .leftJoin(unitGroups, eq(unitGroups.id, assignments.viaGroupId))
      .where(inArray(assignments.taskId, taskIds))
      .orderBy(asc(assignments.position), asc(assignments.unitId)),
    db
      .select({ id: sections.id, parentId: sections.parentId, title: sections.title })
      .from(sections)
      .where(inArray(sections.planId, planIds)),
  ]);
  const sectionById = new Map(sectionRows.map((s) => [s.id, s]));
  const pathOf = (id: string | null): string[] => {
    const path: string[] = [];
    for (let s = id ? sectionById.get(id) : undefined; s; s = s.parentId ? sectionById.get(s.parentId) : undefined) {
      path.unshift(s.title);
    }
    return path;
  };
  return rows.map(({ task, source }) => ({
    id: task.id,
    planId: task.planId,
    source: { id: source.id, index: source.index, level: source.level },
    sectionPath: pathOf(task.sectionId),
    number: task.number,
    position: task.position,
    text: task.text,
    deadline: task.deadline,
    assignments: assignmentRows
      .filter((r) => r.a.taskId === task.id)
      .map((r) => ({
        id: r.a.id,
        unit: { id: r.a.unitId, name: r.unitName },
        role: r.a.role,
        level: r.a.level === 'national' || r.a.level === 'unknown' ? null : r.a.level,
        clause: r.a.clause,
        viaGroup: r.a.viaGroupId && r.groupName ? { id: r.a.viaGroupId, name: r.groupName } : null,
      })),
  }));
}

/**
 * Whether the caller may read a task, by the units holding it: a task it may not read is "not found" (as
 * GET /tasks/:id), so its id tells nothing. For the pages built around one task (linkage, the overview).
 */
export async function authorizeTaskRead(ctx: Ctx, taskId: string): Promise<void> {
  const held = await ctx.db
    .select({ unitId: assignments.unitId })
    .from(assignments)
    .where(eq(assignments.taskId, taskId));
  authorize(ctx.actor, 'tasks.read', { unitIds: held.map((a) => a.unitId) });
}

export async function getTask(ctx: Ctx, id: string): Promise<TaskDetail> {
  authorizeEver(ctx.actor, 'tasks.read');
  const [row] = await ctx.db
    .select({ task: tasks, source: sources })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(and(eq(tasks.id, id), inVisiblePlan(tasks.planId)));
  if (!row) throw notFound('任务', 'task');
  const [summary] = await presentTasks(ctx.db, [row]);
  const s = summary as TaskSummary;
  authorize(ctx.actor, 'tasks.read', { unitIds: s.assignments.map((a) => a.unit.id) });
  const indicatorRows = await ctx.db
    .select()
    .from(indicators)
    .where(eq(indicators.taskId, id))
    .orderBy(asc(indicators.position));
  const from = row.task.carriedFromTaskId ? await carriedFrom(ctx.db, id) : null;
  // Last year's units' reports: a co-unit reads its own, as on the task's period report (seesEveryUnitOfTask).
  const leadUnits = { unitIds: s.assignments.filter((a) => a.role === 'lead').map((a) => a.unit.id) };
  const everyUnit = seesEveryUnitOfTask(ctx.actor, leadUnits);
  return {
    ...s,
    publicity: { public: row.task.public, note: row.task.publicNote },
    rhythm: presentRhythm(row.task),
    sectionId: row.task.sectionId,
    origin: row.task.origin,
    originNote: row.task.originNote,
    instructedOn: row.task.instructedOn,
    line: row.task.line,
    leaders: row.task.leaders,
    indicators: indicatorRows.map((i) => ({ label: i.label, value: i.value, unit: i.unit, op: i.op, text: i.text })),
    carriedFrom: from && {
      ...from,
      units: from.units
        .filter((u) => everyUnit || u.unitId === ctx.actor?.unitId)
        .map(({ unitId: _unitId, ...u }) => u),
    },
  };
}

/** The signed-in unit user's tasks. */
export async function myAssignments(ctx: Ctx, q: TaskListQuery): Promise<{ items: TaskSummary[]; total: number }> {
  authorizeEver(ctx.actor, 'tasks.read');
  if (!ctx.actor.unitId) return { items: [], total: 0 };
  return listTasks(ctx, { ...q, unitId: ctx.actor.unitId });
}
