// parse group: the sample's parse time next to one regex pass over the same text, throughput,
// and how adversarial input scales (linear time: 4× the input should take about 4× the time).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNoticeText } from '../src/core/parse/index.js';
import { type BenchEntry, medianMs, round } from './types.js';

const SAMPLE = join(import.meta.dirname, '..', 'examples', 'wuchang-2025-work-report-tasks.txt');

export async function parseBench(): Promise<BenchEntry[]> {
  const bytes = readFileSync(SAMPLE);
  const text = bytes.toString('utf8');
  const parseMs = medianMs(() => parseNoticeText(text), 200);
  // The baseline: one regex pass that finds numbered lines with a unit note.
  const baselineRe = /^\d{1,3}[.、][^\n]*?[(（][^)）\n]*单位[:：][^)）\n]*[)）]/gm;
  const baselineMs = medianMs(() => text.match(baselineRe)?.length, 200);
  const mb = bytes.length / 1024 / 1024;

  const adversarial: [string, (n: number) => string][] = [
    ['open_brackets', (n) => '('.repeat(n)],
    ['fullwidth_brackets', (n) => '（'.repeat(n / 2)],
    ['numbered_lines', (n) => '1.\n'.repeat(n / 3)],
    ['numbers_one_line', (n) => '1.'.repeat(n / 2)],
    ['unit_list', (n) => `1.任务（牵头单位：${'区发改局、'.repeat(n / 10)}）`],
    ['attachment_markers', (n) => '附件1\n'.repeat(n / 4)],
    ['separator_run_in_note', (n) => `1.任务（牵头单位：a${'、'.repeat(n / 2)}b）`],
    ['digit_run', (n) => `1.任务${'1'.repeat(n)}x（牵头单位：区发改局）`],
  ];
  let worst = { name: '', ratio: 0 };
  for (const [name, make] of adversarial) {
    const small = make(1 << 18);
    const big = make(1 << 20);
    const ratio = medianMs(() => parseNoticeText(big), 5, 1) / medianMs(() => parseNoticeText(small), 5, 1);
    if (ratio > worst.ratio) worst = { name, ratio };
  }
  return [
    { id: 'parse.sample.median_ms', value: round(parseMs), unit: 'ms', better: 'lower', goal: 5 },
    {
      id: 'parse.baseline.median_ms',
      value: round(baselineMs),
      unit: 'ms',
      better: 'lower',
      note: 'one regex pass over the same text',
    },
    {
      id: 'parse.sample.ratio_to_baseline',
      value: round(parseMs / baselineMs, 1),
      unit: '×',
      better: 'lower',
      goal: 10,
    },
    { id: 'parse.sample.mb_per_s', value: round(mb / (parseMs / 1000), 2), unit: 'MB/s', better: 'higher' },
    {
      id: 'parse.adversarial.scaling_4x',
      value: round(worst.ratio, 2),
      unit: '×',
      better: 'lower',
      goal: 6,
      note: `time(1 MiB)/time(256 KiB), worst case: ${worst.name} (linear ≈ 4)`,
    },
  ];
}
