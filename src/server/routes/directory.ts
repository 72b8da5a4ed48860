// /units and /unit-groups: the unit directory.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import {
  createGroup,
  createUnit,
  listGroups,
  listUnits,
  mergeUnit,
  updateGroup,
  updateUnit,
} from '../services/directory.js';
import { ctxOf } from './context.js';

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
