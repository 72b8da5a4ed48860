// /bulletins: 通报 — generate a draft for a period, edit it, submit it for 签发, the approver signs it off or
// returns it, publish it (frozen), correct a published one with a numbered 更正, download .docx / .xlsx.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  bulletinApproverSchema,
  bulletinListQuerySchema,
  bulletinSchema,
  bulletinSummarySchema,
  createBulletinBodySchema,
  createCorrectionBodySchema,
  publishBulletinBodySchema,
  returnBulletinBodySchema,
  submitBulletinSignoffBodySchema,
  updateBulletinBodySchema,
} from '../../api/bulletins.js';
import { idParamsSchema, listOf } from '../../api/v1.js';
import { bulletinDocx, bulletinXlsx } from '../documents/bulletin.js';
import {
  createBulletin,
  createCorrection,
  getBulletin,
  listBulletinApprovers,
  listBulletins,
  publishBulletin,
  regenerateBulletin,
  returnBulletin,
  signOffBulletin,
  submitBulletinSignoff,
  updateBulletin,
} from '../services/bulletins.js';
import { ctxOf } from './context.js';

const attachment = (name: string) => `attachment; filename="bulletin"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function bulletinRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);
  const one = { params: idParamsSchema, response: { 200: bulletinSchema } };

  api.get(
    '/bulletins',
    { schema: { querystring: bulletinListQuerySchema, response: { 200: listOf(bulletinSummarySchema) } } },
    async (r) => ({ items: await listBulletins(ctx(r), r.query.planId) }),
  );
  api.post('/bulletins', { schema: { body: createBulletinBodySchema, response: { 200: bulletinSchema } } }, async (r) =>
    createBulletin(ctx(r), r.body),
  );
  api.get('/bulletins/approvers', { schema: { response: { 200: listOf(bulletinApproverSchema) } } }, async (r) => ({
    items: await listBulletinApprovers(ctx(r)),
  }));
  api.get('/bulletins/:id', { schema: one }, async (r) => getBulletin(ctx(r), r.params.id));
  api.put('/bulletins/:id', { schema: { ...one, body: updateBulletinBodySchema } }, async (r) =>
    updateBulletin(ctx(r), r.params.id, r.body),
  );
  api.post('/bulletins/:id/regenerate', { schema: one }, async (r) => regenerateBulletin(ctx(r), r.params.id));
  api.post('/bulletins/:id/publish', { schema: { ...one, body: publishBulletinBodySchema } }, async (r) =>
    publishBulletin(ctx(r), r.params.id, r.body),
  );
  api.post('/bulletins/:id/signoff', { schema: { ...one, body: submitBulletinSignoffBodySchema } }, async (r) =>
    submitBulletinSignoff(ctx(r), r.params.id, r.body),
  );
  api.post('/bulletins/:id/approve', { schema: one }, async (r) => signOffBulletin(ctx(r), r.params.id));
  api.post('/bulletins/:id/return', { schema: { ...one, body: returnBulletinBodySchema } }, async (r) =>
    returnBulletin(ctx(r), r.params.id, r.body),
  );
  api.post('/bulletins/:id/corrections', { schema: { ...one, body: createCorrectionBodySchema } }, async (r) =>
    createCorrection(ctx(r), r.params.id, r.body),
  );
  api.get('/bulletins/:id/bulletin.docx', { schema: { params: idParamsSchema } }, async (r, reply) => {
    const b = await getBulletin(ctx(r), r.params.id);
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', attachment(`${b.number ?? '通报草稿'}.docx`))
      .send(await bulletinDocx(b));
  });
  api.get('/bulletins/:id/bulletin.xlsx', { schema: { params: idParamsSchema } }, async (r, reply) => {
    const b = await getBulletin(ctx(r), r.params.id);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachment(`${b.number ?? '通报草稿'}.xlsx`))
      .send(await bulletinXlsx(b));
  });
}
