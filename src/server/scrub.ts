// What an error may show outside the process (a log line, the terminal of `duban …`): never SQL parameters.
// A failed statement's message ends with its parameters, which carry the values being written (password hashes,
// session and CSRF tokens, robot secrets); the error object also holds them (`params`), and a database error's
// `detail` quotes row values. So errors are written out only through these, never printed or inspected whole.

import { DubanError } from '../core/errors.js';

/** A failed SQL statement's message ends with its parameters: drop them. */
export const scrubSql = (text: string) => text.replace(/\nparams: [\s\S]*$/, '\nparams: [redacted]');

/** An error's stack (or message) with the parameters dropped, and its causes likewise, for a terminal. */
export function errorText(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return typeof error === 'string' ? scrubSql(error) : 'non-error thrown';
  const message = scrubSql(error.message);
  const own = error.stack ? error.stack.replace(error.message, message) : `${error.name}: ${message}`;
  return error.cause !== undefined && depth < 3 ? `${own}\nCaused by: ${errorText(error.cause, depth + 1)}` : own;
}

/**
 * How a command that failed ends: a bilingual line for a DubanError (exit 2 for the user's to fix, 1 for a fault),
 * "内部错误 / Internal error" and the scrubbed stack otherwise (exit 1).
 */
export function failure(error: unknown): { text: string; exitCode: number } {
  if (error instanceof DubanError)
    return { text: `错误：${error.messages.zh}\nError: ${error.messages.en}\n`, exitCode: error.status >= 500 ? 1 : 2 };
  return { text: `内部错误 / Internal error: ${errorText(error)}\n`, exitCode: 1 };
}
