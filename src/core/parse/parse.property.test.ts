// Property tests: any bytes at all, generated notices and mutated real structure. The parser
// never throws anything but a DubanError, never hangs, and never silently drops a numbered line.
// (Linear time is measured in `npm run bench -- --only parse`, never asserted on a clock here.)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largeNoticeText } from '../../../test/large-notice.js';
import { parseResultSchema } from '../../api/parse.js';
import { DubanError } from '../errors.js';
import { parseNotice, parseNoticeText } from './index.js';
import type { ParseResult } from './types.js';

const SAMPLE = readFileSync(join(import.meta.dirname, '../../../examples/wuchang-2025-work-report-tasks.txt'), 'utf8');
const SAMPLE_LINES = SAMPLE.split('\n');

/** Structural invariants every result must keep, whatever the input. */
function checkInvariants(r: ParseResult, lineCount: number): void {
  expect(parseResultSchema.safeParse(r).success).toBe(true);
  const indices = new Set(r.sources.map((s) => s.index));
  for (const t of r.tasks) {
    expect(indices.has(t.source)).toBe(true);
    expect(t.line).toBeGreaterThanOrEqual(1);
    expect(t.line).toBeLessThanOrEqual(lineCount);
    for (const a of t.assignments) expect(a.unit.trim()).not.toBe('');
    for (const i of t.indicators) expect(Number.isFinite(i.value)).toBe(true);
  }
  for (const w of r.warnings) expect(w.line).toBeGreaterThanOrEqual(1);
}

async function parseBytesSafely(bytes: Uint8Array): Promise<void> {
  try {
    const r = await parseNotice(bytes);
    // Partial beats nothing: tasks, or a file with a notice's structure and a warning that no task was read.
    if (r.tasks.length === 0) expect(r.warnings.map((w) => w.code)).toContain('no_task_found');
  } catch (e) {
    expect(e).toBeInstanceOf(DubanError);
  }
}

const fragments = fc.constantFrom(
  '一、',
  '（一）',
  '(二)',
  '——',
  '1.',
  '2、',
  '3. ',
  '（1）',
  '①',
  '附件1',
  '附件:',
  '附件2\n',
  '\n',
  '\n\n',
  '。',
  '，',
  '(',
  ')',
  '（',
  '）',
  '【',
  '】',
  '[',
  ']',
  '〈',
  '〉',
  '、',
  ';',
  '；',
  ':',
  '：',
  '|',
  ' | ',
  '牵头单位',
  '责任单位',
  '配合单位',
  '市级牵头单位:',
  '区级责任单位：',
  '责任领导：',
  '完成时限：',
  '区发改局',
  '市发改委',
  '各街道办事处',
  '增长6%左右',
  '不少于30个',
  '1万个',
  '突破2700亿元',
  '年底前',
  '负责',
  '牵头',
  '配合',
  '序号',
  '任务',
  '2025年',
  '政府工作报告',
  '区《政府工作报告》',
  '网站标识码',
  '\u3000',
  '\uFEFF',
  '𠀀',
  '\r\n',
);

