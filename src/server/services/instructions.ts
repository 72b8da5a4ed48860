// 批示: a district leader writes an instruction on a task, a unit's signed report, a 督办单 or a bulletin; the office
// routes it to the units it concerns with a date (转办); each unit answers (落实情况) with evidence and may amend its
// answer until the office closes the instruction. One overdue rule (`targetOverdue`) for the page, the lists, the
// task's history and the reminders. A unit sees the instructions routed to it, the leader's words and the office's
// notes, and its own answer only; the office and the district leaders see everything.
//
// Closing: the office may close a routed instruction whether or not every unit answered (a leader may consider it
// settled); the close note is required, and the units still unanswered are named in the audit entry.

import { and, asc, desc, eq, exists, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { BulletinInstruction } from '../../api/bulletins.js';
import {
  INSTRUCTION_TEXT_MAX,
  type Instruction,
  type InstructionFilter,
  type InstructionSubject,
  type TaskInstruction,
} from '../../api/instructions.js';
import { isSigned } from '../../core/status.js';
import { taskCode } from '../../core/task-code.js';
import { cstDate } from '../../core/time.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  bulletins,
  evidenceFiles,
  instructions,
  instructionTargets,
  itemReports,
  plans,
  reportingPeriods,
  sources,
  submissions,
  supervisionNotices,
  tasks,
  units,
  users,
} from '../db/schema.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import { type Actor, authorize, authorizeEver, can, taskScope } from '../policy.js';
import { checkAnswerFacts } from './ask-once.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';
import { notifyHandoff } from './notifications.js';
import { planVisible } from './plans.js';
import { supervisionNoticeNumber } from './supervision-notices.js';

type Row = typeof instructions.$inferSelect;
type TargetRow = typeof instructionTargets.$inferSelect;

/**
 * The one rule of 逾期未落实: a routed instruction's target still unanswered after its date (`today` a China day).
 * A closed instruction has nothing overdue: the office settled it.
 */
export const targetOverdue = (
  instruction: { status: string },
  target: { answeredAt: Date | string | null; dueOn: string },
  today: string,
): boolean => instruction.status === 'routed' && target.answeredAt === null && target.dueOn < today;

/** How many of its files a unit is offered for an answer without a task (the newest). */
const OFFERED_FILES = 50;

const instructionNotFound = () => notFound('批示', 'instruction');

/** Trimmed, non-blank and at most INSTRUCTION_TEXT_MAX characters; `what` names the field in both languages. */
function cleanText(raw: string, what: { zh: string; en: string; code: string }): string {
  const text = raw.trim();
  if (text === '') throw badRequest(`${what.code}_blank`, `${what.zh}不能为空。`, `The ${what.en} cannot be blank.`);
  if ([...text].length > INSTRUCTION_TEXT_MAX) {
    throw badRequest(
      `${what.code}_too_long`,
      `${what.zh}不能超过${INSTRUCTION_TEXT_MAX}字。`,
      `The ${what.en} cannot be longer than ${INSTRUCTION_TEXT_MAX} characters.`,
    );
  }
  return text;
}

interface SubjectInfo {
  type: InstructionSubject;
  id: string;
  title: string;
  link: string | null;
  taskId: string | null;
  /** Units the office is offered when routing. */
  unitIds: string[];
  /** For a report: whether its leader signed it (only a signed report takes a 批示). */
  signed: boolean;
}

