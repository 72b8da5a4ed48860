// Memory of a server process as the kernel counts it (Linux /proc): its resident set now and its high-water mark,
// which writing 5 to clear_refs resets to the current resident set. Read for a child server process, so that
// neither the bench's own client (building an 8 MB workbook, say) nor an earlier run's memory is counted.

import { readFileSync, writeFileSync } from 'node:fs';

/** VmRSS and VmHWM of a process, in bytes. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s*(\\d+)\\s*kB`).exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** The process's peak RSS above its RSS just before `fn`, in bytes, and how long `fn` took in ms. */
export async function peakAbove<T>(pid: number, fn: () => Promise<T>): Promise<{ peak: number; ms: number; value: T }> {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const before = memoryOf(pid).rss;
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  return { peak: Math.max(0, memoryOf(pid).hwm - before), ms, value };
}
