// Process entry of the server: config → database → first admin → (demo) → web build → app → listen.
// SIGINT/SIGTERM close the server and the database gracefully. runServer is what `duban start` runs: a start that
// fails, or an error nothing caught once it runs, ends the process with a non-zero exit code (for a supervisor such
// as systemd to restart it) and a scrubbed message.

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { DubanError } from '../core/errors.js';

import { buildApp } from './app.js';
import type { Config } from './config.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { serverLogSink } from './logging.js';
import { failure } from './scrub.js';
import { bootstrapAdmin } from './services/auth.js';
import type { Ctx } from './services/context.js';
import { DEMO_PASSWORD, seedDemo } from './services/demo.js';
import { outboundChannels } from './services/outbound.js';
import { runScheduler } from './services/reminders.js';
import { drainLights } from './services/stored-lights.js';
import { ensureWebBuilt, WEB_ROOT } from './web.js';

/** How long a stop waits for requests in flight before it closes every connection. */
const SHUTDOWN_GRACE_MS = 5_000;
/** How often the server recomputes the stored lights that writes marked or time made stale. */
const LIGHTS_DRAIN_MS = 2_000;

export interface StartOptions {
  demo?: boolean;
  /** `--demo-date`: the day the demo's year is simulated up to (the server's own clock stays the real one). */
  demoDate?: Date;
  /**
   * `--demo-clock`: the server's clock also runs from the demo date, so deadlines, lights and reminders are those of
   * that day (training on a chosen day of the year, and the browser tests of a year in progress). Demo only.
   */
  demoClock?: boolean;
  config?: Config;
  /** Lines for the operator (the first admin password, demo accounts); stdout by default. */
  say?: (line: string) => void;
  /** Skip the Vite build (tests that serve the API only). */
  skipWebBuild?: boolean;
  /**
   * Whether a person watches the console (stdout is a terminal): the admin's generated password is shown there once;
   * otherwise (a service, a journal, a pipe) it goes to a file only its owner can read, never to the console or a log.
   */
  terminal?: boolean;
}

