// In-app notifications (the bell) and the office's manual reminders. A notification's dedupe key makes
// every writer idempotent: the scheduler may compute the same reminder twice, the user sees it once.

import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { AppNotification, NotificationKind } from '../../api/supervision.js';
import { taskCode } from '../../core/task-code.js';
import { cstDate } from '../../core/time.js';
import type { Db } from '../db/client.js';
import { assignments, notifications, sources, tasks, users } from '../db/schema.js';
import { badRequest } from '../errors.js';
import { authorize, taskScope } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { assertPlanOpen } from './plan-archive.js';

export interface NewNotification {
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  dedupeKey: string;
}

/** Adds the notification for each user who does not have it yet; answers how many were new. */
export async function notify(db: Db, userIds: readonly string[], n: NewNotification, at: Date): Promise<number> {
  if (userIds.length === 0) return 0;
  const rows = await db
    .insert(notifications)
    .values([...new Set(userIds)].map((userId) => ({ ...n, userId, createdAt: at })))
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id });
  return rows.length;
}

/** Many notifications at once (the scheduler's), in chunks; answers how many were new. */
export async function notifyMany(
  db: Db,
  batch: readonly { userIds: readonly string[]; n: NewNotification }[],
  at: Date,
): Promise<number> {
  const rows = batch.flatMap(({ userIds, n }) =>
    [...new Set(userIds)].map((userId) => ({ ...n, userId, createdAt: at })),
  );
  let created = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db
      .insert(notifications)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
      .returning({ id: notifications.id });
    created += inserted.length;
  }
  return created;
}

/** The active accounts of a unit, by role. */
export async function unitUsers(db: Db, unitIds: readonly string[], roles: readonly ('unit_staff' | 'unit_leader')[]) {
  if (unitIds.length === 0) return [];
  return db
    .select({ id: users.id, unitId: users.unitId, role: users.role, email: users.email })
    .from(users)
    .where(and(inArray(users.unitId, [...unitIds]), inArray(users.role, [...roles]), eq(users.disabled, false)));
}

/** The office's active accounts (supervisors): who is told of what units raise and answer. */
export async function officeUsers(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'supervisor'), eq(users.disabled, false)));
  return rows.map((u) => u.id);
}

/** A task's code (省1 / 市47 / 区12) for a notification's text; empty for an unknown task. */
export async function codeOfTask(db: Db, taskId: string): Promise<string> {
  const [t] = await db
    .select({ level: sources.level, number: tasks.number, position: tasks.position })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(eq(tasks.id, taskId));
  return t ? taskCode(t) : '';
}

/** Who a hand-off goes to: some of a unit's people, the office, or named accounts. */
export type HandoffRecipient =
  | { unitId: string; roles: readonly ('unit_staff' | 'unit_leader')[] }
  | { office: true }
  | { userIds: readonly string[] };

export interface Handoff {
  kind: NotificationKind;
  to: readonly HandoffRecipient[];
  title: string;
  body: string;
  link: string;
  /** Makes this step unique (the object and its version or time); the same key never notifies twice. */
  key: string;
}

/**
 * Tells the next person at once that it is their turn. Called inside the step's own transaction, so a step
 * that fails notifies nobody; the daily digest and the group robot pick the notification up like any other.
 */
export async function notifyHandoff(tx: Db, h: Handoff, at: Date): Promise<number> {
  const ids: string[] = [];
  for (const r of h.to) {
    if ('office' in r) ids.push(...(await officeUsers(tx)));
    else if ('unitId' in r) ids.push(...(await unitUsers(tx, [r.unitId], r.roles)).map((p) => p.id));
    else ids.push(...r.userIds);
  }
  return notify(
    tx,
    ids,
    { kind: h.kind, title: h.title, body: h.body, link: h.link, dedupeKey: `${h.kind}:${h.key}` },
    at,
  );
}

const present = (n: typeof notifications.$inferSelect): AppNotification => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

/** The signed-in user's latest notifications and unread count (every role has a bell). */
export async function myNotifications(ctx: Ctx): Promise<{ items: AppNotification[]; unread: number }> {
  const me = ctx.actor?.id;
  if (!me) return { items: [], unread: 0 };
  const [rows, [unread]] = await Promise.all([
    ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, me))
      .orderBy(desc(notifications.createdAt))
      .limit(100),
    ctx.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, me), isNull(notifications.readAt))),
  ]);
  return { items: rows.map(present), unread: unread?.n ?? 0 };
}

export async function markRead(ctx: Ctx, body: { ids?: string[] | undefined; all?: boolean | undefined }) {
  const me = ctx.actor?.id;
  if (me) {
    const mine = and(eq(notifications.userId, me), isNull(notifications.readAt));
    const which = body.all ? mine : body.ids?.length ? and(mine, inArray(notifications.id, body.ids)) : undefined;
    if (which) await ctx.db.update(notifications).set({ readAt: ctx.clock() }).where(which);
  }
  return myNotifications(ctx);
}

/** The office's 一键催办: a reminder to the staff and leader of every unit holding the chosen items. */
export async function remind(
  ctx: Ctx,
  body: { assignmentIds: string[]; message?: string | undefined },
): Promise<{ units: number; notified: number }> {
  authorize(ctx.actor, 'reminders.send');
  taskScope(ctx.actor, 'supervision.read');
  const held = await ctx.db
    .select({
      id: assignments.id,
      unitId: assignments.unitId,
      taskId: tasks.id,
      number: tasks.number,
      position: tasks.position,
      level: sources.level,
      planId: tasks.planId,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(inArray(assignments.id, body.assignmentIds));
  if (held.length !== new Set(body.assignmentIds).size) {
    throw badRequest('unknown_assignment', '所选事项中有不存在的分工。', 'Some of the chosen items do not exist.');
  }
  // A closed year is an archive: nobody is reminded of it (the audit record names no one plan to guard).
  for (const planId of new Set(held.map((h) => h.planId))) await assertPlanOpen(ctx.db, 'plan', planId);
  const now = ctx.clock();
  const byUnit = new Map<string, typeof held>();
  for (const h of held) byUnit.set(h.unitId, [...(byUnit.get(h.unitId) ?? []), h]);
  let notified = 0;
  await ctx.db.transaction(async (tx) => {
    const people = await unitUsers(tx, [...byUnit.keys()], ['unit_staff', 'unit_leader']);
    for (const [unitId, list] of byUnit) {
      const numbers = list.map((h) => taskCode(h)).join('、');
      notified += await notify(
        tx,
        people.filter((p) => p.unitId === unitId).map((p) => p.id),
        {
          kind: 'manual_reminder',
          title: '督查室催办',
          body: `${body.message ? `${body.message}\n` : ''}请抓紧推进并报送以下任务：${numbers}（${cstDate(now)}）`,
          link: '/my',
          dedupeKey: `manual:${now.toISOString()}:${unitId}`,
        },
        now,
      );
    }
    await audit(tx, ctx, {
      action: 'reminders.send',
      subjectType: 'assignment',
      details: { assignmentIds: body.assignmentIds, units: byUnit.size },
    });
  });
  return { units: byUnit.size, notified };
}
