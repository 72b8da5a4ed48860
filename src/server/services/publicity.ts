// 政务公开: the office chooses the plan the public page shows, marks tasks public and writes their public progress
// note; anyone may read the list.
// The page is built from an allow-list of fields (never a task row spread), and cached per instance for a
// minute so it is safe to put on the internet.

import { and, asc, eq } from 'drizzle-orm';
import type { PublicProgress } from '../../api/public.js';
import { worstLight } from '../../core/lights.js';
import { rollUpReported } from '../../core/status.js';
import type { Db } from '../db/client.js';
import { plans, sources, tasks } from '../db/schema.js';
import { notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { loadPlanLights } from './lights.js';
import { readSupervisionSettings } from './settings.js';

const TTL_MS = 60_000;
const cache = new WeakMap<Db, { at: number; value: PublicProgress }>();

export async function setPublicity(
  ctx: Ctx,
  taskId: string,
  body: { public: boolean; note?: string | null | undefined },
): Promise<{ public: boolean; note: string | null }> {
  authorize(ctx.actor, 'supervision.manage');
  const [task] = await ctx.db.select({ id: tasks.id, note: tasks.publicNote }).from(tasks).where(eq(tasks.id, taskId));
  if (!task) throw notFound('任务', 'task');
  const note = body.note === undefined ? task.note : body.note || null;
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(tasks)
      .set({
        public: body.public,
        publicNote: note,
        ...(body.note !== undefined ? { publicNoteAt: ctx.clock() } : {}),
      })
      .where(eq(tasks.id, taskId));
    await audit(tx, ctx, { action: 'task.publicity', subjectType: 'task', subjectId: taskId, details: body });
  });
  cache.delete(ctx.db);
  return { public: body.public, note };
}

/**
 * The office chooses which plan the public page shows: at most one is published, and importing another
 * plan changes nothing on the page.
 */
export async function setPlanPublished(
  ctx: Ctx,
  planId: string,
  body: { published: boolean },
): Promise<{ published: boolean }> {
  authorize(ctx.actor, 'supervision.manage');
  await ctx.db.transaction(async (tx) => {
    // Every plan row is locked (an office has a handful), so two offices publishing at once take turns.
    const all = await tx.select({ id: plans.id, status: plans.status }).from(plans).for('update');
    // Not a plan a confirm is still writing (status 'draft', services/imports.ts).
    if (!all.some((p) => p.id === planId && p.status !== 'draft')) throw notFound('方案', 'plan');
    // The partial unique index keeps one published plan: the previous one is withdrawn first.
    if (body.published) await tx.update(plans).set({ published: false }).where(eq(plans.published, true));
    await tx.update(plans).set({ published: body.published }).where(eq(plans.id, planId));
    await audit(tx, ctx, { action: 'plan.publish', subjectType: 'plan', subjectId: planId, details: body });
  });
  cache.delete(ctx.db);
  return body;
}

/** Anonymous: the public tasks of the plan the office published; none chosen, an empty page. */
export async function publicProgress(db: Db, now: Date): Promise<PublicProgress> {
  const hit = cache.get(db);
  if (hit && now.getTime() - hit.at < TTL_MS && now.getTime() >= hit.at) return hit.value;
  const [plan] = await db.select().from(plans).where(eq(plans.published, true)).limit(1);
  let value: PublicProgress = { plan: null, generatedAt: now.toISOString(), tasks: [] };
  if (plan) {
    const rows = await db
      .select({
        id: tasks.id,
        number: tasks.number,
        text: tasks.text,
        note: tasks.publicNote,
        noteAt: tasks.publicNoteAt,
        level: sources.level,
      })
      .from(tasks)
      .innerJoin(sources, eq(sources.id, tasks.sourceId))
      .where(and(eq(tasks.planId, plan.id), eq(tasks.public, true)))
      .orderBy(asc(sources.index), asc(tasks.position));
    const lights = rows.length ? await loadPlanLights(db, plan.id, now, await readSupervisionSettings(db)) : null;
    value = {
      plan: { title: plan.title, year: plan.year },
      generatedAt: now.toISOString(),
      tasks: rows.map((r) => {
        const items = lights?.byTask.get(r.id) ?? [];
        return {
          level: r.level,
          number: r.number,
          text: r.text,
          // A unit that has not reported adds nothing (未报送), not 未启动.
          status: rollUpReported(items.map((i) => (i.closed ? 'completed' : i.status))),
          light: worstLight(items.map((i) => i.light)),
          note: r.note,
          noteAt: r.noteAt?.toISOString() ?? null,
        };
      }),
    };
  }
  cache.set(db, { at: now.getTime(), value });
  return value;
}
