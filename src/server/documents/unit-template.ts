// The unit directory template (单位名录模板.xlsx): the columns the import reads, drop-downs for the level and the kind,
// and a 填写说明 sheet with an example (not a sample row: one left in would become a unit). The import reads the
// first sheet, so the instructions come second.

import ExcelJS from 'exceljs';
import { UNIT_KIND_ZH, UNIT_LEVEL_ZH } from './labels.js';

export interface UnitTemplateColumns {
  name: string;
  aliases: string;
  level: string;
  kind: string;
}

/** exceljs' worksheet.dataValidations, present at run time but missing from its typings (4.4). */
interface DataValidations {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

/** Rows the template's drop-downs cover (the import's own row limit is the accounts import's). */
const VALIDATED_ROWS = 1000;

export async function unitTemplateXlsx(headers: UnitTemplateColumns): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'duban';
  const sheet = book.addWorksheet('单位名录', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: headers.name, key: 'name', width: 30 },
    { header: headers.aliases, key: 'aliases', width: 40 },
    { header: headers.level, key: 'level', width: 10 },
    { header: headers.kind, key: 'kind', width: 16 },
  ];
  sheet.getRow(1).font = { bold: true };
  const levels = `"${Object.values(UNIT_LEVEL_ZH).join(',')}"`;
  const kinds = `"${Object.values(UNIT_KIND_ZH).join(',')}"`;
  // As ranges, not per cell: cells with a validation would be rows, and a row added to the template would land
  // below them (exceljs' addRow), as would Excel's own "next empty row".
  const validations = (sheet as unknown as { dataValidations: DataValidations }).dataValidations;
  validations.add(`C2:C${VALIDATED_ROWS + 1}`, { type: 'list', allowBlank: true, formulae: [levels] });
  validations.add(`D2:D${VALIDATED_ROWS + 1}`, { type: 'list', allowBlank: true, formulae: [kinds] });
  const about = book.addWorksheet('填写说明');
  about.getColumn(1).width = 100;
  for (const line of [
    '单位名录导入说明',
    '1. 每行一个单位，“单位名称”必填，写单位全称（如“区发展和改革局”），以此匹配名录中已有的单位。',
    '2. “简称/别名”可写多个，用顿号“、”分隔；通知中出现的简称（如“区发改局”）会据此对应到该单位。已有单位只会增加别名，不会删除。',
    `3. “层级”可填：${Object.values(UNIT_LEVEL_ZH).join('、')}，留空时新单位按区级。`,
    `4. “单位类别”可填：${Object.values(UNIT_KIND_ZH).join('、')}，留空时按名称推断。`,
    '5. 上传后先预览每一行的结果（新增、更新、无变化、错误），全部无误后点“确认导入”，一次性写入。',
    '示例：区发展和改革局 | 区发改局、区发展改革局 | 区级 | 政府部门',
  ]) {
    about.addRow([line]);
  }
  about.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
