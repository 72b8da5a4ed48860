// 交办: tasks added to a plan during the year — from a meeting (会议), a leader's instruction (批示) or otherwise — with
// their own deadline and units, in the same plan but numbered apart: each origin has a source of its own at the end
// of the plan (会议交办事项 …), numbered 会1, 会2 … so that no notice number is ever reused. The units sign for them
// (签收) and report on them like any other task.

import { and, count, eq, inArray, max } from 'drizzle-orm';
import type { AddTaskBody, TaskDetail } from '../../api/v1.js';
import { taskCode } from '../../core/task-code.js';
import { cstDate } from '../../core/time.js';
import type { Db } from '../db/client.js';
import { assignments, plans, sources, tasks, units } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { notifyHandoff } from './notifications.js';
import { getTask } from './plans.js';
import { setRhythmIn } from './rhythm.js';

type AddedOrigin = AddTaskBody['origin'];

/** Each origin's source title and number prefix. */
const ORIGINS: Record<AddedOrigin, { title: string; prefix: string }> = {
  meeting: { title: '会议交办事项', prefix: '会' },
  instruction: { title: '领导批示交办事项', prefix: '批' },
  other: { title: '其他交办事项', prefix: '交' },
};

/** The source holding an origin's added tasks in a plan, made at the end of the plan the first time. */
async function originSource(tx: Db, planId: string, origin: AddedOrigin): Promise<string> {
  const { title } = ORIGINS[origin];
  const [existing] = await tx
    .select({ id: sources.id })
    .from(sources)
    .where(and(eq(sources.planId, planId), eq(sources.title, title)));
  if (existing) return existing.id;
  const [last] = await tx
    .select({ index: max(sources.index) })
    .from(sources)
    .where(eq(sources.planId, planId));
  const [made] = await tx
    .insert(sources)
    .values({ planId, index: (last?.index ?? 0) + 1, level: 'district', title })
    .returning({ id: sources.id });
  return (made as { id: string }).id;
}

/** 2026-09-30 → 2026年9月30日前, as a notice prints it (src/core/progress.ts deadlineDay reads it back). */
const printedDeadline = (day: string) =>
  `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8))}日前`;

export async function addTask(ctx: Ctx, planId: string, body: AddTaskBody): Promise<TaskDetail> {
  authorize(ctx.actor, 'supervision.manage');
  const now = ctx.clock();
  const taskId = await ctx.db.transaction(async (tx) => {
    const [plan] = await tx.select().from(plans).where(eq(plans.id, planId));
    if (!plan) throw notFound('方案', 'plan');
    // From today to the end of the next year: a deadline already past, or years away, is a typing mistake.
    if (body.deadline < cstDate(now) || body.deadline > `${plan.year + 1}-12-31`) {
      throw badRequest(
        'deadline_out_of_range',
        `完成时限应在今天（${cstDate(now)}）到${plan.year + 1}年底之间。`,
        `The deadline must fall between today (${cstDate(now)}) and the end of ${plan.year + 1}.`,
      );
    }
    // The 批示 or meeting is what the office routes: it cannot be later than the routing (today, China time).
    if (body.instructedOn && body.instructedOn > cstDate(now)) {
      throw badRequest(
        'instructed_on_in_future',
        `批示或会议日期不能晚于今天（${cstDate(now)}）。`,
        `The date of the instruction or meeting cannot be after today (${cstDate(now)}).`,
      );
    }
    const named = await tx
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(
        inArray(
          units.id,
          body.units.map((u) => u.unitId),
        ),
      );
    if (named.length !== body.units.length) {
      throw badRequest('unknown_unit', '所选单位不在单位名录中。', 'A chosen unit is not in the directory.');
    }
    const sourceId = await originSource(tx, planId, body.origin);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(tasks).where(eq(tasks.sourceId, sourceId));
    const number = `${ORIGINS[body.origin].prefix}${n + 1}`;
    const [task] = await tx
      .insert(tasks)
      .values({
        planId,
        sourceId,
        number,
        text: body.text,
        line: 0,
        deadline: printedDeadline(body.deadline),
        position: n,
        origin: body.origin,
        originNote: body.originNote,
        addedAt: now,
        instructedOn: body.instructedOn ?? null,
      })
      .returning({ id: tasks.id });
    const id = (task as { id: string }).id;
    await tx.insert(assignments).values(
      body.units.map((u, position) => ({
        taskId: id,
        unitId: u.unitId,
        role: u.role,
        level: 'district' as const,
        position,
      })),
    );
    await audit(tx, ctx, {
      action: 'task.add',
      subjectType: 'task',
      subjectId: id,
      details: {
        origin: body.origin,
        originNote: body.originNote,
        instructedOn: body.instructedOn ?? null,
        number,
        deadline: body.deadline,
        units: body.units,
      },
    });
    if (body.rhythm && body.rhythm.kind !== 'quarterly') await setRhythmIn(tx, ctx, { taskId: id }, body.rhythm);
    const code = taskCode({ level: 'district', number, position: n });
    for (const u of body.units) {
      await notifyHandoff(
        tx,
        {
          kind: 'task_added',
          to: [{ unitId: u.unitId, roles: ['unit_staff', 'unit_leader'] }],
          title: `新交办任务${code}，请签收`,
          body: `${body.originNote}交办：${body.text.slice(0, 80)}（完成时限：${printedDeadline(body.deadline)}）`,
          link: `/tasks/${id}`,
          key: `${id}:${u.unitId}`,
        },
        now,
      );
    }
    return id;
  });
  return getTask(ctx, taskId);
}
