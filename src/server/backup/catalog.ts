// What a backup holds, read from the database's own catalog rather than from schema.ts: every table of the public
// schema (but sessions and derived tables), its columns, its primary key, the foreign keys that fix the order of a restore, and the
// identity columns whose sequences a restore must reset. A table added by a future migration is backed up without
// anyone remembering to list it here.

import { sql } from 'drizzle-orm';
import { DubanError } from '../../core/errors.js';
import type { Db } from '../db/client.js';

/**
 * Sign-in sessions and throttles are not data: a restored system starts with everybody signed out and no delays.
 * Stored lights and their marks are derived (decision 0011): a restored database recomputes them at its first drain.
 */
export const SKIPPED_TABLES: readonly string[] = [
  'sessions',
  'sign_in_throttles',
  'sign_in_addresses',
  'item_lights',
  'light_marks',
];

/**
 * Tables a migration fills with defaults (the office's reasons for lagging): a freshly migrated database holds
 * those rows, so a restore does not count them as data already there and replaces them with the backup's.
 */
export const SEEDED_TABLES: readonly string[] = ['lag_reasons', 'organisations'];

export interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Single-column foreign keys to the table itself (units.merged_into_id → units.id): parents go first. */
  selfReferences: { column: string; references: string }[];
  identityColumns: string[];
}

/** The public tables in an order where every table comes after the tables it references. */
export async function readCatalog(db: Db): Promise<TableInfo[]> {
  const columns = await db.execute<{ table: string; column: string; identity: string }>(sql`
    select c.relname as "table", a.attname as "column", a.attidentity as identity
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`);
  const keys = await db.execute<{ table: string; column: string }>(sql`
    select c.relname as "table", a.attname as "column"
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(k.conkey) with ordinality as u(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum
    where n.nspname = 'public' and k.contype = 'p'
    order by c.relname, u.ord`);
  const foreign = await db.execute<{ table: string; referenced: string; columns: string[]; refcolumns: string[] }>(sql`
    select c.relname as "table", r.relname as referenced,
      array(select a.attname from unnest(k.conkey) with ordinality u(n, o)
            join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.o)::text[] as columns,
      array(select a.attname from unnest(k.confkey) with ordinality u(n, o)
            join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.o)::text[] as refcolumns
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class r on r.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and k.contype = 'f'`);

  const tables = new Map<string, TableInfo>();
  for (const row of columns.rows) {
    if (SKIPPED_TABLES.includes(row.table)) continue;
    const table = tables.get(row.table) ?? {
      name: row.table,
      columns: [],
      primaryKey: [],
      selfReferences: [],
      identityColumns: [],
    };
    table.columns.push(row.column);
    if (row.identity === 'a' || row.identity === 'd') table.identityColumns.push(row.column);
    tables.set(row.table, table);
  }
  for (const row of keys.rows) tables.get(row.table)?.primaryKey.push(row.column);
  const dependsOn = new Map<string, Set<string>>([...tables.keys()].map((t) => [t, new Set<string>()]));
  for (const row of foreign.rows) {
    const table = tables.get(row.table);
    if (!table) continue;
    if (row.referenced === row.table) {
      const [column] = row.columns;
      const [references] = row.refcolumns;
      if (row.columns.length !== 1 || !column || !references) throw cycle([row.table]);
      table.selfReferences.push({ column, references });
    } else if (tables.has(row.referenced)) {
      dependsOn.get(row.table)?.add(row.referenced);
    }
  }
  for (const table of tables.values()) {
    if (table.primaryKey.length === 0) table.primaryKey = [...table.columns];
  }

  // Kahn's algorithm, alphabetical among equals so every backup of one schema lists its tables in one order.
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  while (done.size < tables.size) {
    const ready = [...tables.keys()]
      .filter((t) => !done.has(t) && [...(dependsOn.get(t) ?? [])].every((d) => done.has(d)))
      .sort();
    if (ready.length === 0) throw cycle([...tables.keys()].filter((t) => !done.has(t)));
    for (const t of ready) {
      done.add(t);
      ordered.push(tables.get(t) as TableInfo);
    }
  }
  return ordered;
}

function cycle(tables: string[]): DubanError {
  return new DubanError(
    'backup_schema_unsupported',
    {
      zh: `数据表之间存在循环引用，无法确定恢复顺序：${tables.join('、')}。`,
      en: `The tables reference each other in a cycle, so no restore order exists: ${tables.join(', ')}.`,
    },
    500,
  );
}

/**
 * Rows of a self-referencing table with every parent before its children (a unit before the units merged into
 * it, a section before its subsections), so that any batch of them can be inserted on its own.
 */
export function parentsFirst(table: TableInfo, rows: Record<string, unknown>[]): Record<string, unknown>[] {
  if (table.selfReferences.length === 0) return rows;
  const key = (row: Record<string, unknown>, column: string) => JSON.stringify(row[column] ?? null);
  const placed = new Map<string, Set<string>>(table.selfReferences.map((r) => [r.references, new Set<string>()]));
  const out: Record<string, unknown>[] = [];
  let pending = rows;
  while (pending.length > 0) {
    const next: Record<string, unknown>[] = [];
    for (const row of pending) {
      const ready = table.selfReferences.every(
        (r) =>
          row[r.column] === null || row[r.column] === undefined || placed.get(r.references)?.has(key(row, r.column)),
      );
      if (!ready) {
        next.push(row);
        continue;
      }
      out.push(row);
      for (const r of table.selfReferences) placed.get(r.references)?.add(key(row, r.references));
    }
    if (next.length === pending.length) {
      // A reference to a row that is not there, or a loop: leave them to the database, which names the row.
      out.push(...next);
      break;
    }
    pending = next;
  }
  return out;
}
