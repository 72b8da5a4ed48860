// Group-robot webhooks against a local node:http server on 127.0.0.1 that plays the WeCom and DingTalk
// robots: body shapes, DingTalk's signature checked server-side, errcodes, HTTP errors, hangs, redirects,
// oversized answers, and the SSRF guard at connect time.

import { createHmac } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, channelTarget, checkWebhookUrl, type Resolver, sendVia } from '../src/server/notify/index.js';
import { dingtalkSign, truncateUtf8, WECOM_MARKDOWN_MAX_BYTES } from '../src/server/notify/webhook.js';

const SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab';
const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z, the clock the sender signs with

interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

let server: Server;
let base: string;
let received: Received[] = [];

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

/** A DingTalk robot's own check, written from the platform's description, not from the sender's code. */
function dingtalkSignatureValid(query: URLSearchParams): boolean {
  const timestamp = query.get('timestamp');
  const sign = query.get('sign');
  if (!timestamp || !sign || !/^\d{13}$/.test(timestamp)) return false;
  if (Math.abs(Number(timestamp) - NOW) > 3_600_000) return false; // the platform allows one hour
  const expected = createHmac('sha256', SECRET).update(`${timestamp}\n${SECRET}`).digest('base64');
  return sign === expected;
}

function robot(req: IncomingMessage, res: ServerResponse, raw: string): void {
  const url = new URL(req.url ?? '/', 'http://robot');
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = raw;
  }
  received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body });
  const query = url.searchParams;
  switch (url.pathname) {
    case '/cgi-bin/webhook/send':
      json(res, 200, { errcode: 0, errmsg: 'ok' });
      break;
    case '/robot/send': {
      const signed = query.has('sign') || query.has('timestamp');
      if (signed && !dingtalkSignatureValid(query)) json(res, 200, { errcode: 310000, errmsg: 'sign not match' });
      else json(res, 200, { errcode: 0, errmsg: 'ok' });
      break;
    }
    case '/errcode': {
      const code = Number(query.get('code'));
      json(res, 200, { errcode: code, errmsg: `error ${code}` });
      break;
    }
    case '/status':
      json(res, Number(query.get('code')), { errcode: -1, errmsg: 'status' });
      break;
    case '/redirect':
      res.writeHead(302, { location: '/cgi-bin/webhook/send?key=followed' });
      res.end();
      break;
    case '/hang':
      break; // never answers
    case '/trickle': {
      // Headers at once, then a byte now and then: only a deadline on the whole exchange ends it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"errcode":');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
      break;
    }
    case '/big':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"errcode":0,"errmsg":"${'x'.repeat(200_000)}"}`);
      break;
    case '/html':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>登录</body></html>');
      break;
    default:
      json(res, 404, { errcode: 404, errmsg: 'not found' });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => robot(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
});

const local = { allowHttp: true, allowPrivate: true, timeoutMs: 2000, now: () => NOW };
const msg = {
  title: '【督办提醒】3 项任务即将到期',
  text: '- 优化营商环境：5 日后到期（区发改委）\n- 老旧小区改造：明日到期（区住建局）',
};

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(error)}`);
  return error;
}

