// 工作移交 (people change): when a unit's clerk leaves or changes post, the work still open under their name
// moves to a colleague of the same unit in one transaction — the ledgers naming them as responsible person or
// contact (unless the item is closed out or its plan closed), the coordination requests they raised that are
// not resolved, and their extension and close-out applications still undecided. Finished work keeps the
// original names: it is history. Each moved thing records the move (handover_items), so its page shows who
// had it before; the hand-over is audited and the colleague is told. Deactivating the departing account is the
// separate users action.

import { and, asc, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  HandoverBody,
  HandoverItem,
  HandoverPreview,
  HandoverResult,
  HandoverSubject,
  UnitHandover,
} from '../../api/handover.js';
import type { HandoverLine } from '../../api/v1.js';
import { taskCode } from '../../core/task-code.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  closeoutRequests,
  coordinationRequests,
  extensionRequests,
  handoverItems,
  handovers,
  ledgers,
  milestones,
  plans,
  sources,
  tasks,
  units,
  users,
} from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { authorize, authorizeEver } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { notifyHandoff } from './notifications.js';

type UserRow = typeof users.$inferSelect;
const UNIT_ROLES = ['unit_leader', 'unit_staff'] as const;
const isUnitAccount = (u: UserRow): u is UserRow & { unitId: string } =>
  u.unitId !== null && (UNIT_ROLES as readonly string[]).includes(u.role);

const person = (u: UserRow) => ({ id: u.id, name: u.displayName, role: u.role, disabled: u.disabled });

const taskColumns = {
  taskId: tasks.id,
  number: tasks.number,
  text: tasks.text,
  position: tasks.position,
  sourceLevel: sources.level,
};
type TaskCols = { taskId: string; number: string | null; text: string; position: number; sourceLevel: string };
const taskRef = (r: TaskCols) =>
  ({
    id: r.taskId,
    number: r.number,
    text: r.text,
    position: r.position,
    sourceLevel: r.sourceLevel,
  }) as HandoverItem['task'];

/** The assignment is closed out (办结销号 verified): its ledger is finished work. */
const closedOut = sql`exists (select 1 from ${closeoutRequests} c where c.assignment_id = ${assignments.id} and c.status = 'verified')`;

interface LedgerHit {
  ledgerId: string;
  assignmentId: string;
  responsiblePerson: string | null;
  contact: string | null;
  phone: string | null;
  task: TaskCols;
}