/** The subjects of these instructions (visible plans only), by `${type}:${id}`; one query per type. */
async function loadSubjects(
  db: Db,
  refs: readonly { subjectType: InstructionSubject; subjectId: string }[],
): Promise<Map<string, SubjectInfo>> {
  const out = new Map<string, SubjectInfo>();
  const ids = (type: InstructionSubject) => [
    ...new Set(refs.filter((r) => r.subjectType === type).map((r) => r.subjectId)),
  ];
  const taskIds = ids('task');
  const submissionIds = ids('submission');
  const noticeIds = ids('supervision_notice');
  const bulletinIds = ids('bulletin');
  const [taskRows, submissionRows, noticeRows, bulletinRows] = await Promise.all([
    taskIds.length
      ? db
          .select({
            id: tasks.id,
            number: tasks.number,
            position: tasks.position,
            text: tasks.text,
            level: sources.level,
          })
          .from(tasks)
          .innerJoin(sources, eq(sources.id, tasks.sourceId))
          .innerJoin(plans, and(eq(plans.id, tasks.planId), planVisible))
          .where(inArray(tasks.id, taskIds))
      : [],
    submissionIds.length
      ? db
          .select({
            id: submissions.id,
            status: submissions.status,
            unitId: submissions.unitId,
            unitName: units.name,
            periodId: submissions.periodId,
            label: reportingPeriods.label,
          })
          .from(submissions)
          .innerJoin(units, eq(units.id, submissions.unitId))
          .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
          .innerJoin(plans, and(eq(plans.id, reportingPeriods.planId), planVisible))
          .where(inArray(submissions.id, submissionIds))
      : [],
    noticeIds.length
      ? db
          .select({
            id: supervisionNotices.id,
            year: supervisionNotices.year,
            seq: supervisionNotices.seq,
            taskId: supervisionNotices.taskId,
            unitId: supervisionNotices.unitId,
            unitName: units.name,
          })
          .from(supervisionNotices)
          .innerJoin(units, eq(units.id, supervisionNotices.unitId))
          .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
          .innerJoin(plans, and(eq(plans.id, tasks.planId), planVisible))
          .where(inArray(supervisionNotices.id, noticeIds))
      : [],
    bulletinIds.length
      ? db
          .select({ id: bulletins.id, number: bulletins.number, title: bulletins.title })
          .from(bulletins)
          .innerJoin(plans, and(eq(plans.id, bulletins.planId), planVisible))
          .where(inArray(bulletins.id, bulletinIds))
      : [],
  ]);
  const taskUnits = taskIds.length
    ? await db
        .select({ taskId: assignments.taskId, unitId: assignments.unitId })
        .from(assignments)
        .where(inArray(assignments.taskId, taskIds))
        .orderBy(assignments.position)
    : [];
  for (const t of taskRows) {
    out.set(`task:${t.id}`, {
      type: 'task',
      id: t.id,
      title: `${taskCode(t)} ${t.text}`,
      link: `/tasks/${t.id}`,
      taskId: t.id,
      unitIds: [...new Set(taskUnits.filter((a) => a.taskId === t.id).map((a) => a.unitId))],
      signed: false,
    });
  }
  for (const s of submissionRows) {
    out.set(`submission:${s.id}`, {
      type: 'submission',
      id: s.id,
      title: `${s.unitName} · ${s.label}`,
      link: `/submission/${s.periodId}?unitId=${s.unitId}`,
      taskId: null,
      unitIds: [s.unitId],
      signed: isSigned(s.status),
    });
  }
  for (const n of noticeRows) {
    out.set(`supervision_notice:${n.id}`, {
      type: 'supervision_notice',
      id: n.id,
      title: `${supervisionNoticeNumber(n)} · ${n.unitName}`,
      link: `/supervision-notices/${n.id}`,
      taskId: n.taskId,
      unitIds: [n.unitId],
      signed: false,
    });
  }
  for (const b of bulletinRows) {
    out.set(`bulletin:${b.id}`, {
      type: 'bulletin',
      id: b.id,
      title: b.number ? `${b.number} ${b.title}` : b.title,
      link: `/bulletins/${b.id}`,
      taskId: null,
      unitIds: [],
      signed: false,
    });
  }
  return out;
}

const SUBJECT_MISSING: Record<InstructionSubject, [string, string]> = {
  task: ['任务', 'task'],
  submission: ['报送', 'submission'],
  supervision_notice: ['督办单', 'supervision notice'],
  bulletin: ['通报', 'bulletin'],
};

/** Which target rows of these instructions the actor may see (all, or their unit's only). */
function sees(actor: Actor, unitId: string): boolean {
  return taskScope(actor, 'instructions.read') === 'all' || actor.unitId === unitId;
}

