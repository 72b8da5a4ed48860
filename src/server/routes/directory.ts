// /units and /unit-groups: the unit directory, and its import from an .xlsx (a template, a preview, the write).

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { unitImportQuerySchema, unitImportResultSchema } from '../../api/unit-import.js';
import {
  createUnitBodySchema,
  idParamsSchema,
  listOf,
  mergeUnitBodySchema,
  unitGroupBodySchema,
  unitGroupSchema,
  unitListQuerySchema,
  unitSchema,
  updateUnitBodySchema,
  updateUnitGroupBodySchema,
} from '../../api/v1.js';
import { unitTemplateXlsx } from '../documents/unit-template.js';
import { authorize } from '../policy.js';
import {
  createGroup,
  createUnit,
  listGroups,
  listUnits,
  mergeUnit,
  updateGroup,
  updateUnit,
} from '../services/directory.js';
import { importUnits, TEMPLATE_HEADERS, UNIT_IMPORT_LIMITS } from '../services/unit-import.js';
import { attachment, ctxOf, XLSX_TYPE } from './context.js';
import { readUpload } from './upload.js';

export async function directoryRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);

  api.get(
    '/units',
    { schema: { querystring: unitListQuerySchema, response: { 200: listOf(unitSchema) } } },
    async (request) => ({
      items: await listUnits(ctx(request), request.query),
    }),
  );
  api.post('/units', { schema: { body: createUnitBodySchema, response: { 200: unitSchema } } }, async (request) =>
    createUnit(ctx(request), request.body),
  );
  api.get('/units/import-template.xlsx', async (request, reply) => {
    authorize(ctx(request).actor, 'directory.write');
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', attachment('单位名录模板.xlsx', 'unit-directory-template.xlsx'))
      .send(await unitTemplateXlsx(TEMPLATE_HEADERS));
  });
  // `?dryRun=true` answers the per-row preview; the same upload without it writes every row or none.
  api.post(
    '/units/import',
    {
      schema: { querystring: unitImportQuerySchema, response: { 200: unitImportResultSchema } },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request) => {
      const c = ctx(request);
      // Authorize before reading 2 MB from a caller who may not change the directory.
      authorize(c.actor, 'directory.write');
      const { bytes } = await readUpload(request, UNIT_IMPORT_LIMITS.maxBytes);
      return importUnits(c, bytes, { dryRun: request.query.dryRun ?? false });
    },
  );
  api.patch(
    '/units/:id',
    { schema: { params: idParamsSchema, body: updateUnitBodySchema, response: { 200: unitSchema } } },
    async (request) => updateUnit(ctx(request), request.params.id, request.body),
  );
  api.post(
    '/units/:id/merge',
    { schema: { params: idParamsSchema, body: mergeUnitBodySchema, response: { 200: unitSchema } } },
    async (request) => mergeUnit(ctx(request), request.params.id, request.body.intoId),
  );

  api.get('/unit-groups', { schema: { response: { 200: listOf(unitGroupSchema) } } }, async (request) => ({
    items: await listGroups(ctx(request)),
  }));
  api.post(
    '/unit-groups',
    { schema: { body: unitGroupBodySchema, response: { 200: unitGroupSchema } } },
    async (request) => createGroup(ctx(request), request.body),
  );
  api.patch(
    '/unit-groups/:id',
    { schema: { params: idParamsSchema, body: updateUnitGroupBodySchema, response: { 200: unitGroupSchema } } },
    async (request) => updateGroup(ctx(request), request.params.id, request.body),
  );
}
