// Report quality flags on every database: the office's settings (validated, audited, only the office), the flags
// computed when a package is sent for sign-off (stock phrases, a status its indicator contradicts, 已完成 without
// evidence, next period's text copied from this one), never blocking the signature, and 考评 taking the
// qualityFlags weight off per flagged item.

import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Evaluation } from '../src/api/evaluation.js';
import type { QualitySettingsBody } from '../src/api/quality.js';
import type { Period, Submission } from '../src/api/v1.js';
import { DEFAULT_QUALITY_SETTINGS } from '../src/core/quality.js';
import type { App } from '../src/server/app.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

type Item = Submission['items'][number];
const DAY = 86_400_000;
const GENUINE =
  '一季度组织重大项目集中开工活动1次，新开工亿元以上项目6个，完成固定资产投资38.6亿元，同比增长7.2%；《2025年重点项目清单》已印发。';
const STOCK = '我单位高度重视，按计划推进各项工作，目前进展顺利。';

describeEachDatabase('report quality flags', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let office: Caller;
  let staff: Caller;
  let leader: Caller;
  let planId: string;
  let periods: Period[];
  let pkg: Submission;
  /** The item with an indicator, and the two others used. */
  let withIndicator: number;
  let plain: [number, number, number];
  const names: Record<'office' | 'staff' | 'leader', string> = { office: '', staff: '', leader: '' };

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    caller: Caller,
    payload?: object,
    lang?: string,
  ) =>
    app.inject({
      method,
      url,
      headers: {
        ...(method === 'GET' ? { cookie: caller.cookie } : caller.headers),
        ...(lang ? { 'accept-language': lang } : {}),
      },
      ...(payload ? { payload } : {}),
    });
  const reload = async (caller: Caller, id: string): Promise<Submission> =>
    (await call('GET', `/api/v1/submissions/${id}`, caller)).json();
  const save = async (sub: Submission, index: number, body: object) => {
    const item = (await reload(staff, sub.id)).items[index] as Item;
    const res = await call('PATCH', `/api/v1/item-reports/${item.id}`, staff, { version: item.version, ...body });
    expect(res.statusCode, res.body).toBe(200);
  };
  const kinds = (sub: Submission, index: number) => (sub.items[index]?.qualityFlags ?? []).map((f) => f.kind);
  const evaluation = async (periodId: string): Promise<Evaluation> =>
    (await call('GET', `/api/v1/evaluation?planId=${planId}&periodId=${periodId}`, office)).json();

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    names.office = (await makeUser(t.db, 'supervisor')).username;
    office = await signIn(app, names.office);
    planId = await importSample(app, office);
    periods = (await call('GET', `/api/v1/plans/${planId}/periods`, office)).json().items;
    const units = (await call('GET', '/api/v1/units', office)).json().items as { id: string; name: string }[];
    const fagai = units.find((u) => u.name === '区发改局')?.id as string;
    names.staff = (await makeUser(t.db, 'unit_staff', { unitId: fagai })).username;
    names.leader = (await makeUser(t.db, 'unit_leader', { unitId: fagai })).username;
    staff = await signIn(app, names.staff);
    leader = await signIn(app, names.leader);
    pkg = (await call('GET', `/api/v1/periods/${periods[0]?.id}/submission`, staff)).json();
    withIndicator = pkg.items.findIndex((i) => i.indicatorActuals.some((a) => a.target > 0 && !/[%‰％]/.test(a.unit)));
    const others = pkg.items.map((_, i) => i).filter((i) => i !== withIndicator);
    plain = others.slice(0, 3) as [number, number, number];
    expect(withIndicator).toBeGreaterThanOrEqual(0);
    expect(plain).toHaveLength(3);
  });

  it('has defaults; the office changes them, validated with bilingual errors and audited; nobody else', async () => {
    const got = await call('GET', '/api/v1/settings/quality', office);
    expect(got.json()).toEqual(DEFAULT_QUALITY_SETTINGS);
    const bad = await call(
      'PUT',
      '/api/v1/settings/quality',
      office,
      { ...DEFAULT_QUALITY_SETTINGS, copiedThreshold: 2 },
      'en',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const twice = await call('PUT', '/api/v1/settings/quality', office, {
      ...DEFAULT_QUALITY_SETTINGS,
      stockPhrases: ['按计划推进', '按计划推进'],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    const next: QualitySettingsBody = { ...DEFAULT_QUALITY_SETTINGS, copiedThreshold: 0.85 };
    expect((await call('PUT', '/api/v1/settings/quality', staff, next)).statusCode).toBe(403);
    expect((await call('PUT', '/api/v1/settings/quality', leader, next)).statusCode).toBe(403);
    const put = await call('PUT', '/api/v1/settings/quality', office, next);
    expect(put.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/settings/quality', office)).json().copiedThreshold).toBe(0.85);
    const audit = await t.db.execute<{ details: { changes: unknown } }>(
      sql`select details from audit_entries where action = 'settings.quality'`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0]?.details)).toContain('0.85');
    await call('PUT', '/api/v1/settings/quality', office, DEFAULT_QUALITY_SETTINGS);
  });

  it('flags the package when it is sent; the leader reads them and signs all the same', async () => {
    const [genuine, stock, done] = plain;
    const ind = pkg.items[withIndicator] as Item;
    await save(pkg, genuine, { status: 'on_track', progress: GENUINE });
    await save(pkg, stock, { status: 'on_track', progress: STOCK });
    await save(pkg, done, { status: 'completed', progress: '已完成年度任务，《项目验收报告》已归档。' });
    // 正常推进 with the indicator at 1 % of its target at the end of Q1 (序时进度 25 %): contradicted.
    await save(pkg, withIndicator, {
      status: 'on_track',
      progress: '项目前期工作完成立项批复2项，完成可研编制3项，3月20日召开推进会。',
      indicatorActuals: ind.indicatorActuals.map((a) => ({ indicatorId: a.indicatorId, value: a.target * 0.01 })),
    });
    await markRestNoProgress(app, staff, pkg.id);
    // Before sending, nothing is computed.
    expect((await reload(staff, pkg.id)).items[stock]?.qualityFlags).toBeNull();

    const sent = await call('POST', `/api/v1/submissions/${pkg.id}/send`, staff);
    expect(sent.statusCode).toBe(200);
    const seen = await reload(leader, pkg.id);
    expect(kinds(seen, genuine)).toEqual([]);
    expect(kinds(seen, stock)).toEqual(['stock']);
    expect(kinds(seen, done)).toEqual(['no_evidence']);
    expect(seen.items[withIndicator]?.qualityFlags).toEqual([{ kind: 'contradicted', because: ['behind_schedule'] }]);

    // Flags never block signing; the office sees them in review.
    expect((await call('POST', `/api/v1/submissions/${pkg.id}/sign`, leader)).statusCode).toBe(200);
    const reviewed = await reload(office, pkg.id);
    expect(kinds(reviewed, stock)).toEqual(['stock']);
    // Not part of what was signed: the hash is the one the leader signed.
    expect(reviewed.contentHash).toBe((await reload(leader, pkg.id)).contentHash);
  });

  it('takes the qualityFlags weight off per flagged item in 考评, kept when a write leaves it out', async () => {
    const weights = (await call('GET', '/api/v1/settings/evaluation', office)).json();
    expect(weights.qualityFlags).toBe(2);
    const row = async () => (await evaluation(periods[0]?.id as string)).rows.find((r) => r.unit.name === '区发改局');
    const before = await row();
    expect(before?.flaggedItems).toBe(3);
    await call('PUT', '/api/v1/settings/evaluation', office, { ...weights, qualityFlags: 0 });
    const free = await row();
    expect(free?.flaggedItems).toBe(3);
    expect(Math.round(10 * ((free?.score ?? 0) - (before?.score ?? 0))) / 10).toBe(Math.min(6, free?.score ?? 0));
    const { qualityFlags: _, ...without } = weights;
    expect((await call('PUT', '/api/v1/settings/evaluation', office, without)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/settings/evaluation', office)).json().qualityFlags).toBe(0);
    await call('PUT', '/api/v1/settings/evaluation', office, weights);
    const xlsx = await call('GET', `/api/v1/evaluation.xlsx?planId=${planId}&periodId=${periods[0]?.id}`, office);
    expect(xlsx.statusCode).toBe(200);
  });

  it('flags next period’s text copied from this one, and follows the office’s evidence rule', async () => {
    clock.advance(91 * DAY);
    // Sessions do not outlive a quarter.
    [office, staff, leader] = [
      await signIn(app, names.office),
      await signIn(app, names.staff),
      await signIn(app, names.leader),
    ];
    const next = (await call('GET', `/api/v1/periods/${periods[1]?.id}/submission`, staff)).json() as Submission;
    const [genuine, stock, done] = plain;
    // Pre-filled from Q1 and left as it was: copied. A genuine update is not.
    await save(next, stock, {
      status: 'on_track',
      progress: '二季度新开工亿元以上项目4个，完成投资21.5亿元，6月18日召开观摩会。',
    });
    await save(next, withIndicator, {
      status: 'lagging',
      lagReasons: ['funding'],
      progress: '受资金到位影响，二季度仅完成可研批复1项，资金缺口约1.2亿元，已提请区财政局协调。',
    });
    await call('PUT', '/api/v1/settings/quality', office, { ...DEFAULT_QUALITY_SETTINGS, evidenceRequiredFor: [] });
    await markRestNoProgress(app, staff, next.id);
    expect((await call('POST', `/api/v1/submissions/${next.id}/send`, staff)).statusCode).toBe(200);
    const seen = await reload(leader, next.id);
    expect(kinds(seen, genuine)).toEqual(['copied']);
    expect(seen.items[genuine]?.qualityFlags?.[0]?.similarity).toBe(1);
    expect(kinds(seen, stock)).toEqual([]);
    // 已完成 carried over without evidence: copied, and no longer asked for evidence.
    expect(kinds(seen, done)).toEqual(['copied']);
    expect(kinds(seen, withIndicator)).toEqual([]);
  });
});
