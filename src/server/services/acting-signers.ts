// 代签: a unit's leader names another account of the unit to sign the unit's submission for one period
// (away on business, on leave). The acting signer signs in their own name; the signature says on whose
// behalf. Naming, replacing and revoking are audited; the sign step asks here who may sign.

import { and, asc, eq, ne } from 'drizzle-orm';
import type { ActingSigner } from '../../api/v1.js';
import type { Db } from '../db/client.js';
import { actingSigners, reportingPeriods, users } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import { type Actor, authorize, authorizeEver, authorizeSign, can } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';

interface Named {
  userId: string;
  name: string;
  namedBy: string;
  namedByName: string;
  createdAt: Date;
}

/** The acting signer named for a unit's period, or null. */
export async function actingSignerOf(db: Db, unitId: string, periodId: string): Promise<Named | null> {
  const [row] = await db
    .select({ a: actingSigners, name: users.displayName })
    .from(actingSigners)
    .innerJoin(users, eq(users.id, actingSigners.userId))
    .where(and(eq(actingSigners.unitId, unitId), eq(actingSigners.periodId, periodId)));
  if (!row) return null;
  const [by] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, row.a.namedBy));
  return {
    userId: row.a.userId,
    name: row.name,
    namedBy: row.a.namedBy,
    namedByName: by?.name ?? '',
    createdAt: row.a.createdAt,
  };
}

/**
 * Who signs this submission: the unit's leader (signedForId null), or the named acting signer, who signs for
 * the leader that named them. Throws 404/403 for anyone else.
 */
export async function signerOf(
  db: Db,
  actor: Actor | null,
  row: { unitId: string; periodId: string },
): Promise<{ signedForId: string | null }> {
  const acting = await actingSignerOf(db, row.unitId, row.periodId);
  authorizeSign(actor, { unitIds: [row.unitId], actingSignerId: acting?.userId ?? null });
  if (can(actor, 'submissions.sign', { unitIds: [row.unitId] })) return { signedForId: null };
  return { signedForId: acting?.namedBy ?? null };
}

async function present(ctx: Ctx, periodId: string, unitId: string, named: Named | null): Promise<ActingSigner> {
  const candidates = can(ctx.actor, 'submissions.sign', { unitIds: [unitId] })
    ? await ctx.db
        .select({ id: users.id, name: users.displayName })
        .from(users)
        .where(and(eq(users.unitId, unitId), eq(users.disabled, false), ne(users.id, ctx.actor?.id ?? unitId)))
        .orderBy(asc(users.displayName))
    : [];
  return {
    candidates,
    periodId,
    unitId,
    user: named ? { id: named.userId, name: named.name } : null,
    namedBy: named?.namedByName ?? null,
    namedAt: named ? named.createdAt.toISOString() : null,
  };
}

async function leaderUnit(ctx: Ctx, periodId: string): Promise<string> {
  authorizeEver(ctx.actor, 'submissions.sign');
  const unitId = ctx.actor.unitId;
  if (!unitId) throw notFound('单位', 'unit');
  authorize(ctx.actor, 'submissions.sign', { unitIds: [unitId] });
  const [period] = await ctx.db
    .select({ id: reportingPeriods.id })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.id, periodId));
  if (!period) throw notFound('报告期', 'reporting period');
  return unitId;
}

/** The acting signer of the caller's unit for a period (the unit's accounts read it). */
export async function getActingSigner(ctx: Ctx, periodId: string): Promise<ActingSigner> {
  authorizeEver(ctx.actor, 'submissions.edit');
  const unitId = ctx.actor.unitId;
  if (!unitId) throw notFound('单位', 'unit');
  return present(ctx, periodId, unitId, await actingSignerOf(ctx.db, unitId, periodId));
}

/** The leader names (or replaces) the acting signer for the period: an active account of the same unit. */
export async function nameActingSigner(ctx: Ctx, periodId: string, body: { userId: string }): Promise<ActingSigner> {
  const unitId = await leaderUnit(ctx, periodId);
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, body.userId));
    if (!user || user.unitId !== unitId || user.disabled || user.id === ctx.actor?.id) {
      throw badRequest(
        'acting_signer_not_in_unit',
        '代签人应为本单位其他在用账号。',
        'The acting signer must be another active account of your unit.',
      );
    }
    const before = await actingSignerOf(tx, unitId, periodId);
    await tx.delete(actingSigners).where(and(eq(actingSigners.unitId, unitId), eq(actingSigners.periodId, periodId)));
    await tx.insert(actingSigners).values({
      unitId,
      periodId,
      userId: user.id,
      namedBy: ctx.actor?.id as string,
      createdAt: ctx.clock(),
    });
    await audit(tx, ctx, {
      action: 'submission.acting_signer_name',
      subjectType: 'reporting_period',
      subjectId: periodId,
      details: { unitId, changes: { actingSigner: [before?.name ?? null, user.displayName] } },
    });
  });
  return present(ctx, periodId, unitId, await actingSignerOf(ctx.db, unitId, periodId));
}

export async function revokeActingSigner(ctx: Ctx, periodId: string): Promise<ActingSigner> {
  const unitId = await leaderUnit(ctx, periodId);
  await ctx.db.transaction(async (tx) => {
    const before = await actingSignerOf(tx, unitId, periodId);
    if (!before) return;
    await tx.delete(actingSigners).where(and(eq(actingSigners.unitId, unitId), eq(actingSigners.periodId, periodId)));
    await audit(tx, ctx, {
      action: 'submission.acting_signer_revoke',
      subjectType: 'reporting_period',
      subjectId: periodId,
      details: { unitId, changes: { actingSigner: [before.name, null] } },
    });
  });
  return present(ctx, periodId, unitId, null);
}
