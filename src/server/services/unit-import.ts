// 单位名录导入: the office's list of units and their aliases from an .xlsx, read through the accounts import's bounded
// reader (sheet-reader.ts, with its size and expansion limits), judged row by row against the directory — new,
// updated (aliases added, level or kind changed), unchanged, or an error with its reason — and written all or
// nothing. Aliases are only ever added here: removing one stays a deliberate edit on the units page.
//
// Names compare as the notice import matches them (unitNameKey: folded, without spaces), so a row cannot add a
// name the matcher would confuse with another unit's, alias or group.

import { eq } from 'drizzle-orm';
import type { UnitImportResult, UnitImportRow } from '../../api/unit-import.js';
import type { Unit } from '../../api/v1.js';
import { createUnitBodySchema, unitKindSchema, unitLevelSchema } from '../../api/v1.js';
import { type Bilingual, DubanError } from '../../core/errors.js';
import { ACCOUNT_LIMITS } from '../../core/limits.js';
import { unitNameKey } from '../../core/unit-names.js';
import type { Db } from '../db/client.js';
import { unitAliases, unitGroupAliases, unitGroups, units } from '../db/schema.js';
import { UNIT_KIND_ZH, UNIT_LEVEL_ZH } from '../documents/labels.js';
import { badRequest } from '../errors.js';
import { authorize } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { guessKind, insertUnit } from './directory.js';
import { streamSheetRows, tooManyRows } from './sheet-reader.js';

type Level = Unit['level'];
type Kind = Unit['kind'];

/** The accounts import's bounds: a district's directory (a few hundred units) fits them with room to spare. */
export const UNIT_IMPORT_LIMITS = ACCOUNT_LIMITS;

type Column = 'name' | 'aliases' | 'level' | 'kind';

/** Header cells, compared without any bracketed hint ("简称/别名（多个用、分隔）") and case-insensitively. */
const HEADERS: Record<string, Column> = {
  单位名称: 'name',
  名称: 'name',
  单位: 'name',
  name: 'name',
  unit: 'name',
  'unit name': 'name',
  '简称/别名': 'aliases',
  简称: 'aliases',
  别名: 'aliases',
  aliases: 'aliases',
  alias: 'aliases',
  层级: 'level',
  级别: 'level',
  level: 'level',
  单位类别: 'kind',
  类别: 'kind',
  kind: 'kind',
};

export const TEMPLATE_HEADERS: Record<Column, string> = {
  name: '单位名称',
  aliases: '简称/别名（多个用、分隔）',
  level: '层级',
  kind: '单位类别',
};

