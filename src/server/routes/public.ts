// /public/progress (anonymous), /plans/:id/published and /tasks/:id/publicity (the office).

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicityBodySchema, publicityParamsSchema, publicProgressSchema } from '../../api/public.js';
import { idParamsSchema, planPublishedBodySchema } from '../../api/v1.js';
import { publicProgress, setPlanPublished, setPublicity } from '../services/publicity.js';
import { ctxOf } from './context.js';

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/public/progress',
    { config: { public: true }, schema: { response: { 200: publicProgressSchema } } },
    async (r, reply) => {
      const ctx = ctxOf(r, app);
      reply.header('cache-control', 'public, max-age=60');
      return publicProgress(ctx.db, ctx.clock());
    },
  );
  api.put(
    '/plans/:id/published',
    { schema: { params: idParamsSchema, body: planPublishedBodySchema, response: { 200: planPublishedBodySchema } } },
    async (r) => setPlanPublished(ctxOf(r, app), r.params.id, r.body),
  );
  api.put(
    '/tasks/:id/publicity',
    {
      schema: {
        params: publicityParamsSchema,
        body: publicityBodySchema,
        response: { 200: z.object({ public: z.boolean(), note: z.string().nullable() }) },
      },
    },
    async (r) => setPublicity(ctxOf(r, app), r.params.id, r.body),
  );
}
