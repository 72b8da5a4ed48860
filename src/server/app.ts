// buildApp(deps): the Fastify instance with its plugins, the one error handler, sessions, CSRF and
// routes. main.ts runs it; tests build it on a real database and call it with app.inject.

import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchema,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { API_PREFIX, CSRF_HEADER, SESSION_COOKIE } from '../api/v1.js';
import { type Bilingual, DubanError } from '../core/errors.js';
import { unauthorized } from './errors.js';
import { askOnceRoutes } from './routes/ask-once.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { bulletinRoutes } from './routes/bulletins.js';
import { consolidationRoutes } from './routes/consolidation.js';
import type { AppDeps } from './routes/context.js';
import { coordinationRoutes } from './routes/coordination.js';
import { delayRoutes } from './routes/delays.js';
import { directoryRoutes } from './routes/directory.js';
import { evaluationRoutes } from './routes/evaluation.js';
import { exportRoutes } from './routes/exports.js';
import { extensionRoutes } from './routes/extensions.js';
import { importRoutes } from './routes/imports.js';
import { instructionRoutes } from './routes/instructions.js';
import { ladderRoutes } from './routes/ladder.js';
import { leaderRoutes } from './routes/leaders.js';
import { ledgerRoutes } from './routes/ledgers.js';
import { linkageRoutes } from './routes/linkage.js';
import { periodRoutes } from './routes/periods.js';
import { planRoutes } from './routes/plans.js';
import { publicRoutes } from './routes/public.js';
import { receiptRoutes } from './routes/receipts.js';
import { sheetRoutes } from './routes/sheets.js';
import { submissionRoutes } from './routes/submissions.js';
import { supervisionRoutes } from './routes/supervision.js';
import { timelinessRoutes } from './routes/timeliness.js';
import { userRoutes } from './routes/users.js';
import { watchRoutes } from './routes/watches.js';
import { yearEndRoutes } from './routes/year-end.js';
import { scrubSql as scrub } from './scrub.js';
import { resolveSession, type SessionUser } from './services/auth.js';
import { MAX_NOTICE_BYTES } from './services/imports.js';
import { webCacheControl } from './web-assets.js';

export type { AppDeps };

const asRecord = (value: unknown) => value as Record<string, unknown>;

/**
 * An error as the log shows it: type, message, code, stack and cause, and nothing else. A failed SQL statement's
 * message and `params` carry the values being written (password hashes, session and CSRF tokens, robot secrets),
 * and a database error's `detail` quotes row values: neither may reach the log.
 */
export function logError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: typeof error === 'string' ? scrub(error) : 'non-error thrown' };
  const message = scrub(error.message);
  const out: Record<string, unknown> = {
    type: error.name,
    message,
    stack: error.stack?.replace(error.message, message),
  };
  for (const key of ['code', 'statusCode', 'query', 'routine'])
    if (typeof asRecord(error)[key] === 'string' || typeof asRecord(error)[key] === 'number')
      out[key] = asRecord(error)[key];
  if (error.cause !== undefined && depth < 3) out.cause = logError(error.cause, depth + 1);
  return out;
}

/** The server's logger: the given level, secrets redacted from anything that could carry them. */
export function loggerOptions(level: string, stream?: { write(line: string): void }): object {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        'req.body.password',
        'req.body.currentPassword',
        'req.body.newPassword',
        'req.body.secret',
        'req.body.url',
      ],
      remove: true,
    },
    serializers: { err: logError },
    hooks: {
      // `log.error(error)` makes the error's message the line's message: scrubbed like the error itself.
      logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void) {
        const [first, ...rest] = args;
        if (first instanceof Error) {
          const text = typeof rest[0] === 'string' ? (rest.shift() as string) : first.message;
          return method.apply(this, [{ err: first }, scrub(text), ...rest]);
        }
        return method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrub(a) : a)),
        );
      },
    },
    ...(stream ? { stream } : {}),
  };
}

const UNSTORABLE_TEXT: Bilingual = {
  zh: '内容包含无法保存的字符（空字符或不完整的 Unicode 字符），请删除后重试。',
  en: 'The request contains characters that cannot be stored (a NUL or an unpaired Unicode surrogate).',
};
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text PostgreSQL cannot store anywhere in a parsed request: NUL (text, jsonb) and unpaired surrogates (jsonb). */
export function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000') || LONE_SURROGATE.test(value);
  if (value === null || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return false;
  return Object.entries(value).some(([k, v]) => hasUnstorableText(k) || hasUnstorableText(v, depth + 1));
}

