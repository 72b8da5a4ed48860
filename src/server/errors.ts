// Constructors for the errors services throw most. All are DubanError (src/core/errors.ts), the one
// error type; the Fastify error handler in app.ts turns them into `{ error: { code, message, details } }`.

import { DubanError } from '../core/errors.js';

export const notFound = (what = '资源', whatEn = 'resource'): DubanError =>
  new DubanError('not_found', { zh: `找不到该${what}。`, en: `No such ${whatEn}.` }, 404);

export const unauthorized = (): DubanError =>
  new DubanError('unauthorized', { zh: '请先登录。', en: 'Please sign in first.' }, 401);

export const forbidden = (): DubanError =>
  new DubanError('forbidden', { zh: '您没有执行此操作的权限。', en: 'You are not allowed to do this.' }, 403);

export const conflict = (code: string, zh: string, en: string, details?: unknown): DubanError =>
  new DubanError(code, { zh, en }, 409, details);

export const badRequest = (code: string, zh: string, en: string, details?: unknown): DubanError =>
  new DubanError(code, { zh, en }, 400, details);
