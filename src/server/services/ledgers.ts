// The ledger (台账) of an assignment: work measures, the responsible leader, post and person,
// dated milestones, and for province and city tasks the district's own share of each indicator.
// Writers send the version they read; a stale version is a 409, never a silent overwrite.

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AuditAction } from '../../api/audit.js';
import type { Ledger, LedgerCompleteness } from '../../api/v1.js';
import { DubanError } from '../../core/errors.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  auditEntries,
  extensionRequests,
  indicators,
  ledgers,
  localTargets,
  milestones,
  plans,
  sources,
  tasks,
  units,
} from '../db/schema.js';
import { badRequest, conflict as conflictError, forbidden, notFound } from '../errors.js';
import { type Action, type Actor, authorize, authorizeEver, ledgerAbilities, taskScope } from '../policy.js';
import { audit, type Changes, diffChanges } from './audit.js';
import type { Ctx } from './context.js';
import { handoverLines } from './handovers.js';
import { reportsHere } from './lights.js';
import { inClosedPlan, readOnlyIf } from './plan-archive.js';

interface Subject {
  assignment: typeof assignments.$inferSelect;
  task: typeof tasks.$inferSelect;
  sourceLevel: (typeof sources.$inferSelect)['level'];
  unitName: string;
  year: number;
}