describe('the parser on any input', () => {
  it('takes any bytes without throwing anything but a DubanError', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), parseBytesSafely), { numRuns: 300 });
  });

  it('takes any string of notice fragments and keeps its invariants', () => {
    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 400 }), (parts) => {
        const text = parts.join('');
        checkInvariants(parseNoticeText(text), text.split(/\r\n|\r|\n/).length);
      }),
      { numRuns: 500 },
    );
  });

  it('takes any unicode text and keeps its invariants', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        checkInvariants(parseNoticeText(text), text.split(/\r\n|\r|\n|\u2028|\u2029/).length);
      }),
      { numRuns: 300 },
    );
  });

  // Every format reader (src/core/parse/formats) behind its signature: random bytes, and real files of each
  // format with bytes flipped or cut, are a result or a DubanError.
  const CORPUS = join(import.meta.dirname, '../../../test/fixtures/notices/corpus');
  const FORMATS = ['xlsx', 'xls', 'ods', 'doc', 'pdf'].map((ext) => readFileSync(join(CORPUS, `sample-table.${ext}`)));
  const SIGNATURES = [
    Buffer.from('%PDF-1.7\n'),
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    ...FORMATS.map((f) => f.subarray(0, 1536)),
  ];

  it('takes any bytes behind each format signature without throwing anything but a DubanError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SIGNATURES), fc.uint8Array({ maxLength: 3000 }), (sig, tail) =>
        parseBytesSafely(Buffer.concat([sig, tail])),
      ),
      { numRuns: 60 },
    );
  }, 300_000);

  it('takes every format with bytes flipped or cut off without throwing anything but a DubanError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FORMATS),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (file, flips, keep) => {
          const bytes = Buffer.from(file.subarray(0, Math.max(8, Math.floor(file.length * keep))));
          for (const [at, value] of flips) bytes[Math.floor(at * (bytes.length - 1))] = value;
          return parseBytesSafely(bytes);
        },
      ),
      { numRuns: 25 },
    );
  }, 600_000);

  it('survives adversarial megabytes: brackets, numbers, markers', () => {
    const mb = 1 << 20;
    const inputs = [
      '('.repeat(mb),
      '（'.repeat(mb / 2),
      '1.\n'.repeat(mb / 3),
      '1.'.repeat(mb / 2),
      `1.任务（牵头单位：${'区发改局、'.repeat(mb / 10)}）`,
      '附件1\n'.repeat(mb / 4),
      '一、(一)——1.(1)①'.repeat(mb / 16),
      `1.x（牵头单位:a${'('.repeat(mb / 2)}`,
      '序号\n任务\n牵头单位\n'.repeat(mb / 16),
      '序号 | 任务 | 牵头单位\n'.repeat(mb / 24),
      `${'增长6%左右'.repeat(mb / 14)}（牵头单位：区发改局）`,
      // Runs that made trailing-trim regexes backtrack quadratically (found by the bench's scaling check).
      `1.任务（牵头单位：a${'、'.repeat(mb / 2)}b）`,
      `1.任务（牵头单位：a${'。'.repeat(mb / 2)}b）`,
      `1.任务${'1'.repeat(mb)}x（牵头单位：区发改局）`,
    ];
    for (const text of inputs) checkInvariants(parseNoticeText(text), text.split('\n').length);
  });
});