/** Equal strings, compared in constant time. */
function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionUser | null;
  }
  interface FastifyContextConfig {
    /** No session needed (sign-in, health). */
    public?: boolean;
    /** Reachable while the user must still change an initial password. */
    duringPasswordChange?: boolean;
  }
}

export type App = FastifyInstance;

/** A registered route, with its schema (zod) for the tests that generate input for every route. */
export interface RouteEntry {
  method: string;
  url: string;
  schema?: FastifySchema | undefined;
}

/** The caller's language for messages: English if the client prefers it, Chinese otherwise. */
export function languageOf(request: FastifyRequest): 'zh' | 'en' {
  const header = request.headers['accept-language'];
  return typeof header === 'string' && /^\s*en\b/i.test(header) ? 'en' : 'zh';
}

// Fastify's own 4xx errors, in both languages.
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; m: Bilingual }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    m: { zh: '请求体不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    m: { zh: '请求体为空。', en: 'The request body is empty.' },
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'body_too_large',
    m: { zh: '请求体过大。', en: 'The request body is too large.' },
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    m: { zh: '不支持的内容类型。', en: 'Unsupported content type.' },
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_request',
    m: { zh: '请求长度无效。', en: 'Invalid content length.' },
  },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: 'file_too_large',
    m: {
      zh: '文件超过大小上限（通知 10 MB，佐证材料 20 MB，报送表 10 MB，账号表 2 MB）。',
      en: 'The file is too large (notices 10 MB, evidence 20 MB, period sheets 10 MB, account sheets 2 MB).',
    },
  },
  FST_FILES_LIMIT: {
    status: 413,
    code: 'too_many_files',
    m: { zh: '一次只能上传一个文件。', en: 'Upload one file at a time.' },
  },
  FST_PARTS_LIMIT: { status: 413, code: 'too_many_parts', m: { zh: '表单字段过多。', en: 'Too many form fields.' } },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'multipart_expected',
    m: { zh: '请以 multipart/form-data 上传文件。', en: 'Upload the file as multipart/form-data.' },
  },
  FST_ERR_RATE_LIMIT: {
    status: 429,
    code: 'rate_limited',
    m: { zh: '请求过于频繁，请稍后再试。', en: 'Too many requests; try again later.' },
  },
};

