// Webhook URLs and server-side request forgery: what checkWebhookUrl accepts and refuses. Nothing here
// connects anywhere; the connect-time guard is exercised against a local server in notify-webhook.test.ts.

import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { DubanError } from '../src/core/errors.js';
import { checkWebhookUrl, isPublicAddress, type Resolver } from '../src/server/notify/ssrf.js';

const strict = { allowPrivate: false, allowHttp: false };

async function refusal(url: string, policy = strict, resolver?: Resolver): Promise<DubanError> {
  const error = await checkWebhookUrl(url, policy, resolver).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DubanError)) throw new Error(`expected ${url} to be refused, got ${String(error)}`);
  expect(error.code).toBe('webhook_url_invalid');
  expect(error.status).toBe(400);
  expect(error.messages.zh).toMatch(/机器人地址/);
  expect(error.messages.en).toMatch(/webhook URL/);
  return error;
}

const reason = (error: DubanError) => (error.details as { reason: string }).reason;

const fixed =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));

const failing =
  (code: string): Resolver =>
  async () => {
    throw Object.assign(new Error(code), { code });
  };

describe('checkWebhookUrl', () => {
  it.each([
    ['http://1.1.1.1/send?key=k'],
    ['ftp://1.1.1.1/'],
    ['file:///etc/passwd'],
    ['gopher://1.1.1.1:70/_'],
    ['javascript:alert(1)'],
    ['data:text/plain,hi'],
    ['ws://1.1.1.1/'],
  ])('refuses %s: not https', async (url) => {
    expect(reason(await refusal(url))).toBe('scheme');
  });

  it.each([['https://user:pw@1.1.1.1/'], ['https://user@1.1.1.1/'], ['https://:pw@1.1.1.1/']])(
    'refuses %s: credentials in the URL',
    async (url) => {
      expect(reason(await refusal(url))).toBe('credentials');
    },
  );

  it.each([['not a url'], [''], ['https://'], ['//1.1.1.1/x'], [`https://1.1.1.1/${'a'.repeat(3000)}`]])(
    'refuses %j: malformed',
    async (url) => {
      expect(reason(await refusal(url))).toBe('malformed');
    },
  );

  it.each([
    ['https://127.0.0.1/'],
    ['https://127.8.9.10:8443/x'],
    ['https://10.1.2.3/'],
    ['https://172.16.0.1/'],
    ['https://172.31.255.255/'],
    ['https://192.168.1.1/'],
    ['https://169.254.169.254/latest/meta-data/'],
    ['https://100.64.0.1/'],
    ['https://0.0.0.0/'],
    ['https://0/'],
    ['https://2130706433/'], // 127.0.0.1 as one number
    ['https://0x7f.1/'], // 127.0.0.1 in hex shorthand
    ['https://224.0.0.1/'],
    ['https://255.255.255.255/'],
    ['https://198.18.0.1/'],
    ['https://[::1]/'],
    ['https://[::]/'],
    ['https://[fc00::1]/'],
    ['https://[fd12:3456::1]/'],
    ['https://[fe80::1]/'],
    ['https://[ff02::1]/'],
    ['https://[::ffff:127.0.0.1]/'],
    ['https://[::ffff:10.0.0.1]/'],
    ['https://[::ffff:169.254.169.254]/'],
    ['https://[64:ff9b::a9fe:a9fe]/'], // NAT64 of 169.254.169.254
    ['https://[2002:7f00:1::1]/'], // 6to4 of 127.0.0.1
    ['https://[2001:db8::1]/'],
  ])('refuses %s: a non-public address', async (url) => {
    expect(reason(await refusal(url))).toBe('private_address');
  });

  it('refuses a host name that resolves to a loopback address (localhost, real resolver)', async () => {
    const error = await refusal('https://localhost/send');
    expect(reason(error)).toBe('private_address');
    expect(error.details).toMatchObject({ host: 'localhost' });
  });

  it('refuses a host name if any of its addresses is private', async () => {
    expect(reason(await refusal('https://robot.example/', strict, fixed('1.1.1.1', '10.0.0.7')))).toBe(
      'private_address',
    );
    expect(reason(await refusal('https://robot.example/', strict, fixed('2606:4700::1', '::1')))).toBe(
      'private_address',
    );
  });

  it('refuses a host name that does not exist, but not one whose DNS server is down', async () => {
    expect(reason(await refusal('https://nowhere.example/', strict, failing('ENOTFOUND')))).toBe('unresolvable');
    const url = await checkWebhookUrl('https://robot.example/', strict, failing('EAI_AGAIN'));
    expect(url.hostname).toBe('robot.example');
  });

  it.each([
    ['https://1.1.1.1/cgi-bin/webhook/send?key=abc'],
    ['https://8.8.8.8:8443/robot/send?access_token=abc'],
    ['https://[2606:4700:4700::1111]/'],
    ['https://[::ffff:1.1.1.1]/'],
  ])('accepts %s: a public literal', async (url) => {
    const checked = await checkWebhookUrl(url, strict);
    expect(checked).toBeInstanceOf(URL);
    expect(checked.href).toBe(new URL(url).href);
  });

  it('accepts a host name whose every address is public', async () => {
    const checked = await checkWebhookUrl(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      strict,
      fixed('1.1.1.1', '2606:4700::1111'),
    );
    expect(checked.searchParams.get('key')).toBe('k');
  });

  it('accepts private hosts only with allowPrivate, and http only with allowHttp', async () => {
    const open = { allowPrivate: true, allowHttp: true };
    for (const url of ['https://127.0.0.1:9/', 'https://[::1]/', 'https://localhost/', 'https://192.168.0.2/']) {
      await expect(checkWebhookUrl(url, { allowPrivate: true, allowHttp: false })).resolves.toBeInstanceOf(URL);
    }
    expect(reason(await refusal('http://127.0.0.1/', { allowPrivate: true, allowHttp: false }))).toBe('scheme');
    await expect(checkWebhookUrl('http://1.1.1.1/', { allowPrivate: false, allowHttp: true })).resolves.toBeInstanceOf(
      URL,
    );
    expect(reason(await refusal('http://127.0.0.1/', { allowPrivate: false, allowHttp: true }))).toBe(
      'private_address',
    );
    await expect(checkWebhookUrl('http://127.0.0.1:8080/x', open)).resolves.toBeInstanceOf(URL);
    // Other schemes stay refused whatever the policy.
    expect(reason(await refusal('ftp://127.0.0.1/', open))).toBe('scheme');
    expect(reason(await refusal('https://u:p@127.0.0.1/', open))).toBe('credentials');
  });
});

