// Importing a notice: upload → preview (parse in a worker thread, keep the result as a draft on the server:
// one row per task and per warning, answered in pages; match every unit to the directory, detect a duplicate
// file or a revision of an existing plan) → confirm by id (the plan, sources, sections, tasks, indicators and
// assignments written from the draft's rows: in one transaction, or on PGlite for a new plan in one short
// transaction per page while the plan stays invisible in status 'draft'). The original file is kept. Long writes
// go in batches that yield to the event loop, so other users' requests interleave with a 100,000-task import.

import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, is, isNotNull, isNull, lte, ne, sql } from 'drizzle-orm';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import type { DraftTask, DraftTaskPage, DraftWarningPage, ImportPreview, UnitMatch } from '../../api/v1.js';
import { DubanError } from '../../core/errors.js';
import { isCollective, type ParsedTask, type ParseResult } from '../../core/parse/index.js';
import { insertMany } from '../db/bulk.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  groupAssignments,
  importDraftTasks,
  importDraftWarnings,
  indicators,
  plans,
  sections,
  sourceDocuments,
  sources,
  tasks,
} from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { guessKind, insertGroup, insertUnit, materializeGroup, type Resolution, resolveNames } from './directory.js';
import { type DraftSummary, summarize } from './notice-draft.js';
import { type ParsedNotice, parseNoticeOffThread } from './notice-parsing.js';
import { organisationOf } from './organisations.js';
import { ensurePeriods } from './periods.js';

export const MAX_NOTICE_BYTES = 10 * 1024 * 1024;
/** A draft not confirmed within a week is deleted (at the next preview). */
export const DRAFT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Rows per statement when writing a draft or a plan; the loop gets a turn between statements. */
const BATCH = 200;
const FIRST_PAGE = { page: 1, pageSize: 50 };

type PlanContent = Pick<ParseResult, 'sources' | 'tasks'>;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs fn over items in slices, letting other requests run between slices. */
async function inBatches<T>(items: readonly T[], size: number, fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await fn(items.slice(i, i + size));
    await yieldToLoop();
  }
}

export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
}

const taskKey = (sourceIndex: number, t: Pick<ParsedTask, 'number' | 'text'>) =>
  `${sourceIndex}:${t.number ?? `#${t.text.slice(0, 40)}`}`;

function yearOf(parse: Pick<ParseResult, 'document' | 'sources'>, fallback: Date): number {
  const fromDocNo = /〔(\d{4})〕|\[(\d{4})\]/.exec(parse.document.docNo ?? '');
  const fromTitle = /(20\d{2})年/.exec(`${parse.document.title ?? ''}${parse.sources[0]?.title ?? ''}`);
  const y = Number(
    fromTitle?.[1] ?? fromDocNo?.[1] ?? fromDocNo?.[2] ?? parse.document.date?.slice(0, 4) ?? fallback.getUTCFullYear(),
  );
  return y >= 2000 && y <= 2100 ? y : fallback.getUTCFullYear();
}

export async function previewImport(ctx: Ctx, file: UploadedFile): Promise<ImportPreview> {
  authorize(ctx.actor, 'plans.import');
  if (file.bytes.length > MAX_NOTICE_BYTES) throw tooLarge();
  await deleteExpiredDrafts(ctx);
  return writeDraft(ctx, file, await parseNoticeOffThread(file.bytes, file.fileName));
}

/**
 * Writes a parsed notice as a draft. The rows go in statements outside one transaction (on PGlite a transaction
 * would hold the only connection for the whole write), the tasks a slice at a time as the parser's thread sent
 * them; the draft exists for readers only once its summary is set, and goes if a statement fails.
 */
