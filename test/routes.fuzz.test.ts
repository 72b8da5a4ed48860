// No route answers 500 to any input: generated bodies, params and query strings for every API
// route, as a supervisor and as a unit user, on every database.

import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/server/app.js';
import { type Caller, makeApp, makeUnit, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

const segment = fc.oneof(fc.uuid(), fc.string({ maxLength: 12 }), fc.constantFrom('0', '-1', '%00', '..', 'null'));
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      username: fc.string(),
      password: fc.string(),
      name: fc.string(),
      level: fc.string(),
      kind: fc.string(),
      role: fc.string(),
      unitId: fc.oneof(fc.uuid(), fc.string()),
      intoId: fc.oneof(fc.uuid(), fc.string()),
      memberIds: fc.array(fc.oneof(fc.uuid(), fc.string())),
      approveNewUnits: fc.array(fc.string()),
      year: fc.oneof(fc.integer(), fc.string()),
      currentPassword: fc.string(),
      newPassword: fc.string(),
    },
    { requiredKeys: [] },
  ),
);
const query = fc.dictionary(
  fc.constantFrom('q', 'page', 'pageSize', 'planId', 'unitId', 'level', 'role', 'sectionId'),
  fc.string({ maxLength: 20 }),
);

describeEachDatabase('every route under generated input', (t) => {
  let app: App;
  let callers: Caller[];

  beforeAll(async () => {
    app = await makeApp(t.database);
    const unitId = await makeUnit(t.db);
    callers = [
      await signIn(app, (await makeUser(t.db, 'supervisor')).username),
      await signIn(app, (await makeUser(t.db, 'unit_staff', { unitId })).username),
    ];
  });

  it('covers the API routes', () => {
    const api = app.routeList.filter((r) => r.url.startsWith('/api/v1'));
    expect(api.length).toBeGreaterThanOrEqual(18);
  });

  it('never answers 500', async () => {
    const routes = app.routeList.filter((r) => r.url.startsWith('/api/v1') && r.url !== '/api/v1/auth/logout');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(segment, { minLength: 2, maxLength: 2 }),
        body,
        query,
        fc.nat({ max: 1 }),
        fc.boolean(),
        async (route, [p1, p2], payload, q, who, raw) => {
          let i = 0;
          const url = route.url.replace(/:[a-zA-Z]+/g, () => encodeURIComponent(String(i++ === 0 ? p1 : p2)));
          const caller = callers[who] as Caller;
          const res = await app.inject({
            method: route.method as 'GET',
            url,
            query: q,
            headers: { ...caller.headers, 'content-type': 'application/json' },
            ...(route.method === 'GET'
              ? {}
              : { payload: raw ? String(JSON.stringify(payload)).slice(0, -1) : JSON.stringify(payload) }),
          });
          expect(res.statusCode, `${route.method} ${url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400)
            expect(Object.keys(res.json().error)).toEqual(expect.arrayContaining(['code', 'message']));
        },
      ),
      { numRuns: 400 },
    );
  });
});
