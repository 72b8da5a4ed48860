// 批量更新 on every database: download a unit's period sheet, change three cells, upload — the preview
// shows exactly those three — apply all or nothing; moved rows still match, and renamed columns,
// formulas, merged cells, another unit's rows, stale rows and 100,000 empty rows get clear answers.

import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { SheetPreview } from '../src/api/sheets.js';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { auditEntries } from '../src/server/db/schema.js';
import { type Caller, importSample, makeApp, makeUser, multipart, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('period sheets', (t) => {
  let app: App;
  let staff: Caller;
  let other: Caller;
  let q1: Period;
  let pkg: Submission;
  let otherPkg: Submission;

  const get = (url: string, caller: Caller) => app.inject({ url, headers: { cookie: caller.cookie } });
  const download = async (caller = staff) => {
    const res = await get(`/api/v1/periods/${q1.id}/sheet.xlsx`, caller);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    return book;
  };
  const upload = async (book: ExcelJS.Workbook, caller = staff) => {
    const body = multipart('报送表.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    return app.inject({
      method: 'POST',
      url: `/api/v1/periods/${q1.id}/sheet`,
      headers: { ...caller.headers, ...body.headers },
      payload: body.payload,
    });
  };
  const col = (sheet: ExcelJS.Worksheet, header: string) => {
    let found = 0;
    sheet.getRow(1).eachCell((c, n) => {
      if (c.value === header) found = n;
    });
    return found;
  };

  beforeAll(async () => {
    app = await makeApp(t.database);
    const clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    q1 = (await get(`/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const units = (await get('/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    staff = await signIn(
      app,
      (await makeUser(t.db, 'unit_staff', { unitId: units.find((u) => u.name === '区发改局')?.id })).username,
    );
    other = await signIn(
      app,
      (await makeUser(t.db, 'unit_staff', { unitId: units.find((u) => u.name === '区经科局')?.id })).username,
    );
    pkg = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    otherPkg = (await get(`/api/v1/periods/${q1.id}/submission`, other)).json();
  });

  it('round-trips: three cells changed, three changes previewed and applied, rows matched by key', async () => {
    const book = await download();
    const sheet = book.getWorksheet('报送表') as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(pkg.items.length + 1);
    sheet.getRow(2).getCell(col(sheet, '状态')).value = '序时推进';
    sheet.getRow(3).getCell(col(sheet, '本期进展')).value = '已完成可研编制。';
    sheet.getRow(4).getCell(col(sheet, '存在问题')).value = '资金缺口较大。';
    // Move rows around: matching is by key, never by position.
    const r2 = sheet.getRow(2).values;
    sheet.getRow(2).values = sheet.getRow(5).values as ExcelJS.CellValue[];
    sheet.getRow(5).values = r2 as ExcelJS.CellValue[];
    const res = await upload(book);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const preview: SheetPreview = res.json();
    expect(preview.errors).toEqual([]);
    expect(preview.rows).toBe(pkg.items.length);
    expect(preview.changes.map((c) => [c.field, c.to]).sort()).toEqual(
      [
        ['progress', '已完成可研编制。'],
        ['problems', '资金缺口较大。'],
        ['status', '序时推进'],
      ].sort(),
    );
    const applied = await app.inject({
      method: 'POST',
      url: `/api/v1/sheet-uploads/${preview.uploadId}/apply`,
      headers: staff.headers,
    });
    expect(applied.json().appliedAt).not.toBeNull();
    const after: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    expect(after.items.filter((i) => i.progress === '已完成可研编制。')).toHaveLength(1);
    expect(after.items.filter((i) => i.problems === '资金缺口较大。')).toHaveLength(1);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/sheet-uploads/${preview.uploadId}/apply`,
      headers: staff.headers,
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'sheet_applied']);
    // Someone else's upload is not theirs to apply.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/sheet-uploads/${preview.uploadId}/apply`,
          headers: other.headers,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('writes an unfilled status blank, keeps a blank unfilled, and takes 本期无进展 only with a reason', async () => {
    const book = await download();
    const sheet = book.getWorksheet('报送表') as ExcelJS.Worksheet;
    const status = col(sheet, '状态');
    const progress = col(sheet, '本期进展');
    const blankRows: number[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1 && (row.getCell(status).value ?? '') === '' && (row.getCell(progress).value ?? '') === '')
        blankRows.push(n);
    });
    // Unfilled items are written blank (未填报), never as 未启动.
    expect(blankRows.length).toBeGreaterThan(2);
    const [withReason, withoutReason] = blankRows as [number, number];
    sheet.getRow(withReason).getCell(status).value = '本期无进展';
    sheet.getRow(withReason).getCell(progress).value = '等待市级资金批复，本期暂无进展。';
    sheet.getRow(withoutReason).getCell(status).value = '本期无进展';
    const refused: SheetPreview = (await upload(book)).json();
    expect(refused.errors.map((e) => [e.row, e.code])).toEqual([[withoutReason, 'no_progress_reason_required']]);
    sheet.getRow(withoutReason).getCell(status).value = null;
    const preview: SheetPreview = (await upload(book)).json();
    expect(preview.errors).toEqual([]);
    expect(preview.changes.filter((c) => c.field === 'status').map((c) => [c.from, c.to])).toEqual([
      ['未填报', '本期无进展'],
    ]);
    const applied = await app.inject({
      method: 'POST',
      url: `/api/v1/sheet-uploads/${preview.uploadId}/apply`,
      headers: staff.headers,
    });
    expect(applied.statusCode, applied.body.slice(0, 300)).toBe(200);
    const after: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    expect(after.items.filter((i) => i.status === 'no_progress')).toHaveLength(1);
    expect(after.unfilled).toBe(pkg.items.length - 2);
  });

  it('rejects bad cells one by one and applies nothing while any remain', async () => {
    const book = await download();
    const sheet = book.getWorksheet('报送表') as ExcelJS.Worksheet;
    const status = col(sheet, '状态');
    const progress = col(sheet, '本期进展');
    sheet.getRow(2).getCell(status).value = '差不多';
    sheet.getRow(3).getCell(progress).value = { formula: 'CONCAT("a","b")', result: 'ab' } as ExcelJS.CellFormulaValue;
    sheet.mergeCells(4, progress, 4, progress + 1);
    sheet.getRow(5).getCell(progress).value = '合法的修改';
    // A row of another unit's submission.
    const foreign = otherPkg.items[0] as Submission['items'][number];
    sheet.addRow([`${foreign.id}:${foreign.version}`, '区经科局', '', '', '', '已完成', '越权修改']);
    // 100,000 empty rows below.
    sheet.getRow(100_050).getCell(1).value = null;
    for (let r = 200; r < 100_000; r += 997) sheet.getRow(r).height = 18;
    const res = await upload(book);
    expect(res.statusCode).toBe(200);
    const preview: SheetPreview = res.json();
    expect(preview.errors.map((e) => e.code).sort()).toEqual(
      ['formula', 'merged_cell', 'merged_cell', 'row_unknown', 'status_invalid'].sort(),
    );
    expect(preview.errors.every((e) => e.message.zh && e.message.en)).toBe(true);
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/sheet-uploads/${preview.uploadId}/apply`,
      headers: staff.headers,
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'sheet_invalid']);
    const after: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    expect(after.items.some((i) => i.progress === '合法的修改')).toBe(false);
  });

  it('answers renamed columns, stale rows and files that are not sheets', async () => {
    const renamed = await download();
    const s1 = renamed.getWorksheet('报送表') as ExcelJS.Worksheet;
    s1.getRow(1).getCell(col(s1, '本期进展')).value = '进展';
    const res = await upload(renamed);
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'sheet_columns_missing']);

    const stale = await download();
    const s2 = stale.getWorksheet('报送表') as ExcelJS.Worksheet;
    const key = String(s2.getRow(2).getCell(1).value);
    const item = pkg.items.find((i) => key.startsWith(i.id)) as Submission['items'][number];
    const current: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    const now = current.items.find((i) => i.id === item.id) as Submission['items'][number];
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/item-reports/${item.id}`,
      headers: staff.headers,
      payload: { version: now.version, progress: '网页上改过' },
    });
    s2.getRow(2).getCell(col(s2, '本期进展')).value = '表格里改的';
    const preview: SheetPreview = (await upload(stale)).json();
    expect(preview.errors.map((e) => e.code)).toEqual(['row_stale']);

    const body = multipart('x.xlsx', Buffer.from('%PDF-1.4 not a sheet'));
    const pdf = await app.inject({
      method: 'POST',
      url: `/api/v1/periods/${q1.id}/sheet`,
      headers: { ...staff.headers, ...body.headers },
      payload: body.payload,
    });
    expect([pdf.statusCode, pdf.json().error.code]).toEqual([400, 'sheet_not_xlsx']);
  });
  it('applies one upload once when two applies of it race: one wins, the other is refused', async () => {
    const book = await download();
    const sheet = book.getWorksheet('报送表') as ExcelJS.Worksheet;
    sheet.getRow(3).getCell(col(sheet, '下步打算')).value = '并发导入只算一次。';
    const preview: SheetPreview = (await upload(book)).json();
    expect(preview.changes).toHaveLength(1);
    const itemId = preview.changes[0]?.itemReportId as string;
    const before: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    const version = before.items.find((i) => i.id === itemId)?.version as number;
    const count = async (action: string, subjectId: string) =>
      (
        await t.db
          .select({ n: sql<number>`count(*)::int` })
          .from(auditEntries)
          .where(and(eq(auditEntries.action, action), eq(auditEntries.subjectId, subjectId)))
      )[0]?.n;
    const edits = await count('submission.item_update', itemId);
    const apply = () =>
      app.inject({ method: 'POST', url: `/api/v1/sheet-uploads/${preview.uploadId}/apply`, headers: staff.headers });
    const answers = await Promise.all([apply(), apply()]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.statusCode === 409)?.json().error.code).toBe('sheet_applied');
    const after: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    expect(after.items.find((i) => i.id === itemId)).toMatchObject({
      nextSteps: '并发导入只算一次。',
      version: version + 1,
    });
    expect(await count('sheet.apply', preview.uploadId)).toBe(1);
    expect(await count('submission.item_update', itemId)).toBe((edits as number) + 1);
  });

  it('carries reasons for lagging: written on download, read on upload, a row without known reasons refused', async () => {
    const book = await download();
    const sheet = book.getWorksheet('报送表') as ExcelJS.Worksheet;
    const c = { status: col(sheet, '状态'), reasons: col(sheet, '滞后原因'), key: col(sheet, '编号') };
    expect(c.reasons).toBeGreaterThan(0);
    const about = book.getWorksheet('说明') as ExcelJS.Worksheet;
    expect(String(about.getRow(3).getCell(1).value)).toContain('资金、用地、审批');
    const keyOf = (n: number) => String(sheet.getRow(n).getCell(c.key).value).split(':')[0] as string;
    const set = (n: number, status: string, reasons: string) => {
      sheet.getRow(n).getCell(c.status).value = status;
      sheet.getRow(n).getCell(c.reasons).value = reasons;
    };
    set(2, '滞后', '资金、其他：征收补偿未谈妥，安置、补偿未落实');
    set(3, '受阻', '');
    set(4, '滞后', '资金、天气');
    set(5, '序时推进', '用地');
    set(6, '滞后', '其他');
    const bad: SheetPreview = (await upload(book)).json();
    expect(bad.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '滞后原因', 'lag_reason_required'],
      [4, '滞后原因', 'lag_reason_unknown'],
      [5, '滞后原因', 'lag_reasons_not_lagging'],
      [6, '滞后原因', 'lag_reason_text_required'],
    ]);
    const unknown = bad.errors[1] as SheetPreview['errors'][number];
    expect(unknown.message.zh).toContain('天气');
    expect(unknown.message.en).toContain('天气');
    expect(unknown.value).toBe('资金、天气');
    // One rule for every row error: nothing is applied while any remains, not even the good row 2.
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/sheet-uploads/${bad.uploadId}/apply`,
      headers: staff.headers,
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([400, 'sheet_invalid']);
    const untouched: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    expect(untouched.items.find((i) => i.id === keyOf(2))?.status).not.toBe('lagging');

    set(3, '受阻', '用地');
    set(4, '滞后', '审批，资金');
    set(5, '序时推进', '');
    set(6, '滞后', '其他:设备供货延迟');
    const good: SheetPreview = (await upload(book)).json();
    expect(good.errors).toEqual([]);
    expect(good.changes.filter((ch) => ch.field === 'lagReasons').map((ch) => [ch.row, ch.to])).toEqual([
      [2, '资金、其他：征收补偿未谈妥，安置、补偿未落实'],
      [3, '用地'],
      [4, '资金、审批'],
      [6, '其他：设备供货延迟'],
    ]);
    const applied = await app.inject({
      method: 'POST',
      url: `/api/v1/sheet-uploads/${good.uploadId}/apply`,
      headers: staff.headers,
    });
    expect(applied.statusCode, applied.body.slice(0, 300)).toBe(200);
    const after: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    const item = (n: number) => after.items.find((i) => i.id === keyOf(n)) as Submission['items'][number];
    expect([item(2).status, item(2).lagReasons, item(2).lagReasonText]).toEqual([
      'lagging',
      ['funding', 'other'],
      '征收补偿未谈妥，安置、补偿未落实',
    ]);
    expect([item(3).status, item(3).lagReasons]).toEqual(['blocked', ['land']]);
    expect(item(4).lagReasons).toEqual(['funding', 'approvals']);
    expect([item(6).lagReasons, item(6).lagReasonText]).toEqual([['other'], '设备供货延迟']);

    // The next download writes them back; uploading it unchanged changes nothing.
    const again = await download();
    const s2 = again.getWorksheet('报送表') as ExcelJS.Worksheet;
    const cells = new Map<string, string>();
    s2.eachRow((row, n) => {
      if (n > 1)
        cells.set(String(row.getCell(c.key).value).split(':')[0] as string, String(row.getCell(c.reasons).value ?? ''));
    });
    expect(cells.get(keyOf(4))).toBe('资金、审批');
    expect(cells.get(keyOf(2))).toBe('资金、其他：征收补偿未谈妥，安置、补偿未落实');
    const same: SheetPreview = (await upload(again)).json();
    expect([same.errors, same.changes]).toEqual([[], []]);
    // Back to 序时推进 with the cell cleared: the reasons go with the status.
    const r2 = [...cells.keys()].indexOf(keyOf(3)) + 2;
    s2.getRow(r2).getCell(c.status).value = '序时推进';
    s2.getRow(r2).getCell(c.reasons).value = '';
    const cleared: SheetPreview = (await upload(again)).json();
    expect(cleared.errors).toEqual([]);
    await app.inject({
      method: 'POST',
      url: `/api/v1/sheet-uploads/${cleared.uploadId}/apply`,
      headers: staff.headers,
    });
    const last: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    expect(last.items.find((i) => i.id === keyOf(3))).toMatchObject({ status: 'on_track', lagReasons: [] });
  });
});
