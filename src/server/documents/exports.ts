// The Excel exports in the shapes offices already use streamed row by row with exceljs's
// WorkbookWriter so that a province-scale plan never sits in memory as one workbook:
//
//   台账 (ledger)       one sheet per source: 序号, 任务内容, 市级牵头单位, 区级牵头单位, 责任单位, 工作措施,
//                       时间节点, 责任人, 本期进展, 状态, 滞后原因, 存在问题
//   最多报一次 (upward) for province and city tasks, one sheet per city lead department (市级牵头单位):
//                       what the district reports to it — units, the district's share, progress, actuals,
//                       status and 滞后原因
// 滞后原因 names the office's reasons as the period sheet writes them (资金、其他：…, core/lag-reason-text.ts).

import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { TaskInstruction } from '../../api/instructions.js';
import { formatLagReasons, type ReasonName } from '../../core/lag-reason-text.js';
import { cstDate } from '../../core/time.js';
import type { assignments, indicators, itemReports, ledgers, milestones, sources, tasks } from '../db/schema.js';
import { safeRow } from './cells.js';
import { LEVEL_ZH, statusZh } from './labels.js';

/** One task with what the exports show of it (loaded by services/exports.ts). */
export interface TaskFacts {
  task: typeof tasks.$inferSelect;
  held: { a: typeof assignments.$inferSelect; unitName: string }[];
  ledger: Map<string, typeof ledgers.$inferSelect>;
  milestones: Map<string, (typeof milestones.$inferSelect)[]>;
  reports: Map<string, typeof itemReports.$inferSelect>;
  indicators: (typeof indicators.$inferSelect)[];
  targets: Map<string, number>;
  /** The task's 批示 as the exporting person may read them (services/instructions.ts `tasksInstructions`). */
  instructions: TaskInstruction[];
}

/** A source's tasks, a batch of facts at a time. */
export interface SourceFacts {
  source: Pick<typeof sources.$inferSelect, 'level' | 'index'>;
  batches: AsyncIterable<TaskFacts[]>;
}

/** An item report's reasons for lagging, or null when it gives none. */
const reasonsOf = (r: typeof itemReports.$inferSelect | undefined, reasons: readonly ReasonName[]) =>
  r && r.lagReasons.length > 0 ? formatLagReasons(r.lagReasons, r.lagReasonText, reasons) : null;

const lines = (parts: (string | null | undefined)[]) => parts.filter((p): p is string => Boolean(p)).join('\n');
const prefix = (name: string, text: string | null | undefined, many: boolean) =>
  text ? (many ? `${name}：${text}` : text) : null;

function setUp(sheet: ExcelJS.Worksheet, columns: { header: string; width: number }[]) {
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  head.commit();
}

const LEDGER_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '任务内容', width: 50 },
  { header: '市级牵头单位', width: 16 },
  { header: '区级牵头单位', width: 16 },
  { header: '责任单位', width: 22 },
  { header: '工作措施', width: 40 },
  { header: '时间节点', width: 28 },
  { header: '责任人', width: 20 },
  { header: '本期进展', width: 40 },
  { header: '状态', width: 10 },
  { header: '滞后原因', width: 24 },
  { header: '存在问题', width: 28 },
  { header: '领导批示及落实情况', width: 44 },
];

/** 李强 2025-06-03：请…（落实1/2，逾期）, then each answer it holds (区发改局：…). */
const instructionLines = (list: readonly TaskInstruction[]) =>
  lines(
    list.flatMap((i) => [
      `${i.author} ${cstDate(new Date(i.createdAt))}：${i.body}（落实${i.answered}/${i.total}${i.overdue ? '，逾期' : ''}）`,
      ...i.answers.map((a) => `${a.unit}：${a.answer}`),
    ]),
  );

/** Writes the 台账 workbook to `out` (the HTTP response), one sheet per source. */
export async function writeLedgerXlsx(
  out: Writable,
  sourceFacts: SourceFacts[],
  unitId: string | null,
  reasons: readonly ReasonName[],
): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'duban';
  for (const { source, batches } of sourceFacts) {
    const sheet = book.addWorksheet(`${LEVEL_ZH[source.level] ?? ''}${source.index}`.slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    setUp(sheet, LEDGER_COLUMNS);
    for await (const batch of batches) {
      for (const f of batch) {
        const mine = unitId ? f.held.filter((h) => h.a.unitId === unitId) : f.held;
        const many = mine.length > 1;
        const names = (pred: (h: TaskFacts['held'][number]) => boolean) =>
          [...new Set(f.held.filter(pred).map((h) => h.unitName))].join('、');
        const row = sheet.addRow(
          safeRow([
            f.task.number ?? '',
            f.task.text,
            names((h) => h.a.role === 'lead' && h.a.level === 'city'),
            names((h) => h.a.role === 'lead' && h.a.level !== 'city' && h.a.level !== 'province'),
            names((h) => h.a.role !== 'lead' && h.a.level !== 'city' && h.a.level !== 'province'),
            lines(mine.map((h) => prefix(h.unitName, f.ledger.get(h.a.id)?.measures, many))),
            lines(
              mine.flatMap((h) =>
                (f.milestones.get(h.a.id) ?? []).map(
                  (m) => `${many ? `${h.unitName}：` : ''}${m.dueOn} ${m.title}${m.doneOn ? '（已完成）' : ''}`,
                ),
              ),
            ),
            lines(
              mine.map((h) => {
                const l = f.ledger.get(h.a.id);
                const who = [l?.responsiblePerson, l?.phone].filter(Boolean).join(' ');
                return prefix(h.unitName, who || null, many);
              }),
            ),
            lines(mine.map((h) => prefix(h.unitName, f.reports.get(h.a.id)?.progress || null, many))),
            lines(
              mine.map((h) => {
                const r = f.reports.get(h.a.id);
                return prefix(h.unitName, r ? statusZh(r.status) : null, many);
              }),
            ),
            lines(mine.map((h) => prefix(h.unitName, reasonsOf(f.reports.get(h.a.id), reasons), many))),
            lines(mine.map((h) => prefix(h.unitName, f.reports.get(h.a.id)?.problems, many))),
            instructionLines(f.instructions),
          ]),
        );
        row.alignment = { vertical: 'top', wrapText: true };
        row.commit();
      }
    }
    sheet.commit();
  }
  await book.commit();
}

