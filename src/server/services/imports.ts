// Importing a notice: upload → preview (parse, match every unit to the directory, detect a
// duplicate file or a revision of an existing plan) → confirm (the plan, sources, sections, tasks,
// indicators and assignments written in one transaction). The original file is kept.

import { createHash } from 'node:crypto';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { ImportPreview, UnitMatch } from '../../api/v1.js';
import { DubanError } from '../../core/errors.js';
import { isCollective, type ParsedTask, type ParseResult, parseNotice } from '../../core/parse/index.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  groupAssignments,
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
import { ensurePeriods } from './periods.js';

export const MAX_NOTICE_BYTES = 10 * 1024 * 1024;

type UnitLevel = NonNullable<UnitMatch['level']>;
type PlanContent = Pick<ParseResult, 'sources' | 'tasks'>;

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

/** Level of a unit as the notice prints it: the label's, else the parser's inference. */
function unitLevel(parse: PlanContent, name: string): UnitLevel | null {
  for (const t of parse.tasks) for (const a of t.assignments) if (a.unit === name && a.level) return a.level;
  return null;
}

export async function previewImport(ctx: Ctx, file: UploadedFile): Promise<ImportPreview> {
  authorize(ctx.actor, 'plans.import');
  if (file.bytes.length > MAX_NOTICE_BYTES) throw tooLarge();
  const parsed = await parseNotice(file.bytes, file.fileName);
  const { input: _input, ...rest } = parsed;
  const parse = storable(rest);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(sourceDocuments)
      .values({
        fileName: file.fileName.slice(0, 255) || 'notice',
        format: parsed.input.format,
        sizeBytes: file.bytes.length,
        sha256,
        content: Buffer.from(file.bytes),
        parseResult: parse,
        uploadedBy: ctx.actor?.id,
        uploadedAt: ctx.clock(),
      })
      .returning({ id: sourceDocuments.id });
    const docId = (row as { id: string }).id;
    await audit(tx, ctx, {
      action: 'import.preview',
      subjectType: 'source_document',
      subjectId: docId,
      details: { fileName: file.fileName, sha256, tasks: parse.tasks.length },
    });
    return docId;
  });
  return getPreview(ctx, id);
}

/**
 * The parse result as jsonb can hold it: a NUL in the file's text is dropped and an unpaired UTF-16 surrogate
 * becomes U+FFFD (PostgreSQL refuses both; a stray byte must not turn an upload into a 500).
 */
function storable<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'string'
        ? v
            .replaceAll('\u0000', '')
            .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
        : v,
    ),
  ) as T;
}

const tooLarge = () =>
  new DubanError('file_too_large', { zh: '文件超过 10 MB 上限。', en: 'The file exceeds the 10 MB limit.' }, 413, {
    limit: MAX_NOTICE_BYTES,
  });

export async function getPreview(ctx: Ctx, id: string): Promise<ImportPreview> {
  authorize(ctx.actor, 'plans.import');
  const [doc] = await ctx.db.select().from(sourceDocuments).where(eq(sourceDocuments.id, id));
  if (!doc) throw notFound('导入记录', 'import');
  const parse = doc.parseResult as ParseResult;

  const [dup] = await ctx.db
    .select({ planId: plans.id, title: plans.title })
    .from(sourceDocuments)
    .innerJoin(plans, eq(plans.id, sourceDocuments.planId))
    .where(
      and(eq(sourceDocuments.sha256, doc.sha256), eq(sourceDocuments.status, 'applied'), ne(sourceDocuments.id, id)),
    );

  let revises: ImportPreview['revises'] = null;
  const [existing] = parse.document.docNo
    ? await ctx.db.select().from(plans).where(eq(plans.docNo, parse.document.docNo))
    : [];
  if (existing && (!dup || dup.planId !== existing.id || doc.status !== 'applied')) {
    revises = { planId: existing.id, title: existing.title, ...(await diffAgainstPlan(ctx.db, existing.id, parse)) };
  }

  const counts = new Map<string, number>();
  for (const t of parse.tasks)
    for (const name of new Set(t.assignments.map((a) => a.unit))) counts.set(name, (counts.get(name) ?? 0) + 1);
  const names = [...counts.keys()];
  const resolved = await resolveNames(ctx.db, names);
  const unitsOut: UnitMatch[] = names
    .map((name) => {
      const r = resolved.get(name) as Resolution;
      return {
        name,
        level: unitLevel(parse, name),
        match: r.match,
        unitId: 'unitId' in r ? r.unitId : null,
        groupId: 'groupId' in r ? r.groupId : null,
        canonicalName: 'canonicalName' in r ? r.canonicalName : null,
        taskCount: counts.get(name) ?? 0,
      };
    })
    .sort((a, b) => (a.match === 'new' ? 0 : 1) - (b.match === 'new' ? 0 : 1) || b.taskCount - a.taskCount);

  return {
    id: doc.id,
    fileName: doc.fileName,
    sha256: doc.sha256,
    status: doc.status,
    planId: doc.planId,
    duplicateOf: dup ?? null,
    revises,
    parse,
    sources: parse.sources.map((s) => {
      const own = parse.tasks.filter((t) => t.source === s.index);
      const bySection = new Map<string, { path: string[]; taskCount: number }>();
      for (const t of own) {
        const key = t.section.join('\u0000');
        const entry = bySection.get(key) ?? { path: t.section, taskCount: 0 };
        entry.taskCount++;
        bySection.set(key, entry);
      }
      return { ...s, taskCount: own.length, sections: [...bySection.values()] };
    }),
    units: unitsOut,
  };
}

