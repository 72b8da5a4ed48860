// `npm run bench [-- --only GROUP]`: measures, prints a table and writes bench-results.json
// (goals in docs/design.md#architecture). Each figure is measured in the same run as its baseline. Goals are reported,
// never asserted: a benchmark is not a test.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bulletinBench } from './bulletin.js';
import { dashboardBench, exportBench } from './dashboard.js';
import { deadlineBench } from './deadline.js';
import { largeImportBench } from './large-import.js';
import { linkageBench } from './linkage.js';
import { loadBench } from './load.js';
import { parseBench } from './parse.js';
import { parseCorpusBench } from './parse-corpus.js';
import { qualityBench } from './quality.js';
import { apiBench, importBench } from './server.js';
import { submitBench } from './submit.js';
import type { BenchEntry, BenchGroup } from './types.js';
import { uploadsBench } from './uploads.js';
import { webBench } from './web.js';

const GROUPS: Record<string, BenchGroup> = {
  parse: parseBench,
  parse_corpus: parseCorpusBench,
  import: importBench,
  large_import: largeImportBench,
  api: apiBench,
  submit: submitBench,
  dashboard: dashboardBench,
  export: exportBench,
  bulletin: bulletinBench,
  linkage: linkageBench,
  deadline: deadlineBench,
  load: loadBench,
  web: webBench,
  uploads: uploadsBench,
  quality: qualityBench,
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const names = values.only ? values.only.split(',') : Object.keys(GROUPS);
  for (const n of names) {
    if (!GROUPS[n]) {
      process.stderr.write(
        `错误：未知的基准组 ${n} / Error: unknown bench group ${n} (known: ${Object.keys(GROUPS).join(', ')})\n`,
      );
      process.exitCode = 2;
      return;
    }
  }
  const entries: BenchEntry[] = [];
  for (const n of names) {
    const group = GROUPS[n] as BenchGroup;
    const result = await group();
    if ('skipped' in result) {
      entries.push({ id: `${n}.skipped`, value: 0, unit: 'n/a', better: 'lower', note: `skipped: ${result.skipped}` });
      continue;
    }
    entries.push(...result);
  }
  const rows = entries.map((e) => [
    e.id,
    String(e.value),
    e.unit,
    e.goal === undefined ? '' : `${e.better === 'lower' ? '≤' : '≥'} ${e.goal}`,
    e.note ?? '',
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] as string).length), 4));
  for (const r of rows)
    process.stdout.write(
      `${r
        .slice(0, 4)
        .map((c, i) => c.padEnd(widths[i] as number))
        .join('  ')}  ${r[4]}\n`,
    );
  const file = join(import.meta.dirname, '..', 'bench-results.json');
  writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`);
  process.stdout.write(`\n${JSON.stringify(entries)}\n`);
}

await main();
