// `--server URL --user NAME`: a command done through a running duban server's API, signed in as that user (an
// administrator). The way to back up or verify an embedded (PGlite) database while the server holds its folder:
// only one process may open it. The password is read from standard input (typed without echo on a terminal, or
// piped: `duban backup FILE --server … --user admin < password-file`), never from an argument the process list shows.

import { API_PREFIX, CSRF_HEADER, SESSION_COOKIE } from '../api/constants.js';
import { DubanError } from '../core/errors.js';

export interface Remote {
  base: string;
  headers: Record<string, string>;
  close(): Promise<void>;
}

function unreachable(base: string, error: unknown): DubanError {
  const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
  return new DubanError('server_unreachable', {
    zh: `无法连接服务 ${base}（${cause}）。请检查地址和端口，以及服务是否在运行。`,
    en: `Cannot reach the server at ${base} (${cause}). Check the address and port, and that the server is running.`,
  });
}

export function serverBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DubanError('usage', {
      zh: `--server 应为 http:// 或 https:// 开头的地址：${url}`,
      en: `--server must be an http:// or https:// address: ${url}`,
    });
  }
  return parsed.origin;
}

/** One line from standard input: without echo on a terminal, else the first line of what is piped in. */
export async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin as AsyncIterable<Buffer>) chunks.push(chunk);
    return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    let typed = '';
    for await (const chunk of stdin as AsyncIterable<Buffer>) {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return typed;
        if (ch === '\u0003') throw new DubanError('cancelled', { zh: '已取消。', en: 'Cancelled.' });
        typed = ch === '\u007f' || ch === '\b' ? typed.slice(0, -1) : typed + ch;
      }
    }
    return typed;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

async function message(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** Throws a bilingual error for a refused request, with the server's own message. */
export async function refused(response: Response, zh: string, en: string): Promise<DubanError> {
  const text = await message(response);
  return new DubanError(
    'server_refused',
    { zh: `${zh}：${text}`, en: `${en}: ${text}` },
    response.status >= 500 ? 502 : 400,
    { status: response.status },
  );
}

export async function signInRemote(url: string, username: string, password: string): Promise<Remote> {
  const base = serverBase(url);
  let response: Response;
  try {
    response = await fetch(`${base}${API_PREFIX}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: JSON.stringify({ username, password }),
    });
  } catch (error) {
    throw unreachable(base, error);
  }
  if (!response.ok) throw await refused(response, '登录失败', 'Sign-in failed');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie)
    throw new DubanError('server_refused', { zh: '服务未返回会话。', en: 'The server returned no session.' });
  const headers = { cookie, [CSRF_HEADER]: csrfToken };
  return {
    base: `${base}${API_PREFIX}`,
    headers,
    close: async () => {
      await fetch(`${base}${API_PREFIX}/auth/logout`, { method: 'POST', headers }).catch(() => undefined);
    },
  };
}

/** A request through a signed-in session; network failures become a bilingual error. */
export async function call(remote: Remote, path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(`${remote.base}${path}`, {
      ...init,
      headers: { ...remote.headers, 'accept-language': 'zh-CN', ...(init.headers as Record<string, string>) },
    });
  } catch (error) {
    throw unreachable(remote.base, error);
  }
}