async function present(ctx: Ctx, rows: Row[]): Promise<Instruction[]> {
  if (rows.length === 0) return [];
  const actor = ctx.actor as Actor;
  const today = cstDate(ctx.clock());
  const ids = rows.map((r) => r.id);
  const [subjects, targetRows, people] = await Promise.all([
    loadSubjects(ctx.db, rows),
    ctx.db
      .select({ t: instructionTargets, unitName: units.name })
      .from(instructionTargets)
      .innerJoin(units, eq(units.id, instructionTargets.unitId))
      .where(inArray(instructionTargets.instructionId, ids))
      .orderBy(units.name),
    ctx.db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(
        inArray(users.id, [
          ...new Set(rows.flatMap((r) => [r.authorId, r.routedBy, r.closedBy].filter((x): x is string => x !== null))),
        ]),
      ),
  ]);
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const taskIds = [...new Set(rows.map((r) => r.taskId).filter((x): x is string => x !== null))];
  const held = taskIds.length
    ? await ctx.db
        .select({ id: assignments.id, taskId: assignments.taskId, unitId: assignments.unitId })
        .from(assignments)
        .where(inArray(assignments.taskId, taskIds))
    : [];
  const answerers = [...new Set(targetRows.map((t) => t.t.answeredBy).filter((x): x is string => x !== null))];
  const answererNames = answerers.length
    ? new Map(
        (
          await ctx.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, answerers))
        ).map((u) => [u.id, u.name]),
      )
    : new Map<string, string>();
  const fileIds = [...new Set(targetRows.flatMap((t) => (sees(actor, t.t.unitId) ? t.t.evidenceIds : [])))];
  // Files to offer the caller's own unit where the subject has no task: what it gave on its reports, newest first.
  const offeredTo = actor.unitId && rows.some((r) => r.taskId === null && r.status === 'routed') ? actor.unitId : null;
  const offered = offeredTo
    ? await ctx.db
        .select({ id: evidenceFiles.id, fileName: evidenceFiles.fileName, sha256: evidenceFiles.sha256 })
        .from(evidenceFiles)
        .innerJoin(itemReports, eq(itemReports.id, evidenceFiles.itemReportId))
        .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
        .where(eq(submissions.unitId, offeredTo))
        .orderBy(desc(evidenceFiles.uploadedAt), desc(evidenceFiles.id))
        .limit(OFFERED_FILES)
    : [];
  const files = fileIds.length
    ? await ctx.db
        .select({ id: evidenceFiles.id, fileName: evidenceFiles.fileName, sha256: evidenceFiles.sha256 })
        .from(evidenceFiles)
        .where(inArray(evidenceFiles.id, fileIds))
    : [];
  return rows.map((r) => {
    const subject = subjects.get(`${r.subjectType}:${r.subjectId}`);
    const mine = targetRows.filter((t) => t.t.instructionId === r.id);
    const targets = mine.map(({ t, unitName }) => {
      const visible = sees(actor, t.unitId);
      const canAnswer = r.status === 'routed' && can(actor, 'instructions.answer', { unitIds: [t.unitId] });
      return {
        id: t.id,
        unit: { id: t.unitId, name: unitName },
        assignmentId: held.find((a) => a.taskId === r.taskId && a.unitId === t.unitId)?.id ?? null,
        dueOn: t.dueOn,
        answer: visible ? t.answer : null,
        evidence: visible ? files.filter((f) => t.evidenceIds.includes(f.id)) : [],
        answeredBy: visible && t.answeredBy ? (answererNames.get(t.answeredBy) ?? null) : null,
        answeredAt: visible ? (t.answeredAt?.toISOString() ?? null) : null,
        overdue: targetOverdue(r, t, today),
        canAnswer,
        offered: canAnswer && r.taskId === null && t.unitId === offeredTo ? offered : [],
      };
    });
    return {
      id: r.id,
      subject: {
        type: r.subjectType,
        id: r.subjectId,
        title: subject?.title ?? '',
        link: subject?.link ?? null,
      },
      taskId: r.taskId,
      author: { id: r.authorId, name: nameOf.get(r.authorId) ?? '' },
      body: r.body,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      routedAt: r.routedAt?.toISOString() ?? null,
      routedBy: r.routedBy ? (nameOf.get(r.routedBy) ?? null) : null,
      routeNote: r.routeNote,
      closedAt: r.closedAt?.toISOString() ?? null,
      closedBy: r.closedBy ? (nameOf.get(r.closedBy) ?? null) : null,
      closeNote: r.closeNote,
      targets,
      answered: mine.filter((t) => t.t.answeredAt !== null).length,
      total: mine.length,
      overdue: targets.some((t) => t.overdue),
      suggestedUnitIds: subject?.unitIds ?? [],
      abilities: {
        route: r.status === 'pending' && can(actor, 'instructions.route'),
        close: r.status === 'routed' && can(actor, 'instructions.route'),
        answer: targets.some((t) => t.canAnswer),
      },
    };
  });
}

