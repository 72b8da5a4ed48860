// 单位名录导入 on every database, through HTTP with real .xlsx files: the template reads back as an import, a preview
// writes nothing, the write adds units and merges aliases into existing ones all or nothing with one audit entry,
// duplicates and clashes are reported per row, bad files are refused with a bilingual 4xx, and an imported alias
// makes a notice's abbreviation resolve to its unit.

import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { UnitImportResult, UnitImportRow } from '../src/api/unit-import.js';
import type { ImportPreview, Unit } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { auditEntries, unitAliases, units } from '../src/server/db/schema.js';
import { type Caller, makeApp, makeUser, multipart, SAMPLE_BYTES, signIn } from './app.js';
import { describeEachDatabase } from './db.js';
import { xlsxBomb } from './fixtures/zip-bombs.js';

const HEADER = ['单位名称', '简称/别名（多个用、分隔）', '层级', '单位类别'];

async function xlsx(rows: (string | undefined)[][], header: string[] = HEADER): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('单位名录');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describeEachDatabase('unit directory import', (t) => {
  let app: App;
  let clerk: Caller;
  let leader: Caller;
  let n = 0;
  // Every request from its own address: the route's rate limit is not what is tested here.
  const upload = (bytes: Uint8Array, dryRun: boolean, caller = clerk, language = 'zh-CN') => {
    const body = multipart('单位名录.xlsx', bytes);
    return app.inject({
      method: 'POST',
      url: `/api/v1/units/import${dryRun ? '?dryRun=true' : ''}`,
      headers: { ...caller.headers, ...body.headers, 'accept-language': language },
      payload: body.payload,
      remoteAddress: `198.51.100.${(++n % 250) + 1}`,
    });
  };
  const count = async () => {
    const [u] = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from ${units}`)).rows;
    const [a] = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from ${unitAliases}`)).rows;
    return { units: u?.n, aliases: a?.n };
  };
  const audits = async () =>
    (await t.db.select().from(auditEntries).where(eq(auditEntries.action, 'unit.import'))).length;
  const byRow = (result: UnitImportResult) => new Map(result.rows.map((r) => [r.row, r]));
  const unitNamed = async (name: string): Promise<Unit | undefined> =>
    (
      (
        await app.inject({ url: `/api/v1/units?q=${encodeURIComponent(name)}`, headers: { cookie: clerk.cookie } })
      ).json().items as Unit[]
    ).find((u) => u.name === name);

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    leader = await signIn(app, (await makeUser(t.db, 'executive')).username);
    const existing = await app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: clerk.headers,
      payload: { name: '区城市管理执法局', level: 'district', kind: 'department', aliases: ['区城管局'] },
    });
    expect(existing.statusCode, existing.body).toBe(200);
  });

  it('serves a template the import reads back (header only: nothing to import yet)', async () => {
    const res = await app.inject({ url: '/api/v1/units/import-template.xlsx', headers: { cookie: clerk.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.getRow(1).values).toEqual([undefined, ...HEADER]);
    expect(book.worksheets[1]?.name).toBe('填写说明');
    const back = await upload(res.rawPayload, true);
    expect(back.statusCode).toBe(400);
    expect(back.json().error.code).toBe('unit_sheet_invalid');
    // The drop-downs cover the rows to fill without being rows: a unit added to the template is row 2.
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.addRow(['区模板测试局', undefined, '县级']).number).toBe(2);
    expect(sheet.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['"省级,市级,区级,县级"'] });
    const filled = await upload(Buffer.from(await book.xlsx.writeBuffer()), true);
    expect(filled.json().rows).toMatchObject([{ row: 2, name: '区模板测试局', level: 'county', outcome: 'new' }]);
  });

  it('previews, then writes new units and aliases merged into an existing one, in one audited step', async () => {
    const file = await xlsx([
      // A second spelling of one alias (a space in it) is kept once.
      ['区发展和改革局', '区发改局、区发展改革局、区发改 局', '区级', '政府部门'],
      // The existing unit: one alias it has, one new; level and kind left as they are.
      ['区城市管理执法局', '区城管局、区城管执法局', undefined, undefined],
      // A street, with its kind guessed from the name.
      ['中南路街道办事处', '中南路街道', undefined, undefined],
      [undefined, undefined, undefined, undefined],
    ]);
    const before = await count();
    const preview = await upload(file, true);
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json() as UnitImportResult;
    expect(p.applied).toBe(false);
    expect(p.counts).toEqual({ new: 2, updated: 1, unchanged: 0, error: 0 });
    expect(byRow(p).get(3)).toMatchObject({ outcome: 'updated', addedAliases: ['区城管执法局'] });
    expect(await count()).toEqual(before);
    expect(await audits()).toBe(0);

    const written = await upload(file, false);
    expect(written.statusCode, written.body).toBe(200);
    const w = written.json() as UnitImportResult;
    expect(w.applied).toBe(true);
    expect(w.counts).toEqual({ new: 2, updated: 1, unchanged: 0, error: 0 });
    expect(await audits()).toBe(1);
    expect(await unitNamed('区发展和改革局')).toMatchObject({
      level: 'district',
      kind: 'department',
      aliases: ['区发展改革局', '区发改局'].sort(),
    });
    expect((await unitNamed('区城市管理执法局'))?.aliases.sort()).toEqual(['区城管执法局', '区城管局'].sort());
    expect(await unitNamed('中南路街道办事处')).toMatchObject({ kind: 'street', aliases: ['中南路街道'] });

    // The same file again changes nothing.
    const again = (await upload(file, true)).json() as UnitImportResult;
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 3, error: 0 });
  });

  it('reports duplicates within the file and names another unit or alias holds, and then writes nothing', async () => {
    const file = await xlsx([
      ['区教育局', '区教育厅', '区级', '政府部门'],
      ['区教育局', undefined, undefined, undefined],
      ['区卫生健康局', '区教育厅', undefined, undefined],
      // An existing unit's alias as a new unit's name, and as another unit's alias (typed with a full-width space).
      ['区城管局', undefined, undefined, undefined],
      ['区民政局', '区城管　执法局', undefined, undefined],
      ['区司法局', undefined, '乡级', '部委'],
    ]);
    const before = await count();
    const preview = await upload(file, true);
    expect(preview.statusCode, preview.body).toBe(200);
    const rows = byRow(preview.json() as UnitImportResult);
    const reason = (row: number) => rows.get(row) as UnitImportRow;
    expect(reason(2).outcome).toBe('new');
    expect(reason(3)).toMatchObject({ outcome: 'error', reason: { zh: expect.stringContaining('第 2 行重复') } });
    expect(reason(3).reason?.en).toContain('repeats row 2');
    expect(reason(4).reason?.zh).toContain('“区教育厅”与第 2 行重复');
    expect(reason(5).reason?.zh).toContain('已是单位“区城市管理执法局”的简称/别名');
    expect(reason(6).reason?.en).toContain('already an alias of the unit "区城市管理执法局"');
    expect(reason(7).reason?.zh).toContain('未知层级“乡级”');
    expect(reason(7).reason?.zh).toContain('未知单位类别“部委”');

    const refused = await upload(file, false, clerk, 'en');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('unit_sheet_rows_invalid');
    expect(refused.json().error.message).toMatch(/nothing was written/);
    expect(refused.json().error.details.rows.map((r: UnitImportRow) => r.row)).toEqual([3, 4, 5, 6, 7]);
    expect(await count()).toEqual(before);
    expect(await unitNamed('区教育局')).toBeUndefined();
  });

  it('refuses bad files with a bilingual 4xx and writes nothing', async () => {
    const before = await count();
    const audited = await audits();
    const refused = async (bytes: Uint8Array, status: number[], code: string[], label: string) => {
      for (const language of ['zh-CN', 'en']) {
        const res = await upload(bytes, true, clerk, language);
        expect(status, `${label} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
        expect(code, label).toContain(res.json().error.code);
        expect(res.json().error.message, label).toMatch(language === 'en' ? /^[A-Z]/ : /^[\u4e00-\u9fff]/);
      }
      const write = await upload(bytes, false);
      expect(status, label).toContain(write.statusCode);
    };
    await refused(Buffer.from('单位名称,简称\n区教育局,教育局\n'), [400], ['invalid_xlsx'], 'csv bytes');
    await refused(Buffer.alloc(0), [400], ['invalid_xlsx', 'no_file'], 'empty file');
    await refused(await xlsx([['区教育局', '教育局']], ['部门', '简称']), [400], ['unit_sheet_invalid'], 'bad header');
    await refused(await xlsx([]), [400], ['unit_sheet_invalid'], 'header only');
    const many = Array.from({ length: 1001 }, (_, i) => [`区测试单位${i}号`]);
    await refused(await xlsx(many), [413], ['sheet_too_many_rows'], '1001 rows');
    await refused(xlsxBomb(49), [400, 413], ['zip_too_large', 'zip_size_mismatch'], 'zip bomb');
    expect(await count()).toEqual(before);
    expect(await audits()).toBe(audited);
  });

  it('is the office’s: other roles may neither import nor download the template', async () => {
    const res = await upload(await xlsx([['区审计局']]), true, leader);
    expect(res.statusCode).toBe(403);
    const template = await app.inject({
      url: '/api/v1/units/import-template.xlsx',
      headers: { cookie: leader.cookie },
    });
    expect(template.statusCode).toBe(403);
  });

  it('makes a notice’s abbreviation resolve to the unit through an imported alias', async () => {
    // 区经科局 is printed throughout the sample notice; the directory knows it only once imported as an alias.
    const written = await upload(await xlsx([['区经济和科技局', '区经科局', '区级', '政府部门']]), false);
    expect(written.statusCode, written.body).toBe(200);
    const body = multipart('sample.txt', SAMPLE_BYTES);
    const preview = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...clerk.headers, ...body.headers },
      payload: body.payload,
    });
    expect(preview.statusCode, preview.body.slice(0, 300)).toBe(200);
    const match = (preview.json() as ImportPreview).units.find((u) => u.name === '区经科局');
    expect(match).toMatchObject({ match: 'alias', canonicalName: '区经济和科技局' });
  });
});
