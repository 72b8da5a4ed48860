// Supervision: dashboard, the supervised task list and its export, reminders and
// notifications, deliveries and the scheduler, settings, unit group robots, 督办单, 办结销号.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createLagReasonBodySchema,
  lagReasonListSchema,
  lagReasonParamsSchema,
  lagReasonSchema,
  updateLagReasonBodySchema,
} from '../../api/lag-reasons.js';
import { qualitySettingsSchema } from '../../api/quality.js';
import {
  closeoutListQuerySchema,
  closeoutSchema,
  closeSupervisionNoticeBodySchema,
  type Dashboard,
  dashboardQuerySchema,
  dashboardSchema,
  decideCloseoutBodySchema,
  deliveryQuerySchema,
  deliverySchema,
  issueSupervisionNoticeBodySchema,
  markReadBodySchema,
  notificationListSchema,
  remindBodySchema,
  requestCloseoutBodySchema,
  respondSupervisionNoticeBodySchema,
  schedulerRunSchema,
  supervisedTaskListSchema,
  supervisedTaskQuerySchema,
  supervisionNoticeListQuerySchema,
  supervisionNoticeSchema,
  supervisionSettingsSchema,
  taskOverviewSchema,
  webhookBodySchema,
  webhookSchema,
} from '../../api/supervision.js';
import { idParamsSchema, listOf } from '../../api/v1.js';
import { supervisionNoticeDocx } from '../documents/supervision-notice.js';
import { authorize } from '../policy.js';
import { getWebhook, listDeliveries, setWebhook } from '../services/channels.js';
import { decideCloseout, listCloseouts, requestCloseout } from '../services/closeouts.js';
import { dashboard } from '../services/dashboard.js';
import { createLagReason, listLagReasons, updateLagReason } from '../services/lag-reasons.js';
import { markRead, myNotifications, remind } from '../services/notifications.js';
import { outboundChannels } from '../services/outbound.js';
import { getQualitySettings, updateQualitySettings } from '../services/quality.js';
import { runScheduler } from '../services/reminders.js';
import { getSupervisionSettings, updateSupervisionSettings } from '../services/settings.js';
import { exportSupervisedTasks, listSupervisedTasks } from '../services/supervised-tasks.js';
import {
  closeSupervisionNotice,
  getSupervisionNotice,
  issueSupervisionNotice,
  listSupervisionNotices,
  respondSupervisionNotice,
} from '../services/supervision-notices.js';
import { taskOverview } from '../services/task-overview.js';
import { ctxOf } from './context.js';

