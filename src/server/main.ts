// Process entry of the server: config → web build → database → first admin → (demo) → app → listen.
// SIGINT/SIGTERM close the server and the database gracefully.

import { buildApp } from './app.js';
import type { Config } from './config.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { bootstrapAdmin } from './services/auth.js';
import type { Ctx } from './services/context.js';
import { DEMO_PASSWORD, seedDemo } from './services/demo.js';
import { outboundChannels } from './services/outbound.js';
import { runScheduler } from './services/reminders.js';
import { ensureWebBuilt, WEB_ROOT } from './web.js';

export interface StartOptions {
  demo?: boolean;
  config?: Config;
  /** Lines for the operator (the first admin password, demo accounts); stdout by default. */
  say?: (line: string) => void;
  /** Skip the Vite build (tests that serve the API only). */
  skipWebBuild?: boolean;
}

export async function startServer(options: StartOptions = {}) {
  const config = options.config ?? loadConfig();
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (!options.skipWebBuild) await ensureWebBuilt(say);
  const database = await openDatabase(config);
  const ctx: Ctx = { db: database.db, clock: () => new Date(), actor: null, ip: null };
  const admin = await bootstrapAdmin(ctx, config.adminPassword);
  if (admin.generatedPassword) {
    say(
      `已创建管理员账号 admin，初始密码（仅显示一次）/ Created account admin, initial password (shown once): ${admin.generatedPassword}`,
    );
  } else if (admin.created) {
    say('已创建管理员账号 admin，初始密码为 DUBAN_ADMIN_PASSWORD / Created account admin with DUBAN_ADMIN_PASSWORD');
  }
  if (options.demo) {
    const demo = await seedDemo(ctx);
    say(demo.seeded ? '已导入演示数据 / Demo data imported:' : '演示数据已存在 / Demo data already present:');
    say(`  演示账号密码 / demo password: ${DEMO_PASSWORD}`);
    for (const a of demo.accounts) say(`  ${a.username.padEnd(16)} ${a.role.padEnd(12)} ${a.displayName}`);
  }
  const app = await buildApp({ database, config, webRoot: options.skipWebBuild ? null : WEB_ROOT });
  const address = await app.listen({ port: config.port, host: config.host });
  say(`duban 已启动 / duban is running: http://localhost:${config.port}  (API ${address}/api/docs)`);

  // Reminders: every instance runs the scheduler; the advisory lock lets one compute at a time.
  let timer: NodeJS.Timeout | null = null;
  if (config.schedulerMinutes > 0) {
    const channels = outboundChannels(config);
    const tick = () =>
      runScheduler(database.db, new Date(), channels).catch((err: unknown) =>
        app.log.error({ err }, 'reminder scheduler run failed'),
      );
    timer = setInterval(tick, config.schedulerMinutes * 60_000);
    timer.unref();
    void tick();
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    if (timer) clearInterval(timer);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return { app, database, config };
}
