// Webhook URLs are typed in by an admin, so the server must not become a way to reach the machines
// around it (server-side request forgery). Two checks:
//  - checkWebhookUrl, when the URL is saved: https only, no credentials, and the host neither is nor
//    resolves to a private, loopback, link-local, CGNAT, ULA, multicast, reserved or unspecified address;
//  - guardedLookup, when the request connects: the socket resolves the host through it, and it refuses if
//    any resolved address is not public. The connection uses only addresses this function returned, so a
//    DNS answer that changes between the check and the request (DNS rebinding) cannot slip through.
// IP literals never reach a lookup function (node connects to them directly), so assertWebhookUrl checks
// them before every request.

import { promises as dns, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { DubanError } from '../../core/errors.js';
import { badRequest } from '../errors.js';

export interface WebhookUrlPolicy {
  /** Allow hosts on private, loopback and other non-public addresses (tests, or an intranet relay the operator trusts). */
  allowPrivate: boolean;
  /** Allow plain http:// (tests only: the robot URLs carry their key in the query string). */
  allowHttp: boolean;
}

/** Resolves a host name to every address it has. The default asks the operating system (dns.lookup). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

const MAX_URL_LENGTH = 2048;
const CHECK_LOOKUP_TIMEOUT_MS = 5000;

type Reason = 'malformed' | 'scheme' | 'credentials' | 'private_address' | 'unresolvable';

const REASONS: Record<Reason, { zh: string; en: string }> = {
  malformed: { zh: '机器人地址不是有效的网址。', en: 'The webhook URL is not a valid URL.' },
  scheme: { zh: '机器人地址必须以 https:// 开头。', en: 'The webhook URL must start with https://.' },
  credentials: {
    zh: '机器人地址不能包含用户名或密码。',
    en: 'The webhook URL must not contain a user name or password.',
  },
  private_address: {
    zh: '机器人地址指向内网、本机或保留地址，不允许使用。',
    en: 'The webhook URL points at a private, loopback or reserved address, which is not allowed.',
  },
  unresolvable: { zh: '机器人地址的域名无法解析。', en: "The webhook URL's host name does not resolve." },
};

export const WEBHOOK_URL_INVALID = 'webhook_url_invalid';

function invalid(reason: Reason, host?: string): DubanError {
  const { zh, en } = REASONS[reason];
  return badRequest(WEBHOOK_URL_INVALID, zh, en, host === undefined ? { reason } : { reason, host });
}

// After the IANA IPv4 Special-Purpose Address Registry (RFC 6890 and successors): none of these is where
// a chat platform's robot lives.
const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (shared address space)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, includes cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast 255.255.255.255
];

// IPv6 is checked the other way round: only global unicast (2000::/3) passes, minus these.
const BLOCKED_V6: Array<[string, number]> = [
  ['2001::', 23], // IETF protocol assignments, includes Teredo 2001::/32
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
];

const blockedV4 = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blockedV4.addSubnet(net, prefix, 'ipv4');
const globalV6 = new BlockList();
globalV6.addSubnet('2000::', 3, 'ipv6');
const blockedV6 = new BlockList();
for (const [net, prefix] of BLOCKED_V6) blockedV6.addSubnet(net, prefix, 'ipv6');

/** The eight 16-bit groups of a valid IPv6 address (dotted IPv4 tail and :: expanded). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const [head = '', rest] = text.split('::');
  if (rest === undefined) return parse(head);
  const before = parse(head);
  const after = parse(rest);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

const ipv4From = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/**
 * Whether a packet to this address goes to the public internet. False for private, loopback, link-local,
 * CGNAT, unique-local, multicast, documentation, reserved and unspecified addresses, for IPv6 addresses
 * that embed such an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), and
 * for anything that is not an IP address at all.
 */
export function isPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 4) return !blockedV4.check(ip, 'ipv4');
  if (family !== 6) return false;
  const groups = ipv6Groups(ip);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const zeroTo = (n: number) => groups.slice(0, n).every((g) => g === 0);
  // IPv4-mapped ::ffff:0:0/96: the socket talks IPv4 to the embedded address.
  if (zeroTo(5) && g5 === 0xffff) return isPublicAddress(ipv4From(g6, g7));
  // NAT64 64:ff9b::/96: a translator forwards to the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isPublicAddress(ipv4From(g6, g7));
  }
  // 6to4 2002:wwxx:yyzz::/48 is routed through the IPv4 address wwxx:yyzz.
  if (g0 === 0x2002) return isPublicAddress(ipv4From(g1, g2));
  return globalV6.check(ip, 'ipv6') && !blockedV6.check(ip, 'ipv6');
}

