import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sniffFileType } from './filetype.js';

describe('file types by content', () => {
  it('recognises the evidence formats from their bytes', async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('证明材料')] }] }));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow([1]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect(sniffFileType(docx)?.ext).toBe('docx');
    expect(sniffFileType(xlsx)?.ext).toBe('xlsx');
    expect(sniffFileType(Buffer.from('%PDF-1.7\n'))?.mime).toBe('application/pdf');
    expect(sniffFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.ext).toBe('png');
    expect(sniffFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.ext).toBe('jpg');
  });

  it('refuses executables, scripts, HTML and plain zips whatever their names', () => {
    for (const bytes of [
      Buffer.from('MZ\x90\x00'),
      Buffer.from('\x7fELF'),
      Buffer.from('#!/bin/sh\n'),
      Buffer.from('<html><script>alert(1)</script></html>'),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
      Buffer.from(''),
    ]) {
      expect(sniffFileType(bytes)).toBeNull();
    }
  });
});
