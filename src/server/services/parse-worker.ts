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

/**
 * The tasks come first, a slice per message as UTF-8 JSON moved (not copied) to the caller, then the rest of the
 * parse; then this thread ends. The caller keeps the compact slices (a 100,000-task notice is about 30 MB of them)
 * and decodes one at a time as it writes, while the parse's own objects go with this thread's heap.
 */
export type ParseReply =
  | { tasks: Uint8Array }
  | { ok: true; result: ParsedDraft }
  | { ok: false; error: { code: string; messages: { zh: string; en: string }; status: number; details: unknown } }
  | { ok: false; crash: string };

/** The parse made storable (its tasks sent apart, slice by slice), its input format, and the draft's summary. */
export interface ParsedDraft {
  parse: ParseResult;
  format: InputFormat;
  summary: DraftSummary;
}

/** Tasks per slice: one slice is one statement of the caller's (src/server/services/imports.ts BATCH). */
export const TASKS_PER_SLICE = 200;
const job = workerData as ParseJob;
let reply: ParseReply;
try {
  const { input, ...parsed } = await parseNotice(job.bytes, job.fileName);
  const parse = storable(parsed);
  const summary = summarize(parse);
  const encoder = new TextEncoder();
  for (let i = 0; i < parse.tasks.length; i += TASKS_PER_SLICE) {
    const slice = encoder.encode(JSON.stringify(parse.tasks.slice(i, i + TASKS_PER_SLICE)));
    parentPort?.postMessage({ tasks: slice } satisfies ParseReply, [slice.buffer]);
  }
  reply = { ok: true, result: { parse: { ...parse, tasks: [] }, format: input.format, summary } };
} catch (e) {
  reply =
    e instanceof DubanError
      ? { ok: false, error: { code: e.code, messages: e.messages, status: e.status, details: e.details } }
      : { ok: false, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}
parentPort?.postMessage(reply);