describe('WeCom robot', () => {
  it('posts a markdown message as UTF-8 JSON and succeeds on errcode 0', async () => {
    const url = `${base}/cgi-bin/webhook/send?key=693a91f6-7xxx`;
    await expect(sendVia({ kind: 'wecom', url }, msg, local)).resolves.toEqual({ ok: true });
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(hit?.query.get('key')).toBe('693a91f6-7xxx');
    expect(hit?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(hit?.body).toEqual({ msgtype: 'markdown', markdown: { content: `**${msg.title}**\n${msg.text}` } });
  });

  it('cuts content to 4096 bytes of UTF-8 without breaking a character', async () => {
    const long = { title: '督办', text: '任务进度滞后。'.repeat(1000) };
    await sendVia({ kind: 'wecom', url: `${base}/cgi-bin/webhook/send?key=k` }, long, local);
    const content = (received[0]?.body as { markdown: { content: string } } | undefined)?.markdown.content ?? '';
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(content).toMatch(/^\*\*督办\*\*\n任务进度滞后。/);
    expect(content).toMatch(/已截断）$/);
    expect(content).not.toContain('\uFFFD');
    expect(truncateUtf8('短', 10)).toBe('短');
  });
});

describe('DingTalk robot', () => {
  it('posts a markdown message with title and text, signed when a secret is set', async () => {
    const url = `${base}/robot/send?access_token=abc123`;
    await expect(sendVia({ kind: 'dingtalk', url, secret: SECRET }, msg, local)).resolves.toEqual({ ok: true });
    const [hit] = received;
    expect(hit?.body).toEqual({
      msgtype: 'markdown',
      markdown: { title: msg.title, text: `### ${msg.title}\n\n${msg.text}` },
    });
    expect(hit?.query.get('access_token')).toBe('abc123');
    expect(hit?.query.get('timestamp')).toBe(String(NOW));
    expect(hit && dingtalkSignatureValid(hit.query)).toBe(true);
  });

  it('URL-encodes the base64 signature in the query string', async () => {
    // Find a timestamp whose signature has +, / or = so the encoding matters.
    let now = NOW;
    while (!/[+/=]/.test(dingtalkSign(SECRET, now).slice(0, -1))) now++;
    await sendVia({ kind: 'dingtalk', url: `${base}/robot/send?access_token=t`, secret: SECRET }, msg, {
      ...local,
      now: () => now,
    });
    const raw = received[0]?.query.toString() ?? '';
    expect(raw).toMatch(/sign=[^&]*%(2B|2F|3D)/);
    expect(received[0]?.query.get('sign')).toBe(dingtalkSign(SECRET, now));
  });

  it('sends unsigned without a secret', async () => {
    await sendVia({ kind: 'dingtalk', url: `${base}/robot/send?access_token=t` }, msg, local);
    expect(received[0]?.query.has('sign')).toBe(false);
    expect(received[0]?.query.has('timestamp')).toBe(false);
  });

  it('fails, not retryable, when the robot rejects the signature (wrong secret)', async () => {
    const error = await failure(
      sendVia({ kind: 'dingtalk', url: `${base}/robot/send?access_token=t`, secret: 'SECwrong' }, msg, local),
    );
    expect(error.code).toBe('webhook_rejected');
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ channel: 'dingtalk', errcode: 310000, errmsg: 'sign not match' });
    expect(error.messages.zh).toContain('钉钉');
  });

  it('fails when the signing clock is off by more than an hour', async () => {
    const error = await failure(
      sendVia({ kind: 'dingtalk', url: `${base}/robot/send?access_token=t`, secret: SECRET }, msg, {
        ...local,
        now: () => NOW - 2 * 3_600_000,
      }),
    );
    expect(error.details).toMatchObject({ errcode: 310000 });
  });
});

describe('failures', () => {
  it.each([
    ['wecom', 93000, false], // invalid webhook url
    ['wecom', 45009, true], // frequency limit
    ['wecom', -1, true], // system busy
    ['dingtalk', 300001, false], // invalid token
    ['dingtalk', 130101, true], // send too fast
  ] as const)('%s errcode %i → ChannelError, retryable %s', async (kind, code, retryable) => {
    const error = await failure(sendVia({ kind, url: `${base}/errcode?code=${code}` }, msg, local));
    expect(error.code).toBe('webhook_rejected');
    expect(error.retryable).toBe(retryable);
    expect(error.status).toBe(502);
    expect(error.details).toMatchObject({ channel: kind, errcode: code });
  });

  it.each([
    [500, true],
    [502, true],
    [503, true],
    [429, true],
    [408, true],
    [400, false],
    [403, false],
    [404, false],
  ])('HTTP %i → retryable %s', async (status, retryable) => {
    const error = await failure(sendVia({ kind: 'wecom', url: `${base}/status?code=${status}` }, msg, local));
    expect(error.code).toBe('webhook_http_error');
    expect(error.retryable).toBe(retryable);
    expect(error.details).toMatchObject({ httpStatus: status });
  });

  it('does not follow a redirect', async () => {
    const error = await failure(sendVia({ kind: 'wecom', url: `${base}/redirect` }, msg, local));
    expect(error.code).toBe('webhook_redirect');
    expect(error.retryable).toBe(false);
    expect(received.map((r) => r.path)).toEqual(['/redirect']);
  });

  it.each([['/hang'], ['/trickle']])('gives up on %s at the deadline, retryable', async (path) => {
    const started = Date.now();
    const error = await failure(
      sendVia({ kind: 'dingtalk', url: `${base}${path}` }, msg, { ...local, timeoutMs: 300 }),
    );
    const elapsed = Date.now() - started;
    expect(error.code).toBe('webhook_timeout');
    expect(error.retryable).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });

  it('caps the response size', async () => {
    const error = await failure(sendVia({ kind: 'wecom', url: `${base}/big` }, msg, local));
    expect(error.code).toBe('webhook_bad_response');
    expect(error.retryable).toBe(false);
    await expect(
      sendVia({ kind: 'wecom', url: `${base}/big` }, msg, { ...local, maxResponseBytes: 1_000_000 }),
    ).resolves.toEqual({ ok: true });
  });

  it('fails on an answer that is not a robot answer', async () => {
    const error = await failure(sendVia({ kind: 'wecom', url: `${base}/html` }, msg, local));
    expect(error.code).toBe('webhook_bad_response');
    expect(error.retryable).toBe(false);
  });

  it('fails, retryable, when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(sendVia({ kind: 'wecom', url: `http://127.0.0.1:${port}/x` }, msg, local));
    expect(error.code).toBe('webhook_unreachable');
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ error: 'ECONNREFUSED' });
  });

  it('never puts the robot key in the error or the target label', async () => {
    const url = `${base}/errcode?code=93000&key=SECRET-KEY-123`;
    const error = await failure(sendVia({ kind: 'wecom', url }, msg, local));
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('SECRET-KEY-123');
    expect(channelTarget({ kind: 'wecom', url })).toBe(`wecom:${new URL(base).host}`);
  });

  it('refuses an empty message without sending', async () => {
    const error = await failure(
      sendVia({ kind: 'wecom', url: `${base}/cgi-bin/webhook/send` }, { title: '提醒', text: ' ' }, local),
    );
    expect(error.code).toBe('message_empty');
    expect(error.status).toBe(400);
    expect(received).toHaveLength(0);
  });
});

