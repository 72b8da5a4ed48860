// The format readers: spreadsheets with merged cells read as offices mean them, old Word tables as rows, and
// each kind of unreadable file its own bilingual message. The sample in every format is scored in
// test/parse-corpus.test.ts.

import { describe, expect, it } from 'vitest';
import {
  emptyWorkbook,
  encryptedOfficeFile,
  mergedSheetJs,
  mergedWorkbook,
  PNG,
  pdfWithoutText,
} from '../../../test/notice-files.js';
import { DubanError } from '../errors.js';
import { wordTextToLines } from './formats/legacy.js';
import { decodeInput, parseNotice } from './index.js';

const units = (r: { assignments: { unit: string; role: string }[] } | undefined) =>
  (r?.assignments ?? []).map((a) => `${a.role}:${a.unit}`);

describe('spreadsheet notices', () => {
  it.each([
    ['xlsx', mergedWorkbook],
    ['xls', async () => mergedSheetJs('xls')],
    ['ods', async () => mergedSheetJs('ods')],
  ] as const)(
    'reads merged cells in .%s: a lead spanning two rows leads both, a section row spans the table',
    async (ext, make) => {
      const bytes = await make();
      const d = await decodeInput(bytes, `x.${ext}`);
      expect(d.format).toBe(ext);
      expect(d.text.split('\n').slice(0, 4)).toEqual([
        '2025年区《政府工作报告》重点任务分解表',
        '序号 | 工作任务 | 牵头单位 | 责任单位',
        '一、经济发展 |  |  |',
        '1 | 新建口袋公园10个。 | 区城管局 | 区财政局',
      ]);
      const r = await parseNotice(bytes, `x.${ext}`);
      expect(r.tasks.map((t) => [t.number, t.section])).toEqual([
        ['1', ['一、经济发展']],
        ['2', ['一、经济发展']],
        ['3', ['一、经济发展']],
      ]);
      expect(units(r.tasks[1])).toEqual(['lead:区城管局', 'responsible:区住更局']);
      expect(units(r.tasks[2])).toEqual(['lead:区发改局']);
    },
  );
});

describe('legacy Word text', () => {
  it('turns tab-ended cells into rows and pads a section row to the table width', () => {
    expect(wordTextToLines('标题\n序号\t任务\t牵头单位\t\n一、经济\t\n1\t建设公园。\t区城管局\t\n正文')).toBe(
      '标题\n序号 | 任务 | 牵头单位\n一、经济 |  |\n1 | 建设公园。 | 区城管局\n正文',
    );
  });
});

describe('files no reader can use get their own message', () => {
  const cases: [string, () => Promise<Uint8Array> | Uint8Array, string][] = [
    ['an encrypted Office file', encryptedOfficeFile, 'file_encrypted'],
    ['a PDF without text (a scan)', pdfWithoutText, 'pdf_no_text'],
    ['an image', () => PNG, 'image_not_supported'],
    ['an empty workbook', emptyWorkbook, 'empty_table'],
    ['a damaged PDF', () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog'), 'file_corrupt'],
    [
      'a damaged OLE file',
      () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]),
      'file_corrupt',
    ],
  ];
  it.each(cases)('%s', async (_name, make, code) => {
    const err = await parseNotice(await make()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DubanError);
    expect((err as DubanError).code).toBe(code);
    expect((err as DubanError).messages.zh).toMatch(/[\u4e00-\u9fa5]/);
    expect((err as DubanError).messages.en).toMatch(/[A-Za-z]/);
    expect((err as DubanError).status).toBe(400);
  });
});
