// 关注 in a real browser, on a phone, on the living demo in mid-May 2026: the district leader (区长) opens a red
// task from the supervised list, watches it, finds it on 我的关注 with its red light, watches a unit there, opens
// the task again from the list and unwatches it. Screenshots in test-results/.

import { describe, expect, it } from 'vitest';
import { browserAvailable, browserJourney, PHONE, POLL, pick, shot } from './browser.js';
import { expectFits } from './fits.js';

describe.skipIf(!browserAvailable)('关注 (a district leader watches)', () => {
  const journey = browserJourney(['--demo', '--demo-date', '2026-05-15']);

  it('the leader watches a red task on a phone and follows it on 我的关注', async () => {
    const leader = await journey.as('quzhang', { viewport: PHONE });
    // A red task of the plan in force, found as the leader's own list finds it.
    const red = await leader.evaluate(async () => {
      const plans = (await (await fetch('/api/v1/plans')).json()) as { items: { id: string; status: string }[] };
      const plan = plans.items.find((p) => p.status === 'active');
      const list = (await (
        await fetch(`/api/v1/supervision/tasks?planId=${plan?.id}&light=red&pageSize=1`)
      ).json()) as { items: { id: string; text: string }[] };
      return list.items[0];
    });
    expect(red, 'the demo in May holds a red task').toBeTruthy();
    await journey.open(leader, `/tasks/${red?.id}`, 'watch-toggle');
    const toggle = leader.getByTestId('watch-toggle');
    await expect.poll(() => toggle.getAttribute('data-watched'), POLL).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('data-watched'), POLL).toBe('true');
    await shot(leader, '95-watch-task-phone');

    await journey.open(leader, '/watches', 'watch-row');
    const rows = leader.getByTestId('watch-row');
    await expect.poll(() => rows.count(), POLL).toBe(1);
    expect(await rows.first().textContent()).toContain(red?.text.slice(0, 10));
    await expect.poll(() => rows.first().getByTestId('light').count(), POLL).toBe(1);
    expect(await rows.first().getByTestId('light').getAttribute('data-light')).toBe('red');
    await expectFits(leader, '我的关注');

    // A unit is watched from here.
    await pick(leader, leader.getByTestId('watch-unit-picker'), '区发改局');
    await leader.getByTestId('watch-unit').click();
    await expect.poll(() => rows.count(), POLL).toBe(2);
    await shot(leader, '96-watches-phone');

    // Back to the task from the list, and unwatched there.
    await leader.locator('[data-testid="watch-row"][data-subject="task"]').getByTestId('watch-link').click();
    await leader.waitForURL(/\/tasks\//);
    await expect.poll(() => toggle.getAttribute('data-watched'), POLL).toBe('true');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('data-watched'), POLL).toBe('false');
    await journey.open(leader, '/watches', 'watch-row');
    await expect.poll(() => rows.count(), POLL).toBe(1);
    expect(await rows.first().getAttribute('data-subject')).toBe('unit');
  }, 180_000);
});
