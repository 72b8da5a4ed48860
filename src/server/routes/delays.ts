// /plans/:id/delays: the delay ranking (延期排行) for a period or the year, and one unit's cases.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { delaysQuerySchema, delaysSchema } from '../../api/delays.js';
import { idParamsSchema } from '../../api/v1.js';
import { planDelays } from '../services/delays.js';
import { ctxOf } from './context.js';

export async function delayRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/plans/:id/delays',
    { schema: { params: idParamsSchema, querystring: delaysQuerySchema, response: { 200: delaysSchema } } },
    async (r) => planDelays(ctxOf(r, app), r.params.id, r.query),
  );
}