/** The instruction and its targets; 404 to a unit it was not routed to (as to anyone for an unknown id). */
async function load(ctx: Ctx, id: string, lock = false): Promise<{ row: Row; targets: TargetRow[] }> {
  const query = ctx.db.select().from(instructions).where(eq(instructions.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw instructionNotFound();
  const targets = await ctx.db.select().from(instructionTargets).where(eq(instructionTargets.instructionId, id));
  if (taskScope(ctx.actor as Actor, 'instructions.read') !== 'all') {
    authorize(ctx.actor, 'instructions.read', { unitIds: targets.map((t) => t.unitId) });
  }
  return { row, targets };
}

export async function getInstruction(ctx: Ctx, id: string): Promise<Instruction> {
  authorizeEver(ctx.actor, 'instructions.read');
  const { row } = await load(ctx, id);
  return (await present(ctx, [row]))[0] as Instruction;
}

/**
 * The instructions the caller sees, newest first: the office and district leaders every one (a leader's own first,
 * or only theirs with `mine`), a unit those routed to it.
 */
export async function listInstructions(ctx: Ctx, filter: InstructionFilter = {}): Promise<Instruction[]> {
  authorizeEver(ctx.actor, 'instructions.read');
  const actor = ctx.actor;
  const scope = taskScope(actor, 'instructions.read');
  const where: SQL[] = [];
  if (scope !== 'all') {
    where.push(
      exists(
        ctx.db
          .select({ one: sql`1` })
          .from(instructionTargets)
          .where(
            and(eq(instructionTargets.instructionId, instructions.id), eq(instructionTargets.unitId, scope.unitId)),
          ),
      ),
    );
  }
  if (filter.status) where.push(eq(instructions.status, filter.status));
  if (filter.taskId) where.push(eq(instructions.taskId, filter.taskId));
  if (filter.mine === 'true') {
    // The command line has no instructions of its own.
    if (!actor.id) return [];
    where.push(eq(instructions.authorId, actor.id));
  }
  const rows = await ctx.db
    .select()
    .from(instructions)
    .where(where.length ? and(...where) : undefined)
    .orderBy(
      desc(sql`${instructions.authorId} = ${actor.id ?? '00000000-0000-0000-0000-000000000000'}`),
      desc(instructions.createdAt),
      desc(instructions.id),
    )
    .limit(500);
  return present(ctx, rows);
}

export async function writeInstruction(
  ctx: Ctx,
  input: { subjectType: InstructionSubject; subjectId: string; body: string },
): Promise<Instruction> {
  authorize(ctx.actor, 'instructions.write');
  // A 批示 is a person's: the command line has no leader to write one.
  const authorId = ctx.actor.id;
  if (!authorId) throw forbidden();
  const body = cleanText(input.body, { zh: '批示内容', en: 'instruction', code: 'instruction_body' });
  const subject = (await loadSubjects(ctx.db, [input])).get(`${input.subjectType}:${input.subjectId}`);
  if (!subject) throw notFound(...SUBJECT_MISSING[input.subjectType]);
  if (subject.type === 'submission' && !subject.signed) {
    throw badRequest(
      'submission_not_signed',
      '该报送尚未经单位主要领导签字，不能批示。',
      'This report has not been signed by its unit leader; it cannot take an instruction yet.',
    );
  }
  const now = ctx.clock();
  const id = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(instructions)
      .values({
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        taskId: subject.taskId,
        authorId,
        body,
        createdAt: now,
      })
      .returning();
    const row = created as Row;
    await notifyHandoff(
      tx,
      {
        kind: 'instruction_written',
        to: [{ office: true }],
        title: `区领导批示待转办：${subject.title}`.slice(0, 200),
        body: body.slice(0, 200),
        link: `/instructions/${row.id}`,
        key: row.id,
      },
      now,
    );
    await audit(tx, ctx, {
      action: 'instruction.write',
      subjectType: 'instruction',
      subjectId: row.id,
      details: {
        subject: { type: input.subjectType, id: input.subjectId },
        changes: diffChanges({}, { status: row.status, body: row.body, taskId: row.taskId }),
      },
    });
    return row.id;
  });
  return getInstruction(ctx, id);
}