async function writeDraft(ctx: Ctx, file: UploadedFile, notice: ParsedNotice): Promise<ImportPreview> {
  const { parse, format, summary } = notice;
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const organisationId = await organisationOf(ctx);
  const [row] = await ctx.db
    .insert(sourceDocuments)
    .values({
      organisationId,
      fileName: file.fileName.slice(0, 255) || 'notice',
      format,
      sizeBytes: file.bytes.length,
      sha256,
      content: Buffer.from(file.bytes),
      parseResult: null,
      uploadedBy: ctx.actor?.id,
      uploadedAt: ctx.clock(),
      expiresAt: new Date(ctx.clock().getTime() + DRAFT_TTL_MS),
    })
    .returning({ id: sourceDocuments.id });
  const id = (row as { id: string }).id;
  try {
    let position = 0;
    for (const slice of notice.tasks()) {
      await insertMany(
        ctx.db,
        importDraftTasks,
        slice.map((t) => ({ draftId: id, position: position++, ...t })),
      );
      await yieldToLoop();
    }
    await inBatches(
      parse.warnings.map((w, position) => ({ draftId: id, position, ...w })),
      BATCH,
      (chunk) => insertMany(ctx.db, importDraftWarnings, chunk),
    );
    // A plan with the same 文号: what confirming would change, measured now against the plan as it is.
    // A plan still being written (status 'draft') is no plan yet: the confirm looks again.
    const [existing] = parse.document.docNo
      ? await ctx.db
          .select()
          .from(plans)
          .where(
            and(
              eq(plans.organisationId, organisationId),
              eq(plans.docNo, parse.document.docNo),
              ne(plans.status, 'draft'),
            ),
          )
      : [];
    if (existing) {
      summary.revises = {
        planId: existing.id,
        title: existing.title,
        ...(await diffAgainstPlan(ctx.db, existing.id, draftTaskPages(ctx.db, id))),
      };
    }
    await ctx.db.transaction(async (tx) => {
      await tx.update(sourceDocuments).set({ parseResult: summary }).where(eq(sourceDocuments.id, id));
      await audit(tx, ctx, {
        action: 'import.preview',
        subjectType: 'source_document',
        subjectId: id,
        details: { fileName: file.fileName, sha256, tasks: summary.taskCount, warnings: summary.warningCount },
      });
    });
  } catch (error) {
    await ctx.db.delete(sourceDocuments).where(eq(sourceDocuments.id, id));
    throw error;
  }
  return getPreview(ctx, id);
}

const tooLarge = () =>
  new DubanError('file_too_large', { zh: '文件超过 10 MB 上限。', en: 'The file exceeds the 10 MB limit.' }, 413, {
    limit: MAX_NOTICE_BYTES,
  });

const expired = () =>
  new DubanError(
    'import_draft_expired',
    { zh: '该导入草稿已过期，请重新上传通知。', en: 'This import draft has expired; upload the notice again.' },
    410,
  );

/** Drafts past their date go (their task and warning rows with them), but not one being confirmed. */
async function deleteExpiredDrafts(ctx: Ctx): Promise<void> {
  if (is(ctx.db, PgliteDatabase)) await dropAbandonedPlans(ctx.db);
  await ctx.db
    .delete(sourceDocuments)
    .where(
      and(
        eq(sourceDocuments.status, 'previewed'),
        isNull(sourceDocuments.planId),
        isNotNull(sourceDocuments.expiresAt),
        lte(sourceDocuments.expiresAt, ctx.clock()),
      ),
    );
}

interface DraftHead {
  id: string;
  fileName: string;
  sha256: string;
  status: 'previewed' | 'applied' | 'superseded';
  planId: string | null;
  organisationId: string;
  expiresAt: Date | null;
  summary: DraftSummary;
  /** An upload from before drafts: its whole ParseResult in one value, no rows. */
  legacy: ParseResult | null;
}

/**
 * The draft's row without its file; 404 for none (or one still being written, or another organisation's), 410 past
 * its date.
 */
async function loadDraft(ctx: Ctx, id: string): Promise<DraftHead> {
  const [doc] = await ctx.db
    .select({
      id: sourceDocuments.id,
      fileName: sourceDocuments.fileName,
      sha256: sourceDocuments.sha256,
      status: sourceDocuments.status,
      planId: sourceDocuments.planId,
      expiresAt: sourceDocuments.expiresAt,
      parseResult: sourceDocuments.parseResult,
      organisationId: sourceDocuments.organisationId,
    })
    .from(sourceDocuments)
    .where(and(eq(sourceDocuments.id, id), eq(sourceDocuments.organisationId, await organisationOf(ctx))));
  if (!doc || doc.parseResult === null) throw notFound('导入记录', 'import');
  if (doc.status === 'previewed' && doc.expiresAt && doc.expiresAt <= ctx.clock()) throw expired();
  const stored = doc.parseResult as DraftSummary | ParseResult;
  const legacy = 'draft' in stored ? null : stored;
  return { ...doc, summary: legacy ? summarize(legacy) : (stored as DraftSummary), legacy };
}

