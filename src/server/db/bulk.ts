// Many rows in one statement with one parameter: the rows go as a JSON array that PostgreSQL turns into
// records of the table (jsonb_populate_recordset). Binding ten thousand parameters cost more than the insert
// itself (seconds per 100,000 rows, and on PGlite all of it on the request thread); one JSON text costs little.

import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

/**
 * Inserts rows given as Drizzle insert objects. Columns are those any row sets; a row without one gets null
 * there (not the column default), so callers set every column they name in any row.
 */
export async function insertMany<T extends PgTable>(
  db: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = new Set<string>();
  for (const row of rows) for (const [k, v] of Object.entries(row)) if (v !== undefined && k in columns) keys.add(k);
  const names = [...keys].map((k) => [k, (columns[k] as { name: string }).name] as const);
  const payload = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, name] of names) {
      const v = (row as Record<string, unknown>)[k];
      out[name] = v instanceof Date ? v.toISOString() : (v ?? null);
    }
    return out;
  });
  const list: SQL = sql.join(
    names.map(([, name]) => sql.identifier(name)),
    sql`, `,
  );
  await db.execute(
    sql`insert into ${table} (${list}) select ${list} from jsonb_populate_recordset(null::${table}, ${JSON.stringify(payload)}::jsonb)${options.onConflictDoNothing ? sql` on conflict do nothing` : sql``}`,
  );
}
