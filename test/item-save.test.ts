// The autosave's answer (PATCH /item-reports/:id): the saved item and its package's state, never the whole
// package — the same size for a unit of a few items as for one of fifty; a stale version writes nothing.

import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { type ItemReportSave, itemReportSaveSchema, type Period, type Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { auditEntries } from '../src/server/db/schema.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

type Item = Submission['items'][number];

describeEachDatabase('an item save answers the item, not the package', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let q1: Period;
  /** The staff of the unit with the fewest items in the sample and of the one with the most. */
  const staff: { small?: Caller; large?: Caller } = {};

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const open = async (caller: Caller): Promise<Submission> =>
    (await send('GET', `/api/v1/periods/${q1.id}/submission`, caller)).json();
  const reread = async (caller: Caller, id: string): Promise<Submission> =>
    (await send('GET', `/api/v1/submissions/${id}`, caller)).json();
  const itemUpdates = async (itemId: string) =>
    (
      await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${auditEntries} where action = 'submission.item_update' and subject_id = ${itemId}`,
      )
    ).rows[0]?.n;

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    const clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    q1 = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items[0];
    const units = (
      (await send('GET', '/api/v1/units?level=district', clerk)).json().items as {
        id: string;
        assignmentCount: number;
      }[]
    )
      .filter((u) => u.assignmentCount > 0)
      .sort((a, b) => a.assignmentCount - b.assignmentCount);
    const staffOf = async (unitId: string) => signIn(app, (await makeUser(t.db, 'unit_staff', { unitId })).username);
    staff.small = await staffOf((units[0] as { id: string }).id);
    staff.large = await staffOf((units.at(-1) as { id: string }).id);
  });

  it('answers the saved item as the package shows it, and the package’s id, status, version and counts', async () => {
    const caller = staff.large as Caller;
    const pkg = await open(caller);
    expect(pkg.items.length).toBeGreaterThanOrEqual(47);
    const item = pkg.items.find((i) => i.indicatorActuals.length > 0) as Item;
    const res = await send('PATCH', `/api/v1/item-reports/${item.id}`, caller, {
      version: item.version,
      status: 'on_track',
      progress: '一季度完成年度目标的28%。',
      indicatorActuals: [{ indicatorId: item.indicatorActuals[0]?.indicatorId, value: 1.6 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const saved = itemReportSaveSchema.parse(res.json());
    expect(Object.keys(res.json()).sort()).toEqual(['item', 'submission']);
    expect(Object.keys(res.json().submission).sort()).toEqual(['filled', 'id', 'status', 'unfilled', 'version']);
    expect(saved.item).toMatchObject({ id: item.id, status: 'on_track', unfilled: false, version: item.version + 1 });
    // Exactly what the package now shows: the item as an element of its items, its state as its own.
    const after = await reread(caller, pkg.id);
    expect(saved.item).toEqual(after.items.find((i) => i.id === item.id));
    expect(saved.submission).toEqual({
      id: after.id,
      status: after.status,
      version: after.version,
      filled: after.filled,
      unfilled: after.unfilled,
    });
    expect(saved.submission).toMatchObject({ version: pkg.version + 1, filled: 1, unfilled: pkg.items.length - 1 });
  });

  it('says when a save withdraws the package from sign-off', async () => {
    const caller = staff.large as Caller;
    const pkg = await open(caller);
    // Staff may send with items unfilled; the leader then cannot sign, but an edit is what withdraws it.
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/send`, caller)).json().status).toBe('pending_signoff');
    const item = (await reread(caller, pkg.id)).items[1] as Item;
    const res = await send('PATCH', `/api/v1/item-reports/${item.id}`, caller, {
      version: item.version,
      status: 'no_progress',
      progress: '等待市级资金批复，本期暂无进展。',
    });
    const saved: ItemReportSave = res.json();
    expect(saved.submission).toMatchObject({ id: pkg.id, status: 'draft', unfilled: pkg.unfilled - 1 });
    expect((await reread(caller, pkg.id)).status).toBe('draft');
  });

  it('answers the same size for a package of a few items as for one of fifty', async () => {
    const sizes: Record<'small' | 'large', { items: number; answer: number; envelope: number; pkg: number }> = {
      small: { items: 0, answer: 0, envelope: 0, pkg: 0 },
      large: { items: 0, answer: 0, envelope: 0, pkg: 0 },
    };
    for (const which of ['small', 'large'] as const) {
      const caller = staff[which] as Caller;
      const pkg = await open(caller);
      const item = pkg.items.find((i) => i.unfilled) as Item;
      const res = await send('PATCH', `/api/v1/item-reports/${item.id}`, caller, {
        version: item.version,
        status: 'on_track',
        progress: '按计划推进。',
      });
      expect(res.statusCode, res.body).toBe(200);
      const saved: ItemReportSave = res.json();
      const answer = Buffer.byteLength(res.body);
      sizes[which] = {
        items: pkg.items.length,
        answer,
        // What is not the item itself: the package's state, the same few fields whatever the package holds.
        envelope: answer - Buffer.byteLength(JSON.stringify(saved.item)),
        pkg: Buffer.byteLength((await send('GET', `/api/v1/submissions/${pkg.id}`, caller)).body),
      };
    }
    expect(sizes.small.items).toBeLessThan(10);
    expect(sizes.large.items).toBeGreaterThan(5 * sizes.small.items);
    // Only the digits of the counts and versions differ.
    expect(Math.abs(sizes.large.envelope - sizes.small.envelope)).toBeLessThanOrEqual(8);
    expect(sizes.large.envelope).toBeLessThan(200);
    // The whole package (what the save used to answer) grows with its items; the answer does not.
    expect(sizes.large.pkg).toBeGreaterThan(20 * sizes.large.answer);
    console.info(`[${t.kind}] item save answers (bytes):`, JSON.stringify(sizes));
  });

  it('still answers a stale version 409 version_conflict with the current item, writing nothing', async () => {
    const caller = staff.small as Caller;
    const pkg = await open(caller);
    const item = pkg.items[0] as Item;
    const first = await send('PATCH', `/api/v1/item-reports/${item.id}`, caller, {
      version: item.version,
      progress: '第一次保存。',
    });
    expect(first.statusCode, first.body).toBe(200);
    const before = await reread(caller, pkg.id);
    const audited = await itemUpdates(item.id);
    const stale = await send('PATCH', `/api/v1/item-reports/${item.id}`, caller, {
      version: item.version,
      progress: '基于旧版本的覆盖。',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    // The server's copy, for the page to offer instead: the item as the package shows it.
    const current = before.items.find((i) => i.id === item.id);
    expect(stale.json().error.details.current).toEqual(current);
    const after = await reread(caller, pkg.id);
    expect(after.items.find((i) => i.id === item.id)).toEqual(current);
    expect(after.version).toBe(before.version);
    expect(await itemUpdates(item.id)).toBe(audited);
  });
});
