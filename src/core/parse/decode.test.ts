// Real files in every supported format: GB18030 text, a GBK web page, UTF-16, and a .docx
// written by the docx library (a real Word document, read back through mammoth).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { DubanError } from '../errors.js';
import { decodeInput, decodeText, parseNotice } from './index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));
const units = (r: { assignments: { unit: string; role: string }[] } | undefined) =>
  (r?.assignments ?? []).map((a) => `${a.role}:${a.unit}`);

describe('decoding', () => {
  it('detects GB18030 text and reads the whole notice from it', async () => {
    const r = await parseNotice(fixture('county-gb18030.txt'), 'county.txt');
    expect(r.input).toEqual({ format: 'text', encoding: 'gb18030' });
    expect(r.document).toEqual({
      title: '关于印发2025年县《政府工作报告》重点任务分解方案的通知',
      docNo: '某县政办发〔2025〕3号',
      issuer: '某县人民政府办公室',
      date: '2025-03-05',
    });
    expect(r.sources).toEqual([{ index: 1, level: 'county', title: '2025年县《政府工作报告》重点任务分解方案' }]);
    expect(r.tasks.map((t) => t.text)).toEqual(['全县地区生产总值增长6.5%左右。', '新增规上工业企业不少于20家。']);
    expect(units(r.tasks[0])).toEqual(['lead:县发改局', 'responsible:县统计局']);
  });

  it('reads a GBK web page with a real HTML parser: no script text, header table as metadata, tables as rows', async () => {
    const r = await parseNotice(fixture('district-page-gbk.html'), 'page.html');
    expect(r.input).toEqual({ format: 'html', encoding: 'gb18030' });
    expect(r.document.docNo).toBe('某政办〔2025〕7号');
    expect(r.document.title).toBe('关于印发2025年区重点任务分解方案的通知');
    expect(r.tasks.map((t) => [t.number, t.text])).toEqual([
      ['1', '新建口袋公园10个。'],
      ['2', '完成老旧小区改造&加装电梯50部。'],
      ['3', '建设智慧停车平台'],
    ]);
    expect(units(r.tasks[0])).toEqual(['lead:区园林局', 'co:区财政局']);
    expect(r.tasks[2]?.deadline).toBe('年底前');
    expect(JSON.stringify(r)).not.toContain('假单位');
    expect(JSON.stringify(r.tasks)).not.toContain('版权所有');
  });

  it('reads UTF-16 with a byte-order mark', async () => {
    const text = '区2025年重点任务\n1.推进项目建设。（牵头单位：区发改局）\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = await parseNotice(bytes, 'x.txt');
    expect(r.input.encoding).toBe('utf-16le');
    expect(units(r.tasks[0])).toEqual(['lead:区发改局']);
  });

  it('reads a Word .docx, paragraphs and a table', async () => {
    const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [
                new TextRun({ text: '2025年市《政府工作报告》重点任务分解方案', font: { eastAsia: '方正小标宋简体' } }),
              ],
            }),
            new Paragraph('一、扩大内需'),
            new Paragraph('1.举办促消费活动200场以上。（牵头单位：市商务局；配合单位：市文旅局）'),
            new Table({
              rows: [
                new TableRow({ children: ['序号', '任务', '分管领导', '牵头单位', '完成时限'].map(cell) }),
                new TableRow({ children: ['2', '新建城市书房20个', '刘副市长', '市文旅局', '6月底前'].map(cell) }),
              ],
            }),
          ],
        },
      ],
    });
    const bytes = await Packer.toBuffer(doc);
    const r = await parseNotice(bytes, 'notice.docx');
    expect(r.input.format).toBe('docx');
    expect(r.sources[0]?.level).toBe('city');
    expect(r.tasks.map((t) => t.number)).toEqual(['1', '2']);
    expect(r.tasks[0]?.indicators[0]).toMatchObject({ value: 200, unit: '场', op: '>=' });
    expect(units(r.tasks[1])).toEqual(['lead:市文旅局']);
    expect(r.tasks[1]?.leaders).toEqual(['刘副市长']);
    expect(r.tasks[1]?.deadline).toBe('6月底前');
  });

  it('refuses what it cannot read with a bilingual error', async () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(), 'empty_file'],
      [Buffer.from('%PDF-1.7 …'), 'file_corrupt'],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'file_corrupt'],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), 'invalid_docx'],
      [Buffer.from('这只是一段普通的文字，没有任务。\n第二行。'), 'not_a_notice'],
    ];
    for (const [bytes, code] of cases) {
      const err = await parseNotice(bytes).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DubanError);
      expect((err as DubanError).code).toBe(code);
      expect((err as DubanError).messages.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect((err as DubanError).messages.en).toMatch(/[A-Za-z]/);
      expect((err as DubanError).status).toBe(400);
    }
  });

  it('prefers valid UTF-8 and falls back to GB18030 for invalid UTF-8', () => {
    expect(decodeText(Buffer.from('牵头单位', 'utf8')).encoding).toBe('utf-8');
    // 牵头单位 in GBK (its first four bytes alone happen to be valid UTF-8).
    expect(decodeText(Buffer.from([199, 163, 205, 183, 181, 165, 206, 187])).text).toBe('牵头单位');
  });

  it('sniffs a web page without an .html name', async () => {
    const d = await decodeInput(Buffer.from('<html><body><p>一</p><p>二</p></body></html>'));
    expect(d).toEqual({ text: '一\n二', format: 'html', encoding: 'utf-8' });
  });
});
