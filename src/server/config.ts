// Every environment variable duban reads is parsed and validated here, once, at start-up.
// Nothing else reads process.env: services receive a Config, tests build one.

import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { type Bilingual, DubanError } from '../core/errors.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  port: number;
  host: string;
  /** postgres://… selects a PostgreSQL server; null selects the embedded PGlite database in dataDir. */
  databaseUrl: string | null;
  /** Absolute path of the folder holding the embedded database (dataDir/pglite) and uploaded files. */
  dataDir: string;
  /** Password for the initial `admin` account, if the operator sets one. */
  adminPassword: string | null;
  logLevel: LogLevel;
  /**
   * 'file' (default): request logs as JSON lines in rotating files under dataDir/logs, the console shows warnings and
   * errors readably; 'json': every log line as JSON on stdout (containers, a journal that parses JSON).
   */
  logFormat: 'file' | 'json';
  nodeEnv: NodeEnv;
  sessionIdleMinutes: number;
  cookieSecure: boolean;
  /** SMTP server for reminder digests (smtp:// or smtps://, with credentials); null: no e-mail. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Minutes between reminder-scheduler runs; 0 turns the in-process scheduler off. */
  schedulerMinutes: number;
  /** Lets group-robot webhooks point at private addresses and plain http (an intranet robot gateway). */
  webhookAllowPrivate: boolean;
  /**
   * The address users type, e.g. https://duban.example.gov.cn; null when not set. Only an https:// address turns on
   * HSTS and the CSP's upgrade-insecure-requests: sent over plain http they make a browser fetch the scripts over
   * https from an intranet host that serves none, and the page stays blank.
   */
  publicUrl: string | null;
  /** Whether the office serves duban over HTTPS (publicUrl is https://). */
  https: boolean;
  /**
   * Addresses of the reverse proxies whose X-Forwarded-For is believed (IPs, CIDR ranges or proxy-addr's names
   * loopback / linklocal / uniquelocal); empty: none, every client is the address it connects from.
   */
  trustedProxies: string[];
  /** `duban start` runs the server with node's heap capped at this many MB (--max-old-space-size). */
  maxHeapMb: number;
}

type Env = Record<string, string | undefined>;

/** The server's heap cap when DUBAN_MAX_HEAP_MB is not set (room for the largest import with the others working). */
export const DEFAULT_MAX_HEAP_MB = 1024;

/** An IP, a CIDR range, or one of proxy-addr's names: what Fastify's trustProxy accepts. */
function isProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
});

const boolean = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']))
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const integer = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

const schema = z.object({
  PORT: integer(1, 65_535).default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATABASE_URL: postgresUrl.optional(),
  DUBAN_DATA_DIR: z.string().trim().min(1).default('./data'),
  DUBAN_ADMIN_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['file', 'json']).default('file'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DUBAN_SESSION_IDLE_MINUTES: integer(1, 7 * 24 * 60).default(30),
  DUBAN_COOKIE_SECURE: boolean.optional(),
  DUBAN_SMTP_URL: z
    .string()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
      } catch {
        return false;
      }
    })
    .optional(),
  DUBAN_MAIL_FROM: z.string().trim().min(3).default('duban@localhost'),
  DUBAN_SCHEDULER_MINUTES: integer(0, 24 * 60).default(15),
  DUBAN_WEBHOOK_ALLOW_PRIVATE: boolean.default(false),
  DUBAN_PUBLIC_URL: z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
      } catch {
        return false;
      }
    })
    .optional(),
  DUBAN_TRUSTED_PROXIES: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .pipe(z.array(z.string().refine(isProxyEntry)))
    .optional(),
  DUBAN_MAX_HEAP_MB: integer(256, 65_536).default(DEFAULT_MAX_HEAP_MB),
});

type Variable = keyof typeof schema.shape;