export async function startServer(options: StartOptions = {}) {
  const config = options.config ?? loadConfig();
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  say(`内存上限 / heap limit: ${Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)} MB`);
  // The database first: a data folder in use or a server out of reach is said at once, before any web build.
  const database = await openDatabase(config, { holder: `duban start (port ${config.port})` });
  const clock = demoClockOf(options);
  const logs = await serverLogSink(config);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let address: string;
  try {
    const ctx: Ctx = { db: database.db, clock, actor: null, ip: null };
    // Instances started together on one database take turns: one creates the admin (and the demo), the others
    // then find them.
    const { admin, demo } = await database.exclusive(async () => ({
      admin: await bootstrapAdmin(ctx, config.adminPassword),
      demo: options.demo ? await seedDemo(ctx, options.demoDate ? { today: options.demoDate } : {}) : null,
    }));
    if (admin.generatedPassword) {
      if (options.terminal ?? Boolean(process.stdout.isTTY))
        for (const line of passwordBox(admin.generatedPassword)) say(line);
      else {
        const file = await writeInitialPassword(config.dataDir, admin.generatedPassword);
        say(
          `已创建管理员账号 admin，初始密码已写入 ${file}（仅本系统账户可读；首次登录修改密码后请删除该文件）/ Created account admin; its initial password is in ${file} (readable by its owner only; delete the file after the first sign-in)`,
        );
      }
    } else if (admin.created) {
      say('已创建管理员账号 admin，初始密码为 DUBAN_ADMIN_PASSWORD / Created account admin with DUBAN_ADMIN_PASSWORD');
    }
    if (demo) {
      say(demo.seeded ? '已导入演示数据 / Demo data imported:' : '演示数据已存在 / Demo data already present:');
      say(`  演示账号密码 / demo password: ${DEMO_PASSWORD}`);
      for (const a of demo.accounts) say(`  ${a.username.padEnd(16)} ${a.role.padEnd(12)} ${a.displayName}`);
    }
    if (!options.skipWebBuild) await ensureWebBuilt(say);
    app = await buildApp({
      database,
      config,
      clock,
      logStream: logs.stream,
      webRoot: options.skipWebBuild ? null : WEB_ROOT,
    });
    address = await app.listen({ port: config.port, host: config.host }).catch((error: unknown) => {
      throw listenError(error, config);
    });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    logs.close();
    throw error;
  }
  say(`数据库 / database: ${config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`}`);
  say(`数据目录 / data folder: ${config.dataDir}`);
  say(
    logs.folder
      ? `请求日志 / request log: ${logs.folder}（控制台只显示警告和错误 / the console shows warnings and errors）`
      : '日志以 JSON 行写到标准输出 / log lines go to stdout as JSON (LOG_FORMAT=json)',
  );
  say(
    `duban 已启动 / duban is running: ${config.publicUrl ?? `http://localhost:${config.port}`}  (API ${address}/api/docs)`,
  );
  if (options.demoClock) say(`演示时钟 / demo clock: ${clock().toISOString()} (--demo-clock)`);
  say(
    config.https
      ? 'HTTPS：已发送 HSTS 并升级不安全请求 / HTTPS: HSTS and upgrade-insecure-requests are sent'
      : '普通 HTTP：内网地址可直接访问；启用 HTTPS 请设置 DUBAN_PUBLIC_URL=https://… / plain HTTP: open it at any intranet address; set DUBAN_PUBLIC_URL=https://… behind TLS',
  );

  // Reminders: every instance runs the scheduler; the advisory lock lets one compute at a time.
  let timer: NodeJS.Timeout | null = null;
  let lightsTimer: NodeJS.Timeout | null = null;
  if (config.schedulerMinutes > 0) {
    const channels = outboundChannels(config);
    const tick = () =>
      runScheduler(database.db, clock(), channels).catch((err: unknown) =>
        app.log.error({ err }, 'reminder scheduler run failed'),
      );
    timer = setInterval(tick, config.schedulerMinutes * 60_000);
    timer.unref();
    void tick();
    // Stored lights (services/stored-lights.ts): what writes marked, and what time made stale (a CST midnight, a
    // deadline passing), is recomputed within seconds; a dashboard also drains its own plan before it reads.
    const drain = () =>
      drainLights(database.db, clock()).catch((err: unknown) => app.log.error({ err }, 'lights drain failed'));
    lightsTimer = setInterval(drain, LIGHTS_DRAIN_MS);
    lightsTimer.unref();
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    if (timer) clearInterval(timer);
    if (lightsTimer) clearInterval(lightsTimer);
    // A connection that never sent a request (a client gone quiet, a load balancer's probe) is not idle to Node and
    // would hold the stop for the 300 s request timeout: requests in flight get a grace period, then every
    // connection is closed.
    const grace = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    grace.unref();
    await app.close();
    clearTimeout(grace);
    await database.close();
    logs.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return { app, database, config };
}

/** The generated password framed so that it stands out in a terminal, with what to do with it. */
function passwordBox(password: string): string[] {
  const rule = '═'.repeat(64);
  return [
    rule,
    '  管理员账号 admin 已创建，初始密码（仅显示一次，首次登录须修改）：',
    `  Created account admin, initial password (shown once): ${password}`,
    '  Sign in as admin, change it, then create the 督查室 (office) accounts.',
    rule,
  ];
}

/** Where the generated password goes when no one watches the console: a file readable by its owner only. */
async function writeInitialPassword(dataDir: string, password: string): Promise<string> {
  const file = join(dataDir, 'initial-admin-password.txt');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // an older file keeps its mode through writeFile
  return file;
}

/** The real clock, or with `--demo-clock` one that started at the demo date and runs on from it. */
function demoClockOf(options: StartOptions): () => Date {
  if (!options.demoClock || !options.demoDate) return () => new Date();
  const offset = options.demoDate.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

/** The port cannot be had: said in both languages, exit 2 (the operator's to fix), not a stack. */
function listenError(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new DubanError(
      'port_in_use',
      {
        zh: `端口 ${config.port} 已被占用（${config.host}）：可能 duban 已在运行，或另一个程序在用它。请停止它，或用 PORT 换一个端口。`,
        en: `Port ${config.port} is already in use (${config.host}): duban may be running already, or another program uses it. Stop it, or choose another port with PORT.`,
      },
      409,
    );
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL')
    return new DubanError(
      'port_unavailable',
      {
        zh: `无法在 ${config.host}:${config.port} 上监听（${code}）：1024 以下的端口需要管理员权限，HOST 须为本机地址。`,
        en: `Cannot listen on ${config.host}:${config.port} (${code}): ports below 1024 need privileges, and HOST must be an address of this machine.`,
      },
      409,
    );
  return error;
}

/**
 * `duban start`: starts the server, and ends the process if it cannot start (exit 2 for what the operator must
 * fix, 1 otherwise) or if an error escapes everything once it runs (exit 1, logged without SQL parameters), so
 * that a supervisor restarts it instead of leaving a half-working process.
 */
export async function runServer(options: StartOptions = {}): Promise<void> {
  let log: { fatal(obj: object, msg: string): void } | null = null;
  const die = (error: unknown, what: string) => {
    if (log) log.fatal({ err: error }, what);
    else process.stderr.write(failure(error).text);
    process.exit(1);
  };
  process.on('uncaughtException', (error) => die(error, 'uncaught exception: stopping'));
  process.on('unhandledRejection', (reason) => die(reason, 'unhandled promise rejection: stopping'));
  try {
    log = (await startServer(options)).app.log;
  } catch (error) {
    const { text, exitCode } = failure(error);
    process.stderr.write(text);
    process.exit(exitCode);
  }
}
