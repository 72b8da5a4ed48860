// The abilities a response carries are the server's own answer: for every role, a button the abilities
// show is a request the server then allows, and a hidden one is a request it refuses — on every database.

import { beforeAll, expect, it } from 'vitest';
import type { Bulletin } from '../src/api/bulletins.js';
import type {
  Coordination,
  ItemReportSave,
  Ledger,
  Me,
  Period,
  Role,
  Submission,
  TaskPeriodReport,
  TaskSummary,
} from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUser, markRestNoProgress, signIn, uniq } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('abilities on responses', (t) => {
  let app: App;
  let staff: Caller;
  let periods: Period[];
  let taskId: string;
  let planId: string;
  let assignmentId: string;
  const callers: { name: string; role: Role; caller: Caller }[] = [];

  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    app = await makeApp(t.database);
    const clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    planId = await importSample(app, clerk);
    periods = (await send('GET', `/api/v1/plans/${planId}/periods`, clerk)).json().items;
    const units = (await send('GET', '/api/v1/units', clerk)).json().items as { id: string; name: string }[];
    const own = units.find((u) => u.name === '区水务局')?.id;
    const other = units.find((u) => u.name === '区教育局')?.id;
    staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: own })).username);
    const user = async (role: Role, unitId?: string) =>
      signIn(app, (await makeUser(t.db, role, unitId ? { unitId } : {})).username);
    callers.push(
      { name: 'admin', role: 'admin', caller: await user('admin') },
      { name: 'supervisor', role: 'supervisor', caller: clerk },
      { name: 'executive', role: 'executive', caller: await user('executive') },
      { name: 'unit_staff (own unit)', role: 'unit_staff', caller: staff },
      { name: 'unit_leader (own unit)', role: 'unit_leader', caller: await user('unit_leader', own) },
      { name: 'unit_leader (other unit)', role: 'unit_leader', caller: await user('unit_leader', other) },
    );
    const mine = (await send('GET', '/api/v1/my/assignments?pageSize=100', staff)).json().items as TaskSummary[];
    taskId = mine[0]?.id as string;
    assignmentId = mine[0]?.assignments.find((a) => a.unit.id === own)?.id as string;
  });

  it('says sign exactly for those whose sign-off the server then takes', async () => {
    const table: string[] = [];
    let next = 0;
    const waitingSubmission = async (): Promise<Submission> => {
      const pkg: Submission = (await send('GET', `/api/v1/periods/${periods[next]?.id}/submission`, staff)).json();
      if (pkg.status === 'pending_signoff') return pkg;
      if (pkg.status !== 'draft') {
        next += 1;
        return waitingSubmission();
      }
      await markRestNoProgress(app, staff, pkg.id);
      expect((await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
      return pkg;
    };
    for (const { name, caller } of callers) {
      // A submission waiting for the leader's signature, so a refusal is the policy's and not the state's.
      const pkg = await waitingSubmission();
      const seen = await send('GET', `/api/v1/submissions/${pkg.id}`, caller);
      const shown = seen.statusCode === 200 && (seen.json() as Submission).abilities.sign;
      const signed = await send('POST', `/api/v1/submissions/${pkg.id}/sign`, caller);
      expect(signed.statusCode === 200, name).toBe(shown);
      table.push(`${name}: ${shown}`);
    }
    // The table is not trivially all-false or all-true: only the unit's own leader signs.
    expect(table.filter((r) => r.endsWith('true'))).toEqual(['unit_leader (own unit): true']);
  });

  it('says edit exactly for those whose item edit the server then takes', async () => {
    const last = periods[periods.length - 1] as Period;
    const pkg: Submission = (await send('GET', `/api/v1/periods/${last.id}/submission`, staff)).json();
    let item = pkg.items[0] as Submission['items'][number];
    const editors: string[] = [];
    for (const { name, caller } of callers) {
      const seen = await send('GET', `/api/v1/submissions/${pkg.id}`, caller);
      const shown = seen.statusCode === 200 && (seen.json() as Submission).abilities.edit;
      const res = await send('PATCH', `/api/v1/item-reports/${item.id}`, caller, {
        version: item.version,
        progress: `由${name}填写`,
      });
      expect(res.statusCode === 200, name).toBe(shown);
      if (res.statusCode === 200) {
        item = (res.json() as ItemReportSave).item;
        editors.push(name);
      }
    }
    expect(editors).toEqual(['unit_staff (own unit)', 'unit_leader (own unit)']);
  });

  it('says route, answer and resolve on a coordination request exactly as the server then allows', async () => {
    const raise = async () =>
      (
        await send('POST', '/api/v1/coordination-requests', staff, {
          taskId,
          title: uniq('协调'),
          body: '需要区城管局协调占道审批。',
        })
      ).json() as Coordination;
    const exec = callers.find((c) => c.role === 'executive') as (typeof callers)[number];
    const execId = ((await send('GET', '/api/v1/auth/me', exec.caller)).json().user as Me).id;
    const abilitiesOf = async (caller: Caller, id: string) => {
      const items = (await send('GET', '/api/v1/coordination-requests', caller)).json().items as Coordination[];
      return items.find((c) => c.id === id)?.abilities ?? { route: false, answer: false, resolve: false };
    };
    const clerk = callers.find((c) => c.role === 'supervisor')?.caller as Caller;
    const allowed: Record<'route' | 'answer' | 'resolve', string[]> = { route: [], answer: [], resolve: [] };
    for (const { name, caller } of callers) {
      const r1 = await raise();
      const route = (await abilitiesOf(caller, r1.id)).route;
      const routed = await send('POST', `/api/v1/coordination-requests/${r1.id}/route`, caller, {
        executiveId: execId,
      });
      expect(routed.statusCode === 200, `route ${name}`).toBe(route);
      if (route) allowed.route.push(name);

      const r2 = await raise();
      await send('POST', `/api/v1/coordination-requests/${r2.id}/route`, clerk, { executiveId: execId });
      const answer = (await abilitiesOf(caller, r2.id)).answer;
      const answered = await send('POST', `/api/v1/coordination-requests/${r2.id}/answer`, caller, {
        answer: '同意。',
      });
      expect(answered.statusCode === 200, `answer ${name}`).toBe(answer);
      if (answer) allowed.answer.push(name);

      const r3 = await raise();
      const resolve = (await abilitiesOf(caller, r3.id)).resolve;
      const resolved = await send('POST', `/api/v1/coordination-requests/${r3.id}/resolve`, caller);
      expect(resolved.statusCode === 200, `resolve ${name}`).toBe(resolve);
      if (resolve) allowed.resolve.push(name);
    }
    expect(allowed).toEqual({
      route: ['supervisor'],
      answer: ['executive'],
      resolve: ['supervisor', 'unit_staff (own unit)', 'unit_leader (own unit)'],
    });
  });

  it('gives the session the role’s grants, and they match what the server answers', async () => {
    for (const { name, caller } of callers) {
      const me = (await send('GET', '/api/v1/auth/me', caller)).json().user as Me;
      const audit = await send('GET', '/api/v1/audit', caller);
      expect(audit.statusCode === 200, name).toBe(me.abilities['audit.read'] === 'all');
      const unit = await send('POST', '/api/v1/units', caller, {
        name: uniq('区能力测试局'),
        level: 'district',
        kind: 'department',
      });
      expect(unit.statusCode === 200, name).toBe(me.abilities['directory.write'] === 'all');
      expect(me.abilities['submissions.sign'], name).toBe(me.role === 'unit_leader' ? 'own-unit' : undefined);
    }
  });

  it('says edit on a ledger exactly for those whose save the server then takes', async () => {
    const editors: string[] = [];
    for (const { name, caller } of callers) {
      const seen = await send('GET', `/api/v1/assignments/${assignmentId}/ledger`, caller);
      const shown = seen.statusCode === 200 && (seen.json() as Ledger).abilities.edit;
      const version = ((await send('GET', `/api/v1/assignments/${assignmentId}/ledger`, staff)).json() as Ledger)
        .version;
      const saved = await send('PUT', `/api/v1/assignments/${assignmentId}/ledger`, caller, {
        version,
        measures: `${name}的措施`,
      });
      expect(saved.statusCode === 200, name).toBe(shown);
      if (shown) editors.push(name);
    }
    expect(editors).toEqual(['unit_staff (own unit)', 'unit_leader (own unit)']);
  });

  it('shows a draft bulletin to the office and the district leaders only, and manage to the office only', async () => {
    const clerk = callers.find((c) => c.role === 'supervisor')?.caller as Caller;
    const draft = (
      await send('POST', '/api/v1/bulletins', clerk, { planId, periodId: (periods[0] as Period).id })
    ).json() as Bulletin;
    const readers: string[] = [];
    const managers: string[] = [];
    for (const { name, caller } of callers) {
      const seen = await send('GET', `/api/v1/bulletins/${draft.id}`, caller);
      if (seen.statusCode === 200) readers.push(name);
      const shown = seen.statusCode === 200 && (seen.json() as Bulletin).abilities.manage;
      const regenerated = await send('POST', `/api/v1/bulletins/${draft.id}/regenerate`, caller);
      expect(regenerated.statusCode === 200, name).toBe(shown);
      if (shown) managers.push(name);
    }
    expect(readers).toEqual(['supervisor', 'executive']);
    expect(managers).toEqual(['supervisor']);
  });

  it('says signOff only to the approver a draft waits for, and only that approver may 签发 it', async () => {
    const clerk = callers.find((c) => c.role === 'supervisor')?.caller as Caller;
    const exec = callers.find((c) => c.role === 'executive')?.caller as Caller;
    const execId = (await send('GET', '/api/v1/auth/me', exec)).json().user.id as string;
    const draft = (
      await send('POST', '/api/v1/bulletins', clerk, { planId, periodId: (periods[0] as Period).id })
    ).json() as Bulletin;
    expect(
      (await send('POST', `/api/v1/bulletins/${draft.id}/signoff`, clerk, { approverId: execId })).statusCode,
    ).toBe(200);
    const signers: string[] = [];
    for (const { name, caller } of callers) {
      const seen = await send('GET', `/api/v1/bulletins/${draft.id}`, caller);
      if (seen.statusCode === 200 && (seen.json() as Bulletin).abilities.signOff) signers.push(name);
    }
    expect(signers).toEqual(['executive']);
    for (const { name, caller } of callers.filter((c) => c.role !== 'executive')) {
      expect((await send('POST', `/api/v1/bulletins/${draft.id}/approve`, caller)).statusCode, name).toBe(403);
    }
    const approved = await send('POST', `/api/v1/bulletins/${draft.id}/approve`, exec);
    expect(approved.json()).toMatchObject({ signoff: 'approved', abilities: { signOff: false } });
  });

  it('says consolidate only for a task’s lead unit, though a unit merely responsible reads the same report', async () => {
    const clerk = callers.find((c) => c.role === 'supervisor')?.caller as Caller;
    const local = (a: TaskSummary['assignments'][number]) => a.level !== 'city' && a.level !== 'province';
    const all = (await send('GET', `/api/v1/tasks?planId=${planId}&pageSize=500`, clerk)).json().items as TaskSummary[];
    const user = async (role: Role, unitId: string | undefined) =>
      signIn(app, (await makeUser(t.db, role, { unitId })).username);
    const check = async (task: TaskSummary, table: { name: string; caller: Caller }[]) => {
      const url = `/api/v1/tasks/${task.id}/periods/${(periods[0] as Period).id}/report`;
      const readers: string[] = [];
      const consolidators: string[] = [];
      for (const { name, caller } of table) {
        const seen = await send('GET', url, caller);
        if (seen.statusCode === 200) readers.push(name);
        const shown = seen.statusCode === 200 && (seen.json() as TaskPeriodReport).abilities.consolidate;
        const res = await send('PUT', url, caller, { status: 'on_track', summary: '总体按计划推进。' });
        // The lead may still be told to wait for its co-units (409): that is the state, not the policy.
        const allowed = res.statusCode === 200 || (res.statusCode === 409 && res.json().error.code !== 'not_lead_unit');
        expect(allowed, name).toBe(shown);
        if (shown) consolidators.push(name);
      }
      return { readers, consolidators };
    };
    const offices = callers.filter((c) => c.caller !== staff && !c.name.startsWith('unit_leader'));

    const led = all.find((x) => x.assignments.some((a) => a.role === 'lead' && local(a))) as TaskSummary;
    const lead = led.assignments.find((a) => a.role === 'lead' && local(a))?.unit.id;
    const ledTable = [
      ...offices,
      { name: 'lead unit staff', caller: await user('unit_staff', lead) },
      { name: 'lead unit leader', caller: await user('unit_leader', lead) },
    ];
    expect((await check(led, ledTable)).consolidators).toEqual(['lead unit staff', 'lead unit leader']);

    // A unit responsible for a task the city leads: it reads the task's report but writes no consolidation.
    const shared = all.find(
      (x) =>
        x.assignments.some((a) => a.role !== 'lead' && local(a)) &&
        !x.assignments.some((a) => a.role === 'lead' && local(a)),
    ) as TaskSummary;
    const responsible = shared.assignments.find((a) => a.role !== 'lead' && local(a))?.unit.id;
    const sharedTable = [
      ...offices,
      { name: 'responsible unit staff', caller: await user('unit_staff', responsible) },
      { name: 'responsible unit leader', caller: await user('unit_leader', responsible) },
    ];
    const result = await check(shared, sharedTable);
    expect(result.readers).toEqual(expect.arrayContaining(['responsible unit staff', 'responsible unit leader']));
    expect(result.consolidators).toEqual([]);
  });
});
