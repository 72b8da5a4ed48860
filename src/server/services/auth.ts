// Sign-in, sessions, password change and the first admin. Sessions live in the database; the
// cookie carries a random token whose sha256 is the session id. Wrong passwords are throttled with
// growing delays, never locked out (services/throttle.ts). Idle sessions end after Config.sessionIdleMinutes.

import { createHash, randomBytes } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import type { Me } from '../../api/v1.js';
import { DubanError } from '../../core/errors.js';
import type { Db } from '../db/client.js';
import { sessions, units, users } from '../db/schema.js';
import { badRequest, unauthorized } from '../errors.js';
import { type Actor, roleAbilities } from '../policy.js';
import { audit } from './audit.js';
import type { Clock, Ctx } from './context.js';
import { defaultOrganisationId } from './organisations.js';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './passwords.js';
import {
  checkThrottle,
  isTrustedAddress,
  passwordChangeKeys,
  recordFailure,
  recordSuccess,
  signInKeys,
} from './throttle.js';
import { userIdentity } from './users.js';

/** A session ends after this long whatever its activity. */
const ABSOLUTE_HOURS = 12;
/** lastSeenAt is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 30_000;

const minutes = (n: number) => n * 60_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// Verified against when the user does not exist, so a wrong user name costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

const badCredentials = () =>
  new DubanError('invalid_credentials', { zh: '用户名或密码错误。', en: 'Wrong user name or password.' }, 401);

export interface SessionUser {
  actor: Actor;
  me: Me;
  csrfToken: string;
  sessionId: string;
}

function presentMe(u: typeof users.$inferSelect, unitName: string | null): Me {
  return {
    ...userIdentity(u, unitName),
    mustChangePassword: u.mustChangePassword,
    abilities: roleAbilities(u.role),
  };
}

async function loadMe(db: Db, userId: string): Promise<Me | null> {
  const [row] = await db
    .select({ user: users, unitName: units.name })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, userId));
  return row ? presentMe(row.user, row.unitName) : null;
}

export async function login(
  ctx: Ctx,
  input: { username: string; password: string; userAgent: string | null },
): Promise<{ token: string; session: SessionUser }> {
  const now = ctx.clock();
  const [user] = await ctx.db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.username})`, input.username.trim().toLowerCase()));
  // An unknown name goes through the same steps as a wrong password: the same checks, a hash verified, the same
  // writes, the same answer.
  const keys = signInKeys(input.username, ctx.ip, await isTrustedAddress(ctx.db, user?.id ?? null, ctx.ip));
  await checkThrottle(ctx.db, now, keys);
  dummyHash ??= hashPassword(generatePassword());
  const ok = await verifyPassword(user ? user.passwordHash : await dummyHash, input.password);
  if (!user || !ok || user.disabled) {
    await ctx.db.transaction(async (tx) => {
      await recordFailure(tx, now, keys);
      await audit(
        tx,
        { ...ctx, actor: null },
        {
          action: 'auth.login_failed',
          subjectType: 'user',
          // A known account's failure goes to its organisation's log; an unknown name's to the default one.
          ...(user ? { subjectId: user.id, organisationId: user.organisationId } : {}),
        },
      );
    });
    throw badCredentials();
  }
  // A new session on every sign-in (no fixation): the old cookie, if any, is simply not reused.
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const sessionId = sha256(token);
  const actor: Actor = { id: user.id, role: user.role, unitId: user.unitId, organisationId: user.organisationId };
  await ctx.db.transaction(async (tx) => {
    await recordSuccess(tx, now, keys, { userId: user.id, ip: ctx.ip });
    await tx.insert(sessions).values({
      id: sessionId,
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_HOURS * 3_600_000),
      ip: ctx.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await tx.delete(sessions).where(lt(sessions.expiresAt, now));
    await audit(tx, { ...ctx, actor }, { action: 'auth.login', subjectType: 'user', subjectId: user.id });
  });
  const me = (await loadMe(ctx.db, user.id)) as Me;
  return { token, session: { actor, me, csrfToken, sessionId } };
}

/** The session behind a cookie token, or null (unknown, expired, idle, or the user disabled). */
export async function resolveSession(
  db: Db,
  clock: Clock,
  token: string,
  idleMinutes: number,
): Promise<SessionUser | null> {
  const now = clock();
  const id = sha256(token);
  // One round trip: the session, its user and the user's unit.
  const [row] = await db
    .select({ session: sessions, user: users, unitName: units.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  const idle = now.getTime() - row.session.lastSeenAt.getTime() > minutes(idleMinutes);
  if (idle || row.session.expiresAt <= now || row.user.disabled) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  const me = presentMe(row.user, row.unitName);
  return {
    actor: {
      id: row.user.id,
      role: row.user.role,
      unitId: row.user.unitId,
      organisationId: row.user.organisationId,
    },
    me,
    csrfToken: row.session.csrfToken,
    sessionId: id,
  };
}

export async function logout(ctx: Ctx, sessionId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sessionId));
    await audit(tx, ctx, { action: 'auth.logout', subjectType: 'user', subjectId: ctx.actor?.id ?? undefined });
  });
}

