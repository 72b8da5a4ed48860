// Excel exports in the shapes offices already use (issue 6 §2, §3), streamed row by row with exceljs's
// WorkbookWriter so that a province-scale plan never sits in memory as one workbook:
//
//   台账 (ledger)       one sheet per source: 序号, 任务内容, 市级牵头单位, 区级牵头单位, 责任单位, 工作措施,
//                       时间节点, 责任人, 本期进展, 状态, 存在问题
//   最多报一次 (upward) for province and city tasks, one sheet per city lead department (市级牵头单位):
//                       what the district reports to it — units, the district's share, progress, actuals

import { PassThrough, type Writable } from 'node:stream';
import { and, asc, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../db/client.js';
import {
  assignments,
  indicators,
  itemReports,
  ledgers,
  localTargets,
  milestones,
  plans,
  reportingPeriods,
  sources,
  submissions,
  tasks,
  units,
} from '../db/schema.js';
import { safeRow } from '../documents/cells.js';
import { LEVEL_ZH, STATUS_ZH } from '../documents/labels.js';
import { notFound } from '../errors.js';
import { authorizeEver, taskScope } from '../policy.js';
import type { Ctx } from './context.js';

/** Tasks read per query: bounds memory whatever the plan's size. */
const BATCH = 500;

export interface ExportScope {
  plan: typeof plans.$inferSelect;
  period: typeof reportingPeriods.$inferSelect | null;
  unitId: string | null;
}

/** Checks access and finds the plan and period before anything is streamed (so refusals are clean 4xx). */
export async function exportScope(ctx: Ctx, planId: string, periodId: string | undefined): Promise<ExportScope> {
  authorizeEver(ctx.actor, 'ledgers.read');
  const scope = taskScope(ctx.actor, 'ledgers.read');
  const [plan] = await ctx.db.select().from(plans).where(eq(plans.id, planId));
  if (!plan) throw notFound('方案', 'plan');
  let period: ExportScope['period'] = null;
  if (periodId) {
    const [p] = await ctx.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId));
    if (!p || p.planId !== planId) throw notFound('报告期', 'reporting period');
    period = p;
  }
  return { plan, period, unitId: scope === 'all' ? null : scope.unitId };
}

interface TaskFacts {
  task: typeof tasks.$inferSelect;
  held: { a: typeof assignments.$inferSelect; unitName: string }[];
  ledger: Map<string, typeof ledgers.$inferSelect>;
  milestones: Map<string, (typeof milestones.$inferSelect)[]>;
  reports: Map<string, typeof itemReports.$inferSelect>;
  indicators: (typeof indicators.$inferSelect)[];
  targets: Map<string, number>;
}

/** The facts of a batch of tasks, in a fixed number of queries. */
async function batchFacts(
  db: Db,
  batch: (typeof tasks.$inferSelect)[],
  period: ExportScope['period'],
): Promise<TaskFacts[]> {
  const ids = batch.map((t) => t.id);
  if (ids.length === 0) return [];
  const held = await db
    .select({ a: assignments, unitName: units.name })
    .from(assignments)
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(inArray(assignments.taskId, ids))
    .orderBy(asc(assignments.position));
  const aIds = held.map((h) => h.a.id);
  const [ledgerRows, milestoneRows, reportRows, indicatorRows, targetRows] = await Promise.all([
    aIds.length ? db.select().from(ledgers).where(inArray(ledgers.assignmentId, aIds)) : [],
    aIds.length
      ? db
          .select({ m: milestones, assignmentId: ledgers.assignmentId })
          .from(milestones)
          .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
          .where(inArray(ledgers.assignmentId, aIds))
          .orderBy(asc(milestones.dueOn))
      : [],
    aIds.length && period
      ? db
          .select({ r: itemReports })
          .from(itemReports)
          .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
          .where(and(inArray(itemReports.assignmentId, aIds), eq(submissions.periodId, period.id)))
      : [],
    db.select().from(indicators).where(inArray(indicators.taskId, ids)).orderBy(asc(indicators.position)),
    aIds.length ? db.select().from(localTargets).where(inArray(localTargets.assignmentId, aIds)) : [],
  ]);
  const ledger = new Map(ledgerRows.map((l) => [l.assignmentId, l]));
  const ms = new Map<string, (typeof milestones.$inferSelect)[]>();
  for (const { m, assignmentId } of milestoneRows) ms.set(assignmentId, [...(ms.get(assignmentId) ?? []), m]);
  const reports = new Map(reportRows.map(({ r }) => [r.assignmentId, r]));
  const targets = new Map(targetRows.map((t) => [`${t.assignmentId}:${t.indicatorId}`, t.value]));
  return batch.map((task) => ({
    task,
    held: held.filter((h) => h.a.taskId === task.id),
    ledger,
    milestones: ms,
    reports,
    indicators: indicatorRows.filter((i) => i.taskId === task.id),
    targets,
  }));
}

