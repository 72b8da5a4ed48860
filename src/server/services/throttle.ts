// Throttling of password guesses without lock-outs (docs/decisions/0007). Failures are counted per key; past its
// threshold a key is refused for a delay that doubles with every further failure (15 s, 30 s, 1 min … 15 min), and
// a quiet day forgets it. Keys for a sign-in: the account at this address, this address (any account), and the
// account from anywhere — the last one is not applied to addresses the account has signed in from before, so an
// attacker who does not know the password cannot keep its owner out. Unknown accounts are counted exactly like
// known ones: the answers and the work done do not tell which names exist.

import { and, eq, like, lt, sql } from 'drizzle-orm';
import { DubanError } from '../../core/errors.js';
import type { Db } from '../db/client.js';
import { signInAddresses, signInThrottles } from '../db/schema.js';

const FIRST_DELAY_MS = 15_000;
const MAX_DELAY_MS = 15 * 60_000;
/** A key with no failure for this long starts again from zero. */
const FORGET_AFTER_MS = 24 * 3_600_000;

export const THRESHOLDS = { pair: 5, address: 30, account: 50, password: 5 } as const;
type Kind = keyof typeof THRESHOLDS;

export interface ThrottleKey {
  kind: Kind;
  key: string;
}

const NO_ADDRESS = 'unknown';

/** The keys a sign-in attempt is counted under. `trusted`: the account has signed in from this address before. */
export function signInKeys(username: string, ip: string | null, trusted: boolean): ThrottleKey[] {
  const account = username.trim().toLowerCase();
  const address = ip ?? NO_ADDRESS;
  const keys: ThrottleKey[] = [
    { kind: 'pair', key: `a:${account}|${address}` },
    { kind: 'address', key: `ip:${address}` },
  ];
  if (!trusted) keys.push({ kind: 'account', key: `a:${account}` });
  return keys;
}

export const passwordChangeKeys = (userId: string): ThrottleKey[] => [{ kind: 'password', key: `pw:${userId}` }];

/** Whether the account has signed in from this address before (a nil id for unknown names: the same query). */
export async function isTrustedAddress(db: Db, userId: string | null, ip: string | null): Promise<boolean> {
  const rows = await db
    .select({ ip: signInAddresses.ip })
    .from(signInAddresses)
    .where(
      and(
        eq(signInAddresses.userId, userId ?? '00000000-0000-0000-0000-000000000000'),
        eq(signInAddresses.ip, ip ?? NO_ADDRESS),
      ),
    );
  return rows.length > 0;
}

const throttled = (seconds: number) =>
  new DubanError(
    'too_many_attempts',
    {
      zh: `尝试次数过多，请 ${seconds} 秒后再试。`,
      en: `Too many attempts; try again in ${seconds} s.`,
    },
    429,
    { retryAfterSeconds: seconds },
  );

/** Refuses the attempt (429, with the wait) while any of its keys is in its delay. */
export async function checkThrottle(db: Db, now: Date, keys: ThrottleKey[]): Promise<void> {
  const rows = await db
    .select({ blockedUntil: signInThrottles.blockedUntil })
    .from(signInThrottles)
    .where(
      sql`${signInThrottles.key} in (${sql.join(
        keys.map((k) => sql`${k.key}`),
        sql`, `,
      )})`,
    );
  const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
  if (until > now.getTime()) throw throttled(Math.ceil((until - now.getTime()) / 1000));
}

/** Counts a failure under every key; a key past its threshold is refused for its next delay. */
export async function recordFailure(db: Db, now: Date, keys: ThrottleKey[]): Promise<void> {
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS);
  for (const { kind, key } of keys) {
    const [row] = await db
      .insert(signInThrottles)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: signInThrottles.key,
        set: {
          failures: sql`case when ${signInThrottles.lastFailureAt} < ${forgetBefore} then 1 else ${signInThrottles.failures} + 1 end`,
          lastFailureAt: now,
        },
      })
      .returning({ failures: signInThrottles.failures });
    const over = (row?.failures ?? 0) - THRESHOLDS[kind];
    if (over >= 0) {
      const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(over, 16));
      await db
        .update(signInThrottles)
        .set({ blockedUntil: new Date(now.getTime() + delay) })
        .where(eq(signInThrottles.key, key));
    }
  }
}

/**
 * A success clears the key of this account at this address (and the password-change key) and remembers the
 * address. The address key and the account-wide key are kept: signing in to one's own account must not reset
 * the count of guesses made at others.
 */
export async function recordSuccess(
  db: Db,
  now: Date,
  keys: ThrottleKey[],
  remember?: { userId: string; ip: string | null },
): Promise<void> {
  for (const { kind, key } of keys)
    if (kind === 'pair' || kind === 'password') await db.delete(signInThrottles).where(eq(signInThrottles.key, key));
  if (remember) {
    await db
      .insert(signInAddresses)
      .values({ userId: remember.userId, ip: remember.ip ?? NO_ADDRESS, lastSuccessAt: now })
      .onConflictDoUpdate({
        target: [signInAddresses.userId, signInAddresses.ip],
        set: { lastSuccessAt: now },
      });
  }
  // Old entries go on the way: a key quiet for a day counts from zero anyway.
  await db.delete(signInThrottles).where(lt(signInThrottles.lastFailureAt, new Date(now.getTime() - FORGET_AFTER_MS)));
}

/** The office resets a password: the account's throttles start again (its owner gets a fresh start). */
export async function clearAccountThrottles(db: Db, username: string, userId: string): Promise<void> {
  const account = username.trim().toLowerCase();
  await db.delete(signInThrottles).where(eq(signInThrottles.key, `a:${account}`));
  await db.delete(signInThrottles).where(like(signInThrottles.key, `a:${account.replace(/[\\%_]/g, '\\$&')}|%`));
  await db.delete(signInThrottles).where(eq(signInThrottles.key, `pw:${userId}`));
}
