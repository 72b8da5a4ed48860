// 关注: a district leader watches a task, a unit or a 督办单 and finds each on their page (我的关注) with its light
// as of now — read from the same plan lights as the dashboard (services/lights.ts), so the page and the dashboard
// never disagree. Watching is idempotent; every watch and unwatch is audited.

import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Watch, WatchList, WatchSubject } from '../../api/watches.js';
import { worstLight } from '../../core/lights.js';
import { cstDate } from '../../core/time.js';
import { withTransaction } from '../db/client.js';
import { plans, sources, supervisionNotices, tasks, units, watches } from '../db/schema.js';
import { forbidden, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { type ItemLight, loadPlanLights, type PlanLights } from './lights.js';
import { readSupervisionSettings } from './settings.js';
import { answerOverdue, supervisionNoticeNumber } from './supervision-notices.js';

const SUBJECT_TABLE = { task: tasks, unit: units, supervision_notice: supervisionNotices } as const;

const missing = (type: WatchSubject) =>
  type === 'task'
    ? notFound('任务', 'task')
    : type === 'unit'
      ? notFound('单位', 'unit')
      : notFound('督办单', 'supervision notice');

/** The leader whose watches these are: a person signed in (the command line has no page to list them on). */
function watcher(ctx: Ctx): string {
  authorize(ctx.actor, 'watches.manage');
  if (!ctx.actor.id) throw forbidden();
  return ctx.actor.id;
}

export async function watchSubject(ctx: Ctx, target: { subjectType: WatchSubject; subjectId: string }) {
  const userId = watcher(ctx);
  const table = SUBJECT_TABLE[target.subjectType];
  const [found] = await ctx.db.select({ id: table.id }).from(table).where(eq(table.id, target.subjectId));
  if (!found) throw missing(target.subjectType);
  await withTransaction(ctx.db, async (tx) => {
    const added = await tx
      .insert(watches)
      .values({ userId, ...target, createdAt: ctx.clock() })
      .onConflictDoNothing()
      .returning({ id: watches.id });
    if (added.length > 0)
      await audit(tx, ctx, { action: 'watch.add', subjectType: target.subjectType, subjectId: target.subjectId });
  });
  return listWatches(ctx);
}

export async function unwatchSubject(ctx: Ctx, target: { subjectType: WatchSubject; subjectId: string }) {
  const userId = watcher(ctx);
  await withTransaction(ctx.db, async (tx) => {
    const removed = await tx
      .delete(watches)
      .where(
        and(
          eq(watches.userId, userId),
          eq(watches.subjectType, target.subjectType),
          eq(watches.subjectId, target.subjectId),
        ),
      )
      .returning({ id: watches.id });
    if (removed.length > 0)
      await audit(tx, ctx, { action: 'watch.remove', subjectType: target.subjectType, subjectId: target.subjectId });
  });
  return listWatches(ctx);
}

/** The caller's watches, newest first, each with its light as of now; a watch whose subject is gone is left out. */
export async function listWatches(ctx: Ctx): Promise<WatchList> {
  const userId = watcher(ctx);
  const rows = await ctx.db
    .select()
    .from(watches)
    .where(eq(watches.userId, userId))
    .orderBy(desc(watches.createdAt), desc(watches.id));
  if (rows.length === 0) return { items: [] };
  const ids = (type: WatchSubject) => rows.filter((r) => r.subjectType === type).map((r) => r.subjectId);
  const now = ctx.clock();
  const today = cstDate(now);
  const settings = await readSupervisionSettings(ctx.db);
  const lightsOf = new Map<string, Promise<PlanLights>>();
  const planLights = (planId: string) => {
    let lights = lightsOf.get(planId);
    if (!lights) {
      lights = loadPlanLights(ctx.db, planId, now, settings);
      lightsOf.set(planId, lights);
    }
    return lights;
  };
  const summary = (items: readonly ItemLight[]) =>
    items.length === 0
      ? { light: null, red: 0 }
      : { light: worstLight(items.map((i) => i.light)), red: items.filter((i) => i.light === 'red').length };

  const taskIds = ids('task');
  const noticeIds = ids('supervision_notice');
  const unitIds = ids('unit');
  const [taskRows, noticeRows, unitRows, [newest]] = await Promise.all([
    taskIds.length
      ? ctx.db
          .select({ id: tasks.id, planId: tasks.planId, number: tasks.number, text: tasks.text, level: sources.level })
          .from(tasks)
          .innerJoin(sources, eq(sources.id, tasks.sourceId))
          // A plan still being written (status 'draft', a PGlite import) is no plan yet.
          .innerJoin(plans, and(eq(plans.id, tasks.planId), ne(plans.status, 'draft')))
          .where(inArray(tasks.id, taskIds))
      : [],
    noticeIds.length
      ? ctx.db
          .select({
            id: supervisionNotices.id,
            year: supervisionNotices.year,
            seq: supervisionNotices.seq,
            taskId: supervisionNotices.taskId,
            unitId: supervisionNotices.unitId,
            assignmentId: supervisionNotices.assignmentId,
            status: supervisionNotices.status,
            respondBy: supervisionNotices.respondBy,
            planId: tasks.planId,
            taskText: tasks.text,
            unitName: units.name,
          })
          .from(supervisionNotices)
          .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
          .innerJoin(units, eq(units.id, supervisionNotices.unitId))
          .where(inArray(supervisionNotices.id, noticeIds))
      : [],
    unitIds.length
      ? ctx.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))
      : [],
    // A unit's light is read from the newest plan in force.
    unitIds.length
      ? ctx.db
          .select({ id: plans.id, title: plans.title })
          .from(plans)
          .where(eq(plans.status, 'active'))
          .orderBy(desc(plans.year), desc(plans.createdAt))
          .limit(1)
      : [],
  ]);
  const taskById = new Map(taskRows.map((t) => [t.id, t]));
  const noticeById = new Map(noticeRows.map((n) => [n.id, n]));
  const unitById = new Map(unitRows.map((u) => [u.id, u]));

  const items: Watch[] = [];
  for (const w of rows) {
    const base = { subjectType: w.subjectType, subjectId: w.subjectId, watchedAt: w.createdAt.toISOString() };
    if (w.subjectType === 'task') {
      const task = taskById.get(w.subjectId);
      if (!task) continue;
      const lights = await planLights(task.planId);
      items.push({
        ...base,
        title: task.number ? `${task.number}. ${task.text}` : task.text,
        detail: task.level,
        ...summary(lights.byTask.get(task.id) ?? []),
        status: null,
      });
    } else if (w.subjectType === 'unit') {
      const unit = unitById.get(w.subjectId);
      if (!unit) continue;
      const lights = newest ? await planLights(newest.id) : null;
      items.push({
        ...base,
        title: unit.name,
        detail: newest?.title ?? null,
        ...summary(lights?.items.filter((i) => i.unitId === unit.id) ?? []),
        status: null,
      });
    } else {
      const notice = noticeById.get(w.subjectId);
      if (!notice) continue;
      const lights = await planLights(notice.planId);
      const onTask = (lights.byTask.get(notice.taskId) ?? []).filter((i) =>
        notice.assignmentId ? i.assignmentId === notice.assignmentId : i.unitId === notice.unitId,
      );
      const open = notice.status !== 'closed';
      items.push({
        ...base,
        title: `${supervisionNoticeNumber(notice)} · ${notice.unitName}`,
        detail: notice.taskText,
        light: open ? summary(onTask).light : null,
        red: answerOverdue(notice, today) ? 1 : 0,
        status: notice.status,
      });
    }
  }
  return { items };
}
