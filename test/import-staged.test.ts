// Confirming a new plan on PGlite is written in short transactions (services/imports.ts, confirmStaged): the plan
// is in status 'draft' until its last page and listed nowhere meanwhile; a second confirm gets 409; a confirm that
// fails mid-way, or a process that stopped mid-way, leaves no plan behind and the draft can be confirmed again.
// On PostgreSQL the confirm is one transaction: the same outcomes hold.

import { and, eq, like, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { ImportPreview, Plan } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { importDraftTasks, plans, sourceDocuments, sources, tasks } from '../src/server/db/schema.js';
import { defaultOrganisationId } from '../src/server/services/organisations.js';
import { type Caller, makeApp, makeUser, multipart, signIn } from './app.js';
import { describeEachDatabase } from './db.js';
import { LARGE_NOTICE_UNITS, largeNoticeText } from './large-notice.js';

const SLOW = 240_000;

describeEachDatabase('confirming a new plan in short transactions', (t) => {
  let app: App;
  let clerk: Caller;

  const get = (url: string) => app.inject({ url, headers: { cookie: clerk.cookie } });
  const docNo = (n: number) => `武昌政办〔2025〕${n}号`;
  /** A notice of `count` tasks with its own 文号 and a text no other notice of the suite holds. */
  async function preview(n: number, count: number): Promise<ImportPreview> {
    const text = largeNoticeText({ count, text: (i) => `分步${n}第${i}项工作` }).replace(docNo(99), docNo(n));
    const body = multipart(`notice-${n}.txt`, Buffer.from(text));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...clerk.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    const draft: ImportPreview = res.json();
    expect(draft.taskCount).toBe(count);
    return draft;
  }
  const confirm = (id: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/confirm`,
      headers: clerk.headers,
      payload: { approveNewUnits: LARGE_NOTICE_UNITS },
    });
  /** Every plan row with this 文号, drafts included (the API lists none of those). */
  const planRows = (n: number) =>
    t.db
      .select({ id: plans.id, status: plans.status })
      .from(plans)
      .where(eq(plans.docNo, docNo(n)));
  const taskRows = async (n: number) =>
    (
      await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(tasks)
        .where(like(tasks.text, `分步${n}第%`))
    )[0]?.n;

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
  });

  it(
    'two confirms at once make one plan and a 409; meanwhile no list shows half of it',
    async () => {
      const draft = await preview(101, 3_000);
      let running = true;
      let sawDraft = false;
      const listed: Plan[] = [];
      const taskTotals: number[] = [];
      const poll = async () => {
        while (running) {
          const [p, tk, d] = await Promise.all([
            get('/api/v1/plans'),
            get(`/api/v1/tasks?q=${encodeURIComponent('分步101第')}&pageSize=1`),
            t.db.select({ id: plans.id }).from(plans).where(eq(plans.status, 'draft')),
          ]);
          expect(p.statusCode).toBe(200);
          expect(tk.statusCode).toBe(200);
          listed.push(...(p.json().items as Plan[]));
          taskTotals.push(tk.json().total);
          if (d.length > 0) sawDraft = true;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      const both = Promise.all([confirm(draft.id), confirm(draft.id)]).finally(() => {
        running = false;
      });
      const [results] = await Promise.all([both, poll()]);

      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses, results.map((r) => r.body).join('\n')).toEqual([200, 409]);
      const refused = results.find((r) => r.statusCode === 409)?.json().error;
      expect(['import_in_progress', 'import_already_confirmed']).toContain(refused.code);
      expect(refused.message).toMatch(/[\u4e00-\u9fff]/);
      // What the lists showed: never a draft plan, never part of its tasks.
      expect(listed.filter((p) => p.status === 'draft')).toEqual([]);
      for (const p of listed.filter((x) => x.docNo === docNo(101))) expect(p.taskCount).toBe(3_000);
      expect(taskTotals.filter((n) => n !== 0 && n !== 3_000)).toEqual([]);
      // On PGlite the plan was written in pages while the lists were asked; on PostgreSQL there is no draft.
      expect(sawDraft).toBe(t.kind === 'pglite');

      const rows = await planRows(101);
      expect(rows).toEqual([{ id: results.find((r) => r.statusCode === 200)?.json().planId, status: 'active' }]);
      expect(await taskRows(101)).toBe(3_000);
      const [doc] = await t.db.select().from(sourceDocuments).where(eq(sourceDocuments.id, draft.id));
      expect(doc).toMatchObject({ status: 'applied', planId: rows[0]?.id });
    },
    SLOW,
  );

  it(
    'a confirm failing mid-way leaves no plan, and the draft can be confirmed again',
    async () => {
      const draft = await preview(102, 2_000);
      // A real failure on the eighth page: an indicator the table's check refuses (indicators_op_valid).
      const bad = [{ label: '增长', value: 5, unit: '%', op: '!!', text: '增长5%' }];
      const at = and(eq(importDraftTasks.draftId, draft.id), eq(importDraftTasks.position, 1_500));
      await t.db.update(importDraftTasks).set({ indicators: bad }).where(at);

      const failed = await confirm(draft.id);
      expect(failed.statusCode, failed.body).toBe(500);
      expect(await planRows(102)).toEqual([]);
      expect(await taskRows(102)).toBe(0);
      const after: ImportPreview = (await get(`/api/v1/imports/${draft.id}`)).json();
      expect(after).toMatchObject({ status: 'previewed', planId: null });

      await t.db.update(importDraftTasks).set({ indicators: [] }).where(at);
      const again = await confirm(draft.id);
      expect(again.statusCode, again.body).toBe(200);
      expect(await planRows(102)).toEqual([{ id: again.json().planId, status: 'active' }]);
      expect(await taskRows(102)).toBe(2_000);
    },
    SLOW,
  );

  it(
    'a plan left half-written by a stopped process is listed nowhere, and removed by the next confirm',
    async () => {
      if (t.kind !== 'pglite') {
        console.info(
          'skipped on PostgreSQL: a plan is confirmed there in one transaction, nothing is left half-written',
        );
        return;
      }
      const draft = await preview(103, 500);
      // What kill -9 after a few pages leaves: the plan in status 'draft', the upload marked, some tasks written.
      const [left] = await t.db
        .insert(plans)
        .values({
          organisationId: await defaultOrganisationId(t.db),
          year: 2025,
          title: 'half',
          docNo: docNo(103),
          status: 'draft',
        })
        .returning({ id: plans.id });
      const leftId = left?.id as string;
      const [source] = await t.db
        .insert(sources)
        .values({ planId: leftId, index: 1, level: 'district', title: 'half' })
        .returning({ id: sources.id });
      await t.db.insert(tasks).values(
        Array.from({ length: 300 }, (_, i) => ({
          planId: leftId,
          sourceId: source?.id as string,
          text: `分步103第${i + 1}项工作`,
          line: i + 6,
          position: i,
        })),
      );
      await t.db.update(sourceDocuments).set({ planId: leftId }).where(eq(sourceDocuments.id, draft.id));

      const listed: Plan[] = (await get('/api/v1/plans')).json().items;
      expect(listed.map((p) => p.id)).not.toContain(leftId);
      expect((await get(`/api/v1/plans/${leftId}`)).statusCode).toBe(404);
      expect((await get(`/api/v1/dashboard?planId=${leftId}`)).statusCode).toBe(404);
      expect((await get(`/api/v1/tasks?q=${encodeURIComponent('分步103第')}`)).json().total).toBe(0);
      expect((await get(`/api/v1/imports/${draft.id}`)).json().planId).toBeNull();

      const res = await confirm(draft.id);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().planId).not.toBe(leftId);
      expect(await planRows(103)).toEqual([{ id: res.json().planId, status: 'active' }]);
      expect(await taskRows(103)).toBe(500);
    },
    SLOW,
  );
});
