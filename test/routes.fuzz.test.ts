// No route answers 500 to any input: generated bodies, params and query strings for every API
// route, as a supervisor and as a unit user, on every database — first generic JSON, then input generated from
// each route's own zod schemas (valid, and mutated: wrong types, missing fields, huge strings, awkward Unicode)
// against a database holding the sample plan, so that real ids reach past "not found" into the services.

import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/server/app.js';
import { type Caller, importSample, makeApp, makeUnit, makeUser, multipart, signIn, signInDirect } from './app.js';
import { describeEachDatabase } from './db.js';
import { AWKWARD, mutated, type Pools, valid } from './zod-arbitrary.js';

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

describeEachDatabase('every route under input generated from its own schema', (t) => {
  let app: App;
  let callers: Caller[];
  let pools: Pools;
  const uncaught: unknown[] = [];
  const record = (error: unknown) => void uncaught.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
    app = await makeApp(t.database);
    const clerk = await signInDirect(app, (await makeUser(t.db, 'supervisor')).username);
    const get = async (url: string) => (await app.inject({ url, headers: { cookie: clerk.cookie } })).json();
    const planId = await importSample(app, clerk);
    const units = (await get('/api/v1/units')).items as { id: string; name: string }[];
    const unitId = units.find((u) => u.name === '区发改局')?.id as string;
    const staff = await signInDirect(app, (await makeUser(t.db, 'unit_staff', { unitId })).username);
    callers = [
      clerk,
      staff,
      await signInDirect(app, (await makeUser(t.db, 'unit_leader', { unitId })).username),
      await signInDirect(app, (await makeUser(t.db, 'executive')).username),
      await signInDirect(app, (await makeUser(t.db, 'admin')).username),
    ];
    // A unit's submission with an item and evidence, a 督办单, a coordination request: their ids join the pool.
    const periods = (await get(`/api/v1/plans/${planId}/periods`)).items as { id: string }[];
    const pkg = (
      await app.inject({ url: `/api/v1/periods/${periods[0]?.id}/submission`, headers: { cookie: staff.cookie } })
    ).json();
    const pdf = multipart('x.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    const withFile = await app.inject({
      method: 'POST',
      url: `/api/v1/item-reports/${pkg.items[0].id}/evidence`,
      headers: { ...staff.headers, ...pdf.headers },
      payload: pdf.payload,
    });
    const tasks = (await get(`/api/v1/tasks?planId=${planId}&unitId=${unitId}&pageSize=20`)).items as {
      id: string;
      assignments: { id: string }[];
    }[];
    await app.inject({
      method: 'POST',
      url: '/api/v1/supervision-notices',
      headers: clerk.headers,
      payload: {
        assignmentId: pkg.items[0].assignmentId,
        reason: '请加快推进。',
        severity: 'red',
        respondBy: '2025-12-31',
      },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/coordination-requests',
      headers: staff.headers,
      payload: { taskId: tasks[0]?.id, title: '需协调', body: '请区政府统筹。' },
    });
    const ids = new Set<string>([
      planId,
      unitId,
      ...units.slice(0, 10).map((u) => u.id),
      ...periods.map((p) => p.id),
      ...tasks.flatMap((task) => [task.id, ...task.assignments.map((a) => a.id)]),
      pkg.id,
      ...pkg.items.slice(0, 5).map((i: { id: string }) => i.id),
      ...(withFile.json().items[0].evidence as { id: string }[]).map((e) => e.id),
      ...((await get('/api/v1/supervision-notices')).items as { id: string }[]).map((n) => n.id),
      ...((await get('/api/v1/coordination-requests')).items as { id: string }[]).map((c) => c.id),
    ]);
    pools = { ids: [...ids] };
  });
  afterAll(() => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  });

  const asQuery = (value: unknown): Record<string, string> =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
        )
      : {};

  /** A path segment for a generated parameter; a lone surrogate becomes the bytes no URL may hold. */
  const segment = (value: unknown) => {
    try {
      return encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));
    } catch {
      return '%ED%A0%80';
    }
  };

  it('never answers 500 and never throws', async () => {
    // Signing out would end the callers' sessions; everything else may be called with anything.
    const routes = app.routeList.filter((r) => r.url.startsWith('/api/v1') && r.url !== '/api/v1/auth/logout');
    let requests = 0;
    for (const route of routes) {
      const s = (route.schema ?? {}) as { params?: unknown; querystring?: unknown; body?: unknown; headers?: unknown };
      const either = (schema: unknown) => fc.oneof(valid(schema, pools), mutated(schema, pools));
      const input = fc.record({
        params: s.params
          ? fc.oneof({ weight: 4, arbitrary: valid(s.params, pools) }, mutated(s.params, pools))
          : fc.constant({}),
        query: s.querystring ? either(s.querystring) : fc.constant({}),
        body: s.body ? either(s.body) : fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })),
        // Routes that take no JSON body may take a file: a generated name and content, sometimes a real notice.
        file: fc.option(
          fc.record({
            name: fc.oneof(
              fc.string({ unit: 'grapheme' }),
              fc.constantFrom(...AWKWARD).map((a) => `${a}.txt`),
            ),
            bytes: fc.oneof(
              fc.uint8Array({ maxLength: 4096 }),
              fc.constantFrom(...AWKWARD).map((a) => Buffer.from(`附件1\n1.完成任务${a}。(责任单位:区发改局)\n`)),
              fc.constant(Buffer.from('%PDF-1.4\n%%EOF\n')),
            ),
          }),
        ),
        headers: s.headers ? valid(s.headers, pools) : fc.constant({}),
        who: fc.nat({ max: callers.length - 1 }),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ params, query, body, headers, who, file }) => {
          const values = (params ?? {}) as Record<string, unknown>;
          const url = route.url.replace(/:([a-zA-Z]+)/g, (_, name: string) => segment(values[name]));
          const caller = callers[who] as Caller;
          const upload = !s.body && route.method !== 'GET' && file ? multipart(file.name, file.bytes) : null;
          const res = await app.inject({
            method: route.method as 'GET',
            url,
            query: asQuery(query),
            headers: {
              ...asQuery(headers),
              ...caller.headers,
              ...(upload ? upload.headers : { 'content-type': 'application/json' }),
            },
            ...(upload
              ? { payload: upload.payload }
              : route.method === 'GET' || body === undefined
                ? {}
                : { payload: JSON.stringify(body) }),
          });
          requests++;
          const sent = upload ? `file ${JSON.stringify(file?.name)}` : JSON.stringify(body)?.slice(0, 300);
          const what = `${route.method} ${url} ${sent} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          if (res.statusCode >= 400)
            expect(Object.keys(res.json().error ?? {}), what).toEqual(expect.arrayContaining(['code', 'message']));
        }),
        { numRuns: 15 },
      );
    }
    expect(uncaught).toEqual([]);
    console.log(`schema fuzz [${t.kind}]: ${routes.length} routes, ${requests} requests, none answered 500`);
  });
});
