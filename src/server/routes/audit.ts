// /audit: the administrator browses, exports (CSV) and verifies the audit log; /admin/backup: the administrator
// downloads a backup of a running server (the way to back up an embedded PGlite database while the server holds
// it, docs/decisions/0004-backup-format.md). Admin only, decided in policy.ts ('audit.read').

import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  type AuditEntry,
  type AuditFilter,
  auditFilterSchema,
  auditListQuerySchema,
  auditListSchema,
  auditVerificationSchema,
  auditVerifyQuerySchema,
} from '../../api/audit.js';
import { createBackup } from '../backup/dump.js';
import { neutralizeFormula } from '../documents/cells.js';
import { auditRows, listAudit, startAuditExport, verifyAuditAs } from '../services/audit.js';
import { ctxOf } from './context.js';

// ---- CSV ------------------------------------------------------------------------------------------------------

const CSV_HEADER = [
  '序号 id',
  '时间（北京时间）time (UTC+8)',
  '用户名 username',
  '姓名 name',
  '操作 action',
  '对象类型 subject type',
  '对象编号 subject id',
  'IP 地址 address',
  '详情 details',
  '哈希 hash',
];

/**
 * One CSV field (RFC 4180). A text starting with = + - @ or a tab is prefixed with ' so that a spreadsheet shows
 * it rather than running it as a formula (CSV injection): the log holds text users typed.
 */
export function csvField(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const cst = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

function csvLine(e: AuditEntry): string {
  return `${[
    String(e.id),
    cst(e.at),
    e.user?.username ?? '',
    e.user?.displayName ?? '',
    e.action,
    e.subjectType ?? '',
    e.subjectId ?? '',
    e.ip ?? '',
    e.details === null || e.details === undefined ? '' : JSON.stringify(e.details),
    e.hash,
  ]
    .map(csvField)
    .join(',')}\r\n`;
}

/** The UTF-8 byte order mark: without it Excel reads the file as the local ANSI code page and garbles Chinese. */
const BOM = '\uFEFF';

async function* csv(lines: AsyncGenerator<AuditEntry>): AsyncGenerator<string> {
  yield `${BOM}${CSV_HEADER.map(csvField).join(',')}\r\n`;
  for await (const entry of lines) yield csvLine(entry);
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').slice(0, 15);

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);

  api.get('/audit', { schema: { querystring: auditListQuerySchema, response: { 200: auditListSchema } } }, async (r) =>
    listAudit(ctx(r), r.query),
  );

  api.get(
    '/audit/export.csv',
    { schema: { querystring: auditFilterSchema }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (r, reply) => {
      const c = ctx(r);
      const filter: AuditFilter = r.query;
      await startAuditExport(c, filter);
      const name = `audit-${stamp(c.clock())}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Readable.from(csv(auditRows(c, filter))));
    },
  );

  api.get(
    '/audit/verify',
    { schema: { querystring: auditVerifyQuerySchema, response: { 200: auditVerificationSchema } } },
    async (r) =>
      verifyAuditAs(
        ctx(r),
        r.query.anchorId && r.query.anchorHash ? { id: r.query.anchorId, hash: r.query.anchorHash } : null,
      ),
  );

  // A backup of the running server: written to a private temporary folder (so the snapshot is held only while
  // the tables are read, not while a slow client downloads), then streamed and deleted.
  api.post('/admin/backup', { config: { rateLimit: { max: 5, timeWindow: '1 minute' } } }, async (r, reply) => {
    const c = ctx(r);
    const folder = await mkdtemp(join(tmpdir(), 'duban-backup-'));
    const file = join(folder, 'backup.gz');
    const cleanup = () => void rm(folder, { recursive: true, force: true });
    try {
      await createBackup(app.deps.database, file, { ctx: c, dataDir: app.deps.config.dataDir });
    } catch (error) {
      cleanup();
      throw error;
    }
    const stream = createReadStream(file);
    stream.on('close', cleanup);
    return reply
      .type('application/gzip')
      .header('content-disposition', `attachment; filename="duban-backup-${stamp(c.clock())}.jsonl.gz"`)
      .send(stream);
  });
}
