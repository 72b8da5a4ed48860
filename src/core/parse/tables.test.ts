// The table reader on tables as they come: one fixture per layout (written for this test, none
// copied from a real document) scored like the corpus, and generated tables in every layout.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResultSchema } from '../../api/parse.js';
import { parseNotice, parseNoticeText } from './index.js';
import { splitPersons } from './tables.js';
import { fold } from './text.js';
import type { ParsedTask, ParseResult } from './types.js';

const CORPUS = join(import.meta.dirname, '../../../test/fixtures/notices/corpus');

interface Expected {
  tasks: { number: string | null; textStart: string; units: { unit: string; role: string }[] }[];
}

const squash = (s: string) => fold(s).replace(/\s+/g, '');

/** Share of expected tasks found (number and text start) with every expected unit in its role. */
function score(r: ParseResult, expected: Expected): { found: number; complete: number; missing: string[] } {
  let found = 0;
  let complete = 0;
  const missing: string[] = [];
  const used = new Set<ParsedTask>();
  for (const e of expected.tasks) {
    const task = r.tasks.find(
      (t) => !used.has(t) && t.number === e.number && squash(t.text).startsWith(squash(e.textStart)),
    );
    if (!task) {
      missing.push(`${e.number ?? '—'} ${e.textStart}: not found`);
      continue;
    }
    used.add(task);
    found++;
    const have = new Set(task.assignments.map((a) => `${a.role}:${squash(a.unit)}`));
    const lost = e.units.filter((u) => !have.has(`${u.role}:${squash(u.unit)}`));
    if (lost.length === 0) complete++;
    else missing.push(`${e.number ?? '—'} ${e.textStart}: ${lost.map((u) => `${u.role}:${u.unit}`).join(', ')}`);
  }
  return { found, complete, missing };
}

const fixtures = readdirSync(CORPUS)
  .filter((f) => /^table-.*\.(?:txt|html)$/.test(f))
  .sort();

describe('table layouts (test/fixtures/notices/corpus/table-*)', () => {
  it('has a fixture for each of at least nine layouts', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(9);
  });

  for (const file of fixtures) {
    it(`reads ${file}: every task with its units`, async () => {
      const expected = JSON.parse(
        readFileSync(join(CORPUS, file.replace(/\.(?:txt|html)$/, '.expected.json')), 'utf8'),
      ) as Expected;
      const { input: _input, ...r } = await parseNotice(new Uint8Array(readFileSync(join(CORPUS, file))), file);
      expect(parseResultSchema.safeParse(r).success).toBe(true);
      const s = score(r, expected);
      expect(s.missing).toEqual([]);
      expect(s.complete / expected.tasks.length).toBeGreaterThanOrEqual(0.95);
      // No task the document does not have.
      expect(r.tasks.length).toBe(expected.tasks.length);
    });
  }
});
