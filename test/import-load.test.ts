// The largest allowed notice (100,000 numbered tasks, ≈ 9 MB) is previewed and confirmed while other users
// keep working: /healthz and the dashboard are asked over and over during the import, and must answer. During
// the confirm no call may wait for the whole of it (on PGlite a new plan is written one short transaction per
// page): the longest is asserted far below the confirm's own time, a guard against a hang rather than a timing
// goal (bench: `npm run bench -- --only large_import`). The half-written plan is listed nowhere. The preview is a
// draft on the server, read in pages and confirmed by id; the public page stays on the plan the office published.

import { beforeAll, describe, expect, it } from 'vitest';
import type { DraftTaskPage, DraftWarningPage, ImportPreview, Plan, PlanDetail } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { parseNoticeOffThread } from '../src/server/services/notice-parsing.js';
import { type Caller, importSample, makeApp, makeUser, multipart, signIn } from './app.js';
import { describeEachDatabase } from './db.js';
import { LARGE_NOTICE_UNITS, largeNoticeText } from './large-notice.js';

const LARGE = Buffer.from(largeNoticeText());
/** 100,000 tasks on PGlite on a busy two-core machine take minutes; the limit is against a hang, not a goal. */
const SLOW = 600_000;

interface Answer {
  url: string;
  status: number;
  /** The answer came while the import was still running. */
  during: boolean;
  /** From the call to its answer. */
  ms: number;
  body: string;
}

