// The office's supervision settings: when reminders go out, when they escalate, and how far an
// indicator may trail 序时进度 before its light turns yellow. One row in `settings`, defaults in code.

import { eq } from 'drizzle-orm';
import type { AuditAction } from '../../api/audit.js';
import { type SupervisionSettings, supervisionSettingsSchema } from '../../api/supervision.js';
import type { Db } from '../db/client.js';
import { settings } from '../db/schema.js';
import { authorize, authorizeEver } from '../policy.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';

const KEY = 'supervision';

export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  behindMargin: 0.1,
  remindBeforeDays: [5, 1],
  escalateToLeaderAfterDays: 3,
  proposeNoticeAfterDays: 7,
  coordinationUnansweredDays: 5,
};

/** The stored value of one settings row, undefined while the office has not set it. */
export async function readSetting(db: Db, key: string): Promise<unknown> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row?.value;
}

export async function readSupervisionSettings(db: Db): Promise<SupervisionSettings> {
  const parsed = supervisionSettingsSchema.safeParse(await readSetting(db, KEY));
  return parsed.success ? parsed.data : DEFAULT_SUPERVISION_SETTINGS;
}

export async function getSupervisionSettings(ctx: Ctx): Promise<SupervisionSettings> {
  authorizeEver(ctx.actor, 'supervision.read');
  return readSupervisionSettings(ctx.db);
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
  read: (db: Db) => Promise<T>,
  action: AuditAction,
): Promise<T> {
  await ctx.db.transaction(async (tx) => {
    const before = await read(tx);
    const row = { value, updatedBy: ctx.actor?.id ?? null, updatedAt: ctx.clock() };
    await tx
      .insert(settings)
      .values({ key, ...row })
      .onConflictDoUpdate({ target: settings.key, set: row });
    await audit(tx, ctx, {
      action,
      subjectType: 'settings',
      subjectId: key,
      details: { changes: diffChanges(before, value) },
    });
  });
  return value;
}
