// /receipts and /assignments/:id/…: receipt (签收) one by one or in bulk (批量签收), dispute, the office's reassignment or 维持原分工, and their history.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  assignmentEventSchema,
  bulkAcknowledgeBodySchema,
  disputeBodySchema,
  idParamsSchema,
  listOf,
  reassignBodySchema,
  receiptListQuerySchema,
  receiptListSchema,
  receiptSchema,
  upholdBodySchema,
} from '../../api/v1.js';
import {
  acknowledge,
  acknowledgeMany,
  assignmentHistory,
  dispute,
  listReceipts,
  reassign,
  uphold,
} from '../services/receipts.js';
import { ctxOf } from './context.js';

export async function receiptRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);

  api.get(
    '/receipts',
    { schema: { querystring: receiptListQuerySchema, response: { 200: receiptListSchema } } },
    async (request) => listReceipts(ctx(request), request.query),
  );
  api.post(
    '/receipts/acknowledge',
    { schema: { body: bulkAcknowledgeBodySchema, response: { 200: listOf(receiptSchema) } } },
    async (request) => ({ items: await acknowledgeMany(ctx(request), request.body.assignmentIds) }),
  );
  api.post(
    '/assignments/:id/acknowledge',
    { schema: { params: idParamsSchema, response: { 200: receiptSchema } } },
    async (request) => acknowledge(ctx(request), request.params.id),
  );
  api.post(
    '/assignments/:id/dispute',
    { schema: { params: idParamsSchema, body: disputeBodySchema, response: { 200: receiptSchema } } },
    async (request) => dispute(ctx(request), request.params.id, request.body.reason),
  );
  api.post(
    '/assignments/:id/reassign',
    { schema: { params: idParamsSchema, body: reassignBodySchema, response: { 200: receiptSchema } } },
    async (request) => reassign(ctx(request), request.params.id, request.body),
  );
  api.post(
    '/assignments/:id/uphold',
    { schema: { params: idParamsSchema, body: upholdBodySchema, response: { 200: receiptSchema } } },
    async (request) => uphold(ctx(request), request.params.id, request.body),
  );
  api.get(
    '/assignments/:id/history',
    { schema: { params: idParamsSchema, response: { 200: listOf(assignmentEventSchema) } } },
    async (request) => ({ items: await assignmentHistory(ctx(request), request.params.id) }),
  );
}
