// What an import draft keeps besides its task and warning rows: a summary computed once, off the request
// thread, from the parse (per source and section, per unit). Pure: used by the parser's worker.

import type { ImportPreview } from '../../api/v1.js';
import type { ParseResult } from '../../core/parse/index.js';

type UnitLevel = NonNullable<ImportPreview['units'][number]['level']>;

export interface DraftSummary {
  /** Marks the draft format (a pre-draft upload stored the whole ParseResult here). */
  draft: 1;
  document: ParseResult['document'];
  sources: ImportPreview['sources'];
  /** Every unit the notice names, with its printed (or inferred) level and how many tasks name it. */
  units: { name: string; level: UnitLevel | null; taskCount: number }[];
  taskCount: number;
  warningCount: number;
  revises?: ImportPreview['revises'];
  /** Bumped by every correction, undo or reset (services/import-corrections.ts): a confirm sees whether it moved. */
  revision?: number;
  /** How many corrections the draft carries now. */
  corrections?: number;
}

export function summarize(parse: ParseResult): DraftSummary {
  const units = new Map<string, { name: string; level: UnitLevel | null; taskCount: number }>();
  for (const t of parse.tasks) {
    for (const a of t.assignments) {
      const u = units.get(a.unit) ?? { name: a.unit, level: null, taskCount: 0 };
      u.level ??= a.level;
      units.set(a.unit, u);
    }
    for (const name of new Set(t.assignments.map((a) => a.unit)))
      (units.get(name) as { taskCount: number }).taskCount++;
  }
  const sources = parse.sources.map((s) => {
    const bySection = new Map<string, { path: string[]; taskCount: number }>();
    let taskCount = 0;
    for (const t of parse.tasks) {
      if (t.source !== s.index) continue;
      taskCount++;
      const key = t.section.join('\u0000');
      const entry = bySection.get(key) ?? { path: t.section, taskCount: 0 };
      entry.taskCount++;
      bySection.set(key, entry);
    }
    return { ...s, taskCount, sections: [...bySection.values()] };
  });
  return {
    draft: 1,
    document: parse.document,
    sources,
    units: [...units.values()],
    taskCount: parse.tasks.length,
    warningCount: parse.warnings.length,
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what PostgreSQL cannot store
const UNSTORABLE = /[\u0000\ud800-\udfff]/;

/**
 * The parse result made fit for PostgreSQL, in place: a NUL in the file's text is dropped and an unpaired UTF-16
 * surrogate becomes U+FFFD (PostgreSQL refuses both; a stray byte must not turn an upload into a 500). Only
 * strings that hold such a character are rewritten; a walk, not a JSON round trip, since drafts are large.
 */
export function storable<T>(value: T): T {
  return clean(value) as T;
}

function clean(v: unknown): unknown {
  if (typeof v === 'string') {
    return UNSTORABLE.test(v)
      ? v
          .replaceAll('\u0000', '')
          .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      : v;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = clean(v[i]);
  } else if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = clean(o[k]);
  }
  return v;
}
