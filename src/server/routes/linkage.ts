// /tasks/:id/links: 上下贯通 — suggested and confirmed links between district and city/province tasks.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { decideLinkBodySchema, linkParamsSchema, taskLinksSchema } from '../../api/linkage.js';
import { idParamsSchema } from '../../api/v1.js';
import { decideLink, taskLinksOf } from '../services/linkage.js';
import { ctxOf } from './context.js';

export async function linkageRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/tasks/:id/links', { schema: { params: idParamsSchema, response: { 200: taskLinksSchema } } }, async (r) =>
    taskLinksOf(ctxOf(r, app), r.params.id),
  );
  api.put(
    '/tasks/:id/links/:targetId',
    { schema: { params: linkParamsSchema, body: decideLinkBodySchema, response: { 200: taskLinksSchema } } },
    async (r) => decideLink(ctxOf(r, app), r.params.id, r.params.targetId, r.body.status),
  );
}
