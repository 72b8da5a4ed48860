// /tasks/:id/periods/:periodId/report: the units' reports on a task, and the lead unit's consolidation.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { consolidateBodySchema, taskPeriodParamsSchema, taskPeriodReportSchema } from '../../api/v1.js';
import { consolidate, taskPeriodReport } from '../services/consolidation.js';
import { ctxOf } from './context.js';

export async function consolidationRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const schema = { params: taskPeriodParamsSchema, response: { 200: taskPeriodReportSchema } };
  api.get('/tasks/:id/periods/:periodId/report', { schema }, async (r) =>
    taskPeriodReport(ctxOf(r, app), r.params.id, r.params.periodId),
  );
  api.put('/tasks/:id/periods/:periodId/report', { schema: { ...schema, body: consolidateBodySchema } }, async (r) =>
    consolidate(ctxOf(r, app), r.params.id, r.params.periodId, r.body),
  );
}
