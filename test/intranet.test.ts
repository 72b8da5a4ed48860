// duban as an office installs it on its intranet: opened at a plain-http address that is not localhost, with or
// without a reverse proxy in front. The browser half (a page that actually renders at such an address) is
// e2e/intranet.test.ts.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { auditEntries, users } from '../src/server/db/schema.js';
import { precompressWeb } from '../src/server/web-assets.js';
import { fakeClock, makeApp, makeUser, PASSWORD } from './app.js';
import { describeEachDatabase } from './db.js';

const directives = (header: unknown) =>
  new Map(
    String(header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k as string, v]),
  );

it('reads the public address and the trusted proxies from the environment, refusing what it cannot use', () => {
  const plain = loadConfig({ DUBAN_PUBLIC_URL: 'http://10.1.2.3:3000' });
  expect(plain).toMatchObject({ https: false, cookieSecure: false, trustedProxies: [] });
  const secure = loadConfig({ DUBAN_PUBLIC_URL: 'HTTPS://duban.example.gov.cn/', DUBAN_TRUSTED_PROXIES: 'loopback' });
  expect(secure).toMatchObject({
    https: true,
    cookieSecure: true,
    publicUrl: 'https://duban.example.gov.cn',
    trustedProxies: ['loopback'],
  });
  expect(loadConfig({ DUBAN_PUBLIC_URL: 'https://x.gov.cn', DUBAN_COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  expect(loadConfig({ DUBAN_TRUSTED_PROXIES: '10.0.0.5, 192.168.10.0/24,::1' }).trustedProxies).toEqual([
    '10.0.0.5',
    '192.168.10.0/24',
    '::1',
  ]);
  for (const env of [
    { DUBAN_PUBLIC_URL: 'duban.intranet:3000' },
    { DUBAN_PUBLIC_URL: 'ftp://duban' },
    { DUBAN_TRUSTED_PROXIES: '10.0.0.0/33' },
    { DUBAN_TRUSTED_PROXIES: 'nginx-box' },
    { DUBAN_TRUSTED_PROXIES: '10.0.0.300' },
  ]) {
    expect(() => loadConfig(env), JSON.stringify(env)).toThrow(/DUBAN_(PUBLIC_URL|TRUSTED_PROXIES)/);
  }
});

describeEachDatabase('on an intranet', (t) => {
  let plain: App;
  let https: App;
  let proxied: App;
  beforeAll(async () => {
    plain = await makeApp(t.database, fakeClock());
    https = await makeApp(t.database, fakeClock(), { https: true });
    proxied = await makeApp(t.database, fakeClock(), { trustedProxies: ['10.0.0.5'] });
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), https?.close(), proxied?.close()]);
  });

  it('over plain http asks the browser for no https: no HSTS, no upgrade-insecure-requests', async () => {
    for (const url of ['/healthz', '/api/v1/auth/me', '/no-such-page']) {
      const res = await plain.inject({ url, headers: { host: 'duban.intranet:3000' } });
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
      expect(directives(res.headers['content-security-policy']).has('upgrade-insecure-requests'), url).toBe(false);
      expect(directives(res.headers['content-security-policy']).get('default-src'), url).toEqual(["'self'"]);
    }
  });

  it('behind HTTPS (DUBAN_PUBLIC_URL=https://…) sends HSTS and upgrades insecure requests', async () => {
    const res = await https.inject({ url: '/healthz' });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    expect(directives(res.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
  });

  it('sends the web app compressed, its hashed files kept for good and the page itself asked again', async () => {
    // A built app in miniature, compressed as `vite build` does (vite.config.ts → precompressWeb).
    const root = mkdtempSync(join(tmpdir(), 'duban-web-'));
    mkdirSync(join(root, 'assets'));
    const script = `export const rows = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `第${i}项任务`))};`;
    writeFileSync(join(root, 'assets', 'index-AbC_d-12.js'), script);
    writeFileSync(
      join(root, 'index.html'),
      `<!doctype html><script type="module" src="/assets/index-AbC_d-12.js"></script>${' '.repeat(1200)}`,
    );
    expect(precompressWeb(root).files).toBe(2);
    const web = await makeApp(t.database, fakeClock(), {}, root);
    try {
      const gz = await web.inject({ url: '/assets/index-AbC_d-12.js', headers: { 'accept-encoding': 'gzip' } });
      expect(gz.statusCode).toBe(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['content-type']).toMatch(/javascript/);
      expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(String(gz.headers.vary)).toMatch(/accept-encoding/i);
      expect(gunzipSync(gz.rawPayload).toString()).toBe(script);
      const br = await web.inject({ url: '/assets/index-AbC_d-12.js', headers: { 'accept-encoding': 'br, gzip' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 3);
      const plainJs = await web.inject({ url: '/assets/index-AbC_d-12.js' });
      expect(plainJs.headers['content-encoding']).toBeUndefined();
      expect(plainJs.body).toBe(script);
      // The page, by its address and by any page of the app: revalidated each time, so a release is seen at once.
      for (const url of ['/', '/dashboard']) {
        const page = await web.inject({ url, headers: { 'accept-encoding': 'gzip' } });
        expect(page.statusCode, url).toBe(200);
        expect(page.headers['cache-control'], url).toBe('no-cache');
        expect(page.headers['content-type'], url).toMatch(/text\/html/);
      }
    } finally {
      await web.close();
    }
  });

  /** The address the audit log recorded for the account's latest sign-in. */
  const lastLoginIp = async (username: string) => {
    const [row] = await t.db
      .select({ ip: auditEntries.ip })
      .from(auditEntries)
      .innerJoin(users, sql`${users.id}::text = ${auditEntries.subjectId}`)
      .where(and(eq(users.username, username), eq(auditEntries.action, 'auth.login')))
      .orderBy(desc(auditEntries.id))
      .limit(1);
    return row?.ip;
  };

  it('believes X-Forwarded-For from no one by default: a browser on 10.x cannot name its own address', async () => {
    const { username } = await makeUser(t.db, 'supervisor');
    const res = await plain.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: PASSWORD },
      remoteAddress: '10.3.4.5',
      headers: { 'x-forwarded-for': '1.2.3.4' },
    });
    expect(res.statusCode).toBe(200);
    expect(await lastLoginIp(username)).toBe('10.3.4.5');
    // Spoofed addresses do not spread one client's guesses over many counters.
    const guesses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await plain.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: 'wrong' },
        remoteAddress: '10.3.4.6',
        headers: { 'x-forwarded-for': `172.16.0.${i}` },
      });
      guesses.push(r.statusCode);
    }
    expect(guesses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('believes X-Forwarded-For from the proxies the office lists, and only from them', async () => {
    const { username } = await makeUser(t.db, 'supervisor');
    const via = (remoteAddress: string) =>
      proxied.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: PASSWORD },
        remoteAddress,
        headers: { 'x-forwarded-for': '10.7.7.7' },
      });
    expect((await via('10.0.0.5')).statusCode).toBe(200);
    expect(await lastLoginIp(username)).toBe('10.7.7.7');
    expect((await via('10.0.0.6')).statusCode).toBe(200);
    expect(await lastLoginIp(username)).toBe('10.0.0.6');
  });
});
