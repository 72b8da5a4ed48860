// Reasons for lagging in a real browser on the bare demo: 区发改局's clerk marks an item 受阻 with the reason 用地,
// raises a coordination request from the item in one step (the raise form pre-filled with the task and the
// reason), and the package is signed; the office's dashboard then counts 用地 1 and clicks through to
// the supervised list filtered by it. Screenshots in test-results/.

import { describe, expect, it } from 'vitest';
import { attr, browserAvailable, browserJourney, clickSettled, DEMO_PASSWORD, POLL, pick, shot } from './browser.js';
import { BARE_DEMO_DATE } from './server.js';
import { allSaved } from './steps.js';

describe.skipIf(!browserAvailable)('reasons for lagging (滞后原因)', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE]);

  it('a unit gives 用地 on a blocked item, raises coordination from it, and the office dashboard counts 用地 1', async () => {
    // The period the dashboard reports on (the one under review now).
    const office = await journey.as('duchashi');
    const periodId = await office.evaluate(async () => {
      const plans = (await (await fetch('/api/v1/plans')).json()) as { items: { id: string }[] };
      const planId = plans.items[0]?.id as string;
      const dash = (await (await fetch(`/api/v1/dashboard?planId=${planId}`)).json()) as { period: { id: string } };
      return dash.period.id;
    });

    const staff = await journey.as('fagai.staff');
    await journey.open(staff, `/submission/${periodId}`, 'item-card');
    const card = staff.getByTestId('item-card').first();
    await pick(staff, card.getByTestId('item-status'), '受阻');
    // Not saved as 受阻 until a reason is chosen: the card says so.
    await card.getByTestId('item-lag-reasons-missing').waitFor();
    await pick(staff, card.getByTestId('item-lag-reasons'), '用地');
    await staff.keyboard.press('Escape');
    await card.getByTestId('item-lag-reason-text').fill('地块尚未完成收储，项目无法开工。');
    await card.getByTestId('item-progress').fill('用地未落实，项目受阻。');
    await allSaved(staff);
    await expect.poll(() => card.getByTestId('item-lag-reasons-missing').count(), POLL).toBe(0);

    // 用地 needs the district: one step to the coordination form, pre-filled.
    await card.getByTestId('item-raise-coordination').click();
    const title = staff.getByTestId('coordination-title');
    await expect.poll(() => title.inputValue(), POLL).toContain('用地');
    expect(await staff.getByTestId('coordination-body').inputValue()).toContain('地块尚未完成收储');
    await clickSettled(staff.getByTestId('coordination-submit'));

    // The rest of the package, sending and the leader's signature are other journeys' subject: done through the
    // API from the clerk's page (the leader signs in there too), to keep this one short.
    const signed = await staff.evaluate(
      async ({ periodId, password }) => {
        const call = async (method: string, path: string, csrf: string, body?: object) =>
          fetch(`/api/v1${path}`, {
            method,
            // No content type without a body: the server refuses an empty JSON body.
            headers: { 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
            ...(body ? { body: JSON.stringify(body) } : {}),
          });
        const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
        const pkg = (await (await fetch(`/api/v1/periods/${periodId}/submission`)).json()) as {
          id: string;
          items: { id: string; version: number; unfilled: boolean }[];
        };
        for (const item of pkg.items.filter((i) => i.unfilled)) {
          await call('PATCH', `/item-reports/${item.id}`, me.csrfToken, {
            version: item.version,
            status: 'no_progress',
            progress: '本期暂无进展：等待上级资金批复。',
          });
        }
        await call('POST', `/submissions/${pkg.id}/send`, me.csrfToken);
        const leader = (await (
          await fetch('/api/v1/auth/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'fagai.leader', password }),
          })
        ).json()) as { csrfToken: string };
        const res = await call('POST', `/submissions/${pkg.id}/sign`, leader.csrfToken);
        return `${res.status} ${await res.text()}`.slice(0, 300);
      },
      { periodId, password: DEMO_PASSWORD },
    );
    expect(signed).toMatch(/^200 .*"status":"submitted"/);

    await journey.open(office, '/dashboard', 'dashboard-lag-reasons');
    const land = office.locator('[data-testid="lag-reason-group"][data-key="land"]');
    await expect.poll(() => attr(land, 'data-count'), POLL).toBe('1');
    expect(await office.locator('[data-testid="lag-reason-group"]').count()).toBe(1);
    await shot(office, '71-dashboard-lag-reasons');
    await land.locator('a').first().click();
    await office.waitForURL(/lagReason=land/);
    await expect.poll(() => office.getByTestId('supervision-row').count(), POLL).toBe(1);

    // The request reached the office's list through the one raise endpoint.
    await journey.open(office, '/coordination');
    await office.locator('[data-testid="coordination-row"]', { hasText: '用地' }).first().waitFor();
  }, 120_000);
});
