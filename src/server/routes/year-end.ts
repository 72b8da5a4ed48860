// /plans/:id/year-end and /plans/:id/close: 年终结转 — the office's review of a plan's unfinished tasks, its
// decisions (carry over or close with a reason), and closing the plan into the archive.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../api/v1.js';
import { yearEndDecideBodySchema, yearEndReviewSchema } from '../../api/year-end.js';
import { closePlan, decideYearEnd, yearEndReview } from '../services/year-end.js';
import { ctxOf } from './context.js';

export async function yearEndRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);
  api.get(
    '/plans/:id/year-end',
    { schema: { params: idParamsSchema, response: { 200: yearEndReviewSchema } } },
    async (r) => yearEndReview(ctx(r), r.params.id),
  );
  api.post(
    '/plans/:id/year-end/decisions',
    { schema: { params: idParamsSchema, body: yearEndDecideBodySchema, response: { 200: yearEndReviewSchema } } },
    async (r) => decideYearEnd(ctx(r), r.params.id, r.body),
  );
  api.post(
    '/plans/:id/close',
    { schema: { params: idParamsSchema, response: { 200: yearEndReviewSchema } } },
    async (r) => closePlan(ctx(r), r.params.id),
  );
}
