// A submission's lateness is one answer everywhere, judged with the period's grace days as they are now: the
// submission view, the dashboard, a bulletin's figures and the evaluation agree, before and after the office
// changes the grace — on every database.

import { beforeAll, expect, it } from 'vitest';
import type { BulletinData } from '../src/api/bulletins.js';
import type { Evaluation } from '../src/api/evaluation.js';
import type { Dashboard } from '../src/api/supervision.js';
import type { Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { verifyLights } from '../src/server/services/stored-lights.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('submission state across views', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let clerkName: string;
  let planId: string;
  let q1: Period;
  let fagai: string;
  let pkgId: string;

  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) => {
    const res = await app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res.json();
  };

  /** What each view says about 区发改局's first-quarter submission now. */
  const views = async () => {
    const clerk = await signIn(app, clerkName);
    const pkg: Submission = await call('GET', `/api/v1/submissions/${pkgId}`, clerk);
    const dash: Dashboard = await call('GET', `/api/v1/dashboard?planId=${planId}`, clerk);
    const bulletin: { data: BulletinData } = await call('POST', '/api/v1/bulletins', clerk, {
      planId,
      periodId: q1.id,
    });
    const evaluation: Evaluation = await call('GET', `/api/v1/evaluation?planId=${planId}&periodId=${q1.id}`, clerk);
    const s = bulletin.data.submissions;
    return {
      submission: { late: pkg.late, lateSeconds: pkg.lateSeconds },
      dashboard: dash.byUnit.find((u) => u.unit.id === fagai)?.submission,
      bulletin: s.onTime.some((u) => u.id === fagai)
        ? 'on_time'
        : s.late.find((u) => u.id === fagai)
          ? `late ${s.late.find((u) => u.id === fagai)?.lateDays} days`
          : 'absent',
      evaluation: evaluation.rows.find((r) => r.unit.id === fagai)?.components?.onTime,
    };
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    clerkName = (await makeUser(t.db, 'supervisor')).username;
    const clerk = await signIn(app, clerkName);
    planId = await importSample(app, clerk);
    q1 = (await call('GET', `/api/v1/plans/${planId}/periods`, clerk)).items[0];
    const units: { id: string; name: string }[] = (await call('GET', '/api/v1/units', clerk)).items;
    fagai = units.find((u) => u.name === '区发改局')?.id as string;
    const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username);
    const leaderName = (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username;
    const pkg: Submission = await call('GET', `/api/v1/periods/${q1.id}/submission`, staff);
    pkgId = pkg.id;
    await markRestNoProgress(app, staff, pkg.id);
    await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    // Signed an hour and a second after the first quarter's deadline (23:59:59 CST on 9 April).
    clock.advance(Date.parse('2025-04-10T01:00:00+08:00') - clock.now().getTime());
    await call('POST', `/api/v1/submissions/${pkg.id}/sign`, await signIn(app, leaderName));
    clock.advance(Date.parse('2025-04-20T10:00:00+08:00') - clock.now().getTime());
  });

  const late = {
    submission: { late: true, lateSeconds: 3601 },
    dashboard: 'late',
    bulletin: 'late 1 days',
    evaluation: 90,
  };
  const onTime = {
    submission: { late: false, lateSeconds: 0 },
    dashboard: 'on_time',
    bulletin: 'on_time',
    evaluation: 100,
  };

  it('says late in every view when signed after the deadline', async () => {
    expect(await views()).toEqual(late);
  });

  it('says on time in every view once the office adds grace days covering the signature', async () => {
    await call('PATCH', `/api/v1/periods/${q1.id}`, await signIn(app, clerkName), { graceDays: 1 });
    expect(await views()).toEqual(onTime);
  });

  it('says late again in every view when the office takes the grace back', async () => {
    await call('PATCH', `/api/v1/periods/${q1.id}`, await signIn(app, clerkName), { graceDays: 0 });
    expect(await views()).toEqual(late);
  });

  it('keeps the stored lights equal to the rules after every scenario (duban lights verify)', async () => {
    const result = await verifyLights(t.db, clock.now());
    expect(result.differences).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
