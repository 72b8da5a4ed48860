// /auth: sign in, sign out, who am I, change password.

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  changePasswordBodySchema,
  loginBodySchema,
  SESSION_COOKIE,
  sessionProbeSchema,
  sessionSchema,
} from '../../api/v1.js';
import { unauthorized } from '../errors.js';
import { changePassword, login, logout } from '../services/auth.js';
import { ctxOf } from './context.js';

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = () => ({
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: app.deps.config.cookieSecure,
    path: '/',
  });

  api.post(
    '/auth/login',
    {
      schema: { body: loginBodySchema, response: { 200: sessionSchema } },
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { token, session } = await login(ctxOf(request, app), {
        ...request.body,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, token, cookieOptions());
      return { user: session.me, csrfToken: session.csrfToken };
    },
  );

  api.post('/auth/logout', { config: { duringPasswordChange: true } }, async (request, reply) => {
    if (request.session) await logout(ctxOf(request, app), request.session.sessionId);
    reply.clearCookie(SESSION_COOKIE, cookieOptions());
    return reply.status(204).send();
  });

  api.get(
    '/auth/me',
    { schema: { response: { 200: sessionSchema } }, config: { duringPasswordChange: true } },
    async (request) => {
      const session = request.session;
      if (!session) throw unauthorized();
      return { user: session.me, csrfToken: session.csrfToken };
    },
  );

  // The web client asks this on start: a browser logs any 4xx as a console error, and being signed out is the
  // normal state of the sign-in page, not a failure. /auth/me still answers 401 without a session.
  api.get(
    '/auth/session',
    { schema: { response: { 200: sessionProbeSchema } }, config: { public: true, duringPasswordChange: true } },
    async (request) => {
      const session = request.session;
      return { session: session ? { user: session.me, csrfToken: session.csrfToken } : null };
    },
  );

  api.post(
    '/auth/password',
    { schema: { body: changePasswordBodySchema }, config: { duringPasswordChange: true } },
    async (request, reply) => {
      const session = request.session;
      if (!session) throw unauthorized();
      // A new session token for the new password: the one the caller had before is no longer valid.
      const { token } = await changePassword(ctxOf(request, app), session.sessionId, request.body);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions());
      return reply.status(204).send();
    },
  );
}