/** Pages through a source's tasks (only those of the unit, when scoped). */
async function* taskBatches(db: Db, sourceId: string, unitId: string | null) {
  for (let offset = 0; ; offset += BATCH) {
    const rows = await db
      .select({ t: tasks })
      .from(tasks)
      .where(
        unitId
          ? and(
              eq(tasks.sourceId, sourceId),
              inArray(
                tasks.id,
                db.select({ id: assignments.taskId }).from(assignments).where(eq(assignments.unitId, unitId)),
              ),
            )
          : eq(tasks.sourceId, sourceId),
      )
      .orderBy(asc(tasks.position))
      .limit(BATCH)
      .offset(offset);
    if (rows.length === 0) return;
    yield rows.map((r) => r.t);
    if (rows.length < BATCH) return;
  }
}

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
  { header: '存在问题', width: 28 },
];

/** Writes the 台账 workbook to `out` (the HTTP response), one sheet per source. */
export async function writeLedgerWorkbook(ctx: Ctx, scope: ExportScope, out: Writable): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'duban';
  const sourceRows = await ctx.db
    .select()
    .from(sources)
    .where(eq(sources.planId, scope.plan.id))
    .orderBy(asc(sources.index));
  for (const source of sourceRows) {
    const sheet = book.addWorksheet(`${LEVEL_ZH[source.level] ?? ''}${source.index}`.slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    setUp(sheet, LEDGER_COLUMNS);
    for await (const batch of taskBatches(ctx.db, source.id, scope.unitId)) {
      for (const f of await batchFacts(ctx.db, batch, scope.period)) {
        const mine = scope.unitId ? f.held.filter((h) => h.a.unitId === scope.unitId) : f.held;
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
                return prefix(h.unitName, r ? STATUS_ZH[r.status] : null, many);
              }),
            ),
            lines(mine.map((h) => prefix(h.unitName, f.reports.get(h.a.id)?.problems, many))),
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
];

/**
 * 最多报一次: the district's progress on province and city tasks, one sheet per city lead department, so
 * that answering the city's departments needs no retyping. Tasks without a city lead go to 其他.
 */
export async function writeUpwardWorkbook(ctx: Ctx, scope: ExportScope, out: Writable): Promise<void> {
  const sourceRows = (
    await ctx.db.select().from(sources).where(eq(sources.planId, scope.plan.id)).orderBy(asc(sources.index))
  ).filter((s) => s.level === 'province' || s.level === 'city');
  // Rows grouped by city department; sheets are written one after the other, so gather per department.
  const byDepartment = new Map<string, (string | number)[][]>();
  for (const source of sourceRows) {
    for await (const batch of taskBatches(ctx.db, source.id, scope.unitId)) {
      for (const f of await batchFacts(ctx.db, batch, scope.period)) {
        const cityLeads = [
          ...new Set(f.held.filter((h) => h.a.level === 'city' && h.a.role === 'lead').map((h) => h.unitName)),
        ];
        const district = f.held.filter(
          (h) => h.a.level !== 'city' && h.a.level !== 'province' && (!scope.unitId || h.a.unitId === scope.unitId),
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
              return prefix(h.unitName, r ? STATUS_ZH[r.status] : '未报送', many);
            }),
          ),
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
