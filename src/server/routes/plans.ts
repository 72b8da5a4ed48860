// /plans, /tasks and /my/assignments: reading the plan; POST /plans/:id/tasks: 交办 (a task added during the year); /tasks/:id/rhythm and /sections/:id/rhythm: 报送频次.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  addTaskBodySchema,
  idParamsSchema,
  listOf,
  planDetailSchema,
  planSchema,
  rhythmBodySchema,
  rhythmResultSchema,
  taskDetailSchema,
  taskListQuerySchema,
  taskListSchema,
} from '../../api/v1.js';
import { addTask } from '../services/added-tasks.js';
import { getPlan, getTask, listPlans, listTasks, myAssignments } from '../services/plans.js';
import { setRhythm } from '../services/rhythm.js';
import { ctxOf } from './context.js';

export async function planRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);

  api.get('/plans', { schema: { response: { 200: listOf(planSchema) } } }, async (request) => ({
    items: await listPlans(ctx(request)),
  }));
  api.get('/plans/:id', { schema: { params: idParamsSchema, response: { 200: planDetailSchema } } }, async (request) =>
    getPlan(ctx(request), request.params.id),
  );
  api.get(
    '/tasks',
    { schema: { querystring: taskListQuerySchema, response: { 200: taskListSchema } } },
    async (request) => listTasks(ctx(request), request.query),
  );
  api.get('/tasks/:id', { schema: { params: idParamsSchema, response: { 200: taskDetailSchema } } }, async (request) =>
    getTask(ctx(request), request.params.id),
  );
  api.get(
    '/my/assignments',
    { schema: { querystring: taskListQuerySchema, response: { 200: taskListSchema } } },
    async (request) => myAssignments(ctx(request), request.query),
  );
  api.post(
    '/plans/:id/tasks',
    { schema: { params: idParamsSchema, body: addTaskBodySchema, response: { 200: taskDetailSchema } } },
    async (request) => addTask(ctx(request), request.params.id, request.body),
  );
  const rhythm = { params: idParamsSchema, body: rhythmBodySchema, response: { 200: rhythmResultSchema } };
  api.put('/tasks/:id/rhythm', { schema: rhythm }, async (request) =>
    setRhythm(ctx(request), { taskId: request.params.id }, request.body),
  );
  api.put('/sections/:id/rhythm', { schema: rhythm }, async (request) =>
    setRhythm(ctx(request), { sectionId: request.params.id }, request.body),
  );
}
