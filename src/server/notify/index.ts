// The outbound channels for reminders: one entry point, sendVia, over e-mail (SMTP), WeCom and
// DingTalk group robots. It sends and nothing else: the reminder jobs decide what to send, record each
// attempt, and retry a ChannelError whose `retryable` is true on the schedule in retry.ts.

import { type EmailOptions, type SmtpConfig, sendEmail } from './email.js';
import { ChannelError, type OutboundMessage } from './types.js';
import { sendDingtalk, sendWecom, type WebhookOptions } from './webhook.js';

export { classifySmtpError, type EmailOptions, SMTP_TIMEOUT_MS, type SmtpConfig, sendEmail } from './email.js';
export {
  DEFAULT_RETRY_SCHEDULE,
  MAX_ATTEMPTS,
  nextAttemptDelay,
  RETRY_DELAYS_MS,
  type RetrySchedule,
} from './retry.js';
export {
  assertWebhookUrl,
  checkWebhookUrl,
  guardedLookup,
  isPublicAddress,
  type Resolver,
  systemResolver,
  WEBHOOK_URL_INVALID,
  type WebhookUrlPolicy,
} from './ssrf.js';
export { ChannelError, type ChannelKind, isRetryable, type OutboundMessage } from './types.js';
export {
  dingtalkPayload,
  dingtalkSign,
  sendDingtalk,
  sendWecom,
  WEBHOOK_TIMEOUT_MS,
  type WebhookOptions,
  wecomPayload,
} from './webhook.js';

export type Channel =
  | { kind: 'email'; to: string; config: SmtpConfig }
  | { kind: 'wecom'; url: string }
  | { kind: 'dingtalk'; url: string; secret?: string };

/**
 * Options for every channel. allowPrivate and allowHttp (webhooks only) default to false and belong
 * to tests or to an operator who deliberately points a robot at an intranet relay.
 */
export type SendOptions = WebhookOptions & EmailOptions;

/** Send one message through one channel. Resolves { ok: true } or throws ChannelError. */
export async function sendVia(channel: Channel, msg: OutboundMessage, opts: SendOptions = {}): Promise<{ ok: true }> {
  if (!msg.title.trim() || !msg.text.trim()) {
    throw new ChannelError(
      'message_empty',
      { zh: '提醒消息的标题和正文不能为空。', en: 'A reminder needs a title and a body.' },
      { channel: channel.kind, retryable: false, status: 400 },
    );
  }
  switch (channel.kind) {
    case 'email':
      await sendEmail(channel.config, channel.to, msg, opts);
      break;
    case 'wecom':
      await sendWecom(channel.url, msg, opts);
      break;
    case 'dingtalk':
      await sendDingtalk(channel.url, channel.secret, msg, opts);
      break;
  }
  return { ok: true };
}

/**
 * Where a channel delivers, safe to record and show: the address for e-mail, the platform and host for
 * a robot (a robot URL's query string is its key and is never shown).
 */
export function channelTarget(channel: Channel): string {
  if (channel.kind === 'email') return channel.to;
  let host = '?';
  try {
    host = new URL(channel.url).host;
  } catch {
    // An unparseable URL is reported by sendVia; here it only needs a label.
  }
  return `${channel.kind}:${host}`;
}
