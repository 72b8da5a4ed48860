// 问责梯度: the office's ladder, a period's steps (proposed and applied), applying them at the period's close, and
// the letter to a unit (.docx).

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ladderApplyBodySchema,
  ladderLetterQuerySchema,
  ladderPeriodSchema,
  ladderQuerySchema,
  ladderSchema,
} from '../../api/ladder.js';
import { idParamsSchema } from '../../api/v1.js';
import { applyLadder, getLadder, ladderLetter, ladderPeriod, setLadder } from '../services/ladder.js';
import { attachment, ctxOf } from './context.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function ladderRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);
  api.get('/settings/ladder', { schema: { response: { 200: ladderSchema } } }, async (r) => getLadder(ctx(r)));
  api.put('/settings/ladder', { schema: { body: ladderSchema, response: { 200: ladderSchema } } }, async (r) =>
    setLadder(ctx(r), r.body),
  );
  api.get(
    '/plans/:id/ladder',
    { schema: { params: idParamsSchema, querystring: ladderQuerySchema, response: { 200: ladderPeriodSchema } } },
    async (r) => ladderPeriod(ctx(r), r.params.id, r.query.periodId),
  );
  api.post(
    '/plans/:id/ladder/apply',
    { schema: { params: idParamsSchema, body: ladderApplyBodySchema, response: { 200: ladderPeriodSchema } } },
    async (r) => applyLadder(ctx(r), r.params.id, r.body.periodId),
  );
  api.get(
    '/plans/:id/ladder/letter.docx',
    { schema: { params: idParamsSchema, querystring: ladderLetterQuerySchema } },
    async (r, reply) =>
      reply
        .type(DOCX_TYPE)
        .header('content-disposition', attachment('问责梯度函件.docx', 'ladder-letter.docx'))
        .send(await ladderLetter(ctx(r), r.params.id, r.query.periodId, r.query.unitId)),
  );
}
