// A unit on phones (390×844), on the bare demo: the staff acknowledge their assignments in bulk (批量签收: one
// source level, then all the rest) and send the first period's package; the principal leader signs it on the
// phone, reaching it through the menu drawer. No screen is wider than the phone, and the period list on 我的任务
// shows the package's real state (未开始 → 待签字 → 已报送). Screenshots in test-results/.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attr, browserAvailable, browserJourney, type Journey, num, PHONE, POLL, shot } from './browser.js';
import { expectFits } from './fits.js';
import { BARE_DEMO_DATE } from './server.js';
import { markRestInSheet, status } from './steps.js';

/** A shared CI machine under load answers slower than the usual waits allow: this file's pages and polls wait longer. */
const WAIT = { ...POLL, timeout: 90_000 };
const as = async (journey: Journey, username: string, phone: boolean): Promise<Page> => {
  const page = await journey.as(username, phone ? { viewport: PHONE } : {});
  page.setDefaultTimeout(WAIT.timeout);
  return page;
};

/** The unit's package state beside the period on 我的任务 (not_started, draft, pending_signoff, submitted …). */
const periodState = (page: Page, periodId: string) =>
  attr(
    page.locator(`[data-testid="submission-period"][data-period="${periodId}"] [data-testid="period-status"]`),
    'data-status',
  );

/** Opens 我的任务 through the phone's menu drawer. */
async function openMyTasksFromMenu(page: Page): Promise<void> {
  await page.getByTestId('nav-open').click();
  await page.getByTestId('nav-drawer').getByTestId('nav-my').click();
  await page.getByTestId('submission-periods').waitFor();
}

describe.skipIf(!browserAvailable)('a unit on phones', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE]);
  let periodId: string;
  /** Several profiles, a sheet round trip and phone-sized re-layouts: more than the default minute on a busy machine. */
  const SLOW = 300_000;

  it(
    'staff acknowledge their assignments in bulk: one source level, then all the rest',
    async () => {
      const staff = await as(journey, 'fagai.staff', true);
      await journey.open(staff, '/my', 'receipts-bulk');
      const pendingCount = () => num(staff.getByTestId('receipts-pending-count'), 'data-count');
      const before = await pendingCount();
      expect(before).toBeGreaterThan(10);
      await expectFits(staff, '我的任务 with the receipts card');
      const button = staff.getByTestId('receipts-acknowledge-selected');
      expect(await button.isDisabled()).toBe(true);

      // One source level first: its count is on its button.
      const level = staff.getByTestId('receipts-select-level').first();
      const levelCount = await num(level, 'data-count');
      expect(levelCount).toBeGreaterThan(0);
      expect(levelCount).toBeLessThan(before);
      await level.click();
      expect(await num(button, 'data-count')).toBe(levelCount);
      await button.click();
      await staff.getByTestId('receipts-acknowledge-confirm').click();
      await expect.poll(pendingCount, WAIT).toBe(before - levelCount);

      // Then everything still pending; disputes would stay one by one (none here).
      await staff.getByTestId('receipts-select-all').click();
      await expect.poll(() => num(button, 'data-count'), WAIT).toBe(before - levelCount);
      await button.click();
      await staff.getByTestId('receipts-acknowledge-confirm').click();
      await expect.poll(pendingCount, WAIT).toBe(0);
      await staff.getByTestId('receipts-bulk').waitFor({ state: 'detached' });
      await shot(staff, '50-phone-bulk-receipt');
    },
    SLOW,
  );

  it(
    'staff send the first period’s package; the period list says 未开始, then 待签字',
    async () => {
      const staff = await as(journey, 'fagai.staff', false);
      await journey.open(staff, '/my', 'submission-period');
      const open = staff.getByTestId('submission-open').first();
      periodId = await attr(open, 'data-period');
      expect(await periodState(staff, periodId)).toBe('not_started');
      await open.click();
      await status(staff, 'draft');
      expect(await markRestInSheet(staff)).toBeGreaterThan(0);
      await staff.getByTestId('submission-send').click();
      await status(staff, 'pending_signoff');
      await journey.open(staff, '/my', 'submission-period');
      await expect.poll(() => periodState(staff, periodId), WAIT).toBe('pending_signoff');
    },
    SLOW,
  );

  it(
    'the leader signs on the phone, through the menu drawer; the period list then says 已报送',
    async () => {
      const leader = await as(journey, 'fagai.leader', true);
      await openMyTasksFromMenu(leader);
      await expect.poll(() => periodState(leader, periodId), WAIT).toBe('pending_signoff');
      const row = leader.locator(`[data-testid="signoff-row"][data-period="${periodId}"]`);
      await row.waitFor();
      await expectFits(leader, '我的任务 (待我签字)');
      await shot(leader, '51-phone-signoff-inbox');

      await row.getByTestId('signoff-open').click();
      await status(leader, 'pending_signoff');
      await expectFits(leader, 'the package to sign');
      const sign = leader.getByTestId('submission-sign');
      const box = await sign.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
      await sign.click();
      await leader.getByTestId('submission-sign-confirm').click();
      await status(leader, 'submitted');
      await expectFits(leader, 'the signed package');
      await shot(leader, '52-phone-signed');

      await openMyTasksFromMenu(leader);
      await expect.poll(() => periodState(leader, periodId), WAIT).toBe('submitted');
      await leader.locator(`[data-testid="signoff-row"][data-period="${periodId}"]`).waitFor({ state: 'detached' });
      await expectFits(leader, '我的任务 after signing');
    },
    SLOW,
  );
});
