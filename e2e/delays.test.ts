// 延期排行 in a real browser on the living demo at mid-May 2026: the office's dashboard ranks units by their delays
// (late packages, extensions, overdue milestones), a unit's row opens its cases — as many as its row counts; over the
// whole year the counts include the period's; the task of a milestone that slipped counts the unit's delays on its
// page. A unit's clerk sees their own unit's row only. Screenshots in test-results/.

import { describe, expect, it } from 'vitest';
import { attr, browserAvailable, browserJourney, num, POLL, pick, shot } from './browser.js';

describe.skipIf(!browserAvailable)('delay ranking (延期排行)', () => {
  const journey = browserJourney(['--demo', '--demo-date', '2026-05-15']);

  it('the office ranks units by delays, opens a unit’s cases, and a slipped task counts them on its page', async () => {
    const office = await journey.as('duchashi');
    await journey.open(office, '/dashboard', 'dashboard-delays');
    const card = office.getByTestId('dashboard-delays');
    const rows = card.locator('[data-testid="delays-row"]');
    await expect.poll(() => rows.count(), POLL).toBeGreaterThan(0);
    expect(await rows.count()).toBeLessThanOrEqual(10);
    // Most delays first.
    const totals: number[] = [];
    for (let i = 0; i < (await rows.count()); i++) totals.push(await num(rows.nth(i), 'data-total'));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    await shot(office, '90-dashboard-delays');

    const first = rows.first();
    const unit = await attr(first, 'data-unit');
    const total = await num(first, 'data-total');
    await first.getByTestId('delays-unit').click();
    const drawer = office.getByTestId('delays-drawer');
    await expect.poll(() => drawer.locator('[data-testid="delay-case"]').count(), POLL).toBe(total);
    expect(await drawer.textContent()).toContain(unit);
    await shot(office, '91-dashboard-delay-cases');
    await office.keyboard.press('Escape');

    // The whole year counts at least what the period does.
    await pick(office, card.getByTestId('delays-period'), '全年');
    const yearRow = card.locator(`[data-testid="delays-row"][data-unit="${unit}"]`);
    await expect
      .poll(async () => ((await yearRow.count()) ? num(yearRow, 'data-total') : 0), POLL)
      .toBeGreaterThanOrEqual(total);

    // A milestone's case belongs to a task: the task page counts the unit's delays on that task.
    const found = await office.evaluate(async () => {
      const plans = (await (await fetch('/api/v1/plans')).json()) as { items: { id: string; status: string }[] };
      const plan = plans.items.find((p) => p.status === 'active')?.id;
      type Row = { unit: { id: string }; counts: { milestone_overdue: number; extension_approved: number } };
      const year = (await (await fetch(`/api/v1/plans/${plan}/delays`)).json()) as { rows: Row[] };
      const unit = year.rows.find((r) => r.counts.milestone_overdue + r.counts.extension_approved > 0)?.unit.id;
      const mine = (await (await fetch(`/api/v1/plans/${plan}/delays?unitId=${unit}`)).json()) as {
        cases: { task: { id: string } | null }[];
      };
      return { unit, task: mine.cases.find((c) => c.task)?.task?.id };
    });
    expect(found.task, 'the lived demo holds a milestone that slipped').toBeTruthy();
    await journey.open(office, `/tasks/${found.task}`, 'task-unit-delays');
    const counted = office.getByTestId('task-unit-delays');
    expect(await counted.count()).toBeGreaterThan(0);
    expect(Number(await counted.first().getAttribute('data-total'))).toBeGreaterThan(0);
  }, 120_000);

  it('a unit’s clerk sees their own row only', async () => {
    const staff = await journey.as('fagai.staff');
    await journey.open(staff, '/dashboard', 'dashboard-delays');
    const card = staff.getByTestId('dashboard-delays');
    await pick(staff, card.getByTestId('delays-period'), '全年');
    const rows = card.locator('[data-testid="delays-row"]');
    await expect.poll(() => rows.count(), POLL).toBeLessThanOrEqual(1);
    if (await rows.count()) expect(await attr(rows.first(), 'data-unit')).toBe('区发改局');
  }, 60_000);
});
