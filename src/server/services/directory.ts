// The unit directory: units with aliases, groups (collectives such as 各街道办事处) with members,
// merging two units, and resolving a printed name to a unit or group. Each organisation has its own directory
// (docs/decisions/0010): every district has its 区发改局, a name is unique and matched within one organisation,
// and a unit or group of another organisation answers 404.

import { and, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Unit, UnitGroup } from '../../api/v1.js';
import { type UnitDirectory, type UnitMatch, unitMatcher } from '../../core/unit-names.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  groupAssignments,
  unitAliases,
  unitGroupAliases,
  unitGroupMembers,
  unitGroups,
  units,
  users,
} from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';

type UnitLevel = Unit['level'];
type UnitKind = Unit['kind'];

const nameTaken = (name: string) =>
  conflict(
    'name_taken',
    `名称“${name}”已被其他单位或别名使用。`,
    `The name "${name}" is already used by another unit or alias.`,
    {
      name,
    },
  );

/** Units (not merged away), presented for the API. */
export async function listUnits(ctx: Ctx, q: { q?: string; level?: UnitLevel; kind?: UnitKind } = {}): Promise<Unit[]> {
  authorize(ctx.actor, 'directory.read');
  const filters = [eq(units.organisationId, ctx.actor.organisationId), isNull(units.mergedIntoId)];
  if (q.level) filters.push(eq(units.level, q.level));
  if (q.kind) filters.push(eq(units.kind, q.kind));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const byAlias = ctx.db
      .select({ id: unitAliases.unitId })
      .from(unitAliases)
      .where(and(eq(unitAliases.organisationId, ctx.actor.organisationId), ilike(unitAliases.alias, like)));
    filters.push(or(ilike(units.name, like), inArray(units.id, byAlias)) as ReturnType<typeof eq>);
  }
  const rows = await ctx.db
    .select()
    .from(units)
    .where(and(...filters))
    .orderBy(asc(units.name));
  return presentUnits(ctx.db, rows);
}

async function presentUnits(db: Db, rows: (typeof units.$inferSelect)[]): Promise<Unit[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [aliasRows, groupRows, countRows] = await Promise.all([
    db.select().from(unitAliases).where(inArray(unitAliases.unitId, ids)).orderBy(asc(unitAliases.alias)),
    db
      .select({ unitId: unitGroupMembers.unitId, id: unitGroups.id, name: unitGroups.name })
      .from(unitGroupMembers)
      .innerJoin(unitGroups, eq(unitGroups.id, unitGroupMembers.groupId))
      .where(inArray(unitGroupMembers.unitId, ids)),
    db
      .select({ unitId: assignments.unitId, n: sql<number>`count(*)::int` })
      .from(assignments)
      .where(inArray(assignments.unitId, ids))
      .groupBy(assignments.unitId),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    level: (r.level === 'national' || r.level === 'unknown' ? 'district' : r.level) as UnitLevel,
    kind: r.kind,
    aliases: aliasRows.filter((a) => a.unitId === r.id).map((a) => a.alias),
    groups: groupRows.filter((g) => g.unitId === r.id).map((g) => ({ id: g.id, name: g.name })),
    assignmentCount: countRows.find((c) => c.unitId === r.id)?.n ?? 0,
  }));
}

export async function getUnit(ctx: Ctx, id: string): Promise<Unit> {
  authorize(ctx.actor, 'directory.read');
  const [row] = await ctx.db
    .select()
    .from(units)
    .where(and(eq(units.id, id), eq(units.organisationId, ctx.actor.organisationId)));
  if (!row) throw notFound('单位', 'unit');
  return (await presentUnits(ctx.db, [row]))[0] as Unit;
}

/** Is this name free in the organisation for a new unit or alias (no unit, alias, group or group alias has it)? */
async function assertNameFree(db: Db, organisationId: string, name: string, exceptUnitId?: string): Promise<void> {
  const [u] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.organisationId, organisationId), eq(units.name, name), isNull(units.mergedIntoId)));
  const [a] = await db
    .select({ unitId: unitAliases.unitId })
    .from(unitAliases)
    .where(and(eq(unitAliases.organisationId, organisationId), eq(unitAliases.alias, name)));
  const [g] = await db
    .select({ id: unitGroups.id })
    .from(unitGroups)
    .where(and(eq(unitGroups.organisationId, organisationId), eq(unitGroups.name, name)));
  const [ga] = await db
    .select({ id: unitGroupAliases.id })
    .from(unitGroupAliases)
    .where(and(eq(unitGroupAliases.organisationId, organisationId), eq(unitGroupAliases.alias, name)));
  if ((u && u.id !== exceptUnitId) || (a && a.unitId !== exceptUnitId) || g || ga) throw nameTaken(name);
}