export async function routeInstruction(
  ctx: Ctx,
  id: string,
  input: { unitIds: string[]; dueOn: string; note?: string | undefined },
): Promise<Instruction> {
  authorize(ctx.actor, 'instructions.route');
  const unitIds = [...new Set(input.unitIds)];
  if (unitIds.length === 0) {
    throw badRequest('instruction_no_units', '请至少选择一个落实单位。', 'Choose at least one unit to route it to.');
  }
  const now = ctx.clock();
  if (input.dueOn < cstDate(now)) {
    throw badRequest('due_on_past', '落实期限不能早于今天。', 'The due date cannot be in the past.');
  }
  const note =
    input.note === undefined || input.note.trim() === ''
      ? null
      : cleanText(input.note, { zh: '转办意见', en: 'note', code: 'route_note' });
  const known = await ctx.db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(inArray(units.id, unitIds), isNull(units.mergedIntoId)));
  if (known.length !== unitIds.length) {
    throw badRequest('unit_not_found', '所选单位不存在。', 'A unit chosen does not exist.', {
      unknown: unitIds.filter((u) => !known.some((k) => k.id === u)),
    });
  }
  await ctx.db.transaction(async (tx) => {
    const { row } = await load({ ...ctx, db: tx }, id, true);
    if (row.status !== 'pending') {
      throw conflict(
        'instruction_state',
        row.status === 'closed' ? '该批示已办结。' : '该批示已转办。',
        row.status === 'closed' ? 'This instruction is already closed.' : 'This instruction has already been routed.',
      );
    }
    const after = { status: 'routed' as const, routedBy: ctx.actor?.id ?? null, routedAt: now, routeNote: note };
    await tx.update(instructions).set(after).where(eq(instructions.id, id));
    await tx
      .insert(instructionTargets)
      .values(unitIds.map((unitId) => ({ instructionId: id, unitId, dueOn: input.dueOn })));
    for (const unitId of unitIds) {
      await notifyHandoff(
        tx,
        {
          kind: 'instruction_routed',
          to: [{ unitId, roles: ['unit_staff', 'unit_leader'] }],
          title: '收到区领导批示，请落实',
          body: `${row.body.slice(0, 150)}（请于${input.dueOn}前反馈落实情况）`,
          link: `/instructions/${id}`,
          key: `${id}:${unitId}`,
        },
        now,
      );
    }
    await audit(tx, ctx, {
      action: 'instruction.route',
      subjectType: 'instruction',
      subjectId: id,
      details: {
        changes: diffChanges(row, after),
        targets: known.map((u) => ({ unitId: u.id, unit: u.name, dueOn: input.dueOn })),
      },
    });
  });
  return getInstruction(ctx, id);
}

/** Evidence by reference: files the unit uploaded to its own reports (of the instruction's task when it has one). */
async function checkEvidence(db: Db, unitId: string, taskId: string | null, evidenceIds: string[]): Promise<void> {
  if (evidenceIds.length === 0) return;
  if (taskId) {
    await checkAnswerFacts(db, { assignmentId: null, unitId, taskId }, { evidenceIds });
    return;
  }
  const own = await db
    .select({ id: evidenceFiles.id })
    .from(evidenceFiles)
    .innerJoin(itemReports, eq(itemReports.id, evidenceFiles.itemReportId))
    .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
    .where(and(inArray(evidenceFiles.id, evidenceIds), eq(submissions.unitId, unitId)));
  if (own.length !== evidenceIds.length) {
    throw badRequest('evidence_not_found', '佐证材料不属于本单位。', 'That evidence is not one of your unit’s files.');
  }
}