export async function getPreview(ctx: Ctx, id: string): Promise<ImportPreview> {
  authorize(ctx.actor, 'plans.import');
  const doc = await loadDraft(ctx, id);
  const { summary } = doc;

  const [dup] = await ctx.db
    .select({ planId: plans.id, title: plans.title })
    .from(sourceDocuments)
    .innerJoin(plans, eq(plans.id, sourceDocuments.planId))
    .where(
      and(
        // The same file imported by another organisation is no duplicate: each district imports the city's notice.
        eq(sourceDocuments.organisationId, doc.organisationId),
        eq(sourceDocuments.sha256, doc.sha256),
        eq(sourceDocuments.status, 'applied'),
        ne(sourceDocuments.id, id),
      ),
    );

  const unitsOut = await matchUnits(ctx.db, doc.organisationId, summary.units);
  return {
    id: doc.id,
    fileName: doc.fileName,
    sha256: doc.sha256,
    status: doc.status,
    // While previewed, a plan_id is the plan a confirm is writing: not a plan to open yet.
    planId: doc.status === 'previewed' ? null : doc.planId,
    duplicateOf: dup ?? null,
    revises: summary.revises ?? null,
    document: summary.document,
    taskCount: summary.taskCount,
    warningCount: summary.warningCount,
    expiresAt: doc.status === 'previewed' ? (doc.expiresAt?.toISOString() ?? null) : null,
    corrections: summary.corrections ?? 0,
    sources: summary.sources,
    units: unitsOut,
    tasks: await taskPage(ctx, doc, FIRST_PAGE),
    warnings: await warningPage(ctx, doc, FIRST_PAGE),
  };
}

/** The draft's units matched against its organisation's directory (new ones first, then by how many tasks name them). */
export async function matchUnits(db: Db, organisationId: string, units: DraftSummary['units']): Promise<UnitMatch[]> {
  const resolved = await resolveNames(
    db,
    organisationId,
    units.map((u) => u.name),
  );
  return units
    .map((u) => {
      const r = resolved.get(u.name) as Resolution;
      return {
        name: u.name,
        level: u.level,
        match: r.match,
        unitId: 'unitId' in r ? r.unitId : null,
        groupId: 'groupId' in r ? r.groupId : null,
        canonicalName: 'canonicalName' in r ? r.canonicalName : null,
        taskCount: u.taskCount,
      };
    })
    .sort((a, b) => (a.match === 'new' ? 0 : 1) - (b.match === 'new' ? 0 : 1) || b.taskCount - a.taskCount);
}

interface PageQuery {
  page: number;
  pageSize: number;
}

/** One page of a draft's tasks, in the notice's order; `doubtful`: only those the parser was not sure of. */
export async function listDraftTasks(
  ctx: Ctx,
  id: string,
  q: PageQuery & { doubtful?: boolean },
): Promise<DraftTaskPage> {
  authorize(ctx.actor, 'plans.import');
  const { doubtful, ...page } = q;
  return taskPage(ctx, await loadDraft(ctx, id), page, doubtful ?? false);
}

/** One page of a draft's warnings, in line order. */
export async function listDraftWarnings(ctx: Ctx, id: string, q: PageQuery): Promise<DraftWarningPage> {
  authorize(ctx.actor, 'plans.import');
  return warningPage(ctx, await loadDraft(ctx, id), q);
}

async function taskPage(ctx: Ctx, doc: DraftHead, q: PageQuery, doubtful = false): Promise<DraftTaskPage> {
  const offset = (q.page - 1) * q.pageSize;
  if (doc.legacy) {
    const all = doc.legacy.tasks
      .map((t, position) => ({ ...t, position }))
      .filter((t) => !doubtful || t.confidence !== 'high');
    return { items: all.slice(offset, offset + q.pageSize), total: all.length, ...q };
  }
  const where = doubtful
    ? and(eq(importDraftTasks.draftId, doc.id), ne(importDraftTasks.confidence, 'high'))
    : eq(importDraftTasks.draftId, doc.id);
  const rows = await ctx.db
    .select()
    .from(importDraftTasks)
    .where(where)
    .orderBy(asc(importDraftTasks.position))
    .limit(q.pageSize)
    .offset(offset);
  const total = doubtful
    ? ((await ctx.db.select({ n: sql<number>`count(*)::int` }).from(importDraftTasks).where(where))[0]?.n ?? 0)
    : doc.summary.taskCount;
  return { items: rows.map(draftTaskOf), total, ...q };
}

async function warningPage(ctx: Ctx, doc: DraftHead, q: PageQuery): Promise<DraftWarningPage> {
  const offset = (q.page - 1) * q.pageSize;
  if (doc.legacy) {
    const items = doc.legacy.warnings
      .slice(offset, offset + q.pageSize)
      .map((w, i) => ({ ...w, position: offset + i }));
    return { items, total: doc.legacy.warnings.length, ...q };
  }
  const rows = await ctx.db
    .select({
      position: importDraftWarnings.position,
      code: importDraftWarnings.code,
      line: importDraftWarnings.line,
      message: importDraftWarnings.message,
    })
    .from(importDraftWarnings)
    .where(eq(importDraftWarnings.draftId, doc.id))
    .orderBy(asc(importDraftWarnings.position))
    .limit(q.pageSize)
    .offset(offset);
  return { items: rows, total: doc.summary.warningCount, ...q };
}