export interface NewUnitInput {
  name: string;
  level: UnitLevel;
  kind: UnitKind;
  aliases?: string[];
}

/** Inside a transaction: creates a unit with its aliases (used by the route and the import). */
export async function insertUnit(tx: Db, organisationId: string, input: NewUnitInput): Promise<string> {
  await assertNameFree(tx, organisationId, input.name);
  const [row] = await tx
    .insert(units)
    .values({ organisationId, name: input.name, level: input.level, kind: input.kind })
    .returning({ id: units.id });
  const id = (row as { id: string }).id;
  for (const alias of new Set(input.aliases ?? [])) {
    if (alias === input.name) continue;
    await assertNameFree(tx, organisationId, alias);
    await tx.insert(unitAliases).values({ organisationId, alias, unitId: id });
  }
  return id;
}

export async function createUnit(ctx: Ctx, input: NewUnitInput): Promise<Unit> {
  authorize(ctx.actor, 'directory.write');
  const { organisationId } = ctx.actor;
  const id = await ctx.db.transaction(async (tx) => {
    const unitId = await insertUnit(tx, organisationId, input);
    await audit(tx, ctx, { action: 'unit.create', subjectType: 'unit', subjectId: unitId, details: input });
    return unitId;
  });
  return getUnit(ctx, id);
}

export async function updateUnit(ctx: Ctx, id: string, input: Partial<NewUnitInput>): Promise<Unit> {
  authorize(ctx.actor, 'directory.write');
  const { organisationId } = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(units)
      .where(and(eq(units.id, id), eq(units.organisationId, organisationId), isNull(units.mergedIntoId)));
    if (!row) throw notFound('单位', 'unit');
    if (input.name && input.name !== row.name) await assertNameFree(tx, organisationId, input.name, id);
    const sorted = (names: Iterable<string>) => [...new Set(names)].sort();
    const before = {
      ...row,
      aliases: sorted((await tx.select().from(unitAliases).where(eq(unitAliases.unitId, id))).map((a) => a.alias)),
    };
    await tx
      .update(units)
      .set({ name: input.name ?? row.name, level: input.level ?? row.level, kind: input.kind ?? row.kind })
      .where(eq(units.id, id));
    if (input.aliases) {
      await tx.delete(unitAliases).where(eq(unitAliases.unitId, id));
      for (const alias of new Set(input.aliases)) {
        if (alias === (input.name ?? row.name)) continue;
        await assertNameFree(tx, organisationId, alias, id);
        await tx.insert(unitAliases).values({ organisationId, alias, unitId: id });
      }
    }
    const after = {
      name: input.name,
      level: input.level,
      kind: input.kind,
      aliases: input.aliases && sorted(input.aliases.filter((a) => a !== (input.name ?? row.name))),
    };
    await audit(tx, ctx, {
      action: 'unit.update',
      subjectType: 'unit',
      subjectId: id,
      details: { changes: diffChanges(before, after) },
    });
  });
  return getUnit(ctx, id);
}

/**
 * Merges unit `fromId` into `intoId`: its name and aliases become aliases of the survivor, its
 * assignments, group memberships and accounts move over, and it stays only as a merged record.
 */
export async function mergeUnit(ctx: Ctx, fromId: string, intoId: string): Promise<Unit> {
  authorize(ctx.actor, 'directory.write');
  const { organisationId } = ctx.actor;
  if (fromId === intoId)
    throw badRequest('merge_into_self', '不能把单位合并到它自己。', 'A unit cannot be merged into itself.');
  await ctx.db.transaction(async (tx) => {
    const found = await tx
      .select()
      .from(units)
      .where(
        and(inArray(units.id, [fromId, intoId]), eq(units.organisationId, organisationId), isNull(units.mergedIntoId)),
      );
    const from = found.find((u) => u.id === fromId);
    if (!from || !found.some((u) => u.id === intoId)) throw notFound('单位', 'unit');
    // Assignments: move, except where the survivor already holds the same task, role and clause.
    await tx.execute(sql`
      delete from ${assignments} a using ${assignments} b
      where a.unit_id = ${fromId} and b.unit_id = ${intoId}
        and a.task_id = b.task_id and a.role = b.role and a.clause = b.clause`);
    await tx.update(assignments).set({ unitId: intoId }).where(eq(assignments.unitId, fromId));
    await tx.execute(sql`
      insert into ${unitGroupMembers} (group_id, unit_id)
      select group_id, ${intoId} from ${unitGroupMembers} where unit_id = ${fromId}
      on conflict do nothing`);
    await tx.delete(unitGroupMembers).where(eq(unitGroupMembers.unitId, fromId));
    await tx.update(unitAliases).set({ unitId: intoId }).where(eq(unitAliases.unitId, fromId));
    await tx
      .insert(unitAliases)
      .values({ organisationId: from.organisationId, alias: from.name, unitId: intoId })
      .onConflictDoNothing();
    await tx.update(users).set({ unitId: intoId }).where(eq(users.unitId, fromId));
    await tx.update(units).set({ mergedIntoId: intoId }).where(eq(units.id, fromId));
    await audit(tx, ctx, {
      action: 'unit.merge',
      subjectType: 'unit',
      subjectId: intoId,
      details: { fromId, from: from.name },
    });
  });
  return getUnit(ctx, intoId);
}

