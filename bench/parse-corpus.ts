// parse_corpus group: every fixture of the notice corpus (test/fixtures/notices/corpus), whatever its layout and
// format: tasks found %, units F1 and parse time (bytes to tasks: decoding the format and the structure reader),
// the median of three parses after one warm-up (pdf.js and SheetJS load on first use).

import { listFixtures, scoreFixture } from '../test/fixtures/notices/corpus/corpus.js';
import { type BenchEntry, round } from './types.js';

const RUNS = 3;

export async function parseCorpusBench(): Promise<BenchEntry[]> {
  const entries: BenchEntry[] = [];
  const fixtures = listFixtures();
  // One untimed parse of a file of each format first: module loading is not parse time.
  const seen = new Set<string>();
  for (const f of fixtures) if (!seen.has(f.ext) && seen.add(f.ext)) await scoreFixture(f);
  for (const f of fixtures) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await scoreFixture(f));
    const score = runs[0] as (typeof runs)[number];
    const ms = runs.map((r) => r.parseMs).sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
    const id = `parse_corpus.${f.name}`;
    const note = score.error ? `refused: ${score.error}` : `${score.foundTasks}/${score.expectedTasks} tasks`;
    entries.push(
      { id: `${id}.tasks_found_pct`, value: score.tasksFound, unit: '%', better: 'higher', goal: 95, note },
      { id: `${id}.units_f1_pct`, value: score.unitsF1, unit: '%', better: 'higher', goal: 95 },
      { id: `${id}.parse_ms`, value: round(ms, 1), unit: 'ms', better: 'lower' },
    );
  }
  return entries;
}