/** Everything of the unit naming the person, split into open (moves) and finished (keeps the name). */
async function workOf(db: Db, user: UserRow & { unitId: string }, lock = false) {
  const name = user.displayName.trim();
  const names = or(sql`btrim(${ledgers.responsiblePerson}) = ${name}`, sql`btrim(${ledgers.contact}) = ${name}`) as SQL;
  const ledgerQuery = db
    .select({
      ledgerId: ledgers.id,
      assignmentId: assignments.id,
      responsiblePerson: ledgers.responsiblePerson,
      contact: ledgers.contact,
      phone: ledgers.phone,
      ...taskColumns,
      finished: sql<boolean>`(${plans.status} = 'closed' or ${closedOut})`,
    })
    .from(ledgers)
    .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(assignments.unitId, user.unitId), names))
    .orderBy(asc(sources.index), asc(tasks.position));
  const ledgerRows = lock ? await ledgerQuery.for('update', { of: ledgers }) : await ledgerQuery;

  const coordinationRows = await db
    .select({
      id: coordinationRequests.id,
      title: coordinationRequests.title,
      status: coordinationRequests.status,
      ...taskColumns,
    })
    .from(coordinationRequests)
    .innerJoin(tasks, eq(tasks.id, coordinationRequests.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(and(eq(coordinationRequests.raisedBy, user.id), eq(coordinationRequests.raisedByUnitId, user.unitId)))
    .orderBy(asc(coordinationRequests.createdAt));

  const extensionRows = await db
    .select({
      id: extensionRequests.id,
      status: extensionRequests.status,
      title: milestones.title,
      assignmentId: assignments.id,
      ...taskColumns,
    })
    .from(extensionRequests)
    .innerJoin(milestones, eq(milestones.id, extensionRequests.milestoneId))
    .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
    .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(and(eq(extensionRequests.requestedBy, user.id), eq(assignments.unitId, user.unitId)))
    .orderBy(asc(extensionRequests.createdAt));

  const closeoutRows = await db
    .select({ id: closeoutRequests.id, status: closeoutRequests.status, assignmentId: assignments.id, ...taskColumns })
    .from(closeoutRequests)
    .innerJoin(assignments, eq(assignments.id, closeoutRequests.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(and(eq(closeoutRequests.requestedBy, user.id), eq(assignments.unitId, user.unitId)))
    .orderBy(asc(closeoutRequests.createdAt));

  const openLedgers: LedgerHit[] = ledgerRows
    .filter((r) => !r.finished)
    .map((r) => ({
      ledgerId: r.ledgerId,
      assignmentId: r.assignmentId,
      responsiblePerson: r.responsiblePerson,
      contact: r.contact,
      phone: r.phone,
      task: r,
    }));
  const openCoordination = coordinationRows.filter((r) => r.status !== 'resolved');
  const openExtensions = extensionRows.filter((r) => r.status === 'pending');
  const openCloseouts = closeoutRows.filter((r) => r.status === 'pending');
  const kept =
    ledgerRows.length -
    openLedgers.length +
    coordinationRows.length -
    openCoordination.length +
    extensionRows.length -
    openExtensions.length +
    closeoutRows.length -
    openCloseouts.length;

  const items: HandoverItem[] = [
    ...openLedgers.map((l) => ({
      subjectType: 'ledger' as const,
      subjectId: l.ledgerId,
      assignmentId: l.assignmentId,
      task: taskRef(l.task),
      title: null,
      fields: [
        ...(l.responsiblePerson?.trim() === name ? ['responsiblePerson'] : []),
        ...(l.contact?.trim() === name ? ['contact', 'phone'] : []),
      ],
    })),
    ...openCoordination.map((c) => ({
      subjectType: 'coordination' as const,
      subjectId: c.id,
      assignmentId: null,
      task: taskRef(c),
      title: c.title,
      fields: ['raisedBy'],
    })),
    ...openExtensions.map((e) => ({
      subjectType: 'extension' as const,
      subjectId: e.id,
      assignmentId: e.assignmentId,
      task: taskRef(e),
      title: e.title,
      fields: ['requestedBy'],
    })),
    ...openCloseouts.map((c) => ({
      subjectType: 'closeout' as const,
      subjectId: c.id,
      assignmentId: c.assignmentId,
      task: taskRef(c),
      title: null,
      fields: ['requestedBy'],
    })),
  ];
  return { items, openLedgers, kept };
}

/** The departing account, authorized for the caller: 404 for another unit's (as every unit-scoped row). */
async function departing(db: Db, ctx: Ctx, userId: string, lock = false): Promise<UserRow & { unitId: string }> {
  authorizeEver(ctx.actor, 'users.handover');
  const query = db.select().from(users).where(eq(users.id, userId));
  const [user] = lock ? await query.for('update') : await query;
  if (!user) throw notFound('账号', 'account');
  if (!isUnitAccount(user)) {
    // Only the office and admins reach here for an account without a unit (a leader's own-unit check needs one).
    authorize(ctx.actor, 'users.handover', { unitIds: [] });
    throw badRequest(
      'handover_not_unit_account',
      '只有单位账号的工作可以移交。',
      "Only a unit account's work can be handed over.",
    );
  }
  authorize(ctx.actor, 'users.handover', { unitIds: [user.unitId] });
  return user;
}

async function colleagues(db: Db, user: UserRow & { unitId: string }): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(
      and(
        eq(users.unitId, user.unitId),
        ne(users.id, user.id),
        eq(users.disabled, false),
        inArray(users.role, [...UNIT_ROLES]),
      ),
    )
    .orderBy(asc(users.displayName));
}

async function unitRef(db: Db, unitId: string) {
  const [u] = await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, unitId));
  return u ?? { id: unitId, name: '' };
}

