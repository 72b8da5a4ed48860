// linkage group: suggesting the city/province tasks a district task serves (上下贯通), character bigrams
// against ICU word segmentation, scored on the hand-made gold list bench/linkage-gold.json:
// precision of the first suggestion, recall within the first three, and time per district task.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, type Tokenizer } from '../src/core/linkage.js';
import { parseNotice } from '../src/core/parse/index.js';
import { type BenchEntry, round } from './types.js';

const ROOT = join(import.meta.dirname, '..');

export async function linkageQuality(tokenizer: Tokenizer) {
  const parsed = await parseNotice(readFileSync(join(ROOT, 'examples', 'wuchang-2025-work-report-tasks.txt')));
  const level = new Map(parsed.sources.map((s) => [s.index, s.level]));
  const prefix: Record<string, string> = { province: 'P', city: 'C', district: 'D' };
  const tasks = parsed.tasks.map((t) => ({
    id: `${prefix[level.get(t.source) ?? ''] ?? '?'}${t.number}`,
    text: t.text,
  }));
  const gold: Record<string, string[]> = JSON.parse(
    readFileSync(join(ROOT, 'bench', 'linkage-gold.json'), 'utf8'),
  ).links;
  const candidates = tasks.filter((t) => !t.id.startsWith('D')).map((t) => ({ item: t.id, text: t.text }));
  const queries = Object.keys(gold).map((id) => tasks.find((t) => t.id === id)?.text ?? '');
  const started = performance.now();
  const index = buildIndex(candidates, queries, tokenizer);
  let top1 = 0;
  let found = 0;
  let total = 0;
  for (const [id, expected] of Object.entries(gold)) {
    const ranked = index.score(tasks.find((t) => t.id === id)?.text ?? '').map((s) => s.item);
    if (expected.includes(ranked[0] as string)) top1++;
    found += expected.filter((e) => ranked.slice(0, 3).includes(e)).length;
    total += expected.length;
  }
  const ms = performance.now() - started;
  const n = Object.keys(gold).length;
  return { precisionAt1: top1 / n, recallAt3: found / total, msPerTask: ms / n, n, total };
}

export async function linkageBench(): Promise<BenchEntry[]> {
  const entries: BenchEntry[] = [];
  for (const tokenizer of ['bigram', 'word'] as const) {
    const q = await linkageQuality(tokenizer);
    const note = `${q.n} district tasks, ${q.total} gold links (bench/linkage-gold.json)`;
    entries.push(
      {
        id: `linkage.${tokenizer}.precision_at_1`,
        value: round(q.precisionAt1, 3),
        unit: 'share',
        better: 'higher',
        note,
      },
      { id: `linkage.${tokenizer}.recall_at_3`, value: round(q.recallAt3, 3), unit: 'share', better: 'higher', note },
      {
        id: `linkage.${tokenizer}.ms_per_task`,
        value: round(q.msPerTask, 2),
        unit: 'ms',
        better: 'lower',
        note: 'index build over the 203 city/province tasks included',
      },
    );
  }
  return entries;
}