function draftTaskOf(row: typeof importDraftTasks.$inferSelect): DraftTask {
  const { draftId: _draftId, ...task } = row;
  return task as DraftTask;
}

/**
 * A draft's tasks page by page, in order: a 100,000-task confirm then holds one page at a time rather than the
 * whole notice (issue 12: memory of the largest import), and the loop gets a turn between pages.
 */
async function* draftTaskPages(db: Db, id: string): AsyncGenerator<ParsedTask[]> {
  // After the last position read, not at an offset: corrections in the preview leave gaps in the positions.
  for (let after = -1; ; ) {
    const rows = await db
      .select()
      .from(importDraftTasks)
      .where(and(eq(importDraftTasks.draftId, id), sql`${importDraftTasks.position} > ${after}`))
      .orderBy(asc(importDraftTasks.position))
      .limit(BATCH);
    if (rows.length > 0) {
      after = (rows[rows.length - 1] as { position: number }).position;
      yield rows.map((row) => {
        const { position: _position, ...task } = draftTaskOf(row);
        return task;
      });
    }
    if (rows.length < BATCH) return;
    await yieldToLoop();
  }
}

/** Discards a draft that was not confirmed (its rows go with it). */
export async function deleteDraft(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, 'plans.import');
  const { organisationId } = ctx.actor;
  if (is(ctx.db, PgliteDatabase)) await dropAbandonedPlans(ctx.db);
  await ctx.db.transaction(async (tx) => {
    const locked = await tx.execute<{ status: string; plan_id: string | null }>(
      sql`select status, plan_id from ${sourceDocuments}
        where id = ${id} and organisation_id = ${organisationId} for update`,
    );
    const row = locked.rows[0];
    if (row === undefined) throw notFound('导入记录', 'import');
    if (row.status !== 'previewed') throw alreadyConfirmed();
    if (row.plan_id) throw inProgress();
    await tx.delete(sourceDocuments).where(eq(sourceDocuments.id, id));
    await audit(tx, ctx, { action: 'import.discard', subjectType: 'source_document', subjectId: id });
  });
}

async function diffAgainstPlan(db: Db, planId: string, pages: AsyncIterable<ParsedTask[]>) {
  const rows = await db
    .select({ index: sources.index, number: tasks.number, text: tasks.text })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(eq(tasks.planId, planId));
  const old = new Map(rows.map((r) => [taskKey(r.index, r), r.text]));
  const now = new Map<string, string>();
  for await (const page of pages) for (const t of page) now.set(taskKey(t.source, t), t.text);
  const samples: { kind: 'added' | 'removed' | 'changed'; label: string }[] = [];
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const [key, text] of now) {
    if (!old.has(key)) {
      added++;
      if (samples.length < 20) samples.push({ kind: 'added', label: `${key} ${text.slice(0, 40)}` });
    } else if (old.get(key) !== text) {
      changed++;
      if (samples.length < 20) samples.push({ kind: 'changed', label: `${key} ${text.slice(0, 40)}` });
    }
  }
  for (const [key, text] of old) {
    if (now.has(key)) continue;
    removed++;
    if (samples.length < 20) samples.push({ kind: 'removed', label: `${key} ${text.slice(0, 40)}` });
  }
  return { changes: { added, removed, changed }, samples };
}

const alreadyConfirmed = () =>
  conflict('import_already_confirmed', '该文件已经确认导入过。', 'This upload has already been confirmed.');

const inProgress = () =>
  conflict(
    'import_in_progress',
    '该文件正在确认导入，请等待完成后再操作。',
    'This upload is being confirmed; wait until it has finished.',
  );

/**
 * Plans this process is writing page by page (confirmStaged). On PGlite the data folder belongs to one process,
 * so a plan still in status 'draft' that is not here was left by a process that stopped mid-way (kill -9, power
 * cut): dropAbandonedPlans removes it.
 */
const staging = new Set<string>();

interface ConfirmJob {
  id: string;
  preview: ImportPreview;
  /** The draft's revision when the confirm read it: a correction made since is a 409. */
  revision: number;
  /** The plan's columns from the notice, and its organisation (the importer's). */
  meta: {
    organisationId: string;
    title: string;
    docNo: string | null;
    issuer: string | null;
    issuedOn: string | null;
    year: number;
  };
  planSources: PlanContent['sources'];
  taskCount: number;
  newUnits: number;
}