export async function answerInstruction(
  ctx: Ctx,
  id: string,
  input: { answer: string; evidenceIds?: string[] | undefined },
): Promise<Instruction> {
  authorizeEver(ctx.actor, 'instructions.answer');
  const answer = cleanText(input.answer, { zh: '落实情况', en: 'answer', code: 'answer' });
  const evidenceIds = [...new Set(input.evidenceIds ?? [])];
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const { row, targets } = await load({ ...ctx, db: tx }, id, true);
    const target = targets.find((t) => t.unitId === ctx.actor?.unitId);
    // Not routed to the caller's unit: 404, as for an unknown id (load already refused a unit that sees nothing).
    if (!target) throw instructionNotFound();
    authorize(ctx.actor, 'instructions.answer', { unitIds: [target.unitId] });
    if (row.status === 'closed') {
      throw conflict(
        'instruction_closed',
        '该批示已办结，不能再反馈。',
        'This instruction is closed; it takes no more answers.',
      );
    }
    await checkEvidence(tx, target.unitId, row.taskId, evidenceIds);
    const after = { answer, evidenceIds, answeredBy: ctx.actor?.id ?? null, answeredAt: now };
    await tx.update(instructionTargets).set(after).where(eq(instructionTargets.id, target.id));
    const [unit] = await tx.select({ name: units.name }).from(units).where(eq(units.id, target.unitId));
    await notifyHandoff(
      tx,
      {
        kind: 'instruction_answered',
        to: [{ userIds: [row.authorId] }, { office: true }],
        title: `${unit?.name ?? ''}已反馈批示落实情况`,
        body: answer.slice(0, 200),
        link: `/instructions/${id}`,
        key: `${target.id}:${now.toISOString()}`,
      },
      now,
    );
    await audit(tx, ctx, {
      action: 'instruction.answer',
      subjectType: 'instruction',
      subjectId: id,
      details: { targetId: target.id, unitId: target.unitId, changes: diffChanges(target, after) },
    });
  });
  return getInstruction(ctx, id);
}

export async function closeInstruction(ctx: Ctx, id: string, input: { note: string }): Promise<Instruction> {
  authorize(ctx.actor, 'instructions.route');
  const note = cleanText(input.note, { zh: '办结意见', en: 'closing note', code: 'close_note' });
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const { row, targets } = await load({ ...ctx, db: tx }, id, true);
    if (row.status !== 'routed') {
      throw conflict(
        'instruction_state',
        row.status === 'closed' ? '该批示已办结。' : '该批示尚未转办，不能办结。',
        row.status === 'closed' ? 'This instruction is already closed.' : 'This instruction has not been routed yet.',
      );
    }
    const after = { status: 'closed' as const, closedBy: ctx.actor?.id ?? null, closedAt: now, closeNote: note };
    await tx.update(instructions).set(after).where(eq(instructions.id, id));
    await notifyHandoff(
      tx,
      {
        kind: 'instruction_closed',
        to: [
          { userIds: [row.authorId] },
          ...targets.map((t) => ({ unitId: t.unitId, roles: ['unit_staff', 'unit_leader'] as const })),
        ],
        title: '区领导批示已办结',
        body: note.slice(0, 200),
        link: `/instructions/${id}`,
        key: id,
      },
      now,
    );
    await audit(tx, ctx, {
      action: 'instruction.close',
      subjectType: 'instruction',
      subjectId: id,
      details: {
        changes: diffChanges(row, after),
        // Closed with answers missing: the units that never answered, on the record.
        unanswered: targets.filter((t) => t.answeredAt === null).map((t) => t.unitId),
      },
    });
  });
  return getInstruction(ctx, id);
}

/**
 * A task's 批示 for its overview (the task's history): every one, with every answer, to the office and the district
 * leaders; to a unit those routed to it, with its own answer only.
 */
export async function taskInstructions(
  ctx: Pick<Ctx, 'db' | 'actor'>,
  taskId: string,
  now: Date,
): Promise<TaskInstruction[]> {
  return (await tasksInstructions(ctx, [taskId], now)).get(taskId) ?? [];
}

/**
 * The 批示 of several tasks as the caller may read them, newest first per task (the task page's history, the 台账
 * export's column): the office and the district leaders every one with every answer, a unit those routed to it with
 * its own answer only.
 */
