// /plans/:id/periods, /periods/:id and /plans/:id/co-unit-lead-days: the reporting calendar.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  coUnitLeadDaysBodySchema,
  idParamsSchema,
  listOf,
  periodSchema,
  updatePeriodBodySchema,
} from '../../api/v1.js';
import { setCoUnitLeadDays } from '../services/co-units.js';
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
  // 配合单位先于牵头单位: the plan's gap, set beside its periods.
  api.put(
    '/plans/:id/co-unit-lead-days',
    {
      schema: { params: idParamsSchema, body: coUnitLeadDaysBodySchema, response: { 200: coUnitLeadDaysBodySchema } },
    },
    async (request) => setCoUnitLeadDays(ctxOf(request, app), request.params.id, request.body),
  );
}