/**
 * Confirms a draft by id: its tasks are read from the draft's rows, never from the client. Every new unit
 * must be approved. The upload row is locked first, so a second confirm (a double click, a race) finds it
 * applied, or being confirmed, and gets 409.
 *
 * On PostgreSQL, and for a revision of an existing plan, the plan is written in one transaction. On PGlite a
 * transaction holds the only connection, so a new plan is written in short transactions instead (confirmStaged):
 * other users' requests run between its pages, and the plan stays in status 'draft' — listed nowhere — until
 * the last one makes it active.
 */
export async function confirmImport(
  ctx: Ctx,
  id: string,
  body: { approveNewUnits: string[]; year?: number },
): Promise<{ planId: string }> {
  authorize(ctx.actor, 'plans.import');
  const embedded = is(ctx.db, PgliteDatabase);
  if (embedded) await dropAbandonedPlans(ctx.db);
  // The draft before the preview: a correction made after this read moves the revision, checked under the lock.
  const draft = await loadDraft(ctx, id);
  const preview = await getPreview(ctx, id);
  if (preview.status !== 'previewed') throw alreadyConfirmed();
  if (draft.planId && staging.has(draft.planId)) throw inProgress();
  const missing = preview.units
    .filter((u) => u.match === 'new' && !body.approveNewUnits.includes(u.name))
    .map((u) => u.name);
  if (missing.length > 0) {
    throw badRequest(
      'new_units_not_approved',
      `有 ${missing.length} 个新单位尚未确认：${missing.slice(0, 5).join('、')}${missing.length > 5 ? '等' : ''}。`,
      `${missing.length} new units are not approved yet: ${missing.slice(0, 5).join(', ')}.`,
      { missing },
    );
  }
  // An upload kept from before drafts has no task rows to confirm from: it is uploaded again.
  if (draft.legacy) throw expired();
  const document = draft.summary.document;
  const planSources = draft.summary.sources.map(({ index, level, title }) => ({ index, level, title }));
  const [counted] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(importDraftTasks)
    .where(eq(importDraftTasks.draftId, id));
  const taskCount = counted?.n ?? 0;
  // A file read only in part may leave a draft without a task (warning no_task_found): a plan needs at least one,
  // which the office adds in the preview's editor or by uploading another file.
  if (taskCount === 0) {
    throw badRequest(
      'import_without_tasks',
      '预览中没有任何任务，不能确认导入：请在预览中补充任务，或上传其他文件。',
      'The preview holds no task, so it cannot be confirmed: add the tasks in the preview, or upload another file.',
    );
  }
  const job: ConfirmJob = {
    id,
    preview,
    revision: draft.summary.revision ?? 0,
    meta: {
      organisationId: ctx.actor.organisationId,
      title: document.title ?? planSources[0]?.title ?? preview.fileName,
      docNo: document.docNo,
      issuer: document.issuer,
      issuedOn: document.date,
      year: body.year ?? yearOf({ document, sources: planSources }, ctx.clock()),
    },
    planSources,
    taskCount,
    newUnits: body.approveNewUnits.length,
  };
  if (embedded) {
    const staged = await confirmStaged(ctx, job);
    if (staged) return staged;
  }
  return ctx.db.transaction(async (tx) => {
    if (await lockDraft(tx, job)) throw inProgress();
    const resolved = await createApprovedUnits(tx, job.meta.organisationId, preview);
    // The plan with this 文号 as it is now (it may have come or gone since the preview).
    const [revised] = job.meta.docNo
      ? await tx
          .select({ id: plans.id, status: plans.status })
          .from(plans)
          .where(and(eq(plans.organisationId, job.meta.organisationId), eq(plans.docNo, job.meta.docNo)))
      : [];
    if (revised?.status === 'draft') throw inProgress();
    let planId: string;
    if (revised) {
      planId = revised.id;
      await tx.update(plans).set(job.meta).where(eq(plans.id, planId));
    } else {
      const [row] = await tx
        .insert(plans)
        .values({ ...job.meta, status: 'active', createdBy: ctx.actor?.id, createdAt: ctx.clock() })
        .returning({ id: plans.id });
      planId = (row as { id: string }).id;
    }
    const groupIds = await writePlanContent(planId, planSources, draftTaskPages(tx, id), resolved, (fn) => fn(tx));
    for (const groupId of groupIds) await materializeGroup(tx, groupId);
    await finishConfirm(tx, ctx, job, planId, Boolean(revised));
    return { planId };
  });
}