export async function tasksInstructions(
  ctx: Pick<Ctx, 'db' | 'actor'>,
  taskIds: readonly string[],
  now: Date,
): Promise<Map<string, TaskInstruction[]>> {
  const out = new Map<string, TaskInstruction[]>();
  const actor = ctx.actor;
  if (taskIds.length === 0) return out;
  if (!actor || !can(actor, 'instructions.read', { unitIds: actor.unitId ? [actor.unitId] : [] })) return out;
  const db = ctx.db;
  const rows = await db
    .select({ i: instructions, author: users.displayName })
    .from(instructions)
    .innerJoin(users, eq(users.id, instructions.authorId))
    .where(inArray(instructions.taskId, [...taskIds]))
    .orderBy(desc(instructions.createdAt));
  if (rows.length === 0) return out;
  const targets = await db
    .select({ t: instructionTargets, unit: units.name })
    .from(instructionTargets)
    .innerJoin(units, eq(units.id, instructionTargets.unitId))
    .where(
      inArray(
        instructionTargets.instructionId,
        rows.map((r) => r.i.id),
      ),
    )
    .orderBy(units.name);
  const today = cstDate(now);
  const all = taskScope(actor, 'instructions.read') === 'all';
  for (const { i, author } of rows) {
    const mine = targets.filter((t) => t.t.instructionId === i.id);
    if (!i.taskId || (!all && !mine.some((t) => t.t.unitId === actor.unitId))) continue;
    const list = out.get(i.taskId) ?? [];
    list.push({
      id: i.id,
      body: i.body,
      author,
      status: i.status,
      createdAt: i.createdAt.toISOString(),
      answered: mine.filter((t) => t.t.answeredAt !== null).length,
      total: mine.length,
      overdue: mine.some((t) => targetOverdue(i, t.t, today)),
      answers: mine.flatMap((t) =>
        t.t.answer !== null && t.t.answeredAt !== null && sees(actor, t.t.unitId)
          ? [{ unit: t.unit, answer: t.t.answer, answeredAt: t.t.answeredAt.toISOString() }]
          : [],
      ),
    });
    out.set(i.taskId, list);
  }
  return out;
}

/** Instructions of a plan: on its tasks and their 督办单 (`taskId`), its units' reports, its bulletins. */
function inPlan(db: Db, planId: string): SQL {
  return or(
    inArray(instructions.taskId, db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, planId))),
    and(
      eq(instructions.subjectType, 'submission'),
      inArray(
        instructions.subjectId,
        db
          .select({ id: submissions.id })
          .from(submissions)
          .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
          .where(eq(reportingPeriods.planId, planId)),
      ),
    ),
    and(
      eq(instructions.subjectType, 'bulletin'),
      inArray(
        instructions.subjectId,
        db.select({ id: bulletins.id }).from(bulletins).where(eq(bulletins.planId, planId)),
      ),
    ),
  ) as SQL;
}

/**
 * 领导批示落实情况 for a bulletin: a plan's routed and closed instructions written up to `now`, oldest first, each
 * unit's state by the one overdue rule — never the units' answers themselves (a bulletin goes to every unit).
 */
export async function bulletinInstructions(db: Db, planId: string, now: Date): Promise<BulletinInstruction[]> {
  const rows = await db
    .select()
    .from(instructions)
    .where(
      and(inPlan(db, planId), inArray(instructions.status, ['routed', 'closed']), lte(instructions.createdAt, now)),
    )
    .orderBy(asc(instructions.createdAt), asc(instructions.id));
  if (rows.length === 0) return [];
  const today = cstDate(now);
  const [subjects, targetRows, authors] = await Promise.all([
    loadSubjects(db, rows),
    db
      .select({ t: instructionTargets, unitName: units.name })
      .from(instructionTargets)
      .innerJoin(units, eq(units.id, instructionTargets.unitId))
      .where(
        inArray(
          instructionTargets.instructionId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(units.name),
    db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(inArray(users.id, [...new Set(rows.map((r) => r.authorId))])),
  ]);
  const authorName = new Map(authors.map((a) => [a.id, a.name]));
  return rows.map((r) => ({
    id: r.id,
    author: authorName.get(r.authorId) ?? '',
    writtenOn: cstDate(r.createdAt),
    body: r.body,
    subject: subjects.get(`${r.subjectType}:${r.subjectId}`)?.title ?? '',
    status: r.status,
    units: targetRows
      .filter(({ t }) => t.instructionId === r.id)
      .map(({ t, unitName }) => ({
        unit: { id: t.unitId, name: unitName },
        dueOn: t.dueOn,
        state: t.answeredAt
          ? ('answered' as const)
          : targetOverdue(r, t, today)
            ? ('overdue' as const)
            : ('open' as const),
        answeredOn: t.answeredAt ? cstDate(t.answeredAt) : null,
      })),
  }));
}
