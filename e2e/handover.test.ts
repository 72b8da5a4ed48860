// 工作移交 in a real browser on the demo: 区发改局's clerk raises a coordination request; the unit's leader opens
// 我的任务, sees the clerk's open work, previews exactly what moves, hands it to a colleague (here the leader) and
// is told on the bell; the request then shows who had it before. Screenshots in test-results/.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attr, browserAvailable, browserJourney, POLL, pick, shot } from './browser.js';
import { BARE_DEMO_DATE } from './server.js';

const STAFF = '区发改局 经办人 刘洋';
const LEADER = '区发改局 局长 张伟';

describe.skipIf(!browserAvailable)('work hand-over (工作移交)', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE]);
  let leader: Page;

  it('the clerk raises a coordination request', async () => {
    const staff = await journey.as('fagai.staff');
    await journey.open(staff, '/coordination');
    await staff.getByTestId('coordination-raise').click();
    await staff.getByTestId('coordination-task').click();
    const option = staff
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .first();
    await option.waitFor();
    await option.click();
    await staff.getByTestId('coordination-title').fill('征收腾退协调');
    await staff.getByTestId('coordination-body').fill('涉及多个部门，需区政府统筹。');
    await staff.getByTestId('coordination-submit').click();
    await staff.locator('[data-testid="coordination-row"]', { hasText: '征收腾退协调' }).first().waitFor();
  });

  it("the leader previews the clerk's open work and hands it to a colleague", async () => {
    leader = await journey.as('fagai.leader');
    await journey.open(leader, '/my', 'handover-card');
    const clerk = leader.locator('[data-testid="handover-person"]', { hasText: STAFF });
    await clerk.getByTestId('handover-open').click();
    const preview = leader.getByTestId('handover-preview');
    await preview.waitFor();
    await expect.poll(() => preview.getByTestId('handover-items').textContent(), POLL).toContain('征收腾退协调');
    await pick(leader, leader.getByTestId('handover-to'), `${LEADER}（单位主要领导）`);
    await shot(leader, '60-handover-preview');
    await leader.getByTestId('handover-confirm').click();
    await preview.waitFor({ state: 'detached' });
  }, 120_000); // a second browser profile and the preview: more than the default minute on a busy machine

  it('the colleague is told, and the request shows who had it before', async () => {
    // The colleague (the leader here) is told on the bell.
    const bell = leader.getByTestId('bell');
    await expect.poll(async () => Number(await attr(bell, 'data-unread')), POLL).toBeGreaterThan(0);
    await bell.click();
    await leader.locator('[data-testid="notification"][data-kind="work_handed_over"]').first().waitFor();

    // The request names the colleague now and shows who had it before.
    await journey.open(leader, '/coordination');
    const row = leader.locator('[data-testid="coordination-row"]', { hasText: '征收腾退协调' }).first();
    await expect
      .poll(() => row.getByTestId('handover-history').textContent(), POLL)
      .toContain(`由${STAFF}移交给${LEADER}`);
    await shot(leader, '61-handover-history');
  });
});