/**
 * Changes the caller's password. Every session of the account ends, the caller's own included: whoever knew the
 * old password is signed out, and the caller goes on with a new session token (answered here, for the cookie), so
 * a token obtained before the change — fixed by an attacker, or read somewhere — is worth nothing after it.
 */
export async function changePassword(
  ctx: Ctx,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<{ token: string }> {
  if (!ctx.actor?.id) throw unauthorized();
  const [user] = await ctx.db.select().from(users).where(eq(users.id, ctx.actor.id));
  if (!user) throw unauthorized();
  // The current password is guessed no faster here than at sign-in (a stolen session must not become a password).
  const keys = passwordChangeKeys(user.id);
  await checkThrottle(ctx.db, ctx.clock(), keys);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await ctx.db.transaction(async (tx) => {
      await recordFailure(tx, ctx.clock(), keys);
      await audit(tx, ctx, { action: 'auth.password_change_failed', subjectType: 'user', subjectId: user.id });
    });
    throw badRequest('wrong_current_password', '当前密码不正确。', 'The current password is wrong.');
  }
  checkPasswordPolicy(input.newPassword, user.username);
  if (input.newPassword === input.currentPassword) {
    throw badRequest(
      'password_unchanged',
      '新密码不能与当前密码相同。',
      'The new password must differ from the current one.',
    );
  }
  const passwordHash = await hashPassword(input.newPassword);
  const token = randomBytes(32).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: ctx.clock() })
      .where(eq(users.id, user.id));
    const [current] = await tx.select().from(sessions).where(eq(sessions.id, sessionId));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    // The caller's session continues under a new id, keeping its CSRF token and its absolute expiry.
    if (current) await tx.insert(sessions).values({ ...current, id: sha256(token), lastSeenAt: ctx.clock() });
    await recordSuccess(tx, ctx.clock(), keys);
    await audit(tx, ctx, { action: 'auth.password_changed', subjectType: 'user', subjectId: user.id });
  });
  return { token };
}

/**
 * On first start with no account in the default organisation, creates `admin` there with the configured password
 * or a generated one. Returns the generated password (to print once), or null. Accounts of other organisations do
 * not count: the default organisation's first administrator is still to be made (and should another organisation
 * hold the name `admin`, none is made).
 */
export async function bootstrapAdmin(
  ctx: Ctx,
  configured: string | null,
): Promise<{ created: boolean; generatedPassword: string | null }> {
  const organisationId = await defaultOrganisationId(ctx.db);
  const [{ count } = { count: 0 }] = await ctx.db
    .select({ count: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.organisationId, organisationId));
  if (count > 0) return { created: false, generatedPassword: null };
  const password = configured ?? generatePassword();
  const passwordHash = await hashPassword(password);
  // Instances starting together take turns (Database.exclusive); should another process still have created the
  // account meanwhile, this one leaves it be rather than fail on the unique name.
  const created = await ctx.db.transaction(async (tx) => {
    // The first administrator works in the default organisation, as a single-office installation always did.
    const [admin] = await tx
      .insert(users)
      .values({
        organisationId,
        username: 'admin',
        displayName: '系统管理员',
        passwordHash,
        role: 'admin',
        mustChangePassword: true,
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (admin) await audit(tx, ctx, { action: 'user.bootstrap_admin', subjectType: 'user', subjectId: admin.id });
    return admin !== undefined;
  });
  if (!created) return { created: false, generatedPassword: null };
  return { created: true, generatedPassword: configured ? null : password };
}
