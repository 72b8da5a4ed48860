// A district leader's 关注 and 批示 in a real browser, on a phone, on the living demo in mid-May 2026. 关注: the
// district leader (区长) opens a red task, watches it, finds it on 我的关注 with its red light, watches a unit there,
// opens the task again and unwatches it. 批示: he writes an instruction on 区发改局's signed first-quarter report on
// his phone; the office routes it to the unit with a date; the unit's staff are told and answer with a file; the
// leader reads the answer and its file on 我的批示 and the instruction's page, and his weekly brief (领导专报) lists
// it. Screenshots in test-results/.

import { describe, expect, it } from 'vitest';
import { attr, bellShows, browserAvailable, browserJourney, download, PHONE, POLL, pick, shot } from './browser.js';
import { expectFits } from './fits.js';

describe.skipIf(!browserAvailable)('关注 and 批示 (a district leader)', () => {
  const journey = browserJourney(['--demo', '--demo-date', '2026-05-15']);

  it('the leader watches a red task on a phone and follows it on 我的关注', async () => {
    const leader = await journey.as('quzhang', { viewport: PHONE });
    // A red task of the plan in force, found as the leader's own list finds it.
    const red = await leader.evaluate(async () => {
      const plans = (await (await fetch('/api/v1/plans')).json()) as { items: { id: string; status: string }[] };
      const plan = plans.items.find((p) => p.status === 'active');
      const list = (await (
        await fetch(`/api/v1/supervision/tasks?planId=${plan?.id}&light=red&pageSize=1`)
      ).json()) as { items: { id: string; text: string }[] };
      return list.items[0];
    });
    expect(red, 'the demo in May holds a red task').toBeTruthy();
    await journey.open(leader, `/tasks/${red?.id}`, 'watch-toggle');
    const toggle = leader.getByTestId('watch-toggle');
    await expect.poll(() => toggle.getAttribute('data-watched'), POLL).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('data-watched'), POLL).toBe('true');
    await shot(leader, '95-watch-task-phone');

    await journey.open(leader, '/watches', 'watch-row');
    const rows = leader.getByTestId('watch-row');
    await expect.poll(() => rows.count(), POLL).toBe(1);
    expect(await rows.first().textContent()).toContain(red?.text.slice(0, 10));
    await expect.poll(() => rows.first().getByTestId('light').count(), POLL).toBe(1);
    expect(await rows.first().getByTestId('light').getAttribute('data-light')).toBe('red');
    await expectFits(leader, '我的关注');

    // A unit is watched from here.
    await pick(leader, leader.getByTestId('watch-unit-picker'), '区发改局');
    await leader.getByTestId('watch-unit').click();
    await expect.poll(() => rows.count(), POLL).toBe(2);
    await shot(leader, '96-watches-phone');

    // Back to the task from the list, and unwatched there.
    await leader.locator('[data-testid="watch-row"][data-subject="task"]').getByTestId('watch-link').click();
    await leader.waitForURL(/\/tasks\//);
    await expect.poll(() => toggle.getAttribute('data-watched'), POLL).toBe('true');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('data-watched'), POLL).toBe('false');
    await journey.open(leader, '/watches', 'watch-row');
    await expect.poll(() => rows.count(), POLL).toBe(1);
    expect(await rows.first().getAttribute('data-subject')).toBe('unit');
  }, 180_000);

  it('the leader writes a 批示 on a signed report on his phone; the office routes it, the unit answers, he reads it', async () => {
    const leader = await journey.as('quzhang', { viewport: PHONE });
    // 区发改局's signed package of the year's first quarter, as the leader's own session finds it.
    const report = await leader.evaluate(async () => {
      const get = async <T>(path: string) => (await (await fetch(`/api/v1${path}`)).json()) as T;
      const plans = await get<{ items: { id: string; status: string }[] }>('/plans');
      const plan = plans.items.find((p) => p.status === 'active');
      const periods = await get<{ items: { id: string; kind: string }[] }>(`/plans/${plan?.id}/periods`);
      const units = await get<{ items: { id: string; name: string }[] }>('/units');
      const unit = units.items.find((u) => u.name === '区发改局');
      const q1 = periods.items.find((p) => p.kind === 'quarter');
      const pkg = await get<{ id: string; status: string }>(`/periods/${q1?.id}/submission?unitId=${unit?.id}`);
      return { periodId: q1?.id, unitId: unit?.id, status: pkg.status };
    });
    expect(['submitted', 'accepted'], 'the demo in May holds 区发改局’s signed Q1 package').toContain(report.status);
    await journey.open(leader, `/submission/${report.periodId}?unitId=${report.unitId}`, 'instruction-write');
    await leader.getByTestId('instruction-write').click();
    const words = '请区发改局对一季度滞后事项逐项列出整改措施，月底前报我。';
    await leader.getByTestId('instruction-body').fill(words);
    await leader.getByTestId('instruction-submit').click();
    await leader.getByTestId('instruction-body').waitFor({ state: 'hidden' });
    await shot(leader, '97-instruction-written-phone');

    // The office is told, opens it and routes it to the unit (pre-selected: the report's unit) with a date.
    const office = await journey.as('duchashi');
    await bellShows(office, 'instruction_written', /批示/);
    await journey.open(office, '/instructions', 'instruction-row');
    const row = office.locator('[data-testid="instruction-row"][data-status="pending"]').first();
    const id = await attr(row, 'data-id');
    await journey.open(office, `/instructions/${id}`, 'instruction-route-submit');
    expect(await office.getByTestId('instruction-text').textContent()).toContain(words);
    // Two weeks from today (the server's clock is the real one; the demo's date only sets how far its year went).
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await office.getByTestId('instruction-route-due').fill(due);
    await office.getByTestId('instruction-route-due').press('Tab');
    await office.getByTestId('instruction-route-submit').click();
    const page = office.getByTestId('instruction-page');
    await expect.poll(() => attr(page, 'data-status'), POLL).toBe('routed');
    const target = office.getByTestId('instruction-target');
    await expect.poll(() => target.count(), POLL).toBe(1);
    expect(await target.textContent()).toContain('区发改局');

    // The unit's staff are told; they put the list of measures on an item of their current package, as any file,
    // and answer on the instruction's page with it.
    const staff = await journey.as('fagai.staff', { viewport: PHONE });
    await bellShows(staff, 'instruction_routed', /批示/);
    await journey.open(staff, '/my', 'submission-periods');
    await staff
      .locator('[data-testid="submission-period"][data-current="true"] [data-testid="submission-open"]')
      .click();
    const card = staff.getByTestId('item-card').first();
    await card.getByTestId('evidence-upload').waitFor();
    const file = '整改措施清单.pdf';
    await card.locator('input[type=file]').setInputFiles({
      name: file,
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await card.locator(`[data-testid="evidence-file"][data-name="${file}"]`).waitFor();
    await journey.open(staff, `/instructions/${id}`, 'instruction-answer-text');
    const answer = '已逐项列出整改措施5条，明确责任人和完成时限，5月25日前全部启动。';
    await staff.getByTestId('instruction-answer-text').fill(answer);
    await staff.getByTestId('instruction-answer-evidence').getByText(file).click();
    await staff.getByTestId('instruction-answer-submit').click();
    await expect
      .poll(async () => (await staff.getByTestId('instruction-target').textContent()) ?? '', POLL)
      .toContain(answer);
    await expectFits(staff, 'the instruction answered on a phone');
    await shot(staff, '98-instruction-answered-phone');

    // The leader reads the answer on 我的批示 and on the instruction's page.
    await bellShows(leader, 'instruction_answered', /批示/);
    await journey.open(leader, '/watches', 'instruction-row');
    const mine = leader.locator(`[data-testid="instruction-row"][data-id="${id}"]`);
    await expect.poll(() => mine.count(), POLL).toBe(1);
    await journey.open(leader, `/instructions/${id}`, 'instruction-target');
    expect(await leader.getByTestId('instruction-target').textContent()).toContain(answer);
    expect(await leader.getByTestId('instruction-evidence').textContent()).toContain(file);
    await expectFits(leader, 'the instruction with its answer');
    await shot(leader, '99-instruction-answer-read-phone');

    // His weekly brief (领导专报) lists the answer among those due to his 批示, linking to it; its red tasks too.
    await journey.open(leader, '/brief', 'brief-section-instructions');
    const answered = leader
      .getByTestId('brief-section-instructions')
      .locator(`[data-testid="brief-line"][data-kind="instruction"]`)
      .filter({ has: leader.locator(`a[href="/instructions/${id}"]`) });
    await expect.poll(() => answered.count(), POLL).toBeGreaterThan(0);
    expect(await answered.first().textContent()).toContain('区发改局');
    await expect
      .poll(() => leader.getByTestId('brief-section-red').getByTestId('brief-line').count(), POLL)
      .toBeGreaterThan(0);
    await expectFits(leader, 'the brief');
    await shot(leader, '99-brief-phone');
    const docx = await download(leader, leader.getByTestId('brief-docx'));
    expect(docx.name.endsWith('.docx')).toBe(true);
    expect(docx.bytes.subarray(0, 2).toString()).toBe('PK');
  }, 240_000);
});