// ---- groups ---------------------------------------------------------------------------------

export async function listGroups(ctx: Ctx): Promise<UnitGroup[]> {
  authorize(ctx.actor, 'directory.read');
  const rows = await ctx.db
    .select()
    .from(unitGroups)
    .where(eq(unitGroups.organisationId, ctx.actor.organisationId))
    .orderBy(asc(unitGroups.name));
  return presentGroups(ctx.db, rows);
}

async function presentGroups(db: Db, rows: (typeof unitGroups.$inferSelect)[]): Promise<UnitGroup[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [aliasRows, memberRows] = await Promise.all([
    db.select().from(unitGroupAliases).where(inArray(unitGroupAliases.groupId, ids)),
    db
      .select({ groupId: unitGroupMembers.groupId, id: units.id, name: units.name })
      .from(unitGroupMembers)
      .innerJoin(units, eq(units.id, unitGroupMembers.unitId))
      .where(inArray(unitGroupMembers.groupId, ids))
      .orderBy(asc(units.name)),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    aliases: aliasRows.filter((a) => a.groupId === r.id).map((a) => a.alias),
    members: memberRows.filter((m) => m.groupId === r.id).map((m) => ({ id: m.id, name: m.name })),
  }));
}

export interface GroupInput {
  name: string;
  aliases?: string[];
  memberIds?: string[];
}

/** Inside a transaction: creates a group in the organisation (used by the route, the import and the demo). */
export async function insertGroup(tx: Db, organisationId: string, input: GroupInput): Promise<string> {
  await assertNameFree(tx, organisationId, input.name);
  const [row] = await tx
    .insert(unitGroups)
    .values({ organisationId, name: input.name })
    .returning({ id: unitGroups.id });
  const id = (row as { id: string }).id;
  await setGroupDetails(tx, organisationId, id, input);
  return id;
}

async function setGroupDetails(tx: Db, organisationId: string, id: string, input: GroupInput): Promise<void> {
  if (input.aliases) {
    await tx.delete(unitGroupAliases).where(eq(unitGroupAliases.groupId, id));
    for (const alias of new Set(input.aliases)) {
      if (alias === input.name) continue;
      await assertNameFree(tx, organisationId, alias);
      await tx.insert(unitGroupAliases).values({ organisationId, alias, groupId: id });
    }
  }
  if (input.memberIds) {
    const memberIds = [...new Set(input.memberIds)];
    if (memberIds.length > 0) {
      // Members are the organisation's own units: another organisation's id is as unknown as a made-up one.
      const found = await tx
        .select({ id: units.id })
        .from(units)
        .where(and(inArray(units.id, memberIds), eq(units.organisationId, organisationId), isNull(units.mergedIntoId)));
      if (found.length !== memberIds.length) throw notFound('成员单位', 'member unit');
    }
    await tx.delete(unitGroupMembers).where(eq(unitGroupMembers.groupId, id));
    if (memberIds.length > 0)
      await tx.insert(unitGroupMembers).values(memberIds.map((unitId) => ({ groupId: id, unitId })));
    await materializeGroup(tx, id);
  }
}

/** Makes the group's members hold exactly the assignments printed for the group. */
export async function materializeGroup(tx: Db, groupId: string): Promise<void> {
  await tx.execute(sql`
    delete from ${assignments} a
    where a.via_group_id = ${groupId}
      and not exists (select 1 from ${unitGroupMembers} m where m.group_id = ${groupId} and m.unit_id = a.unit_id)`);
  await tx.execute(sql`
    insert into ${assignments} (task_id, unit_id, role, level, clause, position, via_group_id)
    select g.task_id, m.unit_id, g.role, g.level, g.clause, g.position, g.group_id
    from ${groupAssignments} g join ${unitGroupMembers} m on m.group_id = g.group_id
    where g.group_id = ${groupId}
    on conflict do nothing`);
}

