// Browser journeys in Debian's chromium (playwright-core) against a fresh `duban start` on a free
// port: the admin signs in and changes the initial password, creates the supervisor; the
// supervisor imports the sample through the wizard and sees 271 tasks; a unit user sees only
// their unit's tasks. Screenshots go to test-results/ (CI artifacts).

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, browserJourney, POLL, pick, shot, signIn, signOut } from './browser.js';
import { ROOT } from './server.js';

const ADMIN_INITIAL = 'Initial#Admin1';
const ADMIN_NEW = 'Changed#Pass2x';

async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByTestId('password-current').fill(current);
  await page.getByTestId('password-new').fill(next);
  await page.getByTestId('password-confirm').fill(next);
  await page.getByTestId('password-submit').click();
}

describe.skipIf(!browserAvailable)('browser journeys', () => {
  const journey = browserJourney([], { DUBAN_ADMIN_PASSWORD: ADMIN_INITIAL });
  let page: Page;

  it('admin: signs in, must change the initial password, creates the supervisor', async () => {
    // The start banner tells the operator the app serves plain HTTP, which works at any intranet address.
    expect(journey.server.output()).toContain('plain HTTP: open it at any intranet address');
    page = await journey.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, journey.server.pageUrl, 'admin', ADMIN_INITIAL);
    await page.waitForURL('**/password');
    await page.getByTestId('password-current').waitFor();
    await shot(page, '01-forced-password-change');
    await changePassword(page, ADMIN_INITIAL, ADMIN_NEW);
    await page.waitForURL('**/users');
    // A new installation leads the admin: the first step is the 督查室 account.
    const guide = page.getByTestId('first-run-guide');
    expect(await guide.getAttribute('data-current')).toBe('0');
    await shot(page, '01b-first-run-guide');
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-username').fill('duchashi');
    await page.getByTestId('user-display-name').fill('督查室 王敏');
    await pick(page, page.getByTestId('user-role'), '督查室');
    await page.getByTestId('user-save').click();
    const password = (await page.getByTestId('secret-password').textContent())?.trim() ?? '';
    expect(password).toHaveLength(16);
    await shot(page, '02-supervisor-created');
    await page.getByTestId('secrets-close').click();
    await signOut(page);
    (globalThis as Record<string, unknown>).supervisorPassword = password;
  });

  it('supervisor: imports the sample notice through the wizard and sees 271 tasks', async () => {
    const initial = (globalThis as Record<string, unknown>).supervisorPassword as string;
    await signIn(page, journey.server.pageUrl, 'duchashi', initial);
    await page.waitForURL('**/password');
    await changePassword(page, initial, 'Supervisor#2025');
    await page.waitForURL('**/plans');
    // No plan yet: the guide's next step for the office is the notice.
    expect(await page.getByTestId('first-run-guide').getAttribute('data-current')).toBe('2');
    await page.getByTestId('first-run-import').click();
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles(join(ROOT, 'examples', 'wuchang-2025-work-report-tasks.txt'));
    await page.getByTestId('import-warning-count').waitFor();
    expect(await page.getByTestId('import-warning-count').textContent()).toContain('8');
    await shot(page, '03-import-preview');
    await page.getByTestId('import-approve-all').click();
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-confirm').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
    await expect.poll(async () => (await page.getByTestId('task-total').textContent())?.trim(), POLL).toBe('271');
    await shot(page, '04-plan-271-tasks');
  });

  it('unit user: sees only the tasks of their unit', async () => {
    // The supervisor creates a staff account for 区发改局 through the Users page.
    await page.getByTestId('nav-users').click();
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-username').fill('fagai.staff');
    await page.getByTestId('user-display-name').fill('区发改局 刘洋');
    await pick(page, page.getByTestId('user-role'), '单位经办人');
    await pick(page, page.getByTestId('user-unit'), '区发改局', true);
    await page.getByTestId('user-save').click();
    const initial = (await page.getByTestId('secret-password').textContent())?.trim() ?? '';
    await page.getByTestId('secrets-close').click();
    await signOut(page);

    await signIn(page, journey.server.pageUrl, 'fagai.staff', initial);
    await page.waitForURL('**/password');
    await changePassword(page, initial, 'Fagai#Staff2025');
    await page.waitForURL('**/my');
    const shown = Number((await page.getByTestId('task-total').textContent())?.trim());
    // The API, asked directly with the same session, agrees and every task names the unit.
    const api = await page.evaluate(async () => {
      const r = await fetch('/api/v1/my/assignments?pageSize=500');
      return r.json() as Promise<{ total: number; items: { assignments: { unit: { name: string } }[] }[] }>;
    });
    expect(shown).toBe(api.total);
    expect(shown).toBeGreaterThan(40);
    expect(shown).toBeLessThan(271);
    expect(api.items.every((t) => t.assignments.some((a) => a.unit.name === '区发改局'))).toBe(true);
    const all = await page.evaluate(
      async () => (await fetch('/api/v1/tasks?pageSize=1')).json() as Promise<{ total: number }>,
    );
    expect(all.total).toBe(api.total);
    await shot(page, '05-unit-my-tasks');
  });

  it('receipt: the unit acknowledges one task and disputes another; the office reassigns it', async () => {
    const pending = () => page.getByTestId('receipts-pending-count').getAttribute('data-count');
    await page.getByTestId('receipt-row').first().waitFor();
    const before = Number(await pending());
    expect(before).toBe(47);
    await page.getByTestId('receipt-acknowledge').first().click();
    await expect.poll(async () => Number(await pending()), POLL).toBe(before - 1);
    await page.getByTestId('receipt-dispute').first().click();
    await page.getByTestId('dispute-quick-reason').first().click();
    expect(await page.getByTestId('dispute-reason').inputValue()).toBe('非本单位职责');
    await page.getByTestId('dispute-submit').click();
    await expect.poll(async () => Number(await pending()), POLL).toBe(before - 2);
    await shot(page, '06-unit-receipts');
    await signOut(page);

    await signIn(page, journey.server.pageUrl, 'duchashi', 'Supervisor#2025');
    await page.getByTestId('nav-receipts').click();
    await page.getByTestId('receipts-table').waitFor();
    await expect.poll(() => page.getByTestId('receipt-row').count(), POLL).toBe(1);
    await page.getByTestId('receipt-reassign').first().click();
    await pick(page, page.getByTestId('reassign-unit'), '区经科局', true);
    await page.getByTestId('reassign-reason').fill('经核定由区经科局承担');
    await page.getByTestId('reassign-submit').click();
    await expect.poll(() => page.getByTestId('receipt-row').count(), POLL).toBe(0);
    await shot(page, '07-office-reassigned');

    // The reporting calendar of the plan: the notice's four reports.
    await page.getByTestId('nav-plans').click();
    await page.locator('a[href^="/plans/"]').first().click();
    await page.getByTestId('periods-table').waitFor();
    await expect.poll(() => page.getByTestId('period-row').count(), POLL).toBe(4);
  });
});
