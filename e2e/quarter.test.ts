// One quarter in a real browser on the demo data: 区发改局's staff fill their submission and send it,
// the principal leader signs on a phone-sized screen, the office returns one item, staff correct
// it, the leader signs again, the office accepts; a coordination request is answered; a co-unit
// reports before its lead unit, which consolidates; a milestone is extended with the office's approval.
// Screenshots in test-results/.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bellShows, browserAvailable, browserJourney, num, PHONE, POLL, pick, shot } from './browser.js';
import { BARE_DEMO_DATE } from './server.js';
import { allSaved, markRestInSheet, reviewSubmission, serverFilled, status } from './steps.js';

describe.skipIf(!browserAvailable)('a quarter of reporting', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE]);
  let periodId: string;
  /** The task page the lead unit consolidated on (/tasks/:id). */
  let sharedTaskPath: string;

  it('staff fill two items (autosaved) and send the submission', async () => {
    const page = await journey.as('fagai.staff');
    await page.getByTestId('submission-periods').waitFor();
    const first = page.getByTestId('submission-open').first();
    periodId = (await first.getAttribute('data-period')) as string;
    await first.click();
    await status(page, 'draft');
    const cards = page.getByTestId('item-card');
    for (const i of [0, 1]) {
      const card = cards.nth(i);
      await pick(page, card.getByTestId('item-status'), i === 0 ? '序时推进' : '已完成');
      await card.getByTestId('item-progress').fill(`第${i + 1}项：已完成阶段性工作。`);
    }
    await allSaved(page);
    expect(Number(await page.getByTestId('submission-progress').getAttribute('data-filled'))).toBeGreaterThanOrEqual(2);
    await expect.poll(() => serverFilled(page, periodId), POLL).toBe(2);
    await page.getByTestId('submission-send').click();
    await status(page, 'pending_signoff');
    // Sent with the other items unfilled: the page says how many and links each.
    const total = await num(page.getByTestId('submission-progress'), 'data-total');
    expect(await num(page.getByTestId('submission-unfilled'), 'data-count')).toBe(total - 2);
    expect(await page.getByTestId('unfilled-item').count()).toBeGreaterThan(0);
    await shot(page, '10-submission-sent');
  });

  it('the leader cannot sign while items are unfilled; staff mark the rest 本期无进展 in the sheet and send again', async () => {
    const leader = await journey.as('fagai.leader');
    // The hand-off reached the leader's bell at once.
    await bellShows(leader, 'signoff_pending', '报送待您签字');
    await leader.getByTestId('signoff-inbox').getByTestId('signoff-open').first().click();
    await status(leader, 'pending_signoff');
    await leader.getByTestId('submission-sign').click();
    const unfilled = leader.getByTestId('submission-sign-unfilled');
    await unfilled.waitFor();
    expect(await unfilled.textContent()).toMatch(/^\d+ 项未填写$/);
    expect(await leader.getByTestId('submission-sign-confirm').isDisabled()).toBe(true);
    await shot(leader, '10b-sign-blocked-unfilled');
    await leader.keyboard.press('Escape');

    const staff = await journey.as('fagai.staff');
    await journey.open(staff, `/submission/${periodId}`);
    expect(await markRestInSheet(staff)).toBeGreaterThan(0);
    // The edit withdrew it from sign-off: sent again, now complete.
    await status(staff, 'draft');
    await staff.getByTestId('submission-unfilled').waitFor({ state: 'detached' });
    await staff.getByTestId('submission-send').click();
    await status(staff, 'pending_signoff');
  });

  it('the principal leader signs on a phone-sized screen', async () => {
    const page = await journey.as('fagai.leader', { viewport: PHONE });
    await journey.open(page, `/submission/${periodId}`);
    await status(page, 'pending_signoff');
    const box = await page.getByTestId('submission-sign').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await page.getByTestId('submission-sign').click();
    await page.getByTestId('submission-sign-confirm').click();
    await status(page, 'submitted');
    expect((await page.getByTestId('submission-hash').innerText()).trim()).toMatch(/^[0-9a-f]{12}$/);
    await shot(page, '11-leader-signed');
    // The staff who sent it learn it was signed.
    await bellShows(await journey.as('fagai.staff'), 'submission_signed', '报送已经领导签字');
  });

  it('the office returns one item; staff correct it; the leader signs again; the office accepts', async () => {
    const office = await journey.as('duchashi');
    const review = (action: 'return' | 'accept') =>
      reviewSubmission(
        journey,
        office,
        periodId,
        action === 'accept'
          ? { accept: true, verify: { method: '现场核实', note: '到项目现场查看施工进度' } }
          : { returnWith: '请补充第一项的量化成效。', itemComment: '缺少量化数据，请补充完成率。' },
      );
    await review('return');

    const staff = await journey.as('fagai.staff');
    await bellShows(staff, 'submission_returned', '请补充第一项的量化成效。');
    await journey.open(staff, `/submission/${periodId}`);
    await status(staff, 'returned');
    const flagged = staff.getByTestId('item-card').filter({ has: staff.getByTestId('item-returned-comment') });
    expect(await flagged.count()).toBe(1);
    await flagged.getByTestId('item-progress').fill('已按督查室意见补充：完成率 100%。');
    await allSaved(staff);
    await staff.getByTestId('submission-send').click();
    await status(staff, 'pending_signoff');

    const leader = await journey.as('fagai.leader', { viewport: PHONE });
    await journey.open(leader, `/submission/${periodId}`);
    await leader.getByTestId('submission-sign').click();
    await leader.getByTestId('submission-sign-confirm').click();
    await status(leader, 'submitted');

    await review('accept');
    await shot(office, '12-office-accepted');
    await bellShows(staff, 'submission_accepted', '报送已通过审核');
    // The unit reads how the office verified its first item (核实方式).
    await journey.open(staff, `/submission/${periodId}`);
    await status(staff, 'accepted');
    const verified = staff.getByTestId('item-verification').first();
    await verified.waitFor();
    expect(await verified.getAttribute('data-method')).toBe('on_site');
    expect(await verified.textContent()).toContain('已核实：现场核实 · 到项目现场查看施工进度');
  });

  it('a coordination request is raised by the unit, routed by the office and answered by a district leader', async () => {
    const staff = await journey.as('fagai.staff');
    await journey.open(staff, '/coordination');
    await staff.getByTestId('coordination-raise').click();
    await pick(staff, staff.getByTestId('coordination-task'), (await firstTaskLabel(staff)) as string);
    await staff.getByTestId('coordination-title').fill('项目用地指标不足');
    await staff.getByTestId('coordination-body').fill('重点项目用地指标缺口约30亩，需区资建局统筹调剂。');
    await staff.getByTestId('coordination-submit').click();
    await staff.locator('[data-testid="coordination-row"][data-status="open"]').first().waitFor();

    const office = await journey.as('duchashi');
    await bellShows(office, 'coordination_raised', '项目用地指标不足');
    await journey.open(office, '/coordination');
    await office.getByTestId('coordination-route').first().click();
    await pick(office, office.getByTestId('coordination-executive'), '区领导 李强');
    await office.getByTestId('coordination-route-submit').click();
    await office.locator('[data-testid="coordination-row"][data-status="routed"]').first().waitFor();

    const leader = await journey.as('quzhang');
    await bellShows(leader, 'coordination_routed', '项目用地指标不足');
    await journey.open(leader, '/coordination');
    await leader.getByTestId('coordination-answer').first().click();
    await leader.getByTestId('coordination-answer-text').fill('请区资建局一周内提出调剂方案。');
    await leader.getByTestId('coordination-answer-submit').click();
    await leader.locator('[data-testid="coordination-row"][data-status="answered"]').first().waitFor();

    await staff.reload();
    await bellShows(staff, 'coordination_answered', '项目用地指标不足');
    await staff.locator('[data-testid="coordination-row"][data-status="answered"]').first().waitFor();
    expect(await staff.getByTestId('coordination-table').innerText()).toContain('请区资建局一周内提出调剂方案。');
    await shot(staff, '13-coordination-answered');
  });

  it('a co-unit reports before its lead unit; the lead unit sees its progress and consolidates', async () => {
    // Province task 6: 区发改局 and 区经科局 both lead at district level (市发改委、市经信局 at city level
    // report elsewhere). 区发改局 reports first, signed; 区经科局 then writes the task's consolidated
    // status. The second period keeps this apart from the quarter above.
    const task = '着眼工业经济转型升级';
    const coStaff = await journey.as('fagai.staff');
    await coStaff.getByTestId('submission-periods').waitFor();
    const second = (await coStaff.getByTestId('submission-open').nth(1).getAttribute('data-period')) as string;
    expect(second).not.toBe(periodId);
    await journey.open(coStaff, `/submission/${second}`);
    await status(coStaff, 'draft');
    const coItem = coStaff.getByTestId('item-card').filter({ hasText: task });
    await pick(coStaff, coItem.getByTestId('item-status'), '序时推进');
    await coItem.getByTestId('item-progress').fill('区发改局：纳入调度的重点项目完成投资62亿元。');
    await allSaved(coStaff);
    // 本期无进展 is not carried into a new period: the rest is marked again before sending.
    await markRestInSheet(coStaff);
    await status(coStaff, 'draft');
    await coStaff.getByTestId('submission-send').click();
    await status(coStaff, 'pending_signoff');
    const coLeader = await journey.as('fagai.leader');
    await journey.open(coLeader, `/submission/${second}`);
    await coLeader.getByTestId('submission-sign').click();
    await coLeader.getByTestId('submission-sign-confirm').click();
    await status(coLeader, 'submitted');

    // The lead unit opens the consolidation from its own submission's item.
    const lead = await journey.as('jingke.staff');
    await journey.open(lead, `/submission/${second}`);
    await status(lead, 'draft');
    await lead.getByTestId('item-card').filter({ hasText: task }).getByTestId('item-consolidate').click();
    await lead.waitForURL((url) => url.pathname.startsWith('/tasks/'));
    sharedTaskPath = new URL(lead.url()).pathname;
    const card = lead.getByTestId('consolidation');
    await expect.poll(() => card.getAttribute('data-period'), POLL).toBe(second);
    const coRow = card.locator('[data-testid="consolidation-row"][data-unit="区发改局"]');
    await expect.poll(() => coRow.getAttribute('data-status'), POLL).toBe('on_track');
    expect(await coRow.getAttribute('data-submission-status')).toBe('submitted');
    expect(await coRow.getByTestId('consolidation-progress').textContent()).toContain('完成投资62亿元');
    expect(await card.getByTestId('consolidation-waiting').count()).toBe(0);
    expect(await card.getByTestId('consolidated').getAttribute('data-status')).toBe('');

    await pick(lead, card.getByTestId('consolidation-status'), '序时推进');
    await card
      .getByTestId('consolidation-summary')
      .fill('两单位均序时推进：区发改局重点项目投资进度良好，区经科局工业技改项目按期推进。');
    await card.getByTestId('consolidation-save').click();
    await expect.poll(() => card.getByTestId('consolidated').getAttribute('data-status'), POLL).toBe('on_track');
    expect(await card.getByTestId('consolidated-summary').textContent()).toContain('两单位均序时推进');
    expect(await card.getByTestId('consolidated-by').textContent()).toContain('区经科局');
    await shot(lead, '14-lead-consolidated');
  });

  it('the ledger saves itself; a milestone is extended with the office’s approval', async () => {
    const staff = await journey.as('fagai.staff');
    await journey.open(staff, sharedTaskPath);
    await staff.getByTestId('task-ledger-open').first().click();
    await staff.getByTestId('ledger-page').waitFor();
    const saved = staff.getByTestId('ledger-saved');
    await staff.getByTestId('ledger-measures').fill('建立重点项目月调度机制，逐项明确投资计划和责任人。');
    await expect.poll(() => saved.getAttribute('data-state'), POLL).not.toBe('saved');
    await expect.poll(() => saved.getAttribute('data-state'), POLL).toBe('saved');

    await staff.getByTestId('milestone-add').click();
    await staff.getByTestId('milestone-title').fill('完成年度投资计划的50%');
    // antd's date picker takes the typed day when focus moves on.
    await staff.getByTestId('milestone-due').fill('2025-06-30');
    await staff.getByTestId('milestone-due').press('Tab');
    await staff.getByTestId('milestone-save').click();
    const row = staff.locator('[data-testid="milestone-row"][data-due="2025-06-30"]');
    const milestoneId = (await row.getAttribute('data-milestone')) as string;
    await row.getByTestId('milestone-extend').click();
    await staff.getByTestId('extension-date').fill('2025-09-30');
    await staff.getByTestId('extension-date').press('Tab');
    await staff.getByTestId('extension-reason').fill('两个重点项目土地报批延后，投资进度顺延一个季度。');
    await staff.getByTestId('extension-submit').click();
    const same = staff.locator(`[data-testid="milestone-row"][data-milestone="${milestoneId}"]`);
    await same.locator('[data-testid="milestone-extension"][data-status="pending"]').waitFor();

    const office = await journey.as('duchashi');
    await journey.open(office, '/extensions');
    const request = office.locator(`[data-testid="extension-row"][data-milestone="${milestoneId}"]`);
    await request.getByTestId('extension-approve').click();
    await office.getByTestId('extension-note').fill('同意顺延，请加快土地报批。');
    await office.getByTestId('extension-decide-submit').click();
    await expect.poll(() => request.getAttribute('data-status'), POLL).toBe('approved');

    // The measures were saved by the autosave; the milestone's date is the approved one.
    await staff.reload();
    await bellShows(staff, 'extension_decided', '完成年度投资计划的50%');
    await expect.poll(() => same.getAttribute('data-due'), POLL).toBe('2025-09-30');
    await same.locator('[data-testid="milestone-extension"][data-status="approved"]').waitFor();
    expect(await staff.getByTestId('ledger-measures').inputValue()).toContain('建立重点项目月调度机制');
    await shot(staff, '15-milestone-extended');
  });
});

/** The label of the first option of the task select, read from the open dropdown. */
async function firstTaskLabel(page: Page): Promise<string | null> {
  await page.getByTestId('coordination-task').click();
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first();
  await option.waitFor();
  const label = await option.getAttribute('title');
  await page.keyboard.press('Escape');
  return label ?? (await option.innerText());
}
