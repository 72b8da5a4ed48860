// The HTTP surface: OpenAPI, security headers, the error shape for unknown routes and bad JSON.

import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/server/app.js';
import { makeApp, makeUser, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('the HTTP surface', (t) => {
  let app: App;
  beforeAll(async () => {
    app = await makeApp(t.database);
  });

  it('serves the OpenAPI description of every /api/v1 route at /api/docs', async () => {
    const json = await app.inject({ url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
    const paths = Object.keys(json.json().paths);
    const routes = app.routeList
      .filter((r) => r.url.startsWith('/api/v1'))
      .map((r) => r.url.replace(/:(\w+)/g, '{$1}'));
    for (const route of routes) expect(paths).toContain(route);
    expect((await app.inject({ url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('sends security headers with the values that protect, on answers and on errors', async () => {
    for (const url of ['/healthz', '/api/v1/nothing-here']) {
      const res = await app.inject({ url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      // Plain HTTP on an intranet host: no HSTS, which would break every later visit over http.
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
      const csp = new Map(
        String(res.headers['content-security-policy'])
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );
      expect(csp.get('default-src'), url).toEqual(["'self'"]);
      expect(csp.get('script-src'), url).toEqual(["'self'"]);
      expect(csp.get('object-src'), url).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(csp.get('img-src'), url).toEqual(["'self'", 'data:', 'blob:']);
      expect(csp.has('upgrade-insecure-requests'), url).toBe(false);
    }
  });

  it('answers unknown routes, malformed JSON and wrong types with the one error shape', async () => {
    // Without a session even the route list is private.
    expect((await app.inject({ url: '/api/v1/nothing-here' })).statusCode).toBe(401);
    const clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    const missing = await app.inject({ url: '/api/v1/nothing-here', headers: { cookie: clerk.cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: '找不到该资源。' } });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      payload: '{"username": "a",',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toEqual({ code: 'malformed_json', message: 'The request body is not valid JSON.' });
    const types = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 5, password: [] },
    });
    expect(types.statusCode).toBe(400);
    expect(types.json().error.code).toBe('validation_failed');
    const notUuid = await app.inject({ url: '/api/v1/tasks/not-a-uuid', headers: { cookie: clerk.cookie } });
    expect(notUuid.statusCode).toBe(400);
    const unknown = await app.inject({
      url: '/api/v1/tasks/00000000-0000-4000-8000-000000000000',
      headers: { cookie: clerk.cookie },
    });
    expect(unknown.statusCode).toBe(404);
  });
});
