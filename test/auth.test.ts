// Sign-in, sessions, throttling, idle timeout, forced password change, CSRF — on every database.

import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/server/app.js';
import { auditEntries, sessions } from '../src/server/db/schema.js';
import { bootstrapAdmin } from '../src/server/services/auth.js';
import { fakeClock, makeApp, makeUser, PASSWORD, signIn } from './app.js';
import { describeEachDatabase } from './db.js';

describeEachDatabase('sign-in and sessions', (t) => {
  const clock = fakeClock();
  let app: App;
  beforeAll(async () => {
    app = await makeApp(t.database, clock);
  });

  it('answers /healthz', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: t.kind });
  });

  it('refuses a wrong password in the caller’s language, and an unknown user alike', async () => {
    const { username } = await makeUser(t.db, 'supervisor');
    const zh = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'nope' } });
    expect(zh.statusCode).toBe(401);
    expect(zh.json()).toEqual({ error: { code: 'invalid_credentials', message: '用户名或密码错误。' } });
    const en = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody-here', password: 'nope' },
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.statusCode).toBe(401);
    expect(en.json().error.message).toBe('Wrong user name or password.');
  });

  it('signs in with an httpOnly SameSite cookie, answers /auth/me, signs out', async () => {
    const { username } = await makeUser(t.db, 'executive');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies[0];
    expect(cookie).toMatchObject({ name: 'duban_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    const caller = await signIn(app, username);
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: caller.cookie } });
    expect(me.json().user).toMatchObject({ username, role: 'executive', unit: null, mustChangePassword: false });
    // Each sign-in is a new session: no fixation onto an earlier cookie.
    expect(caller.cookie).not.toContain(cookie?.value);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: caller.headers });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: caller.cookie } })).statusCode).toBe(401);
  });

  it('slows guesses at an account with growing delays, and never locks its owner out', async () => {
    const { username } = await makeUser(t.db, 'supervisor');
    const attempt = (password: string, remoteAddress: string, name = username) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: name, password }, remoteAddress });
    // The owner has signed in from the office PC before.
    expect((await attempt(PASSWORD, '10.8.1.20')).statusCode).toBe(200);
    const attacker = '10.8.9.99';
    for (let i = 0; i < 5; i++) expect((await attempt('wrong', attacker)).statusCode).toBe(401);
    const held = await attempt(PASSWORD, attacker);
    expect(held.statusCode).toBe(429);
    expect(held.json().error.code).toBe('too_many_attempts');
    expect(held.json().error.details.retryAfterSeconds).toBe(15);
    // The owner, at the address it uses, is not held back by the attacker's guesses.
    expect((await attempt(PASSWORD, '10.8.1.20')).statusCode).toBe(200);
    // The delay doubles with every further failure after it ends: 15 s, 30 s, 60 s …
    clock.advance(16_000);
    expect((await attempt('wrong', attacker)).statusCode).toBe(401);
    expect((await attempt('wrong', attacker)).json().error.details.retryAfterSeconds).toBe(30);
    clock.advance(31_000);
    expect((await attempt(PASSWORD, attacker)).statusCode).toBe(200);
    const rows = await t.db.execute<{ action: string }>(
      sql`select action from ${auditEntries} where action = 'auth.login_failed'`,
    );
    expect(rows.rows.length).toBeGreaterThanOrEqual(6);
  });

  it('holds an account guessed at from many addresses, except at the addresses its owner uses', async () => {
    const { username } = await makeUser(t.db, 'supervisor');
    const attempt = (password: string, remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });
    expect((await attempt(PASSWORD, '10.7.1.20')).statusCode).toBe(200);
    // One guess from each of 50 addresses: no address and no address-account pair reaches its threshold.
    for (let i = 1; i <= 50; i++) expect((await attempt('wrong', `10.7.2.${i}`)).statusCode).toBe(401);
    const stranger = await attempt(PASSWORD, '10.7.3.1');
    expect([stranger.statusCode, stranger.json().error.code]).toEqual([429, 'too_many_attempts']);
    expect((await attempt(PASSWORD, '10.7.1.20')).statusCode).toBe(200);
  });

  it('answers an unknown name exactly as a wrong password, throttles included', async () => {
    const { username } = await makeUser(t.db, 'supervisor');
    const seq = async (name: string, remoteAddress: string) => {
      const out: unknown[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: name, password: 'wrong' },
          remoteAddress,
        });
        out.push([res.statusCode, res.json()]);
      }
      return out;
    };
    expect(await seq('no-such-user-here', '10.9.0.1')).toEqual(await seq(username, '10.9.0.2'));
  });

  it('throttles guesses of the current password when changing it', async () => {
    const { username } = await makeUser(t.db, 'supervisor');
    const caller = await signIn(app, username);
    const change = (currentPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: caller.headers,
        payload: { currentPassword, newPassword: 'Another#Passw0rd9' },
      });
    for (let i = 0; i < 5; i++)
      expect((await change('Wrong#Guess1234')).json().error.code).toBe('wrong_current_password');
    const held = await change(PASSWORD);
    expect(held.statusCode).toBe(429);
    expect(held.json().error.code).toBe('too_many_attempts');
    clock.advance(16_000);
    expect((await change(PASSWORD)).statusCode).toBe(204);
  });

  it('ends a session idle for 30 minutes', async () => {
    const { username } = await makeUser(t.db, 'executive');
    const caller = await signIn(app, username);
    clock.advance(29 * 60_000);
    expect((await app.inject({ url: '/api/v1/plans', headers: { cookie: caller.cookie } })).statusCode).toBe(200);
    clock.advance(31 * 60_000);
    const res = await app.inject({ url: '/api/v1/plans', headers: { cookie: caller.cookie } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('forces the change of an initial password, with the policy enforced', async () => {
    const { username } = await makeUser(t.db, 'supervisor', { mustChange: true });
    const caller = await signIn(app, username);
    const blocked = await app.inject({ url: '/api/v1/plans', headers: { cookie: caller.cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    const change = (newPassword: string, currentPassword = PASSWORD) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: caller.headers,
        payload: { currentPassword, newPassword },
      });
    for (const weak of ['short1A!', 'alllowercaseletters', 'NoDigitsOrSymbolsHere', `${username}X1!aaaa`]) {
      const res = await change(weak);
      expect(res.statusCode, weak).toBe(400);
      expect(res.json().error.code).toBe('weak_password');
    }
    expect((await change('Another#Pass1', 'wrong')).json().error.code).toBe('wrong_current_password');
    const changed = await change('Another#Pass1');
    expect(changed.statusCode).toBe(204);
    // The session goes on under a new token (test/security.test.ts: the old one is refused).
    const renewed = changed.cookies.find((c) => c.name === 'duban_session');
    const cookie = `duban_session=${renewed?.value}`;
    expect((await app.inject({ url: '/api/v1/plans', headers: { cookie } })).statusCode).toBe(200);
    await signIn(app, username, 'Another#Pass1');
  });

  it('rejects a write without the CSRF token', async () => {
    const { username } = await makeUser(t.db, 'supervisor');
    const caller = await signIn(app, username);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { cookie: caller.cookie },
      payload: { name: '区某某局', level: 'district', kind: 'department' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { cookie: caller.cookie, 'x-csrf-token': 'forged' },
      payload: { name: '区某某局', level: 'district', kind: 'department' },
    });
    expect(wrong.statusCode).toBe(403);
  });

  it('creates the first admin once, with a generated password when none is configured', async () => {
    const ctx = { db: t.db, clock: clock.now, actor: null, ip: null };
    // Accounts already exist in this database: nothing is created.
    expect(await bootstrapAdmin(ctx, null)).toEqual({ created: false, generatedPassword: null });
    const count = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sessions}`);
    expect(count.rows[0]?.n).toBeGreaterThan(0);
  });
});
