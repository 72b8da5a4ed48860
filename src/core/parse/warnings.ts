// Parser warnings: one catalog of bilingual messages, one collector. The JSON carries the message
// in the requested locale; the code and line are what tools should key on.

import type { Bilingual } from '../errors.js';
import type { Locale, ParseWarning, WarningCode } from './types.js';

type Params = Record<string, string | number>;

const CATALOG: Record<WarningCode, (p: Params) => Bilingual> = {
  unit_level_mismatch: (p) => ({
    zh: `${p.task}：“${p.label}”下列出的“${p.unit}”看起来是${p.nameLevelZh}单位，请核对层级。`,
    en: `${p.task}: "${p.unit}" is listed under "${p.label}" but looks like a ${p.nameLevel} unit; check the level.`,
  }),
  unit_alias: (p) => ({
    zh: `“${p.a}”（第${p.lineA}行）与“${p.b}”（第${p.lineB}行）疑似同一单位的不同写法。`,
    en: `"${p.a}" (line ${p.lineA}) and "${p.b}" (line ${p.lineB}) look like two spellings of one unit.`,
  }),
  implausible_figure: (p) => ({
    zh: `${p.task}：“${p.text}”数值异常（${p.value}${p.unit}），疑似小数点缺失，请核对原文。`,
    en: `${p.task}: implausible figure "${p.text}" (${p.value}${p.unit}); a decimal point may be missing.`,
  }),
  task_without_units: (p) => ({
    zh: `${p.task}未写明牵头或责任单位。`,
    en: `${p.task} names no lead or responsible unit.`,
  }),
  number_sequence: (p) => ({
    zh: `任务编号不连续：应为 ${p.expected}，实为 ${p.found}。`,
    en: `Task numbers out of sequence: expected ${p.expected}, found ${p.found}.`,
  }),
  unplaced_line: (p) => ({
    zh: `无法归入任何任务的编号行：“${p.text}”。`,
    en: `Numbered line that could not be placed in any task: "${p.text}".`,
  }),
  numbered_line_as_heading: (p) => ({
    zh: `带单位说明的编号行被当作标题，未作为任务导入：“${p.text}”。`,
    en: `Numbered line with a unit note read as a heading, not imported as a task: "${p.text}".`,
  }),
  unit_note_without_task: (p) => ({
    zh: `单位说明不属于任何任务：“${p.text}”。`,
    en: `Unit note that belongs to no task: "${p.text}".`,
  }),
  empty_unit_note: (p) => ({
    zh: `${p.task}的单位说明中有空的单位项。`,
    en: `${p.task} has a unit label with no unit after it.`,
  }),
  unbalanced_bracket: (p) => ({
    zh: `${p.task}的单位说明缺少右括号。`,
    en: `${p.task}: the unit note's closing bracket is missing.`,
  }),
  table_row_misaligned: (p) => ({
    zh: `表格行无法对齐到表头（期望序号，实为“${p.text}”），已跳过该行。`,
    en: `Table row does not line up with the header (expected a number, found "${p.text}"); line skipped.`,
  }),
  table_row_inferred: (p) => ({
    zh: `表格行的单元格与表头列数不符，已按内容判断各列（请核对）：“${p.text}”。`,
    en: `Table row does not match the header's columns; cells were placed by their content (please check): "${p.text}".`,
  }),
  table_header_inferred: (p) =>
    p.none
      ? {
          zh: `表格没有表头，已按内容推断各列（${p.cells}），请核对。`,
          en: `The table has no header; its columns were inferred from the cells (${p.cells}), please check.`,
        }
      : {
          zh: `表头中有无法识别的列（${p.cells}），已忽略这些列。`,
          en: `Header columns not recognised (${p.cells}); those columns were ignored.`,
        },
  unknown_source_level: (p) => ({
    zh: `无法判断附件“${p.title}”属于省、市、区还是县的政府工作报告。`,
    en: `Cannot tell whether source "${p.title}" is a province, city, district or county report.`,
  }),
  no_task_found: () => ({
    zh: '文件中有单位说明或编号行，但没有读出任何任务：请在预览中补充任务，或检查文件格式。',
    en: 'The file has unit notes or numbered lines but no task could be read: add the tasks in the preview, or check the file.',
  }),
  attachment_count: (p) => ({
    zh: `通知列出 ${p.listed} 个附件，实际找到 ${p.found} 个。`,
    en: `The notice lists ${p.listed} attachments but ${p.found} were found.`,
  }),
};

export class WarningList {
  readonly items: ParseWarning[] = [];
  constructor(private readonly locale: Locale) {}

  add(code: WarningCode, line: number, params: Params = {}): void {
    const m = CATALOG[code](params);
    this.items.push({ code, line, message: this.locale === 'en' ? m.en : m.zh });
  }
}

const LEVEL_ZH: Record<string, string> = {
  province: '省级',
  city: '市级',
  district: '区级',
  county: '县级',
  national: '国家级',
};

export function levelZh(level: string): string {
  return LEVEL_ZH[level] ?? level;
}

const LEVEL_SHORT_ZH: Record<string, string> = {
  province: '省',
  city: '市',
  district: '区',
  county: '县',
  national: '国家',
};

/** How a warning names a task: 省第2项 / province task 2. */
export function taskName(level: string, sourceIndex: number, number: string | null, locale: Locale): string {
  const zhSource = LEVEL_SHORT_ZH[level] ?? `附件${sourceIndex}`;
  const enSource = level === 'unknown' ? `source ${sourceIndex}` : level;
  if (locale === 'en') return number ? `${enSource} task ${number}` : `an unnumbered ${enSource} task`;
  return number ? `${zhSource}第${number}项` : `${zhSource}一项无编号任务`;
}