describe('the parser on mutated real structure', () => {
  const body = { from: 20, to: 380 }; // 0-based slice of the sample between the notice and the footer

  it('never drops a numbered line when the lines are shuffled', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(SAMPLE_LINES.slice(body.from, body.to), { minLength: 40 }), (middle) => {
        const lines = [...SAMPLE_LINES.slice(0, body.from), ...middle, ...SAMPLE_LINES.slice(body.to)];
        const r = parseNoticeText(lines.join('\n'));
        checkInvariants(r, lines.length);
        lines.forEach((line, i) => {
          if (!/^\d{1,3}\.(?!\d)/.test(line) || i < body.from) return;
          const no = i + 1;
          const placed = r.tasks.some((t) => t.line === no) || r.warnings.some((w) => w.line === no);
          expect(placed, `line ${no}: ${line.slice(0, 30)}`).toBe(true);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('keeps its invariants when brackets are deleted or doubled', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: SAMPLE.length - 1 }), { maxLength: 200 }), fc.boolean(), (cuts, double) => {
        const chars = [...SAMPLE];
        for (const at of cuts) {
          if ('()（）〈〉:：;'.includes(chars[at] ?? '')) chars[at] = double ? `${chars[at]}${chars[at]}` : '';
        }
        const text = chars.join('');
        const r = parseNoticeText(text);
        checkInvariants(r, text.split('\n').length);
        // Structure survives damage to unit notes: the numbered tasks are still found.
        expect(r.tasks.length).toBeGreaterThanOrEqual(200);
      }),
      { numRuns: 40 },
    );
  });

  it('takes mixed encodings (GB18030-looking bytes spliced into UTF-8) without throwing', async () => {
    const utf8 = Buffer.from(SAMPLE, 'utf8');
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: utf8.length }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        async (at, junk) => {
          const bytes = Buffer.concat([
            utf8.subarray(0, at),
            Buffer.from(junk.map((b) => b | 0x80)),
            utf8.subarray(at),
          ]);
          await parseBytesSafely(bytes);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('the parser on 100,000 numbered lines', () => {
  // Tasks numbered past 9999 used to end the numbering (four digits at most): with unit notes, tasks
  // 1–9998 became section headings; without, every line from 10000 on was glued to task 9999. Whatever
  // the text, every numbered line must now be a task or carry a warning.
  const texts = fc.constantFrom<(n: number) => string>(
    (n) => `推进第${n}项重点工作，确保按期完成`,
    (n) => `完善机制${n % 7}`,
    () => '增长6%左右',
    (n) => `${n}名园艺师参与绿化`,
  );
  for (const notes of [true, false]) {
    it(`places every numbered line ${notes ? 'with' : 'without'} unit notes`, () => {
      fc.assert(
        fc.property(texts, (text) => {
          const lines = largeNoticeText({ notes, text }).split('\n');
          const r = parseNoticeText(lines.join('\n'));
          const taskLines = new Set(r.tasks.map((t) => t.line));
          const warned = new Set(r.warnings.map((w) => w.line));
          let numbered = 0;
          lines.forEach((line, i) => {
            if (!/^\d+[.、]/.test(line)) return;
            numbered++;
            const no = i + 1;
            if (!taskLines.has(no) && !warned.has(no)) expect.fail(`line ${no} dropped: ${line.slice(0, 30)}`);
          });
          expect(numbered).toBe(100_000);
          expect(r.tasks).toHaveLength(100_000);
          expect(r.tasks.at(-1)?.number).toBe('100000');
          expect(r.tasks[0]?.section).toEqual(['一、总体任务']);
        }),
        { numRuns: 2 },
      );
    });
  }
});

describe('the parser on generated notices rewritten on one line or in ASCII punctuation', () => {
  // A generated notice: sections of numbered tasks (1…n across sections), each with a unit note in one
  // of the forms notices print. The rewrite joins every line (as a web page pasted on one line gives it)
  // and/or turns full-width punctuation into ASCII at random places; every numbered task must survive.
  const taskText = fc.constantFrom(
    '推进重点项目建设',
    '新增城镇就业1.2万人',
    '完成固定资产投资300亿元',
    '改造老旧小区30个，惠及居民6000户',
    '统一、规范政务服务事项',
    '地区生产总值增长6.5%左右',
    '第一、二季度完成招商签约',
    '开展“15分钟便民生活圈”建设',
    '新建5G基站1000个',
  );
  const unit = fc.constantFrom('区发改局', '区财政局', '区教育局', '区住建局', '区商务局', '各街道办事处');
  const note = fc
    .tuple(unit, unit, fc.nat({ max: 2 }))
    .map(([a, b, form]) =>
      form === 0
        ? `（牵头单位：${a}；责任单位：${b}）`
        : form === 1
          ? `（${a}牵头，${b}配合）`
          : `（责任单位：${a}、${b}）`,
    );
  const section = fc.array(fc.tuple(taskText, note), { minLength: 1, maxLength: 6 });
  const notice = fc.array(section, { minLength: 1, maxLength: 4 }).map((sections) => {
    const lines = [
      '关于印发2026年区重点工作任务分解方案的通知',
      '各街道办事处，区人民政府各部门：',
      '附件1',
      '2026年区重点工作任务分解方案',
    ];
    let n = 0;
    sections.forEach((tasks, s) => {
      lines.push(`${'一二三四'[s]}、第${s + 1}方面工作`);
      for (const [text, unitNote] of tasks) lines.push(`${++n}.${text}。${unitNote}`);
    });
    return { lines, count: n };
  });
  const ASCII: Record<string, string> = { '（': '(', '）': ')', '：': ':', '，': ',', '；': ';', '。': '.' };

  it('keeps every numbered task', () => {
    fc.assert(
      fc.property(
        notice,
        fc.boolean(),
        fc.boolean(),
        fc.infiniteStream(fc.boolean()),
        ({ lines, count }, oneLine, ascii, coin) => {
          let text = oneLine ? lines.join('') : lines.join('\n');
          if (ascii) text = [...text].map((ch) => (ASCII[ch] && coin.next().value ? ASCII[ch] : ch)).join('');
          const r = parseNoticeText(text);
          checkInvariants(r, text.split('\n').length);
          expect(r.tasks.map((t) => t.number)).toEqual(Array.from({ length: count }, (_, i) => String(i + 1)));
          expect(r.tasks.every((t) => t.assignments.length > 0)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
