// Report quality flags in a real browser on the bare demo: 区发改局's clerk writes one item in stock phrases only
// and marks another 已完成 without evidence, and sends the package; the leader opens it, reads the summary (2
// items) and the tags on the items, and signs all the same; the office finds the flags in review and its
// settings card. Screenshots in test-results/.

import { describe, expect, it } from 'vitest';
import { attr, browserAvailable, browserJourney, clickSettled, POLL, shot } from './browser.js';
import { BARE_DEMO_DATE } from './server.js';

describe.skipIf(!browserAvailable)('report quality flags (报送质量提示)', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE]);

  it('the leader reads the flags before signing and signs; the office sees them in review', async () => {
    const staff = await journey.as('fagai.staff');
    await journey.open(staff, '/');
    const { periodId, submissionId } = await staff.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const plans = (await (await fetch('/api/v1/plans')).json()) as { items: { id: string }[] };
      const periods = (await (await fetch(`/api/v1/plans/${plans.items[0]?.id}/periods`)).json()) as {
        items: { id: string }[];
      };
      const periodId = periods.items[0]?.id as string;
      const pkg = (await (await fetch(`/api/v1/periods/${periodId}/submission`)).json()) as {
        id: string;
        items: { id: string; version: number }[];
      };
      const patch = (id: string, body: object) =>
        fetch(`/api/v1/item-reports/${id}`, {
          method: 'PATCH',
          headers: { 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      for (const [i, item] of pkg.items.entries()) {
        const body =
          i === 0
            ? { status: 'on_track', progress: '我单位高度重视，按计划推进各项工作，目前进展顺利。' }
            : i === 1
              ? { status: 'completed', progress: '已完成年度任务，3月20日通过专家验收。' }
              : { status: 'no_progress', progress: '本期暂无进展：等待上级资金批复。' };
        await patch(item.id, { version: item.version, ...body });
      }
      await fetch(`/api/v1/submissions/${pkg.id}/send`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
      return { periodId, submissionId: pkg.id };
    });

    const leader = await journey.as('fagai.leader');
    await journey.open(leader, `/submission/${periodId}`, 'quality-summary');
    const summary = leader.getByTestId('quality-summary');
    expect(await attr(summary, 'data-count')).toBe('2');
    await expect
      .poll(() => leader.locator('[data-testid="quality-flag"][data-kind="stock"]').count(), POLL)
      .toBeGreaterThan(0);
    expect(await leader.locator('[data-testid="quality-flag"][data-kind="no_evidence"]').count()).toBeGreaterThan(0);
    await shot(leader, '81-quality-flags-before-signing');
    // Advice, never a block: the leader signs.
    await leader.getByTestId('submission-sign').first().click();
    await clickSettled(leader.getByTestId('submission-sign-confirm'));
    await expect
      .poll(
        () =>
          leader.evaluate(async (id) => {
            const res = await fetch(`/api/v1/submissions/${id}`);
            return ((await res.json()) as { status: string }).status;
          }, submissionId),
        POLL,
      )
      .toBe('submitted');

    const office = await journey.as('duchashi');
    await journey.open(office, `/reviews?period=${periodId}&open=${submissionId}`, 'quality-summary');
    expect(await attr(office.getByTestId('quality-summary'), 'data-count')).toBe('2');
    await shot(office, '82-quality-flags-in-review');
    await journey.open(office, '/settings/supervision', 'quality-settings');
    await shot(office, '83-quality-settings');
  }, 240_000);
});
