// /periods/:id/sheet…: download the period sheet, upload it filled in (a preview), apply it all or nothing.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sheetPreviewSchema } from '../../api/sheets.js';
import { idParamsSchema, idSchema } from '../../api/v1.js';
import { authorizeEver } from '../policy.js';
import { applySheet, MAX_SHEET_BYTES, periodSheet, uploadSheet } from '../services/sheets.js';
import { attachment, ctxOf, XLSX_TYPE } from './context.js';
import { readUpload } from './upload.js';

export async function sheetRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);
  api.get(
    '/periods/:id/sheet.xlsx',
    { schema: { params: idParamsSchema, querystring: z.object({ unitId: idSchema.optional() }) } },
    async (r, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment('进展报送表.xlsx', 'sheet.xlsx'))
        .send(await periodSheet(ctx(r), r.params.id, r.query.unitId)),
  );
  api.post(
    '/periods/:id/sheet',
    {
      schema: { params: idParamsSchema, response: { 200: sheetPreviewSchema } },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (r) => {
      const c = ctx(r);
      // Authorize before reading 10 MB from a caller who may not edit submissions.
      authorizeEver(c.actor, 'submissions.edit');
      const file = await readUpload(r, MAX_SHEET_BYTES);
      return uploadSheet(c, r.params.id, file);
    },
  );
  api.post(
    '/sheet-uploads/:id/apply',
    { schema: { params: idParamsSchema, response: { 200: sheetPreviewSchema } } },
    async (r) => applySheet(ctx(r), r.params.id),
  );
}
