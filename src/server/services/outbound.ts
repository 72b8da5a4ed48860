// The outbound channels as the scheduler sees them, built from the configuration: e-mail when SMTP is
// configured, and the units' group robots (WeCom / DingTalk) through the SSRF-guarded sender.

import type { Config } from '../config.js';
import { ChannelError, sendVia } from '../notify/index.js';
import type { OutboundChannels } from './reminders.js';

export type ChannelConfig = Partial<Pick<Config, 'smtpUrl' | 'mailFrom' | 'webhookAllowPrivate'>>;

export function outboundChannels(config: ChannelConfig): OutboundChannels {
  const policy = { allowPrivate: config.webhookAllowPrivate ?? false, allowHttp: config.webhookAllowPrivate ?? false };
  return {
    email: Boolean(config.smtpUrl),
    async send(target, message) {
      if (target.kind === 'email') {
        if (!config.smtpUrl) {
          throw new ChannelError(
            'smtp_not_configured',
            { zh: '未配置邮件服务器（DUBAN_SMTP_URL）。', en: 'No mail server is configured (DUBAN_SMTP_URL).' },
            { channel: 'email', retryable: false, status: 400 },
          );
        }
        await sendVia(
          { kind: 'email', to: target.to, config: { url: config.smtpUrl, from: config.mailFrom ?? 'duban@localhost' } },
          message,
        );
        return;
      }
      if (target.kind === 'wecom') await sendVia({ kind: 'wecom', url: target.url }, message, policy);
      else
        await sendVia(
          { kind: 'dingtalk', url: target.url, ...(target.secret ? { secret: target.secret } : {}) },
          message,
          policy,
        );
    },
  };
}
