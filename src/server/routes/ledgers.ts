// /assignments/:id/ledger, milestones, local targets, review, and the office's completeness view.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idParamsSchema,
  idSchema,
  ledgerCompletenessSchema,
  ledgerSchema,
  listOf,
  localTargetsBodySchema,
  milestoneBodySchema,
  returnLedgerBodySchema,
  updateLedgerBodySchema,
  updateMilestoneBodySchema,
} from '../../api/v1.js';
import {
  addMilestone,
  deleteMilestone,
  getLedger,
  ledgerCompleteness,
  reviewLedger,
  setLocalTargets,
  submitLedger,
  updateLedger,
  updateMilestone,
} from '../services/ledgers.js';
import { ctxOf } from './context.js';

export async function ledgerRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);
  const one = { params: idParamsSchema, response: { 200: ledgerSchema } };

  api.get('/assignments/:id/ledger', { schema: one }, async (r) => getLedger(ctx(r), r.params.id));
  api.put('/assignments/:id/ledger', { schema: { ...one, body: updateLedgerBodySchema } }, async (r) =>
    updateLedger(ctx(r), r.params.id, r.body),
  );
  api.post('/assignments/:id/milestones', { schema: { ...one, body: milestoneBodySchema } }, async (r) =>
    addMilestone(ctx(r), r.params.id, r.body),
  );
  api.patch('/milestones/:id', { schema: { ...one, body: updateMilestoneBodySchema } }, async (r) =>
    updateMilestone(ctx(r), r.params.id, r.body),
  );
  api.delete('/milestones/:id', { schema: one }, async (r) => deleteMilestone(ctx(r), r.params.id));
  api.put('/assignments/:id/local-targets', { schema: { ...one, body: localTargetsBodySchema } }, async (r) =>
    setLocalTargets(ctx(r), r.params.id, r.body.targets),
  );
  api.post('/assignments/:id/ledger/submit', { schema: one }, async (r) => submitLedger(ctx(r), r.params.id));
  api.post('/assignments/:id/ledger/return', { schema: { ...one, body: returnLedgerBodySchema } }, async (r) =>
    reviewLedger(ctx(r), r.params.id, { reason: r.body.reason }),
  );
  api.post('/assignments/:id/ledger/confirm', { schema: one }, async (r) =>
    reviewLedger(ctx(r), r.params.id, { confirm: true }),
  );
  api.get(
    '/ledgers/completeness',
    {
      schema: {
        querystring: z.object({ planId: idSchema.optional() }),
        response: { 200: listOf(ledgerCompletenessSchema) },
      },
    },
    async (r) => ({ items: await ledgerCompleteness(ctx(r), r.query.planId) }),
  );
}
