// The abilities a response carries are the server's own answer: for every role, a button the abilities
// show is a request the server then allows, and a hidden one is a request it refuses — on every database.

import { beforeAll, expect, it } from 'vitest';
import type { Coordination, Me, Period, Role, Submission, TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUser, signIn, uniq } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('abilities on responses', (t) => {
  let app: App;
  let staff: Caller;
  let periods: Period[];
  let taskId: string;
  const callers: { name: string; role: Role; caller: Caller }[] = [];

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    app = await makeApp(t.database);
    const clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
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
  });

  it('says sign exactly for those whose sign-off the server then takes', async () => {
    const table: string[] = [];
    let next = 0;
    const waitingPackage = async (): Promise<Submission> => {
      const pkg: Submission = (await send('GET', `/api/v1/periods/${periods[next]?.id}/package`, staff)).json();
      if (pkg.status === 'pending_signoff') return pkg;
      if (pkg.status !== 'draft') {
        next += 1;
        return waitingPackage();
      }
      expect((await send('POST', `/api/v1/submissions/${pkg.id}/send`, staff)).statusCode).toBe(200);
      return pkg;
    };
    for (const { name, caller } of callers) {
      // A package waiting for the leader's signature, so a refusal is the policy's and not the state's.
      const pkg = await waitingPackage();
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
    const pkg: Submission = (await send('GET', `/api/v1/periods/${last.id}/package`, staff)).json();
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
        item = (res.json() as Submission).items.find((x) => x.id === item.id) as typeof item;
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
      expect(me.abilities['packages.sign'], name).toBe(me.role === 'unit_leader' ? 'own-unit' : undefined);
    }
  });
});
