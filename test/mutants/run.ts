// The deliberate-bug pass: applies each mutant of list.ts to src/ in place, runs only its narrowest test files
// (PGlite only, for speed), restores the file, and prints what the tests noticed as JSON.
//   node --import tsx test/mutants/run.ts [--only id[,id…]] [--out file.json] [--no-baseline] [--check]
// Each set of narrowest tests first runs on the unchanged code (once per set): a mutant whose tests already fail
// there is "baseline_failed" and left out of the ratio.
// A mutant whose `find` text is not in its file exactly once is "stale" (the code moved on): refresh its text.
// Two cores: one mutant at a time, never a whole suite.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { MUTANTS, type Mutant } from './list.js';

/** baseline_failed: its tests fail on the unchanged code too, so they say nothing about the mutant. */
type Outcome = 'killed' | 'survived' | 'stale' | 'baseline_failed';

interface Result {
  id: string;
  file: string;
  outcome: Outcome;
  seconds: number;
  description: string;
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = option('--only')?.split(',');
/** --check: only report which mutants are stale, run nothing. */
const checkOnly = args.includes('--check');
/** --no-baseline: skip running each set of narrowest tests on the unchanged code first. */
const baseline = !args.includes('--no-baseline');
const baselinePassed = new Map<string, boolean>();
const out = option('--out');
const TIMEOUT_MS = 10 * 60_000;

const occurrences = (text: string, find: string) => text.split(find).length - 1;

function runTests(files: string[], testName?: string): boolean {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '' };
  delete env.DUBAN_TEST_PG_URL;
  const r = spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=dot', '--bail=1', ...(testName ? ['-t', testName] : []), ...files],
    {
      env,
      stdio: ['ignore', 'ignore', 'ignore'],
      timeout: TIMEOUT_MS,
    },
  );
  return r.status === 0;
}

/** The file a mutant is applied to now, as it was: put back on Ctrl-C too (after the test run it interrupts). */
let applied: { file: string; original: string } | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (applied) writeFileSync(applied.file, applied.original);
    process.exit(130);
  });
}

function tryMutant(m: Mutant): Result {
  const started = Date.now();
  const result = (outcome: Outcome): Result => ({
    id: m.id,
    file: m.file,
    outcome,
    seconds: Math.round((Date.now() - started) / 1000),
    description: m.description,
  });
  const original = readFileSync(m.file, 'utf8');
  if (occurrences(original, m.find) !== 1) return result('stale');
  if (checkOnly) return result('killed');
  if (baseline) {
    const key = `${[...m.narrowestTests].sort().join(' ')} -t ${m.testName ?? ''}`;
    if (!baselinePassed.has(key)) baselinePassed.set(key, runTests(m.narrowestTests, m.testName));
    if (!baselinePassed.get(key)) return result('baseline_failed');
  }
  const mutated = original.replace(m.find, () => m.replace);
  let passed: boolean;
  try {
    applied = { file: m.file, original };
    writeFileSync(m.file, mutated);
    passed = runTests(m.narrowestTests, m.testName);
  } finally {
    writeFileSync(m.file, original);
    applied = undefined;
  }
  return result(passed ? 'survived' : 'killed');
}

function summary(results: Result[]) {
  const count = (rs: Result[], o: Outcome) => rs.filter((r) => r.outcome === o).length;
  const ratio = (rs: Result[]) => {
    const decided = count(rs, 'killed') + count(rs, 'survived');
    return decided ? Math.round((1000 * count(rs, 'killed')) / decided) / 1000 : null;
  };
  const group = (rs: Result[]) => ({
    total: rs.length,
    killed: count(rs, 'killed'),
    survived: count(rs, 'survived'),
    stale: count(rs, 'stale'),
    baselineFailed: count(rs, 'baseline_failed'),
    ratio: ratio(rs),
  });
  return {
    ...group(results),
    server: group(results.filter((r) => r.file.startsWith('src/server/'))),
    core: group(results.filter((r) => r.file.startsWith('src/core/'))),
    survivors: results.filter((r) => r.outcome === 'survived').map((r) => ({ id: r.id, description: r.description })),
    staleIds: results.filter((r) => r.outcome === 'stale').map((r) => r.id),
    baselineFailedIds: results.filter((r) => r.outcome === 'baseline_failed').map((r) => r.id),
    results: results.map(({ id, outcome, seconds }) => ({ id, outcome, seconds })),
  };
}

const ids = new Set(MUTANTS.map((m) => m.id));
if (ids.size !== MUTANTS.length) throw new Error('two mutants share an id');
const unknown = only?.filter((id) => !ids.has(id)) ?? [];
if (unknown.length) throw new Error(`no such mutant: ${unknown.join(', ')}`);

// Refuse to start on a dirty src/: restoring could not tell our edit from someone's work.
const dirty = spawnSync('git', ['diff', '--quiet', '--', 'src'], { stdio: 'ignore' }).status !== 0;
if (dirty) throw new Error('src/ has uncommitted changes: commit or stash them first');

const results: Result[] = [];
for (const m of MUTANTS.filter((m) => !only || only.includes(m.id))) {
  const r = tryMutant(m);
  results.push(r);
  console.error(`${r.outcome.padEnd(8)} ${String(r.seconds).padStart(4)} s  ${r.id}`);
}
if (spawnSync('git', ['diff', '--quiet', '--', 'src'], { stdio: 'ignore' }).status !== 0) {
  throw new Error('src/ was not restored: see git diff');
}
const json = `${JSON.stringify(summary(results), null, 2)}\n`;
if (out) writeFileSync(out, json);
process.stdout.write(json);