/**
 * A new plan on PGlite, in short transactions: A creates the approved units and the plan in status 'draft' and
 * marks the upload as being confirmed into it (source_documents.plan_id, status still 'previewed'); each page of
 * 200 draft rows is then written in a transaction of its own, the loop getting a turn between pages; the last
 * transaction re-checks the draft and makes the plan active. A failure after A removes the draft plan, so the
 * draft can be confirmed again. Null: the 文号 now names an existing plan, which is revised as usual.
 */
async function confirmStaged(ctx: Ctx, job: ConfirmJob): Promise<{ planId: string } | null> {
  const planId = crypto.randomUUID();
  // Before A commits: from then on the draft plan is ours, never taken for abandoned by a confirm running alongside.
  staging.add(planId);
  try {
    const resolved = await ctx.db.transaction(async (tx) => {
      if (await lockDraft(tx, job)) throw inProgress();
      const [existing] = job.meta.docNo
        ? await tx
            .select({ status: plans.status })
            .from(plans)
            .where(and(eq(plans.organisationId, job.meta.organisationId), eq(plans.docNo, job.meta.docNo)))
        : [];
      if (existing?.status === 'draft') throw inProgress();
      if (existing) return null;
      const units = await createApprovedUnits(tx, job.meta.organisationId, job.preview);
      await tx
        .insert(plans)
        .values({ id: planId, ...job.meta, status: 'draft', createdBy: ctx.actor?.id, createdAt: ctx.clock() });
      await tx.update(sourceDocuments).set({ planId }).where(eq(sourceDocuments.id, job.id));
      return units;
    });
    if (!resolved) return null;
    try {
      const groupIds = await writePlanContent(planId, job.planSources, draftTaskPages(ctx.db, job.id), resolved, (fn) =>
        ctx.db.transaction(fn),
      );
      await ctx.db.transaction(async (tx) => {
        if ((await lockDraft(tx, job)) !== planId) throw inProgress();
        for (const groupId of groupIds) await materializeGroup(tx, groupId);
        await tx.update(plans).set({ status: 'active' }).where(eq(plans.id, planId));
        await finishConfirm(tx, ctx, job, planId, false);
      });
    } catch (error) {
      // The original error is the one to report; a failed clean-up is retried by the next confirm.
      await dropStagedPlan(ctx.db, planId).catch(() => undefined);
      throw error;
    }
    return { planId };
  } finally {
    staging.delete(planId);
  }
}

/**
 * Locks the upload row and checks it can be confirmed: still 'previewed', at the revision the confirm read.
 * Returns the plan it is being confirmed into (staged on PGlite), or null.
 */
async function lockDraft(tx: Db, job: Pick<ConfirmJob, 'id' | 'revision'>): Promise<string | null> {
  const locked = await tx.execute<{ status: string; plan_id: string | null; revision: number | null }>(
    sql`select status, plan_id, (parse_result->>'revision')::int as revision
        from ${sourceDocuments} where id = ${job.id} for update`,
  );
  const row = locked.rows[0];
  if (row?.status !== 'previewed') throw alreadyConfirmed();
  if ((row.revision ?? 0) !== job.revision) {
    throw conflict(
      'import_draft_changed',
      '确认期间草稿被修改了，请重新查看后再确认。',
      'The draft was corrected while confirming; review it again, then confirm.',
    );
  }
  return row.plan_id;
}

/** The approved new units are created now; names resolve again inside the transaction. */
async function createApprovedUnits(
  tx: Db,
  organisationId: string,
  preview: ImportPreview,
): Promise<Map<string, Resolution>> {
  for (const u of preview.units) {
    if (u.match !== 'new') continue;
    // 各街道办事处, 区人民政府各部门: a collective becomes a group; its members are added in the directory.
    if (isCollective(u.name)) await insertGroup(tx, organisationId, { name: u.name });
    else await insertUnit(tx, organisationId, { name: u.name, level: u.level ?? 'district', kind: guessKind(u.name) });
  }
  return resolveNames(
    tx,
    organisationId,
    preview.units.map((u) => u.name),
  );
}

