// Uploads on every database, through HTTP: real Office files of a few hundred KB are accepted (the sniff once
// overflowed the stack on them); zip bombs — a 110 KB .xlsx whose sheet XML expands to 49 MB, a 0.9 MB one of
// 442 MB, with truthful and with lying headers, and their .docx equivalents — are refused with 400/413 by
// every route that reads them; a file is stored and served as what it is, not as what its name says; an
// Office file with macros or programs is refused; the floors hold (evidence 20 MB, notices 10 MB).

import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SheetPreview } from '../src/api/sheets.js';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUser, multipart, SAMPLE_BYTES, signInDirect } from './app.js';
import { describeEachDatabase } from './db.js';
import { docxWithPicture, noise, prose } from './fixtures/office-files.js';
import { docxBomb, officeZip, XLSX_PARTS, xlsxBomb } from './fixtures/zip-bombs.js';

const MB = 1024 * 1024;

// Built once: the bombs as an attacker sends them.
const XLSX_BOMBS = {
  '49 MB sheet XML, truthful header': () => xlsxBomb(49),
  '442 MB sheet XML, truthful header': () => xlsxBomb(442),
  '442 MB sheet XML, header claiming 2 MB': () => xlsxBomb(442, 2),
  '49 MB sheet XML, header claiming 1 MB': () => xlsxBomb(49, 1),
};
const DOCX_BOMBS = {
  '49 MB document XML, truthful header': () => docxBomb(49),
  '442 MB document XML, truthful header': () => docxBomb(442),
  '442 MB document XML, header claiming 2 MB': () => docxBomb(442, 2),
};
const BOMB_CODES = ['zip_too_large', 'zip_size_mismatch'];

