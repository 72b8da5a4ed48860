// /coordination-requests: raise, route to a district leader, answer (批示), resolve.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  answerCoordinationBodySchema,
  coordinationListQuerySchema,
  coordinationSchema,
  idParamsSchema,
  listOf,
  raiseCoordinationBodySchema,
  routeCoordinationBodySchema,
} from '../../api/v1.js';
import {
  answerCoordination,
  listCoordination,
  raiseCoordination,
  resolveCoordination,
  routeCoordination,
} from '../services/coordination.js';
import { ctxOf } from './context.js';

export async function coordinationRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);
  const one = { params: idParamsSchema, response: { 200: coordinationSchema } };

  api.get(
    '/coordination-requests',
    { schema: { querystring: coordinationListQuerySchema, response: { 200: listOf(coordinationSchema) } } },
    async (r) => ({ items: await listCoordination(ctx(r), r.query.status) }),
  );
  api.post(
    '/coordination-requests',
    { schema: { body: raiseCoordinationBodySchema, response: { 200: coordinationSchema } } },
    async (r) => raiseCoordination(ctx(r), r.body),
  );
  api.post('/coordination-requests/:id/route', { schema: { ...one, body: routeCoordinationBodySchema } }, async (r) =>
    routeCoordination(ctx(r), r.params.id, r.body.executiveId),
  );
  api.post('/coordination-requests/:id/answer', { schema: { ...one, body: answerCoordinationBodySchema } }, async (r) =>
    answerCoordination(ctx(r), r.params.id, r.body.answer),
  );
  api.post('/coordination-requests/:id/resolve', { schema: one }, async (r) =>
    resolveCoordination(ctx(r), r.params.id),
  );
}
