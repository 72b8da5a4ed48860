// 通报 in a real browser on the demo data (every 2025 deadline has passed and nothing is reported, so the Q1
// figures show every unit missing and the laggard tasks red): the office generates the Q1 bulletin, rewords a
// paragraph and unticks one named laggard (both saved with the version, both still there after a reload), meets a
// colleague's change as a conflict and loads it, refreshes the figures, publishes it under the suggested number, and downloads the .docx and .xlsx (zip files, "PK"). A unit's staff,
// on a phone, cannot open the draft, then see the bell's notification, read the frozen bulletin and download
// their unit's ledger. The admin finds the publication in the audit log and verifies the hash chain.
// Screenshots in test-results/.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attr, browserAvailable, browserJourney, download, json, num, PHONE, POLL, shot } from './browser.js';
import { expectFits } from './fits.js';
import { BARE_DEMO_DATE } from './server.js';

const ADMIN_INITIAL = 'Initial#Admin1';
const ADMIN_NEW = 'Changed#Pass2x';
const Q1 = '2025年第一季度';
const REQUIREMENTS = '各责任单位务必于4月20日前补报第一季度进展，逾期未报的将在下期通报中点名批评。';
const TITLE = '关于2025年第一季度全区《政府工作报告》目标任务推进情况的通报';

