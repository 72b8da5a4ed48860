// The office corrects an import draft before confirming it: edit a task (text, number, section, deadline, leaders,
// units with their role and level), split one at a text offset, merge one with the next, delete a non-task, add a
// missed one; undo the last correction; reset to what the parser said. Every correction replaces a run of draft
// rows by another (edit 1 → 1, split 1 → 2, merge 2 → 1, delete 1 → 0, add 0 → 1) and is kept, with the rows
// before and after, in import_corrections — so undo puts `before` back, and later imports of the same layout can
// be measured against what the office had to fix. The confirm reads the corrected rows (services/imports.ts).
// Each write runs in one transaction that locks the draft's row: a confirm racing it waits, then sees the change.

import { and, asc, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type {
  ImportCorrection,
  ImportCorrectionBody,
  ImportCorrectionList,
  ImportCorrectionResult,
  ImportCorrectionUndoResult,
} from '../../api/v1.js';
import { DubanError } from '../../core/errors.js';
import { extractIndicators, type ParsedTask } from '../../core/parse/index.js';
import { fold } from '../../core/parse/text.js';
import { insertMany } from '../db/bulk.js';
import type { Db } from '../db/client.js';
import { importCorrections, importDraftTasks, sourceDocuments, users } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { matchUnits } from './imports.js';
import type { DraftSummary } from './notice-draft.js';
import { organisationOf } from './organisations.js';

type Kind = ImportCorrection['kind'];
type Fields = Extract<ImportCorrectionBody, { kind: 'edit' }>['changes'];

const alreadyConfirmed = () =>
  conflict(
    'import_already_confirmed',
    '该文件已经确认导入，不能再修改草稿。',
    'This upload has already been confirmed; its draft can no longer be corrected.',
  );
const expired = () =>
  new DubanError(
    'import_draft_expired',
    { zh: '该导入草稿已过期，请重新上传通知。', en: 'This import draft has expired; upload the notice again.' },
    410,
  );
const noTaskAt = (position: number) =>
  new DubanError(
    'draft_task_not_found',
    { zh: `草稿中没有第 ${position + 1} 项任务。`, en: `The draft has no task at position ${position}.` },
    404,
    { position },
  );

/** The draft's row locked for this transaction; only a previewed draft in its time may be corrected. */
async function lockDraft(tx: Db, ctx: Ctx, id: string): Promise<DraftSummary> {
  const [doc] = await tx
    .select({
      status: sourceDocuments.status,
      expiresAt: sourceDocuments.expiresAt,
      parseResult: sourceDocuments.parseResult,
    })
    .from(sourceDocuments)
    .where(
      and(
        eq(sourceDocuments.id, id),
        eq(sourceDocuments.organisationId, await organisationOf({ db: tx, actor: ctx.actor })),
      ),
    )
    .for('update');
  if (!doc || doc.parseResult === null) throw notFound('导入记录', 'import');
  if (doc.status !== 'previewed') throw alreadyConfirmed();
  if (doc.expiresAt && doc.expiresAt <= ctx.clock()) throw expired();
  // An upload from before drafts keeps its parse in one value and has no rows to correct: it is uploaded again.
  if (!('draft' in (doc.parseResult as object))) throw expired();
  return doc.parseResult as DraftSummary;
}

async function readRows(tx: Db, id: string, from: number, count: number): Promise<ParsedTask[]> {
  if (count === 0) return [];
  const rows = await tx
    .select()
    .from(importDraftTasks)
    .where(
      and(
        eq(importDraftTasks.draftId, id),
        gte(importDraftTasks.position, from),
        lt(importDraftTasks.position, from + count),
      ),
    )
    .orderBy(asc(importDraftTasks.position));
  return rows.map(({ draftId: _d, position: _p, ...task }) => task as ParsedTask);
}

/** Replaces the `removeCount` rows at `position` by `insert`, moving the rows after them up or down. */
async function replaceRows(tx: Db, id: string, position: number, removeCount: number, insert: ParsedTask[]) {
  if (removeCount > 0) {
    await tx
      .delete(importDraftTasks)
      .where(
        and(
          eq(importDraftTasks.draftId, id),
          gte(importDraftTasks.position, position),
          lt(importDraftTasks.position, position + removeCount),
        ),
      );
  }
  const delta = insert.length - removeCount;
  if (delta !== 0) {
    // Positions are a primary key checked row by row: park the tail at negative positions, then bring it back.
    const tail = position + removeCount;
    await tx.execute(
      sql`update ${importDraftTasks} set position = -position - 1 where draft_id = ${id} and position >= ${tail}`,
    );
    await tx.execute(
      sql`update ${importDraftTasks} set position = -position - 1 + ${delta} where draft_id = ${id} and position < 0`,
    );
  }
  if (insert.length > 0) {
    await insertMany(
      tx,
      importDraftTasks,
      insert.map((task, i) => ({ draftId: id, position: position + i, ...task })),
    );
  }
}

/**
 * The summary after `removed` rows gave way to `added` ones: task counts per source and section, and units with
 * the number of tasks naming them (a unit no task names any more goes; a new one must be approved at the confirm).
 */
function applyToSummary(summary: DraftSummary, removed: ParsedTask[], added: ParsedTask[], corrections: number) {
  const units = new Map(summary.units.map((u) => [u.name, { ...u }]));
  const sources = summary.sources.map((s) => ({ ...s, sections: s.sections.map((x) => ({ ...x })) }));
  const count = (task: ParsedTask, step: 1 | -1) => {
    for (const name of new Set(task.assignments.map((a) => a.unit))) {
      const level = task.assignments.find((a) => a.unit === name && a.level)?.level ?? null;
      const unit = units.get(name) ?? { name, level, taskCount: 0 };
      unit.taskCount += step;
      unit.level ??= level;
      units.set(name, unit);
    }
    const source = sources.find((s) => s.index === task.source);
    if (!source) return;
    source.taskCount += step;
    const key = task.section.join('\u0000');
    let section = source.sections.find((x) => x.path.join('\u0000') === key);
    if (!section) {
      section = { path: task.section, taskCount: 0 };
      source.sections.push(section);
    }
    section.taskCount += step;
  };
  for (const task of removed) count(task, -1);
  for (const task of added) count(task, 1);
  return {
    ...summary,
    units: [...units.values()].filter((u) => u.taskCount > 0),
    sources: sources.map((s) => ({ ...s, sections: s.sections.filter((x) => x.taskCount > 0) })),
    taskCount: summary.taskCount + added.length - removed.length,
    revision: (summary.revision ?? 0) + 1,
    corrections,
  } satisfies DraftSummary;
}

/** A task as the office wrote it: indicators read again from its text; the office's word counts as sure. */
function written(base: ParsedTask, fields: Fields): ParsedTask {
  const text = fields.text ?? base.text;
  const assignments = fields.assignments
    ? fields.assignments.map((a) => ({
        ...a,
        // The clause (which unit note of the task named it) stays for a unit the task already had.
        clause: base.assignments.find((old) => old.unit === a.unit)?.clause ?? 0,
      }))
    : base.assignments;
  return {
    source: base.source,
    section: fields.section ?? base.section,
    number: fields.number === undefined ? base.number : fields.number,
    text,
    line: base.line,
    leaders: fields.leaders ?? base.leaders,
    assignments,
    indicators: text === base.text ? base.indicators : extractIndicators(text, fold(text)),
    deadline: fields.deadline === undefined ? base.deadline : fields.deadline,
    confidence: 'high',
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What the correction replaces: where, how many rows, and by what. Refuses what cannot be done, writing nothing. */
async function plan(
  tx: Db,
  id: string,
  summary: DraftSummary,
  body: ImportCorrectionBody,
): Promise<{ position: number; before: ParsedTask[]; after: ParsedTask[] }> {
  const total = summary.taskCount;
  const at = async (position: number, count: number) => {
    if (position + count > total) throw noTaskAt(position + count - 1);
    return readRows(tx, id, position, count);
  };
  switch (body.kind) {
    case 'edit': {
      const before = await at(body.position, 1);
      const after = [written(before[0] as ParsedTask, body.changes)];
      if (same(before, after)) {
        throw badRequest('correction_changes_nothing', '修改后的任务与原来相同。', 'The edit changes nothing.');
      }
      return { position: body.position, before, after };
    }
    case 'split': {
      const before = await at(body.position, 1);
      const task = before[0] as ParsedTask;
      const head = task.text.slice(0, body.offset).trim();
      const rest = task.text.slice(body.offset).trim();
      if (!head || !rest) {
        throw badRequest(
          'split_offset_out_of_range',
          `拆分位置须在任务文字之内（1 至 ${task.text.length - 1}），且两部分都不能为空。`,
          `The split offset must fall inside the task's text (1 to ${task.text.length - 1}), leaving text on both sides.`,
          { length: task.text.length },
        );
      }
      // Both halves keep the task's units and leaders: the office edits the one that differs.
      const after = [written(task, { text: head }), written({ ...task, number: null }, { text: rest })];
      return { position: body.position, before, after };
    }
    case 'merge': {
      if (body.position + 1 >= total) {
        if (body.position >= total) throw noTaskAt(body.position);
        throw badRequest(
          'merge_without_next',
          '这是最后一项任务，没有下一项可合并。',
          'The last task has no next task.',
        );
      }
      const before = await at(body.position, 2);
      const [first, second] = before as [ParsedTask, ParsedTask];
      if (first.source !== second.source) {
        throw badRequest(
          'merge_across_sources',
          '两项任务属于不同附件，不能合并。',
          'The two tasks belong to different attachments and cannot be merged.',
        );
      }
      const assignments = [...first.assignments];
      for (const a of second.assignments) if (!assignments.some((x) => x.unit === a.unit)) assignments.push(a);
      const merged = written(first, {
        text: `${first.text}${second.text}`,
        leaders: [...new Set([...first.leaders, ...second.leaders])],
        deadline: first.deadline ?? second.deadline,
      });
      return { position: body.position, before, after: [{ ...merged, assignments }] };
    }
    case 'delete':
      return { position: body.position, before: await at(body.position, 1), after: [] };
    case 'add': {
      if (body.position > total) throw noTaskAt(body.position);
      // The neighbour it is added after (or before, at the top) gives its attachment, section and line.
      const [neighbour] = await readRows(tx, id, body.position > 0 ? body.position - 1 : 0, 1);
      const source = body.task.source ?? neighbour?.source ?? summary.sources[0]?.index ?? 1;
      if (!summary.sources.some((s) => s.index === source)) {
        throw badRequest('unknown_source', `通知中没有附件 ${source}。`, `The notice has no attachment ${source}.`, {
          source,
        });
      }
      const base: ParsedTask = {
        source,
        section: neighbour?.source === source ? neighbour.section : [],
        number: null,
        text: '',
        line: neighbour?.line ?? 1,
        leaders: [],
        assignments: [],
        indicators: [],
        deadline: null,
        confidence: 'high',
      };
      const { source: _source, ...fields } = body.task;
      return { position: body.position, before: [], after: [written(base, fields)] };
    }
  }
}

export async function correctDraft(ctx: Ctx, id: string, body: ImportCorrectionBody): Promise<ImportCorrectionResult> {
  authorize(ctx.actor, 'plans.import');
  const { row, summary } = await ctx.db.transaction(async (tx) => {
    const summary = await lockDraft(tx, ctx, id);
    const change = await plan(tx, id, summary, body);
    await replaceRows(tx, id, change.position, change.before.length, change.after);
    const [last] = await tx
      .select({ sequence: importCorrections.sequence })
      .from(importCorrections)
      .where(eq(importCorrections.draftId, id))
      .orderBy(desc(importCorrections.sequence))
      .limit(1);
    const [row] = await tx
      .insert(importCorrections)
      .values({
        draftId: id,
        sequence: (last?.sequence ?? 0) + 1,
        kind: body.kind,
        position: change.position,
        before: change.before,
        after: change.after,
        actorId: ctx.actor?.id ?? null,
        at: ctx.clock(),
      })
      .returning();
    const next = applyToSummary(summary, change.before, change.after, (summary.corrections ?? 0) + 1);
    await tx.update(sourceDocuments).set({ parseResult: next }).where(eq(sourceDocuments.id, id));
    await audit(tx, ctx, {
      action: 'import.correct',
      subjectType: 'source_document',
      subjectId: id,
      details: {
        kind: body.kind,
        sequence: row?.sequence,
        position: change.position,
        before: change.before,
        after: change.after,
      },
    });
    return { row: row as typeof importCorrections.$inferSelect, summary: next };
  });
  const named = new Set((row.after as ParsedTask[]).flatMap((t) => t.assignments.map((a) => a.unit)));
  return {
    correction: (await present(ctx.db, [row]))[0] as ImportCorrection,
    units: await matchUnits(
      ctx.db,
      await organisationOf(ctx),
      summary.units.filter((u) => named.has(u.name)),
    ),
    corrections: summary.corrections ?? 0,
  };
}

/** Takes back the draft's corrections, newest first: the last one (undo) or all of them (reset). */
async function takeBack(ctx: Ctx, id: string, all: boolean): Promise<ImportCorrectionUndoResult> {
  authorize(ctx.actor, 'plans.import');
  const { rows, left } = await ctx.db.transaction(async (tx) => {
    let summary = await lockDraft(tx, ctx, id);
    const active = await tx
      .select()
      .from(importCorrections)
      .where(and(eq(importCorrections.draftId, id), isNull(importCorrections.undoneAt)))
      .orderBy(desc(importCorrections.sequence))
      .limit(all ? 1_000_000 : 1);
    if (active.length === 0 && !all) {
      throw conflict('nothing_to_undo', '草稿没有可撤销的修改。', 'The draft has no correction to undo.');
    }
    const now = ctx.clock();
    let left = summary.corrections ?? active.length;
    for (const c of active) {
      const before = c.before as ParsedTask[];
      const after = c.after as ParsedTask[];
      await replaceRows(tx, id, c.position, after.length, before);
      left--;
      summary = applyToSummary(summary, after, before, left);
      await tx.update(importCorrections).set({ undoneAt: now }).where(eq(importCorrections.id, c.id));
    }
    if (active.length > 0) {
      await tx.update(sourceDocuments).set({ parseResult: summary }).where(eq(sourceDocuments.id, id));
      await audit(tx, ctx, {
        action: all ? 'import.correction_reset' : 'import.correction_undo',
        subjectType: 'source_document',
        subjectId: id,
        details: { sequences: active.map((c) => c.sequence) },
      });
    }
    return { rows: active.map((c) => ({ ...c, undoneAt: now })), left };
  });
  return { undone: await present(ctx.db, rows), corrections: left };
}

export const undoCorrection = (ctx: Ctx, id: string) => takeBack(ctx, id, false);
/** 恢复解析结果: the draft as the parser read it. */
export const resetCorrections = (ctx: Ctx, id: string) => takeBack(ctx, id, true);

/** Every correction of an import, undone ones too, in the order they were made; also after the confirm. */
export async function listCorrections(ctx: Ctx, id: string): Promise<ImportCorrectionList> {
  authorize(ctx.actor, 'plans.import');
  const [doc] = await ctx.db
    .select({ id: sourceDocuments.id })
    .from(sourceDocuments)
    .where(and(eq(sourceDocuments.id, id), eq(sourceDocuments.organisationId, await organisationOf(ctx))));
  if (!doc) throw notFound('导入记录', 'import');
  const rows = await ctx.db
    .select()
    .from(importCorrections)
    .where(eq(importCorrections.draftId, id))
    .orderBy(asc(importCorrections.sequence));
  return { items: await present(ctx.db, rows), active: rows.filter((r) => r.undoneAt === null).length };
}

async function present(db: Db, rows: (typeof importCorrections.$inferSelect)[]): Promise<ImportCorrection[]> {
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((x): x is string => x !== null))];
  const names = new Map<string, string>();
  for (const actorId of actorIds) {
    const [u] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, actorId));
    if (u) names.set(actorId, u.name);
  }
  return rows.map((r) => ({
    id: r.id,
    sequence: r.sequence,
    kind: r.kind as Kind,
    position: r.position,
    before: r.before as ParsedTask[],
    after: r.after as ParsedTask[],
    actor: r.actorId ? { id: r.actorId, name: names.get(r.actorId) ?? '' } : null,
    at: r.at.toISOString(),
    undoneAt: r.undoneAt?.toISOString() ?? null,
  }));
}
