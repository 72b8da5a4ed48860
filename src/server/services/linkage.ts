// 上下贯通: for a district task, the city and province tasks of the same plan it serves — suggested by text
// similarity (src/core/linkage.ts), confirmed or rejected by the office; a task page shows the links
// both ways with the linked tasks' lights.

import { and, eq, inArray, or } from 'drizzle-orm';
import type { TaskLinks } from '../../api/linkage.js';
import { worstLight } from '../../core/lights.js';
import { buildIndex, type LinkIndex, suggestLinks } from '../../core/linkage.js';
import type { Db } from '../db/client.js';
import { sources, taskLinks, tasks } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { authorize, authorizeEver } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { loadPlanLights } from './lights.js';
import { authorizeTaskRead } from './plans.js';
import { readSupervisionSettings } from './settings.js';

type TaskRow = { id: string; planId: string; number: string | null; text: string; level: string };

/** One index per plan and instance: the texts of a plan never change after import. */
const indexes = new WeakMap<Db, Map<string, LinkIndex<string>>>();

async function planTasks(db: Db, planId: string): Promise<TaskRow[]> {
  return db
    .select({ id: tasks.id, planId: tasks.planId, number: tasks.number, text: tasks.text, level: sources.level })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(eq(tasks.planId, planId));
}

async function indexFor(db: Db, planId: string, all: TaskRow[]): Promise<LinkIndex<string>> {
  let perDb = indexes.get(db);
  if (!perDb) {
    perDb = new Map();
    indexes.set(db, perDb);
  }
  const hit = perDb.get(planId);
  if (hit) return hit;
  const upper = all.filter((t) => t.level === 'city' || t.level === 'province');
  const index = buildIndex(
    upper.map((t) => ({ item: t.id, text: t.text })),
    all.filter((t) => t.level === 'district').map((t) => t.text),
    'bigram',
  );
  perDb.set(planId, index);
  return index;
}

export async function taskLinksOf(ctx: Ctx, taskId: string): Promise<TaskLinks> {
  authorizeEver(ctx.actor, 'tasks.read');
  const [task] = await ctx.db
    .select({ id: tasks.id, planId: tasks.planId, level: sources.level })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(eq(tasks.id, taskId));
  if (!task) throw notFound('任务', 'task');
  await authorizeTaskRead(ctx, taskId);
  const all = await planTasks(ctx.db, task.planId);
  const byId = new Map(all.map((t) => [t.id, t]));
  const decided = await ctx.db
    .select()
    .from(taskLinks)
    .where(or(eq(taskLinks.taskId, taskId), eq(taskLinks.targetId, taskId)));
  const lights = await loadPlanLights(ctx.db, task.planId, ctx.clock(), await readSupervisionSettings(ctx.db));
  const present = (id: string) => {
    const t = byId.get(id) as TaskRow;
    return {
      id,
      level: t.level as TaskLinks['confirmed'][number]['level'],
      number: t.number,
      text: t.text,
      light: worstLight((lights.byTask.get(id) ?? []).map((i) => i.light)),
    };
  };
  const up = task.level === 'district';
  const other = (l: typeof taskLinks.$inferSelect) => (l.taskId === taskId ? l.targetId : l.taskId);
  const confirmed = decided.filter((l) => l.status === 'confirmed');
  const rejected = decided.filter((l) => l.status === 'rejected');
  let suggestions: TaskLinks['suggestions'] = [];
  if (up) {
    const me = byId.get(taskId) as TaskRow;
    const seen = new Set(decided.map(other));
    suggestions = suggestLinks(await indexFor(ctx.db, task.planId, all), me.text, 8)
      .filter((s) => !seen.has(s.item))
      .slice(0, 5)
      .map((s) => ({ ...present(s.item), score: s.score }));
  }
  return {
    direction: up ? 'up' : 'down',
    confirmed: confirmed.map((l) => ({ ...present(other(l)), score: l.score })),
    suggestions,
    rejected: rejected.map((l) => present(other(l))),
  };
}

/** The office confirms or rejects a link from a district task to a city/province task (or undoes it). */
export async function decideLink(
  ctx: Ctx,
  taskId: string,
  targetId: string,
  status: 'confirmed' | 'rejected' | 'undecided',
): Promise<TaskLinks> {
  authorize(ctx.actor, 'supervision.manage');
  const pair = await ctx.db
    .select({ id: tasks.id, planId: tasks.planId, level: sources.level, text: tasks.text })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(inArray(tasks.id, [taskId, targetId]));
  const from = pair.find((p) => p.id === taskId);
  const to = pair.find((p) => p.id === targetId);
  if (!from || !to) throw notFound('任务', 'task');
  if (from.level !== 'district' || !(to.level === 'city' || to.level === 'province') || from.planId !== to.planId) {
    throw badRequest(
      'link_direction',
      '只能把本区任务关联到同一方案中的市级或省级任务。',
      'Only a district task can be linked, to a city or province task of the same plan.',
    );
  }
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(taskLinks.taskId, taskId), eq(taskLinks.targetId, targetId));
    if (status === 'undecided') {
      await tx.delete(taskLinks).where(where);
    } else {
      const all = await planTasks(tx, from.planId);
      const score =
        (await indexFor(ctx.db, from.planId, all)).score(from.text).find((s) => s.item === targetId)?.score ?? null;
      const value = { status, score, decidedBy: ctx.actor?.id ?? null, decidedAt: ctx.clock() };
      await tx
        .insert(taskLinks)
        .values({ taskId, targetId, ...value })
        .onConflictDoUpdate({ target: [taskLinks.taskId, taskLinks.targetId], set: value });
    }
    await audit(tx, ctx, { action: `link.${status}`, subjectType: 'task', subjectId: taskId, details: { targetId } });
  });
  return taskLinksOf(ctx, taskId);
}
