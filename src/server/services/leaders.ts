// 分管: which district leader (an executive) is in charge of which units — kept in the directory (leader_units) —
// and of which tasks, read from the notice where it prints a leader (tasks.leaders, matched by src/core/leaders.ts).
// `leadersOf` answers both at once for whatever routes a leader's work: the weekly brief, 批示, 约谈.

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { LeaderList, LeaderUnitsBody } from '../../api/leaders.js';
import { type LeaderPerson, matchLeaders } from '../../core/leaders.js';
import { type Db, withTransaction } from '../db/client.js';
import { leaderUnits, plans, tasks, units, users } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';

/** Every executive account (disabled ones too: the office still sees whom it must reassign). */
async function executives(db: Db): Promise<(LeaderPerson & { username: string; disabled: boolean })[]> {
  return db
    .select({ id: users.id, displayName: users.displayName, username: users.username, disabled: users.disabled })
    .from(users)
    .where(eq(users.role, 'executive'))
    .orderBy(asc(users.displayName), asc(users.id));
}

/** Tasks of the plans in force that print a leader. */
async function tasksWithLeaders(db: Db, taskId?: string) {
  return db
    .select({ id: tasks.id, leaders: tasks.leaders })
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(
      and(sql`jsonb_array_length(${tasks.leaders}) > 0`, taskId ? eq(tasks.id, taskId) : eq(plans.status, 'active')),
    );
}

export async function listLeaders(ctx: Ctx): Promise<LeaderList> {
  authorize(ctx.actor, 'leaders.read');
  const [people, assigned, printed] = await Promise.all([
    executives(ctx.db),
    ctx.db
      .select({ userId: leaderUnits.userId, id: units.id, name: units.name })
      .from(leaderUnits)
      .innerJoin(units, eq(units.id, leaderUnits.unitId))
      .orderBy(asc(units.name)),
    tasksWithLeaders(ctx.db),
  ]);
  const active = people.filter((p) => !p.disabled);
  const taskCount = new Map<string, number>();
  for (const t of printed)
    for (const id of matchLeaders(t.leaders, active)) taskCount.set(id, (taskCount.get(id) ?? 0) + 1);
  return {
    items: people.map((p) => ({
      id: p.id,
      username: p.username,
      displayName: p.displayName,
      disabled: p.disabled,
      units: assigned.filter((a) => a.userId === p.id).map(({ id, name }) => ({ id, name })),
      taskCount: taskCount.get(p.id) ?? 0,
    })),
  };
}

/** Replaces a leader's 分管 units; audited with the old and new lists (names, for the reader of the log). */
export async function setLeaderUnits(ctx: Ctx, userId: string, body: LeaderUnitsBody): Promise<LeaderList> {
  authorize(ctx.actor, 'leaders.manage');
  const [user] = await ctx.db.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, userId));
  if (!user) throw notFound('用户', 'user');
  if (user.role !== 'executive')
    throw badRequest(
      'not_executive',
      '只有区领导（领导账号）可以分管单位。',
      'Only a district leader (executive account) can be in charge of units.',
    );
  const wanted = [...new Set(body.unitIds)];
  const known = wanted.length
    ? await ctx.db
        .select({ id: units.id, name: units.name, mergedIntoId: units.mergedIntoId })
        .from(units)
        .where(inArray(units.id, wanted))
    : [];
  const unknown = wanted.filter((id) => !known.some((u) => u.id === id && u.mergedIntoId === null));
  if (unknown.length > 0)
    throw badRequest(
      'unknown_units',
      `找不到以下单位（或已合并）：${unknown.join('、')}。`,
      `No such unit (or merged): ${unknown.join(', ')}.`,
      { unitIds: unknown },
    );
  await withTransaction(ctx.db, async (tx) => {
    const before = await tx
      .select({ id: units.id, name: units.name })
      .from(leaderUnits)
      .innerJoin(units, eq(units.id, leaderUnits.unitId))
      .where(eq(leaderUnits.userId, userId))
      .orderBy(asc(units.name));
    const after = known.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    const same = before.length === after.length && before.every((b) => after.some((a) => a.id === b.id));
    if (same) return;
    await tx.delete(leaderUnits).where(eq(leaderUnits.userId, userId));
    if (after.length > 0)
      await tx.insert(leaderUnits).values(after.map((u) => ({ userId, unitId: u.id, createdAt: ctx.clock() })));
    await audit(tx, ctx, {
      action: 'leader.units',
      subjectType: 'user',
      subjectId: userId,
      details: { changes: { units: { old: before, new: after } } },
    });
  });
  return listLeaders(ctx);
}

/**
 * The district leaders in charge: those whose 分管 units include one of `unitIds`, and those the task's notice
 * names as its leader. Enabled executives only, each once. For the brief, 批示 routing and 约谈.
 */
export async function leadersOf(db: Db, scope: { unitIds?: readonly string[]; taskId?: string }): Promise<string[]> {
  const people = (await executives(db)).filter((p) => !p.disabled);
  if (people.length === 0) return [];
  const found = new Set<string>();
  if (scope.unitIds && scope.unitIds.length > 0) {
    const rows = await db
      .selectDistinct({ userId: leaderUnits.userId })
      .from(leaderUnits)
      .where(inArray(leaderUnits.unitId, [...scope.unitIds]));
    for (const r of rows) found.add(r.userId);
  }
  if (scope.taskId) {
    const [task] = await db.select({ leaders: tasks.leaders }).from(tasks).where(eq(tasks.id, scope.taskId));
    for (const id of matchLeaders(task?.leaders ?? [], people)) found.add(id);
  }
  return people.filter((p) => found.has(p.id)).map((p) => p.id);
}

/** The tasks (of the plans in force) whose notice names this leader. */
export async function tasksLedBy(db: Db, leader: LeaderPerson, others: readonly LeaderPerson[]): Promise<Set<string>> {
  const printed = await tasksWithLeaders(db);
  const all = [leader, ...others.filter((o) => o.id !== leader.id)];
  return new Set(printed.filter((t) => matchLeaders(t.leaders, all).includes(leader.id)).map((t) => t.id));
}

/** A leader's 分管 units. */
export async function unitsLedBy(db: Db, userId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: units.id, name: units.name })
    .from(leaderUnits)
    .innerJoin(units, eq(units.id, leaderUnits.unitId))
    .where(eq(leaderUnits.userId, userId))
    .orderBy(asc(units.name));
}

export { executives as executiveAccounts };
