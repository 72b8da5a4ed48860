// The notice corpus (test/fixtures/notices/corpus): every fixture, whatever its layout and format, must find
// at least 95 % of its expected tasks with units F1 of at least 95 %; the same table as .pdf and .xlsx gives
// the same tasks. Figures per fixture (and parse time) are reported by `npm run bench -- --only parse_corpus`.

import { describe, expect, it } from 'vitest';
import { listFixtures, scoreFixture } from './fixtures/notices/corpus/corpus.js';

const fixtures = listFixtures();

describe('notice corpus', () => {
  it('has the sample table in every format a tool here writes', () => {
    const sample = fixtures.filter((f) => f.layout === 'sample-table').map((f) => f.ext);
    expect(sample).toEqual(expect.arrayContaining(['docx', 'xlsx', 'xls', 'ods', 'pdf', 'doc']));
  });

  it.each(fixtures.map((f) => [f.name, f] as const))(
    '%s: ≥ 95 % of tasks found, units F1 ≥ 95 %',
    async (_name, fixture) => {
      const { tasks: _tasks, ...score } = await scoreFixture(fixture);
      expect(score.error).toBeUndefined();
      expect(score.tasksFound, JSON.stringify(score.missed.slice(0, 10))).toBeGreaterThanOrEqual(95);
      expect(score.unitsF1).toBeGreaterThanOrEqual(95);
    },
    120_000,
  );

  it('gives the same tasks for the same table as .pdf and as .xlsx', async () => {
    const byExt = (ext: string) => {
      const f = fixtures.find((x) => x.layout === 'sample-table' && x.ext === ext);
      if (!f) throw new Error(`no sample-table.${ext} in the corpus`);
      return f;
    };
    const [pdf, xlsx] = await Promise.all([scoreFixture(byExt('pdf')), scoreFixture(byExt('xlsx'))]);
    const shape = (tasks: typeof pdf.tasks) =>
      tasks.map((t) => ({
        source: t.source,
        number: t.number,
        section: t.section.map((s) => s.replace(/\s+/g, '')),
        text: t.text.replace(/\s+/g, ''),
        units: t.assignments.map((a) => `${a.role}:${a.level}:${a.unit}`),
      }));
    expect(shape(pdf.tasks)).toEqual(shape(xlsx.tasks));
  }, 120_000);
});
