// The notice parser's own thread: decoding and parsing a 10 MB notice takes seconds of CPU, which on the
// request thread would stall every other user. Started by parseNoticeOffThread (notice-parsing.ts), one per parse;
// it lives until the caller has read the tasks (or gives up) and ends it.

import { parentPort, workerData } from 'node:worker_threads';
import { DubanError } from '../../core/errors.js';
import { type InputFormat, type ParseResult, parseNotice } from '../../core/parse/index.js';
import { type DraftSummary, storable, summarize } from './notice-draft.js';

export interface ParseJob {
  bytes: Uint8Array;
  fileName: string;
}

/**
 * The parse (without its tasks) comes first; then each 'next' from the caller is answered with the next slice of
 * tasks, an empty slice at the end. The caller asks for a slice once it has written the one before, so it holds
 * one slice at a time however large the notice (the whole parse stays here, in this thread's own heap).
 */
export type ParseReply =
  | { tasks: ParseResult['tasks'] }
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
try {
  const { input, ...parsed } = await parseNotice(job.bytes, job.fileName);
  const parse = storable(parsed);
  const summary = summarize(parse);
  const tasks = parse.tasks;
  let next = 0;
  parentPort?.on('message', () => {
    parentPort?.postMessage({ tasks: tasks.slice(next, next + TASKS_PER_SLICE) } satisfies ParseReply);
    next += TASKS_PER_SLICE;
  });
  parentPort?.postMessage({
    ok: true,
    result: { parse: { ...parse, tasks: [] }, format: input.format, summary },
  } satisfies ParseReply);
} catch (e) {
  parentPort?.postMessage(
    (e instanceof DubanError
      ? { ok: false, error: { code: e.code, messages: e.messages, status: e.status, details: e.details } }
      : { ok: false, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) }) satisfies ParseReply,
  );
}
