// Evidence files of an item report: PDF, images, office documents (type checked by content, not
// by name; an Office zip checked for bombs, missing parts and anything executable), ≤ 20 MB each, stored
// once per sha256 under <dataDir>/files, named with the extension of what they are, and always served as
// attachments, never inline.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { DubanError } from '../../core/errors.js';
import { detectFileType, storedName } from '../../core/filetype.js';
import { EVIDENCE_LIMITS } from '../../core/limits.js';
import type { Db } from '../db/client.js';
import { evidenceFiles, itemReports, submissions } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { EDITABLE } from './packages.js';

export const MAX_EVIDENCE_BYTES = EVIDENCE_LIMITS.maxBytes;

/**
 * Writes the bytes once per content; a crash mid-write leaves only a temp file. The file and its folder are
 * synced before the database row that points at it commits, so a power cut cannot leave a signed package
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

async function editableItem(tx: Db, ctx: Ctx, itemId: string) {
  const [row] = await tx
    .select({ item: itemReports, sub: submissions })
    .from(itemReports)
    .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
    .where(eq(itemReports.id, itemId))
    .for('update');
  if (!row) throw notFound('进展情况', 'item report');
  authorize(ctx.actor, 'packages.edit', { unitIds: [row.sub.unitId] });
  if (!EDITABLE.includes(row.sub.status)) {
    throw conflict(
      'package_state',
      '报送已签字或已通过，不能再添加佐证材料。',
      'The package is signed or accepted: evidence can no longer change.',
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
      // A changed package is a new send: an earlier request's key must not answer for it.
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
  authorize(ctx.actor, 'packages.edit');
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

export async function removeEvidence(ctx: Ctx, evidenceId: string): Promise<string> {
  authorize(ctx.actor, 'packages.edit');
  return ctx.db.transaction(async (tx) => {
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
    return row.sub.id;
  });
}

export async function readEvidence(
  ctx: Ctx,
  dataDir: string,
  evidenceId: string,
): Promise<{ fileName: string; mime: string; bytes: Buffer }> {
  authorize(ctx.actor, 'packages.read');
  const [row] = await ctx.db
    .select({ e: evidenceFiles, unitId: submissions.unitId })
    .from(evidenceFiles)
    .innerJoin(itemReports, eq(itemReports.id, evidenceFiles.itemReportId))
    .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
    .where(eq(evidenceFiles.id, evidenceId));
  if (!row) throw notFound('佐证材料', 'evidence file');
  authorize(ctx.actor, 'packages.read', { unitIds: [row.unitId] });
  return { fileName: row.e.fileName, mime: row.e.mime, bytes: await readFile(join(dataDir, row.e.storagePath)) };
}