export async function createGroup(ctx: Ctx, input: GroupInput): Promise<UnitGroup> {
  authorize(ctx.actor, 'directory.write');
  const { organisationId } = ctx.actor;
  const id = await ctx.db.transaction(async (tx) => {
    const groupId = await insertGroup(tx, organisationId, input);
    await audit(tx, ctx, { action: 'group.create', subjectType: 'unit_group', subjectId: groupId, details: input });
    return groupId;
  });
  return getGroup(ctx, organisationId, id);
}

export async function updateGroup(ctx: Ctx, id: string, input: Partial<GroupInput>): Promise<UnitGroup> {
  authorize(ctx.actor, 'directory.write');
  const { organisationId } = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(unitGroups)
      .where(and(eq(unitGroups.id, id), eq(unitGroups.organisationId, organisationId)));
    if (!row) throw notFound('单位集合', 'unit group');
    const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
    const before = {
      name: row.name,
      aliases: sorted(
        (await tx.select().from(unitGroupAliases).where(eq(unitGroupAliases.groupId, id))).map((a) => a.alias),
      ),
      memberIds: sorted(
        (await tx.select().from(unitGroupMembers).where(eq(unitGroupMembers.groupId, id))).map((m) => m.unitId),
      ),
    };
    if (input.name && input.name !== row.name) {
      await assertNameFree(tx, organisationId, input.name);
      await tx.update(unitGroups).set({ name: input.name }).where(eq(unitGroups.id, id));
    }
    await setGroupDetails(tx, organisationId, id, {
      name: input.name ?? row.name,
      aliases: input.aliases,
      memberIds: input.memberIds,
    });
    const after = {
      name: input.name,
      aliases: input.aliases && sorted(input.aliases.filter((a) => a !== (input.name ?? row.name))),
      memberIds: input.memberIds && sorted(input.memberIds),
    };
    await audit(tx, ctx, {
      action: 'group.update',
      subjectType: 'unit_group',
      subjectId: id,
      details: { changes: diffChanges(before, after) },
    });
  });
  return getGroup(ctx, organisationId, id);
}

async function getGroup(ctx: Ctx, organisationId: string, id: string): Promise<UnitGroup> {
  const [row] = await ctx.db
    .select()
    .from(unitGroups)
    .where(and(eq(unitGroups.id, id), eq(unitGroups.organisationId, organisationId)));
  if (!row) throw notFound('单位集合', 'unit group');
  return (await presentGroups(ctx.db, [row]))[0] as UnitGroup;
}

// ---- resolving printed names ------------------------------------------------------------------

export type Resolution = UnitMatch;

/** An organisation's directory as the unit-name matcher needs it: live units, their aliases, groups with theirs. */
export async function loadUnitDirectory(db: Db, organisationId: string): Promise<UnitDirectory> {
  // One after another: inside a transaction these share one connection.
  const unitRows = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.organisationId, organisationId), isNull(units.mergedIntoId)));
  const aliases = await db
    .select({ alias: unitAliases.alias, unitId: units.id, unitName: units.name })
    .from(unitAliases)
    .innerJoin(units, eq(units.id, unitAliases.unitId))
    .where(eq(unitAliases.organisationId, organisationId));
  const groupRows = await db
    .select({ id: unitGroups.id, name: unitGroups.name })
    .from(unitGroups)
    .where(eq(unitGroups.organisationId, organisationId));
  const groupAliases = await db
    .select({ alias: unitGroupAliases.alias, groupId: unitGroupAliases.groupId })
    .from(unitGroupAliases)
    .where(eq(unitGroupAliases.organisationId, organisationId));
  return {
    units: unitRows,
    aliases,
    groups: groupRows.map((g) => ({
      ...g,
      aliases: groupAliases.filter((a) => a.groupId === g.id).map((a) => a.alias),
    })),
  };
}

/** How each printed name maps to the organisation's directory (exact → alias → group, see src/core/unit-names.ts). */
export async function resolveNames(db: Db, organisationId: string, names: string[]): Promise<Map<string, Resolution>> {
  const out = new Map<string, Resolution>();
  if (names.length === 0) return out;
  const match = unitMatcher(await loadUnitDirectory(db, organisationId));
  for (const name of names) out.set(name, match(name));
  return out;
}

/** A reasonable kind for a unit first seen in a notice; the clerk can change it. */
export function guessKind(name: string): UnitKind {
  if (/街道(办事处)?$/.test(name)) return 'street';
  if (/(分局|大队|支队|中队|派出所|社保处)$/.test(name)) return 'city_branch';
  if (/(集团|公司)$/.test(name)) return 'soe';
  if (/^(团[省市区县]委)|(妇联|总工会|残联|红十字会|工商联|科协|侨联)$/.test(name)) return 'mass_org';
  if (/^[省市区县]委|纪委|监委|巡察办/.test(name)) return 'party';
  return 'department';
}
