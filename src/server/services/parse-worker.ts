// The notice parser's own thread: decoding and parsing a 10 MB notice takes seconds of CPU, which on the
// request thread would stall every other user. Started by parseNoticeOffThread (notice-parsing.ts), one per parse.

import { parentPort, workerData } from 'node:worker_threads';
import { DubanError } from '../../core/errors.js';
import { type InputFormat, type ParseResult, parseNotice } from '../../core/parse/index.js';
import { type DraftSummary, storable, summarize } from './notice-draft.js';

export interface ParseJob {
  bytes: Uint8Array;
  fileName: string;
}

/** Tasks come first in slices (each message is deserialised on its own turn of the caller's loop), then the rest. */
export type ParseReply =
  | { tasks: ParseResult['tasks'] }
  | { ok: true; result: ParsedDraft }
  | { ok: false; error: { code: string; messages: { zh: string; en: string }; status: number; details: unknown } }
  | { ok: false; crash: string };

/** The parse made storable, its input format, and the draft's summary. */
export interface ParsedDraft {
  parse: ParseResult;
  format: InputFormat;
  summary: DraftSummary;
}

const TASKS_PER_MESSAGE = 2000;
const job = workerData as ParseJob;
let reply: ParseReply;
try {
  const { input, ...parsed } = await parseNotice(job.bytes, job.fileName);
  const parse = storable(parsed);
  const summary = summarize(parse);
  for (let i = 0; i < parse.tasks.length; i += TASKS_PER_MESSAGE) {
    parentPort?.postMessage({ tasks: parse.tasks.slice(i, i + TASKS_PER_MESSAGE) } satisfies ParseReply);
  }
  reply = { ok: true, result: { parse: { ...parse, tasks: [] }, format: input.format, summary } };
} catch (e) {
  reply =
    e instanceof DubanError
      ? { ok: false, error: { code: e.code, messages: e.messages, status: e.status, details: e.details } }
      : { ok: false, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}
parentPort?.postMessage(reply);
