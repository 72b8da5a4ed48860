// Group-robot webhooks: WeCom (企业微信群机器人) and DingTalk (钉钉自定义机器人), markdown messages.
//   WeCom:    POST {"msgtype":"markdown","markdown":{"content":"…"}}; content ≤ 4096 bytes UTF-8.
//   DingTalk: POST {"msgtype":"markdown","markdown":{"title":"…","text":"…"}}; with a 加签 secret the URL
//             gets `timestamp` (ms since the epoch) and `sign` = urlencode(base64(HmacSHA256(secret,
//             `${timestamp}\n${secret}`))).
// Both answer HTTP 200 with {"errcode":0,"errmsg":"ok"} on success and a non-zero errcode otherwise.
// One request per send: a fresh connection (no shared pool), the SSRF-guarded lookup, a deadline for the
// whole exchange, a cap on the response size, and no redirects followed. The URL is never put in an error:
// its query string is the robot's key.

import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { DubanError } from '../../core/errors.js';
import { settleOnce } from '../settle-once.js';
import {
  assertWebhookUrl,
  BlockedAddressError,
  blockedAddressToDubanError,
  guardedLookup,
  type Resolver,
  systemResolver,
  type WebhookUrlPolicy,
} from './ssrf.js';
import { ChannelError, type OutboundMessage } from './types.js';

export type WebhookKind = 'wecom' | 'dingtalk';

export interface WebhookOptions extends Partial<WebhookUrlPolicy> {
  /** Deadline for connect + request + response, in ms. Default 10 s. */
  timeoutMs?: number;
  /** Larger responses are cut off and count as a bad response. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Clock for DingTalk's signature timestamp (ms since the epoch). Default Date.now. */
  now?: () => number;
  /** How host names are resolved (every address is checked before connecting). Default: the system resolver. */
  resolver?: Resolver;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;
/** WeCom's documented limit for markdown.content. */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;

const NAMES: Record<WebhookKind, { zh: string; en: string }> = {
  wecom: { zh: '企业微信', en: 'WeCom' },
  dingtalk: { zh: '钉钉', en: 'DingTalk' },
};

// errcodes that mean "not now" rather than "not like this".
const RETRYABLE_ERRCODES: Record<WebhookKind, ReadonlySet<number>> = {
  // -1 系统繁忙; 45009 接口调用超过限制 (a robot may send 20 messages a minute); 45033 接口并发调用超过限制.
  wecom: new Set([-1, 45009, 45033]),
  // -1 系统繁忙; 130101 send too fast (20 a minute, then throttled for 10 minutes); 90030 webhook over limit.
  dingtalk: new Set([-1, 130101, 90030]),
};

const TRUNCATED = '\n\n……（内容过长，已截断）';

/** Cut a string to at most maxBytes of UTF-8 without splitting a character, marking the cut. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(TRUNCATED, 'utf8');
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end) + TRUNCATED;
}

export function wecomPayload(msg: OutboundMessage): { msgtype: 'markdown'; markdown: { content: string } } {
  return {
    msgtype: 'markdown',
    markdown: { content: truncateUtf8(`**${msg.title}**\n${msg.text}`, WECOM_MARKDOWN_MAX_BYTES) },
  };
}

export function dingtalkPayload(msg: OutboundMessage): {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
} {
  // The title only shows in the conversation list; the message itself shows text, so it repeats the title.
  return { msgtype: 'markdown', markdown: { title: msg.title, text: `### ${msg.title}\n\n${msg.text}` } };
}

/** DingTalk's signature, base64 (URL-encode it when putting it in a query string; URLSearchParams does). */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** The DingTalk robot URL with `timestamp` and `sign` set (replacing any already there). */
export function signDingtalkUrl(url: URL, secret: string, timestamp: number): URL {
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestamp));
  signed.searchParams.set('sign', dingtalkSign(secret, timestamp));
  return signed;
}

class DeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`no complete answer within ${ms} ms`);
  }
}

class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes`);
  }
}

interface RawResponse {
  status: number;
  body: string;
}

interface Resolved {
  allowPrivate: boolean;
  allowHttp: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
  resolver: Resolver;
}

function postJson(url: URL, payload: unknown, o: Resolved): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(JSON.stringify(payload), 'utf8');
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      // A connection of its own: a pooled socket might have been opened without the guarded lookup.
      agent: false,
      lookup: guardedLookup(o, o.resolver),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': body.length,
        accept: 'application/json',
        'user-agent': 'duban-notify',
      },
    });
    const settle = settleOnce(() => clearTimeout(timer));
    const fail = (error: Error) => {
      settle(() => reject(error));
      request.destroy();
    };
    const timer = setTimeout(() => fail(new DeadlineError(o.timeoutMs)), o.timeoutMs);
    request.on('error', (error) => settle(() => reject(error)));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        // Redirects are not followed and error pages are not read: the status says enough.
        settle(() => resolve({ status, body: '' }));
        request.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > o.maxResponseBytes) fail(new ResponseTooLargeError(o.maxResponseBytes));
        else chunks.push(chunk);
      });
      response.on('end', () => settle(() => resolve({ status, body: Buffer.concat(chunks).toString('utf8') })));
      response.on('error', (error) => settle(() => reject(error)));
      response.on('close', () => settle(() => reject(new Error('connection closed before the response ended'))));
    });
    request.end(body);
  });
}

const TLS_CONFIG_ERROR = /^(CERT_|ERR_TLS_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_)/;

function networkError(kind: WebhookKind, error: unknown): ChannelError {
  const name = NAMES[kind];
  if (error instanceof BlockedAddressError) return invalidAddress(kind, blockedAddressToDubanError(error), error);
  if (error instanceof DeadlineError) {
    return new ChannelError(
      'webhook_timeout',
      {
        zh: `${name.zh}机器人在 ${error.ms / 1000} 秒内没有应答。`,
        en: `The ${name.en} robot did not answer within ${error.ms / 1000} s.`,
      },
      { channel: kind, retryable: true, details: { timeoutMs: error.ms }, cause: error },
    );
  }
  if (error instanceof ResponseTooLargeError) {
    return new ChannelError(
      'webhook_bad_response',
      {
        zh: `${name.zh}机器人的应答过大，地址可能配置有误。`,
        en: `The ${name.en} robot's answer is too large; the URL may be wrong.`,
      },
      { channel: kind, retryable: false, details: { limit: error.limit }, cause: error },
    );
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && TLS_CONFIG_ERROR.test(code)) {
    return new ChannelError(
      'webhook_tls',
      { zh: `${name.zh}机器人地址的 TLS 证书无效。`, en: `The ${name.en} robot's TLS certificate is not valid.` },
      { channel: kind, retryable: false, details: { error: code }, cause: error },
    );
  }
  return new ChannelError(
    'webhook_unreachable',
    { zh: `无法连接${name.zh}机器人。`, en: `Could not reach the ${name.en} robot.` },
    { channel: kind, retryable: true, details: { error: code ?? (error as Error | undefined)?.message }, cause: error },
  );
}

