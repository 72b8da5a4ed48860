// The task page as a hub (issue 15), in a real browser on the bare demo (every 2025 deadline has passed and nothing
// is reported, so every district item is red): the office opens a red task from the supervised list, reads its
// light and why and its units, sees the parser's 原文 tab, and sends a 催办 from the page; 区发改局's staff find the
// reminder on the bell, open the same task and see neither the 原文 tab nor the office's buttons, and only their own
// unit's 台账; on a phone the page is no wider than the screen.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attr, bellShows, browserAvailable, browserJourney, PHONE, POLL, shot } from './browser.js';
import { expectFits } from './fits.js';
import { BARE_DEMO_DATE } from './server.js';

const UNIT = '区发改局';
const MESSAGE = '任务页催办：请本周内补报各季度进展。';

describe.skipIf(!browserAvailable)('the task page as a hub', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE]);
  let taskPath: string;
  let office: Page;

  it('the office opens a red task from the supervised list and reads its light, why and units', async () => {
    office = await journey.as('duchashi');
    await journey.open(office, '/supervision/tasks?light=red', 'supervision-row');
    const row = office
      .getByTestId('supervision-row')
      .filter({ has: office.locator(`[data-testid="supervision-unit"][data-unit="${UNIT}"]`) })
      .first();
    expect(await attr(row, 'data-light')).toBe('red');
    await row.getByTestId('supervision-task-open').click();
    await office.getByTestId('task-open-page').click();
    await office.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    taskPath = new URL(office.url()).pathname;

    const light = office.getByTestId('task-light');
    await expect.poll(() => attr(light, 'data-light'), POLL).toBe('red');
    const reason = (await office.getByTestId('task-light-reason').textContent()) ?? '';
    expect(reason).toContain('逾期未报送');
    expect(reason).toMatch(/逾期 \d+ 天/);

    const units = office.getByTestId('task-units').getByTestId('task-unit');
    await units.first().waitFor();
    const names = await units.evaluateAll((els) => els.map((el) => el.getAttribute('data-unit')));
    expect(names).toContain(UNIT);
    const fagai = units.filter({ hasText: UNIT }).first();
    expect(await attr(fagai, 'data-light')).toBe('red');
    expect(await fagai.textContent()).toContain('未报送');
    // The office may open every unit's 台账 and package.
    expect(await office.getByTestId('task-unit-ledger').count()).toBe(names.length);
    expect(await office.getByTestId('task-unit-package').count()).toBe(names.length);
    expect(await attr(fagai.getByTestId('task-unit-ledger'), 'href')).toMatch(/^\/ledger\/[0-9a-f-]{36}$/);
    expect(await attr(fagai.getByTestId('task-unit-package'), 'href')).toMatch(
      /^\/submission\/[0-9a-f-]{36}\?unitId=[0-9a-f-]{36}$/,
    );
    // Its buttons, and the parser's reading behind the 原文 tab only.
    for (const id of ['task-action-remind', 'task-action-notice', 'task-action-closeout'])
      expect(await office.getByTestId(id).isVisible()).toBe(true);
    expect(await office.getByText('原文行号').isVisible()).toBe(false);
    await office.getByTestId('task-tab-source').click();
    await office.getByTestId('task-source-line').waitFor();
    expect(Number(await office.getByTestId('task-source-line').textContent())).toBeGreaterThan(0);
    await shot(office, '60-task-hub-source');
    await office.getByText('概况', { exact: true }).click();
    await shot(office, '61-task-hub-office');
  });

  it('the office sends a 催办 from the task page and the unit finds it on the bell', async () => {
    await office.getByTestId('task-action-remind').click();
    await office.getByTestId('remind-message').fill(MESSAGE);
    await office.getByTestId('remind-submit').click();
    await expect.poll(() => office.getByTestId('remind-submit').count(), POLL).toBe(0);

    const staff = await journey.as('fagai.staff');
    await bellShows(staff, 'manual_reminder', MESSAGE);
  });

  it('the unit sees its own row and 台账 only, no 原文 tab and no office buttons', async () => {
    const staff = await journey.as('fagai.staff');
    await journey.open(staff, taskPath, 'task-unit');
    await expect.poll(() => attr(staff.getByTestId('task-light'), 'data-light'), POLL).toBe('red');
    const units = staff.getByTestId('task-units').getByTestId('task-unit');
    const names = await units.evaluateAll((els) => els.map((el) => el.getAttribute('data-unit')));
    expect(new Set(names)).toEqual(new Set([UNIT]));
    const ledgers = staff.getByTestId('task-unit-ledger');
    expect(await ledgers.count()).toBeGreaterThan(0);
    expect(new Set(await ledgers.evaluateAll((els) => els.map((el) => el.getAttribute('data-unit'))))).toEqual(
      new Set([UNIT]),
    );
    // Its own package, without ?unitId=.
    expect(await attr(staff.getByTestId('task-unit-package').first(), 'href')).toMatch(/^\/submission\/[0-9a-f-]{36}$/);
    for (const id of ['task-tab-source', 'task-action-remind', 'task-action-notice', 'task-action-closeout'])
      expect(await staff.getByTestId(id).count()).toBe(0);
    expect(await staff.getByText('原文行号').count()).toBe(0);
    expect(await staff.getByText(/第 \d+ 段/).count()).toBe(0);
    // The 台账 link opens the unit's ledger.
    await ledgers.first().click();
    await staff.waitForURL(/\/ledger\/[0-9a-f-]{36}$/);
  });

  it('on a phone the task page is no wider than the screen', async () => {
    for (const who of ['fagai.staff', 'duchashi']) {
      const phone = await journey.as(who, { viewport: PHONE });
      await journey.open(phone, taskPath, 'task-unit');
      await phone.getByTestId('task-light').waitFor();
      await expectFits(phone, `the task page for ${who}`);
      await shot(phone, `62-task-hub-phone-${who}`);
    }
  });
});
