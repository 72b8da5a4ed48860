// Sign-in is rate limited per address, answering in the one error shape. A file of its own: the
// limiter's memory outlives one app instance, and no other test here signs in afterwards.

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/server/app.js';
import type { Database } from '../src/server/db/client.js';
import { makeApp } from './app.js';
import { freshDatabase } from './db.js';

let database: Database;
let app: App;
beforeAll(async () => {
  database = await freshDatabase('pglite');
  app = await makeApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

it('limits sign-in attempts per address', async () => {
  const statuses: number[] = [];
  let last: { error: { code: string; message: string } } | undefined;
  for (let i = 0; i < 25; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      // A new name each time: one name's guesses are throttled sooner (test/auth.test.ts); this is the address's limit.
      payload: { username: `nobody${i}`, password: 'x' },
    });
    statuses.push(res.statusCode);
    last = res.json();
  }
  expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  expect(last?.error.code).toBe('rate_limited');
  expect(last?.error.message).toMatch(/请求过于频繁/);
});
