// uploads group: peak memory above baseline while the largest uploads the limits allow are processed through
// real HTTP by a real server process (what `duban start` runs, test/child-server.ts) — a period sheet of the
// maximum rows (src/core/limits.ts) generated with ExcelJS, and an account file of the maximum accounts — and how
// fast zip bombs are refused. Peak RSS is that process's kernel high-water mark (VmHWM), reset just before each
// upload (bench/memory.ts): the real peak, not a sample of it, and not the bench's own memory (building the
// workbooks in the same process once hid the server's whole peak in memory the client had already taken).

import ExcelJS from 'exceljs';
import type { Period, Submission } from '../src/api/v1.js';
import { ACCOUNT_LIMITS, SHEET_LIMITS } from '../src/core/limits.js';
import { openDatabase } from '../src/server/db/client.js';
import { type Caller, importSample, makeApp, makeUser, signInDirect } from '../test/app.js';
import { scratchData, spawnServer, stopServer, waitHealthy } from '../test/child-server.js';
import { prose } from '../test/fixtures/office-files.js';
import { xlsxBomb } from '../test/fixtures/zip-bombs.js';
import { peakAbove } from './memory.js';
import { type BenchEntry, round } from './types.js';

const MB = 1024 * 1024;

async function post(base: string, path: string, caller: Caller, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: caller.headers, body: form });
  const text = await res.text();
  return { status: res.status, text };
}

const STATUSES = ['未启动', '序时推进', '已完成', '滞后', '受阻'];

/** The largest period sheet the limits allow: the unit's own rows and more, up to maxRows, with real texts. */
async function largestSheet(items: Submission['items']): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('报送表');
  sheet.addRow(['编号', '单位', '来源', '序号', '任务内容', '状态', '滞后原因', '本期进展', '存在问题', '下步打算']);
  for (let i = 0; i < SHEET_LIMITS.maxRows; i++) {
    const item = items[i];
    const key = item ? `${item.id}:${item.version}` : `00000000-0000-4000-8000-${String(i).padStart(12, '0')}:1`;
    sheet.addRow([
      key,
      '区发改局',
      '区级',
      String(i + 1),
      prose(50, i * 7 + 1),
      STATUSES[i % STATUSES.length],
      // 滞后 and 受阻 name their reasons, as the sheet asks.
      ['滞后', '受阻'].includes(STATUSES[i % STATUSES.length] as string) ? '资金、审批' : '',
      prose(100, i * 7 + 2),
      prose(30, i * 7 + 3),
      prose(30, i * 7 + 4),
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function largestAccounts(unitNames: string[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('账号');
  sheet.addRow(['用户名', '姓名', '角色', '单位']);
  for (let i = 0; i < ACCOUNT_LIMITS.maxRows; i++) {
    sheet.addRow([`bench.user.${i}`, prose(3, i + 1), '单位经办人', unitNames[i % unitNames.length]]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function uploadsBench(): Promise<BenchEntry[] | { skipped: string }> {
  if (process.platform !== 'linux') return { skipped: 'peak RSS is read from /proc (Linux only)' };
  // On disk, not in memory (/dev/shm would count the database's files as memory of the machine).
  const scratch = await scratchData('pglite', 'duban-uploads-');
  const database = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir });
  let clerk: Caller;
  let staff: Caller;
  let periodId: string;
  let sheet: Buffer;
  let accounts: Buffer;
  try {
    // Real time: the sessions are then valid for the server process too.
    const app = await makeApp(database, { now: () => new Date(), advance: () => undefined });
    clerk = await signInDirect(app, (await makeUser(database.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    const get = async (url: string, caller: Caller) =>
      (await app.inject({ url, headers: { cookie: caller.cookie } })).json();
    const period: Period = (await get(`/api/v1/plans/${planId}/periods`, clerk)).items[0];
    periodId = period.id;
    const units = (await get('/api/v1/units', clerk)).items as { id: string; name: string }[];
    const unitId = units.find((u) => u.name === '区发改局')?.id;
    staff = await signInDirect(app, (await makeUser(database.db, 'unit_staff', { unitId })).username);
    const pkg: Submission = await get(`/api/v1/periods/${period.id}/submission`, staff);
    sheet = await largestSheet(pkg.items);
    accounts = await largestAccounts(units.map((u) => u.name));
    await app.close();
  } finally {
    await database.close();
  }
  const bomb49 = xlsxBomb(49);
  const bomb442 = xlsxBomb(442);
  const server = await spawnServer(1, scratch.dataDir, scratch.databaseUrl);
  try {
    await waitHealthy(server);
    const base = server.url;
    const pid = server.child.pid as number;
    const sheetRun = await peakAbove(pid, () =>
      post(base, `/api/v1/periods/${periodId}/sheet`, staff, '报送表.xlsx', sheet),
    );
    const accountRun = await peakAbove(pid, () => post(base, '/api/v1/users/import', clerk, '账号.xlsx', accounts));
    const bombRuns = [];
    for (const bomb of [bomb49, bomb442]) {
      bombRuns.push(await peakAbove(pid, () => post(base, `/api/v1/periods/${periodId}/sheet`, staff, 'x.xlsx', bomb)));
    }
    const note = (r: { value: { status: number; text: string } }, what: string) =>
      r.value.status === 200 ? what : `HTTP ${r.value.status}: ${r.value.text.slice(0, 120)}`;
    const rows = SHEET_LIMITS.maxRows;
    return [
      {
        id: 'uploads.sheet.peak_rss_mb',
        value: round(sheetRun.peak / MB, 1),
        unit: 'MB',
        better: 'lower',
        goal: 300,
        note: note(
          sheetRun,
          `server process; period sheet of ${rows} rows, ${round(sheet.length / MB, 1)} MB, previewed over HTTP`,
        ),
      },
      { id: 'uploads.sheet.ms', value: round(sheetRun.ms, 0), unit: 'ms', better: 'lower' },
      {
        id: 'uploads.accounts.peak_rss_mb',
        value: round(accountRun.peak / MB, 1),
        unit: 'MB',
        better: 'lower',
        goal: 300,
        note: note(
          accountRun,
          `server process; account file of ${ACCOUNT_LIMITS.maxRows} accounts, ${round(accounts.length / 1024, 0)} KB, all created`,
        ),
      },
      { id: 'uploads.accounts.ms', value: round(accountRun.ms, 0), unit: 'ms', better: 'lower' },
      ...bombRuns.map((r, i) => ({
        id: `uploads.bomb_${i === 0 ? 49 : 442}mb.refused_ms`,
        value: round(r.ms, 0),
        unit: 'ms',
        better: 'lower' as const,
        goal: 1000,
        note: `${round((i === 0 ? bomb49 : bomb442).length / 1024, 0)} KB .xlsx → HTTP ${r.value.status}, peak +${round(r.peak / MB, 1)} MB`,
      })),
    ];
  } finally {
    await stopServer(server);
    await scratch.drop();
  }
}
