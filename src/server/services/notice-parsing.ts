// Notice parsing off the request thread, within a time budget. The upload route already bounds the size
// (MAX_NOTICE_BYTES); here the CPU time is bounded: past the budget the worker is terminated and the
// caller gets a clear 503, so one pathological file can neither stall other users nor run forever.

import { Worker } from 'node:worker_threads';
import { DubanError } from '../../core/errors.js';
import { settleOnce } from '../settle-once.js';
import type { ParsedDraft, ParseJob, ParseReply } from './parse-worker.js';

export const PARSE_TIME_BUDGET_MS = 60_000;

const WORKER = new URL('./parse-worker.mjs', import.meta.url);

export function parseNoticeOffThread(
  bytes: Uint8Array,
  fileName: string,
  { timeoutMs = PARSE_TIME_BUDGET_MS }: { timeoutMs?: number } = {},
): Promise<ParsedDraft> {
  const worker = new Worker(WORKER, { workerData: { bytes, fileName } satisfies ParseJob });
  return new Promise<ParsedDraft>((resolve, reject) => {
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
    const tasks: ParsedDraft['parse']['tasks'] = [];
    const onMessage = (reply: ParseReply) => {
      if ('tasks' in reply) {
        for (const t of reply.tasks) tasks.push(t);
        return;
      }
      worker.off('message', onMessage);
      settle(() => {
        if (reply.ok) resolve({ ...reply.result, parse: { ...reply.result.parse, tasks } });
        else if ('error' in reply) {
          const { code, messages, status, details } = reply.error;
          reject(new DubanError(code, messages, status, details));
        } else reject(new Error(`notice parser failed: ${reply.crash}`));
      });
    };
    worker.on('message', onMessage);
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`notice parser exited with code ${code} before answering`))),
    );
  });
}
