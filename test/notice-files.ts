// Small notice files in the formats the readers refuse or must read in a particular way, built here rather
// than committed: an encrypted Office package, a PDF without text, an image, an empty workbook, a
// spreadsheet with merged cells. Shared by src/core/parse/formats.test.ts and test/import-formats.test.ts.

import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';

/** How Office stores a password-protected .docx/.xlsx: an OLE file with EncryptionInfo and EncryptedPackage. */
export function encryptedOfficeFile(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

/** A valid PDF whose one page draws a rectangle and no text (what a scan's text layer looks like). */
export function pdfWithoutText(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
  ];
  const stream = '0 0 0 rg 100 100 200 200 re f';
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  offsets.push(out.length);
  out += `4 0 obj\n<< /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n`;
  const xref = out.length;
  out += `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** The first bytes of a PNG image. */
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

export async function emptyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A 分解表 as offices write it: a title merged across the table, a section row merged across it, and a
 * 牵头单位 merged down over two tasks.
 */
export async function mergedWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('分解表');
  ws.addRow(['2025年区《政府工作报告》重点任务分解表']);
  ws.mergeCells('A1:D1');
  ws.addRow(['序号', '工作任务', '牵头单位', '责任单位']);
  ws.addRow(['一、经济发展']);
  ws.mergeCells('A3:D3');
  ws.addRow([1, '新建口袋公园10个。', '区城管局', '区财政局']);
  ws.addRow([2, '完成老旧小区改造50个。', null, '区住更局']);
  ws.mergeCells('C4:C5');
  ws.addRow([3, '建设智慧停车平台。', '区发改局', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same rows as mergedWorkbook, as SheetJS writes .xls/.ods (merges included). */
export function mergedSheetJs(bookType: 'xls' | 'ods'): Buffer {
  const ws = XLSX.utils.aoa_to_sheet([
    ['2025年区《政府工作报告》重点任务分解表'],
    ['序号', '工作任务', '牵头单位', '责任单位'],
    ['一、经济发展'],
    [1, '新建口袋公园10个。', '区城管局', '区财政局'],
    [2, '完成老旧小区改造50个。', null, '区住更局'],
    [3, '建设智慧停车平台。', '区发改局', ''],
  ]);
  ws['!merges'] = [
    { s: { r: 0, c: 0 }, e: { r: 0, c: 3 } },
    { s: { r: 2, c: 0 }, e: { r: 2, c: 3 } },
    { s: { r: 3, c: 2 }, e: { r: 4, c: 2 } },
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '分解表');
  return XLSX.write(wb, { type: 'buffer', bookType }) as Buffer;
}
