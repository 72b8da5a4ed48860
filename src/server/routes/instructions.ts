// /instructions: 批示 — a district leader writes one on a task, a signed report, a 督办单 or a bulletin; the office
// routes it to units with a date and closes it; each unit answers its own (落实情况) with evidence.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  instructionAnswerSchema,
  instructionCloseSchema,
  instructionFilterSchema,
  instructionListSchema,
  instructionRouteSchema,
  instructionSchema,
  instructionWriteSchema,
} from '../../api/instructions.js';
import { idSchema } from '../../api/v1.js';
import {
  answerInstruction,
  closeInstruction,
  getInstruction,
  listInstructions,
  routeInstruction,
  writeInstruction,
} from '../services/instructions.js';
import { ctxOf } from './context.js';

const params = z.object({ id: idSchema });

export async function instructionRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/instructions',
    { schema: { querystring: instructionFilterSchema, response: { 200: instructionListSchema } } },
    async (r) => ({ items: await listInstructions(ctxOf(r, app), r.query) }),
  );
  api.get('/instructions/:id', { schema: { params, response: { 200: instructionSchema } } }, async (r) =>
    getInstruction(ctxOf(r, app), r.params.id),
  );
  api.post(
    '/instructions',
    { schema: { body: instructionWriteSchema, response: { 200: instructionSchema } } },
    async (r) => writeInstruction(ctxOf(r, app), r.body),
  );
  api.post(
    '/instructions/:id/route',
    { schema: { params, body: instructionRouteSchema, response: { 200: instructionSchema } } },
    async (r) => routeInstruction(ctxOf(r, app), r.params.id, r.body),
  );
  api.put(
    '/instructions/:id/answer',
    { schema: { params, body: instructionAnswerSchema, response: { 200: instructionSchema } } },
    async (r) => answerInstruction(ctxOf(r, app), r.params.id, r.body),
  );
  api.post(
    '/instructions/:id/close',
    { schema: { params, body: instructionCloseSchema, response: { 200: instructionSchema } } },
    async (r) => closeInstruction(ctxOf(r, app), r.params.id, r.body),
  );
}