function responseError(kind: WebhookKind, response: RawResponse): ChannelError | null {
  const name = NAMES[kind];
  const { status } = response;
  if (status >= 300 && status < 400) {
    return new ChannelError(
      'webhook_redirect',
      {
        zh: `${name.zh}机器人地址返回了跳转（HTTP ${status}），未跟随；请填写机器人的原始地址。`,
        en: `The ${name.en} robot URL answered with a redirect (HTTP ${status}), which is not followed; use the robot's own URL.`,
      },
      { channel: kind, retryable: false, details: { httpStatus: status } },
    );
  }
  if (status < 200 || status >= 300) {
    const retryable = status === 408 || status === 429 || status >= 500;
    return new ChannelError(
      'webhook_http_error',
      { zh: `${name.zh}机器人返回 HTTP ${status}。`, en: `The ${name.en} robot answered HTTP ${status}.` },
      { channel: kind, retryable, details: { httpStatus: status } },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    parsed = undefined;
  }
  const errcode = (parsed as { errcode?: unknown } | undefined)?.errcode;
  if (typeof errcode !== 'number') {
    return new ChannelError(
      'webhook_bad_response',
      {
        zh: `${name.zh}机器人的应答不是预期的格式，地址可能配置有误。`,
        en: `The ${name.en} robot's answer is not in the expected format; the URL may be wrong.`,
      },
      { channel: kind, retryable: false, details: { httpStatus: status } },
    );
  }
  if (errcode === 0) return null;
  const rawMessage = (parsed as { errmsg?: unknown }).errmsg;
  const errmsg = typeof rawMessage === 'string' ? rawMessage.slice(0, 200) : '';
  return new ChannelError(
    'webhook_rejected',
    {
      zh: `${name.zh}机器人拒绝了消息（错误码 ${errcode}：${errmsg}）。`,
      en: `The ${name.en} robot refused the message (errcode ${errcode}: ${errmsg}).`,
    },
    { channel: kind, retryable: RETRYABLE_ERRCODES[kind].has(errcode), details: { errcode, errmsg } },
  );
}

function resolveOptions(opts: WebhookOptions): Resolved {
  return {
    allowPrivate: opts.allowPrivate ?? false,
    allowHttp: opts.allowHttp ?? false,
    timeoutMs: opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
    maxResponseBytes: opts.maxResponseBytes ?? WEBHOOK_MAX_RESPONSE_BYTES,
    resolver: opts.resolver ?? systemResolver,
  };
}

function checkedUrl(kind: WebhookKind, url: string, o: Resolved): URL {
  try {
    return assertWebhookUrl(url, o);
  } catch (error) {
    if (!(error instanceof DubanError)) throw error;
    throw invalidAddress(kind, error, error);
  }
}

/** A refused address is the office's to fix (400), not worth a retry. */
function invalidAddress(kind: WebhookKind, invalid: DubanError, cause: unknown): ChannelError {
  return new ChannelError(invalid.code, invalid.messages, {
    channel: kind,
    retryable: false,
    status: 400,
    details: invalid.details as Record<string, unknown>,
    cause,
  });
}

async function deliver(kind: WebhookKind, url: URL, payload: unknown, o: Resolved): Promise<void> {
  let response: RawResponse;
  try {
    response = await postJson(url, payload, o);
  } catch (error) {
    throw networkError(kind, error);
  }
  const error = responseError(kind, response);
  if (error) throw error;
}

/** Send to a WeCom group robot. Resolves when it answers errcode 0; otherwise throws ChannelError. */
export async function sendWecom(url: string, msg: OutboundMessage, opts: WebhookOptions = {}): Promise<void> {
  const o = resolveOptions(opts);
  await deliver('wecom', checkedUrl('wecom', url, o), wecomPayload(msg), o);
}

/**
 * Send to a DingTalk custom robot, signed when the robot has a 加签 secret. Resolves when it answers
 * errcode 0; otherwise throws ChannelError.
 */
export async function sendDingtalk(
  url: string,
  secret: string | undefined,
  msg: OutboundMessage,
  opts: WebhookOptions = {},
): Promise<void> {
  const o = resolveOptions(opts);
  let target = checkedUrl('dingtalk', url, o);
  if (secret) target = signDingtalkUrl(target, secret, (opts.now ?? Date.now)());
  await deliver('dingtalk', target, dingtalkPayload(msg), o);
}
