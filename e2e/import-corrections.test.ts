// The office corrects an import in the preview, in a real browser: it uploads a spreadsheet notice, sees the doubtful task
// marked, gives a task the right unit, splits two tasks printed as one, deletes a line that is no task, confirms,
// and the plan holds the corrected tasks — the corrections stay with the import. Screenshots in test-results/.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../src/api/constants.js';
import { browserAvailable, browserJourney, clickSettled, POLL, pick, shot, signIn } from './browser.js';
import { ROOT } from './server.js';

/**
 * The notice the office imports, as a spreadsheet 分解表 (e2e/fixtures/make-corrections-notice.ts): five numbered
 * tasks under two section rows; 2 holds two tasks, 3 is none, 5 names no unit.
 */
const NOTICE_FILE = join(ROOT, 'e2e', 'fixtures', 'corrections-notice.xlsx');

const ADMIN_PASSWORD = 'Initial#Admin1';
const OFFICE_PASSWORD = 'Office#Fix2025';

/** A JSON request from the test process with a session of its own. */
async function session(base: string, username: string, password: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status).toBe(200);
  const token = /(?:^|,\s*)([^=]+)=([^;]+)/.exec(
    login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '',
  )?.[2];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        cookie: `${SESSION_COOKIE}=${token}`,
        [CSRF_HEADER]: csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

const row = (page: Page, position: number) =>
  page.locator(`[data-testid="import-tasks"] tr[data-position="${position}"]`);
const menuItem = (page: Page, label: string) =>
  page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').getByText(label, { exact: true });
const count = (page: Page) => page.getByTestId('import-correction-count').textContent();

describe.skipIf(!browserAvailable)('correcting an import in the preview', () => {
  const journey = browserJourney([], { DUBAN_ADMIN_PASSWORD: ADMIN_PASSWORD });
  let page: Page;
  let importId = '';

  it('the office uploads the notice and sees the doubtful task marked', async () => {
    // The office account, made through the API (the admin's own journey is e2e/journey.test.ts).
    const base = journey.server.url;
    const admin = await session(base, 'admin', ADMIN_PASSWORD);
    await admin('POST', '/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'Changed#Pass2x' });
    const adminAgain = await session(base, 'admin', 'Changed#Pass2x');
    const made = await adminAgain<{ initialPassword: string }>('POST', '/users', {
      username: 'duchashi',
      displayName: '督查室 王敏',
      role: 'supervisor',
    });
    const office = await session(base, 'duchashi', made.initialPassword);
    await office('POST', '/auth/password', { currentPassword: made.initialPassword, newPassword: OFFICE_PASSWORD });

    page = await journey.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, journey.server.pageUrl, 'duchashi', OFFICE_PASSWORD);
    await journey.open(page, '/imports/new');
    await page.locator('input[type=file]').first().setInputFiles(NOTICE_FILE);
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}/);
    importId = /\/imports\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    await page.getByRole('tab', { name: /任务草稿/ }).click();
    await row(page, 4).waitFor();
    expect(await row(page, 4).getByTestId('import-confidence-low').count()).toBe(1);
    expect(await count(page)).toContain('0');
    await page.getByTestId('import-doubtful-only').click();
    await expect.poll(() => page.locator('[data-testid="import-tasks"] tr[data-position]').count(), POLL).toBe(1);
    await page.getByTestId('import-doubtful-only').click();
    await expect.poll(() => page.locator('[data-testid="import-tasks"] tr[data-position]').count(), POLL).toBe(5);
    await shot(page, 'corrections-01-preview');
  });

  it("fixes a task's unit, splits one and deletes one", async () => {
    // Task 1: 区经信局 is read as responsible; the office makes it 区商务局, co-operating.
    await row(page, 0).getByTestId('import-task-edit-0').click();
    await page.getByTestId('import-editor').waitFor();
    await page.getByTestId('import-editor-unit-1').fill('区商务局');
    // The select's dropdown may still be opening under the modal's animation: pick until the select shows it.
    const role = page.getByTestId('import-editor-role-1');
    await expect
      .poll(async () => {
        if (!(await role.textContent())?.includes('配合')) await pick(page, role, '配合');
        return role.textContent();
      }, POLL)
      .toContain('配合');
    await clickSettled(page.getByTestId('import-editor-ok'));
    await expect.poll(() => row(page, 0).textContent(), POLL).toContain('区商务局（配合）');
    await expect.poll(() => count(page), POLL).toContain('1');

    // Task 2 holds two tasks: split at the first 。 (the form's suggestion).
    await row(page, 1).getByTestId('import-task-more-1').click();
    await menuItem(page, '拆分为两项').click();
    expect(await page.getByTestId('import-split-rest').textContent()).toContain('完成科技园区建设。');
    await clickSettled(page.getByTestId('import-split-ok'));
    await expect.poll(() => row(page, 2).textContent(), POLL).toContain('完成科技园区建设。');

    // Task 3 is no task.
    await expect.poll(() => row(page, 3).textContent(), POLL).toContain('本项说明不是任务');
    await row(page, 3).getByTestId('import-task-more-3').click();
    await menuItem(page, '删除（不是任务）').click();
    await clickSettled(page.getByTestId('import-delete-ok'));
    await expect.poll(() => row(page, 3).textContent(), POLL).toContain('新建学校3所');
    await expect.poll(() => count(page), POLL).toContain('3');
    await shot(page, 'corrections-02-corrected');
  });

  it('confirms; the plan shows the corrections, and the import keeps them', async () => {
    await page.getByRole('tab', { name: /单位匹配/ }).click();
    await page.getByTestId('import-approve-all').click();
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-confirm').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
    await expect.poll(async () => (await page.getByTestId('task-total').textContent())?.trim(), POLL).toBe('5');
    const planId = /\/plans\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    const plan = await page.evaluate(
      async (id) =>
        (await fetch(`/api/v1/tasks?planId=${id}&pageSize=50`)).json() as Promise<{
          items: {
            number: string | null;
            text: string;
            position: number;
            assignments: { unit: { name: string }; role: string }[];
          }[];
        }>,
      planId,
    );
    const tasks = plan.items.sort((a, b) => a.position - b.position);
    expect(tasks.map((t) => t.text)).toEqual([
      '推进产业升级。',
      '建设创新平台。',
      '完成科技园区建设。',
      '新建学校3所。',
      '加强安全生产工作',
    ]);
    expect(tasks[0]?.assignments.map((a) => [a.unit.name, a.role])).toEqual([
      ['区发改局', 'lead'],
      ['区商务局', 'co'],
    ]);
    await expect.poll(() => page.getByText('完成科技园区建设。').count(), POLL).toBeGreaterThan(0);
    expect(await page.getByText('本项说明不是任务').count()).toBe(0);
    await shot(page, 'corrections-03-plan');

    const kept = await page.evaluate(
      async (id) =>
        (await fetch(`/api/v1/imports/${id}/corrections`)).json() as Promise<{
          active: number;
          items: { kind: string }[];
        }>,
      importId,
    );
    expect(kept.active).toBe(3);
    expect(kept.items.map((c) => c.kind)).toEqual(['edit', 'split', 'delete']);
  });
});
