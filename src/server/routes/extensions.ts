// /milestones/:id/extensions and /extension-requests: asking to move a milestone, and deciding.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  decideExtensionBodySchema,
  extensionListQuerySchema,
  extensionSchema,
  idParamsSchema,
  listOf,
  requestExtensionBodySchema,
} from '../../api/v1.js';
import { decideExtension, listExtensions, requestExtension } from '../services/extensions.js';
import { ctxOf } from './context.js';

export async function extensionRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);
  api.post(
    '/milestones/:id/extensions',
    { schema: { params: idParamsSchema, body: requestExtensionBodySchema, response: { 200: extensionSchema } } },
    async (r) => requestExtension(ctx(r), r.params.id, r.body),
  );
  api.get(
    '/extension-requests',
    { schema: { querystring: extensionListQuerySchema, response: { 200: listOf(extensionSchema) } } },
    async (r) => ({ items: await listExtensions(ctx(r), r.query.status) }),
  );
  api.post(
    '/extension-requests/:id/decide',
    { schema: { params: idParamsSchema, body: decideExtensionBodySchema, response: { 200: extensionSchema } } },
    async (r) => decideExtension(ctx(r), r.params.id, r.body),
  );
}
