// /plans/:id/periods and /periods/:id: the reporting calendar.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParamsSchema, listOf, periodSchema, updatePeriodBodySchema } from '../../api/v1.js';
import { listPeriods, updatePeriod } from '../services/periods.js';
import { ctxOf } from './context.js';

export async function periodRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/plans/:id/periods',
    { schema: { params: idParamsSchema, response: { 200: listOf(periodSchema) } } },
    async (request) => ({
      items: await listPeriods(ctxOf(request, app), request.params.id),
    }),
  );
  api.patch(
    '/periods/:id',
    { schema: { params: idParamsSchema, body: updatePeriodBodySchema, response: { 200: periodSchema } } },
    async (request) => updatePeriod(ctxOf(request, app), request.params.id, request.body),
  );
}
