// The admin side of outbound messages: each unit's group robot (validated against server-side request
// forgery when saved) and the record of every delivery with its failures.

import { desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { deliverySchema, webhookBodySchema } from '../../api/supervision.js';
import { deliveries, units, users } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { checkWebhookUrl } from '../notify/index.js';
import { authorize, authorizeEver } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';

type Webhook = { kind: 'wecom' | 'dingtalk' | null; url: string | null; hasSecret: boolean };

async function loadUnit(ctx: Ctx, id: string) {
  const [unit] = await ctx.db.select().from(units).where(eq(units.id, id));
  if (!unit) throw notFound('单位', 'unit');
  authorize(ctx.actor, 'webhooks.manage', { unitIds: [unit.id] });
  return unit;
}

/** The robot's URL carries its key: shown to those who may change it, never logged. */
const present = (u: typeof units.$inferSelect): Webhook => ({
  kind: u.webhookKind,
  url: u.webhookUrl,
  hasSecret: Boolean(u.webhookSecret),
});

export async function getWebhook(ctx: Ctx, unitId: string): Promise<Webhook> {
  authorizeEver(ctx.actor, 'webhooks.manage');
  return present(await loadUnit(ctx, unitId));
}

export async function setWebhook(
  ctx: Ctx,
  unitId: string,
  body: z.infer<typeof webhookBodySchema>,
  allowPrivate: boolean,
): Promise<Webhook> {
  authorizeEver(ctx.actor, 'webhooks.manage');
  const unit = await loadUnit(ctx, unitId);
  if ((body.kind === null) !== (body.url === null || body.url === '')) {
    throw badRequest(
      'webhook_incomplete',
      '请同时填写机器人类型和地址，或同时清空。',
      'Give both the robot type and its URL, or clear both.',
    );
  }
  const url =
    body.kind && body.url ? (await checkWebhookUrl(body.url, { allowPrivate, allowHttp: allowPrivate })).href : null;
  const secret =
    body.kind === 'dingtalk' ? (body.secret === undefined ? unit.webhookSecret : body.secret || null) : null;
  const [updated] = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(units)
      .set({ webhookKind: body.kind, webhookUrl: url, webhookSecret: secret })
      .where(eq(units.id, unitId))
      .returning();
    await audit(tx, ctx, {
      action: 'unit.webhook',
      subjectType: 'unit',
      subjectId: unitId,
      // The URL's query is the robot's key: the audit log records only the platform and host.
      details: { kind: body.kind, host: url ? new URL(url).host : null, secret: Boolean(secret) },
    });
    return rows;
  });
  return present(updated as typeof units.$inferSelect);
}

export async function listDeliveries(
  ctx: Ctx,
  status?: 'pending' | 'sent' | 'failed',
): Promise<z.infer<typeof deliverySchema>[]> {
  authorize(ctx.actor, 'deliveries.read');
  const rows = await ctx.db
    .select({ d: deliveries, userName: users.displayName, unitName: units.name })
    .from(deliveries)
    .leftJoin(users, eq(users.id, deliveries.recipientId))
    .leftJoin(units, eq(units.id, deliveries.recipientId))
    .where(status ? eq(deliveries.status, status) : undefined)
    .orderBy(desc(deliveries.createdAt))
    .limit(500);
  return rows.map(({ d, userName, unitName }) => ({
    id: d.id,
    channel: d.channel,
    recipient: userName ?? unitName ?? d.recipientId,
    subject: d.subject,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt.toISOString(),
    sentAt: d.sentAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  }));
}
