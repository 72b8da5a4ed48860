// Evidence files of an item report: PDF, images, office documents (type checked by content, not
// by name; an Office zip checked for bombs, missing parts and anything executable), ≤ 20 MB each, stored
// once per sha256 under <dataDir>/files, named with the extension of what they are, and always served as
// attachments, never inline. A unit's files together stay within the office's quota; a file is removed from
// disk when its last row goes (`duban fsck` finds what drifted anyway).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { DEFAULT_EVIDENCE_QUOTA_MB } from '../../api/supervision.js';
import { DubanError } from '../../core/errors.js';
import { detectFileType, storedName } from '../../core/filetype.js';
import { EVIDENCE_LIMITS } from '../../core/limits.js';
import type { Db } from '../db/client.js';
import { evidenceFiles, itemReports, submissions } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { authorize, authorizeEver } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { assertPlanOpen } from './plan-archive.js';
import { readSupervisionSettings } from './settings.js';
import { EDITABLE } from './submissions.js';

export const MAX_EVIDENCE_BYTES = EVIDENCE_LIMITS.maxBytes;

/**
 * Writes the bytes once per content; a crash mid-write leaves only a temp file. The file and its folder are
 * synced before the database row that points at it commits, so a power cut cannot leave a signed submission
 * referring to an empty file.
 */
