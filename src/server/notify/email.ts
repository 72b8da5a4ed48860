// E-mail over SMTP (nodemailer): one plain-text message, UTF-8 subject and body, bounded in time, a
// transport of its own per send (digests are at most one a person a day; no pool to go stale).
// The SMTP server is operator configuration, not user input, so it is not put through the webhook
// SSRF check; an intranet relay is the usual case.

import { createTransport, type SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { ChannelError, type OutboundMessage } from './types.js';

export interface SmtpConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 (TLS from the start). */
  url: string;
  /** The From header, e.g. `"区政府督查室" <duban@example.gov.cn>`. */
  from: string;
}

export interface EmailOptions {
  /** Limit for connecting, for the greeting and for each wait on the server, in ms. Default 15 s. */
  timeoutMs?: number;
}

export const SMTP_TIMEOUT_MS = 15_000;
/** The whole exchange may take this many times timeoutMs before it is abandoned. */
const TOTAL_TIMEOUT_FACTOR = 4;

type Classified = { code: string; retryable: boolean; zh: string; en: string };

/**
 * Sort a nodemailer error into what the admin is told and whether a later attempt may succeed: network
 * trouble, timeouts and SMTP 4xx replies are transient; bad credentials, TLS failures and 5xx replies
 * (RFC 5321: permanent, except 503 bad sequence) are not.
 */
export function classifySmtpError(error: unknown): Classified {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (code === 'EAUTH' || code === 'ENOAUTH' || code === 'EOAUTH2') {
    return {
      code: 'smtp_auth_failed',
      retryable: false,
      zh: '邮件服务器拒绝了登录，请检查用户名和密码。',
      en: 'The mail server refused the login; check the user name and password.',
    };
  }
  if (code === 'ETLS' || code === 'EREQUIRETLS') {
    return {
      code: 'smtp_tls',
      retryable: false,
      zh: '与邮件服务器建立加密连接失败。',
      en: 'The encrypted connection to the mail server failed.',
    };
  }
  if (code === 'ECONFIG') {
    return {
      code: 'smtp_config_invalid',
      retryable: false,
      zh: '邮件服务器配置无效。',
      en: 'The mail server configuration is not valid.',
    };
  }
  if (code === 'ETIMEDOUT' || code === 'EABORT') {
    return {
      code: 'smtp_timeout',
      retryable: true,
      zh: '邮件服务器没有及时应答。',
      en: 'The mail server did not answer in time.',
    };
  }
  if (reply !== undefined) {
    const transient = reply === 421 || reply === 503 || (reply >= 400 && reply < 500);
    return {
      code: 'smtp_rejected',
      retryable: transient,
      zh: `邮件服务器拒绝了邮件（${reply}）。`,
      en: `The mail server refused the message (${reply}).`,
    };
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE') {
    return {
      code: 'smtp_rejected',
      retryable: false,
      zh: '邮件的发件人、收件人或内容无效。',
      en: 'The sender, the recipients or the content of the message is not valid.',
    };
  }
  return {
    code: 'smtp_unreachable',
    retryable: true,
    zh: '无法连接邮件服务器。',
    en: 'Could not reach the mail server.',
  };
}

function configError(zh: string, en: string): ChannelError {
  return new ChannelError('smtp_config_invalid', { zh, en }, { channel: 'email', retryable: false, status: 400 });
}

function checkConfig(config: SmtpConfig, to: string): void {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw configError('邮件服务器地址不是有效的网址。', 'The SMTP URL is not a valid URL.');
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '') {
    throw configError(
      '邮件服务器地址必须是 smtp:// 或 smtps:// 开头的网址。',
      'The SMTP URL must start with smtp:// or smtps://.',
    );
  }
  if (!config.from?.trim()) throw configError('没有配置发件人地址。', 'No sender (From) address is configured.');
  if (!to.trim() || /[\r\n]/.test(to)) throw configError('收件人地址无效。', 'The recipient address is not valid.');
}

/** Send one plain-text e-mail. Resolves when the server accepted it; otherwise throws ChannelError. */
export async function sendEmail(
  config: SmtpConfig,
  to: string,
  msg: OutboundMessage,
  opts: EmailOptions = {},
): Promise<void> {
  checkConfig(config, to);
  const timeoutMs = opts.timeoutMs ?? SMTP_TIMEOUT_MS;
  const options: SMTPTransport.Options = {
    url: config.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // The message is ours, but nothing in it should ever make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  const transport = createTransport(options);
  // nodemailer honours an AbortSignal on sendMail; @types/nodemailer does not declare it yet.
  const mail: SendMailOptions & { signal: AbortSignal } = {
    from: config.from,
    to,
    subject: msg.title,
    text: msg.text,
    signal: AbortSignal.timeout(timeoutMs * TOTAL_TIMEOUT_FACTOR),
  };
  try {
    await transport.sendMail(mail);
  } catch (error) {
    const c = classifySmtpError(error);
    const e = error as { code?: unknown; responseCode?: unknown; response?: unknown };
    throw new ChannelError(
      c.code,
      { zh: c.zh, en: c.en },
      {
        channel: 'email',
        retryable: c.retryable,
        details: {
          error: typeof e.code === 'string' ? e.code : undefined,
          smtpReply: typeof e.responseCode === 'number' ? e.responseCode : undefined,
          response: typeof e.response === 'string' ? e.response.slice(0, 200) : undefined,
        },
        cause: error,
      },
    );
  } finally {
    transport.close();
  }
}