/** The end of every confirm: the plan's periods, the upload applied (the one it replaces superseded), the audit. */
async function finishConfirm(tx: Db, ctx: Ctx, job: ConfirmJob, planId: string, revised: boolean): Promise<void> {
  await ensurePeriods(tx, planId, job.meta.year);
  await tx
    .update(sourceDocuments)
    .set({ status: 'superseded' })
    .where(and(eq(sourceDocuments.planId, planId), eq(sourceDocuments.status, 'applied')));
  await tx
    .update(sourceDocuments)
    .set({ status: 'applied', planId, expiresAt: null })
    .where(eq(sourceDocuments.id, job.id));
  await audit(tx, ctx, {
    action: revised ? 'import.revise' : 'import.confirm',
    subjectType: 'plan',
    subjectId: planId,
    details: { sourceDocumentId: job.id, tasks: job.taskCount, newUnits: job.newUnits },
  });
}

/**
 * Removes a plan written only in part, in short statements (a 100,000-task plan at once would hold PGlite's
 * connection for seconds): the upload's mark first (its plan_id cascades, and the draft must stay), then its
 * tasks a slice at a time (their indicators and assignments cascade), then the plan. Only ever a 'draft' plan.
 */
async function dropStagedPlan(db: Db, planId: string): Promise<void> {
  await db
    .update(sourceDocuments)
    .set({ planId: null })
    .where(and(eq(sourceDocuments.planId, planId), eq(sourceDocuments.status, 'previewed')));
  const [plan] = await db.select({ status: plans.status }).from(plans).where(eq(plans.id, planId));
  if (plan?.status !== 'draft') return;
  for (;;) {
    const slice = db
      .select({ id: tasks.id })
      .from(tasks)
      .where(eq(tasks.planId, planId))
      .limit(BATCH * 5);
    const gone = await db.delete(tasks).where(inArray(tasks.id, slice)).returning({ id: tasks.id });
    if (gone.length === 0) break;
    await yieldToLoop();
  }
  await db.delete(plans).where(and(eq(plans.id, planId), eq(plans.status, 'draft')));
}

/** PGlite only (one process): draft plans no confirm of this process is writing were left by one that stopped. */
async function dropAbandonedPlans(db: Db): Promise<void> {
  const drafts = await db.select({ id: plans.id }).from(plans).where(eq(plans.status, 'draft'));
  for (const { id } of drafts) if (!staging.has(id)) await dropStagedPlan(db, id);
}

/**
 * Writes sources, sections, tasks, indicators and assignments of a plan, one page of tasks at a time (a page's
 * rows are built, written and dropped before the next is read: memory stays one page, not the notice). On a
 * revision, tasks that keep their key (source index + number) keep their id — and so their assignments, ledgers
 * and reports; removed tasks go, new ones come. `inPage` runs the set-up and each page: inside the caller's
 * transaction, or (a new plan on PGlite) each in a transaction of its own. Returns the groups whose members get
 * the plan's group assignments (materializeGroup), done by the caller with the plan's last step.
 */