/** What a valid value looks like, shown when a variable is rejected (zh phrased as a whole clause). */
const EXPECTED: Record<Variable, Bilingual> = {
  PORT: { zh: '应为 1–65535 之间的整数', en: 'an integer from 1 to 65535' },
  HOST: { zh: '应为主机名或 IP 地址', en: 'a host name or IP address' },
  DATABASE_URL: {
    zh: '应为 PostgreSQL 连接串，如 postgres://用户:密码@主机:5432/库名',
    en: 'a PostgreSQL URL such as postgres://user:password@host:5432/dbname',
  },
  DUBAN_DATA_DIR: { zh: '应为数据目录路径', en: 'a folder path' },
  DUBAN_ADMIN_PASSWORD: { zh: '应为至少 8 个字符', en: 'at least 8 characters' },
  LOG_LEVEL: {
    zh: '应为 fatal、error、warn、info、debug、trace 或 silent',
    en: 'fatal, error, warn, info, debug, trace or silent',
  },
  LOG_FORMAT: { zh: '应为 file 或 json', en: 'file or json' },
  NODE_ENV: { zh: '应为 development、production 或 test', en: 'development, production or test' },
  DUBAN_SESSION_IDLE_MINUTES: { zh: '应为 1–10080 之间的整数，单位为分钟', en: 'an integer from 1 to 10080 (minutes)' },
  DUBAN_COOKIE_SECURE: { zh: '应为 true 或 false', en: 'true or false' },
  DUBAN_SMTP_URL: {
    zh: '应为 SMTP 地址，如 smtps://用户:密码@smtp.example.gov.cn:465',
    en: 'an SMTP URL such as smtps://user:password@smtp.example.gov.cn:465',
  },
  DUBAN_MAIL_FROM: { zh: '应为发件地址', en: 'a sender address' },
  DUBAN_SCHEDULER_MINUTES: {
    zh: '应为 0–1440 之间的整数（0 为关闭）',
    en: 'an integer from 0 to 1440 (0 turns it off)',
  },
  DUBAN_WEBHOOK_ALLOW_PRIVATE: { zh: '应为 true 或 false', en: 'true or false' },
  DUBAN_PUBLIC_URL: {
    zh: '应为用户访问的地址，如 https://duban.example.gov.cn 或 http://10.1.2.3:3000',
    en: 'the address users open, such as https://duban.example.gov.cn or http://10.1.2.3:3000',
  },
  DUBAN_TRUSTED_PROXIES: {
    zh: '应为逗号分隔的反向代理地址：IP、CIDR 网段（如 10.0.0.5,192.168.10.0/24）或 loopback',
    en: 'comma-separated reverse-proxy addresses: IPs, CIDR ranges (e.g. 10.0.0.5,192.168.10.0/24) or loopback',
  },
  DUBAN_MAX_HEAP_MB: { zh: '应为 256–65536 之间的整数，单位为 MB', en: 'an integer from 256 to 65536 (MB)' },
};

/** Values of these variables never appear in error details. */
const SECRET: ReadonlySet<Variable> = new Set(['DATABASE_URL', 'DUBAN_ADMIN_PASSWORD', 'DUBAN_SMTP_URL']);

function invalid(env: Env, variables: Variable[]): DubanError {
  const zh = variables.map((v) => `${v}（${EXPECTED[v].zh}）`).join('；');
  const en = variables.map((v) => `${v} (expected ${EXPECTED[v].en})`).join('; ');
  const details = variables.map((v) => ({ variable: v, value: SECRET.has(v) ? '(hidden)' : env[v] }));
  return new DubanError(
    'invalid_config',
    { zh: `环境变量取值无效：${zh}。`, en: `Invalid environment variable: ${en}.` },
    400,
    details,
  );
}

/** Only the variables duban knows, with empty strings treated as unset (as shells and .env files write them). */
function pick(env: Env): Partial<Record<Variable, string>> {
  const picked: Partial<Record<Variable, string>> = {};
  for (const name of Object.keys(schema.shape) as Variable[]) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}

export function loadConfig(env: Env = process.env): Config {
  const parsed = schema.safeParse(pick(env));
  if (!parsed.success) {
    const variables = [...new Set(parsed.error.issues.map((issue) => issue.path[0] as Variable))];
    throw invalid(env, variables);
  }
  const v = parsed.data;
  const https = v.DUBAN_PUBLIC_URL ? new URL(v.DUBAN_PUBLIC_URL).protocol === 'https:' : false;
  return {
    port: v.PORT,
    host: v.HOST,
    databaseUrl: v.DATABASE_URL ?? null,
    dataDir: resolve(v.DUBAN_DATA_DIR),
    adminPassword: v.DUBAN_ADMIN_PASSWORD ?? null,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    nodeEnv: v.NODE_ENV,
    sessionIdleMinutes: v.DUBAN_SESSION_IDLE_MINUTES,
    // Behind HTTPS the session cookie is Secure unless the operator says otherwise.
    cookieSecure: v.DUBAN_COOKIE_SECURE ?? https,
    smtpUrl: v.DUBAN_SMTP_URL ?? null,
    mailFrom: v.DUBAN_MAIL_FROM,
    schedulerMinutes: v.DUBAN_SCHEDULER_MINUTES,
    webhookAllowPrivate: v.DUBAN_WEBHOOK_ALLOW_PRIVATE,
    publicUrl: v.DUBAN_PUBLIC_URL ? new URL(v.DUBAN_PUBLIC_URL).toString().replace(/\/+$/, '') : null,
    https,
    trustedProxies: v.DUBAN_TRUSTED_PROXIES ?? [],
    maxHeapMb: v.DUBAN_MAX_HEAP_MB,
  };
}

/**
 * DUBAN_TEST_PG_URL: the PostgreSQL server the test suite also runs against (an admin URL: the harness
 * creates and drops one database per test file there). Read here so every variable is parsed in one place.
 */
export function loadTestDatabaseUrl(env: Env = process.env): string | null {
  const value = env.DUBAN_TEST_PG_URL;
  if (value === undefined || value === '') return null;
  if (!postgresUrl.safeParse(value).success) {
    throw new DubanError(
      'invalid_config',
      {
        zh: '环境变量取值无效：DUBAN_TEST_PG_URL（应为 PostgreSQL 连接串，如 postgres://postgres:postgres@127.0.0.1:5432/duban_test）。',
        en: 'Invalid environment variable: DUBAN_TEST_PG_URL (expected a PostgreSQL URL such as postgres://postgres:postgres@127.0.0.1:5432/duban_test).',
      },
      400,
    );
  }
  return value;
}
