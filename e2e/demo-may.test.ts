// The living demo at mid-May 2026, a year in progress: the first quarter is behind (reported, reviewed), the
// second is being filled. 区发改局 sends its second-quarter package, its leader signs, the office returns it and the
// staff send it again; a coordination request goes from the unit through the office to the district leader and
// back. At every hand-off the next person's bell shows it at once — on the lived year's data, with its history of
// notifications already in every bell, not on a bare plan (e2e/quarter.test.ts walks the bare one).

import { describe, expect, it } from 'vitest';
import { bellShows, browserAvailable, browserJourney, POLL, pick, shot } from './browser.js';
import { allSaved, markRestInSheet, reviewSubmission, sendAndSign, status } from './steps.js';

const MAY = '2026-05-15';
/** A whole hand-off chain (fill, sheet round trip, send, sign, review) in one test: more than the default minute. */
const LONG = 150_000;

describe.skipIf(!browserAvailable)('the living demo at mid-May', () => {
  const journey = browserJourney(['--demo', '--demo-date', MAY, '--demo-clock']);
  let periodId = '';

  it('the office’s dashboard holds the first quarter as lived: lights of every colour', async () => {
    const office = await journey.as('duchashi');
    await journey.open(office, '/dashboard', 'dashboard');
    await expect
      .poll(async () => (await office.getByTestId('dashboard').textContent()) ?? '', POLL)
      .toMatch(/红灯任务[1-9]\d*黄灯任务[1-9]\d*绿灯任务[1-9]/);
  });

  it(
    'staff send the current (second-quarter) package; the leader’s bell asks for the signature',
    async () => {
      const staff = await journey.as('fagai.staff');
      const current = staff.locator('[data-testid="submission-period"][data-current="true"]');
      await current.waitFor();
      expect(await current.textContent()).toContain('2026年第二季度');
      periodId = (await current.getAttribute('data-period')) as string;
      await journey.open(staff, `/submission/${periodId}`);
      await status(staff, 'draft');
      const card = staff.getByTestId('item-card').first();
      await pick(staff, card.getByTestId('item-status'), '序时推进');
      await card.getByTestId('item-progress').fill('二季度：项目前期手续已完成，5月底开工。');
      await allSaved(staff);
      await markRestInSheet(staff);
      await status(staff, 'draft');
      await sendAndSign(journey, staff, periodId);
      await bellShows(staff, 'submission_signed', '报送已经领导签字');
    },
    LONG,
  );

  it(
    'the office returns the package; the staff’s bell says why; sent again, signed again',
    async () => {
      const office = await journey.as('duchashi');
      const comment = '二季度进展请写明开工时间和投资额。';
      await reviewSubmission(
        journey,
        office,
        periodId,
        { returnWith: comment, itemComment: '请补充投资额。' },
        '区发改局',
      );
      const staff = await journey.as('fagai.staff');
      await bellShows(staff, 'submission_returned', comment);
      await journey.open(staff, `/submission/${periodId}`);
      await status(staff, 'returned');
      const flagged = staff.getByTestId('item-card').filter({ has: staff.getByTestId('item-returned-comment') });
      await flagged.first().getByTestId('item-progress').fill('已补充：5月28日开工，完成投资1.2亿元。');
      await allSaved(staff);
      await sendAndSign(journey, staff, periodId);
      await reviewSubmission(journey, office, periodId, { accept: true }, '区发改局');
      await bellShows(staff, 'submission_accepted', '报送已通过审核');
      await shot(staff, 'may-01-accepted');
    },
    LONG,
  );

  it(
    'a coordination request reaches the office, the district leader, and comes back answered',
    async () => {
      const title = '二季度用地报批协调';
      const staff = await journey.as('fagai.staff');
      await journey.open(staff, '/coordination');
      await staff.getByTestId('coordination-raise').click();
      await staff.getByTestId('coordination-task').click();
      await staff
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .first()
        .click();
      await staff.getByTestId('coordination-title').fill(title);
      await staff.getByTestId('coordination-body').fill('项目用地报批需区自然资源部门加快办理。');
      await staff.getByTestId('coordination-submit').click();

      const office = await journey.as('duchashi');
      await bellShows(office, 'coordination_raised', title);
      await journey.open(office, '/coordination');
      const row = office.locator('[data-testid="coordination-row"]').filter({ hasText: title });
      await row.getByTestId('coordination-route').click();
      await pick(office, office.getByTestId('coordination-executive'), '区领导 李强');
      await office.getByTestId('coordination-route-submit').click();
      await row.and(office.locator('[data-status="routed"]')).waitFor();

      const leader = await journey.as('quzhang');
      await bellShows(leader, 'coordination_routed', title);
      await journey.open(leader, '/coordination');
      const mine = leader.locator('[data-testid="coordination-row"]').filter({ hasText: title });
      await mine.getByTestId('coordination-answer').click();
      await leader.getByTestId('coordination-answer-text').fill('请区自然资源部门两周内办结。');
      await leader.getByTestId('coordination-answer-submit').click();
      await mine.and(leader.locator('[data-status="answered"]')).waitFor();

      await staff.reload();
      await bellShows(staff, 'coordination_answered', title);
    },
    LONG,
  );
});
