// Steps of the reporting loop that more than one browser journey walks: the package's state, its autosave,
// 批量填报 through the sheet, and the office's review.

import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { bellShows, download, type Journey, num, pick } from './browser.js';

/** Waits until the package (or a drawer holding it) shows `want`. */
export const status = (scope: Page | Locator, want: string) =>
  scope.locator(`[data-testid="submission-status"][data-status="${want}"]`).first().waitFor();

// The check runs in the page (a function, not a string: the app's CSP forbids eval); the root
// tsconfig has no DOM types, hence the narrow cast.
type Doc = { querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }> };
export const allSaved = (page: Page) =>
  page.waitForFunction(() =>
    Array.from(
      (globalThis as unknown as { document: Doc }).document.querySelectorAll('[data-testid="item-saved"]'),
    ).every((el) => el.getAttribute('data-state') === 'saved'),
  );

/**
 * How many of the unit's items in the period the server holds as filled: what sending checks, read through the
 * page's own session (an autosave may not have started yet when every mark on the page still says 已保存).
 */
export const serverFilled = (page: Page, periodId: string) =>
  page.evaluate(async (id) => {
    const res = await fetch(`/api/v1/periods/${encodeURIComponent(id)}/submission`);
    const pkg = (await res.json()) as { items: { unfilled: boolean }[] };
    return pkg.items.filter((item) => !item.unfilled).length;
  }, periodId);

/**
 * 批量填报: every item still unfilled marked 本期无进展 with a reason in the downloaded sheet, uploaded back.
 * Returns how many it marked (none: nothing is uploaded).
 */
export async function markRestInSheet(staff: Page): Promise<number> {
  const sheet = await download(staff, staff.getByTestId('sheet-download'));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(sheet.bytes as unknown as ArrayBuffer);
  const rows = book.getWorksheet('报送表') as ExcelJS.Worksheet;
  // Columns by their header: the sheet's layout grows (滞后原因 came after 状态).
  const column = (header: string) => (rows.getRow(1).values as unknown[]).indexOf(header);
  const [status, progress] = [column('状态'), column('本期进展')];
  let marked = 0;
  rows.eachRow((row, n) => {
    if (n === 1 || String(row.getCell(status).value ?? '') !== '') return;
    row.getCell(status).value = '本期无进展';
    row.getCell(progress).value = '本期暂无进展：等待上级资金批复。';
    marked += 1;
  });
  if (marked === 0) return 0;
  await staff
    .getByTestId('sheet')
    .locator('input[type=file]')
    .setInputFiles({
      name: '报送表.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
  await staff.getByTestId('sheet-preview').waitFor();
  expect(await num(staff.getByTestId('sheet-preview'), 'data-errors')).toBe(0);
  await staff.getByTestId('sheet-apply').click();
  await staff.getByTestId('sheet-applied').waitFor();
  return marked;
}

/**
 * The office opens a signed package of the period in 报送审核 (the unit's row, or the first signed one) and
 * accepts it (first noting how it verified the first item, 核实方式, when `verify` says so), or returns it with
 * `comment` and the first item flagged.
 */
export async function reviewSubmission(
  journey: Journey,
  office: Page,
  periodId: string,
  action: { accept: true; verify?: { method: string; note: string } } | { returnWith: string; itemComment: string },
  unitName?: string,
): Promise<void> {
  await journey.open(office, `/reviews?period=${periodId}`);
  let row = office.getByTestId('reviews-table').locator('[data-testid="review-row"][data-status="submitted"]');
  if (unitName) row = row.filter({ hasText: unitName });
  await row.first().getByTestId('review-open').click();
  const drawer = office.getByTestId('review-drawer');
  await status(drawer, 'submitted');
  if ('accept' in action) {
    const fields = drawer.getByTestId('review-verification').first();
    if (action.verify) {
      await pick(office, fields.getByTestId('review-verification-method'), action.verify.method);
      await fields.getByTestId('review-verification-note').fill(action.verify.note);
    }
    await office.getByTestId('review-accept').click();
    // 通过 asks first, naming the unit and the period.
    await office.getByTestId('review-accept-confirm').click();
    await status(drawer, 'accepted');
    if (action.verify) {
      // Recorded with the 通过: the accepted package shows it on the item.
      const line = drawer.getByTestId('item-verification').first();
      expect(await line.textContent()).toContain(`已核实：${action.verify.method} · ${action.verify.note}`);
    }
    return;
  }
  await office.getByTestId('review-return').click();
  await office.getByTestId('review-return-comment').fill(action.returnWith);
  // The first item, clicked again if need be: a click while the dropdown is still opening is lost on a loaded machine
  // (CI, session 14), and then no comment field appears.
  const items = office.getByTestId('review-return-items');
  await items.click();
  const first = office.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first();
  await first.click();
  const chosen = items.locator('.ant-select-selection-item');
  for (let attempt = 0; attempt < 3 && (await chosen.count()) === 0; attempt++) {
    await office.waitForTimeout(300);
    if (await first.isVisible()) await first.click();
  }
  await chosen.first().waitFor();
  await office.keyboard.press('Escape');
  await office.getByTestId('review-item-comment').fill(action.itemComment);
  await office.getByTestId('review-return-submit').click();
  await status(drawer, 'returned');
}

/**
 * The staff send the package; the unit's leader finds it in the bell (报送待您签字), opens it and signs. Returns the
 * leader's page.
 */
export async function sendAndSign(journey: Journey, staff: Page, periodId: string): Promise<Page> {
  await staff.getByTestId('submission-send').click();
  await status(staff, 'pending_signoff');
  const leader = await journey.as('fagai.leader');
  await bellShows(leader, 'signoff_pending', '报送待您签字');
  await journey.open(leader, `/submission/${periodId}`);
  await leader.getByTestId('submission-sign').click();
  await leader.getByTestId('submission-sign-confirm').click();
  await status(leader, 'submitted');
  return leader;
}
