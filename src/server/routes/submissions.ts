// /periods/:id/submission, /submissions/:id/… and /item-reports/:id: the unit's period submission.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actingSignerBodySchema,
  actingSignerSchema,
  commentBodySchema,
  idempotencyHeadersSchema,
  idParamsSchema,
  idSchema,
  itemReportSaveSchema,
  reviewAcceptBodySchema,
  reviewQueueSchema,
  reviewReturnBodySchema,
  submissionSchema,
  updateItemReportBodySchema,
} from '../../api/v1.js';
import { getActingSigner, nameActingSigner, revokeActingSigner } from '../services/acting-signers.js';
import { addEvidence, MAX_EVIDENCE_BYTES, readEvidence, removeEvidence } from '../services/evidence.js';
import {
  acceptSubmission,
  getSubmission,
  leaderReturn,
  listSubmissions,
  officeReturn,
  openSubmission,
  sendForSignoff,
  signSubmission,
  submissionForm,
  updateItem,
} from '../services/submissions.js';
import { attachment, ctxOf } from './context.js';
import { readUpload } from './upload.js';

export async function submissionRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);
  const one = { params: idParamsSchema, response: { 200: submissionSchema } };

  // 代签: the unit leader names who signs for the unit in this period.
  const acting = { params: idParamsSchema, response: { 200: actingSignerSchema } };
  api.get('/periods/:id/acting-signer', { schema: acting }, async (r) => getActingSigner(ctx(r), r.params.id));
  api.put('/periods/:id/acting-signer', { schema: { ...acting, body: actingSignerBodySchema } }, async (r) =>
    nameActingSigner(ctx(r), r.params.id, r.body),
  );
  api.delete('/periods/:id/acting-signer', { schema: acting }, async (r) => revokeActingSigner(ctx(r), r.params.id));
  api.get(
    '/periods/:id/submission',
    { schema: { ...one, querystring: z.object({ unitId: idSchema.optional() }) } },
    async (r) => openSubmission(ctx(r), r.params.id, r.query.unitId),
  );
  api.get(
    '/periods/:id/submissions',
    { schema: { params: idParamsSchema, response: { 200: reviewQueueSchema } } },
    async (r) => listSubmissions(ctx(r), r.params.id),
  );
  api.get('/submissions/:id', { schema: one }, async (r) => getSubmission(ctx(r), r.params.id));
  // The autosave answers the saved item and its package's state, not the whole package.
  api.patch(
    '/item-reports/:id',
    {
      schema: { params: idParamsSchema, body: updateItemReportBodySchema, response: { 200: itemReportSaveSchema } },
    },
    async (r) => updateItem(ctx(r), r.params.id, r.body),
  );
  api.get('/submissions/:id/form.docx', { schema: { params: idParamsSchema } }, async (r, reply) => {
    const { pkg, bytes } = await submissionForm(ctx(r), r.params.id);
    const name = encodeURIComponent(`${pkg.unit.name}${pkg.period.label}报送单.docx`);
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="submission.docx"; filename*=UTF-8''${name}`)
      .send(bytes);
  });
  api.post(
    '/item-reports/:id/evidence',
    { schema: one, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (r) => {
      const c = ctx(r);
      const file = await readUpload(r, MAX_EVIDENCE_BYTES);
      return getSubmission(c, await addEvidence(c, app.deps.config.dataDir, r.params.id, file));
    },
  );
  api.delete('/evidence/:id', { schema: one }, async (r) => {
    const c = ctx(r);
    return getSubmission(c, await removeEvidence(c, app.deps.config.dataDir, r.params.id));
  });
  api.get('/evidence/:id', { schema: { params: idParamsSchema } }, async (r, reply) => {
    const file = await readEvidence(ctx(r), app.deps.config.dataDir, r.params.id);
    // Always a download, never rendered inline (an uploaded file cannot become a page of ours).
    return reply.type(file.mime).header('content-disposition', attachment(file.fileName, 'evidence')).send(file.bytes);
  });
  const retryable = { ...one, headers: idempotencyHeadersSchema };
  api.post('/submissions/:id/send', { schema: retryable }, async (r) =>
    sendForSignoff(ctx(r), r.params.id, r.headers['idempotency-key']),
  );
  api.post('/submissions/:id/sign', { schema: retryable }, async (r) =>
    signSubmission(ctx(r), r.params.id, r.headers['idempotency-key']),
  );
  api.post('/submissions/:id/leader-return', { schema: { ...one, body: commentBodySchema } }, async (r) =>
    leaderReturn(ctx(r), r.params.id, r.body.comment),
  );
  // The body is optional (a bare 通过 records no verification).
  api.post('/submissions/:id/accept', { schema: { ...one, body: reviewAcceptBodySchema.nullish() } }, async (r) =>
    acceptSubmission(ctx(r), r.params.id, r.body ?? { verifications: [] }),
  );
  api.post('/submissions/:id/return', { schema: { ...one, body: reviewReturnBodySchema } }, async (r) =>
    officeReturn(ctx(r), r.params.id, r.body),
  );
}