/** What a hand-over of this account would move, and to whom it may go. */
export async function previewHandover(ctx: Ctx, userId: string): Promise<HandoverPreview> {
  const user = await departing(ctx.db, ctx, userId);
  const { items, kept } = await workOf(ctx.db, user);
  return {
    user: person(user),
    unit: await unitRef(ctx.db, user.unitId),
    candidates: (await colleagues(ctx.db, user)).map(person),
    items,
    kept,
  };
}

/** A unit's accounts, each with how many open things name them: the leader's starting point. */
export async function unitHandover(ctx: Ctx, unitId: string): Promise<UnitHandover> {
  authorizeEver(ctx.actor, 'users.handover');
  authorize(ctx.actor, 'users.handover', { unitIds: [unitId] });
  const unit = await unitRef(ctx.db, unitId);
  if (!unit.name) throw notFound('单位', 'unit');
  const people = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.unitId, unitId), inArray(users.role, [...UNIT_ROLES])))
    .orderBy(asc(users.disabled), asc(users.displayName));
  const out: UnitHandover['people'] = [];
  for (const p of people) {
    const { items } = await workOf(ctx.db, p as UserRow & { unitId: string });
    out.push({ ...person(p), open: items.length });
  }
  return { unit, people: out };
}

const SUBJECT_ZH: Record<HandoverSubject, string> = {
  ledger: '台账',
  coordination: '协调事项',
  extension: '延期申请',
  closeout: '办结销号申请',
};

export async function handOver(ctx: Ctx, userId: string, body: HandoverBody): Promise<HandoverResult> {
  const at = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const from = await departing(tx, ctx, userId, true);
    const [to] = await tx.select().from(users).where(eq(users.id, body.toUserId)).for('update');
    if (!to || to.unitId !== from.unitId || !isUnitAccount(to)) {
      throw badRequest(
        'handover_target_not_in_unit',
        '接收人应为同一单位的账号。',
        'The colleague taking over must be an account of the same unit.',
      );
    }
    if (to.id === from.id) {
      throw badRequest('handover_to_self', '不能移交给本人。', 'Work cannot be handed over to the same account.');
    }
    if (to.disabled) {
      throw badRequest(
        'handover_target_disabled',
        '接收人的账号已停用，请选择在用的同事。',
        "The colleague's account is disabled; choose an active colleague.",
      );
    }
    const { items, openLedgers } = await workOf(tx, from, true);
    if (items.length === 0) {
      throw badRequest(
        'handover_nothing_open',
        `${from.displayName}名下没有未完成的工作可移交。`,
        `${from.displayName} has no open work to hand over.`,
      );
    }

    const [handover] = await tx
      .insert(handovers)
      .values({ unitId: from.unitId, fromUserId: from.id, toUserId: to.id, byUserId: ctx.actor?.id ?? null, at })
      .returning({ id: handovers.id });
    const handoverId = (handover as { id: string }).id;
    const moved: (typeof handoverItems.$inferInsert)[] = [];
    const record = (
      subjectType: HandoverSubject,
      subjectId: string,
      field: string,
      before: string | null,
      after: string | null,
    ) => moved.push({ handoverId, subjectType, subjectId, field, before, after });

    const name = from.displayName.trim();
    const phone = body.phone?.trim() || null;
    for (const l of openLedgers) {
      const person = l.responsiblePerson?.trim() === name;
      const contact = l.contact?.trim() === name;
      // The phone belongs to the contact: it follows the contact (the colleague's, or none rather than a stale one).
      await tx
        .update(ledgers)
        .set({
          ...(person ? { responsiblePerson: to.displayName } : {}),
          ...(contact ? { contact: to.displayName, phone } : {}),
          version: sql`${ledgers.version} + 1`,
          updatedAt: at,
          updatedBy: ctx.actor?.id ?? null,
        })
        .where(eq(ledgers.id, l.ledgerId));
      if (person) record('ledger', l.ledgerId, 'responsiblePerson', l.responsiblePerson, to.displayName);
      if (contact) {
        record('ledger', l.ledgerId, 'contact', l.contact, to.displayName);
        if (l.phone !== phone) record('ledger', l.ledgerId, 'phone', l.phone, phone);
      }
    }
    const idsOf = (type: HandoverSubject) => items.filter((i) => i.subjectType === type).map((i) => i.subjectId);
    const coordinationIds = idsOf('coordination');
    if (coordinationIds.length) {
      await tx
        .update(coordinationRequests)
        .set({ raisedBy: to.id })
        .where(inArray(coordinationRequests.id, coordinationIds));
      for (const id of coordinationIds) record('coordination', id, 'raisedBy', from.displayName, to.displayName);
    }
    const extensionIds = idsOf('extension');
    if (extensionIds.length) {
      await tx.update(extensionRequests).set({ requestedBy: to.id }).where(inArray(extensionRequests.id, extensionIds));
      for (const id of extensionIds) record('extension', id, 'requestedBy', from.displayName, to.displayName);
    }
    const closeoutIds = idsOf('closeout');
    if (closeoutIds.length) {
      await tx.update(closeoutRequests).set({ requestedBy: to.id }).where(inArray(closeoutRequests.id, closeoutIds));
      for (const id of closeoutIds) record('closeout', id, 'requestedBy', from.displayName, to.displayName);
    }
    await tx.insert(handoverItems).values(moved);

    const counts = Object.fromEntries(
      (['ledger', 'coordination', 'extension', 'closeout'] as const).map((k) => [k, idsOf(k).length]),
    );
    await audit(tx, ctx, {
      action: 'user.handover',
      subjectType: 'user',
      subjectId: from.id,
      details: {
        unitId: from.unitId,
        handoverId,
        from: from.displayName,
        to: { id: to.id, name: to.displayName },
        counts,
        items: items.map((i) => ({ type: i.subjectType, id: i.subjectId, fields: i.fields })),
      },
    });
    const list = items
      .map((i) => `${taskCode({ ...i.task, level: i.task.sourceLevel })} ${SUBJECT_ZH[i.subjectType]}`)
      .join('；');
    await notifyHandoff(
      tx,
      {
        kind: 'work_handed_over',
        to: [{ userIds: [to.id] }],
        title: `工作移交：${from.displayName}的${items.length}项工作交由您负责`,
        body: `由${from.displayName}移交给您：${list}`.slice(0, 500),
        link: '/my',
        key: handoverId,
      },
      at,
    );
    return { id: handoverId, from: person(from), to: person(to), items };
  });
}

