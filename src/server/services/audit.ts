// The audit log: one append-only, hash-chained entry per write, written in the write's own
// transaction. Each entry's hash covers the previous entry's hash, so editing or deleting any
// entry breaks the chain (issue 7 adds `duban audit verify`).

import { createHash } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { auditEntries } from '../db/schema.js';
import type { Ctx } from './context.js';

/** Any number; taken only here, so concurrent writers on PostgreSQL extend the chain one at a time. */
const AUDIT_LOCK = 4_207_113_901;

export interface AuditRecord {
  action: string;
  subjectType?: string;
  subjectId?: string;
  details?: unknown;
}

export function entryHash(prevHash: string | null, e: Record<string, unknown>): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update(JSON.stringify(e))
    .digest('hex');
}

/** Appends an entry; call it inside the transaction of the write it records. */
export async function audit(tx: Db, ctx: Pick<Ctx, 'actor' | 'ip' | 'clock'>, record: AuditRecord): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await tx
    .select({ hash: auditEntries.hash })
    .from(auditEntries)
    .orderBy(desc(auditEntries.id))
    .limit(1);
  const entry = {
    at: ctx.clock(),
    userId: ctx.actor?.id ?? null,
    action: record.action,
    subjectType: record.subjectType ?? null,
    subjectId: record.subjectId ?? null,
    ip: ctx.ip,
    details: record.details ?? null,
  };
  const prevHash = last?.hash ?? null;
  await tx
    .insert(auditEntries)
    .values({ ...entry, prevHash, hash: entryHash(prevHash, { ...entry, at: entry.at.toISOString() }) });
}