const DOCX_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const DOCX_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>佐证材料</w:t></w:r></w:p></w:body></w:document>`;
const plainDocx = { '[Content_Types].xml': DOCX_TYPES, '_rels/.rels': DOCX_RELS, 'word/document.xml': DOCUMENT };
/** An OLE packager object wrapping a program, as Word embeds one (the parts that matter to the check). */
const packedExe = Buffer.concat([
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  Buffer.alloc(504),
  Buffer.from('\u0001Ole10Native', 'utf16le'),
  Buffer.from('\0\0setup.exe\0C:\\Temp\\setup.exe\0', 'latin1'),
  Buffer.from('MZ\x90\0This program cannot be run in DOS mode.', 'latin1'),
]);
const EXECUTABLE_DOCX: Record<string, Buffer> = {
  'a VBA project': officeZip({ ...plainDocx, 'word/vbaProject.bin': noise(2048) }),
  'a macro-enabled content type': officeZip({
    ...plainDocx,
    '[Content_Types].xml': DOCX_TYPES.replace(
      'wordprocessingml.document.main+xml',
      'application/vnd.ms-word.document.macroEnabled.main+xml',
    ),
  }),
  'an ActiveX control': officeZip({ ...plainDocx, 'word/activeX/activeX1.xml': '<ax:ocx/>' }),
  'a program as an entry': officeZip({ ...plainDocx, 'word/media/image1.png': Buffer.from('MZ\x90\0\x03\0\0\0') }),
  'a script as an entry': officeZip({ ...plainDocx, 'word/run.vbs': 'CreateObject("WScript.Shell").Run "calc"' }),
  'an OLE object packing a program': officeZip({ ...plainDocx, 'word/embeddings/oleObject1.bin': packedExe }),
};

describeEachDatabase('uploads', (t) => {
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let period: Period;
  let pkg: Submission;
  let n = 0;
  // Every request from its own address: the routes' rate limits are not what is tested here.
  const post = (url: string, caller: Caller, name: string, bytes: Uint8Array, language = 'zh-CN') => {
    const body = multipart(name, bytes);
    return app.inject({
      method: 'POST',
      url,
      headers: { ...caller.headers, ...body.headers, 'accept-language': language },
      payload: body.payload,
      remoteAddress: `198.51.100.${(++n % 250) + 1}`,
    });
  };
  const sheetUpload = (name: string, bytes: Uint8Array, language?: string) =>
    post(`/api/v1/periods/${period.id}/sheet`, staff, name, bytes, language);
  const accountImport = (name: string, bytes: Uint8Array) => post('/api/v1/users/import', clerk, name, bytes);
  const noticeImport = (name: string, bytes: Uint8Array) => post('/api/v1/imports', clerk, name, bytes);
  const evidence = (name: string, bytes: Uint8Array) =>
    post(`/api/v1/item-reports/${pkg.items[0]?.id}/evidence`, staff, name, bytes);
  const get = (url: string, caller: Caller) => app.inject({ url, headers: { cookie: caller.cookie } });
  const refused = (res: { statusCode: number; json(): unknown }, codes: string[], label: string) => {
    const error = (res.json() as { error?: { code: string; message: string } }).error;
    expect([400, 413], label).toContain(res.statusCode);
    expect(codes, label).toContain(error?.code);
    expect(error?.message, label).toMatch(/[\u4e00-\u9fff]/);
  };

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signInDirect(app, (await makeUser(t.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    period = (await get(`/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const units = (await get('/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const unitId = units.find((u) => u.name === '区发改局')?.id;
    staff = await signInDirect(app, (await makeUser(t.db, 'unit_staff', { unitId })).username);
    pkg = (await get(`/api/v1/periods/${period.id}/submission`, staff)).json();
  });

  it('answers a malformed multipart body with 400 on every upload route, never a 500', async () => {
    const body = multipart('会议纪要.pdf', Buffer.from('%PDF-1.4\n'));
    const bodies = {
      'another boundary in the header': {
        payload: body.payload,
        headers: { 'content-type': 'multipart/form-data; boundary=----not-the-one-used' },
      },
      'cut before its closing boundary': {
        payload: body.payload.subarray(0, body.payload.length - 12),
        headers: body.headers,
      },
    };
    const routes = {
      evidence: [`/api/v1/item-reports/${pkg.items[0]?.id}/evidence`, staff],
      sheet: [`/api/v1/periods/${period.id}/sheet`, staff],
      accounts: ['/api/v1/users/import', clerk],
      notice: ['/api/v1/imports', clerk],
    } as const;
    for (const [route, [url, caller]] of Object.entries(routes))
      for (const [label, b] of Object.entries(bodies)) {
        const res = await app.inject({
          method: 'POST',
          url,
          headers: { ...caller.headers, ...b.headers },
          payload: b.payload,
          remoteAddress: `198.51.100.${(++n % 250) + 1}`,
        });
        expect(res.statusCode, `${route}: ${label}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${route}: ${label}`).toBeLessThan(500);
        expect(res.json().error.message, `${route}: ${label}`).toMatch(/[\u4e00-\u9fff]/);
      }
  });

  it('accepts a filled period sheet of 200 KB and more and previews every change', async () => {
    const res = await get(`/api/v1/periods/${period.id}/sheet.xlsx`, staff);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('报送表') as ExcelJS.Worksheet;
    const progress = (sheet.getRow(1).values as unknown[]).indexOf('本期进展');
    expect(progress).toBeGreaterThan(0);
    const length = Math.min(4900, Math.ceil(180_000 / (pkg.items.length * 3)));
    for (let r = 2; r <= pkg.items.length + 1; r++) {
      for (const c of [progress, progress + 1, progress + 2])
        sheet.getRow(r).getCell(c).value = prose(length, r * 10 + c);
    }
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    expect(bytes.length).toBeGreaterThan(200 * 1024);
    const up = await sheetUpload('报送表.xlsx', bytes);
    expect(up.statusCode, up.body.slice(0, 300)).toBe(200);
    const preview: SheetPreview = up.json();
    expect(preview.errors).toEqual([]);
    expect(preview.changes).toHaveLength(pkg.items.length * 3);
  });

  it('accepts a Word file of 200 KB and more with a picture as evidence, stored under its own name', async () => {
    const docx = await docxWithPicture(220 * 1024);
    expect(docx.length).toBeGreaterThan(200 * 1024);
    const res = await evidence('会议纪要.docx', docx);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const file = (res.json() as Submission).items[0]?.evidence.at(-1);
    expect([file?.fileName, file?.mime]).toEqual([
      '会议纪要.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ]);
  });

  it('refuses every .xlsx bomb on the period sheet and the account import with 400/413, and stays up', async () => {
    for (const [label, make] of Object.entries(XLSX_BOMBS)) {
      const bomb = make();
      refused(await sheetUpload('报送表.xlsx', bomb), BOMB_CODES, `sheet: ${label}`);
      const en = (await sheetUpload('报送表.xlsx', bomb, 'en')).json().error.message;
      expect(en, label).toMatch(/zip bomb/);
      refused(await accountImport('账号.xlsx', bomb), BOMB_CODES, `accounts: ${label}`);
      refused(await evidence('表格.xlsx', bomb), BOMB_CODES, `evidence: ${label}`);
    }
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    // The routes still read real files afterwards.
    const book = new ExcelJS.Workbook();
    const s = book.addWorksheet('账号');
    s.addRow(['用户名', '姓名', '角色']);
    s.addRow([`bomb.${t.kind}.after`, '王五', 'executive']);
    const ok = await accountImport('账号.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(200);
  });

  it('refuses every .docx bomb on the notice import and as evidence with 400/413, and takes a 10 MB notice', async () => {
    for (const [label, make] of Object.entries(DOCX_BOMBS)) {
      const bomb = make();
      refused(await noticeImport('通知.docx', bomb), BOMB_CODES, `notice: ${label}`);
      refused(await evidence('材料.docx', bomb), BOMB_CODES, `evidence: ${label}`);
    }
    // The floor: a notice of 10 MB (its text and a large picture) is read.
    const lines = SAMPLE_BYTES.toString('utf8').split('\n');
    const notice = await docxWithPicture(9.6 * MB, lines);
    expect(notice.length).toBeGreaterThan(9.5 * MB);
    expect(notice.length).toBeLessThanOrEqual(10 * MB);
    const res = await noticeImport('通知.docx', notice);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  });

  it('takes evidence up to 20 MB: a PDF and a Word file with a large picture', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), noise(20 * MB - 1024)]);
    expect((await evidence('扫描件.pdf', pdf)).statusCode).toBe(200);
    const docx = await docxWithPicture(19.5 * MB);
    expect(docx.length).toBeGreaterThan(19 * MB);
    const res = await evidence('照片.docx', docx);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  });

  it('caps the rows and cells of a sheet as it streams', async () => {
    const wide = new ExcelJS.Workbook();
    const w = wide.addWorksheet('报送表');
    w.addRow(['编号', '状态', '本期进展']);
    w.addRow(Array.from({ length: 200 }, (_, i) => `x${i}`));
    refused(
      await sheetUpload('报送表.xlsx', Buffer.from(await wide.xlsx.writeBuffer())),
      ['sheet_row_too_wide'],
      'wide',
    );

    const many = new ExcelJS.Workbook();
    const m = many.addWorksheet('账号');
    m.addRow(['用户名', '姓名', '角色']);
    for (let i = 0; i < 1001; i++) m.addRow([`too.many.${i}`, '某人']);
    refused(
      await accountImport('账号.xlsx', Buffer.from(await many.xlsx.writeBuffer())),
      ['sheet_too_many_rows'],
      'rows',
    );
  });

  describe('files served as what they are', () => {
    it('names a stored file after its content: %PDF- then HTML, sent as invoice.html, is invoice.pdf', async () => {
      const bytes = Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>');
      const res = await evidence('invoice.html', bytes);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const file = (res.json() as Submission).items[0]?.evidence.at(-1);
      expect([file?.fileName, file?.mime]).toEqual(['invoice.pdf', 'application/pdf']);
      const got = await get(`/api/v1/evidence/${file?.id}`, staff);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.headers['content-disposition']).toBe(`attachment; filename="evidence"; filename*=UTF-8''invoice.pdf`);
      // A Word file sent as a spreadsheet is stored as what it is; a name without extension gets one.
      const docx = officeZip(plainDocx);
      const asSheet = (await evidence('报表.xlsx', docx)).json() as Submission;
      expect(asSheet.items[0]?.evidence.at(-1)?.fileName).toBe('报表.docx');
      const bare = (await evidence('扫描件', Buffer.from('%PDF-1.4\n%%EOF\n'))).json() as Submission;
      expect(bare.items[0]?.evidence.at(-1)?.fileName).toBe('扫描件.pdf');
    });

    it('refuses Office files without the parts a real one has, or with anything that runs', async () => {
      const partsMissing = {
        'word/ entries only': officeZip({ 'word/document.xml': DOCUMENT, 'word/x.html': '<script>alert(1)</script>' }),
        'no _rels/.rels': officeZip({ '[Content_Types].xml': DOCX_TYPES, 'word/document.xml': DOCUMENT }),
        'no main part': officeZip({
          '[Content_Types].xml': DOCX_TYPES,
          '_rels/.rels': DOCX_RELS,
          'word/a.xml': '<a/>',
        }),
      };
      for (const [label, bytes] of Object.entries(partsMissing)) {
        refused(await evidence('材料.docx', bytes), ['evidence_type_not_allowed'], `evidence: ${label}`);
        refused(await noticeImport('通知.docx', bytes), ['invalid_docx'], `notice: ${label}`);
      }
      for (const [label, bytes] of Object.entries(EXECUTABLE_DOCX)) {
        refused(await evidence('材料.docx', bytes), ['office_executable'], `evidence: ${label}`);
        refused(await noticeImport('通知.docx', bytes), ['office_executable'], `notice: ${label}`);
      }
      const macroSheet = officeZip({
        '[Content_Types].xml': XLSX_PARTS.contentTypes,
        '_rels/.rels': XLSX_PARTS.rels,
        'xl/workbook.xml': XLSX_PARTS.workbook,
        'xl/_rels/workbook.xml.rels': XLSX_PARTS.workbookRels,
        'xl/worksheets/sheet1.xml':
          '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
        'xl/vbaProject.bin': noise(1024),
      });
      refused(await sheetUpload('报送表.xlsx', macroSheet), ['office_executable'], 'sheet with macros');
      refused(await accountImport('账号.xlsx', macroSheet), ['office_executable'], 'accounts with macros');
    });
  });
});