/** The host of a URL as an address or name, without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The checks that need no network: a well-formed http(s) URL, https unless allowHttp, no user name or
 * password, and (unless allowPrivate) an IP-literal host that is public. Throws `webhook_url_invalid` (400).
 */
export function assertWebhookUrl(url: string, policy: WebhookUrlPolicy): URL {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) throw invalid('malformed');
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalid('malformed');
  }
  if (parsed.protocol !== 'https:' && !(policy.allowHttp && parsed.protocol === 'http:')) throw invalid('scheme');
  if (parsed.username !== '' || parsed.password !== '') throw invalid('credentials');
  const host = bareHost(parsed);
  if (host === '') throw invalid('malformed');
  if (!policy.allowPrivate && isIP(host) !== 0 && !isPublicAddress(host)) throw invalid('private_address', host);
  return parsed;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS lookup timed out'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Validate a webhook URL when it is saved: assertWebhookUrl, then (unless allowPrivate) resolve a host
 * name and refuse it if any address is not public or the name does not exist. A DNS server that does not
 * answer is not held against the URL: guardedLookup checks again at every connection anyway.
 */
export async function checkWebhookUrl(
  url: string,
  policy: WebhookUrlPolicy,
  resolver: Resolver = systemResolver,
): Promise<URL> {
  const parsed = assertWebhookUrl(url, policy);
  const host = bareHost(parsed);
  if (policy.allowPrivate || isIP(host) !== 0) return parsed;
  let addresses: LookupAddress[];
  try {
    addresses = await withTimeout(resolver(host), CHECK_LOOKUP_TIMEOUT_MS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') throw invalid('unresolvable', host);
    return parsed;
  }
  if (addresses.length === 0) throw invalid('unresolvable', host);
  if (addresses.some((a) => !isPublicAddress(a.address))) throw invalid('private_address', host);
  return parsed;
}

/** The error a guarded lookup fails the connection with; webhook.ts turns it back into `webhook_url_invalid`. */
export class BlockedAddressError extends Error {
  readonly code = 'ERR_DUBAN_BLOCKED_ADDRESS';
  readonly host: string;
  constructor(host: string) {
    super(`refused to connect to ${host}: it resolves to a non-public address`);
    this.name = 'BlockedAddressError';
    this.host = host;
  }
}

export function blockedAddressToDubanError(error: BlockedAddressError): DubanError {
  return invalid('private_address', error.host);
}

/**
 * A `lookup` for http(s).request / net.connect: resolves with `resolver`, refuses the connection if any
 * address is not public (unless allowPrivate), and otherwise hands the socket exactly the checked addresses.
 */
export function guardedLookup(
  policy: Pick<WebhookUrlPolicy, 'allowPrivate'>,
  resolver = systemResolver,
): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (all) => {
        if (!policy.allowPrivate && all.some((a) => !isPublicAddress(a.address))) {
          callback(new BlockedAddressError(hostname), '', 0);
          return;
        }
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
        const addresses = family === 0 ? all : all.filter((a) => a.family === family);
        const first = addresses[0];
        if (first === undefined) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          callback(error, '', 0);
          return;
        }
        if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
