// Security controls (等保 2.0 L3 application controls): security headers, per-address rate limits
// on sign-in and uploads that a client cannot dodge by inventing X-Forwarded-For, session fixation, CSRF on every
// write (generated from the route table), secrets never logged, and uploaded files never served inline.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE, type Submission } from '../src/api/v1.js';
import { type App, buildApp } from '../src/server/app.js';
import {
  type Caller,
  fakeClock,
  importSample,
  makeApp,
  makeUser,
  multipart,
  PASSWORD,
  SAMPLE_BYTES,
  signIn,
  signInDirect,
} from './app.js';
import { describeEachDatabase } from './db.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const NO_ID = '00000000-0000-4000-8000-000000000000';
const cookieOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;

describeEachDatabase('security controls', (t) => {
  let app: App;
  let clerk: Caller;
  let staff: Caller;
  let pkg: Submission;
  let n = 0;
  /** A fresh client address for each test that counts requests per address. */
  const freshAddress = () => `198.51.100.${++n}`;

  beforeAll(async () => {
    app = await makeApp(t.database, fakeClock(new Date('2025-04-01T02:00:00Z')));
    clerk = await signInDirect(app, (await makeUser(t.db, 'supervisor')).username);
    const planId = await importSample(app, clerk);
    const periods = (
      await app.inject({ url: `/api/v1/plans/${planId}/periods`, headers: { cookie: clerk.cookie } })
    ).json().items;
    const units = (await app.inject({ url: '/api/v1/units', headers: { cookie: clerk.cookie } })).json().items as {
      id: string;
      name: string;
    }[];
    const unitId = units.find((u) => u.name === '区司法局')?.id;
    staff = await signInDirect(app, (await makeUser(t.db, 'unit_staff', { unitId })).username);
    pkg = (
      await app.inject({ url: `/api/v1/periods/${periods[0].id}/submission`, headers: { cookie: staff.cookie } })
    ).json();
  });
  afterAll(async () => {
    await app?.close();
  });

  const upload = (name: string, bytes: Uint8Array, caller = staff, remoteAddress = freshAddress()) => {
    const body = multipart(name, bytes);
    return app.inject({
      method: 'POST',
      url: `/api/v1/item-reports/${pkg.items[0]?.id}/evidence`,
      headers: { ...caller.headers, ...body.headers },
      payload: body.payload,
      remoteAddress,
    });
  };

  // ---- headers ---------------------------------------------------------------------------------------------

  it('sends the security headers on pages, API answers, errors and downloads', async () => {
    const evidence = (await upload('会议纪要.pdf', PDF)).json() as Submission;
    const fileId = evidence.items[0]?.evidence[0]?.id;
    const responses = {
      health: await app.inject({ url: '/healthz' }),
      api: await app.inject({ url: '/api/v1/auth/me', headers: { cookie: staff.cookie } }),
      unauthorized: await app.inject({ url: '/api/v1/plans' }),
      notFound: await app.inject({ url: '/api/v1/nothing-here', headers: { cookie: staff.cookie } }),
      docs: await app.inject({ url: '/api/docs/static/index.html' }),
      download: await app.inject({ url: `/api/v1/evidence/${fileId}`, headers: { cookie: staff.cookie } }),
    };
    for (const [name, res] of Object.entries(responses)) {
      const h = res.headers;
      const csp = new Map(
        String(h['content-security-policy'] ?? '')
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([k, ...v]) => [k as string, v]),
      );
      expect(csp.get('default-src'), name).toEqual(["'self'"]);
      const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
      expect(scripts, name).not.toContain("'unsafe-eval'");
      expect(scripts, name).not.toContain("'unsafe-inline'");
      expect(csp.get('object-src'), name).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), name).toEqual(["'none'"]);
      expect(csp.get('base-uri'), name).toEqual(["'self'"]);
      expect(h['x-content-type-options'], name).toBe('nosniff');
      expect(['DENY', 'SAMEORIGIN'], name).toContain(h['x-frame-options']);
      expect(h['referrer-policy'], name).toBe('no-referrer');
      // Plain HTTP by default (an intranet address): no HSTS, no upgrade of requests to https (test/intranet.test.ts).
      expect(h['strict-transport-security'], name).toBeUndefined();
      expect(csp.has('upgrade-insecure-requests'), name).toBe(false);
      expect(h['cross-origin-opener-policy'], name).toBe('same-origin');
      expect(h['x-powered-by'], name).toBeUndefined();
    }
  });

  // ---- rate limits ---------------------------------------------------------------------------------------

  /** Sends `count + 1` requests; the first `count` must get through and the last be refused with 429. */
  async function expectLimit(count: number, send: (i: number) => Promise<{ statusCode: number; json(): unknown }>) {
    const statuses: number[] = [];
    for (let i = 0; i <= count; i++) statuses.push((await send(i)).statusCode);
    expect(statuses.slice(0, count).filter((s) => s === 429)).toEqual([]);
    expect(statuses[count]).toBe(429);
  }

  it('limits evidence uploads, notice imports and account sheets per address', async () => {
    let address = freshAddress();
    await expectLimit(60, () => upload('x.pdf', PDF, staff, address));
    const refused = await upload('x.pdf', PDF, staff, address);
    expect(refused.json().error.code).toBe('rate_limited');
    // Another address is not held back by the first one's uploads.
    expect((await upload('x.pdf', PDF)).statusCode).toBe(200);

    address = freshAddress();
    const notice = multipart('notice.txt', SAMPLE_BYTES.subarray(0, 2000));
    await expectLimit(30, () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...staff.headers, ...notice.headers },
        payload: notice.payload,
        remoteAddress: address,
      }),
    );
    address = freshAddress();
    const book = new ExcelJS.Workbook();
    book.addWorksheet('账号').addRow(['用户名', '姓名', '角色', '单位']);
    const sheet = multipart('users.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    await expectLimit(20, () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/users/import',
        headers: { ...staff.headers, ...sheet.headers },
        payload: sheet.payload,
        remoteAddress: address,
      }),
    );
  });

  it('counts sign-ins by the connecting address: a client cannot reset its limit with X-Forwarded-For', async () => {
    // Other names each time: what is counted here is the address, not one account's guesses (test/intranet.test.ts).
    for (const direct of ['203.0.113.77', '10.20.30.40', '172.16.5.5'])
      await expectLimit(20, (i) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: `nobody${direct}-${i}`, password: 'x' },
          remoteAddress: direct,
          headers: { 'x-forwarded-for': `192.0.2.${i}` },
        }),
      );
  });

  // ---- sessions ------------------------------------------------------------------------------------------

  const login = (username: string, password: string, cookie?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress: freshAddress(),
      ...(cookie ? { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } } : {}),
    });
  const me = (token: string | undefined) =>
    app.inject({ url: '/api/v1/auth/me', headers: { cookie: `${SESSION_COOKIE}=${token}` } });

  it('never adopts a session cookie set before sign-in (session fixation)', async () => {
    const victim = await makeUser(t.db, 'executive');
    const attacker = await makeUser(t.db, 'supervisor');
    // A token the attacker made up and planted.
    const planted = 'attacker-chosen-token-0123456789abcdefghijklmno';
    const first = await login(victim.username, PASSWORD, planted);
    expect(first.statusCode).toBe(200);
    expect(cookieOf(first)).toBeDefined();
    expect(cookieOf(first)).not.toBe(planted);
    expect((await me(planted)).statusCode).toBe(401);
    // A real session of the attacker's, planted in the victim's browser: signing in replaces it.
    const attackers = cookieOf(await login(attacker.username, PASSWORD));
    const second = await login(victim.username, PASSWORD, attackers);
    expect(cookieOf(second)).not.toBe(attackers);
    expect((await me(cookieOf(second))).json().user.username).toBe(victim.username);
    expect((await me(attackers)).json().user.username).toBe(attacker.username);
  });

  it('refuses the old token after sign-out', async () => {
    const user = await makeUser(t.db, 'supervisor');
    const caller = await signIn(app, user.username);
    const token = caller.cookie.split('=')[1];
    expect((await me(token)).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: caller.headers });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    expect((await me(token)).statusCode).toBe(401);
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: caller.headers,
      payload: { name: '区登出测试局', level: 'district', kind: 'department' },
    });
    expect(write.statusCode).toBe(401);
  });

  it('renews the session token on a password change and ends every other session', async () => {
    const user = await makeUser(t.db, 'supervisor', { mustChange: true });
    const first = await login(user.username, PASSWORD);
    const elsewhere = cookieOf(await login(user.username, PASSWORD));
    const token = cookieOf(first);
    const csrf = first.json().csrfToken as string;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: csrf },
      payload: { currentPassword: PASSWORD, newPassword: 'Renewed#Passw0rd' },
    });
    expect(res.statusCode).toBe(204);
    const renewed = cookieOf(res);
    expect(renewed).toBeDefined();
    expect(renewed).not.toBe(token);
    expect((await me(token)).statusCode).toBe(401);
    expect((await me(elsewhere)).statusCode).toBe(401);
    const after = await me(renewed);
    expect(after.json().user).toMatchObject({ username: user.username, mustChangePassword: false });
    // The page's CSRF token carries over to the renewed session.
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { cookie: `${SESSION_COOKIE}=${renewed}`, [CSRF_HEADER]: csrf },
      payload: { name: '区改密测试局', level: 'district', kind: 'department' },
    });
    expect(write.statusCode).toBe(200);
    expect((await login(user.username, PASSWORD)).statusCode).toBe(401);
  });

  // ---- CSRF ------------------------------------------------------------------------------------------------

  it('refuses every write without the right CSRF token, before reading its body', async () => {
    const other = await signInDirect(app, (await makeUser(t.db, 'supervisor')).username);
    const writes = app.routeList.filter(
      // Signing in needs no session, so there is nothing to forge (and the cookie is SameSite=Strict).
      (r) => r.url.startsWith('/api/v1') && r.method !== 'GET' && r.url !== '/api/v1/auth/login',
    );
    expect(writes.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const route of writes) {
      const url = route.url.replace(/:[a-zA-Z]+/g, NO_ID);
      for (const caller of [clerk, staff]) {
        for (const token of [undefined, '', 'forged', other.csrf, `${caller.csrf}x`]) {
          for (const payload of ['{"anything": true}', '{not json', '']) {
            const res = await app.inject({
              method: route.method as 'POST',
              url,
              headers: {
                cookie: caller.cookie,
                'content-type': 'application/json',
                ...(token === undefined ? {} : { [CSRF_HEADER]: token }),
              },
              payload,
            });
            const code = res.statusCode === 403 ? res.json().error.code : res.statusCode;
            if (code !== 'csrf_failed') problems.push(`${route.method} ${route.url} (token ${token}): ${code}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  // ---- input the database cannot hold ------------------------------------------------------------------

  it('answers 400, never 500, to text PostgreSQL cannot store and to URLs the router cannot read', async () => {
    const problems: string[] = [];
    const expectStatus = (
      what: string,
      res: { statusCode: number; json(): { error?: { code?: string } } },
      code: number,
    ) => {
      if (res.statusCode !== code || !res.json().error?.code) problems.push(`${what}: ${res.statusCode}`);
    };
    for (const text of ['区\u0000局', '区\ud800局', '区\udc00局']) {
      expectStatus(
        `sign-in ${JSON.stringify(text)}`,
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: text, password: text },
          remoteAddress: freshAddress(),
        }),
        400,
      );
      expectStatus(
        `unit ${JSON.stringify(text)}`,
        await app.inject({
          method: 'POST',
          url: '/api/v1/units',
          headers: clerk.headers,
          payload: { name: text, level: 'district', kind: 'department' },
        }),
        400,
      );
    }
    expectStatus('query', await app.inject({ url: '/api/v1/units?q=%00', headers: { cookie: clerk.cookie } }), 400);
    expectStatus('bad escape', await app.inject({ url: '/api/v1/units/%E0%A4%A', headers: clerk.headers }), 400);
    expectStatus(
      'long id',
      await app.inject({ url: `/api/v1/tasks/${'9'.repeat(1000)}`, headers: { cookie: clerk.cookie } }),
      414,
    );
    // Files: a NUL in the name is dropped; a NUL byte inside a notice does not stop its preview.
    const named = await upload('纪要\u0000.pdf', PDF);
    expect(named.statusCode).toBe(200);
    expect((named.json() as Submission).items[0]?.evidence.map((e) => e.fileName)).toContain('纪要.pdf');
    const notice = multipart(
      'notice.txt',
      Buffer.from(SAMPLE_BYTES.toString('utf8').replace('经济增长6%左右', '经济增长\u00006%左右')),
    );
    const preview = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...clerk.headers, ...notice.headers },
      payload: notice.payload,
      remoteAddress: freshAddress(),
    });
    expect(preview.statusCode).toBe(200);
    expect(problems).toEqual([]);
  });

  // ---- uploaded files --------------------------------------------------------------------------------------

  it('never serves an uploaded file inline, and refuses HTML or SVG whatever the name says', async () => {
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const [name, bytes] of [
      ['报告.pdf', html],
      ['照片.png', svg],
      ['page.html', html],
      ['表格.xlsx', Buffer.from('PK\u0003\u0004<html><script>alert(1)</script></html>')],
    ] as const) {
      const res = await upload(name, bytes);
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error.code).toBe('evidence_type_not_allowed');
    }
    // A PDF with a name built to break out of the header: downloaded, as a PDF, never sniffed into a page.
    const res = await upload('"><script>alert(1)</script>.html', PDF);
    expect(res.statusCode).toBe(200);
    const files = (res.json() as Submission).items[0]?.evidence ?? [];
    const file = files[files.length - 1];
    expect(file?.mime).toBe('application/pdf');
    const got = await app.inject({ url: `/api/v1/evidence/${file?.id}`, headers: { cookie: clerk.cookie } });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const disposition = String(got.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="evidence"; filename\*=UTF-8''/);
    expect(disposition).not.toMatch(/[<>"]script/);
    expect(got.rawPayload.equals(PDF)).toBe(true);
  });
});

describeEachDatabase('secrets in the logs', (t) => {
  const lines: string[] = [];
  let app: App;

  beforeAll(async () => {
    // The server's own logger (redaction and error serializer included), at its most talkative.
    app = await buildApp({
      database: t.database,
      config: {
        sessionIdleMinutes: 30,
        cookieSecure: false,
        logLevel: 'trace',
        dataDir: mkdtempSync(join(tmpdir(), 'duban-files-')),
        webhookAllowPrivate: true,
      },
      clock: fakeClock().now,
      webRoot: null,
      logStream: { write: (line: string) => void lines.push(line) },
    });
    await app.ready();
  });
  afterAll(async () => {
    await t.db.execute(sql`drop trigger if exists duban_test_refuse on units`);
    await app?.close();
  });

  it('never writes a password, token, cookie or robot secret to the log, even when a write fails', async () => {
    const secrets: Record<string, string> = { password: PASSWORD };
    const post = (caller: Caller, method: 'POST' | 'PUT' | 'PATCH', url: string, payload: object) =>
      app.inject({ method, url, headers: caller.headers, payload });

    // Sign-ins, a failed one included, over HTTP.
    const admin = await makeUser(t.db, 'admin');
    secrets.wrongPassword = 'Wrong#Guess-7781';
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: admin.username, password: secrets.wrongPassword },
        })
      ).statusCode,
    ).toBe(401);
    let adminCaller = await signIn(app, admin.username);
    secrets.cookie = adminCaller.cookie.split('=')[1] as string;
    secrets.csrf = adminCaller.csrf;

    // A password change (a renewed cookie), then an account with an initial password and one generated.
    secrets.newPassword = 'Changed#Passw0rd-5519';
    const changed = await post(adminCaller, 'POST', '/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: secrets.newPassword,
    });
    expect(changed.statusCode).toBe(204);
    secrets.renewedCookie = cookieOf(changed) as string;
    adminCaller = { ...adminCaller, cookie: `${SESSION_COOKIE}=${secrets.renewedCookie}` };
    adminCaller.headers = { cookie: adminCaller.cookie, [CSRF_HEADER]: adminCaller.csrf };
    secrets.initialPassword = 'Initial#Passw0rd-8832';
    const created = await post(adminCaller, 'POST', '/api/v1/users', {
      username: 'log_clerk',
      displayName: '日志测试',
      role: 'supervisor',
      password: secrets.initialPassword,
    });
    expect(created.statusCode).toBe(200);
    const generated = await post(adminCaller, 'POST', '/api/v1/users', {
      username: 'log_clerk2',
      displayName: '日志测试二',
      role: 'executive',
    });
    secrets.generatedPassword = generated.json().initialPassword;
    const reset = await post(adminCaller, 'PATCH', `/api/v1/users/${created.json().user.id}`, { resetPassword: true });
    secrets.resetPassword = reset.json().initialPassword;
    expect(secrets.generatedPassword).toBeTruthy();
    expect(secrets.resetPassword).toBeTruthy();

    // A DingTalk robot's URL (its access token) and signing secret, set by the office.
    const clerk = await signIn(app, (await makeUser(t.db, 'supervisor')).username);
    const unit = await post(clerk, 'POST', '/api/v1/units', {
      name: '区日志测试局',
      level: 'district',
      kind: 'department',
    });
    const unitId = unit.json().id;
    secrets.robotToken = 'robottoken0c4f9a7e51d2';
    secrets.robotSecret = 'SEC8c1d3f5e7a9b0c2d4e6f8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9';
    const webhook = {
      kind: 'dingtalk',
      url: `http://127.0.0.1:9/robot/send?access_token=${secrets.robotToken}`,
      secret: secrets.robotSecret,
    };
    expect((await post(clerk, 'PUT', `/api/v1/units/${unitId}/webhook`, webhook)).statusCode).toBe(200);

    // The same write failing in the database: the error is logged, the values it carried are not.
    await t.db.execute(sql`
      create or replace function duban_test_refuse() returns trigger language plpgsql as $$
      begin raise exception 'refused by the test'; end $$`);
    await t.db.execute(sql`
      create trigger duban_test_refuse before update on units for each row execute function duban_test_refuse()`);
    secrets.robotSecret2 = 'SECf0e1d2c3b4a5968778695a4b3c2d1e0f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2';
    const failed = await post(clerk, 'PUT', `/api/v1/units/${unitId}/webhook`, {
      ...webhook,
      secret: secrets.robotSecret2,
    });
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain(secrets.robotSecret2);

    // Sign-out.
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: adminCaller.headers })).statusCode,
    ).toBe(204);

    const log = lines.join('');
    // The log is not empty: requests were logged, and so was the failure.
    expect(log).toContain('incoming request');
    expect(log).toContain('refused by the test');
    for (const [what, secret] of Object.entries(secrets))
      expect(
        lines.find((line) => line.includes(secret)),
        `${what} is in the log`,
      ).toBeUndefined();
    expect(log).not.toMatch(/\$argon2/);
  });
});
