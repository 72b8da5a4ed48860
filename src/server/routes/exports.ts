// /exports/…: the Excel workbooks offices send around (台账, and 最多报一次 grouped by city department),
// streamed as they are written.

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../api/v1.js';
import { streamWorkbook } from '../documents/exports.js';
import type { Ctx } from '../services/context.js';
import { type ExportScope, exportScope, writeLedgerWorkbook, writeUpwardWorkbook } from '../services/exports.js';
import { attachment, ctxOf, XLSX_TYPE } from './context.js';

const query = z.object({ planId: idSchema, periodId: idSchema.optional() });

function send(
  reply: FastifyReply,
  ctx: Ctx,
  scope: ExportScope,
  name: string,
  write: (ctx: Ctx, scope: ExportScope, out: import('node:stream').Writable) => Promise<void>,
) {
  const { stream, done } = streamWorkbook((out) => write(ctx, scope, out));
  done.catch((err: unknown) => reply.log.error({ err }, 'export failed while streaming'));
  return reply.type(XLSX_TYPE).header('content-disposition', attachment(name, 'export.xlsx')).send(stream);
}

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/exports/ledger.xlsx', { schema: { querystring: query } }, async (r, reply) => {
    const ctx = ctxOf(r, app);
    const scope = await exportScope(ctx, r.query.planId, r.query.periodId);
    return send(reply, ctx, scope, `${scope.plan.title}台账${scope.period?.label ?? ''}.xlsx`, writeLedgerWorkbook);
  });
  api.get('/exports/upward.xlsx', { schema: { querystring: query } }, async (r, reply) => {
    const ctx = ctxOf(r, app);
    const scope = await exportScope(ctx, r.query.planId, r.query.periodId);
    return send(reply, ctx, scope, `上报市直部门${scope.period?.label ?? ''}.xlsx`, writeUpwardWorkbook);
  });
}
