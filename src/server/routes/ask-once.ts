// /assignments/:id/given and /item-reports/:id/evidence/reuse: 最多报一次 — what a unit gave in a period, for
// pre-filling; a file it uploaded, attached again by reference.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { givenFactsQuerySchema, givenFactsSchema, reuseEvidenceBodySchema } from '../../api/ask-once.js';
import { idParamsSchema, submissionSchema } from '../../api/v1.js';
import { givenFacts } from '../services/ask-once.js';
import { reuseEvidence } from '../services/evidence.js';
import { getSubmission } from '../services/submissions.js';
import { ctxOf } from './context.js';

export async function askOnceRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/assignments/:id/given',
    { schema: { params: idParamsSchema, querystring: givenFactsQuerySchema, response: { 200: givenFactsSchema } } },
    async (r) => givenFacts(ctxOf(r, app), r.params.id, r.query.periodId),
  );
  api.post(
    '/item-reports/:id/evidence/reuse',
    { schema: { params: idParamsSchema, body: reuseEvidenceBodySchema, response: { 200: submissionSchema } } },
    async (r) => {
      const c = ctxOf(r, app);
      return getSubmission(c, await reuseEvidence(c, r.params.id, r.body.evidenceId));
    },
  );
}
