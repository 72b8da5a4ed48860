export interface BenchEntry {
  id: string;
  value: number;
  unit: string;
  better: 'lower' | 'higher';
  goal?: number;
  note?: string;
}

export type BenchGroup = () => Promise<BenchEntry[] | { skipped: string }>;

/** Median of `runs` timed calls after `warmup` untimed ones, in milliseconds. */
export function medianMs(fn: () => unknown, runs: number, warmup = Math.ceil(runs / 5)): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
