// Organisations (docs/decisions/0010): the offices sharing one installation. Step 1 of that decision: every
// installation has the organisation 'default' (created by migration 0032, on an empty database as on an old
// one); the command line, the scheduler and first start act in it, through defaultOrganisationId alone.

import { asc, eq } from 'drizzle-orm';
import { DEFAULT_ORGANISATION_SLUG } from '../../api/constants.js';
import type { Db } from '../db/client.js';
import { type Organisation, organisations } from '../db/schema.js';

export { DEFAULT_ORGANISATION_SLUG };

/** The id of the default organisation. Never hard-code it: it is random, made by the migration. */
export async function defaultOrganisationId(db: Db): Promise<string> {
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.slug, DEFAULT_ORGANISATION_SLUG));
  // Migration 0032 inserts it and nothing deletes organisations: a database without it is not one of ours.
  if (!row) throw new Error(`The database has no organisation '${DEFAULT_ORGANISATION_SLUG}' (migration 0032).`);
  return row.id;
}

/** Every organisation, oldest first (the default one first: it was made by the migration). */
export async function listOrganisations(db: Db): Promise<Organisation[]> {
  return db.select().from(organisations).orderBy(asc(organisations.createdAt), asc(organisations.id));
}

/**
 * The organisation a write belongs to: the actor's; with no actor (first start, the scheduler), the default one.
 * Every insert of an organisation's row takes its organisation_id from here (or from the actor directly).
 */
export async function organisationOf(ctx: { db: Db; actor: { organisationId: string } | null }): Promise<string> {
  return ctx.actor?.organisationId ?? defaultOrganisationId(ctx.db);
}