describeEachDatabase('one large import does not freeze everyone', (t) => {
  let app: App;
  let clerk: Caller;
  let samplePlanId: string;
  let draft: ImportPreview;

  const get = (url: string) => app.inject({ url, headers: { cookie: clerk.cookie } });

  /** Runs the import step while two other clients keep calling /healthz and the dashboard. */
  async function whileOthersWork<T>(
    step: () => Promise<T>,
    also: string[] = [],
  ): Promise<{ result: T; answers: Answer[]; ms: number }> {
    let running = true;
    const answers: Answer[] = [];
    const poll = async (url: string) => {
      while (running) {
        const started = performance.now();
        const res = await get(url);
        answers.push({
          url,
          status: res.statusCode,
          during: running,
          ms: performance.now() - started,
          body: url === '/api/v1/plans' ? res.body : '',
        });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const started = performance.now();
    const work = step().finally(() => {
      running = false;
    });
    const urls = ['/healthz', `/api/v1/dashboard?planId=${samplePlanId}`, ...also];
    const [result] = await Promise.all([work, ...urls.map(poll)]);
    return { result, answers, ms: performance.now() - started };
  }

  const longest = (answers: Answer[], url: string) =>
    Math.max(0, ...answers.filter((a) => a.url.startsWith(url)).map((a) => a.ms));

  const answeredDuring = (answers: Answer[], url: string) =>
    answers.filter((a) => a.during && a.url.startsWith(url)).map((a) => a.status);

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    samplePlanId = await importSample(app, clerk);
    const published = await app.inject({
      method: 'PUT',
      url: `/api/v1/plans/${samplePlanId}/published`,
      headers: clerk.headers,
      payload: { published: true },
    });
    expect(published.statusCode).toBe(200);
  });

  it(
    'previews the largest notice into a draft while /healthz and the dashboard keep answering',
    async () => {
      expect(LARGE.length).toBeGreaterThan(8 * 1024 * 1024);
      const body = multipart('large.txt', LARGE);
      const { result, answers } = await whileOthersWork(() =>
        app.inject({
          method: 'POST',
          url: '/api/v1/imports',
          headers: { ...clerk.headers, ...body.headers },
          payload: body.payload,
        }),
      );
      expect(result.statusCode).toBe(200);
      draft = result.json();
      const health = answeredDuring(answers, '/healthz');
      const dashboard = answeredDuring(answers, '/api/v1/dashboard');
      expect(health.length).toBeGreaterThanOrEqual(10);
      expect(dashboard.length).toBeGreaterThanOrEqual(10);
      expect(new Set([...health, ...dashboard])).toEqual(new Set([200]));

      // The answer is a summary and a first page, not 100,000 tasks.
      expect(draft).toMatchObject({ status: 'previewed', taskCount: 100_000, warningCount: 0 });
      expect(draft.tasks).toMatchObject({ total: 100_000, page: 1, pageSize: 50 });
      expect(draft.tasks.items[0]).toMatchObject({ position: 0, number: '1', section: ['一、总体任务'] });
      expect(result.body.length).toBeLessThan(200_000);
      expect(draft.units.map((u) => u.name).sort()).toEqual([...LARGE_NOTICE_UNITS].sort());
    },
    SLOW,
  );

  it('pages through the draft: any page of tasks, and its warnings', async () => {
    const last: DraftTaskPage = (await get(`/api/v1/imports/${draft.id}/tasks?page=1000&pageSize=100`)).json();
    expect(last).toMatchObject({ total: 100_000, page: 1000, pageSize: 100 });
    expect(last.items.map((x) => x.number)).toEqual(Array.from({ length: 100 }, (_, i) => String(99_901 + i)));
    expect(last.items[99]?.assignments).toEqual([
      { unit: LARGE_NOTICE_UNITS[100_000 % 20], role: 'lead', level: 'district', clause: 0 },
    ]);
    const beyond: DraftTaskPage = (await get(`/api/v1/imports/${draft.id}/tasks?page=2001`)).json();
    expect(beyond.items).toEqual([]);
    const warnings: DraftWarningPage = (await get(`/api/v1/imports/${draft.id}/warnings`)).json();
    expect(warnings).toMatchObject({ total: 0, items: [] });
    expect((await get(`/api/v1/imports/${draft.id}/tasks?pageSize=501`)).statusCode).toBe(400);
    expect((await get(`/api/v1/imports/${crypto.randomUUID()}/tasks`)).statusCode).toBe(404);
  });

  it(
    'confirms the draft by id while /healthz and the dashboard keep answering; the public page stays',
    async () => {
      const { result, answers, ms } = await whileOthersWork(
        () =>
          app.inject({
            method: 'POST',
            url: `/api/v1/imports/${draft.id}/confirm`,
            headers: clerk.headers,
            payload: { approveNewUnits: LARGE_NOTICE_UNITS },
          }),
        ['/api/v1/plans'],
      );
      expect(result.statusCode, result.body).toBe(200);
      const health = answeredDuring(answers, '/healthz');
      const dashboard = answeredDuring(answers, '/api/v1/dashboard');
      expect(health.length).toBeGreaterThanOrEqual(1);
      expect(dashboard.length).toBeGreaterThanOrEqual(1);
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
      // No one waited for the whole confirm (issue 12): the longest call is a fraction of it.
      const slowest = { healthz: longest(answers, '/healthz'), dashboard: longest(answers, '/api/v1/dashboard') };
      console.info(
        `[${t.kind}] confirm of 100,000 tasks: ${Math.round(ms)} ms; longest /healthz ${Math.round(slowest.healthz)} ms,` +
          ` dashboard ${Math.round(slowest.dashboard)} ms (${health.length} and ${dashboard.length} answers during)`,
      );
      expect(Math.max(slowest.healthz, slowest.dashboard)).toBeLessThan(ms / 5);
      // The plans listed while it was written: never a draft, never part of the new one.
      for (const answer of answers.filter((a) => a.url === '/api/v1/plans')) {
        for (const p of JSON.parse(answer.body).items as Plan[]) {
          expect(p.status).not.toBe('draft');
          if (p.docNo === draft.document.docNo) expect(p.taskCount).toBe(100_000);
        }
      }

      const plan: PlanDetail = (await get(`/api/v1/plans/${result.json().planId}`)).json();
      expect(plan.taskCount).toBe(100_000);
      expect(plan.published).toBe(false);
      const page = (await app.inject({ url: '/api/v1/public/progress' })).json();
      const sample: PlanDetail = (await get(`/api/v1/plans/${samplePlanId}`)).json();
      expect(page.plan?.title).toBe(sample.title);
      // A confirmed draft is not confirmed twice, nor discarded.
      const again = await app.inject({
        method: 'POST',
        url: `/api/v1/imports/${draft.id}/confirm`,
        headers: clerk.headers,
        payload: { approveNewUnits: [] },
      });
      expect(again.statusCode).toBe(409);
      const discard = await app.inject({
        method: 'DELETE',
        url: `/api/v1/imports/${draft.id}`,
        headers: clerk.headers,
      });
      expect(discard.statusCode).toBe(409);
    },
    SLOW,
  );

  it('discards a draft: its pages and its confirm are gone', async () => {
    const body = multipart('small.txt', Buffer.from(largeNoticeText({ count: 30 })));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...clerk.headers, ...body.headers },
      payload: body.payload,
    });
    const id = (res.json() as ImportPreview).id;
    const unitId = ((await get('/api/v1/units?pageSize=1')).json().items as { id: string }[])[0]?.id;
    const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId })).username);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/imports/${id}`, headers: staff.headers })).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/imports/${id}`, headers: clerk.headers })).statusCode,
    ).toBe(204);
    expect((await get(`/api/v1/imports/${id}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/imports/${id}/tasks`)).statusCode).toBe(404);
    const confirm = await app.inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/confirm`,
      headers: clerk.headers,
      payload: { approveNewUnits: [] },
    });
    expect(confirm.statusCode).toBe(404);
  });
});

describe('the parser thread', () => {
  it('is stopped past its time budget with a clear 503', async () => {
    const error = await parseNoticeOffThread(LARGE, 'large.txt', { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'parse_timeout', status: 503 });
    expect((error as Error).message).toMatch(/已中止.*stopped/s);
  });

  it('is stopped past its heap budget with a clear 413, and the server goes on', async () => {
    const error = await parseNoticeOffThread(LARGE, 'large.txt', { heapMb: 16 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'notice_too_complex', status: 413, details: { budgetMb: 16 } });
    expect((error as Error).message).toMatch(/16 MB.*16 MB memory budget/s);
    // The budget is the thread's: the same notice within the real budget parses, its tasks handed over in order.
    const notice = await parseNoticeOffThread(LARGE, 'large.txt');
    let count = 0;
    let first: string | null = null;
    for (const slice of notice.tasks()) {
      first ??= slice[0]?.number ?? null;
      count += slice.length;
    }
    expect(first).toBe('1');
    expect(count).toBe(notice.summary.taskCount);
  });
});
