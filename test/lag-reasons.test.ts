// Reasons for lagging on every database: the office's list and who may change it, the package item's rules
// (required on 滞后/受阻, refused otherwise, 其他 needs words, unknown or inactive keys refused, nothing half
// written), carrying them into the next period, and the dashboard's and the supervised list's grouping by reason.

import { sql } from 'drizzle-orm';
import mammoth from 'mammoth';
import { beforeAll, expect, it } from 'vitest';
import type { LagReason } from '../src/api/lag-reasons.js';
import type { Dashboard, SupervisedTask } from '../src/api/supervision.js';
import type { ItemReportSave, Period, Submission } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { lagReasonsByTask } from '../src/server/services/lag-reasons.js';
import { type Caller, fakeClock, importSample, makeApp, makeUser, markRestNoProgress, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

type Item = Submission['items'][number];

describeEachDatabase('reasons for lagging', (t) => {
  const clock = fakeClock(new Date('2025-04-01T02:00:00Z'));
  let app: App;
  let office: Caller;
  let planId: string;
  let periods: Period[];
  const who: Record<string, Caller> = {};
  let pkg: Submission;
  let jingkePkg: Submission;

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
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
  const list = async (caller = office): Promise<LagReason[]> =>
    (await call('GET', '/api/v1/settings/lag-reasons', caller)).json().items;
  const reload = async (caller: Caller, id: string): Promise<Submission> =>
    (await call('GET', `/api/v1/submissions/${id}`, caller)).json();
  const itemOf = async (caller: Caller, sub: Submission, index: number): Promise<Item> =>
    (await reload(caller, sub.id)).items[index] as Item;
  const save = async (caller: Caller, sub: Submission, index: number, body: object, lang?: string) => {
    const item = await itemOf(caller, sub, index);
    return call('PATCH', `/api/v1/item-reports/${item.id}`, caller, { version: item.version, ...body }, lang);
  };

  beforeAll(async () => {
    app = await makeApp(t.database, clock);
    const supervisor = await makeUser(t.db, 'supervisor');
    office = await signIn(app, supervisor.username);
    planId = await importSample(app, office);
    periods = (await call('GET', `/api/v1/plans/${planId}/periods`, office)).json().items;
    const units = (await call('GET', '/api/v1/units', office)).json().items as { id: string; name: string }[];
    const unit = (name: string) => units.find((u) => u.name === name)?.id as string;
    for (const [key, role, name] of [
      ['fagaiStaff', 'unit_staff', '区发改局'],
      ['fagaiLeader', 'unit_leader', '区发改局'],
      ['jingkeStaff', 'unit_staff', '区经科局'],
      ['jingkeLeader', 'unit_leader', '区经科局'],
    ] as const) {
      who[key] = await signIn(app, (await makeUser(t.db, role, { unitId: unit(name) })).username);
    }
    who.executive = await signIn(app, (await makeUser(t.db, 'executive')).username);
    pkg = (await call('GET', `/api/v1/periods/${periods[0]?.id}/submission`, who.fagaiStaff as Caller)).json();
    jingkePkg = (await call('GET', `/api/v1/periods/${periods[0]?.id}/submission`, who.jingkeStaff as Caller)).json();
  });

  it('seeds the defaults in order, 用地、拆迁、市级政策 needing the district, and shows them to units', async () => {
    const items = await list(who.fagaiStaff);
    expect(items.map((r) => [r.key, r.labelZh, r.needsDistrict, r.active])).toEqual([
      ['funding', '资金', false, true],
      ['land', '用地', true, true],
      ['approvals', '审批', false, true],
      ['relocation', '拆迁', true, true],
      ['city_policy', '市级政策', true, true],
      ['external', '外部因素', false, true],
      ['other', '其他', false, true],
    ]);
  });

  it('lets the office add, rename and deactivate reasons, audited; nobody else; nothing is deleted', async () => {
    const added = await call('POST', '/api/v1/settings/lag-reasons', office, {
      labelZh: '环保督察',
      needsDistrict: true,
    });
    expect(added.statusCode).toBe(200);
    const key = added.json().key as string;
    expect(key).toMatch(/^r_[0-9a-f]{12}$/);
    // New reasons come before 其他.
    expect((await list()).map((r) => r.labelZh).slice(-2)).toEqual(['环保督察', '其他']);

    const twice = await call('POST', '/api/v1/settings/lag-reasons', office, { labelZh: '环保督察' }, 'en');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'lag_reason_label_taken' });
    expect(twice.json().error.message).toContain('already');
    const clash = await call('PATCH', `/api/v1/settings/lag-reasons/${key}`, office, { labelZh: '资金' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.message).toContain('资金');

    const renamed = await call('PATCH', `/api/v1/settings/lag-reasons/${key}`, office, {
      labelZh: '环保督察整改',
      labelEn: 'Environmental inspection',
    });
    expect(renamed.json()).toMatchObject({
      labelZh: '环保督察整改',
      labelEn: 'Environmental inspection',
      active: true,
    });
    const off = await call('PATCH', `/api/v1/settings/lag-reasons/${key}`, office, { active: false });
    expect(off.json()).toMatchObject({ key, active: false });

    for (const caller of [who.fagaiStaff, who.fagaiLeader, who.executive] as Caller[]) {
      expect((await call('POST', '/api/v1/settings/lag-reasons', caller, { labelZh: '越权' })).statusCode).toBe(403);
      expect((await call('PATCH', `/api/v1/settings/lag-reasons/${key}`, caller, { active: true })).statusCode).toBe(
        403,
      );
    }
    expect((await call('PATCH', '/api/v1/settings/lag-reasons/nosuch', office, { active: false })).statusCode).toBe(
      404,
    );
    expect((await call('PATCH', '/api/v1/settings/lag-reasons/Bad%20Key', office, { active: false })).statusCode).toBe(
      400,
    );
    expect((await call('PATCH', `/api/v1/settings/lag-reasons/${key}`, office, {})).statusCode).toBe(400);
    expect((await call('POST', '/api/v1/settings/lag-reasons', office, { labelZh: ' ' })).statusCode).toBe(400);
    // There is no way to delete one: the route does not exist, and the row stays.
    expect((await call('DELETE', `/api/v1/settings/lag-reasons/${key}`, office)).statusCode).toBe(404);
    expect((await list()).find((r) => r.key === key)).toMatchObject({ active: false, labelZh: '环保督察整改' });

    const entries = await t.db.execute<{ action: string; n: number }>(
      sql`select action, count(*)::int as n from audit_entries where subject_type = 'lag_reason' and subject_id = ${key}
          group by action order by action`,
    );
    expect(entries.rows.map((r) => [r.action, Number(r.n)])).toEqual([
      ['lag_reason.create', 1],
      ['lag_reason.update', 2],
    ]);
  });

  it('requires reasons on 滞后/受阻 items and refuses them otherwise, writing nothing on a refusal', async () => {
    const staff = who.fagaiStaff as Caller;
    const before = await itemOf(staff, pkg, 0);
    const refused = async (body: object, code: string, lang?: string) => {
      const res = await save(staff, pkg, 0, { progress: '不应写入的进展。', ...body }, lang);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe(code);
      return res.json().error.message as string;
    };
    expect(await refused({ status: 'blocked' }, 'lag_reason_required')).toContain('滞后原因');
    expect(await refused({ status: 'lagging', lagReasons: [] }, 'lag_reason_required', 'en')).toContain(
      'at least one reason',
    );
    expect(await refused({ status: 'on_track', lagReasons: ['land'] }, 'lag_reasons_not_lagging')).toContain('滞后');
    await refused({ status: 'on_track', lagReasonText: '无' }, 'lag_reasons_not_lagging');
    expect(await refused({ status: 'blocked', lagReasons: ['other'] }, 'lag_reason_text_required')).toContain('其他');
    await refused({ status: 'blocked', lagReasons: ['other'], lagReasonText: '   ' }, 'lag_reason_text_required');
    expect(await refused({ status: 'blocked', lagReasons: ['land', 'weather'] }, 'lag_reason_unknown', 'en')).toContain(
      'weather',
    );
    await refused({ status: 'blocked', lagReasons: ['DROP TABLE'] }, 'lag_reason_unknown');
    const inactive = (await list()).find((r) => !r.active)?.key as string;
    expect(await refused({ status: 'blocked', lagReasons: [inactive] }, 'lag_reason_inactive')).toContain('停用');
    // Reasons without a status, on an item that is not lagging.
    await refused({ lagReasons: ['funding'] }, 'lag_reasons_not_lagging');
    const after = await itemOf(staff, pkg, 0);
    expect(after).toMatchObject({
      version: before.version,
      status: before.status,
      progress: before.progress,
      lagReasons: [],
      lagReasonText: null,
    });

    const ok = await save(staff, pkg, 0, {
      status: 'blocked',
      lagReasons: ['other', 'land', 'land'],
      lagReasonText: '地块尚未完成收储。',
      progress: '用地未落实，项目无法开工。',
    });
    expect(ok.statusCode).toBe(200);
    expect((ok.json() as ItemReportSave).item).toMatchObject({
      status: 'blocked',
      lagReasons: ['land', 'other'],
      lagReasonText: '地块尚未完成收储。',
    });
    const audited = await t.db.execute<{ details: { changes: Record<string, unknown> } }>(
      sql`select details from audit_entries where action = 'submission.item_update' and subject_id = ${after.id}`,
    );
    expect(audited.rows.at(-1)?.details.changes.lagReasons).toEqual([[], ['land', 'other']]);
    // The printable 报送单 the leader signs says why, in the office's names.
    const form = await call('GET', `/api/v1/submissions/${pkg.id}/form.docx`, staff);
    expect(form.statusCode).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: form.rawPayload });
    expect(value).toContain('受阻（用地、其他：地块尚未完成收储。）');
  });

  it('keeps a reason the office deactivated on items that already give it, and clears reasons off a recovered item', async () => {
    const staff = who.fagaiStaff as Caller;
    expect((await save(staff, pkg, 1, { status: 'lagging', lagReasons: ['funding'] })).statusCode).toBe(200);
    expect((await save(staff, pkg, 2, { status: 'lagging', lagReasons: ['approvals'] })).statusCode).toBe(200);
    await call('PATCH', '/api/v1/settings/lag-reasons/funding', office, { active: false });
    // Already on the item: a progress edit, and a change of status that keeps it, still save.
    expect((await save(staff, pkg, 1, { progress: '资金已申请，待拨付。' })).statusCode).toBe(200);
    expect((await save(staff, pkg, 1, { status: 'blocked' })).statusCode).toBe(200);
    expect((await itemOf(staff, pkg, 1)).lagReasons).toEqual(['funding']);
    // Newly picked elsewhere: refused.
    expect((await save(staff, pkg, 2, { lagReasons: ['approvals', 'funding'] })).json().error.code).toBe(
      'lag_reason_inactive',
    );
    await call('PATCH', '/api/v1/settings/lag-reasons/funding', office, { active: true });
    // Back on track: the reasons go with the lag.
    expect((await save(staff, pkg, 2, { status: 'on_track' })).statusCode).toBe(200);
    expect(await itemOf(staff, pkg, 2)).toMatchObject({ status: 'on_track', lagReasons: [], lagReasonText: null });
    expect((await list()).find((r) => r.key === 'funding')?.used).toBe(1);
  });

  it('counts only signed reports on the dashboard, per reason in the office order, scoped for units', async () => {
    const dash = async (caller = office): Promise<Dashboard> =>
      (await call('GET', `/api/v1/dashboard?planId=${planId}`, caller)).json();
    expect((await dash()).lagReasons).toEqual([]);

    const jingke = who.jingkeStaff as Caller;
    expect((await save(jingke, jingkePkg, 0, { status: 'lagging', lagReasons: ['land'] })).statusCode).toBe(200);
    for (const [staff, leader, sub] of [
      [who.fagaiStaff, who.fagaiLeader, pkg],
      [jingke, who.jingkeLeader, jingkePkg],
    ] as [Caller, Caller, Submission][]) {
      await markRestNoProgress(app, staff, sub.id);
      expect((await call('POST', `/api/v1/submissions/${sub.id}/send`, staff)).statusCode).toBe(200);
      expect((await call('POST', `/api/v1/submissions/${sub.id}/sign`, leader)).statusCode).toBe(200);
    }

    const fagaiItems = (await reload(office, pkg.id)).items;
    const jingkeItem = (await reload(office, jingkePkg.id)).items[0] as Item;
    const landTasks = [...new Set([fagaiItems[0]?.task.id, jingkeItem.task.id])];
    const d = await dash();
    expect(d.period?.id).toBe(periods[0]?.id);
    expect(d.lagReasons.map((g) => [g.key, g.labelZh, g.items, g.needsDistrict])).toEqual([
      ['funding', '资金', 1, false],
      ['land', '用地', 2, true],
      ['other', '其他', 1, false],
    ]);
    expect(
      d.lagReasons
        .find((g) => g.key === 'land')
        ?.tasks.map((x) => x.id)
        .sort(),
    ).toEqual([...landTasks].sort());

    // A unit sees its own items only.
    const mine = await dash(who.fagaiLeader);
    expect(mine.lagReasons.map((g) => [g.key, g.items])).toEqual([
      ['funding', 1],
      ['land', 1],
      ['other', 1],
    ]);

    // The card clicks through to the supervised list filtered by the reason.
    const filtered = async (key: string, caller = office): Promise<SupervisedTask[]> =>
      (await call('GET', `/api/v1/supervision/tasks?planId=${planId}&lagReason=${key}&pageSize=500`, caller)).json()
        .items;
    expect((await filtered('land')).map((x) => x.id).sort()).toEqual([...landTasks].sort());
    expect((await filtered('land', who.fagaiStaff)).map((x) => x.id)).toEqual([fagaiItems[0]?.task.id]);
    expect(await filtered('relocation')).toEqual([]);

    // The grouping the bulletin reuses.
    const byTask = await lagReasonsByTask(t.db, planId, periods[0]?.id as string);
    expect(
      byTask.get(fagaiItems[0]?.task.id as string)?.find((i) => i.assignmentId === fagaiItems[0]?.assignmentId),
    ).toMatchObject({
      status: 'blocked',
      reasons: ['land', 'other'],
      text: '地块尚未完成收储。',
      unitName: '区发改局',
    });
  });

  it('carries the reasons into the next period with the status they explain', async () => {
    const next: Submission = (
      await call('GET', `/api/v1/periods/${periods[1]?.id}/submission`, who.fagaiStaff as Caller)
    ).json();
    const first = next.items.find((i) => i.assignmentId === pkg.items[0]?.assignmentId) as Item;
    expect(first).toMatchObject({
      status: 'blocked',
      lagReasons: ['land', 'other'],
      lagReasonText: '地块尚未完成收储。',
    });
  });
});
