// 问责梯度 in a real browser, on the living demo at mid-November 2026: a unit that lagged the second and the third
// quarter walks up the office's ladder as the office applies it at each close — a 提醒函 for Q2, 挂牌督办 for Q3 —
// the letter downloads and names it, 考评 shows the deduction and a new Q3 bulletin puts the unit on its 黑榜.

import mammoth from 'mammoth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { LadderPeriod } from '../src/api/ladder.js';
import { browserAvailable, browserJourney, clickSettled, download, POLL, shot } from './browser.js';

const NOVEMBER = '2026-11-15';
const Q2 = '2026年第二季度';
const Q3 = '2026年第三季度';

describe.skipIf(!browserAvailable)('the escalation ladder over two quarters', () => {
  const journey = browserJourney(['--demo', '--demo-date', NOVEMBER]);
  let office: Page;
  /** The demo's lagging unit: 滞后 in Q2 and Q3 (yellow, then red). */
  let laggard = { unit: '', unitId: '', assignmentId: '', planId: '', q2: '', q3: '' };

  const rowOf = (page: Page) => page.locator(`[data-testid="ladder-items"] tr[data-row-key="${laggard.assignmentId}"]`);
  /** A period's ladder for the lagging unit, as a link the office could share. */
  const openPeriod = async (periodId: string, label: string) => {
    await journey.open(
      office,
      `/ladder?planId=${laggard.planId}&periodId=${periodId}&unitId=${laggard.unitId}`,
      'ladder-items',
    );
    await expect.poll(() => office.getByTestId('ladder-period').textContent(), POLL).toContain(label);
  };
  const applyShown = async () => {
    await office.getByTestId('ladder-apply').click();
    await clickSettled(office.locator('.ant-popconfirm:not(.ant-popover-hidden) .ant-btn-primary'));
  };

  it('the office sees the Q2 proposal and applies it: a 提醒函 for the lagging unit', async () => {
    office = await journey.as('duchashi');
    await journey.open(office, '/ladder', 'ladder-items');
    // Which unit lagged twice: read from the same API the page draws (Q3: yellow, then red).
    laggard = await office.evaluate(
      async ([q2Label, q3Label]) => {
        const plans = (await (await fetch('/api/v1/plans')).json()) as { items: { id: string }[] };
        const planId = plans.items[0]?.id as string;
        const periods = (await (await fetch(`/api/v1/plans/${planId}/periods`)).json()) as {
          items: { id: string; label: string }[];
        };
        const q2 = periods.items.find((p) => p.label === q2Label)?.id as string;
        const q3 = periods.items.find((p) => p.label === q3Label)?.id as string;
        const view = (await (await fetch(`/api/v1/plans/${planId}/ladder?periodId=${q3}`)).json()) as LadderPeriod;
        const item = view.items.find((i) => i.lights.slice(-2).join() === 'yellow,red');
        return {
          unit: item?.unit.name ?? '',
          unitId: item?.unit.id ?? '',
          assignmentId: item?.assignmentId ?? '',
          planId,
          q2,
          q3,
        };
      },
      [Q2, Q3],
    );
    expect(laggard.unit).not.toBe('');

    await openPeriod(laggard.q2, Q2);
    await rowOf(office).waitFor();
    // The unit filter holds the unit's rows only.
    expect(await office.locator('[data-testid="ladder-items"] tr[data-row-key]').count()).toBeLessThan(40);
    expect(await rowOf(office).getByTestId('ladder-step').first().getAttribute('data-step')).toBe('reminder');
    await applyShown();
    await expect.poll(() => rowOf(office).getByTestId('ladder-step').count(), POLL).toBe(2);
    expect(await rowOf(office).getByTestId('ladder-step').nth(1).getAttribute('data-step')).toBe('reminder');
    await office.getByTestId('ladder-applied-at').waitFor();
  });

  it('in Q3 it goes up to 挂牌督办, and the letter says so', async () => {
    await openPeriod(laggard.q3, Q3);
    await expect
      .poll(async () => (await rowOf(office).getAttribute('data-row-key')) ?? '', POLL)
      .toBe(laggard.assignmentId);
    expect(await rowOf(office).getByTestId('ladder-lights').getAttribute('data-lights')).toMatch(/yellow,red$/);
    await applyShown();
    await expect.poll(() => rowOf(office).getByTestId('ladder-step').count(), POLL).toBe(2);
    expect(await rowOf(office).getByTestId('ladder-step').nth(1).getAttribute('data-step')).toBe('listed');
    await shot(office, 'ladder-01-q3-applied');

    const letter = await download(office, rowOf(office).getByTestId('ladder-letter'));
    expect(letter.name).toMatch(/\.docx$/);
    const { value } = await mammoth.extractRawText({ buffer: letter.bytes });
    expect(value).toContain('挂牌督办通知');
    expect(value).toContain(`${laggard.unit}：`);
  });

  it('考评 takes the points off, and a new Q3 bulletin names the unit on its 黑榜', async () => {
    await journey.open(office, `/evaluation?planId=${laggard.planId}&periodId=${laggard.q3}`, 'evaluation-period');
    await expect.poll(() => office.getByTestId('evaluation-period').textContent(), POLL).toContain(Q3);
    const row = office.locator('tr', { hasText: laggard.unit }).filter({ has: office.getByTestId('evaluation-score') });
    await expect.poll(async () => (await row.getByTestId('evaluation-ladder').textContent()) ?? '', POLL).toMatch(/−2/);

    await journey.open(office, '/bulletins', 'bulletin-table');
    await office.getByTestId('bulletin-generate').click();
    await office.locator(`[data-testid="bulletin-period-option"][data-label="${Q3}"]`).check();
    await office.getByTestId('bulletin-generate-submit').click();
    await office.waitForURL(/\/bulletins\/[0-9a-f-]{36}$/);
    const blacklist = office.getByTestId('bulletin-blacklist');
    await expect.poll(async () => (await blacklist.textContent()) ?? '', POLL).toContain(laggard.unit);
    expect(await blacklist.textContent()).toContain('挂牌督办');
    await shot(office, 'ladder-02-blacklist');
  });

  it('a district leader reads the ladder and the office timeliness, with nothing to apply or send', async () => {
    const leader = await journey.as('quzhang');
    await journey.open(
      leader,
      `/ladder?planId=${laggard.planId}&periodId=${laggard.q3}&unitId=${laggard.unitId}`,
      'ladder-items',
    );
    await expect.poll(() => rowOf(leader).getByTestId('ladder-step').count(), POLL).toBe(2);
    expect(await rowOf(leader).getByTestId('ladder-step').nth(1).getAttribute('data-step')).toBe('listed');
    expect(await leader.getByTestId('ladder-apply').count()).toBe(0);
    expect(await leader.getByTestId('ladder-letter').count()).toBe(0);
    expect(await leader.getByTestId('ladder-save').count()).toBe(0);
    await journey.open(leader, '/dashboard', 'dashboard');
    await leader.getByTestId('dashboard-office-timeliness').waitFor();
  });
});
