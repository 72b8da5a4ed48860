// 年终结转 in a real browser, on the bare 2025 demo (nothing reported, so every district task is unfinished): the
// office opens the plan's year end, carries one task over into the next year's plan, closes one with a reason and
// all the others at once, and closes the year; the plan then shows 已归档 with no editing buttons, and the carried
// task shows where it came from. Screenshots in test-results/.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, browserJourney, POLL, shot } from './browser.js';
import { BARE_DEMO_DATE } from './server.js';

describe.skipIf(!browserAvailable)('year end: carry over, close, archive', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE]);

  const decided = (page: Page, kind: 'carry' | 'close') =>
    page.locator(`[data-testid="year-end-decision"][data-decision="${kind}"]`).count();

  const closeWithReason = async (page: Page, reason: string) => {
    await page.getByTestId('year-end-reason').fill(reason);
    await page.getByTestId('year-end-close-save').click();
    await page.getByTestId('year-end-reason').waitFor({ state: 'detached' });
  };

  it('the office carries a task over, closes the others with a reason and closes the year', async () => {
    const office = await journey.as('duchashi');
    await journey.open(office, '/plans', 'plan-link');
    await office.getByTestId('plan-link').first().click();
    await office.getByTestId('plan-year-end').waitFor();
    const planPath = new URL(office.url()).pathname;
    // Its figures are the plan's lights over 271 tasks: on a busy CI host this takes longer than a click's wait.
    await journey.open(office, `${planPath}/year-end`);
    await office.getByTestId('year-end-tasks').waitFor({ timeout: 120_000 });

    // Closing the year is not offered while tasks wait for a decision.
    await expect(office.getByTestId('year-end-close-plan').isDisabled()).resolves.toBe(true);

    await office.getByTestId('year-end-carry').first().click();
    await expect.poll(() => decided(office, 'carry'), POLL).toBe(1);
    const carriedLink = office.locator('[data-decision="carry"] a').first();
    await expect.poll(async () => (await carriedLink.textContent()) ?? '', POLL).toMatch(/^2026 [省市区]结1$/);
    const carriedPath = (await carriedLink.getAttribute('href')) ?? '';

    await office.getByTestId('year-end-close').first().click();
    await closeWithReason(office, '已纳入区级专项行动统一推进。');
    await expect.poll(() => decided(office, 'close'), POLL).toBe(1);
    await shot(office, '40-year-end-deciding');

    // The rest at once: every undecided task, on every page, closed with one reason.
    await office.getByTestId('year-end-select-undecided').click();
    await office.getByTestId('year-end-close-selected').click();
    await closeWithReason(office, '年度目标调整，不再单列。');
    await expect.poll(() => office.getByTestId('year-end-close-plan').isDisabled(), POLL).toBe(false);
    await office.getByTestId('year-end-close-plan').click();
    await office.locator('.ant-popconfirm .ant-btn-primary').click();
    await office.getByTestId('year-end-archived').waitFor();
    await shot(office, '41-year-end-archived');

    // The archive: 已归档, no editing of periods, still readable.
    await journey.open(office, planPath, 'plan-archived');
    await office.getByTestId('periods-table').waitFor();
    expect(await office.getByTestId('period-edit').count()).toBe(0);
    await journey.open(office, '/plans', 'plans-table');
    await expect
      .poll(async () => (await office.getByTestId('plans-table').textContent()) ?? '', POLL)
      .toContain('已归档');

    // The carried task, in the 2026 plan, points back to its original.
    await journey.open(office, carriedPath, 'task-carried-from');
    expect(await office.getByTestId('task-carried-from-link').textContent()).toMatch(/^原任务：2025年 [省市区]\d+/);
    await shot(office, '42-carried-task');
  }, 300_000);
});
