// The office's supervision settings: when reminders go out, when they escalate, and how far an
// indicator may trail 序时进度 before its light turns yellow. One row in `settings`, defaults in code.

import { and, eq } from 'drizzle-orm';
import type { AuditAction } from '../../api/audit.js';
import { type SupervisionSettings, supervisionSettingsSchema } from '../../api/supervision.js';
import type { Db } from '../db/client.js';
import { settings } from '../db/schema.js';
import { authorize, authorizeEver } from '../policy.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';
import { defaultOrganisationId, organisationOf } from './organisations.js';

const KEY = 'supervision';

export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  behindMargin: 0.1,
  remindBeforeDays: [5, 1],
  escalateToLeaderAfterDays: 3,
  proposeNoticeAfterDays: 7,
  coordinationUnansweredDays: 5,
};

/**
 * The stored value of one settings row of an organisation, undefined while it has not set it. Readers that do not
 * yet know their organisation (the scheduler, lights; decision 0010's step 2 passes it everywhere) read the default
 * one's.
 */
export async function readSetting(db: Db, key: string, organisationId?: string): Promise<unknown> {
  const organisation = organisationId ?? (await defaultOrganisationId(db));
  const [row] = await db
    .select()
    .from(settings)
    .where(and(eq(settings.organisationId, organisation), eq(settings.key, key)));
  return row?.value;
}

export async function readSupervisionSettings(db: Db, organisationId?: string): Promise<SupervisionSettings> {
  const parsed = supervisionSettingsSchema.safeParse(await readSetting(db, KEY, organisationId));
  return parsed.success ? parsed.data : DEFAULT_SUPERVISION_SETTINGS;
}

export async function getSupervisionSettings(ctx: Ctx): Promise<SupervisionSettings> {
  authorizeEver(ctx.actor, 'supervision.read');
  return readSupervisionSettings(ctx.db, ctx.actor.organisationId);
}

export async function updateSupervisionSettings(ctx: Ctx, value: SupervisionSettings): Promise<SupervisionSettings> {
  authorize(ctx.actor, 'supervision.manage');
  return writeSetting(ctx, KEY, value, readSupervisionSettings, 'settings.update');
}

/**
 * Writes one settings row (the supervision settings, the evaluation weights) in a transaction, with the
 * audit entry naming each changed field against what was stored. The caller has authorized the write.
 */
export async function writeSetting<T extends object>(
  ctx: Ctx,
  key: string,
  value: T,
  read: (db: Db, organisationId: string) => Promise<T>,
  action: AuditAction,
): Promise<T> {
  const organisationId = await organisationOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const before = await read(tx, organisationId);
    const row = { value, updatedBy: ctx.actor?.id ?? null, updatedAt: ctx.clock() };
    await tx
      .insert(settings)
      .values({ organisationId, key, ...row })
      .onConflictDoUpdate({ target: [settings.organisationId, settings.key], set: row });
    await audit(tx, ctx, {
      action,
      subjectType: 'settings',
      subjectId: key,
      details: { changes: diffChanges(before, value) },
    });
  });
  return value;
}
