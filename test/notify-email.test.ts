// E-mail against a local smtp-server on 127.0.0.1: the message arrives with its Chinese From, To,
// Subject and body intact; bad credentials, refused recipients, a dead port and a mute server fail with
// the right retryability.

import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifySmtpError } from '../src/server/notify/email.js';
import { ChannelError, sendVia } from '../src/server/notify/index.js';

const USER = 'duban';
const PASS = '口令 p@ss/word';

interface Delivery {
  raw: string;
  from: string | undefined;
  to: string[];
  user: unknown;
}

let smtp: SMTPServer;
let port: number;
let deliveries: Delivery[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASS) callback(null, { user: USER });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      const local = address.address.split('@')[0] ?? '';
      const code = /^(4|5)\d\d$/.exec(local)?.[0];
      if (code) {
        callback(Object.assign(new Error(`mailbox ${local} refused`), { responseCode: Number(code) }));
        return;
      }
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        deliveries.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

beforeEach(() => {
  deliveries = [];
});

const FROM = '"区政府督查室" <duban@example.gov.cn>';
const smtpUrl = (user = USER, pass = PASS) =>
  `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`;
const msg = {
  title: '【督办提醒】您有 2 项任务将于 5 日后到期',
  text: '张科长，您好：\n\n1. 优化营商环境 —— 2025年第三季度进展，截止 9月30日。\n2. 老旧小区改造 —— 里程碑“完成招标”，截止 10月8日。\n\n请登录督办系统填报。',
};
const opts = { timeoutMs: 2000 };

// --- a small RFC 2047 / MIME reader, independent of nodemailer, to see what a mail client would show ---

function decodeEncodedWords(value: string): string {
  // Adjacent encoded words are joined before decoding: a character may be split across two of them.
  const joined = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
  return joined.replace(/(?:=\?([^?]+)\?([BbQq])\?([^?]*)\?=)+/g, (run) => {
    const bytes: Buffer[] = [];
    for (const m of run.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
      const [, , encoding, text = ''] = m;
      if (encoding?.toUpperCase() === 'B') bytes.push(Buffer.from(text, 'base64'));
      else
        bytes.push(
          Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          ),
        );
    }
    return Buffer.concat(bytes).toString('utf8');
  });
}