const UPWARD_COLUMNS = [
  { header: '来源', width: 8 },
  { header: '序号', width: 6 },
  { header: '任务内容', width: 50 },
  { header: '区级责任单位', width: 22 },
  { header: '我区承担目标', width: 24 },
  { header: '本期进展', width: 44 },
  { header: '指标完成', width: 24 },
  { header: '状态', width: 16 },
  { header: '滞后原因', width: 24 },
];

/**
 * 最多报一次: the district's progress on province and city tasks, one sheet per city lead department, so
 * that answering the city's departments needs no retyping. Tasks without a city lead go to 其他.
 */
export async function writeUpwardXlsx(
  out: Writable,
  sourceFacts: SourceFacts[],
  unitId: string | null,
  reasons: readonly ReasonName[],
): Promise<void> {
  // Rows grouped by city department; sheets are written one after the other, so gather per department.
  const byDepartment = new Map<string, (string | number)[][]>();
  for (const { source, batches } of sourceFacts) {
    for await (const batch of batches) {
      for (const f of batch) {
        const cityLeads = [
          ...new Set(f.held.filter((h) => h.a.level === 'city' && h.a.role === 'lead').map((h) => h.unitName)),
        ];
        const district = f.held.filter(
          (h) => h.a.level !== 'city' && h.a.level !== 'province' && (!unitId || h.a.unitId === unitId),
        );
        if (district.length === 0) continue;
        const many = district.length > 1;
        const share = lines(
          district.flatMap((h) =>
            f.indicators
              .filter((i) => f.targets.has(`${h.a.id}:${i.id}`))
              .map((i) => `${many ? `${h.unitName}：` : ''}${i.label} ${f.targets.get(`${h.a.id}:${i.id}`)}${i.unit}`),
          ),
        );
        const actuals = lines(
          district.flatMap((h) =>
            (f.reports.get(h.a.id)?.indicatorActuals ?? [])
              .filter((a) => a.value !== null)
              .map((a) => {
                const i = f.indicators.find((x) => x.id === a.indicatorId);
                return `${many ? `${h.unitName}：` : ''}${i?.label ?? ''} ${a.value}${i?.unit ?? ''}`;
              }),
          ),
        );
        const row = [
          LEVEL_ZH[source.level] ?? '',
          f.task.number ?? '',
          f.task.text,
          district.map((h) => h.unitName).join('、'),
          share,
          lines(district.map((h) => prefix(h.unitName, f.reports.get(h.a.id)?.progress || null, many))),
          actuals,
          lines(
            district.map((h) => {
              const r = f.reports.get(h.a.id);
              return prefix(h.unitName, r ? statusZh(r.status) : '未报送', many);
            }),
          ),
          lines(district.map((h) => prefix(h.unitName, reasonsOf(f.reports.get(h.a.id), reasons), many))),
        ];
        for (const dept of cityLeads.length ? cityLeads : ['其他']) {
          const list = byDepartment.get(dept);
          if (list) list.push(row);
          else byDepartment.set(dept, [row]);
        }
      }
    }
  }
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'duban';
  const used = new Set<string>();
  for (const [dept, rows] of [...byDepartment.entries()].sort((a, b) => a[0].localeCompare(b[0], 'zh-CN'))) {
    // Sheet names: at most 31 characters, none of []:*?/\ and unique.
    let name = dept.replace(/[[\]:*?/\\]/g, '').slice(0, 28) || '单位';
    for (let n = 2; used.has(name); n++) name = `${name.slice(0, 26)}(${n})`;
    used.add(name);
    const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    setUp(sheet, UPWARD_COLUMNS);
    for (const r of rows) {
      const row = sheet.addRow(safeRow(r));
      row.alignment = { vertical: 'top', wrapText: true };
      row.commit();
    }
    sheet.commit();
  }
  if (byDepartment.size === 0) {
    const sheet = book.addWorksheet('其他');
    setUp(sheet, UPWARD_COLUMNS);
    sheet.commit();
  }
  await book.commit();
}

/** Runs a workbook writer into a stream the route can send while it is being written. */
export function streamWorkbook(write: (out: Writable) => Promise<void>): { stream: PassThrough; done: Promise<void> } {
  const stream = new PassThrough();
  const done = write(stream).catch((e: unknown) => {
    stream.destroy(e instanceof Error ? e : new Error(String(e)));
    throw e;
  });
  return { stream, done };
}
