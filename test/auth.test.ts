// Sign-in, sessions, lockout, idle timeout, forced password change, CSRF — on every database.

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

  it('locks the account for 15 minutes after 5 failed sign-ins', async () => {
    const { username } = await makeUser(t.db, 'supervisor');
    const attempt = (password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    for (let i = 0; i < 4; i++) expect((await attempt('wrong')).statusCode).toBe(401);
    const fifth = await attempt('wrong');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('account_locked');
    expect((await attempt(PASSWORD)).statusCode).toBe(423);
    clock.advance(14 * 60_000);
    expect((await attempt(PASSWORD)).statusCode).toBe(423);
    clock.advance(2 * 60_000);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
    const rows = await t.db.execute<{ action: string }>(
      sql`select action from ${auditEntries} where action in ('auth.locked', 'auth.login_failed')`,
    );
    expect(rows.rows.map((r) => r.action)).toContain('auth.locked');
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