describe.skipIf(!browserAvailable)('bulletin: generate, word, publish, read, download', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE], { DUBAN_ADMIN_PASSWORD: ADMIN_INITIAL });
  let office: Page;
  let staff: Page;
  let bulletinId: string;
  let bulletinPath: string;
  let number: string;
  let unticked: string;
  let namedAfter: number;

  /** .docx and .xlsx are zip files: non-empty, starting with "PK". */
  const expectZip = (bytes: Buffer) => {
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  };

  it('the office generates the Q1 bulletin from the data', async () => {
    office = await journey.as('duchashi');
    await office.getByTestId('nav-bulletins').click();
    await office.waitForURL((url) => url.pathname === '/bulletins');
    await office.getByTestId('bulletin-table').waitFor();
    expect(await office.getByTestId('bulletin-row').count()).toBe(0);
    await office.getByTestId('bulletin-generate').click();
    await office.locator(`[data-testid="bulletin-period-option"][data-label="${Q1}"]`).check();
    await office.getByTestId('bulletin-generate-submit').click();
    await office.waitForURL(/\/bulletins\/[0-9a-f-]{36}$/);
    bulletinPath = new URL(office.url()).pathname;
    bulletinId = bulletinPath.split('/').at(-1) ?? '';

    const page = office.getByTestId('bulletin-page');
    await expect.poll(() => attr(page, 'data-status'), POLL).toBe('draft');
    expect(await office.getByTestId('bulletin-period').textContent()).toBe(Q1);
    // The figures: 35 province, 168 city and 68 district tasks; nothing reported, so no unit on time.
    expect(await attr(page, 'data-tasks')).toBe('271');
    const bySource = await json<{ level: string; tasks: number }[]>(
      office.getByTestId('bulletin-by-source'),
      'data-values',
    );
    expect(Object.fromEntries(bySource.map((s) => [s.level, s.tasks]))).toEqual({
      province: 35,
      city: 168,
      district: 68,
    });
    const submissions = office.getByTestId('bulletin-submissions');
    expect(await num(submissions, 'data-on-time')).toBe(0);
    expect(await num(submissions, 'data-missing')).toBeGreaterThan(0);
    expect(await office.getByTestId('bulletin-para-submission').inputValue()).toContain('个单位未报送');
    // The red laggards are named to start with.
    const laggards = await num(page, 'data-laggards');
    expect(laggards).toBeGreaterThan(0);
    const named = await num(page, 'data-named');
    expect(named).toBeGreaterThan(0);
    const firstRows = office.getByTestId('bulletin-laggard');
    expect(await attr(firstRows.first(), 'data-light')).toBe('red');
    expect(await attr(firstRows.first(), 'data-named')).toBe('true');
    await shot(office, '30-bulletin-draft');
  });

  it('a unit cannot open the draft, nor see it listed', async () => {
    staff = await journey.as('fagai.staff', { viewport: PHONE });
    await journey.open(staff, bulletinPath, 'bulletin-not-found');
    await journey.open(staff, '/bulletins', 'bulletin-table');
    expect(await staff.getByTestId('bulletin-row').count()).toBe(0);
    expect(await staff.getByTestId('bulletin-generate').count()).toBe(0);
  });

  it('the office rewords a paragraph and unticks one named laggard; both are saved with the version', async () => {
    const page = office.getByTestId('bulletin-page');
    const saved = office.getByTestId('bulletin-saved');
    const version0 = await num(page, 'data-version');
    await office.getByTestId('bulletin-para-requirements').fill(REQUIREMENTS);
    await expect.poll(() => attr(saved, 'data-state'), POLL).toBe('saved');
    await expect.poll(() => num(page, 'data-version'), POLL).toBeGreaterThan(version0);

    const named0 = await num(page, 'data-named');
    unticked = await attr(office.locator('[data-testid="bulletin-laggard"][data-named="true"]').first(), 'data-task');
    expect(unticked).toMatch(/^[0-9a-f-]{36}$/);
    const row = office.locator(`[data-testid="bulletin-laggard"][data-task="${unticked}"]`);
    const version1 = await num(page, 'data-version');
    await row.getByTestId('bulletin-name-task').uncheck();
    await expect.poll(() => attr(row, 'data-named'), POLL).toBe('false');
    namedAfter = named0 - 1;
    expect(await num(page, 'data-named')).toBe(namedAfter);
    await expect.poll(() => attr(saved, 'data-state'), POLL).toBe('saved');
    await expect.poll(() => num(page, 'data-version'), POLL).toBeGreaterThan(version1);

    // What the server holds: the page loaded again shows both changes.
    await office.reload();
    await expect.poll(() => attr(office.getByTestId('bulletin-page'), 'data-status'), POLL).toBe('draft');
    expect(await office.getByTestId('bulletin-para-requirements').inputValue()).toBe(REQUIREMENTS);
    expect(await num(office.getByTestId('bulletin-page'), 'data-named')).toBe(namedAfter);
    expect(await attr(office.locator(`[data-testid="bulletin-laggard"][data-task="${unticked}"]`), 'data-named')).toBe(
      'false',
    );
  });

  it('a second editor’s change stops the first one’s saving until the office loads it', async () => {
    const other = await journey.as('duchashi');
    await journey.open(other, bulletinPath);
    await expect.poll(() => attr(other.getByTestId('bulletin-page'), 'data-status'), POLL).toBe('draft');
    const theirs = '（另一位同事修改的开头）根据区政府工作安排，现将第一季度目标任务推进情况通报如下。';
    await other.getByTestId('bulletin-para-intro').fill(theirs);
    await expect.poll(() => attr(other.getByTestId('bulletin-saved'), 'data-state'), POLL).toBe('saved');

    // This page still rests on the older version: its save answers 409 and nothing is overwritten.
    await office.getByTestId('bulletin-para-intro').fill('这段文字基于旧版本，不应覆盖同事的修改。');
    await expect.poll(() => attr(office.getByTestId('bulletin-saved'), 'data-state'), POLL).toBe('conflict');
    await office.getByTestId('bulletin-conflict').waitFor();
    expect(await office.getByTestId('bulletin-publish').isDisabled()).toBe(true);
    await shot(office, '31-bulletin-conflict');
    await office.getByTestId('bulletin-load-server').click();
    await expect.poll(() => office.getByTestId('bulletin-para-intro').inputValue(), POLL).toBe(theirs);
    expect(await attr(office.getByTestId('bulletin-saved'), 'data-state')).toBe('saved');
    expect(await office.getByTestId('bulletin-para-requirements').inputValue()).toBe(REQUIREMENTS);
    expect(await num(office.getByTestId('bulletin-page'), 'data-named')).toBe(namedAfter);
  });

  it('刷新数据 recounts the figures and keeps the wording and the names', async () => {
    const page = office.getByTestId('bulletin-page');
    const version = await num(page, 'data-version');
    await office.getByTestId('bulletin-regenerate').click();
    await office.getByTestId('bulletin-regenerate-confirm').click();
    await expect.poll(() => num(page, 'data-version'), POLL).toBeGreaterThan(version);
    expect(await attr(page, 'data-status')).toBe('draft');
    expect(await attr(page, 'data-tasks')).toBe('271');
    expect(await office.getByTestId('bulletin-para-requirements').inputValue()).toBe(REQUIREMENTS);
    expect(await num(page, 'data-named')).toBe(namedAfter);
    // The next edit rests on the refreshed version (no conflict).
    const refreshed = await num(page, 'data-version');
    await office.getByTestId('bulletin-title-input').fill(TITLE);
    await expect.poll(() => num(page, 'data-version'), POLL).toBeGreaterThan(refreshed);
    expect(await attr(office.getByTestId('bulletin-saved'), 'data-state')).toBe('saved');
  });

  it('the office submits it to the district leader for 签发; he returns it once, then signs it off', async () => {
    expect(await office.getByTestId('bulletin-publish').isDisabled()).toBe(true);
    const submit = async () => {
      await office.getByTestId('bulletin-submit-signoff').click();
      await office.getByTestId('bulletin-approver-select').click();
      await office.locator('.ant-select-item-option', { hasText: '区领导 李强' }).click();
      // The closing dropdown would take the click meant for the modal's button.
      await expect
        .poll(() => office.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count(), POLL)
        .toBe(0);
      await office.getByTestId('bulletin-submit-signoff-ok').click();
      await expect.poll(() => attr(office.getByTestId('bulletin-signoff'), 'data-signoff'), POLL).toBe('pending');
    };
    await submit();
    // His bell tells him at once, and leads to the draft with 签发 and 退回.
    const leader = await journey.as('quzhang');
    await journey.open(leader, '/');
    const bell = leader.getByTestId('bell');
    await expect.poll(async () => Number(await attr(bell, 'data-unread')), POLL).toBeGreaterThan(0);
    await bell.click();
    const note = leader.locator('[data-testid="notification"][data-kind="bulletin_signoff_pending"]').first();
    await note.click();
    await leader.waitForURL((url) => url.pathname === bulletinPath);
    await leader.getByTestId('bulletin-return').click();
    await leader.getByTestId('bulletin-return-reason-input').fill('表扬名单请再核实。');
    await leader.getByTestId('bulletin-return-reason-input-ok').click();
    await expect.poll(() => attr(leader.getByTestId('bulletin-signoff'), 'data-signoff'), POLL).toBe('returned');
    await journey.open(office, bulletinPath);
    await expect
      .poll(() => office.getByTestId('bulletin-return-reason').textContent(), POLL)
      .toContain('表扬名单请再核实。');
    await submit();
    await journey.open(leader, bulletinPath);
    await leader.getByTestId('bulletin-approve').click();
    await leader.getByTestId('bulletin-approve-confirm').click();
    await expect.poll(() => attr(leader.getByTestId('bulletin-signoff'), 'data-signoff'), POLL).toBe('approved');
    expect(await leader.getByTestId('bulletin-approver').textContent()).toBe('区领导 李强');
    await journey.open(office, bulletinPath);
    await expect.poll(() => office.getByTestId('bulletin-publish').isDisabled(), POLL).toBe(false);
  });

  it('the office publishes it under the suggested number; it is frozen', async () => {
    await office.getByTestId('bulletin-publish').click();
    const input = office.getByTestId('bulletin-number-input');
    await input.waitFor();
    number = await attr(input, 'data-suggested');
    // 武昌政办〔2025〕1号 gives the place; no bulletin is numbered yet.
    expect(number).toMatch(/^武昌督查通报〔\d{4}〕1号$/);
    expect(await input.inputValue()).toBe(number);
    await office.getByTestId('bulletin-publish-submit').click();

    const page = office.getByTestId('bulletin-page');
    await expect.poll(() => attr(page, 'data-status'), POLL).toBe('published');
    expect(await attr(page, 'data-number')).toBe(number);
    expect(await office.getByTestId('bulletin-number').textContent()).toBe(number);
    expect(await office.getByTestId('bulletin-title').textContent()).toBe(TITLE);
    // Read-only: no field, no action but the downloads; the wording and the names as they were saved.
    expect(await office.locator('[data-testid="bulletin-page"] textarea').count()).toBe(0);
    expect(await office.getByTestId('bulletin-publish').count()).toBe(0);
    expect(await office.getByTestId('bulletin-regenerate').count()).toBe(0);
    expect(await office.getByTestId('bulletin-para-requirements').textContent()).toBe(REQUIREMENTS);
    expect(await num(page, 'data-named')).toBe(namedAfter);
    expect(await office.locator(`[data-testid="bulletin-laggard"][data-task="${unticked}"]`).count()).toBe(0);
    expect(await attr(office.getByTestId('bulletin-laggard').first(), 'data-named')).toBe('true');
    await shot(office, '32-bulletin-published');

    // The list shows it numbered and published.
    await office.getByTestId('bulletin-back').click();
    const listed = office.locator(`[data-testid="bulletin-row"][data-id="${bulletinId}"]`);
    await expect.poll(() => attr(listed, 'data-status'), POLL).toBe('published');
    expect(await attr(listed, 'data-number')).toBe(number);
    expect(await attr(listed, 'data-period')).toBe(Q1);
  });

  it('the .docx and the .xlsx download', async () => {
    await journey.open(office, bulletinPath);
    await expect.poll(() => attr(office.getByTestId('bulletin-page'), 'data-status'), POLL).toBe('published');
    const docx = await download(office, office.getByTestId('bulletin-docx'));
    expect(docx.name).toBe(`${number}.docx`);
    expectZip(docx.bytes);
    const xlsx = await download(office, office.getByTestId('bulletin-xlsx'));
    expect(xlsx.name).toBe(`${number}.xlsx`);
    expectZip(xlsx.bytes);
  });

  it('the unit’s staff see the bell’s notification and read the published bulletin on a phone', async () => {
    await journey.open(staff, '/my');
    const bell = staff.getByTestId('bell');
    await expect.poll(async () => Number(await attr(bell, 'data-unread')), POLL).toBeGreaterThan(0);
    await bell.click();
    const note = staff.locator('[data-testid="notification"][data-kind="bulletin_published"]').first();
    await note.waitFor();
    expect(await attr(note, 'data-read')).toBe('false');
    expect(await attr(note, 'data-link')).toBe(bulletinPath);
    expect(await note.textContent()).toContain(number);
    await shot(staff, '33-unit-bell-bulletin');
    await note.click();
    await staff.waitForURL((url) => url.pathname === bulletinPath);

    const page = staff.getByTestId('bulletin-page');
    await expect.poll(() => attr(page, 'data-status'), POLL).toBe('published');
    expect(await attr(page, 'data-number')).toBe(number);
    expect(await staff.getByTestId('bulletin-para-requirements').textContent()).toBe(REQUIREMENTS);
    expect(await staff.locator('[data-testid="bulletin-page"] textarea').count()).toBe(0);
    expect(await staff.getByTestId('bulletin-publish').count()).toBe(0);
    expect(await staff.locator(`[data-testid="bulletin-laggard"][data-task="${unticked}"]`).count()).toBe(0);
    // Nothing wider than the phone's screen but the tables, which scroll inside themselves.
    await expectFits(staff, 'the published bulletin');
    await shot(staff, '34-unit-bulletin-phone');
    const docx = await download(staff, staff.getByTestId('bulletin-docx'));
    expectZip(docx.bytes);

    // The unit's list has it.
    await journey.open(staff, '/bulletins');
    const listed = staff.locator(`[data-testid="bulletin-row"][data-id="${bulletinId}"]`);
    await expect.poll(() => attr(listed, 'data-number'), POLL).toBe(number);
  });

  it('the unit exports its own ledger of the current period from 我的任务', async () => {
    await journey.open(staff, '/my');
    const link = staff.getByTestId('export-ledger');
    // The current period is chosen once the plan's periods are loaded.
    const period = staff.getByTestId('export-period');
    await expect.poll(() => attr(period, 'data-period'), POLL).toMatch(/^[0-9a-f-]{36}$/);
    const periodId = await attr(period, 'data-period');
    expect(await attr(link, 'href')).toMatch(/\/api\/v1\/exports\/ledger\.xlsx\?planId=[0-9a-f-]{36}/);
    expect(await attr(link, 'href')).toContain(`periodId=${periodId}`);
    expect(await link.textContent()).toContain('导出本单位台账');
    expect(await staff.getByTestId('export-upward').count()).toBe(0);
    const ledger = await download(staff, link);
    expect(ledger.name).toMatch(/台账.*\.xlsx$/);
    expectZip(ledger.bytes);
  });

  it('the office exports the ledger and the upward workbook from the plan page', async () => {
    await journey.open(office, '/plans');
    await office.getByTestId('plan-link').first().click();
    await office.waitForURL(/\/plans\/[0-9a-f-]{36}/);
    const upward = office.getByTestId('export-upward');
    await expect.poll(() => attr(upward, 'href'), POLL).toMatch(/\/api\/v1\/exports\/upward\.xlsx\?planId=/);
    expect(await upward.textContent()).toContain('最多报一次');
    const book = await download(office, upward);
    expectZip(book.bytes);
    expect(await attr(office.getByTestId('export-ledger'), 'href')).toMatch(
      /\/api\/v1\/exports\/ledger\.xlsx\?planId=/,
    );
  });

  it('the admin finds the publication in the audit log and verifies the hash chain', async () => {
    const admin = await journey.as('admin', { password: ADMIN_INITIAL });
    await admin.waitForURL('**/password');
    await admin.getByTestId('password-current').fill(ADMIN_INITIAL);
    await admin.getByTestId('password-new').fill(ADMIN_NEW);
    await admin.getByTestId('password-confirm').fill(ADMIN_NEW);
    await admin.getByTestId('password-submit').click();
    await admin.waitForURL((url) => url.pathname !== '/password');
    await admin.getByTestId('nav-audit').click();
    await admin.waitForURL((url) => url.pathname === '/audit');
    await expect
      .poll(async () => Number(await admin.getByTestId('audit-total').textContent()), POLL)
      .toBeGreaterThan(0);

    await admin.getByTestId('audit-action').fill('bulletin.publish');
    await admin.getByTestId('audit-search').click();
    await expect.poll(() => admin.getByTestId('audit-total').textContent(), POLL).toBe('1');
    const row = admin.getByTestId('audit-row').first();
    expect(await attr(row, 'data-subject-id')).toBe(bulletinId);
    await row.locator('.ant-table-row-expand-icon').click();
    expect(await admin.getByTestId('audit-details').first().textContent()).toContain(number);
    expect(await attr(admin.getByTestId('audit-export'), 'href')).toContain('action=bulletin.publish');

    await admin.getByTestId('audit-verify').click();
    const result = admin.getByTestId('audit-verify-result');
    await expect.poll(() => attr(result, 'data-ok'), POLL).toBe('true');
    expect(await num(result, 'data-checked')).toBeGreaterThan(5);
    await shot(admin, '35-audit-log');

    const csv = await download(admin, admin.getByTestId('audit-export'));
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(text).toContain(bulletinId);
  });
});