function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: string,
  m: Bilingual,
  details?: unknown,
) {
  const message = languageOf(request) === 'en' ? m.en : m.zh;
  return reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(deps.config.logLevel, deps.logStream),
    // X-Forwarded-For is believed only from the proxies the office lists (DUBAN_TRUSTED_PROXIES, docs/operations.md):
    // on an intranet browsers connect directly from private addresses, and a client that could name its own address
    // would choose what keys its sign-in throttling and what the audit log records.
    trustProxy: deps.config.trustedProxies?.length ? deps.config.trustedProxies : false,
    bodyLimit: 1024 * 1024,
    // The router's own refusals (a malformed percent-escape, an over-long path parameter) in the one error shape.
    frameworkErrors: (error, request, reply) => {
      const long = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      return sendError(
        reply,
        request,
        long ? 414 : 400,
        long ? 'url_too_long' : 'bad_url',
        long
          ? { zh: '请求地址过长。', en: 'The request URL is too long.' }
          : { zh: '请求地址无效。', en: 'The request URL is not valid.' },
      );
    },
  });
  app.decorate('deps', deps);
  // Every route, for the generated-input and authorization tests that must cover them all.
  const routeList: RouteEntry[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routeList.push({ method, url: route.url, schema: route.schema });
  });
  app.decorateRequest('session', null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error: FastifyError | DubanError, request, reply) => {
    if (error instanceof DubanError) {
      if (error.status >= 500) request.log.error({ code: error.code }, error.messages.en);
      return sendError(reply, request, error.status, error.code, error.messages, error.details);
    }
    // The database refusing a character (a NUL that came some other way than a parsed request): the caller's input.
    const dbCode = (error as { cause?: { code?: unknown } }).cause?.code;
    if (dbCode === '22021' || dbCode === '22P05')
      return sendError(reply, request, 400, 'invalid_characters', UNSTORABLE_TEXT);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      return sendError(
        reply,
        request,
        400,
        'validation_failed',
        {
          zh: `请求数据不符合要求：${issues[0]?.path} ${issues[0]?.message}`,
          en: `Invalid request: ${issues[0]?.path} ${issues[0]?.message}`,
        },
        { issues },
      );
    }
    const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (known) return sendError(reply, request, known.status, known.code, known.m);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, request, error.statusCode, 'bad_request', {
        zh: '请求无效。',
        en: `Bad request: ${error.message}`,
      });
    }
    request.log.error(error);
    return sendError(reply, request, 500, 'internal_error', {
      zh: '服务器内部错误，请稍后再试。',
      en: 'Internal server error; please try again later.',
    });
  });

  // HSTS and upgrade-insecure-requests only when the office serves HTTPS: over plain http on an intranet host they
  // make the browser fetch every script over https, which fails, and the page stays blank.
  const https = deps.config.https ?? false;
  await app.register(helmet, {
    strictTransportSecurity: https ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: https ? [] : null,
        defaultSrc: ["'self'"],
        // Ant Design writes its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    // Thrown, so the one error handler answers in the one shape.
    errorResponseBuilder: (_request, context) =>
      new DubanError(
        'rate_limited',
        {
          zh: `请求过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试。`,
          en: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s.`,
        },
        429,
      ),
  });
  await app.register(multipart, { limits: { fileSize: MAX_NOTICE_BYTES, files: 1, fields: 10, parts: 12 } });
  await app.register(swagger, {
    openapi: { info: { title: 'duban 督办 API', version: '1' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Sessions: every API request learns who is calling; routes are private unless marked public. The session and
  // the CSRF token are checked as the request arrives, before its body is read or validated: a request without a
  // session or with a forged token is refused whatever it carries.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.session = await resolveSession(
        deps.database.db,
        deps.clock ?? (() => new Date()),
        token,
        deps.config.sessionIdleMinutes,
      );
    }
    if (request.routeOptions.config?.public) return;
    const session = request.session;
    if (!session) throw unauthorized();
    if (
      !['GET', 'HEAD', 'OPTIONS'].includes(request.method) &&
      !sameSecret(request.headers[CSRF_HEADER], session.csrfToken)
    ) {
      throw new DubanError(
        'csrf_failed',
        { zh: '请求校验失败，请刷新页面后重试。', en: 'CSRF check failed; reload the page and try again.' },
        403,
      );
    }
    if (session.me.mustChangePassword && !request.routeOptions.config?.duringPasswordChange) {
      throw new DubanError(
        'password_change_required',
        { zh: '请先修改初始密码。', en: 'Change your initial password first.' },
        403,
      );
    }
  });

  // Before validation: a NUL or a lone surrogate anywhere in the body, query or path is refused, never a 500 from
  // the database (text and jsonb cannot hold them).
  app.addHook('preValidation', async (request) => {
    if (hasUnstorableText(request.body) || hasUnstorableText(request.query) || hasUnstorableText(request.params))
      throw new DubanError('invalid_characters', UNSTORABLE_TEXT, 400);
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get('/healthz', { config: { public: true } }, async () => {
    await deps.database.db.execute('select 1' as never);
    return { status: 'ok', database: deps.database.kind };
  });
  await app.register(
    async (api) => {
      await authRoutes(api);
      await directoryRoutes(api);
      await userRoutes(api);
      await importRoutes(api);
      await planRoutes(api);
      await periodRoutes(api);
      await receiptRoutes(api);
      await ledgerRoutes(api);
      await submissionRoutes(api);
      await askOnceRoutes(api);
      await coordinationRoutes(api);
      await extensionRoutes(api);
      await consolidationRoutes(api);
      await supervisionRoutes(api);
      await exportRoutes(api);
      await bulletinRoutes(api);
      await evaluationRoutes(api);
      await ladderRoutes(api);
      await timelinessRoutes(api);
      await delayRoutes(api);
      await watchRoutes(api);
      await instructionRoutes(api);
      await leaderRoutes(api);
      await publicRoutes(api);
      await linkageRoutes(api);
      await sheetRoutes(api);
      await auditRoutes(api);
      await yearEndRoutes(api);
    },
    { prefix: API_PREFIX },
  );

  const webRoot = deps.webRoot ?? null;
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: ['index.html'],
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => reply.header('cache-control', webCacheControl(path)),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === 'GET' && !request.url.startsWith('/api') && webRoot && existsSync(join(webRoot, 'index.html'));
    if (isPage) return reply.type('text/html').sendFile('index.html');
    return sendError(reply, request, 404, 'not_found', { zh: '找不到该资源。', en: 'Not found.' });
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeList: RouteEntry[];
  }
}
