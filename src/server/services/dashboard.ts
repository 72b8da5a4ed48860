// The office's and leaders' dashboard, and a unit's own view of it: completion and lights by source,
// section and unit, this period's on-time submission, the trend across periods and the lagging list.
// Units see only their own items (supervision.read is own-unit for them).

import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Dashboard } from '../../api/supervision.js';
import { countLights, type Light, worstLight } from '../../core/lights.js';
import { effectiveDueAt, isPastDue } from '../../core/periods.js';
import { noticeOrder, selectLaggards } from '../../core/selection.js';
import { addDays, cstDate } from '../../core/time.js';
import type { Db } from '../db/client.js';
import { assignments, ledgers, milestones, sections, tasks } from '../db/schema.js';
import { authorizeEver, taskScope } from '../policy.js';
import type { Ctx } from './context.js';
import { lagReasonGroups } from './lag-reasons.js';
import { lightsVersion, taskReasons, unitSubmission } from './lights.js';
import { readSupervisionSettings } from './settings.js';
import { loadStoredPlan, periodLightCounts, type StoredItem } from './stored-lights.js';

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/**
 * The answers given, per database, under the plan's lights version and the reader's scope (the office, or one unit):
 * fifty leaders opening the dashboard after one change cost one computation, not fifty (each was ~40 ms of the
 * server's only thread on the demo; issue 17's load bench). Everything an answer shows is derived from audited
 * writes that move the version, or from the minute, which is part of it. `asOf` says when it was computed.
 */
const answers = new WeakMap<Db, Map<string, Promise<Dashboard>>>();
const ANSWERS_KEPT = 256;

export async function dashboard(ctx: Ctx, planId: string): Promise<Dashboard> {
  authorizeEver(ctx.actor, 'supervision.read');
  const scope = taskScope(ctx.actor, 'supervision.read');
  const now = ctx.clock();
  const settings = await readSupervisionSettings(ctx.db);
  const version = await lightsVersion(ctx.db, planId, now, settings);
  const key = `${version}|${scope === 'all' ? 'all' : scope.unitId}`;
  let kept = answers.get(ctx.db);
  if (!kept) {
    kept = new Map();
    answers.set(ctx.db, kept);
  }
  const hit = kept.get(key);
  if (hit) return hit;
  const computing = computeDashboard(ctx, planId, scope, now);
  kept.set(key, computing);
  computing.catch(() => kept.delete(key));
  if (kept.size > ANSWERS_KEPT) kept.delete(kept.keys().next().value as string);
  return computing;
}

