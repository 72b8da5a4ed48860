// The living demo in a real browser, played to mid-November 2026: the sign-in page probes the session without a
// console error (not even the 4xx the browser logs by itself); the office, a unit's staff, its leader and the
// district leader each find the year on their dashboard; the published 2026 Q3 bulletin's .docx and .xlsx, unpacked,
// name every unit that did not report and every unit with a blocked item — checked against the server's database
// with SQL of this file's own once the server has stopped.

import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/server/db/client.js';
import { codesIn } from '../test/vocabulary.js';
import { attr, browserAvailable, browserJourney, POLL } from './browser.js';

const NOVEMBER = '2026-11-15';
const Q3 = '2026年第三季度';

/** The text of every XML part of a .docx or .xlsx, tags dropped. */
async function unpackedText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = await Promise.all(
    Object.values(zip.files)
      .filter((f) => f.name.endsWith('.xml'))
      .map((f) => f.async('string')),
  );
  return parts.map((x) => x.replace(/<[^>]+>/g, '')).join('\n');
}

describe.skipIf(!browserAvailable)('the living demo at mid-November', () => {
  const journey = browserJourney(['--demo', '--demo-date', NOVEMBER]);
  let docx = '';
  let xlsx = '';
  let xlsxBytes = Buffer.alloc(0);
  const pages: Page[] = [];

  it('the sign-in page asks for the session without any console error', async () => {
    const page = await journey.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      // The browser's own note on the plain-HTTP intranet origin is not the app's.
      if (m.type() === 'error' && !m.text().startsWith('The Cross-Origin-Opener-Policy header')) errors.push(m.text());
    });
    const probe = page.waitForResponse((r) => r.url().includes('/api/v1/auth/session'));
    await journey.open(page, '/login', 'login-form');
    expect((await probe).status()).toBe(200);
    await page.waitForTimeout(500);
    expect(errors).toEqual([]);
  });

  it('the office, a unit’s staff and leader, and the district leader each see the year lived', async () => {
    for (const username of ['duchashi', 'quzhang', 'fagai.staff', 'fagai.leader']) {
      const page = await journey.as(username);
      pages.push(page);
      await journey.open(page, '/dashboard', 'dashboard');
      // The office's and the district leader's dashboard of a lived year: lights of every colour, not a wall of red.
      if (username === 'duchashi' || username === 'quzhang')
        await expect
          .poll(async () => (await page.getByTestId('dashboard').textContent()) ?? '', POLL)
          .toMatch(/红灯任务[1-9]\d*黄灯任务[1-9]\d*绿灯任务[1-9]/);
      const bell = page.getByTestId('bell');
      await expect.poll(async () => attr(bell, 'data-unread'), POLL).not.toBe('');
      expect(Number(await attr(bell, 'data-unread')), username).toBeLessThan(99);
    }
  });

  it('no page shows a code of the API vocabularies: every status, light and kind in Chinese', async () => {
    // Each role's pages of a lived year, detail pages included (their ids asked of the API by the signed-in page).
    const apiJson = (page: Page, path: string) =>
      page.evaluate(async (url) => (await fetch(url)).json() as Promise<{ items: { id: string }[] }>, path);
    const office = await journey.as('duchashi');
    pages.push(office);
    const bulletin = (await apiJson(office, '/api/v1/bulletins')).items[0]?.id;
    const notice = (await apiJson(office, '/api/v1/supervision-notices')).items[0]?.id;
    const usernames = ((await apiJson(office, '/api/v1/users')).items as unknown as { username: string }[]).map(
      (u) => u.username,
    );
    const staff = await journey.as('fagai.staff');
    pages.push(staff);
    const plans = (await apiJson(staff, '/api/v1/plans')).items;
    const periods = (await apiJson(staff, `/api/v1/plans/${plans[0]?.id}/periods`)).items;
    const visits: [Page, string][] = [
      ...[
        '/dashboard',
        '/plans',
        '/tasks',
        '/supervision/tasks',
        '/supervision-notices',
        `/supervision-notices/${notice}`,
        '/closeouts',
        '/bulletins',
        `/bulletins/${bulletin}`,
        '/evaluation',
        '/reviews',
        '/coordination',
        '/extensions',
        '/ledgers',
        '/units',
        '/users',
        '/audit',
      ].map((path): [Page, string] => [office, path]),
      ...[
        '/dashboard',
        '/my',
        '/receipts',
        '/coordination',
        '/extensions',
        ...periods.map((p) => `/submission/${p.id}`),
      ].map((path): [Page, string] => [staff, path]),
    ];
    const found: Record<string, string[]> = {};
    for (const [page, path] of visits) {
      await journey.open(page, path);
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.locator('.ant-spin-spinning').count(), POLL).toBe(0);
      // biome-ignore lint/performance/useDomNodeTextContent: the text a person reads, not hidden nodes' or styles'
      const text = await page.locator('body').innerText();
      expect(text.length, path).toBeGreaterThan(20);
      // Account names are what people typed (the built-in account is called admin), not vocabulary.
      const codes = codesIn(usernames.reduce((all, name) => all.replaceAll(name, ' '), text));
      if (codes.length) found[path] = codes;
    }
    expect(found).toEqual({});
  }, 300_000);

  it('the published bulletin downloads as .docx and .xlsx', async () => {
    const office = await journey.as('duchashi');
    pages.push(office);
    // Fetched by the signed-in page itself (its cookie), bytes handed back as numbers.
    const get = (path: string) =>
      office.evaluate(async (url) => {
        const r = await fetch(url);
        return { status: r.status, bytes: Array.from(new Uint8Array(await r.arrayBuffer())) };
      }, path);
    const list = await get('/api/v1/bulletins');
    const published = (
      JSON.parse(Buffer.from(list.bytes).toString('utf8')) as { items: { id: string; status: string }[] }
    ).items.filter((b) => b.status === 'published');
    expect(published).toHaveLength(1);
    const id = published[0]?.id as string;
    for (const ext of ['docx', 'xlsx'] as const) {
      const res = await get(`/api/v1/bulletins/${id}/bulletin.${ext}`);
      expect(res.status).toBe(200);
      const text = await unpackedText(Buffer.from(res.bytes));
      if (ext === 'docx') docx = text;
      else {
        xlsx = text;
        xlsxBytes = Buffer.from(res.bytes);
      }
    }
  });

  it('the bulletin’s facts are the database’s', async () => {
    // Pages closed first: a page still polling a stopped server would log errors of its own.
    for (const page of pages) await page.context().close();
    expect(await journey.server.stop()).toBe(0);
    const database = await openDatabase({ databaseUrl: null, dataDir: journey.server.dataDir });
    try {
      const q = async <T>(text: string) => (await database.db.execute(text as never)).rows as unknown as T[];
      const period = `(select id from reporting_periods where label = '${Q3}')`;
      // Units holding a task of the plan with no signed report for the third quarter.
      const missing = await q<{ name: string }>(
        `select distinct u.name from assignments a join units u on u.id = a.unit_id
          where not exists (select 1 from submissions s where s.unit_id = a.unit_id and s.period_id = ${period}
                            and s.status in ('submitted', 'accepted'))`,
      );
      // Units that reported an item blocked: a red light, so a laggard the bulletin names.
      const blocked = await q<{ name: string }>(
        `select distinct u.name from item_reports i join submissions s on s.id = i.submission_id
           join units u on u.id = s.unit_id where s.period_id = ${period} and i.status = 'blocked'`,
      );
      // Tasks with a blocked item in a signed report of the quarter, named by source and number (省1 / 市47 / 区12).
      const blockedTasks = await q<{ code: string }>(
        `select distinct (case src.level when 'province' then '省' when 'city' then '市' when 'district' then '区' end)
                || t.number as code
           from item_reports i join submissions s on s.id = i.submission_id join assignments a on a.id = i.assignment_id
           join tasks t on t.id = a.task_id join sources src on src.id = t.source_id
          where s.period_id = ${period} and i.status = 'blocked' and s.status in ('submitted', 'accepted')`,
      );
      // Completeness before signature: no signed report of the year holds an item nobody filled.
      const unfilledSigned = await q<{ n: number }>(
        `select count(*)::int as n from item_reports i join submissions s on s.id = i.submission_id
          where s.status in ('submitted', 'accepted') and i.status is null`,
      );
      expect(unfilledSigned[0]?.n).toBe(0);
      // Every lagging task is in the workbook, each named by its code, the blocked ones red; no raw code anywhere.
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsxBytes as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('滞后任务');
      const rows: { code: string; light: string }[] = [];
      sheet?.eachRow((row, n) => {
        if (n > 1) rows.push({ code: String(row.getCell(2).value), light: String(row.getCell(4).value) });
      });
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.code).toMatch(/^[省市区]\d+$/);
      expect(blockedTasks.length).toBeGreaterThan(0);
      for (const { code } of blockedTasks) expect(rows.find((r) => r.code === code)?.light, code).toBe('红灯');
      // The document counts them all: when the office names fewer, it says how many of how many.
      const listed = /列出(\d+)项（共(\d+)项）/.exec(docx);
      if (listed) expect(Number(listed[2])).toBe(rows.length);
      expect(codesIn(docx)).toEqual([]);
      expect(codesIn(xlsx)).toEqual([]);
      expect(missing.length).toBeGreaterThan(0);
      expect(blocked.length).toBeGreaterThan(0);
      for (const { name } of [...missing, ...blocked]) {
        expect(docx, name).toContain(name);
        expect(xlsx, name).toContain(name);
      }
      expect(docx).toContain(Q3);
    } finally {
      await database.close();
    }
  });
});