describe('isPublicAddress', () => {
  it.each([
    ['1.1.1.1', true],
    ['8.8.8.8', true],
    ['223.5.5.5', true],
    ['172.15.255.255', true],
    ['172.32.0.0', true],
    ['100.63.255.255', true],
    ['100.128.0.0', true],
    ['2606:4700:4700::1111', true],
    ['240e::1', true],
    ['::ffff:1.1.1.1', true],
    ['64:ff9b::101:101', true], // NAT64 of 1.1.1.1
    ['2002:101:101::1', true], // 6to4 of 1.1.1.1
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['100.64.0.1', false],
    ['100.127.255.255', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['172.16.0.1', false],
    ['192.0.2.1', false],
    ['192.168.255.255', false],
    ['203.0.113.9', false],
    ['224.0.0.251', false],
    ['239.255.255.250', false],
    ['255.255.255.255', false],
    ['::', false],
    ['::1', false],
    ['::127.0.0.1', false], // IPv4-compatible (deprecated)
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:192.168.1.1', false],
    ['64:ff9b::7f00:1', false],
    ['64:ff9b:1::1', false], // local-use NAT64
    ['2002:c0a8:101::', false], // 6to4 of 192.168.1.1
    ['2001::1', false], // Teredo
    ['2001:db8::1', false],
    ['fc00::1', false],
    ['fdff:ffff::1', false],
    ['fe80::1', false],
    ['fe80::1%eth0', false],
    ['fec0::1', false],
    ['ff02::1', false],
    ['100::1', false], // discard-only
    ['[::1]', false],
    ['localhost', false],
    ['', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
