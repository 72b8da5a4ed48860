// What a route needs from the app without importing app.ts (which imports every route): the app's
// dependencies and the service context of a request.

import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Clock, Ctx } from '../services/context.js';

export interface AppDeps {
  database: Database;
  config: Pick<Config, 'sessionIdleMinutes' | 'cookieSecure' | 'logLevel' | 'dataDir'> &
    Partial<Pick<Config, 'smtpUrl' | 'mailFrom' | 'webhookAllowPrivate' | 'https' | 'trustedProxies'>>;
  clock?: Clock;
  /** Folder of the built web app (dist/web); null serves the API only. */
  webRoot?: string | null;
  /** Pino options, or false for no logs (tests). Unset: the server's own logger (loggerOptions). */
  logger?: boolean | object;
  /** Where the server's own logger writes (stdout by default): a test reads what production would log. */
  logStream?: { write(line: string): void };
}

/** The service context of a request. */
export function ctxOf(request: FastifyRequest, app: { deps: AppDeps }): Ctx {
  return {
    db: app.deps.database.db,
    clock: app.deps.clock ?? (() => new Date()),
    actor: request.session?.actor ?? null,
    ip: request.ip ?? null,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The content-disposition of a download: an ASCII fallback name for old clients and the real (Chinese)
 * name in RFC 5987 form.
 */
export const attachment = (name: string, fallback = 'download') =>
  `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