async function store(dataDir: string, sha256: string, bytes: Uint8Array): Promise<string> {
  const relative = join('files', sha256.slice(0, 2), sha256);
  const path = join(dataDir, relative);
  if (!existsSync(path)) {
    const folder = join(dataDir, 'files', sha256.slice(0, 2));
    await mkdir(folder, { recursive: true });
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
    const dir = await open(folder, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
  return relative;
}

// ---------------------------------------------------------------------------------------------------------------
// Space: the quota on upload, the file's removal with its last row

/** Advisory lock classes (the two-int form, beside a hash of the content or the unit): any numbers, taken only here. */
const CONTENT_LOCK = 42_071_139;
const UNIT_LOCK = 42_071_140;

/** Whether an upload takes a unit past the office's quota (supervision settings); 413 if so. */
async function reserveSpace(tx: Db, unitId: string, sha256: string, bytes: number): Promise<void> {
  // Held to commit: a removal of the same content cannot delete the file between this upload's write and its row;
  // two uploads of one unit cannot both pass the quota.
  await tx.execute(sql`select pg_advisory_xact_lock(${CONTENT_LOCK}, hashtext(${sha256}))`);
  await tx.execute(sql`select pg_advisory_xact_lock(${UNIT_LOCK}, hashtext(${unitId}))`);
  const quotaMb = (await readSupervisionSettings(tx)).evidenceQuotaMb ?? DEFAULT_EVIDENCE_QUOTA_MB;
  const [used] = await tx
    .select({ bytes: sql<string>`coalesce(sum(${evidenceFiles.sizeBytes}), 0)::text` })
    .from(evidenceFiles)
    .innerJoin(itemReports, eq(itemReports.id, evidenceFiles.itemReportId))
    .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
    .where(eq(submissions.unitId, unitId));
  const usedBytes = Number(used?.bytes ?? 0);
  if (usedBytes + bytes > quotaMb * 1024 * 1024) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw new DubanError(
      'evidence_quota_exceeded',
      {
        zh: `本单位的佐证材料已占用 ${mb(usedBytes)} MB，加上此文件将超过 ${quotaMb} MB 的存储上限。请删除不再需要的材料，或请督查室调整上限。`,
        en: `Your unit's evidence files take ${mb(usedBytes)} MB; this file would exceed the ${quotaMb} MB storage quota. Remove files no longer needed, or ask the office to raise the quota.`,
      },
      413,
      { usedBytes, quotaBytes: quotaMb * 1024 * 1024 },
    );
  }
}

/**
 * Deletes a stored file no row points at any more (files are shared by content: the same file attached twice, or
 * to a signed submission, stays). Best effort: the row is already gone, and `duban fsck` lists what is left over.
 */
async function dropIfUnused(db: Db, dataDir: string, sha256: string, storagePath: string): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${CONTENT_LOCK}, hashtext(${sha256}))`);
      const [other] = await tx
        .select({ id: evidenceFiles.id })
        .from(evidenceFiles)
        .where(eq(evidenceFiles.sha256, sha256))
        .limit(1);
      if (!other) await unlink(join(dataDir, storagePath)).catch(() => undefined);
    });
  } catch {
    // Left for fsck.
  }
}

async function editableItem(tx: Db, ctx: Ctx, itemId: string) {
  const [row] = await tx
    .select({ item: itemReports, sub: submissions })
    .from(itemReports)
    .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
    .where(eq(itemReports.id, itemId))
    .for('update');
  if (!row) throw notFound('进展情况', 'item report');
  authorize(ctx.actor, 'submissions.edit', { unitIds: [row.sub.unitId] });
  // Before the file is stored: the audit guard would roll the row back, but not the bytes on disk.
  await assertPlanOpen(tx, 'item_report', itemId);
  if (!EDITABLE.includes(row.sub.status)) {
    throw conflict(
      'submission_state',
      '报送已签字或已通过，不能再添加佐证材料。',
      'The submission is signed or accepted: evidence can no longer change.',
    );
  }
  return row;
}

/** An evidence change is an edit: the item's version moves and a pending sign-off returns to draft. */
async function touch(tx: Db, ctx: Ctx, row: Awaited<ReturnType<typeof editableItem>>): Promise<void> {
  await tx
    .update(itemReports)
    .set({ version: row.item.version + 1 })
    .where(eq(itemReports.id, row.item.id));
  await tx
    .update(submissions)
    .set({
      status: row.sub.status === 'pending_signoff' ? 'draft' : row.sub.status,
      // A changed submission is a new send: an earlier request's key must not answer for it.
      idempotencyKey: null,
      version: row.sub.version + 1,
      updatedAt: ctx.clock(),
    })
    .where(eq(submissions.id, row.sub.id));
}

export async function addEvidence(
  ctx: Ctx,
  dataDir: string,
  itemId: string,
  file: { fileName: string; bytes: Uint8Array },
): Promise<string> {
  authorizeEver(ctx.actor, 'submissions.edit');
  if (file.bytes.length > MAX_EVIDENCE_BYTES) {
    throw new DubanError(
      'file_too_large',
      { zh: '佐证材料超过 20 MB 上限。', en: 'Evidence files are limited to 20 MB.' },
      413,
    );
  }
  if (file.bytes.length === 0) throw badRequest('empty_file', '文件为空。', 'The file is empty.');
  const type = await detectFileType(file.bytes, EVIDENCE_LIMITS.zip);
  if (!type) {
    throw badRequest(
      'evidence_type_not_allowed',
      '佐证材料只接受 PDF、图片（PNG/JPEG/GIF/WebP）和 Office 文档；文件类型按内容判断，不看扩展名。',
      'Evidence must be PDF, an image (PNG/JPEG/GIF/WebP) or an Office document; the type is read from the content, not the name.',
    );
  }
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  return ctx.db.transaction(async (tx) => {
    const row = await editableItem(tx, ctx, itemId);
    await reserveSpace(tx, row.sub.unitId, sha256, file.bytes.length);
    const storagePath = await store(dataDir, sha256, file.bytes);
    await tx.insert(evidenceFiles).values({
      itemReportId: itemId,
      sha256,
      fileName: storedName(file.fileName, type, 'evidence'),
      mime: type.mime,
      sizeBytes: file.bytes.length,
      storagePath,
      uploadedBy: ctx.actor?.id ?? null,
      uploadedAt: ctx.clock(),
    });
    await touch(tx, ctx, row);
    await audit(tx, ctx, {
      action: 'evidence.add',
      subjectType: 'item_report',
      subjectId: itemId,
      details: { sha256, mime: type.mime },
    });
    return row.sub.id;
  });
}

/**
 * 最多报一次: attaches a file the unit already uploaded (to any item of its packages) to another item, by reference —
 * a new row pointing at the same stored content, no bytes sent or copied. Attaching what the item already holds
 * changes nothing. The stored file is shared by content (dropIfUnused keeps it while any row points at it).
 */
export async function reuseEvidence(ctx: Ctx, itemId: string, evidenceId: string): Promise<string> {
  authorizeEver(ctx.actor, 'submissions.edit');
  return ctx.db.transaction(async (tx) => {
    const row = await editableItem(tx, ctx, itemId);
    const [source] = await tx
      .select({ e: evidenceFiles, unitId: submissions.unitId })
      .from(evidenceFiles)
      .innerJoin(itemReports, eq(itemReports.id, evidenceFiles.itemReportId))
      .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
      .where(eq(evidenceFiles.id, evidenceId));
    // Another unit's file is "not found", exactly like one that does not exist.
    if (!source || source.unitId !== row.sub.unitId) throw notFound('佐证材料', 'evidence file');
    // Held to commit: the source's removal cannot delete the stored file between this check and the new row.
    await tx.execute(sql`select pg_advisory_xact_lock(${CONTENT_LOCK}, hashtext(${source.e.sha256}))`);
    const [still] = await tx
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .where(eq(evidenceFiles.id, evidenceId));
    if (!still) throw notFound('佐证材料', 'evidence file');
    const [held] = await tx
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .where(and(eq(evidenceFiles.itemReportId, itemId), eq(evidenceFiles.sha256, source.e.sha256)))
      .limit(1);
    if (held) return row.sub.id;
    await tx.insert(evidenceFiles).values({
      itemReportId: itemId,
      sha256: source.e.sha256,
      fileName: source.e.fileName,
      mime: source.e.mime,
      sizeBytes: source.e.sizeBytes,
      storagePath: source.e.storagePath,
      uploadedBy: ctx.actor?.id ?? null,
      uploadedAt: ctx.clock(),
    });
    await touch(tx, ctx, row);
    await audit(tx, ctx, {
      action: 'evidence.reuse',
      subjectType: 'item_report',
      subjectId: itemId,
      details: { sha256: source.e.sha256, from: evidenceId },
    });
    return row.sub.id;
  });
}

export async function removeEvidence(ctx: Ctx, dataDir: string, evidenceId: string): Promise<string> {
  authorizeEver(ctx.actor, 'submissions.edit');
  let removed: { sha256: string; storagePath: string } | undefined;
  const submissionId = await ctx.db.transaction(async (tx) => {
    const [e] = await tx.select().from(evidenceFiles).where(eq(evidenceFiles.id, evidenceId));
    if (!e?.itemReportId) throw notFound('佐证材料', 'evidence file');
    const row = await editableItem(tx, ctx, e.itemReportId);
    await tx.delete(evidenceFiles).where(eq(evidenceFiles.id, evidenceId));
    await touch(tx, ctx, row);
    await audit(tx, ctx, {
      action: 'evidence.remove',
      subjectType: 'item_report',
      subjectId: e.itemReportId,
      details: { sha256: e.sha256 },
    });
    removed = e;
    return row.sub.id;
  });
  // Only after the row's removal committed: a rolled-back removal must still find its file.
  if (removed) await dropIfUnused(ctx.db, dataDir, removed.sha256, removed.storagePath);
  return submissionId;
}

export async function readEvidence(
  ctx: Ctx,
  dataDir: string,
  evidenceId: string,
): Promise<{ fileName: string; mime: string; bytes: Buffer }> {
  authorizeEver(ctx.actor, 'submissions.read');
  const [row] = await ctx.db
    .select({ e: evidenceFiles, unitId: submissions.unitId })
    .from(evidenceFiles)
    .innerJoin(itemReports, eq(itemReports.id, evidenceFiles.itemReportId))
    .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
    .where(eq(evidenceFiles.id, evidenceId));
  if (!row) throw notFound('佐证材料', 'evidence file');
  authorize(ctx.actor, 'submissions.read', { unitIds: [row.unitId] });
  return { fileName: row.e.fileName, mime: row.e.mime, bytes: await readFile(join(dataDir, row.e.storagePath)) };
}

// ---------------------------------------------------------------------------------------------------------------
// fsck: the data folder against the table

export interface EvidenceCheck {
  ok: boolean;
  rows: number;
  files: number;
  /** Relative to the data folder: stored files (or temp files of an interrupted write) no row points at. */
  filesWithoutRows: string[];
  /** Rows whose file is missing, or shorter or longer than recorded. */
  rowsWithoutFiles: { id: string; sha256: string; storagePath: string; problem: 'missing' | 'size' }[];
}

/** Compares `<dataDir>/files` with evidence_files, both ways. Reads only. */
export async function checkEvidenceFiles(db: Db, dataDir: string): Promise<EvidenceCheck> {
  const rows = await db
    .select({
      id: evidenceFiles.id,
      sha256: evidenceFiles.sha256,
      storagePath: evidenceFiles.storagePath,
      sizeBytes: evidenceFiles.sizeBytes,
    })
    .from(evidenceFiles);
  const rowsWithoutFiles: EvidenceCheck['rowsWithoutFiles'] = [];
  const sizes = new Map<string, number | null>();
  for (const r of rows) {
    if (!sizes.has(r.storagePath)) {
      sizes.set(
        r.storagePath,
        await stat(join(dataDir, r.storagePath)).then(
          (s) => (s.isFile() ? s.size : null),
          () => null,
        ),
      );
    }
    const size = sizes.get(r.storagePath);
    if (size === null || size === undefined)
      rowsWithoutFiles.push({ id: r.id, sha256: r.sha256, storagePath: r.storagePath, problem: 'missing' });
    else if (size !== r.sizeBytes)
      rowsWithoutFiles.push({ id: r.id, sha256: r.sha256, storagePath: r.storagePath, problem: 'size' });
  }
  const referenced = new Set(rows.map((r) => r.storagePath.split('\\').join('/')));
  const filesWithoutRows: string[] = [];
  let files = 0;
  const root = join(dataDir, 'files');
  for (const folder of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!folder.isDirectory()) {
      filesWithoutRows.push(`files/${folder.name}`);
      continue;
    }
    for (const entry of await readdir(join(root, folder.name), { withFileTypes: true })) {
      files += 1;
      const relative = `files/${folder.name}/${entry.name}`;
      if (!entry.isFile() || !referenced.has(relative)) filesWithoutRows.push(relative);
    }
  }
  return {
    ok: filesWithoutRows.length === 0 && rowsWithoutFiles.length === 0,
    rows: rows.length,
    files,
    filesWithoutRows: filesWithoutRows.sort(),
    rowsWithoutFiles,
  };
}
