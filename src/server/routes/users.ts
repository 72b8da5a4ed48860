// /users: accounts, single or from an .xlsx sheet; 工作移交 of an account's open work to a colleague.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  handoverBodySchema,
  handoverPreviewSchema,
  handoverResultSchema,
  unitHandoverSchema,
} from '../../api/handover.js';
import {
  createUserBodySchema,
  idParamsSchema,
  listOf,
  updateUserBodySchema,
  userImportResultSchema,
  userSchema,
  userWithPasswordSchema,
} from '../../api/v1.js';
import { ACCOUNT_LIMITS } from '../../core/limits.js';
import { authorize } from '../policy.js';
import { handOver, previewHandover, unitHandover } from '../services/handovers.js';
import { createUser, importUsers, listUsers, updateUser } from '../services/users.js';
import { ctxOf } from './context.js';
import { readUpload } from './upload.js';

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);

  api.get('/users', { schema: { response: { 200: listOf(userSchema) } } }, async (request) => ({
    items: await listUsers(ctx(request)),
  }));
  api.post(
    '/users',
    { schema: { body: createUserBodySchema, response: { 200: userWithPasswordSchema } } },
    async (request) => createUser(ctx(request), request.body),
  );
  api.patch(
    '/users/:id',
    { schema: { params: idParamsSchema, body: updateUserBodySchema, response: { 200: userWithPasswordSchema } } },
    async (request) => updateUser(ctx(request), request.params.id, request.body),
  );
  api.post(
    '/users/import',
    {
      schema: { response: { 200: userImportResultSchema } },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request) => {
      const c = ctx(request);
      // Authorize before reading 2 MB from a caller who may not create accounts.
      authorize(c.actor, 'users.write');
      const { bytes } = await readUpload(request, ACCOUNT_LIMITS.maxBytes);
      return { created: await importUsers(c, bytes) };
    },
  );
  api.get(
    '/users/:id/handover',
    { schema: { params: idParamsSchema, response: { 200: handoverPreviewSchema } } },
    async (request) => previewHandover(ctx(request), request.params.id),
  );
  api.post(
    '/users/:id/handover',
    { schema: { params: idParamsSchema, body: handoverBodySchema, response: { 200: handoverResultSchema } } },
    async (request) => handOver(ctx(request), request.params.id, request.body),
  );
  api.get(
    '/units/:id/handover',
    { schema: { params: idParamsSchema, response: { 200: unitHandoverSchema } } },
    async (request) => unitHandover(ctx(request), request.params.id),
  );
}
