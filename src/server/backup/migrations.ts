// Which schema a backup's rows fit: the migrations applied to the database it came from, by hash (as drizzle's
// migrator records them), named by their tag (0004_task_reports) for people.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder } from '../db/client.js';

export interface LocalMigration {
  hash: string;
  tag: string;
}

/** The migrations this duban ships, oldest first. */
export async function localMigrations(): Promise<LocalMigration[]> {
  const journal = JSON.parse(await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  const tags = new Map(journal.entries.map((e) => [e.when, e.tag]));
  return readMigrationFiles({ migrationsFolder }).map((m) => ({
    hash: m.hash,
    tag: tags.get(m.folderMillis) ?? String(m.folderMillis),
  }));
}

/** The tag of the newest of these applied migrations, or its hash when this duban does not ship it. */
export async function migrationTag(applied: readonly string[]): Promise<string> {
  const last = applied[applied.length - 1];
  if (!last) return 'none';
  return (await localMigrations()).find((m) => m.hash === last)?.tag ?? `unknown:${last.slice(0, 12)}`;
}