describe('server-side request forgery', () => {
  const strict = { ...local, allowPrivate: false, allowHttp: false };
  const fixed =
    (...addresses: string[]): Resolver =>
    async () =>
      addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));

  const refusal = async (promise: Promise<unknown>, reason: string) => {
    const error = await failure(promise);
    expect(error.code).toBe('webhook_url_invalid');
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ reason });
    expect(received).toHaveLength(0);
  };

  it('refuses http:// unless allowHttp', async () => {
    await refusal(sendVia({ kind: 'wecom', url: `${base}/cgi-bin/webhook/send` }, msg, strict), 'scheme');
  });

  it('refuses a private IP literal unless allowPrivate', async () => {
    const port = (server.address() as AddressInfo).port;
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]']) {
      await refusal(
        sendVia({ kind: 'dingtalk', url: `http://${host}:${port}/robot/send` }, msg, { ...strict, allowHttp: true }),
        'private_address',
      );
    }
  });

  it('refuses at connect time a host name that resolves to a private address (localhost)', async () => {
    const url = `http://localhost:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send`;
    await refusal(sendVia({ kind: 'wecom', url }, msg, { ...strict, allowHttp: true }), 'private_address');
    // …and the same URL goes through when private addresses are allowed.
    await expect(sendVia({ kind: 'wecom', url }, msg, local)).resolves.toEqual({ ok: true });
  });

  it('connects only to the addresses the guarded lookup checked', async () => {
    const port = (server.address() as AddressInfo).port;
    const url = `http://robot.example.test:${port}/cgi-bin/webhook/send?key=k`;
    // The test resolver maps the name to the local robot: the request arrives, so the socket used it.
    await sendVia({ kind: 'wecom', url }, msg, { ...local, resolver: fixed('127.0.0.1') });
    expect(received).toHaveLength(1);
    expect(received[0]?.headers.host).toBe(`robot.example.test:${port}`);
    received = [];
    // A public address next to a private one is still refused.
    await refusal(
      sendVia({ kind: 'wecom', url }, msg, { ...strict, allowHttp: true, resolver: fixed('1.1.1.1', '127.0.0.1') }),
      'private_address',
    );
  });

  it('is not fooled by DNS rebinding: the check passes on a public answer, the send refuses the private one', async () => {
    const port = (server.address() as AddressInfo).port;
    const url = `http://rebind.example.test:${port}/cgi-bin/webhook/send?key=k`;
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? '1.1.1.1' : '127.0.0.1', family: 4 }];
    const policy = { allowPrivate: false, allowHttp: true };
    await expect(checkWebhookUrl(url, policy, rebinding)).resolves.toBeInstanceOf(URL);
    await refusal(
      sendVia({ kind: 'wecom', url }, msg, { ...local, ...policy, resolver: rebinding }),
      'private_address',
    );
    expect(calls).toBe(2);
  });
});
