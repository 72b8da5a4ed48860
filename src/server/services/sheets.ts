// 批量更新: a unit (or the office, for every unit) downloads its period sheet, fills status and progress
// offline, and uploads it. duban previews every change and every rejected cell with the reason, then
// applies all of it or nothing. Rows are matched by their key (编号, never by position), columns by their
// headers; formulas, merged cells, unknown statuses, other units' rows and stale rows are refused cell by
// cell. The upload is kept between preview and apply; apply validates again against the data as it is.
// 滞后/受阻 rows carry their reasons in the 滞后原因 column (names of the office's list, core/lag-reason-text.ts);
// a row whose reasons are missing or unknown is one more row error, so the upload applies nothing until it is
// mended — the one rule of this sheet.

import { and, asc, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { storedName } from '../../core/filetype.js';
import { formatLagReasons, OTHER_KEY, parseLagReasons } from '../../core/lag-reason-text.js';
import { SHEET_LIMITS } from '../../core/limits.js';
import { OFFICE_MIME } from '../../core/office.js';
import type { ItemStatus } from '../../core/status.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  itemReports,
  reportingPeriods,
  sheetUploads,
  sources,
  submissions,
  tasks,
  units,
} from '../db/schema.js';
import { restoreFormulaText } from '../documents/cells.js';
import { STATUS_ZH, statusZh } from '../documents/labels.js';
import { PERIOD_SHEET, type PeriodSheetRow, periodSheetXlsx } from '../documents/period-sheet.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { authorizeEver, taskScope } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { isLaggingStatus, readLagReasons } from './lag-reasons.js';
import { type StreamedSheet, streamSheetRows } from './sheet-reader.js';
import { EDITABLE, updateItemIn } from './submissions.js';

export const MAX_SHEET_BYTES = SHEET_LIMITS.maxBytes;
const STATUS_OF = new Map<string, ItemStatus>(
  Object.entries(STATUS_ZH).flatMap(([k, v]) => [
    [v, k as ItemStatus],
    [k, k as ItemStatus],
  ]),
);
type Field = 'status' | 'lagReasons' | 'progress' | 'problems' | 'nextSteps';
const EDITABLE_FIELDS: readonly Field[] = ['status', 'lagReasons', 'progress', 'problems', 'nextSteps'];
const REASONS_HEADER = '滞后原因';

/** A row of the period sheet, with what the upload checks it against. */
interface Item extends PeriodSheetRow {
  unitId: string;
  submissionStatus: (typeof submissions.$inferSelect)['status'];
}

async function periodFor(db: Db, periodId: string) {
  const [period] = await db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId));
  if (!period) throw notFound('报告期', 'reporting period');
  return period;
}