const attachment = (name: string) => `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** The JSON of each kept dashboard answer, for as long as the answer is kept. */
const serialized = new WeakMap<object, string>();

export async function supervisionRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof ctxOf>[0]) => ctxOf(request, app);
  const channels = outboundChannels(app.deps.config);

  api.get(
    '/dashboard',
    { schema: { querystring: dashboardQuerySchema, response: { 200: dashboardSchema } } },
    async (r, reply) => {
      const answer = await dashboard(ctx(r), r.query.planId);
      // One answer is given to every reader until the next change (services/dashboard.ts): its JSON (~120 KB on
      // the demo) is written once too, by the route's own serializer, and sent as it is.
      let json = serialized.get(answer);
      if (json === undefined) {
        json = reply.serialize(answer) as string;
        serialized.set(answer, json);
      }
      // A string with a JSON content type is sent as it is (Fastify serializes only objects).
      return reply.type('application/json; charset=utf-8').send(json as unknown as Dashboard);
    },
  );
  api.get(
    '/supervision/tasks',
    { schema: { querystring: supervisedTaskQuerySchema, response: { 200: supervisedTaskListSchema } } },
    async (r) => listSupervisedTasks(ctx(r), r.query),
  );
  // The task page's hub: the task's light and why, and each unit's latest signed status and links.
  api.get(
    '/tasks/:id/overview',
    { schema: { params: idParamsSchema, response: { 200: taskOverviewSchema } } },
    async (r) => taskOverview(ctx(r), r.params.id),
  );
  api.get('/supervision/tasks.xlsx', { schema: { querystring: supervisedTaskQuerySchema } }, async (r, reply) => {
    const bytes = await exportSupervisedTasks(ctx(r), r.query);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachment('任务清单.xlsx'))
      .send(bytes);
  });

  api.post(
    '/reminders',
    {
      schema: {
        body: remindBodySchema,
        response: { 200: z.object({ units: z.number().int(), notified: z.number().int() }) },
      },
    },
    async (r) => remind(ctx(r), r.body),
  );
  api.get('/notifications', { schema: { response: { 200: notificationListSchema } } }, async (r) =>
    myNotifications(ctx(r)),
  );
  api.post(
    '/notifications/read',
    { schema: { body: markReadBodySchema, response: { 200: notificationListSchema } } },
    async (r) => markRead(ctx(r), r.body),
  );
  api.get(
    '/deliveries',
    { schema: { querystring: deliveryQuerySchema, response: { 200: listOf(deliverySchema) } } },
    async (r) => ({ items: await listDeliveries(ctx(r), r.query.status) }),
  );
  api.post('/scheduler/run', { schema: { response: { 200: schedulerRunSchema } } }, async (r) => {
    const c = ctx(r);
    authorize(c.actor, 'supervision.manage');
    return runScheduler(c.db, c.clock(), channels);
  });

  api.get('/settings/supervision', { schema: { response: { 200: supervisionSettingsSchema } } }, async (r) =>
    getSupervisionSettings(ctx(r)),
  );
  api.put(
    '/settings/supervision',
    { schema: { body: supervisionSettingsSchema, response: { 200: supervisionSettingsSchema } } },
    async (r) => updateSupervisionSettings(ctx(r), r.body),
  );

  // Report quality flags (报送质量提示): the threshold, the stock phrases, the statuses that need evidence.
  api.get('/settings/quality', { schema: { response: { 200: qualitySettingsSchema } } }, async (r) =>
    getQualitySettings(ctx(r)),
  );
  api.put(
    '/settings/quality',
    { schema: { body: qualitySettingsSchema, response: { 200: qualitySettingsSchema } } },
    async (r) => updateQualitySettings(ctx(r), r.body),
  );

  // The office's list of reasons for lagging (滞后原因), part of the supervision settings.
  api.get('/settings/lag-reasons', { schema: { response: { 200: lagReasonListSchema } } }, async (r) => ({
    items: await listLagReasons(ctx(r)),
  }));
  api.post(
    '/settings/lag-reasons',
    { schema: { body: createLagReasonBodySchema, response: { 200: lagReasonSchema } } },
    async (r) => createLagReason(ctx(r), r.body),
  );
  api.patch(
    '/settings/lag-reasons/:key',
    {
      schema: {
        params: lagReasonParamsSchema,
        body: updateLagReasonBodySchema,
        response: { 200: lagReasonSchema },
      },
    },
    async (r) => updateLagReason(ctx(r), r.params.key, r.body),
  );

  api.get('/units/:id/webhook', { schema: { params: idParamsSchema, response: { 200: webhookSchema } } }, async (r) =>
    getWebhook(ctx(r), r.params.id),
  );
  api.put(
    '/units/:id/webhook',
    { schema: { params: idParamsSchema, body: webhookBodySchema, response: { 200: webhookSchema } } },
    async (r) => setWebhook(ctx(r), r.params.id, r.body, app.deps.config.webhookAllowPrivate ?? false),
  );

  const notice = { params: idParamsSchema, response: { 200: supervisionNoticeSchema } };
  api.get(
    '/supervision-notices',
    { schema: { querystring: supervisionNoticeListQuerySchema, response: { 200: listOf(supervisionNoticeSchema) } } },
    async (r) => ({ items: await listSupervisionNotices(ctx(r), r.query) }),
  );
  api.post(
    '/supervision-notices',
    { schema: { body: issueSupervisionNoticeBodySchema, response: { 200: supervisionNoticeSchema } } },
    async (r) => issueSupervisionNotice(ctx(r), r.body),
  );
  api.get('/supervision-notices/:id', { schema: notice }, async (r) => getSupervisionNotice(ctx(r), r.params.id));
  api.post(
    '/supervision-notices/:id/respond',
    { schema: { ...notice, body: respondSupervisionNoticeBodySchema } },
    async (r) => respondSupervisionNotice(ctx(r), r.params.id, r.body),
  );
  api.post(
    '/supervision-notices/:id/close',
    { schema: { ...notice, body: closeSupervisionNoticeBodySchema } },
    async (r) => closeSupervisionNotice(ctx(r), r.params.id, r.body),
  );
  api.get('/supervision-notices/:id/notice.docx', { schema: { params: idParamsSchema } }, async (r, reply) => {
    const n = await getSupervisionNotice(ctx(r), r.params.id);
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', attachment(`${n.number}.docx`))
      .send(await supervisionNoticeDocx(n));
  });

  api.get(
    '/closeouts',
    { schema: { querystring: closeoutListQuerySchema, response: { 200: listOf(closeoutSchema) } } },
    async (r) => ({ items: await listCloseouts(ctx(r), r.query.status) }),
  );
  api.post(
    '/closeouts',
    { schema: { body: requestCloseoutBodySchema, response: { 200: closeoutSchema } } },
    async (r) => requestCloseout(ctx(r), r.body),
  );
  api.post(
    '/closeouts/:id/decide',
    { schema: { params: idParamsSchema, body: decideCloseoutBodySchema, response: { 200: closeoutSchema } } },
    async (r) => decideCloseout(ctx(r), r.params.id, r.body),
  );
}
