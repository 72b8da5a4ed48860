// The period sheet (报送表) a unit downloads, fills offline and uploads again (services/sheets.ts reads it back):
// one row per item with its key, a status drop-down, frozen and filtered, and a sheet of instructions.

import ExcelJS from 'exceljs';
import { formatLagReasons, OTHER_KEY, type ReasonName } from '../../core/lag-reason-text.js';
import type { ItemStatus } from '../../core/status.js';
import { safeRow } from './cells.js';
import { LEVEL_ZH, STATUS_ZH } from './labels.js';

/** The sheet's name; the reader takes it, or the first sheet when it was renamed. */
export const PERIOD_SHEET = '报送表';
const COLUMNS = [
  { header: '编号', key: 'key', width: 14 },
  { header: '单位', key: 'unit', width: 16 },
  { header: '来源', key: 'level', width: 6 },
  { header: '序号', key: 'number', width: 6 },
  { header: '任务内容', key: 'text', width: 50 },
  { header: '状态', key: 'status', width: 10 },
  { header: '滞后原因', key: 'lagReasons', width: 22 },
  { header: '本期进展', key: 'progress', width: 50 },
  { header: '存在问题', key: 'problems', width: 30 },
  { header: '下步打算', key: 'nextSteps', width: 30 },
] as const;

/** The 编号 column: the item and the version it had when the sheet was written (a stale row is refused). */
export const sheetKey = (i: { id: string; version: number }) => `${i.id}:${i.version}`;

export interface PeriodSheetRow {
  id: string;
  version: number;
  unitName: string;
  level: string;
  number: string | null;
  text: string;
  /** Null: nobody set it yet (未填报), written as a blank cell. */
  status: ItemStatus | null;
  progress: string;
  problems: string | null;
  nextSteps: string | null;
  /** Keys of the office's list (滞后/受阻 only) and the words of 其他. */
  lagReasons: string[];
  lagReasonText: string | null;
}

/** The sheet to fill in: the submission items with a key column, a status drop-down, frozen and filtered. */
export async function periodSheetXlsx(
  periodLabel: string,
  items: PeriodSheetRow[],
  reasons: readonly (ReasonName & { active: boolean })[],
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'duban';
  const sheet = book.addWorksheet(PERIOD_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ ...c }));
  for (const i of items) {
    sheet.addRow(
      safeRow({
        key: sheetKey(i),
        unit: i.unitName,
        level: LEVEL_ZH[i.level] ?? '',
        number: i.number ?? '',
        text: i.text,
        status: i.status === null ? '' : STATUS_ZH[i.status],
        lagReasons: formatLagReasons(i.lagReasons, i.lagReasonText, reasons),
        progress: i.progress,
        problems: i.problems ?? '',
        nextSteps: i.nextSteps ?? '',
      }),
    );
  }
  const statusList = `"${Object.values(STATUS_ZH).join(',')}"`;
  sheet.eachRow((row, n) => {
    row.alignment = { vertical: 'top', wrapText: true };
    // Blank is allowed: an item nobody set stays 未填报.
    if (n > 1) row.getCell('status').dataValidation = { type: 'list', allowBlank: true, formulae: [statusList] };
  });
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn('key').hidden = false;
  sheet.autoFilter = { from: 'A1', to: 'J1' };
  const about = book.addWorksheet('说明');
  about.addRow([`${periodLabel}进展报送表`]);
  about.addRow([
    `只修改“状态”“滞后原因”“本期进展”“存在问题”“下步打算”五列；“编号”列用于匹配，请勿改动。状态只能填：${Object.values(STATUS_ZH).join('、')}，或留空（未填报，已选的状态不会被清空）；选“本期无进展”须在“本期进展”中写明原因。`,
  ]);
  const names = reasons.filter((r) => r.active && r.key !== OTHER_KEY).map((r) => r.labelZh);
  const other = reasons.find((r) => r.key === OTHER_KEY)?.labelZh ?? '其他';
  about.addRow([
    `选“滞后”或“受阻”须填写滞后原因，可填一项或多项，用“、”或“，”分隔：${names.join('、')}；其他原因写作“${other}：具体原因”（放在最后）。其他状态不填滞后原因。`,
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
