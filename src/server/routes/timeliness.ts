// /plans/:id/office-timeliness: the office's own timeliness (督查室办理时效) for a plan.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { officeTimelinessSchema } from '../../api/timeliness.js';
import { idParamsSchema } from '../../api/v1.js';
import { officeTimeliness } from '../services/timeliness.js';
import { ctxOf } from './context.js';

export async function timelinessRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/plans/:id/office-timeliness',
    { schema: { params: idParamsSchema, response: { 200: officeTimelinessSchema } } },
    async (r) => officeTimeliness(ctxOf(r, app), r.params.id),
  );
}
