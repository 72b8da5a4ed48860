// Notice parsing off the request thread, within a time budget. The upload route already bounds the size
// (MAX_NOTICE_BYTES); here the CPU time and the heap are bounded: past the time budget the worker is terminated and
// the caller gets a clear 503, past the heap budget a 413, so one pathological file can neither stall other users,
// nor run forever, nor take the machine's memory.

import { Worker } from 'node:worker_threads';
import { DubanError } from '../../core/errors.js';
import type { ParsedTask } from '../../core/parse/index.js';
import { settleOnce } from '../settle-once.js';
import type { ParsedDraft, ParseJob, ParseReply } from './parse-worker.js';

export const PARSE_TIME_BUDGET_MS = 60_000;
/**
 * The parser thread's heap: the largest allowed text notice (100,000 tasks, 9 MB) needs under 150 MB. Past the
 * budget the thread ends and the office gets a clear 413 rather than the machine's memory going to one file.
 */
export const PARSE_HEAP_BUDGET_MB = 512;

const tooComplex = (budgetMb: number) =>
  new DubanError(
    'notice_too_complex',
    {
      zh: `通知内容过多，解析所需内存超过 ${budgetMb} MB 上限，已中止。请将通知拆分后分别导入。`,
      en: `The notice holds too much to parse within the ${budgetMb} MB memory budget and was stopped. Split the notice and import the parts.`,
    },
    413,
    { budgetMb },
  );

const WORKER = new URL('./parse-worker.mjs', import.meta.url);

/** A parsed notice whose tasks are kept as the parser's thread sent them, compact, and decoded a slice at a time. */
export interface ParsedNotice extends ParsedDraft {
  /** The tasks in order, a slice at a time; once (each slice is let go as it is read, for the writer's memory). */
  tasks(): Generator<ParsedTask[]>;
}

export function parseNoticeOffThread(
  bytes: Uint8Array,
  fileName: string,
  { timeoutMs = PARSE_TIME_BUDGET_MS, heapMb = PARSE_HEAP_BUDGET_MB }: { timeoutMs?: number; heapMb?: number } = {},
): Promise<ParsedNotice> {
  const worker = new Worker(WORKER, {
    workerData: { bytes, fileName } satisfies ParseJob,
    // A small young generation: the parse's short-lived strings are collected sooner, ~30 MB less at the peak of
    // the largest notice (bench large_import), for no measurable time.
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 },
  });
  const slices: Uint8Array[] = [];
  function* tasks(): Generator<ParsedTask[]> {
    const decoder = new TextDecoder();
    for (let slice = slices.shift(); slice; slice = slices.shift())
      yield JSON.parse(decoder.decode(slice)) as ParsedTask[];
  }
  return new Promise<ParsedNotice>((resolve, reject) => {
    const settle = settleOnce(() => {
      clearTimeout(timer);
      void worker.terminate();
    });
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new DubanError(
              'parse_timeout',
              {
                zh: `通知解析超过 ${Math.round(timeoutMs / 1000)} 秒仍未完成，已中止。请检查文件内容，或将通知拆分后分别导入。`,
                en: `Parsing the notice took longer than ${Math.round(timeoutMs / 1000)} s and was stopped. Check the file, or split the notice and import the parts.`,
              },
              503,
              { budgetMs: timeoutMs },
            ),
          ),
        ),
      timeoutMs,
    );
    worker.on('message', (reply: ParseReply) => {
      if ('tasks' in reply) {
        slices.push(reply.tasks);
        return;
      }
      settle(() => {
        if (reply.ok) resolve({ ...reply.result, tasks });
        else if ('error' in reply) {
          const { code, messages, status, details } = reply.error;
          reject(new DubanError(code, messages, status, details));
        } else reject(new Error(`notice parser failed: ${reply.crash}`));
      });
    });
    worker.once('error', (error) =>
      settle(() =>
        reject((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex(heapMb) : error),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`notice parser exited with code ${code} before answering`))),
    );
  });
}