async function diffAgainstPlan(db: Db, planId: string, parse: PlanContent) {
  const rows = await db
    .select({ index: sources.index, number: tasks.number, text: tasks.text })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(eq(tasks.planId, planId));
  const old = new Map(rows.map((r) => [taskKey(r.index, r), r.text]));
  const now = new Map(parse.tasks.map((t) => [taskKey(t.source, t), t.text]));
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

/**
 * Confirms a preview. Every new unit must be approved. Runs in one transaction that first locks
 * the upload row, so a second confirm (a double click, a race) finds it applied and gets 409.
 */
export async function confirmImport(
  ctx: Ctx,
  id: string,
  body: { approveNewUnits: string[]; year?: number },
): Promise<{ planId: string }> {
  authorize(ctx.actor, 'plans.import');
  const preview = await getPreview(ctx, id);
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
  const parse = preview.parse;
  return ctx.db.transaction(async (tx) => {
    const locked = await tx.execute<{ status: string }>(
      sql`select status from ${sourceDocuments} where id = ${id} for update`,
    );
    if (locked.rows[0]?.status !== 'previewed') {
      throw conflict('import_already_confirmed', '该文件已经确认导入过。', 'This upload has already been confirmed.');
    }
    // Units: the approved new ones are created now; names resolve again inside the transaction.
    for (const u of preview.units) {
      if (u.match !== 'new') continue;
      // 各街道办事处, 区人民政府各部门: a collective becomes a group; its members are added in the directory.
      if (isCollective(u.name)) await insertGroup(tx, { name: u.name });
      else await insertUnit(tx, { name: u.name, level: u.level ?? 'district', kind: guessKind(u.name) });
    }
    const resolved = await resolveNames(
      tx,
      preview.units.map((u) => u.name),
    );

    let planId: string;
    const meta = {
      title: parse.document.title ?? parse.sources[0]?.title ?? preview.fileName,
      docNo: parse.document.docNo,
      issuer: parse.document.issuer,
      issuedOn: parse.document.date,
      year: body.year ?? yearOf(parse, ctx.clock()),
    };
    if (preview.revises) {
      planId = preview.revises.planId;
      await tx.update(plans).set(meta).where(eq(plans.id, planId));
    } else {
      const [row] = await tx
        .insert(plans)
        .values({ ...meta, status: 'active', createdBy: ctx.actor?.id, createdAt: ctx.clock() })
        .returning({ id: plans.id });
      planId = (row as { id: string }).id;
    }
    await writePlanContent(tx, planId, parse, resolved);
    await ensurePeriods(tx, planId, meta.year);
    await tx
      .update(sourceDocuments)
      .set({ status: 'superseded' })
      .where(and(eq(sourceDocuments.planId, planId), eq(sourceDocuments.status, 'applied')));
    await tx.update(sourceDocuments).set({ status: 'applied', planId }).where(eq(sourceDocuments.id, id));
    await audit(tx, ctx, {
      action: preview.revises ? 'import.revise' : 'import.confirm',
      subjectType: 'plan',
      subjectId: planId,
      details: { sourceDocumentId: id, tasks: parse.tasks.length, newUnits: body.approveNewUnits.length },
    });
    return { planId };
  });
}

/**
 * Writes sources, sections, tasks, indicators and assignments of a plan. On a revision, tasks that
 * keep their key (source index + number) keep their id — and so their assignments, ledgers and
 * reports; removed tasks go, new ones come.
 */
async function writePlanContent(tx: Db, planId: string, parse: PlanContent, resolved: Map<string, Resolution>) {
  const oldSources = await tx.select().from(sources).where(eq(sources.planId, planId));
  const sourceIds = new Map<number, string>();
  for (const s of parse.sources) {
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
  const sectionIds = new Map<string, string>();
  const sectionRows: (typeof sections.$inferInsert)[] = [];
  const positions = new Map<number, number>();
  for (const t of parse.tasks) {
    for (let depth = 0; depth < t.section.length; depth++) {
      const key = `${t.source}\u0000${t.section.slice(0, depth + 1).join('\u0000')}`;
      if (sectionIds.has(key)) continue;
      const id = crypto.randomUUID();
      sectionIds.set(key, id);
      const parentKey = `${t.source}\u0000${t.section.slice(0, depth).join('\u0000')}`;
      const position = positions.get(t.source) ?? 0;
      positions.set(t.source, position + 1);
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
  }
  for (const chunk of chunks(sectionRows, 500)) await tx.insert(sections).values(chunk);

  const oldTasks = await tx
    .select({ id: tasks.id, index: sources.index, number: tasks.number, text: tasks.text })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(eq(tasks.planId, planId));
  const oldByKey = new Map(oldTasks.map((t) => [taskKey(t.index, t), t.id]));
  const keep = new Set<string>();
  const taskRows: (typeof tasks.$inferInsert)[] = [];
  const taskIds: string[] = [];
  const perSource = new Map<number, number>();
  for (const t of parse.tasks) {
    const existing = oldByKey.get(taskKey(t.source, t));
    const id = existing ?? crypto.randomUUID();
    if (existing) keep.add(existing);
    taskIds.push(id);
    const position = perSource.get(t.source) ?? 0;
    perSource.set(t.source, position + 1);
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
  }
  const removed = oldTasks.filter((t) => !keep.has(t.id)).map((t) => t.id);
  for (const chunk of chunks(removed, 500)) await tx.delete(tasks).where(inArray(tasks.id, chunk));
  // Kept tasks: positions are unique per source, so park them out of the way before rewriting.
  if (keep.size > 0) {
    await tx.execute(sql`update ${tasks} set position = -1 - position where plan_id = ${planId}`);
  }
  for (const row of taskRows.filter((r) => keep.has(r.id as string))) {
    await tx
      .update(tasks)
      .set(row)
      .where(eq(tasks.id, row.id as string));
  }
  for (const chunk of chunks(
    taskRows.filter((r) => !keep.has(r.id as string)),
    300,
  ))
    await tx.insert(tasks).values(chunk);

  // Indicators are replaced; assignments are synced (kept ones keep their receipts and ledgers).
  const allIds = taskIds;
  for (const chunk of chunks(allIds, 500)) await tx.delete(indicators).where(inArray(indicators.taskId, chunk));
  const indicatorRows = parse.tasks.flatMap((t, i) =>
    t.indicators.map((ind, position) => ({ taskId: allIds[i] as string, ...ind, position })),
  );
  for (const chunk of chunks(indicatorRows, 500)) await tx.insert(indicators).values(chunk);

  const wanted: (typeof assignments.$inferInsert)[] = [];
  const wantedGroups: (typeof groupAssignments.$inferInsert)[] = [];
  parse.tasks.forEach((t, i) => {
    for (const [position, a] of t.assignments.entries()) {
      const r = resolved.get(a.unit);
      const base = { taskId: allIds[i] as string, role: a.role, level: a.level, clause: a.clause, position };
      if (r && 'unitId' in r) wanted.push({ ...base, unitId: r.unitId });
      else if (r && 'groupId' in r) wantedGroups.push({ ...base, groupId: r.groupId });
    }
  });
  const keptIds = [...keep];
  for (const chunk of chunks(keptIds, 500)) {
    await tx.delete(groupAssignments).where(inArray(groupAssignments.taskId, chunk));
    // Direct assignments no longer printed go; materialised group ones are rebuilt below.
    const existing = await tx.select().from(assignments).where(inArray(assignments.taskId, chunk));
    const stale = existing.filter(
      (e) =>
        e.viaGroupId !== null ||
        !wanted.some(
          (w) => w.taskId === e.taskId && w.unitId === e.unitId && w.role === e.role && w.clause === e.clause,
        ),
    );
    for (const c of chunks(
      stale.map((s) => s.id),
      500,
    ))
      await tx.delete(assignments).where(inArray(assignments.id, c));
  }
  for (const chunk of chunks(wanted, 500)) await tx.insert(assignments).values(chunk).onConflictDoNothing();
  for (const chunk of chunks(wantedGroups, 500)) await tx.insert(groupAssignments).values(chunk).onConflictDoNothing();
  for (const groupId of new Set(wantedGroups.map((g) => g.groupId))) await materializeGroup(tx, groupId);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
