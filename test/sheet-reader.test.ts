// The bounded .xlsx reader (src/server/services/sheet-reader.ts) on files as offices make them: a workbook
// ExcelJS wrote is read every time, even a hundred at once (its own single-pass reader lost the workbook part
// now and then, and a valid account sheet was refused as "not an .xlsx"); long Chinese text comes back exact
// (decoding each inflated chunk alone split characters); a sheet stored under another part name, with an
// absolute target as some tools write it, is found by its name; merged cells are still reported.

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_LIMITS, SHEET_LIMITS } from '../src/core/limits.js';
import { streamSheetRows } from '../src/server/services/sheet-reader.js';
import { prose } from './fixtures/office-files.js';
import { officeZip, XLSX_PARTS } from './fixtures/zip-bombs.js';

async function rowsOf(bytes: Buffer, sheet?: string) {
  const rows: { n: number; values: string[]; merged: boolean }[] = [];
  const found = await streamSheetRows(
    bytes,
    SHEET_LIMITS,
    (names) => sheet ?? names[0],
    (row, _count, s) => {
      const values: string[] = [];
      row.eachCell((cell, col) => {
        values[col - 1] = cell.text;
      });
      rows.push({ n: row.number, values, merged: s.isMerged(row.number, 1) });
      return undefined;
    },
  );
  return { found, rows };
}

describe('sheet reader', () => {
  it('reads a workbook ExcelJS wrote, a hundred at once, every time', async () => {
    const book = new ExcelJS.Workbook();
    const s = book.addWorksheet('账号');
    s.addRow(['用户名', '姓名', '角色']);
    for (let i = 0; i < 50; i++) s.addRow([`user${i}`, '王五', 'executive']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const answers = await Promise.all(
      Array.from({ length: 100 }, async () => {
        let n = 0;
        const found = await streamSheetRows(
          bytes,
          ACCOUNT_LIMITS,
          (names) => names[0],
          () => void n++,
        );
        return `${found}:${n}`;
      }),
    );
    expect(new Set(answers)).toEqual(new Set(['read:51']));
  });

  it('returns long Chinese text exactly, across the inflated chunks', async () => {
    const book = new ExcelJS.Workbook();
    const s = book.addWorksheet('报送表');
    const texts = Array.from({ length: 20 }, (_, i) => prose(30_000 + i * 7, i + 1));
    s.addRow(['编号', '本期进展']);
    for (const [i, t] of texts.entries()) s.addRow([i + 1, t]);
    // Inline strings too: the sheet XML itself carries the text.
    s.addRow([99, { richText: [{ text: '督办' }, { text: prose(40_001, 99) }] }]);
    const { found, rows } = await rowsOf(Buffer.from(await book.xlsx.writeBuffer()));
    expect(found).toBe('read');
    expect(rows.slice(1, 21).map((r) => r.values[1])).toEqual(texts);
    expect(rows[21]?.values[1]).toBe(`督办${prose(40_001, 99)}`);
    expect(rows.map((r) => r.values.join('')).join('')).not.toContain('\ufffd');
  });

  it('finds a sheet by name whatever its part is called, and its merged cells', async () => {
    const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const sheet = (text: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>合并</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A2:B3"/></mergeCells></worksheet>`;
    const bytes = officeZip({
      '[Content_Types].xml': XLSX_PARTS.contentTypes,
      '_rels/.rels': XLSX_PARTS.rels,
      'xl/workbook.xml': XLSX_PARTS.workbook.replace(
        '<sheet name="报送表" sheetId="1" r:id="rId1"/>',
        '<sheet name="说明" sheetId="1" r:id="rId7"/><sheet name="报送表" sheetId="2" r:id="rId9"/>',
      ),
      'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="${REL}/worksheet" Target="/xl/worksheets/notes.xml"/><Relationship Id="rId9" Type="${REL}/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>`,
      'xl/worksheets/notes.xml': sheet('填表说明'),
      'xl/worksheets/data.xml': sheet('编号'),
    });
    const data = await rowsOf(bytes, '报送表');
    expect(data.found).toBe('read');
    expect(data.rows.map((r) => [r.values[0], r.merged])).toEqual([
      ['编号', false],
      ['合并', true],
    ]);
    expect((await rowsOf(bytes, '说明')).rows[0]?.values[0]).toBe('填表说明');
    expect((await rowsOf(bytes, '没有')).found).toBe('no_sheet');
  });
});
