// /watches: a district leader's 关注 — watch and unwatch a task, a unit or a 督办单 (idempotent), and the list
// of what they watch with lights (我的关注).

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { watchListSchema, watchTargetSchema } from '../../api/watches.js';
import { listWatches, unwatchSubject, watchSubject } from '../services/watches.js';
import { ctxOf } from './context.js';

export async function watchRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/watches', { schema: { response: { 200: watchListSchema } } }, async (r) => listWatches(ctxOf(r, app)));
  api.put(
    '/watches/:subjectType/:subjectId',
    { schema: { params: watchTargetSchema, response: { 200: watchListSchema } } },
    async (r) => watchSubject(ctxOf(r, app), r.params),
  );
  api.delete(
    '/watches/:subjectType/:subjectId',
    { schema: { params: watchTargetSchema, response: { 200: watchListSchema } } },
    async (r) => unwatchSubject(ctxOf(r, app), r.params),
  );
}
