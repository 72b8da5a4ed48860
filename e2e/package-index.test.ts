// A unit with many tasks fills its period package in a real browser: 区发改局, the demo unit with the most items
// (55 in the current period: 省 12, 市 23, 区 20), works through the package's index with 只看未填, 下一项未填 and
// the keys (j / k, n) until nothing is unfilled, sends it, and opens it again on a phone-sized screen where the
// index is a drawer and the page no wider than the screen. Screenshots in test-results/.

import { describe, expect, it } from 'vitest';
import { attr, browserAvailable, browserJourney, num, PHONE, POLL, pick, shot } from './browser.js';
import { expectFits } from './fits.js';
import { BARE_DEMO_DATE } from './server.js';
import { allSaved, serverFilled, status } from './steps.js';

// 55 items, each saved before the next: minutes on a loaded machine.
const LONG = 900_000;

// The root tsconfig has no DOM types (see steps.ts): the page's width is read through a narrow cast.

describe.skipIf(!browserAvailable)('a package of 55 items, filled from its index', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE]);
  let periodId: string;
  let total: number;

  it(
    'the staff fill every item with 只看未填, 下一项未填 and the keyboard, see each state in the index, and send',
    async () => {
      const staff = await journey.as('fagai.staff');
      const current = staff.locator('[data-testid="submission-period"][data-current="true"]');
      await current.waitFor();
      periodId = await attr(current, 'data-period');
      await journey.open(staff, `/submission/${periodId}`, 'package-index');
      await status(staff, 'draft');

      total = await num(staff.getByTestId('submission-progress'), 'data-total');
      expect(total).toBeGreaterThanOrEqual(50);
      const index = staff.getByTestId('package-index');
      const lines = index.locator('[data-testid^="package-index-item-"]');
      const unfilled = () => num(staff.getByTestId('package-filter-unfilled'), 'data-count');
      // Every item is listed under its source, each 未填; only one source group's cards are drawn.
      expect(await lines.count()).toBe(total);
      expect(await index.locator('[data-state="unfilled"]').count()).toBe(total);
      expect(await unfilled()).toBe(total);
      expect(await num(staff.getByTestId('package-filter-returned'), 'data-count')).toBe(0);
      expect(await index.getByTestId('package-index-group').count()).toBe(3);
      const cards = await staff.getByTestId('item-card').count();
      expect(cards).toBeGreaterThan(0);
      expect(cards).toBeLessThan(total);
      await shot(staff, '60-package-index');

      await staff.getByTestId('package-filter-unfilled').click();
      const currentCard = staff.locator('[data-package-item][data-current="true"]');
      const currentId = () => attr(currentCard, 'data-package-item');

      // j / k move through the index's order; a click on a line shows that item (and leaves the focus on the
      // line: the filter's segments, focused by the click above, take the arrow keys themselves).
      await lines.first().click();
      const first = await currentId();
      expect(first).toBe((await attr(lines.first(), 'data-testid')).replace('package-index-item-', ''));
      await staff.keyboard.press('j');
      await expect.poll(currentId, POLL).not.toBe(first);
      const second = await currentId();
      expect(await attr(staff.getByTestId(`package-index-item-${second}`), 'data-current')).toBe('true');
      await staff.keyboard.press('k');
      await expect.poll(currentId, POLL).toBe(first);
      await staff.keyboard.press('Alt+ArrowDown');
      await expect.poll(currentId, POLL).toBe(second);
      const last = await attr(lines.last(), 'data-testid');
      await lines.last().click();
      await expect.poll(currentId, POLL).toBe(last.replace('package-index-item-', ''));
      expect(await currentCard.isVisible()).toBe(true);

      // Fill the current item, then go on: by the button and by the key in turn, until none is unfilled.
      for (let n = 0; (await unfilled()) > 0; n++) {
        expect(n, 'more moves than items').toBeLessThan(total + 5);
        const id = await currentId();
        await pick(staff, currentCard.getByTestId('item-status'), n % 4 === 0 ? '已完成' : '序时推进');
        const progress = currentCard.getByTestId('item-progress');
        await progress.fill(`第${n + 1}项：已按计划完成本期工作。`);
        await expect.poll(() => attr(staff.getByTestId(`package-index-item-${id}`), 'data-state'), POLL).toBe('filled');
        if ((await unfilled()) === 0) break;
        if (n % 2 === 0) {
          await staff.getByTestId('package-next-unfilled').click();
        } else {
          // The keys belong to the field while it has the cursor: leave it first.
          await progress.blur();
          await staff.keyboard.press('n');
        }
        await expect.poll(currentId, POLL).not.toBe(id);
      }

      expect(await unfilled()).toBe(0);
      expect(await staff.getByTestId('package-next-unfilled').isDisabled()).toBe(true);
      await staff.getByTestId('package-filter-all').click();
      expect(await index.locator('[data-state="filled"]').count()).toBe(total);
      await allSaved(staff);
      await expect.poll(() => serverFilled(staff, periodId), POLL).toBe(total);
      await staff.getByTestId('submission-unfilled').waitFor({ state: 'detached' });
      await shot(staff, '61-package-filled');
      await staff.getByTestId('submission-send').click();
      await status(staff, 'pending_signoff');
    },
    LONG,
  );

  it('on a phone the page is no wider than the screen and the index is a drawer', async () => {
    const phone = await journey.as('fagai.staff', { viewport: PHONE });
    await journey.open(phone, `/submission/${periodId}`, 'package-toolbar');
    await status(phone, 'pending_signoff');
    await expectFits(phone, 'the package');

    await phone.getByTestId('package-index-open').click();
    const index = phone.getByTestId('package-index');
    await index.waitFor();
    // The drawer slides in: judge where it comes to rest.
    await expect
      .poll(async () => {
        const box = await index.boundingBox();
        return box !== null && box.x >= 0 && box.x + box.width <= PHONE.width;
      }, POLL)
      .toBe(true);
    expect(await index.locator('[data-testid^="package-index-item-"]').count()).toBe(total);
    await shot(phone, '62-package-index-phone');
    const line = index.locator('[data-testid^="package-index-item-"]').last();
    const id = (await attr(line, 'data-testid')).replace('package-index-item-', '');
    await line.click();
    await index.waitFor({ state: 'hidden' });
    const card = phone.locator(`[data-package-item="${id}"]`);
    await card.waitFor();
    await expect.poll(async () => (await card.boundingBox())?.y ?? -1, POLL).toBeGreaterThanOrEqual(0);
    expect(((await card.boundingBox())?.y ?? PHONE.height) < PHONE.height).toBe(true);
    await expectFits(phone, 'the package at the chosen item');
  });
});
