import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { docxWithPicture, noise } from '../../test/fixtures/office-files.js';
import { docxBomb, makeXlsxBomb, officeZip, xlsxBomb } from '../../test/fixtures/zip-bombs.js';
import { DubanError } from './errors.js';
import { detectFileType, sniffFileType, storedName } from './filetype.js';
import { EVIDENCE_LIMITS, SHEET_LIMITS } from './limits.js';

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
    expect(sniffFileType(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))?.mime).toBe('image/webp');
  });

  it('refuses executables, scripts, HTML and plain zips whatever their names', () => {
    for (const bytes of [
      Buffer.from('MZ\x90\x00'),
      Buffer.from('\x7fELF'),
      Buffer.from('#!/bin/sh\n'),
      Buffer.from('<html><script>alert(1)</script></html>'),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
      // RIFF is a container: only RIFF…WEBP is an image, not a sound or a video.
      Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'),
      Buffer.from('RIFF\x24\x00\x00\x00AVI LIST', 'latin1'),
      Buffer.from(''),
    ]) {
      expect(sniffFileType(bytes)).toBeNull();
    }
  });
});

describe('large files and zip containers', () => {
  it('sniffs files of any size from a fixed prefix, never spreading them onto the stack', async () => {
    const docx = await docxWithPicture(600 * 1024);
    expect(docx.length).toBeGreaterThan(500 * 1024);
    expect(sniffFileType(docx)?.ext).toBe('docx');
    // A zip whose first megabytes name nothing Office: no answer, and no RangeError either.
    expect(sniffFileType(Buffer.concat([Buffer.from('PK\u0003\u0004'), noise(4 * 1024 * 1024)]))).toBeNull();
    expect(sniffFileType(Buffer.concat([Buffer.from('%PDF-1.7\n'), noise(8 * 1024 * 1024)]))?.ext).toBe('pdf');
  });

  it('refuses zip bombs by their declared and by their actual sizes', async () => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: unknown) => (e instanceof DubanError ? `${e.status} ${e.code}` : String(e)),
      );
    expect(await code(detectFileType(xlsxBomb(49), SHEET_LIMITS.zip))).toBe('413 zip_too_large');
    expect(await code(detectFileType(xlsxBomb(442), EVIDENCE_LIMITS.zip))).toBe('413 zip_too_large');
    expect(await code(detectFileType(xlsxBomb(442, 2), SHEET_LIMITS.zip))).toBe('400 zip_size_mismatch');
    expect(await code(detectFileType(docxBomb(49, 1), EVIDENCE_LIMITS.zip))).toBe('400 zip_size_mismatch');
    // The same XML, small enough, is an ordinary file.
    expect((await detectFileType(await makeXlsxBomb(0.5), SHEET_LIMITS.zip))?.ext).toBe('xlsx');
    // Too many entries.
    const many = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`xl/media/p${i}.xml`, '<a/>']));
    expect(await code(detectFileType(officeZip(many), SHEET_LIMITS.zip))).toBe('413 zip_too_large');
  });

  it('names a stored file after what it is', () => {
    const pdf = { mime: 'application/pdf', ext: 'pdf' };
    const jpg = { mime: 'image/jpeg', ext: 'jpg' };
    expect(storedName('invoice.html', pdf)).toBe('invoice.pdf');
    expect(storedName('报告.PDF', pdf)).toBe('报告.pdf');
    expect(storedName('photo.jpeg', jpg)).toBe('photo.jpeg');
    expect(storedName('photo.png', jpg)).toBe('photo.jpg');
    expect(storedName('', pdf, 'evidence')).toBe('evidence.pdf');
    expect(storedName('.bashrc', pdf, 'evidence')).toBe('.bashrc.pdf');
    expect(storedName('a.tar.exe', pdf)).toBe('a.tar.pdf');
  });
});