function readMessage(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoded = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  let body: string;
  if (encoding === 'base64') body = Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') {
    const bytes = encoded
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  } else body = encoded;
  return { headers, body: body.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(error)}`);
  return error;
}

describe('e-mail over SMTP', () => {
  it('delivers a plain-text message with Chinese From, To, Subject and body', async () => {
    const to = '"张科长" <zhang@example.gov.cn>';
    await expect(sendVia({ kind: 'email', to, config: { url: smtpUrl(), from: FROM } }, msg, opts)).resolves.toEqual({
      ok: true,
    });
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(delivery?.user).toBe(USER);
    expect(delivery?.from).toBe('duban@example.gov.cn');
    expect(delivery?.to).toEqual(['zhang@example.gov.cn']);
    const { headers, body } = readMessage(delivery?.raw ?? '');
    expect(decodeEncodedWords(headers.get('subject') ?? '')).toBe(msg.title);
    expect(decodeEncodedWords(headers.get('from') ?? '')).toMatch(/^"?区政府督查室"? <duban@example\.gov\.cn>$/);
    expect(decodeEncodedWords(headers.get('to') ?? '')).toMatch(/^"?张科长"? <zhang@example\.gov\.cn>$/);
    expect(headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8/i);
    expect(body).toBe(msg.text);
  });

  it('fails, not retryable, when the server refuses the login', async () => {
    const error = await failure(
      sendVia(
        { kind: 'email', to: 'a@example.gov.cn', config: { url: smtpUrl(USER, 'wrong'), from: FROM } },
        msg,
        opts,
      ),
    );
    expect(error.code).toBe('smtp_auth_failed');
    expect(error.retryable).toBe(false);
    expect(error.channel).toBe('email');
    expect(error.details).toMatchObject({ error: 'EAUTH', smtpReply: 535 });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('wrong');
    expect(deliveries).toHaveLength(0);
  });

  it.each([
    ['450@example.gov.cn', true],
    ['452@example.gov.cn', true],
    ['550@example.gov.cn', false],
    ['553@example.gov.cn', false],
  ])('a recipient refused as %s → retryable %s', async (to, retryable) => {
    const error = await failure(sendVia({ kind: 'email', to, config: { url: smtpUrl(), from: FROM } }, msg, opts));
    expect(error.code).toBe('smtp_rejected');
    expect(error.retryable).toBe(retryable);
    expect(error.details).toMatchObject({ smtpReply: Number(to.slice(0, 3)) });
  });

  it('fails, retryable, when nothing listens', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const dead = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(
      sendVia(
        { kind: 'email', to: 'a@example.gov.cn', config: { url: `smtp://127.0.0.1:${dead}`, from: FROM } },
        msg,
        opts,
      ),
    );
    expect(error.code).toBe('smtp_unreachable');
    expect(error.retryable).toBe(true);
  });

  it('gives up, retryable, on a server that never greets, within the timeout', async () => {
    const sockets = new Set<Socket>();
    const mute = createTcpServer((socket) => {
      sockets.add(socket); // accept and say nothing
    });
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const mutePort = (mute.address() as AddressInfo).port;
    try {
      const started = Date.now();
      const error = await failure(
        sendVia(
          { kind: 'email', to: 'a@example.gov.cn', config: { url: `smtp://127.0.0.1:${mutePort}`, from: FROM } },
          msg,
          { timeoutMs: 300 },
        ),
      );
      expect(error.code).toBe('smtp_timeout');
      expect(error.retryable).toBe(true);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => mute.close(() => resolve()));
    }
  });

  it.each([
    [{ url: 'http://127.0.0.1:25', from: FROM }, 'a@example.gov.cn'],
    [{ url: 'not a url', from: FROM }, 'a@example.gov.cn'],
    [{ url: 'smtp://127.0.0.1:25', from: ' ' }, 'a@example.gov.cn'],
    [{ url: 'smtp://127.0.0.1:25', from: FROM }, ''],
    [{ url: 'smtp://127.0.0.1:25', from: FROM }, 'a@example.gov.cn\r\nBcc: b@example.com'],
  ])('refuses a bad configuration without connecting: %j → %j', async (config, to) => {
    const error = await failure(sendVia({ kind: 'email', to, config }, msg, opts));
    expect(error.code).toBe('smtp_config_invalid');
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
  });
});

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EAUTH', responseCode: 535 }, 'smtp_auth_failed', false],
    [{ code: 'ENOAUTH' }, 'smtp_auth_failed', false],
    [{ code: 'ETLS' }, 'smtp_tls', false],
    [{ code: 'ECONFIG' }, 'smtp_config_invalid', false],
    [{ code: 'ETIMEDOUT' }, 'smtp_timeout', true],
    [{ code: 'EABORT' }, 'smtp_timeout', true],
    [{ code: 'ECONNECTION' }, 'smtp_unreachable', true],
    [{ code: 'ESOCKET' }, 'smtp_unreachable', true],
    [{ code: 'EDNS' }, 'smtp_unreachable', true],
    [{ code: 'ECONNECTION', responseCode: 421 }, 'smtp_rejected', true],
    [{ code: 'EENVELOPE', responseCode: 451 }, 'smtp_rejected', true],
    [{ code: 'EENVELOPE', responseCode: 550 }, 'smtp_rejected', false],
    [{ code: 'EMESSAGE', responseCode: 554 }, 'smtp_rejected', false],
    [{ code: 'EPROTOCOL', responseCode: 503 }, 'smtp_rejected', true],
    [{ code: 'EENVELOPE' }, 'smtp_rejected', false],
    [new Error('anything else'), 'smtp_unreachable', true],
  ])('%j → %s, retryable %s', (error, code, retryable) => {
    expect(classifySmtpError(error)).toMatchObject({ code, retryable });
  });
});
