// /evaluation: 考评 — the ranking for a period or the year, its .xlsx, the weights and the office's ratings.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  evaluationQuerySchema,
  evaluationSchema,
  ratingBodySchema,
  scoreWeightsBodySchema,
  scoreWeightsSchema,
} from '../../api/evaluation.js';
import { evaluate, evaluationXlsx, getWeights, rateUnit, setWeights } from '../services/evaluation.js';
import { attachment, ctxOf, XLSX_TYPE } from './context.js';

export async function evaluationRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);
  api.get(
    '/evaluation',
    { schema: { querystring: evaluationQuerySchema, response: { 200: evaluationSchema } } },
    async (r) => evaluate(ctx(r), r.query.planId, r.query.periodId),
  );
  api.get('/evaluation.xlsx', { schema: { querystring: evaluationQuerySchema } }, async (r, reply) =>
    reply
      .type(XLSX_TYPE)
      .header('content-disposition', attachment('考评.xlsx', 'evaluation.xlsx'))
      .send(await evaluationXlsx(ctx(r), r.query.planId, r.query.periodId)),
  );
  api.get('/settings/evaluation', { schema: { response: { 200: scoreWeightsSchema } } }, async (r) =>
    getWeights(ctx(r)),
  );
  api.put(
    '/settings/evaluation',
    { schema: { body: scoreWeightsBodySchema, response: { 200: scoreWeightsSchema } } },
    async (r) => setWeights(ctx(r), r.body),
  );
  api.put(
    '/evaluation/ratings',
    { schema: { body: ratingBodySchema, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (r) => {
      await rateUnit(ctx(r), r.body);
      return { ok: true as const };
    },
  );
}