async function subjectOf(db: Db, ctx: Ctx, assignmentId: string, action: Action): Promise<Subject> {
  const [row] = await db
    .select({
      assignment: assignments,
      task: tasks,
      sourceLevel: sources.level,
      unitName: units.name,
      year: plans.year,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(eq(assignments.id, assignmentId));
  if (!row) throw notFound('分工', 'assignment');
  authorize(ctx.actor, action, { unitIds: [row.assignment.unitId] });
  return row;
}

async function present(db: Db, actor: Actor | null, s: Subject): Promise<Ledger> {
  const [row] = await db.select().from(ledgers).where(eq(ledgers.assignmentId, s.assignment.id));
  const ms = row
    ? await db
        .select()
        .from(milestones)
        .where(eq(milestones.ledgerId, row.id))
        .orderBy(asc(milestones.position), asc(milestones.dueOn))
    : [];
  const upper = s.sourceLevel === 'province' || s.sourceLevel === 'city';
  const inds = upper
    ? await db.select().from(indicators).where(eq(indicators.taskId, s.task.id)).orderBy(asc(indicators.position))
    : [];
  const locals = inds.length
    ? await db
        .select()
        .from(localTargets)
        .where(
          and(
            eq(localTargets.assignmentId, s.assignment.id),
            inArray(
              localTargets.indicatorId,
              inds.map((i) => i.id),
            ),
          ),
        )
    : [];
  return {
    assignmentId: s.assignment.id,
    task: { id: s.task.id, number: s.task.number, text: s.task.text, sourceLevel: s.sourceLevel },
    unit: { id: s.assignment.unitId, name: s.unitName },
    role: s.assignment.role,
    status: row?.status ?? 'draft',
    measures: row?.measures ?? '',
    responsibleLeader: row?.responsibleLeader ?? null,
    responsiblePost: row?.responsiblePost ?? null,
    responsiblePerson: row?.responsiblePerson ?? null,
    contact: row?.contact ?? null,
    phone: row?.phone ?? null,
    returnedReason: row?.returnedReason ?? null,
    version: row?.version ?? 0,
    updatedAt: row ? row.updatedAt.toISOString() : null,
    handovers: row ? ((await handoverLines(db, 'ledger', [row.id])).get(row.id) ?? []) : [],
    abilities: readOnlyIf(
      await inClosedPlan(db, 'assignment', s.assignment.id),
      ledgerAbilities(actor, s.assignment.unitId),
    ),
    milestones: ms.map((m) => ({
      id: m.id,
      title: m.title,
      dueOn: m.dueOn,
      doneOn: m.doneOn,
      evidence: m.evidence,
      position: m.position,
    })),
    localTargets: inds.map((i) => ({
      indicatorId: i.id,
      label: i.label,
      printed: { value: i.value, unit: i.unit, op: i.op },
      value: locals.find((l) => l.indicatorId === i.id)?.value ?? null,
    })),
  };
}

export async function getLedger(ctx: Ctx, assignmentId: string): Promise<Ledger> {
  authorizeEver(ctx.actor, 'ledgers.read');
  return present(ctx.db, ctx.actor, await subjectOf(ctx.db, ctx, assignmentId, 'ledgers.read'));
}

/** The ledger row, created (version 1, draft) if the unit never saved one; locked for the change. */
async function ledgerRow(tx: Db, ctx: Ctx, assignmentId: string): Promise<typeof ledgers.$inferSelect> {
  await tx
    .insert(ledgers)
    .values({ assignmentId, updatedAt: ctx.clock(), updatedBy: ctx.actor?.id ?? null })
    .onConflictDoNothing();
  const [row] = await tx.select().from(ledgers).where(eq(ledgers.assignmentId, assignmentId)).for('update');
  return row as typeof ledgers.$inferSelect;
}

const conflict = (current: Ledger) =>
  new DubanError(
    'version_conflict',
    { zh: '台账已被他人修改，请刷新后再编辑。', en: 'Someone else changed this ledger; reload before editing.' },
    409,
    { current },
  );

/**
 * Runs a unit's change to its ledger in one transaction; any change makes it a draft again and
 * bumps the version. With `expectVersion`, a ledger changed since the caller read it is a 409
 * (a ledger never saved is version 0).
 */
async function change(
  ctx: Ctx,
  assignmentId: string,
  action: AuditAction,
  /** Returns what it changed (`diffChanges`) for the audit entry, when the change is an edit. */
  fn: (tx: Db, row: typeof ledgers.$inferSelect, s: Subject) => Promise<Changes | undefined>,
  expectVersion?: number,
): Promise<Ledger> {
  authorizeEver(ctx.actor, 'ledgers.write');
  return ctx.db.transaction(async (tx) => {
    const s = await subjectOf(tx, ctx, assignmentId, 'ledgers.write');
    if (expectVersion !== undefined) {
      const [existing] = await tx
        .select({ version: ledgers.version })
        .from(ledgers)
        .where(eq(ledgers.assignmentId, assignmentId))
        .for('update');
      if ((existing?.version ?? 0) !== expectVersion) throw conflict(await present(tx, ctx.actor, s));
    }
    const row = await ledgerRow(tx, ctx, assignmentId);
    const changes = await fn(tx, row, s);
    await tx
      .update(ledgers)
      .set({ version: row.version + 1, status: 'draft', updatedAt: ctx.clock(), updatedBy: ctx.actor?.id ?? null })
      .where(eq(ledgers.id, row.id));
    await audit(tx, ctx, {
      action,
      subjectType: 'assignment',
      subjectId: assignmentId,
      ...(changes ? { details: { changes } } : {}),
    });
    return present(tx, ctx.actor, s);
  });
}

type LedgerFields = 'measures' | 'responsibleLeader' | 'responsiblePost' | 'responsiblePerson' | 'contact' | 'phone';

export async function updateLedger(
  ctx: Ctx,
  assignmentId: string,
  body: { version: number } & Partial<Record<LedgerFields, string | null>>,
): Promise<Ledger> {
  const { version, ...fields } = body;
  return change(
    ctx,
    assignmentId,
    'ledger.update',
    async (tx, row) => {
      const set: Partial<typeof ledgers.$inferInsert> = {};
      for (const [key, value] of Object.entries(fields) as [LedgerFields, string | null | undefined][]) {
        if (value === undefined) continue;
        if (key === 'measures') set.measures = value ?? '';
        else set[key] = value || null;
      }
      if (Object.keys(set).length > 0) await tx.update(ledgers).set(set).where(eq(ledgers.id, row.id));
      return diffChanges(row, set);
    },
    version,
  );
}

function checkInYear(date: string, year: number): void {
  if (!date.startsWith(`${year}-`)) {
    throw badRequest(
      'date_outside_plan_year',
      `时间节点应在方案年度（${year}年）之内。`,
      `Milestone dates must fall within the plan year (${year}).`,
    );
  }
}

export async function addMilestone(
  ctx: Ctx,
  assignmentId: string,
  body: { title: string; dueOn: string },
): Promise<Ledger> {
  return change(ctx, assignmentId, 'milestone.add', async (tx, row, s) => {
    checkInYear(body.dueOn, s.year);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(milestones)
      .where(eq(milestones.ledgerId, row.id));
    await tx.insert(milestones).values({ ledgerId: row.id, title: body.title, dueOn: body.dueOn, position: n });
    return undefined;
  });
}

/**
 * Once the office has confirmed a ledger, its milestone dates are the office's commitment: they move only through
 * an approved extension request (延期申请), also after later edits made the ledger a draft again. The ledger keeps
 * no date of its confirmation, so the audit log (append-only, written in the confirming transaction) answers it.
 * A date with a request pending is not the unit's to move either.
 */
async function assertDateUnlocked(tx: Db, assignmentId: string, milestoneId: string, verb: 'change' | 'delete') {
  const [confirmed] = await tx
    .select({ id: auditEntries.id })
    .from(auditEntries)
    .where(
      and(
        eq(auditEntries.subjectType, 'assignment'),
        eq(auditEntries.subjectId, assignmentId),
        eq(auditEntries.action, 'ledger.confirm'),
      ),
    )
    .limit(1);
  const [pending] = await tx
    .select({ id: extensionRequests.id })
    .from(extensionRequests)
    .where(and(eq(extensionRequests.milestoneId, milestoneId), eq(extensionRequests.status, 'pending')));
  if (!confirmed && !pending) return;
  const why = pending
    ? { zh: '该时间节点的延期申请正在审批中', en: 'an extension request for this milestone is awaiting a decision' }
    : { zh: '台账已经督查室确认', en: 'the office has confirmed this ledger' };
  throw conflictError(
    verb === 'change' ? 'milestone_date_locked' : 'milestone_locked',
    `${why.zh}，不能直接${verb === 'change' ? '修改时间节点日期' : '删除时间节点'}。如需调整，请提交延期申请（申请延期），经督查室批准后生效。`,
    `${why.en.charAt(0).toUpperCase()}${why.en.slice(1)}: the milestone's date cannot be ${verb === 'change' ? 'changed' : 'deleted'} directly. Request an extension (申请延期); it takes effect once the office approves it.`,
  );
}

async function milestoneAssignment(db: Db, id: string): Promise<string> {
  const [m] = await db
    .select({ assignmentId: ledgers.assignmentId })
    .from(milestones)
    .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
    .where(eq(milestones.id, id));
  if (!m) throw notFound('时间节点', 'milestone');
  return m.assignmentId;
}

export async function updateMilestone(
  ctx: Ctx,
  id: string,
  body: {
    title?: string | undefined;
    dueOn?: string | undefined;
    doneOn?: string | null | undefined;
    evidence?: string | null | undefined;
  },
): Promise<Ledger> {
  const assignmentId = await milestoneAssignment(ctx.db, id);
  return change(ctx, assignmentId, 'milestone.update', async (tx, _row, s) => {
    const [current] = await tx.select().from(milestones).where(eq(milestones.id, id)).for('update');
    if (!current) throw notFound('时间节点', 'milestone');
    if (body.dueOn !== undefined && body.dueOn !== current.dueOn)
      await assertDateUnlocked(tx, assignmentId, id, 'change');
    if (body.dueOn) checkInYear(body.dueOn, s.year);
    if (body.doneOn && body.doneOn > `${s.year + 1}-12-31`) checkInYear(body.doneOn, s.year);
    const set: Partial<typeof milestones.$inferInsert> = {};
    if (body.title !== undefined) set.title = body.title;
    if (body.dueOn !== undefined) set.dueOn = body.dueOn;
    if (body.doneOn !== undefined) set.doneOn = body.doneOn;
    if (body.evidence !== undefined) set.evidence = body.evidence || null;
    if (Object.keys(set).length > 0) await tx.update(milestones).set(set).where(eq(milestones.id, id));
    return diffChanges(current, set);
  });
}

export async function deleteMilestone(ctx: Ctx, id: string): Promise<Ledger> {
  const assignmentId = await milestoneAssignment(ctx.db, id);
  return change(ctx, assignmentId, 'milestone.delete', async (tx) => {
    await assertDateUnlocked(tx, assignmentId, id, 'delete');
    await tx.delete(milestones).where(eq(milestones.id, id));
    return undefined;
  });
}

export async function setLocalTargets(
  ctx: Ctx,
  assignmentId: string,
  targets: { indicatorId: string; value: number }[],
): Promise<Ledger> {
  return change(ctx, assignmentId, 'ledger.local_targets', async (tx, _row, s) => {
    if (s.sourceLevel !== 'province' && s.sourceLevel !== 'city') {
      throw badRequest(
        'local_targets_not_applicable',
        '只有省、市任务需要明确我区承担的目标。',
        'Only province and city tasks take a district share.',
      );
    }
    const inds = await tx.select().from(indicators).where(eq(indicators.taskId, s.task.id));
    const before = await tx.select().from(localTargets).where(eq(localTargets.assignmentId, assignmentId));
    for (const t of targets) {
      const ind = inds.find((i) => i.id === t.indicatorId);
      if (!ind) throw notFound('指标', 'indicator');
      await tx
        .insert(localTargets)
        .values({ assignmentId, indicatorId: ind.id, value: t.value, unit: ind.unit })
        .onConflictDoUpdate({ target: [localTargets.assignmentId, localTargets.indicatorId], set: { value: t.value } });
    }
    // By indicator label (what the office reads), old and new value.
    const label = (indicatorId: string) => inds.find((i) => i.id === indicatorId)?.label ?? indicatorId;
    return diffChanges(
      Object.fromEntries(before.map((b) => [label(b.indicatorId), b.value])),
      Object.fromEntries(targets.map((t) => [label(t.indicatorId), t.value])),
    );
  });
}

/** The unit marks its ledger complete; measures and a responsible person are required. */
export async function submitLedger(ctx: Ctx, assignmentId: string): Promise<Ledger> {
  authorizeEver(ctx.actor, 'ledgers.write');
  return ctx.db.transaction(async (tx) => {
    const s = await subjectOf(tx, ctx, assignmentId, 'ledgers.write');
    const row = await ledgerRow(tx, ctx, assignmentId);
    if (!row.measures.trim() || !row.responsiblePerson) {
      throw badRequest(
        'ledger_incomplete',
        '请先填写工作措施和责任人。',
        'Fill in the work measures and the responsible person first.',
      );
    }
    await tx
      .update(ledgers)
      .set({ status: 'submitted', returnedReason: null, version: row.version + 1, updatedAt: ctx.clock() })
      .where(eq(ledgers.id, row.id));
    await audit(tx, ctx, { action: 'ledger.submit', subjectType: 'assignment', subjectId: assignmentId });
    return present(tx, ctx.actor, s);
  });
}

/** The office returns a ledger with a reason, or confirms it. */
export async function reviewLedger(
  ctx: Ctx,
  assignmentId: string,
  decision: { confirm: true } | { reason: string },
): Promise<Ledger> {
  authorize(ctx.actor, 'ledgers.review');
  return ctx.db.transaction(async (tx) => {
    const s = await subjectOf(tx, ctx, assignmentId, 'ledgers.review');
    const [row] = await tx.select().from(ledgers).where(eq(ledgers.assignmentId, assignmentId)).for('update');
    if (row?.status !== 'submitted') {
      throw badRequest(
        'ledger_not_submitted',
        '台账尚未提交，无法审核。',
        'The ledger has not been submitted for review.',
      );
    }
    const set =
      'reason' in decision
        ? { status: 'returned' as const, returnedReason: decision.reason }
        : { status: 'confirmed' as const };
    await tx
      .update(ledgers)
      .set({ ...set, version: row.version + 1, updatedAt: ctx.clock() })
      .where(eq(ledgers.id, row.id));
    await audit(tx, ctx, {
      action: 'reason' in decision ? 'ledger.return' : 'ledger.confirm',
      subjectType: 'assignment',
      subjectId: assignmentId,
      details: decision,
    });
    return present(tx, ctx.actor, s);
  });
}

/**
 * Per unit that reports here (reportsHere: not the city and province departments the notice names as
 * lead units): how many of its assignments have a filled ledger, milestones, a submitted ledger.
 */
export async function ledgerCompleteness(ctx: Ctx, planId?: string): Promise<LedgerCompleteness[]> {
  authorizeEver(ctx.actor, 'ledgers.read');
  // Across units: for those who read every unit's ledgers (the office, district leaders).
  if (taskScope(ctx.actor, 'ledgers.read') !== 'all') throw forbidden();
  const rows = await ctx.db.execute<{
    unit_id: string;
    unit_name: string;
    assignments: number;
    filled: number;
    with_milestones: number;
    submitted: number;
    returned: number;
  }>(sql`
    select ${units.id} as unit_id, ${units.name} as unit_name,
      count(a.id)::int as assignments,
      count(l.id) filter (where btrim(l.measures) <> '' and l.responsible_person is not null)::int as filled,
      count(l.id) filter (where exists (select 1 from ${milestones} m where m.ledger_id = l.id))::int as with_milestones,
      count(l.id) filter (where l.status in ('submitted', 'confirmed'))::int as submitted,
      count(l.id) filter (where l.status = 'returned')::int as returned
    from ${assignments} a
    join ${tasks} t on t.id = a.task_id
    join ${units} on ${units.id} = a.unit_id
    left join ${ledgers} l on l.assignment_id = a.id
    where ${planId ? sql`t.plan_id = ${planId}` : sql`true`} and ${reportsHere}
    group by ${units.id}, ${units.name}
    order by ${units.name}`);
  return rows.rows.map((r) => ({
    unit: { id: r.unit_id, name: r.unit_name },
    assignments: r.assignments,
    filled: r.filled,
    withMilestones: r.with_milestones,
    submitted: r.submitted,
    returned: r.returned,
  }));
}
