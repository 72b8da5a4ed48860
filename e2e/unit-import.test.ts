// 导入单位名录 in a real browser: the office opens the import from the first-run guide's link (/units?import=1),
// downloads the template, fills it (a new unit, and an alias for a unit the demo has), uploads it, sees the
// per-row preview, confirms, and finds the new unit and the added alias in the directory.

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { browserAvailable, browserJourney, download, POLL, shot } from './browser.js';
import { BARE_DEMO_DATE } from './server.js';

describe.skipIf(!browserAvailable)('importing the unit directory', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE]);

  it('the office uploads a directory sheet, checks the preview and imports it', async () => {
    const page = await journey.as('duchashi');
    await journey.open(page, '/units?import=1', 'unit-import-upload');

    const template = await download(page, page.getByTestId('unit-import-template'));
    expect(template.name).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    sheet.addRow(['区地方志编纂中心', '区方志办、区地方志办', '区级', '其他']);
    sheet.addRow(['区发改局', '区发展改革局', undefined, undefined]);

    // antd's Upload puts the test id on its file input itself.
    await page.getByTestId('unit-import-input').setInputFiles({
      name: '单位名录.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    const preview = page.getByTestId('unit-import-preview');
    await preview.waitFor();
    await expect.poll(() => preview.locator('[data-outcome="new"]').count(), POLL).toBe(1);
    await expect.poll(() => preview.locator('[data-outcome="updated"]').count(), POLL).toBe(1);
    expect(await preview.locator('[data-outcome="updated"]').textContent()).toContain('区发展改革局');
    await shot(page, 'unit-import-preview');

    await page.getByTestId('unit-import-confirm').click();
    await preview.waitFor({ state: 'detached' });
    await page.getByTestId('units-search').fill('方志');
    const table = page.getByTestId('units-table');
    await expect.poll(() => table.textContent(), POLL).toContain('区地方志编纂中心');
    expect(await table.textContent()).toContain('区方志办');
    await page.getByTestId('units-search').fill('区发展改革局');
    await expect.poll(() => table.textContent(), POLL).toContain('区发改局');
  }, 180_000); // two browser round trips with uploads: more than the default minute on a busy machine
});