async function computeDashboard(
  ctx: Ctx,
  planId: string,
  scope: ReturnType<typeof taskScope>,
  now: Date,
): Promise<Dashboard> {
  // Stored lights (services/stored-lights.ts): the plan's pending marks are drained first, then rows are read.
  const data = await loadStoredPlan(ctx.db, planId, now);
  const items = scope === 'all' ? data.items : data.items.filter((i) => i.unitId === scope.unitId);
  const byTask = new Map<string, StoredItem[]>();
  // The office sees every task, even one the notice gave no unit (it stays grey until assigned).
  if (scope === 'all') for (const id of data.tasks.keys()) byTask.set(id, []);
  for (const item of items) {
    const list = byTask.get(item.taskId);
    if (list) list.push(item);
    else byTask.set(item.taskId, [item]);
  }
  const taskLight = (id: string): Light => worstLight((byTask.get(id) ?? []).map((i) => i.light));

  const statuses: Record<string, number> = {};
  for (const i of items) {
    const key = i.status ?? 'unreported';
    statuses[key] = (statuses[key] ?? 0) + 1;
  }

  const bySourceId = new Map<string, Light[]>();
  const completedBySource = new Map<string, number>();
  const sectionRows = await ctx.db
    .select({ id: sections.id, title: sections.title, sourceId: sections.sourceId, parentId: sections.parentId })
    .from(sections)
    .where(eq(sections.planId, planId))
    .orderBy(asc(sections.position));
  // Tasks count towards their top-level section (一、二、…), where a chart has room for them.
  const parentOf = new Map(sectionRows.map((s) => [s.id, s.parentId]));
  const rootOf = (id: string): string => {
    let at = id;
    for (let p = parentOf.get(at); p; p = parentOf.get(at)) at = p;
    return at;
  };
  const bySectionId = new Map<string, Light[]>();
  for (const [taskId, list] of byTask) {
    const task = data.tasks.get(taskId);
    if (!task) continue;
    const light = taskLight(taskId);
    push(bySourceId, task.sourceId, light);
    if (list.length > 0 && list.every((i) => i.closed || i.status === 'completed')) {
      completedBySource.set(task.sourceId, (completedBySource.get(task.sourceId) ?? 0) + 1);
    }
    if (task.sectionId) {
      const root = rootOf(task.sectionId);
      push(bySectionId, root, light);
    }
  }

  const current = data.current;
  const byUnitId = new Map<string, { name: string; lights: Light[] }>();
  for (const i of items) {
    const entry = byUnitId.get(i.unitId) ?? { name: i.unitName, lights: [] };
    entry.lights.push(i.light);
    byUnitId.set(i.unitId, entry);
  }

  const unitIds = [...byUnitId.keys()];
  const periodCounts = await periodLightCounts(ctx.db, planId, scope === 'all' ? null : scope.unitId);
  const trend = data.periods
    .filter((p) => p.dueAt.getTime() <= now.getTime() + 31 * 86_400_000)
    .map((p) => {
      const states = unitIds.map((u) => unitSubmission(data, p, u, now).state);
      const settled = states.filter((s) => s !== 'pending');
      return {
        period: { id: p.id, label: p.label },
        lights: periodCounts.get(p.id) ?? countLights([]),
        onTimeRate: settled.length ? states.filter((s) => s === 'on_time').length / settled.length : null,
      };
    });

  const lagging = selectLaggards(
    [...byTask.entries()].map(([taskId, list]) => {
      const task = data.tasks.get(taskId);
      const source = task ? data.sources.get(task.sourceId) : undefined;
      const order = noticeOrder(source?.level ?? 'unknown', source?.index ?? 0, task?.position ?? 0);
      return { taskId, list, units: list, order };
    }),
  ).map(({ taskId, list, light }) => {
    const task = data.tasks.get(taskId);
    const level = task ? (data.sources.get(task.sourceId)?.level ?? 'unknown') : 'unknown';
    return {
      task: { id: taskId, number: task?.number ?? null, text: task?.text ?? '', level },
      light,
      reasons: taskReasons(list),
      units: list.map((i) => ({
        unit: { id: i.unitId, name: i.unitName },
        role: i.role,
        light: i.light,
        progress: i.progress,
      })),
    };
  });

  let due: Dashboard['due'] = null;
  if (scope !== 'all') {
    const today = cstDate(now);
    const next = data.periods.find((p) => !isPastDue(p, now));
    const upcoming = await ctx.db
      .select({
        id: milestones.id,
        title: milestones.title,
        dueOn: milestones.dueOn,
        taskId: tasks.id,
        taskNumber: tasks.number,
      })
      .from(milestones)
      .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
      .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(
        and(
          eq(tasks.planId, planId),
          eq(assignments.unitId, scope.unitId),
          lte(milestones.dueOn, addDays(today, 30)),
          gte(milestones.dueOn, addDays(today, -365)),
        ),
      )
      .orderBy(asc(milestones.dueOn));
    const open = await ctx.db
      .select({ id: milestones.id, doneOn: milestones.doneOn })
      .from(milestones)
      .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
      .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
      .where(eq(assignments.unitId, scope.unitId));
    const done = new Set(open.filter((m) => m.doneOn !== null).map((m) => m.id));
    due = {
      nextDeadline: next ? { periodId: next.id, label: next.label, dueAt: effectiveDueAt(next).toISOString() } : null,
      milestones: upcoming.filter((m) => !done.has(m.id)),
    };
  }

  return {
    plan: { id: data.plan.id, title: data.plan.title, year: data.plan.year },
    period: current ? { id: current.id, label: current.label, dueAt: effectiveDueAt(current).toISOString() } : null,
    asOf: now.toISOString(),
    totals: {
      tasks: byTask.size,
      items: items.length,
      taskLights: countLights([...byTask.keys()].map(taskLight)),
      itemStatuses: statuses,
    },
    bySource: [...data.sources.entries()]
      .sort((a, b) => a[1].index - b[1].index)
      .map(([id, s]) => ({
        level: s.level,
        title: s.title,
        lights: countLights(bySourceId.get(id) ?? []),
        completed: completedBySource.get(id) ?? 0,
      })),
    bySection: sectionRows
      .filter((s) => bySectionId.has(s.id))
      .map((s) => ({
        id: s.id,
        title: s.title,
        level: data.sources.get(s.sourceId)?.level ?? 'unknown',
        lights: countLights(bySectionId.get(s.id) ?? []),
      })),
    byUnit: [...byUnitId.entries()]
      .map(([id, u]) => ({
        unit: { id, name: u.name },
        lights: countLights(u.lights),
        submission: current ? unitSubmission(data, current, id, now).state : ('pending' as const),
      }))
      .sort((a, b) => b.lights.red - a.lights.red || b.lights.yellow - a.lights.yellow),
    trend,
    lagging,
    lagReasons: current ? await lagReasonGroups(ctx.db, planId, current.id, scope === 'all' ? null : scope.unitId) : [],
    due,
  };
}