async function writePlanContent(
  planId: string,
  planSources: PlanContent['sources'],
  pages: AsyncIterable<ParsedTask[]>,
  resolved: Map<string, Resolution>,
  inPage: (fn: (tx: Db) => Promise<void>) => Promise<void>,
): Promise<Set<string>> {
  const sourceIds = new Map<number, string>();
  let oldTasks: { id: string; index: number; number: string | null; text: string }[] = [];
  await inPage(async (tx) => {
    const oldSources = await tx.select().from(sources).where(eq(sources.planId, planId));
    for (const s of planSources) {
      const old = oldSources.find((o) => o.index === s.index);
      if (old) {
        await tx.update(sources).set({ level: s.level, title: s.title }).where(eq(sources.id, old.id));
        sourceIds.set(s.index, old.id);
      } else {
        const [row] = await tx
          .insert(sources)
          .values({ planId, index: s.index, level: s.level, title: s.title })
          .returning({ id: sources.id });
        sourceIds.set(s.index, (row as { id: string }).id);
      }
    }
    // Sections are rebuilt: tasks point at them by id and get re-pointed below.
    await tx.delete(sections).where(eq(sections.planId, planId));

    oldTasks = await tx
      .select({ id: tasks.id, index: sources.index, number: tasks.number, text: tasks.text })
      .from(tasks)
      .innerJoin(sources, eq(sources.id, tasks.sourceId))
      // Tasks carried over from last year (年终结转) are not the notice's: a revision keeps them as they are.
      .where(and(eq(tasks.planId, planId), isNull(tasks.carriedFromTaskId)));
    // Positions are unique per source, so the old tasks are parked out of the way before any is rewritten; those
    // the notice no longer holds go at the end, once every page has said which it keeps.
    if (oldTasks.length > 0) {
      await tx.execute(
        sql`update ${tasks} set position = -1 - position where plan_id = ${planId} and carried_from_task_id is null`,
      );
    }
  });
  const oldByKey = new Map(oldTasks.map((t) => [taskKey(t.index, t), t.id]));
  const keep = new Set<string>();
  const sectionIds = new Map<string, string>();
  const sectionPositions = new Map<number, number>();
  const taskPositions = new Map<number, number>();
  const groupIds = new Set<string>();

  for await (const page of pages) {
    const sectionRows: (typeof sections.$inferInsert)[] = [];
    const taskRows: (typeof tasks.$inferInsert)[] = [];
    const indicatorRows: (typeof indicators.$inferInsert)[] = [];
    const wanted: (typeof assignments.$inferInsert)[] = [];
    const wantedGroups: (typeof groupAssignments.$inferInsert)[] = [];
    const keptHere: string[] = [];
    for (const t of page) {
      for (let depth = 0; depth < t.section.length; depth++) {
        const key = `${t.source}\u0000${t.section.slice(0, depth + 1).join('\u0000')}`;
        if (sectionIds.has(key)) continue;
        const id = crypto.randomUUID();
        sectionIds.set(key, id);
        const parentKey = `${t.source}\u0000${t.section.slice(0, depth).join('\u0000')}`;
        const position = sectionPositions.get(t.source) ?? 0;
        sectionPositions.set(t.source, position + 1);
        sectionRows.push({
          id,
          planId,
          sourceId: sourceIds.get(t.source) as string,
          parentId: depth === 0 ? null : (sectionIds.get(parentKey) ?? null),
          title: t.section[depth] as string,
          depth,
          position,
        });
      }
      const existing = oldByKey.get(taskKey(t.source, t));
      const id = existing ?? crypto.randomUUID();
      if (existing) {
        keep.add(existing);
        keptHere.push(existing);
      }
      const position = taskPositions.get(t.source) ?? 0;
      taskPositions.set(t.source, position + 1);
      taskRows.push({
        id,
        planId,
        sourceId: sourceIds.get(t.source) as string,
        sectionId: t.section.length ? (sectionIds.get(`${t.source}\u0000${t.section.join('\u0000')}`) ?? null) : null,
        number: t.number,
        text: t.text,
        line: t.line,
        deadline: t.deadline,
        leaders: t.leaders,
        position,
      });
      // Indicators are replaced; assignments are synced (kept ones keep their receipts and ledgers).
      for (const [position, ind] of t.indicators.entries()) indicatorRows.push({ taskId: id, ...ind, position });
      for (const [position, a] of t.assignments.entries()) {
        const r = resolved.get(a.unit);
        const base = { taskId: id, role: a.role, level: a.level, clause: a.clause, position };
        if (r && 'unitId' in r) wanted.push({ ...base, unitId: r.unitId });
        else if (r && 'groupId' in r) {
          wantedGroups.push({ ...base, groupId: r.groupId });
          groupIds.add(r.groupId);
        }
      }
    }
    await inPage(async (tx) => {
      await insertMany(tx, sections, sectionRows);
      for (const row of taskRows) {
        if (keep.has(row.id as string))
          await tx
            .update(tasks)
            .set(row)
            .where(eq(tasks.id, row.id as string));
      }
      await insertMany(
        tx,
        tasks,
        taskRows.filter((r) => !keep.has(r.id as string)),
      );
      if (keptHere.length > 0) {
        await tx.delete(indicators).where(inArray(indicators.taskId, keptHere));
        await tx.delete(groupAssignments).where(inArray(groupAssignments.taskId, keptHere));
        // Direct assignments no longer printed go; materialised group ones are rebuilt below.
        const existing = await tx.select().from(assignments).where(inArray(assignments.taskId, keptHere));
        const stale = existing.filter(
          (e) =>
            e.viaGroupId !== null ||
            !wanted.some(
              (w) => w.taskId === e.taskId && w.unitId === e.unitId && w.role === e.role && w.clause === e.clause,
            ),
        );
        if (stale.length > 0)
          await tx.delete(assignments).where(
            inArray(
              assignments.id,
              stale.map((s) => s.id),
            ),
          );
      }
      await insertMany(tx, indicators, indicatorRows);
      await insertMany(tx, assignments, wanted, { onConflictDoNothing: true });
      await insertMany(tx, groupAssignments, wantedGroups, { onConflictDoNothing: true });
    });
    await yieldToLoop();
  }
  const removed = oldTasks.filter((t) => !keep.has(t.id)).map((t) => t.id);
  await inBatches(removed, BATCH, (chunk) =>
    inPage((tx) =>
      tx
        .delete(tasks)
        .where(inArray(tasks.id, chunk))
        .then(() => undefined),
    ),
  );
  return groupIds;
}
