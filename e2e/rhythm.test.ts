// A task's rhythm in a real browser, on the living demo at 5 June 2026 (clock running from there): the office makes a
// task of 区发改局 monthly (a 重点项目); the reminder run tells the unit that May's report is due — the quarter's is
// not due until July — and the unit's list gains a package for every month left; May's package holds that task
// alone, and the unit sends it and its leader signs. 区经科局, with no monthly task, is asked nothing in May. Then a
// district executive meeting assigns a new task (交办): the office adds it from the plan's page, numbered 会1, and
// the unit's bell asks it to sign for it.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Period, TaskSummary } from '../src/api/v1.js';
import { bellShows, browserAvailable, browserJourney, clickSettled, POLL, pick, shot } from './browser.js';
import { allSaved, sendAndSign, status } from './steps.js';

const JUNE = '2026-06-05';
const MAY = '2026年5月';
const LONG = 150_000;

describe.skipIf(!browserAvailable)('a monthly task is reminded monthly', () => {
  const journey = browserJourney(['--demo', '--demo-date', JUNE, '--demo-clock']);
  let office: Page;
  let task: TaskSummary;

  const periodsAs = (page: Page) =>
    page.evaluate(async () => {
      const plans = (await (await fetch('/api/v1/plans')).json()) as { items: { id: string; year: number }[] };
      const plan = plans.items.find((p) => p.year === 2026) ?? plans.items[0];
      return ((await (await fetch(`/api/v1/plans/${plan?.id}/periods`)).json()) as { items: Period[] }).items;
    });

  it('the office sets a task of 区发改局 to report monthly, from its page', async () => {
    office = await journey.as('duchashi');
    // A task of 区发改局 that 区经科局 has no part in (read from the API the pages draw).
    task = await office.evaluate(async () => {
      const units = (await (await fetch('/api/v1/units')).json()) as {
        items: { id: string; name: string }[];
      };
      const id = (name: string) => units.items.find((u) => u.name === name)?.id;
      const plans = (await (await fetch('/api/v1/plans')).json()) as { items: { id: string; year: number }[] };
      const plan = plans.items.find((p) => p.year === 2026) ?? plans.items[0];
      const of = async (unit: string) =>
        (
          (await (await fetch(`/api/v1/tasks?planId=${plan?.id}&unitId=${id(unit)}&pageSize=500`)).json()) as {
            items: TaskSummary[];
          }
        ).items;
      const jingke = new Set((await of('区经科局')).map((x) => x.id));
      return (await of('区发改局')).find((x) => !jingke.has(x.id)) as TaskSummary;
    });
    expect(task?.id).toBeTruthy();
    await journey.open(office, `/tasks/${task.id}`, 'rhythm-card');
    const card = office.getByTestId('rhythm-card');
    expect(await card.getAttribute('data-rhythm')).toBe('quarterly');
    await pick(office, card.getByTestId('rhythm-kind'), '按月');
    await card.getByTestId('rhythm-save').click();
    await expect.poll(() => card.getAttribute('data-rhythm'), POLL).toBe('monthly');
    await card.getByTestId('rhythm-since').waitFor();
    await shot(office, '60-rhythm-monthly');
    // The office's own views keep counting by quarter.
    const periods = await periodsAs(office);
    expect(periods.find((p) => p.current)?.label).toBe('2026年第二季度');
    expect(periods.filter((p) => p.kind === 'month').length).toBe(8);
  });

  it('the reminder run tells 区发改局 that May’s report is due; its list holds the months left', async () => {
    await journey.open(office, '/settings/supervision', 'scheduler-run');
    // Run now; a run already under way (the one at start) answers "busy": run again once it is done.
    await expect
      .poll(async () => {
        await office.getByTestId('scheduler-run').click();
        const result = office.getByTestId('scheduler-result');
        await result.waitFor();
        return result.getAttribute('data-ran');
      }, POLL)
      .toBe('true');
    const staff = await journey.as('fagai.staff');
    // 5 June, 10:00: May's report is due before 10 June — four days ahead (the office reminds 5 and 1 days before).
    await bellShows(staff, 'period_due', `${MAY}报送将于4天后截止`);
    const months = staff.locator('[data-testid="submission-period"]').filter({ hasText: '按月' });
    await expect.poll(() => months.count(), POLL).toBe(5);
    expect(await months.allTextContents()).toEqual(
      ['5', '7', '8', '10', '11'].map((m) => expect.stringContaining(`2026年${m}月`)),
    );
    // The quarter is still the current package.
    expect(await staff.locator('[data-testid="submission-period"][data-current="true"]').textContent()).toContain(
      '2026年第二季度',
    );
  });

  it(
    'May’s package holds the monthly task alone; sent and signed',
    async () => {
      const staff = await journey.as('fagai.staff');
      const may = (await periodsAs(staff)).find((p) => p.label === MAY) as Period;
      await journey.open(staff, `/submission/${may.id}`);
      await status(staff, 'draft');
      await expect.poll(() => staff.getByTestId('item-card').count(), POLL).toBe(1);
      const card = staff.getByTestId('item-card').first();
      expect(await card.textContent()).toContain(task.text.slice(0, 12));
      await pick(staff, card.getByTestId('item-status'), '序时推进');
      await card.getByTestId('item-progress').fill('5月：完成项目月度调度，签约2个项目，到位资金1.2亿元。');
      await allSaved(staff);
      await shot(staff, '61-rhythm-may-package');
      await sendAndSign(journey, staff, may.id);
    },
    LONG,
  );

  it('区经科局, with no monthly task, has no May package and no May reminder', async () => {
    const other = await journey.as('jingke.staff');
    const periods = await periodsAs(other);
    expect(periods.some((p) => p.kind === 'month')).toBe(false);
    const titles = await other.evaluate(async () => {
      const list = (await (await fetch('/api/v1/notifications')).json()) as { items: { title: string }[] };
      return list.items.map((n) => n.title);
    });
    expect(titles.filter((title) => title.includes(MAY))).toEqual([]);
  });

  it('the office adds a meeting’s task (交办) from the plan page: numbered 会1, the unit is asked to sign for it', async () => {
    const planId = task.planId;
    await journey.open(office, `/plans/${planId}`, 'plan-add-task');
    await office.getByTestId('plan-add-task').click();
    await office.getByTestId('add-task-origin-note').fill('区政府第12次常务会议');
    await office.getByTestId('add-task-text').fill('加快推进中北路片区城市更新项目征收扫尾工作，9月底前完成全部签约。');
    // antd's date picker takes the typed day when focus moves on.
    await office.getByTestId('add-task-deadline').fill('2026-09-30');
    await office.getByTestId('add-task-deadline').press('Tab');
    // The meeting was held two days before (the demo's today is 5 June): the office's routing is measured from it.
    await office.getByTestId('add-task-instructed-on').fill('2026-06-03');
    await office.getByTestId('add-task-instructed-on').press('Tab');
    await pick(office, office.getByTestId('add-task-leads'), '区发改局', true);
    await office.keyboard.press('Escape');
    await pick(office, office.getByTestId('add-task-rhythm'), '按月');
    await shot(office, '62-add-task');
    await office.getByTestId('add-task-submit').click();
    // The new task's page opens.
    await expect.poll(() => /\/tasks\/[0-9a-f-]{36}$/.test(office.url()), POLL).toBe(true);
    await expect
      .poll(async () => (await office.getByTestId('task-rhythm').getAttribute('data-rhythm')) ?? '', POLL)
      .toBe('monthly');
    expect(await office.getByTestId('task-origin').getAttribute('data-instructed-on')).toBe('2026-06-03');
    expect(await office.getByTestId('task-origin').textContent()).toContain('区政府第12次常务会议（2026-06-03）');
    const page = (await office.textContent('body')) ?? '';
    expect(page).toContain('会1');
    // Added in June, it owes nothing for the first quarter: not red for a report due before it existed.
    expect(page).not.toContain('逾期未报送');
    const staff = await journey.as('fagai.staff');
    await bellShows(staff, 'task_added', '新交办任务区会1，请签收');
  });

  it('the office sets, on the plan page, the co-units’ earlier deadline and the annual report’s due time and grace', async () => {
    await journey.open(office, `/plans/${task.planId}`, 'co-unit-lead-days-edit');
    // Both editors come in a chunk of their own when opened (issue 15): opening one is what loads it.
    await office.getByTestId('co-unit-lead-days-edit').click();
    await office.getByTestId('co-unit-lead-days-input').fill('3');
    await clickSettled(office.getByTestId('co-unit-lead-days-save'));
    await expect.poll(() => office.getByTestId('co-unit-lead-days-value').getAttribute('data-days'), POLL).toBe('3');

    const annual = office.getByTestId('periods-table').locator('tr', { hasText: '2026年度' });
    await annual.getByTestId('period-edit').click();
    // antd's picker with its minute: typed, then taken with Enter.
    const due = office.getByTestId('period-due-input');
    await due.click();
    await due.fill('2027-01-20 17:00');
    await due.press('Enter');
    await office.getByTestId('period-grace').fill('2');
    await shot(office, '63-period-edit');
    await clickSettled(office.getByTestId('period-save'));
    // Shown with its grace days: 20 January + 2 days, in China Standard Time.
    await expect
      .poll(async () => (await annual.getByTestId('period-due').textContent()) ?? '', POLL)
      .toContain('2027-01-22 17:00');
  });
});
