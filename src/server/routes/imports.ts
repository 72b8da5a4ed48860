// /imports: upload a notice → preview → confirm.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  confirmImportBodySchema,
  confirmImportResultSchema,
  idParamsSchema,
  importPreviewSchema,
} from '../../api/v1.js';
import { ctxOf } from '../app.js';
import { authorize } from '../policy.js';
import { confirmImport, getPreview, previewImport } from '../services/imports.js';
import { readUpload } from './upload.js';

export async function importRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);

  api.post(
    '/imports',
    { schema: { response: { 200: importPreviewSchema } }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request) => {
      const c = ctx(request);
      // Authorize before reading 10 MB from a caller who may not import.
      authorize(c.actor, 'plans.import');
      return previewImport(c, await readUpload(request));
    },
  );
  api.get(
    '/imports/:id',
    { schema: { params: idParamsSchema, response: { 200: importPreviewSchema } } },
    async (request) => getPreview(ctx(request), request.params.id),
  );
  api.post(
    '/imports/:id/confirm',
    { schema: { params: idParamsSchema, body: confirmImportBodySchema, response: { 200: confirmImportResultSchema } } },
    async (request) => confirmImport(ctx(request), request.params.id, request.body),
  );
}