/** The items of the period's submissions the actor may edit (or, for the office, read). */
async function itemsOf(ctx: Ctx, periodId: string, unitId?: string): Promise<Item[]> {
  authorizeEver(ctx.actor, 'submissions.read');
  const scope = taskScope(ctx.actor, 'submissions.read');
  const where = [eq(submissions.periodId, periodId)];
  if (scope !== 'all') where.push(eq(submissions.unitId, scope.unitId));
  else if (unitId) where.push(eq(submissions.unitId, unitId));
  const rows = await ctx.db
    .select({
      id: itemReports.id,
      version: itemReports.version,
      unitId: submissions.unitId,
      unitName: units.name,
      submissionStatus: submissions.status,
      level: sources.level,
      number: tasks.number,
      text: tasks.text,
      status: itemReports.status,
      progress: itemReports.progress,
      problems: itemReports.problems,
      nextSteps: itemReports.nextSteps,
      lagReasons: itemReports.lagReasons,
      lagReasonText: itemReports.lagReasonText,
    })
    .from(itemReports)
    .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
    .innerJoin(units, eq(units.id, submissions.unitId))
    .innerJoin(assignments, eq(assignments.id, itemReports.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(and(...where))
    .orderBy(asc(units.name), asc(sources.index), asc(tasks.position));
  return rows;
}

/** The sheet to fill in: the submission items with a key column, a status drop-down, frozen and filtered. */
export async function periodSheet(ctx: Ctx, periodId: string, unitId?: string): Promise<Buffer> {
  authorizeEver(ctx.actor, 'submissions.read');
  const period = await periodFor(ctx.db, periodId);
  const [items, reasons] = await Promise.all([itemsOf(ctx, periodId, unitId), readLagReasons(ctx.db)]);
  return periodSheetXlsx(period.label, items, reasons);
}

export interface SheetChange {
  itemReportId: string;
  row: number;
  unit: string;
  task: string;
  field: Field;
  from: string;
  to: string;
}
export interface SheetError {
  row: number | null;
  column: string | null;
  value: string | null;
  code: string;
  message: { zh: string; en: string };
}
export interface SheetPreview {
  uploadId: string;
  rows: number;
  changes: SheetChange[];
  errors: SheetError[];
  appliedAt: string | null;
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
};

/** Reads an uploaded sheet against the data as it is now, row by row as it streams (sheet-reader.ts). */
async function analyse(
  ctx: Ctx,
  periodId: string,
  bytes: Buffer,
): Promise<Omit<SheetPreview, 'uploadId' | 'appliedAt'>> {
  const errors: SheetError[] = [];
  const err = (row: number | null, column: string | null, value: string | null, code: string, zh: string, en: string) =>
    errors.push({ row, column, value, code, message: { zh, en } });
  const nameOf: Record<Field, string> = {
    status: '状态',
    lagReasons: REASONS_HEADER,
    progress: '本期进展',
    problems: '存在问题',
    nextSteps: '下步打算',
  };
  const [itemRows, reasonList] = await Promise.all([itemsOf(ctx, periodId), readLagReasons(ctx.db)]);
  const items = new Map(itemRows.map((i) => [i.id, i]));
  const reasonOf = new Map(reasonList.map((r) => [r.key, r]));
  const reasonOrder = reasonList.map((r) => r.key);
  /** A cell's reasons as the office's order writes them, so that only a real change is one. */
  const reasonsText = (keys: readonly string[], text: string | null) =>
    formatLagReasons(
      [...keys].sort((a, b) => reasonOrder.indexOf(a) - reasonOrder.indexOf(b)),
      text,
      reasonList,
    );
  const changes: SheetChange[] = [];
  const seen = new Set<string>();
  let rows = 0;
  // Columns by header text, wherever they were moved.
  const header = new Map<string, number>();
  const headerText = new Map<number, string>();
  let colOf: Partial<Record<Field | 'key', number>> | null = null;
  const columns = () => {
    if (colOf) return colOf;
    const missing = ['编号', '状态', '本期进展'].filter((h) => !header.has(h));
    if (missing.length) {
      throw badRequest(
        'sheet_columns_missing',
        `缺少列：${missing.join('、')}（请使用下载的报送表，不要修改表头）。`,
        `Missing columns: ${missing.join(', ')} (use the downloaded sheet and keep its headers).`,
        { missing, found: [...header.keys()] },
      );
    }
    colOf = {
      key: header.get('编号'),
      status: header.get('状态'),
      progress: header.get('本期进展'),
      problems: header.get('存在问题'),
      nextSteps: header.get('下步打算'),
      lagReasons: header.get(REASONS_HEADER),
    };
    return colOf;
  };
  const found = await streamSheetRows(
    bytes,
    SHEET_LIMITS,
    (names) => (names.includes(PERIOD_SHEET) ? PERIOD_SHEET : names[0]),
    (row, valueRows, sheet) => {
      const r = row.number;
      if (r === 1) {
        row.eachCell((cell, col) => {
          header.set(cellText(cell.value).trim(), col);
          headerText.set(col, String(cell.value));
        });
        return;
      }
      const colOf = columns();
      if (!row.hasValues) return;
      rows = valueRows;
      if (rows > SHEET_LIMITS.maxRows) {
        rows = SHEET_LIMITS.maxRows;
        err(
          r,
          null,
          null,
          'sheet_too_many_rows',
          `行数超过上限 ${SHEET_LIMITS.maxRows}。`,
          `More than ${SHEET_LIMITS.maxRows} rows.`,
        );
        return false;
      }
      analyseRow(r, row, sheet, colOf);
    },
  );
  if (found === 'not_xlsx')
    throw badRequest('sheet_not_xlsx', '请上传 .xlsx 格式的报送表。', 'Upload the sheet as an .xlsx file.');
  if (found === 'unreadable')
    throw badRequest('sheet_unreadable', '无法读取该 Excel 文件。', 'This Excel file cannot be read.');
  if (found === 'no_sheet') throw badRequest('sheet_empty', '文件中没有工作表。', 'The file has no worksheet.');
  columns();
  return { rows, changes, errors };

  function analyseRow(
    r: number,
    row: ExcelJS.Row,
    sheet: StreamedSheet,
    colOf: Partial<Record<Field | 'key', number>>,
  ) {
    for (const col of Object.values(colOf)) {
      if (col === undefined) continue;
      const cell = row.getCell(col);
      if (sheet.isMerged(r, col))
        err(r, headerText.get(col) ?? null, null, 'merged_cell', '不能合并单元格。', 'Merged cells are not accepted.');
      if (cell.type === ExcelJS.ValueType.Formula)
        err(
          r,
          headerText.get(col) ?? null,
          cellText(cell.formula),
          'formula',
          '请填写文字，不要使用公式。',
          'Type text, not a formula.',
        );
    }
    const key = cellText(row.getCell(colOf.key as number).value).trim();
    const [id, version] = key.split(':');
    const item = id ? items.get(id) : undefined;
    if (!item) {
      err(
        r,
        '编号',
        key,
        'row_unknown',
        '编号无效，或不是本单位本期的事项。',
        'Unknown key, or not an item of yours in this period.',
      );
      return;
    }
    if (seen.has(item.id)) {
      err(r, '编号', key, 'row_duplicate', '同一事项出现了两次。', 'The same item appears twice.');
      return;
    }
    seen.add(item.id);
    const values: Record<Field, string> = {
      status: restoreFormulaText(cellText(row.getCell(colOf.status as number).value).trim()),
      progress: restoreFormulaText(cellText(row.getCell(colOf.progress as number).value).trim()),
      problems: colOf.problems
        ? restoreFormulaText(cellText(row.getCell(colOf.problems).value).trim())
        : (item.problems ?? ''),
      nextSteps: colOf.nextSteps
        ? restoreFormulaText(cellText(row.getCell(colOf.nextSteps).value).trim())
        : (item.nextSteps ?? ''),
      // A sheet from before the column keeps the item's reasons as they are.
      lagReasons: colOf.lagReasons
        ? restoreFormulaText(cellText(row.getCell(colOf.lagReasons).value).trim())
        : reasonsText(item.lagReasons, item.lagReasonText),
    };
    // A blank status is 未填报: it leaves the item as it is (a chosen status is never cleared to blank).
    const status = values.status === '' ? item.status : STATUS_OF.get(values.status);
    if (status === undefined) {
      err(
        r,
        '状态',
        values.status,
        'status_invalid',
        `状态只能是：${Object.values(STATUS_ZH).join('、')}，或留空（未填报）。`,
        `Status must be one of ${Object.keys(STATUS_ZH).join(', ')}, or blank (not filled in).`,
      );
      return;
    }
    for (const f of ['progress', 'problems', 'nextSteps'] as const) {
      if (values[f].length > 5000)
        err(r, nameOf[f], null, 'text_too_long', '内容超过 5000 字。', 'Longer than 5000 characters.');
    }
    if (status === 'no_progress' && values.progress === '') {
      err(
        r,
        '本期进展',
        null,
        'no_progress_reason_required',
        '选择“本期无进展”时须在本期进展中说明原因。',
        'Marking an item “no progress this period” needs the reason in its progress text.',
      );
      return;
    }
    const reasons = checkReasons(r, item, status, values.lagReasons);
    if (reasons === null) return;
    const current: Record<Field, string> = {
      status: item.status ?? '',
      lagReasons: reasonsText(item.lagReasons, item.lagReasonText),
      progress: item.progress,
      problems: item.problems ?? '',
      nextSteps: item.nextSteps ?? '',
    };
    const next: Record<Field, string> = { ...values, status: status ?? '', lagReasons: reasons };
    const rowChanges = EDITABLE_FIELDS.filter((f) => current[f] !== next[f]);
    if (rowChanges.length === 0) return;
    if (String(item.version) !== version) {
      err(
        r,
        '编号',
        key,
        'row_stale',
        '下载后该事项已被他人修改，请重新下载报送表。',
        'This item changed since the sheet was downloaded; download it again.',
      );
      return;
    }
    if (!EDITABLE.includes(item.submissionStatus)) {
      err(
        r,
        null,
        null,
        'submission_state',
        '该单位报送已签字提交，不能再修改。',
        'That submission is signed and submitted; it cannot change.',
      );
      return;
    }
    for (const f of rowChanges) {
      changes.push({
        itemReportId: item.id,
        row: r,
        unit: item.unitName,
        task: `${item.number ?? ''} ${item.text}`.trim().slice(0, 60),
        field: f,
        from: f === 'status' ? statusZh(item.status) : current[f],
        to: f === 'status' ? statusZh(status) : next[f],
      });
    }
  }

  /**
   * The row's reasons as the item will carry them (the office's order), or null after a row error. The rules of
   * lagReasonsForEdit, cell by cell: 滞后/受阻 newly chosen, or reasons changed, need at least one known, active
   * reason (其他 with words); any other status takes none. An item reported lagging before reasons existed keeps
   * its blank cell while neither changes.
   */
  function checkReasons(r: number, item: Item, status: ItemStatus | null, cell: string): string | null {
    const fail = (code: string, zh: string, en: string) => {
      err(r, REASONS_HEADER, cell || null, code, zh, en);
      return null;
    };
    const parsed = parseLagReasons(cell, reasonList);
    if (!parsed.ok) {
      const names = reasonList.filter((x) => x.active).map((x) => x.labelZh);
      return fail(
        'lag_reason_unknown',
        `没有这项滞后原因：${parsed.unknown.join('、')}。可填：${names.join('、')}（其他原因写作“其他：具体原因”）。`,
        `Unknown reason for lagging: ${parsed.unknown.join(', ')}. Use the office's list: ${names.join(', ')} (other reasons as “其他：your words”).`,
      );
    }
    const text = parsed.text && parsed.text.length > 1000 ? null : parsed.text;
    if (parsed.text && text === null)
      return fail('text_too_long', '其他原因超过 1000 字。', 'The other reason is longer than 1000 characters.');
    const next = reasonsText(parsed.keys, text);
    if (!isLaggingStatus(status)) {
      if (parsed.keys.length > 0)
        return fail(
          'lag_reasons_not_lagging',
          '只有“滞后”或“受阻”的事项才填写滞后原因，请清空该格或改选状态。',
          'Only an item that is lagging or blocked carries reasons for lagging; clear the cell or change the status.',
        );
      return '';
    }
    const before = reasonsText(item.lagReasons, item.lagReasonText);
    if (status === item.status && next === before) return next;
    if (parsed.keys.length === 0)
      return fail(
        'lag_reason_required',
        `事项为“滞后”或“受阻”时，须在“${REASONS_HEADER}”列至少填写一项原因。`,
        `An item that is lagging or blocked needs at least one reason in the “${REASONS_HEADER}” column.`,
      );
    for (const key of parsed.keys) {
      const reason = reasonOf.get(key);
      if (reason && !reason.active && !item.lagReasons.includes(key))
        return fail(
          'lag_reason_inactive',
          `滞后原因“${reason.labelZh}”已停用，请选择其他原因。`,
          `The reason “${reason.labelEn ?? reason.labelZh}” is no longer in use; choose another.`,
        );
    }
    if (parsed.keys.includes(OTHER_KEY) && !text)
      return fail(
        'lag_reason_text_required',
        '选择“其他”原因时须写明具体原因，写作“其他：具体原因”。',
        'Choosing “other” as a reason for lagging needs the reason in words, written “其他：your words”.',
      );
    return next;
  }
}

async function loadUpload(ctx: Ctx, id: string) {
  const [u] = await ctx.db.select().from(sheetUploads).where(eq(sheetUploads.id, id));
  // Only the uploader sees an upload.
  if (!u || u.uploadedBy !== ctx.actor?.id) throw notFound('上传', 'upload');
  return u;
}

export async function uploadSheet(
  ctx: Ctx,
  periodId: string,
  file: { fileName: string; bytes: Buffer },
): Promise<SheetPreview> {
  authorizeEver(ctx.actor, 'submissions.edit');
  const period = await periodFor(ctx.db, periodId);
  if (period.locked) throw conflict('period_locked', '该报告期已锁定。', 'This reporting period is locked.');
  const result = await analyse(ctx, periodId, file.bytes);
  const [row] = await ctx.db
    .insert(sheetUploads)
    .values({
      periodId,
      uploadedBy: ctx.actor?.id ?? null,
      fileName: storedName(file.fileName, { ext: 'xlsx', mime: OFFICE_MIME.xlsx }, '报送表'),
      content: file.bytes,
      createdAt: ctx.clock(),
    })
    .returning({ id: sheetUploads.id });
  return { uploadId: row?.id as string, appliedAt: null, ...result };
}

/** Applies every change of a previewed upload in one transaction, or nothing. */
export async function applySheet(ctx: Ctx, uploadId: string): Promise<SheetPreview> {
  authorizeEver(ctx.actor, 'submissions.edit');
  const upload = await loadUpload(ctx, uploadId);
  if (upload.appliedAt) throw conflict('sheet_applied', '该报送表已导入。', 'This sheet was already applied.');
  const result = await analyse(ctx, upload.periodId, upload.content);
  if (result.errors.length) {
    throw badRequest(
      'sheet_invalid',
      `报送表有 ${result.errors.length} 处错误，未导入任何内容。`,
      `The sheet has ${result.errors.length} errors; nothing was applied.`,
      {
        errors: result.errors,
      },
    );
  }
  const appliedAt = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(sheetUploads).where(eq(sheetUploads.id, uploadId)).for('update');
    if (locked?.appliedAt) throw conflict('sheet_applied', '该报送表已导入。', 'This sheet was already applied.');
    const byItem = new Map<string, Partial<Record<Field, string>>>();
    for (const c of result.changes) byItem.set(c.itemReportId, { ...byItem.get(c.itemReportId), [c.field]: c.to });
    const versions = new Map(
      (
        await tx
          .select({ id: itemReports.id, version: itemReports.version })
          .from(itemReports)
          .where(inArray(itemReports.id, [...byItem.keys(), '00000000-0000-0000-0000-000000000000']))
      ).map((v) => [v.id, v.version]),
    );
    const reasonList = await readLagReasons(tx);
    for (const [id, f] of byItem) {
      const reasons = f.lagReasons === undefined ? undefined : parseLagReasons(f.lagReasons, reasonList);
      await updateItemIn(tx, ctx, id, {
        version: versions.get(id) as number,
        ...(f.status ? { status: STATUS_OF.get(f.status) } : {}),
        ...(reasons?.ok ? { lagReasons: reasons.keys, lagReasonText: reasons.text } : {}),
        ...(f.progress !== undefined ? { progress: f.progress } : {}),
        ...(f.problems !== undefined ? { problems: f.problems || null } : {}),
        ...(f.nextSteps !== undefined ? { nextSteps: f.nextSteps || null } : {}),
      });
    }
    await tx.update(sheetUploads).set({ appliedAt }).where(eq(sheetUploads.id, uploadId));
    await audit(tx, ctx, {
      action: 'sheet.apply',
      subjectType: 'sheet_upload',
      subjectId: uploadId,
      details: { items: byItem.size, changed: result.changes.length },
    });
  });
  return { uploadId, appliedAt: appliedAt.toISOString(), ...result };
}
