// /imports: upload a notice → a draft on the server (its tasks and warnings in pages) → confirm by id, or discard.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  confirmImportBodySchema,
  confirmImportResultSchema,
  draftPageQuerySchema,
  draftTaskPageSchema,
  draftTaskQuerySchema,
  draftWarningPageSchema,
  idParamsSchema,
  importCorrectionBodySchema,
  importCorrectionListSchema,
  importCorrectionResultSchema,
  importCorrectionUndoResultSchema,
  importPreviewSchema,
} from '../../api/v1.js';
import { authorize } from '../policy.js';
import { correctDraft, listCorrections, resetCorrections, undoCorrection } from '../services/import-corrections.js';
import {
  confirmImport,
  deleteDraft,
  getPreview,
  listDraftTasks,
  listDraftWarnings,
  previewImport,
} from '../services/imports.js';
import { ctxOf } from './context.js';
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
  api.get(
    '/imports/:id/tasks',
    { schema: { params: idParamsSchema, querystring: draftTaskQuerySchema, response: { 200: draftTaskPageSchema } } },
    async (request) => listDraftTasks(ctx(request), request.params.id, request.query),
  );
  api.get(
    '/imports/:id/warnings',
    {
      schema: { params: idParamsSchema, querystring: draftPageQuerySchema, response: { 200: draftWarningPageSchema } },
    },
    async (request) => listDraftWarnings(ctx(request), request.params.id, request.query),
  );
  // The office's corrections of the draft (services/import-corrections.ts); the list stays after the confirm.
  api.get(
    '/imports/:id/corrections',
    { schema: { params: idParamsSchema, response: { 200: importCorrectionListSchema } } },
    async (request) => listCorrections(ctx(request), request.params.id),
  );
  api.post(
    '/imports/:id/corrections',
    {
      schema: {
        params: idParamsSchema,
        body: importCorrectionBodySchema,
        response: { 200: importCorrectionResultSchema },
      },
    },
    async (request) => correctDraft(ctx(request), request.params.id, request.body),
  );
  api.post(
    '/imports/:id/corrections/undo',
    { schema: { params: idParamsSchema, response: { 200: importCorrectionUndoResultSchema } } },
    async (request) => undoCorrection(ctx(request), request.params.id),
  );
  api.post(
    '/imports/:id/corrections/reset',
    { schema: { params: idParamsSchema, response: { 200: importCorrectionUndoResultSchema } } },
    async (request) => resetCorrections(ctx(request), request.params.id),
  );
  api.delete('/imports/:id', { schema: { params: idParamsSchema } }, async (request, reply) => {
    await deleteDraft(ctx(request), request.params.id);
    return reply.code(204).send();
  });
  api.post(
    '/imports/:id/confirm',
    { schema: { params: idParamsSchema, body: confirmImportBodySchema, response: { 200: confirmImportResultSchema } } },
    async (request) => confirmImport(ctx(request), request.params.id, request.body),
  );
}
