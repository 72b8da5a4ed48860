// Formula-looking text in every .xlsx the system writes: a unit name and report text that
// start with = + - @ are written through the API, every workbook is downloaded over HTTP and read back with exceljs:
// no cell is a formula and no text cell starts with a formula character (it starts with ' instead, as in the audit
// CSV). The period sheet still round-trips: sent back unchanged, it changes nothing.

import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUser, markRestNoProgress, multipart, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

const HOSTILE_UNIT = '=HYPERLINK("http://evil.example/x","点我")';
const TEXTS = {
  progress: "=cmd|' /C calc'!A0",
  problems: '@SUM(1+1)',
  nextSteps: '-2+3 下一步',
};

async function workbook(res: { statusCode: number; rawPayload: Buffer; body: string }): Promise<ExcelJS.Workbook> {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return book;
}

/** Every cell's text, and the cells a spreadsheet would run: formulas, or text starting with = + - @ TAB CR. */
function scan(book: ExcelJS.Workbook) {
  const texts: string[] = [];
  const live: string[] = [];
  for (const sheet of book.worksheets) {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) live.push(`${sheet.name}!${cell.address} formula ${cell.formula}`);
        const text = typeof cell.value === 'string' ? cell.value : cell.text;
        texts.push(text);
        if (/^[=+\-@\t\r]/.test(text)) live.push(`${sheet.name}!${cell.address} ${text}`);
      });
    });
  }
  return { texts, live };
}

describeEachDatabase('formula-looking text in .xlsx files', (t) => {
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let leader: Caller;
  let planId: string;
  let q1: Period;

  const get = (url: string, caller: Caller) => app.inject({ url, headers: { cookie: caller.cookie } });
  const send = (method: 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({ method, url, headers: caller.headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    planId = await importSample(app, clerk);
    q1 = (await get(`/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const units = (await get('/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id as string;
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username);
    leader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username);
    expect((await send('PATCH', `/api/v1/units/${fagai}`, clerk, { name: HOSTILE_UNIT })).statusCode).toBe(200);
    const pkg: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    const item = pkg.items[0] as Submission['items'][number];
    const saved = await send('PATCH', `/api/v1/item-reports/${item.id}`, staff, {
      version: item.version,
      status: 'on_track',
      ...TEXTS,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const second = pkg.items[1] as Submission['items'][number];
    // Text that already starts with ' before a formula character comes back exactly as typed.
    await send('PATCH', `/api/v1/item-reports/${second.id}`, staff, { version: second.version, progress: "'=原样" });
  });

  it('writes the period sheet with the text defused, and reads it back unchanged', async () => {
    const book = await workbook(await get(`/api/v1/periods/${q1.id}/sheet.xlsx`, staff));
    const { texts, live } = scan(book);
    expect(live).toEqual([]);
    expect(texts).toEqual(expect.arrayContaining([`'${HOSTILE_UNIT}`, `'${TEXTS.progress}`, `'${TEXTS.problems}`]));
    expect(texts).toContain("''=原样");
    const body = multipart('报送表.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/periods/${q1.id}/sheet`,
      headers: { ...staff.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json().errors).toEqual([]);
    expect(res.json().changes).toEqual([]);
  });

  it('defuses it in the exports, the supervised task list, the evaluation and the bulletin', async () => {
    const pkg: Submission = (await get(`/api/v1/periods/${q1.id}/submission`, staff)).json();
    await markRestNoProgress(app, staff, pkg.id);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).json().status).toBe('submitted');
    const bulletin = await send('POST', '/api/v1/bulletins', clerk, { planId, periodId: q1.id });
    expect(bulletin.statusCode, bulletin.body.slice(0, 300)).toBe(200);
    // Each workbook, and text of ours that must be in it (alone in its cell, or on a line of a unit's part).
    const downloads: [string, string, string[]][] = [
      ['ledger', `/api/v1/exports/ledger.xlsx?planId=${planId}&periodId=${q1.id}`, [TEXTS.progress, TEXTS.problems]],
      ['upward', `/api/v1/exports/upward.xlsx?planId=${planId}&periodId=${q1.id}`, [HOSTILE_UNIT]],
      ['tasks', `/api/v1/supervision/tasks.xlsx?planId=${planId}`, [HOSTILE_UNIT, TEXTS.progress]],
      ['evaluation', `/api/v1/evaluation.xlsx?planId=${planId}&periodId=${q1.id}`, [HOSTILE_UNIT]],
      ['bulletin', `/api/v1/bulletins/${bulletin.json().id}/bulletin.xlsx`, [HOSTILE_UNIT]],
    ];
    for (const [name, url, expected] of downloads) {
      const { texts, live } = scan(await workbook(await get(url, clerk)));
      expect(live, name).toEqual([]);
      for (const text of expected)
        expect(
          texts.some((x) => x.includes(text)),
          `${name}: ${text}`,
        ).toBe(true);
    }
    // A cell holding the name alone starts with the quote.
    const { texts } = scan(
      await workbook(await get(`/api/v1/evaluation.xlsx?planId=${planId}&periodId=${q1.id}`, clerk)),
    );
    expect(texts).toContain(`'${HOSTILE_UNIT}`);
  });
});
