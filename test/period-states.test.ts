// The plan's period list carries the caller's unit's package state per period (未开始 → 填报中 → 待签字 → 已报送 →
// 已退回 …), so 本期报送 shows it without a request per period — on every database.

import { beforeAll, expect, it } from 'vitest';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('package state in the period list', (t) => {
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let leader: Caller;
  let other: Caller;
  let planId: string;

  const send = (method: 'GET' | 'POST', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
  const periods = async (caller: Caller) =>
    (await send('GET', `/api/v1/plans/${planId}/periods`, caller)).json().items as Period[];
  const states = async (caller: Caller) => (await periods(caller)).map((p) => p.unitSubmissionStatus);

  beforeAll(async () => {
    app = await makeApp(t.database, fakeClock(new Date('2025-04-01T02:00:00Z')));
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    planId = await importSample(app, clerk);
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const unitId = (name: string) => units.find((u) => u.name === name)?.id as string;
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unitId('区发改局') })).username);
    leader = await signIn(app, (await makeUser(t.db, 'unit_leader', { unitId: unitId('区发改局') })).username);
    other = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unitId('区经科局') })).username);
  });

  it('follows the package through its states, for its own unit only', async () => {
    const list = await periods(staff);
    expect(list.length).toBeGreaterThan(1);
    // Nothing opened yet: every period 未开始 (null).
    expect(await states(staff)).toEqual(list.map(() => null));
    const first = list[0] as Period;
    const at = async (caller: Caller) => (await periods(caller)).find((p) => p.id === first.id)?.unitSubmissionStatus;

    const pkg = (await send('GET', `/api/v1/periods/${first.id}/submission`, staff)).json() as Submission;
    expect(await at(staff)).toBe('draft');
    await markRestNoProgress(app, staff, pkg.id);
    expect((await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
    expect(await at(staff)).toBe('pending_signoff');
    expect(await at(leader)).toBe('pending_signoff');
    const signed = await send('POST', `/api/v1/submissions/${pkg.id}/sign`, leader);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(await at(leader)).toBe('submitted');
    await send('POST', `/api/v1/submissions/${pkg.id}/return`, clerk, { comment: '请补充第一项进展', items: [] });
    expect(await at(staff)).toBe('returned');
    // The other periods are untouched, another unit sees its own (none), the office no unit's state at all.
    expect((await states(staff)).slice(1).every((s) => s === null)).toBe(true);
    expect((await states(other)).every((s) => s === null)).toBe(true);
    expect((await periods(clerk)).every((p) => !('unitSubmissionStatus' in p))).toBe(true);
  });
});