/** The hand-overs each of these things went through, oldest first: what its page shows as history. */
export async function handoverLines(
  db: Db,
  subjectType: HandoverSubject,
  subjectIds: readonly string[],
): Promise<Map<string, HandoverLine[]>> {
  const out = new Map<string, HandoverLine[]>();
  if (subjectIds.length === 0) return out;
  const fromUser = alias(users, 'handover_from');
  const toUser = alias(users, 'handover_to');
  const byUser = alias(users, 'handover_by');
  const rows = await db
    .select({
      handoverId: handovers.id,
      subjectId: handoverItems.subjectId,
      field: handoverItems.field,
      at: handovers.at,
      from: fromUser.displayName,
      to: toUser.displayName,
      by: byUser.displayName,
    })
    .from(handoverItems)
    .innerJoin(handovers, eq(handovers.id, handoverItems.handoverId))
    .innerJoin(fromUser, eq(fromUser.id, handovers.fromUserId))
    .innerJoin(toUser, eq(toUser.id, handovers.toUserId))
    .leftJoin(byUser, eq(byUser.id, handovers.byUserId))
    .where(and(eq(handoverItems.subjectType, subjectType), inArray(handoverItems.subjectId, [...new Set(subjectIds)])))
    .orderBy(asc(handovers.at), asc(handoverItems.field));
  const seen = new Map<string, HandoverLine>();
  for (const r of rows) {
    const key = `${r.handoverId}:${r.subjectId}`;
    const line = seen.get(key);
    if (line) {
      line.fields.push(r.field);
      continue;
    }
    const next: HandoverLine = { at: r.at.toISOString(), from: r.from, to: r.to, by: r.by, fields: [r.field] };
    seen.set(key, next);
    out.set(r.subjectId, [...(out.get(r.subjectId) ?? []), next]);
  }
  return out;
}
