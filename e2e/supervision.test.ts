// Supervision in a real browser on the demo data (every 2025 deadline has passed, nothing is reported,
// so every assigned item is red): the office reads the dashboard and clicks the red bar of the city
// source through to the filtered task list (and reminds two tasks' units), then a unit's red items
// through to the list again, and issues a 督办单 to 区发改局; its staff see both on the bell and answer the
// 督办单; the office closes it. Then the staff upload evidence to an item and ask to close it out, and
// the office verifies. Screenshots in test-results/.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attr, browserAvailable, browserJourney, json, POLL, shot } from './browser.js';
import { BARE_DEMO_DATE } from './server.js';

const UNIT = '区发改局';

type Counts = { red: number; yellow: number; green: number; grey: number };

describe.skipIf(!browserAvailable)('supervision: dashboard, 督办单, close-out', () => {
  const journey = browserJourney(['--demo', '--demo-date', BARE_DEMO_DATE]);
  let noticePath: string;
  let supervisionNoticeNumber: string;
  /** The office's task list filtered to 区发改局's red tasks. */
  let officeList: Page;
  /** 区发改局's submission page, where the close-out was asked. */
  let submissionPage: Page;
  /** The list's total once it has settled on the URL's filters (the test id is on the fresh number only). */
  const total = (page: Page) => page.getByTestId('supervision-total').textContent();

  it('the office reads the dashboard and clicks the red bar of the city source through to the list', async () => {
    const office = await journey.as('duchashi');
    // The office's home is the dashboard.
    await office.waitForURL('**/dashboard');
    const tasks = office.getByTestId('kpi-tasks');
    await expect.poll(() => attr(tasks, 'data-value'), POLL).toBe('271');
    const red = Number(await attr(office.getByTestId('kpi-red'), 'data-value'));
    expect(red).toBeGreaterThan(0);
    const lights = ['red', 'yellow', 'green', 'grey'] as const;
    let sum = 0;
    for (const light of lights) sum += Number(await attr(office.getByTestId(`kpi-${light}`), 'data-value'));
    expect(sum).toBe(271);

    // The source chart's figures: 35 province, 168 city and 68 district tasks, all past their deadlines.
    const chart = office.getByTestId('chart-by-source');
    const bySource = await json<({ level: string } & Counts)[]>(chart, 'data-values');
    const total3 = bySource.reduce((n, s) => n + s.red + s.yellow + s.green + s.grey, 0);
    expect(total3).toBe(271);
    const city = bySource.find((s) => s.level === 'city');
    expect(city && city.red + city.yellow + city.green + city.grey).toBe(168);
    const cityRed = city?.red ?? 0;
    expect(cityRed).toBeGreaterThan(0);
    await shot(office, '20-dashboard');

    // Click the red part of the city bar on the canvas (its centre, as the chart reports it).
    await expect.poll(() => attr(chart, 'data-ready'), POLL).toBe('true');
    const hits = await json<Record<string, [number, number]>>(chart, 'data-hits');
    const at = hits['city:red'];
    expect(at).toBeDefined();
    await chart.click({ position: { x: at?.[0] ?? 0, y: at?.[1] ?? 0 } });
    await office.waitForURL((url) => url.pathname === '/supervision/tasks');
    const params = new URL(office.url()).searchParams;
    expect(params.get('level')).toBe('city');
    expect(params.get('light')).toBe('red');
    expect(params.get('planId')).toBeTruthy();
    await expect.poll(() => total(office), POLL).toBe(String(cityRed));
    const rows = office.getByTestId('supervision-row');
    await rows.first().waitFor();
    const shown = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-light')));
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set(['red']));
    // A light says why on hover (its tooltip is mounted only then: components/HoverTooltip.tsx).
    await rows.first().getByTestId('task-light').hover();
    const tip = office.locator('.ant-tooltip:not(.ant-tooltip-hidden)');
    await expect.poll(async () => (await tip.count()) && (await tip.first().textContent()), POLL).toMatch(/^红灯：/);
    // The export carries the same filters.
    const href = await attr(office.getByTestId('supervision-export'), 'href');
    expect(href).toContain('/api/v1/supervision/tasks.xlsx?');
    expect(href).toContain('level=city');
    expect(href).toContain('light=red');
    await shot(office, '21-red-city-tasks');

    // 一键催办 on the first two tasks (city task 1 is led by 市发改委 and 区发改局).
    await rows.nth(0).locator('input[type=checkbox]').check();
    await rows.nth(1).locator('input[type=checkbox]').check();
    await office.getByTestId('remind-open').click();
    await office.getByTestId('remind-message').fill('请于本周五前补报2025年各季度进展。');
    await office.getByTestId('remind-submit').click();
    await expect.poll(() => office.getByTestId('remind-open').isDisabled(), POLL).toBe(true);
  });

  it('from the units’ figures the office opens 区发改局’s red tasks', async () => {
    const office = await journey.as('duchashi');
    officeList = office;
    await journey.open(office, '/dashboard');
    // The unit chart puts the most red first; its 数据 view lists the same figures as links.
    const unitChart = office.getByTestId('chart-by-unit');
    const byUnit = await json<({ name: string; submission: string } & Counts)[]>(unitChart, 'data-values');
    const fagai = byUnit.find((u) => u.name === UNIT);
    expect(fagai?.red).toBeGreaterThan(0);
    expect(fagai?.submission).toBe('missing');
    for (let i = 1; i < byUnit.length; i++) expect(byUnit[i - 1]?.red).toBeGreaterThanOrEqual(byUnit[i]?.red ?? 0);
    await office.getByTestId('chart-by-unit-mode').getByText('数据').click();
    const link = office.locator(
      `[data-testid="chart-link"][data-chart="by-unit"][data-unit="${UNIT}"][data-light="red"]`,
    );
    const count = await attr(link, 'data-count');
    await link.click();
    await office.waitForURL((url) => url.pathname === '/supervision/tasks');
    expect(new URL(office.url()).searchParams.get('unitId')).toBeTruthy();
    // A unit's red items are counted per item; its tasks may hold two items of the unit (two clauses).
    await expect.poll(() => total(office), POLL).toMatch(/^\d+$/);
    const listed = Number(await total(office));
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThanOrEqual(Number(count));
    await shot(office, '22-unit-red-tasks');
  });

  it('the office issues a 督办单 on 区发改局’s item of the first task', async () => {
    const office = officeList;
    const item = office
      .getByTestId('supervision-row')
      .first()
      .locator(`[data-testid="supervision-unit"][data-unit="${UNIT}"]`)
      .first();
    expect(await attr(item, 'data-light')).toBe('red');
    await item.getByTestId('notice-issue').click();
    expect(await office.getByTestId('notice-target-unit').textContent()).toBe(UNIT);
    await office.getByTestId('notice-reason').fill('该事项2025年各季度进展均逾期未报送，请说明原因并限期整改。');
    await office.getByTestId('notice-submit').click();
    await office.waitForURL(/\/supervision-notices\/[0-9a-f-]{36}$/);
    noticePath = new URL(office.url()).pathname;
    const page = office.getByTestId('notice-page');
    await expect.poll(() => attr(page, 'data-status'), POLL).toBe('issued');
    supervisionNoticeNumber = ((await office.getByTestId('notice-number').textContent()) ?? '').trim();
    expect(supervisionNoticeNumber).toMatch(/^督办〔\d{4}〕\d+号$/);
    expect(await office.getByTestId('notice-unit').textContent()).toBe(UNIT);
    expect(await attr(office.getByTestId('notice-severity-tag'), 'data-severity')).toBe('red');
    expect(await attr(office.getByTestId('notice-docx'), 'href')).toMatch(/\/notice\.docx$/);
    await shot(office, '23-notice-issued');

    // The office's list of 督办单 has it, awaiting the unit's response.
    await journey.open(office, '/supervision-notices');
    await office
      .locator(`[data-testid="notice-row"][data-number="${supervisionNoticeNumber}"][data-status="issued"]`)
      .waitFor();
  });

  it('the unit’s staff see it on the bell, open it and answer it', async () => {
    const staff = await journey.as('fagai.staff');
    const bell = staff.getByTestId('bell');
    await expect.poll(async () => Number(await attr(bell, 'data-unread')), POLL).toBeGreaterThan(0);
    await bell.click();
    const note = staff.locator('[data-testid="notification"][data-kind="notice_issued"]').first();
    await note.waitFor();
    expect(await attr(note, 'data-read')).toBe('false');
    expect(await attr(note, 'data-link')).toBe(noticePath);
    expect(await note.textContent()).toContain(supervisionNoticeNumber);
    // The office's 一键催办 reached the unit too, with its message.
    const reminder = staff.locator('[data-testid="notification"][data-kind="manual_reminder"]').first();
    expect(await reminder.textContent()).toContain('请于本周五前补报');
    await shot(staff, '24-unit-bell');
    await note.click();
    await staff.waitForURL((url) => url.pathname === noticePath);
    // Opening it marked it read.
    await bell.click();
    const opened = staff.locator(`[data-testid="notification"][data-kind="notice_issued"][data-link="${noticePath}"]`);
    await expect.poll(() => attr(opened, 'data-read'), POLL).toBe('true');
    await bell.click();

    const page = staff.getByTestId('notice-page');
    await expect.poll(() => attr(page, 'data-status'), POLL).toBe('issued');
    await staff
      .getByTestId('notice-response-text')
      .fill('已成立专班逐项梳理，补报前三季度进展；下一步每月调度一次，确保年底前完成。');
    // antd's date picker takes the typed day when focus moves on.
    await staff.getByTestId('notice-new-due').fill('2026-12-31');
    await staff.getByTestId('notice-new-due').press('Tab');
    await staff.getByTestId('notice-respond-submit').click();
    await expect.poll(() => attr(page, 'data-status'), POLL).toBe('responded');
    expect(await staff.getByTestId('notice-response').textContent()).toContain('已成立专班逐项梳理');
    expect(await staff.getByTestId('notice-new-due-on').textContent()).toBe('2026-12-31');
    // A unit sees its own figures: no unit chart, and what is due.
    await journey.open(staff, '/dashboard', 'dashboard-due');
    expect(await staff.getByTestId('chart-by-unit').count()).toBe(0);
    await shot(staff, '25-unit-answered');
  });

  it('the office is told, and closes the 督办单', async () => {
    const office = await journey.as('duchashi');
    const bell = office.getByTestId('bell');
    await bell.click();
    await office.locator('[data-testid="notification"][data-kind="notice_responded"]').first().waitFor();
    await bell.click();
    await journey.open(office, noticePath);
    const page = office.getByTestId('notice-page');
    await expect.poll(() => attr(page, 'data-status'), POLL).toBe('responded');
    await office.getByTestId('notice-close').click();
    await office.getByTestId('notice-close-note').fill('整改措施具体可行，予以办结，请按期报送。');
    await office.getByTestId('notice-close-submit').click();
    await expect.poll(() => attr(page, 'data-status'), POLL).toBe('closed');
    expect(await office.getByTestId('notice-close-note-text').textContent()).toContain('予以办结');
    await shot(office, '26-notice-closed');
  });

  it('the staff attach evidence to an item and ask to close it out', async () => {
    const staff = await journey.as('fagai.staff');
    submissionPage = staff;
    await journey.open(staff, '/my', 'submission-periods');
    await staff.getByTestId('submission-open').first().click();
    await staff.getByTestId('submission-page').waitFor();
    const card = staff.getByTestId('item-card').first();
    await card.getByTestId('evidence-upload').waitFor();
    await card.locator('input[type=file]').setInputFiles({
      name: '完成情况证明.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await card.locator('[data-testid="evidence-file"][data-name="完成情况证明.pdf"]').waitFor();
    await card.getByTestId('closeout-request').click();
    await staff.getByTestId('closeout-note').fill('该事项年度目标已全部完成，佐证材料见附件。');
    await staff.getByTestId('closeout-submit').click();
    await card.locator('[data-testid="item-closeout"][data-status="pending"]').waitFor();
    await shot(staff, '27-closeout-requested');
  });

  it('the office verifies the close-out; the unit sees the item closed out', async () => {
    const office = await journey.as('duchashi');
    await journey.open(office, '/closeouts');
    const row = office.locator('[data-testid="closeout-row"][data-status="pending"]').first();
    await row.waitFor();
    expect(await row.getByTestId('closeout-evidence').textContent()).toContain('完成情况证明.pdf');
    const id = await attr(row, 'data-id');
    await row.getByTestId('closeout-verify').click();
    await office.getByTestId('closeout-decide-submit').click();
    await office.getByTestId('closeout-status-filter').getByText('全部').click();
    const decided = office.locator(`[data-testid="closeout-row"][data-id="${id}"]`);
    await expect.poll(() => attr(decided, 'data-status'), POLL).toBe('verified');
    await shot(office, '28-closeout-verified');

    const staff = submissionPage;
    await staff.reload();
    const card = staff.getByTestId('item-card').first();
    await card.locator('[data-testid="item-closeout"][data-status="verified"]').waitFor();
  });
});