const headerKey = (text: string): Column | undefined =>
  HEADERS[
    text
      .replace(/[（(].*$/, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase()
  ];

/** The separators the units page's alias field accepts, plus line breaks within a cell. */
const ALIAS_SPLIT = /[、,，;；\n\r]+/;
const MAX_ALIASES = 20;

const LEVEL_BY_TEXT = new Map<string, Level>(
  unitLevelSchema.options.flatMap((code) => {
    const zh = UNIT_LEVEL_ZH[code];
    return [
      [code, code],
      [zh, code],
      [zh.replace(/级$/, ''), code],
    ] as [string, Level][];
  }),
);
const KIND_BY_TEXT = new Map<string, Kind>(
  unitKindSchema.options.flatMap((code) => [
    [code, code],
    [UNIT_KIND_ZH[code], code],
  ]),
);

interface SheetRow {
  row: number;
  name: string;
  aliases: string[];
  levelText: string;
  kindText: string;
}

const sheetInvalid = (zh: string, en: string) => badRequest('unit_sheet_invalid', zh, en);

/** The data rows of the first worksheet; refuses a file that is not a readable .xlsx or lacks the name column. */
async function readRows(bytes: Uint8Array): Promise<SheetRow[]> {
  const columns = new Map<number, Column>();
  const rows: SheetRow[] = [];
  let headerChecked = false;
  const checkHeader = () => {
    if (headerChecked) return;
    headerChecked = true;
    if (![...columns.values()].includes('name')) {
      throw sheetInvalid(
        '表格第 1 行缺少“单位名称”列，请使用单位名录模板。',
        'Row 1 of the sheet has no "单位名称" (unit name) column; use the unit directory template.',
      );
    }
  };
  const found = await streamSheetRows(
    bytes,
    UNIT_IMPORT_LIMITS,
    (names) => names[0],
    (sheetRow, valueRows) => {
      if (sheetRow.number === 1) {
        sheetRow.eachCell((cell, col) => {
          const key = headerKey(String(cell.text ?? ''));
          if (key && ![...columns.values()].includes(key)) columns.set(col, key);
        });
        return;
      }
      checkHeader();
      if (valueRows > UNIT_IMPORT_LIMITS.maxRows) throw tooManyRows(UNIT_IMPORT_LIMITS.maxRows);
      const values: Partial<Record<Column, string>> = {};
      for (const [col, key] of columns) values[key] = String(sheetRow.getCell(col).text ?? '').trim();
      const aliases = (values.aliases ?? '')
        .split(ALIAS_SPLIT)
        .map((a) => a.trim())
        .filter(Boolean);
      if (!values.name && aliases.length === 0) return;
      rows.push({
        row: sheetRow.number,
        name: values.name ?? '',
        aliases: [...new Set(aliases)],
        levelText: values.level ?? '',
        kindText: values.kind ?? '',
      });
    },
  );
  if (found === 'not_xlsx' || found === 'unreadable') {
    throw badRequest(
      'invalid_xlsx',
      '文件不是有效的 Excel（.xlsx）表格。',
      'The file is not a valid Excel (.xlsx) workbook.',
    );
  }
  if (found === 'no_sheet') throw sheetInvalid('表格中没有工作表。', 'The workbook has no worksheet.');
  checkHeader();
  if (rows.length === 0)
    throw sheetInvalid('表格中没有单位（第 2 行起为空）。', 'The sheet lists no unit (rows 2 on are empty).');
  return rows;
}

/** Who holds a name already: a live unit by its name or alias, a merged unit's old name, or a group. */
type Owner =
  | { type: 'unit'; unitId: string; unitName: string; viaAlias: boolean }
  | { type: 'merged'; unitName: string }
  | { type: 'group'; groupName: string };

interface Directory {
  units: Map<string, { id: string; name: string; level: string; kind: Kind }>;
  owners: Map<string, Owner>;
  aliasesOf: Map<string, Set<string>>;
}

/** The organisation's directory (another organisation's names are no concern of this sheet). */
async function loadDirectory(db: Db, organisationId: string): Promise<Directory> {
  // One after another: inside a transaction these share one connection.
  const unitRows = await db.select().from(units).where(eq(units.organisationId, organisationId));
  const aliasRows = await db.select().from(unitAliases).where(eq(unitAliases.organisationId, organisationId));
  const groupRows = await db
    .select({ id: unitGroups.id, name: unitGroups.name })
    .from(unitGroups)
    .where(eq(unitGroups.organisationId, organisationId));
  const groupAliasRows = await db
    .select()
    .from(unitGroupAliases)
    .where(eq(unitGroupAliases.organisationId, organisationId));
  const live = new Map(unitRows.filter((u) => !u.mergedIntoId).map((u) => [u.id, u]));
  const dir: Directory = { units: new Map(), owners: new Map(), aliasesOf: new Map() };
  const claim = (name: string, owner: Owner) => {
    const key = unitNameKey(name);
    if (!dir.owners.has(key)) dir.owners.set(key, owner);
  };
  for (const u of live.values()) {
    dir.units.set(unitNameKey(u.name), { id: u.id, name: u.name, level: u.level, kind: u.kind });
    claim(u.name, { type: 'unit', unitId: u.id, unitName: u.name, viaAlias: false });
  }
  for (const a of aliasRows) {
    const u = live.get(a.unitId);
    if (!u) continue;
    claim(a.alias, { type: 'unit', unitId: u.id, unitName: u.name, viaAlias: true });
    const set = dir.aliasesOf.get(u.id) ?? new Set<string>();
    set.add(unitNameKey(a.alias));
    dir.aliasesOf.set(u.id, set);
  }
  for (const u of unitRows) {
    if (!u.mergedIntoId) continue;
    claim(u.name, { type: 'merged', unitName: u.name });
  }
  const groupName = new Map(groupRows.map((g) => [g.id, g.name]));
  for (const g of groupRows) claim(g.name, { type: 'group', groupName: g.name });
  for (const a of groupAliasRows) claim(a.alias, { type: 'group', groupName: groupName.get(a.groupId) ?? a.alias });
  return dir;
}

function ownerReason(name: string, owner: Owner): Bilingual {
  switch (owner.type) {
    case 'unit':
      return owner.viaAlias
        ? {
            zh: `“${name}”已是单位“${owner.unitName}”的简称/别名。`,
            en: `"${name}" is already an alias of the unit "${owner.unitName}".`,
          }
        : {
            zh: `“${name}”已是单位“${owner.unitName}”的名称。`,
            en: `"${name}" is already the unit "${owner.unitName}".`,
          };
    case 'merged':
      return {
        zh: `“${name}”是已合并单位的原名称。`,
        en: `"${name}" is the former name of a merged unit.`,
      };
    case 'group':
      return {
        zh: `“${name}”已是单位集合“${owner.groupName}”的名称或别名。`,
        en: `"${name}" is already the name or an alias of the unit group "${owner.groupName}".`,
      };
  }
}

const nameValid = (name: string) => createUnitBodySchema.shape.name.safeParse(name).success;

/** Judges every row against the directory and the rows above it. Pure: nothing is written. */
function judge(rows: SheetRow[], dir: Directory): UnitImportRow[] {
  /** Names claimed by earlier rows of the file: key → the row that claimed it. */
  const inFile = new Map<string, number>();
  return rows.map((r) => {
    const reasons: Bilingual[] = [];
    const level = r.levelText ? (LEVEL_BY_TEXT.get(r.levelText.toLowerCase()) ?? null) : null;
    const kind = r.kindText ? (KIND_BY_TEXT.get(r.kindText.toLowerCase()) ?? null) : null;
    const nameKey = unitNameKey(r.name);
    // One spelling per name: the unit's own name and a second spelling of an alias (区发改 局) are dropped.
    const seen = new Set([nameKey]);
    const aliases = r.aliases.filter((a) => {
      const key = unitNameKey(a);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (!r.name) reasons.push({ zh: '缺少单位名称。', en: 'The unit name is missing.' });
    else if (!nameValid(r.name))
      reasons.push({ zh: `单位名称“${r.name}”应为 2–60 个字。`, en: `The unit name must be 2–60 characters.` });
    for (const a of aliases) {
      if (!nameValid(a))
        reasons.push({ zh: `别名“${a}”应为 2–60 个字。`, en: `The alias "${a}" must be 2–60 characters.` });
    }
    if (aliases.length > MAX_ALIASES)
      reasons.push({ zh: `别名超过 ${MAX_ALIASES} 个。`, en: `More than ${MAX_ALIASES} aliases.` });
    if (r.levelText && !level)
      reasons.push({
        zh: `未知层级“${r.levelText}”（可填 省级、市级、区级、县级）。`,
        en: `Unknown level "${r.levelText}" (省级, 市级, 区级 or 县级).`,
      });
    if (r.kindText && !kind)
      reasons.push({
        zh: `未知单位类别“${r.kindText}”（可填 ${Object.values(UNIT_KIND_ZH).join('、')}）。`,
        en: `Unknown unit kind "${r.kindText}" (${Object.values(UNIT_KIND_ZH).join(', ')}).`,
      });

    // Within the file: a name or alias an earlier row already uses.
    for (const n of r.name ? [r.name, ...aliases] : aliases) {
      const earlier = inFile.get(unitNameKey(n));
      if (earlier !== undefined)
        reasons.push({ zh: `“${n}”与第 ${earlier} 行重复。`, en: `"${n}" repeats row ${earlier}.` });
    }
    for (const n of r.name ? [r.name, ...aliases] : aliases) {
      const key = unitNameKey(n);
      if (!inFile.has(key)) inFile.set(key, r.row);
    }

    // Against the directory: the row's unit by its exact name; every other claim on its names is a clash.
    const existing = r.name ? dir.units.get(nameKey) : undefined;
    if (r.name && !existing) {
      const owner = dir.owners.get(nameKey);
      if (owner) reasons.push(ownerReason(r.name, owner));
    }
    const own = existing ? (dir.aliasesOf.get(existing.id) ?? new Set<string>()) : new Set<string>();
    const added: string[] = [];
    for (const a of aliases) {
      const key = unitNameKey(a);
      if (own.has(key)) continue;
      const owner = dir.owners.get(key);
      if (owner) reasons.push(ownerReason(a, owner));
      else added.push(a);
    }

    const base = { row: r.row, name: r.name, aliases, level, kind, unitId: existing?.id ?? null };
    if (reasons.length > 0) {
      return {
        ...base,
        addedAliases: [],
        outcome: 'error' as const,
        reason: { zh: reasons.map((x) => x.zh).join(''), en: reasons.map((x) => x.en).join(' ') },
      };
    }
    if (!existing) return { ...base, addedAliases: added, outcome: 'new' as const, reason: null };
    const changed = added.length > 0 || (level && level !== existing.level) || (kind && kind !== existing.kind);
    return {
      ...base,
      addedAliases: added,
      outcome: changed ? ('updated' as const) : ('unchanged' as const),
      reason: null,
    };
  });
}

function result(rows: UnitImportRow[], applied: boolean): UnitImportResult {
  const counts = { new: 0, updated: 0, unchanged: 0, error: 0 };
  for (const r of rows) counts[r.outcome]++;
  return { applied, counts, rows };
}

/**
 * Reads the sheet and judges each row; with `dryRun` that is the answer, otherwise every row is written in one
 * transaction with one audit entry — or, if any row is an error, nothing (400 with the rows' reasons).
 */
export async function importUnits(
  ctx: Ctx,
  bytes: Uint8Array,
  options: { dryRun: boolean },
): Promise<UnitImportResult> {
  authorize(ctx.actor, 'directory.write');
  const { organisationId } = ctx.actor;
  const sheet = await readRows(bytes);
  if (options.dryRun) return result(judge(sheet, await loadDirectory(ctx.db, organisationId)), false);

  return ctx.db.transaction(async (tx) => {
    // Judged again inside the write: the directory may have changed since the preview.
    const rows = judge(sheet, await loadDirectory(tx, organisationId));
    const errors = rows.filter((r) => r.outcome === 'error');
    if (errors.length > 0) {
      throw new DubanError(
        'unit_sheet_rows_invalid',
        {
          zh: `表格有 ${errors.length} 行无法导入，未写入任何单位：${errors
            .slice(0, 3)
            .map((e) => `第 ${e.row} 行 ${e.reason?.zh}`)
            .join('；')}`,
          en: `${errors.length} rows of the sheet cannot be imported; nothing was written. First: row ${errors[0]?.row}: ${errors[0]?.reason?.en}`,
        },
        400,
        { rows: errors },
      );
    }
    const written: UnitImportRow[] = [];
    for (const r of rows) {
      if (r.outcome === 'new') {
        const id = await insertUnit(tx, organisationId, {
          name: r.name,
          level: r.level ?? 'district',
          kind: r.kind ?? guessKind(r.name),
          aliases: r.addedAliases,
        });
        written.push({ ...r, unitId: id });
        continue;
      }
      if (r.outcome === 'updated' && r.unitId) {
        const set: Partial<typeof units.$inferInsert> = {};
        if (r.level) set.level = r.level;
        if (r.kind) set.kind = r.kind;
        if (Object.keys(set).length > 0) await tx.update(units).set(set).where(eq(units.id, r.unitId));
        if (r.addedAliases.length > 0)
          await tx
            .insert(unitAliases)
            .values(r.addedAliases.map((alias) => ({ organisationId, alias, unitId: r.unitId as string })));
      }
      written.push(r);
    }
    const out = result(written, true);
    await audit(tx, ctx, {
      action: 'unit.import',
      subjectType: 'unit_directory',
      details: {
        counts: out.counts,
        created: written.filter((r) => r.outcome === 'new').map((r) => ({ id: r.unitId, name: r.name })),
        updated: written
          .filter((r) => r.outcome === 'updated')
          .map((r) => ({ id: r.unitId, name: r.name, addedAliases: r.addedAliases, level: r.level, kind: r.kind })),
      },
    });
    return out;
  });
}
