// 上下贯通 on every database: suggestions for a district task rank the city and province tasks it serves,
// the office confirms or rejects them, links read both ways, and only sensible links are accepted.

import { beforeAll, expect, it } from 'vitest';
import type { TaskLinks } from '../src/api/linkage.js';
import type { TaskSummary } from '../src/api/v1.js';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('cross-level linkage', (t) => {
  let app: App;
  let clerk: Caller;
  let all: TaskSummary[];
  const find = (level: string, number: string) =>
    all.find((x) => x.source.level === level && x.number === number) as TaskSummary;
  const call = (method: 'GET' | 'PUT', url: string, caller: Caller, payload?: object) =>
    app.inject({
      method,
      url,
      headers: method === 'GET' ? { cookie: caller.cookie } : caller.headers,
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    app = await makeApp(t.database);
    clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    all = (await call('GET', `/api/v1/tasks?planId=${planId}&pageSize=500`, clerk)).json().items;
  });

  it('suggests the city and province tasks a district task serves', async () => {
    const fishing = find('district', '45'); // …严格落实长江十年禁渔…
    const links: TaskLinks = (await call('GET', `/api/v1/tasks/${fishing.id}/links`, clerk)).json();
    expect(links.direction).toBe('up');
    const ids = links.suggestions.map((s) => s.id);
    expect(ids).toContain(find('city', '78').id);
    expect(ids).toContain(find('province', '22').id);
    expect(links.suggestions.every((s) => s.level === 'city' || s.level === 'province')).toBe(true);
    expect(links.suggestions.map((s) => s.score)).toEqual(
      [...links.suggestions.map((s) => s.score)].sort((a, b) => b - a),
    );
  });

  it('confirms, rejects and undoes links; they read both ways', async () => {
    const d = find('district', '45');
    const c = find('city', '78');
    const p = find('province', '22');
    const confirmed: TaskLinks = (
      await call('PUT', `/api/v1/tasks/${d.id}/links/${c.id}`, clerk, { status: 'confirmed' })
    ).json();
    expect(confirmed.confirmed.map((x) => x.id)).toEqual([c.id]);
    expect(confirmed.confirmed[0]?.score).toBeGreaterThan(0);
    expect(confirmed.suggestions.map((x) => x.id)).not.toContain(c.id);
    const rejected: TaskLinks = (
      await call('PUT', `/api/v1/tasks/${d.id}/links/${p.id}`, clerk, { status: 'rejected' })
    ).json();
    expect(rejected.rejected.map((x) => x.id)).toEqual([p.id]);
    const down: TaskLinks = (await call('GET', `/api/v1/tasks/${c.id}/links`, clerk)).json();
    expect(down).toMatchObject({ direction: 'down', suggestions: [] });
    expect(down.confirmed.map((x) => x.id)).toEqual([d.id]);
    const undone: TaskLinks = (
      await call('PUT', `/api/v1/tasks/${d.id}/links/${p.id}`, clerk, { status: 'undecided' })
    ).json();
    expect(undone.rejected).toEqual([]);
  });

  it('refuses links the wrong way, other people’s decisions and other units’ tasks', async () => {
    const d = find('district', '45');
    const c = find('city', '78');
    const wrong = await call('PUT', `/api/v1/tasks/${c.id}/links/${d.id}`, clerk, { status: 'confirmed' });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([400, 'link_direction']);
    const otherDistrict = find('district', '1');
    expect(
      (await call('PUT', `/api/v1/tasks/${d.id}/links/${otherDistrict.id}`, clerk, { status: 'confirmed' })).statusCode,
    ).toBe(400);
    const unit = d.assignments[0]?.unit.id;
    const staff = await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId: unit })).username);
    expect((await call('GET', `/api/v1/tasks/${d.id}/links`, staff)).statusCode).toBe(200);
    expect((await call('PUT', `/api/v1/tasks/${d.id}/links/${c.id}`, staff, { status: 'rejected' })).statusCode).toBe(
      403,
    );
    const stranger = all.find((x) => x.source.level === 'district' && !x.assignments.some((a) => a.unit.id === unit));
    expect((await call('GET', `/api/v1/tasks/${stranger?.id}/links`, staff)).statusCode).toBe(404);
  });
});
