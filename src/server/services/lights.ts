// Loads the facts of a plan's items in a handful of queries and runs them through the light rules of
// src/core/lights.ts. Dashboards, the supervised task list, reminders and bulletins all read lights
// from here, so a light means the same everywhere.

import { and, asc, desc, eq, inArray, ne, notInArray, type SQL, sql } from 'drizzle-orm';
import type { SupervisionSettings } from '../../api/supervision.js';
import {
  type IndicatorFacts,
  type ItemFacts,
  itemLight,
  type LightResult,
  type PeriodFacts,
  periodLight,
  type ReportFacts,
  worstLight,
} from '../../core/lights.js';
import { reviewPeriod, type SubmissionState, submissionState } from '../../core/periods.js';
import { itemDeadline, type ProgressClass, progressClass } from '../../core/progress.js';
import { isMainPeriod, periodHolds, type Rhythm } from '../../core/rhythm.js';
import type { ItemStatus } from '../../core/status.js';
import { REPORTED_SUBMISSION_STATUSES } from '../../core/status.js';
import { type Db, inTurn } from '../db/client.js';
import {
  assignments,
  auditEntries,
  closeoutRequests,
  extensionRequests,
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
import { notFound } from '../errors.js';
import { rhythmColumns, rhythmOf } from './rhythm.js';

export interface ItemLight extends LightResult {
  assignmentId: string;
  taskId: string;
  unitId: string;
  unitName: string;
  role: 'lead' | 'responsible' | 'co';
  /** The latest signed status and progress text. */
  status: ItemStatus | null;
  progress: string | null;
  /** Where the work stands against 序时进度 and the task's deadline (超进度 … 逾期完成); null before any report. */
  progressClass: ProgressClass | null;
  /**
   * The item's deadline day (itemDeadline): the task's printed deadline, moved by the office's approved
   * extensions. The one deadline every consumer reads (progress classes, bulletins, 考评).
   */
  deadline: string;
  closed: boolean;
  facts: ItemFacts;
}

export interface PlanLights {
  plan: typeof plans.$inferSelect;
  /** The plan's own periods (quarters, the annual report), in due order; a rhythm's month or N-week periods are not. */
  periods: (typeof reportingPeriods.$inferSelect)[];
  /** The period whose reports are in (reviewPeriod): the latest whose deadline has passed, else the current one. */
  current: typeof reportingPeriods.$inferSelect | null;
  items: ItemLight[];
  byTask: Map<string, ItemLight[]>;
  tasks: Map<
    string,
    { id: string; number: string | null; text: string; sourceId: string; sectionId: string | null; position: number }
  >;
  sources: Map<string, { level: (typeof sources.$inferSelect)['level']; title: string; index: number }>;
  /** Per period and unit: the submission's status and when it was signed (lateness is submissionState's). */
  submissions: Map<string, { status: (typeof submissions.$inferSelect)['status']; signedAt: Date | null }>;
}

/**
 * City and province departments named on a task (市级牵头单位) report to their own governments, not to the
 * district: only the district's units (and those of unknown level) have items the district supervises.
 */
export const reportsHere = notInArray(units.level, ['city', 'province', 'national']);

/**
 * Every write is audited in its own transaction, so the audit log's last id changes whenever anything a
 * light depends on changes. Keyed on it and on the minute, a plan's lights are computed once per change
 * (or minute) however many leaders open the dashboard; each instance keeps its own small cache. Entries that
 * change no light are passed over: a sign-in (a hundred units sign in every morning), an account, a watch, a 批示 and
 * its answers, a leader's 分管 units, a bulletin's wording, an export of the log — else each of them made the next
 * dashboard compute every light again.
 */
const cache = new WeakMap<Db, Map<string, Promise<PlanLights>>>();
const CACHE_SIZE = 8;
const NO_LIGHT_ACTIONS = [
  'auth.%',
  'user.%',
  'watch.%',
  'instruction.%',
  'leader.%',
  'bulletin.%',
  'audit.%',
  'backup.create',
  'import.preview',
];
/** A light-changing entry's kind: not one of NO_LIGHT_ACTIONS (the last such id is found walking the key back). */
const changesLights = sql`not (${auditEntries.action} like any (${sql.raw(`array[${NO_LIGHT_ACTIONS.map((a) => `'${a}'`).join(', ')}]`)}))`;

/**
 * The version of a plan's lights at `now`: it changes when a light-changing write is committed, when the minute turns
 * and when the office's margin changes. What is derived from the lights alone (the dashboard) may be kept under it.
 */
export async function lightsVersion(
  db: Db,
  planId: string,
  now: Date,
  settings: Pick<SupervisionSettings, 'behindMargin'>,
): Promise<string> {
  const [head] = await db
    .select({ id: auditEntries.id })
    .from(auditEntries)
    .where(changesLights)
    .orderBy(desc(auditEntries.id))
    .limit(1);
  return `${planId}|${head?.id ?? 0}|${Math.floor(now.getTime() / 60_000)}|${settings.behindMargin}`;
}

export async function loadPlanLights(
  db: Db,
  planId: string,
  now: Date,
  settings: Pick<SupervisionSettings, 'behindMargin'>,
  version?: string,
): Promise<PlanLights> {
  const key = version ?? (await lightsVersion(db, planId, now, settings));
  let entries = cache.get(db);
  if (!entries) {
    entries = new Map();
    cache.set(db, entries);
  }
  const hit = entries.get(key);
  if (hit) return hit;
  const computing = computePlanLights(db, planId, now, settings);
  entries.set(key, computing);
  computing.catch(() => entries.delete(key));
  if (entries.size > CACHE_SIZE) entries.delete(entries.keys().next().value as string);
  return computing;
}

export interface ComputeOptions {
  /**
   * Only these units' items (services/stored-lights.ts recomputes the units a write marked): their assignments,
   * reports, milestones, targets, close-outs, extensions and submissions; the plan's periods, tasks and sources whole.
   */
  unitIds?: readonly string[];
  /** Run the loading queries one after another: inside a transaction (one connection; see inTurn). */
  sequential?: boolean;
}

/** A plan's own reporting periods, in due order (read by the computation and by the stored lights' readers). */
export const planPeriods = (db: Db, planId: string) =>
  db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.dueAt));

/** A plan's tasks in notice order (their source's, then their position); `only` narrows them. */
export const planTasks = (db: Db, planId: string, only?: SQL) =>
  db
    .select({
      id: tasks.id,
      number: tasks.number,
      text: tasks.text,
      sourceId: tasks.sourceId,
      sectionId: tasks.sectionId,
      position: tasks.position,
    })
    .from(tasks)
    .innerJoin(sources, eq(sources.id, tasks.sourceId))
    .where(and(eq(tasks.planId, planId), only))
    .orderBy(asc(sources.index), asc(tasks.position));

/** Every package of a plan's periods: its state and when it was signed; `only` narrows them. */
export const planSubmissions = (db: Db, planId: string, only?: SQL) =>
  db
    .select({
      periodId: submissions.periodId,
      unitId: submissions.unitId,
      status: submissions.status,
      signedAt: submissions.signedAt,
    })
    .from(submissions)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
    .where(and(eq(reportingPeriods.planId, planId), only));

/** Every light of a plan (or of some units' items) computed from the facts, as of `now`. No cache. */
export async function computePlanLights(
  db: Db,
  planId: string,
  now: Date,
  settings: Pick<SupervisionSettings, 'behindMargin'>,
  options: ComputeOptions = {},
): Promise<PlanLights> {
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
  // A plan a confirm is still writing (status 'draft', services/imports.ts) is not a plan yet.
  if (!plan || plan.status === 'draft') throw notFound('方案', 'plan');
  const only = options.unitIds;
  const ofUnits = (column: typeof assignments.unitId | typeof submissions.unitId) =>
    only ? inArray(column, [...only]) : undefined;
  /** With a unit filter, the tasks (and their indicators) of those units' assignments only. */
  const ofUnitsTasks = (column: typeof tasks.id | typeof indicators.taskId) =>
    only
      ? inArray(
          column,
          db
            .select({ id: assignments.taskId })
            .from(assignments)
            .where(inArray(assignments.unitId, [...only])),
        )
      : undefined;
  const steps = [
    () => planPeriods(db, planId),
    () =>
      db
        .select({
          id: assignments.id,
          taskId: assignments.taskId,
          unitId: assignments.unitId,
          role: assignments.role,
          unitName: units.name,
          deadline: tasks.deadline,
          ...rhythmColumns,
        })
        .from(assignments)
        .innerJoin(tasks, eq(tasks.id, assignments.taskId))
        .innerJoin(units, eq(units.id, assignments.unitId))
        // 阅知 tasks ask no report: nothing to judge, nothing to light.
        .where(and(eq(tasks.planId, planId), reportsHere, ne(tasks.rhythm, 'read_only'), ofUnits(assignments.unitId)))
        .orderBy(asc(tasks.position), asc(assignments.position)),
    () => planTasks(db, planId, ofUnitsTasks(tasks.id)),
    () => db.select().from(sources).where(eq(sources.planId, planId)),
    () =>
      db
        .select({
          assignmentId: itemReports.assignmentId,
          periodId: submissions.periodId,
          status: itemReports.status,
          progress: itemReports.progress,
          actuals: itemReports.indicatorActuals,
          signedAt: submissions.signedAt,
        })
        .from(itemReports)
        .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
        .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
        .where(
          and(
            eq(reportingPeriods.planId, planId),
            inArray(submissions.status, [...REPORTED_SUBMISSION_STATUSES]),
            ofUnits(submissions.unitId),
          ),
        ),
    () =>
      db
        .select({ assignmentId: ledgers.assignmentId, dueOn: milestones.dueOn, doneOn: milestones.doneOn })
        .from(milestones)
        .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
        .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
        .innerJoin(tasks, eq(tasks.id, assignments.taskId))
        .where(and(eq(tasks.planId, planId), ofUnits(assignments.unitId))),
    () =>
      db
        .select({
          id: indicators.id,
          taskId: indicators.taskId,
          op: indicators.op,
          value: indicators.value,
          unit: indicators.unit,
        })
        .from(indicators)
        .innerJoin(tasks, eq(tasks.id, indicators.taskId))
        .where(and(eq(tasks.planId, planId), ofUnitsTasks(indicators.taskId)))
        .orderBy(asc(indicators.position)),
    () =>
      db
        .select({
          assignmentId: localTargets.assignmentId,
          indicatorId: localTargets.indicatorId,
          value: localTargets.value,
        })
        .from(localTargets)
        .innerJoin(assignments, eq(assignments.id, localTargets.assignmentId))
        .innerJoin(tasks, eq(tasks.id, assignments.taskId))
        .where(and(eq(tasks.planId, planId), ofUnits(assignments.unitId))),
    () =>
      db
        .select({ assignmentId: closeoutRequests.assignmentId })
        .from(closeoutRequests)
        .innerJoin(assignments, eq(assignments.id, closeoutRequests.assignmentId))
        .innerJoin(tasks, eq(tasks.id, assignments.taskId))
        .where(and(eq(tasks.planId, planId), eq(closeoutRequests.status, 'verified'), ofUnits(assignments.unitId))),
    () => planSubmissions(db, planId, ofUnits(submissions.unitId)),
    () =>
      db
        .select({ assignmentId: ledgers.assignmentId, newDueOn: extensionRequests.newDueOn })
        .from(extensionRequests)
        .innerJoin(milestones, eq(milestones.id, extensionRequests.milestoneId))
        .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
        .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
        .innerJoin(tasks, eq(tasks.id, assignments.taskId))
        .where(and(eq(tasks.planId, planId), eq(extensionRequests.status, 'approved'), ofUnits(assignments.unitId))),
  ] as const;
  const [
    periods,
    held,
    taskRows,
    sourceRows,
    reports,
    milestoneRows,
    indicatorRows,
    targetRows,
    closed,
    signedRows,
    extended,
  ] = options.sequential ? await inTurn(steps) : await inParallel(steps);

  const periodFacts = periods.map((p) => ({
    id: p.id,
    coversTo: p.coversTo,
    dueAt: p.dueAt,
    graceDays: p.graceDays,
    kind: p.kind,
    everyWeeks: p.everyWeeks,
  }));
  // Each item is judged on the periods that ask it a report (its task's rhythm: src/core/rhythm.ts), so a monthly
  // task missing its May report is overdue in June while a quarterly one is not. One list per distinct rhythm.
  const periodsByRhythm = new Map<string, PeriodFacts[]>();
  const periodsFor = (r: Rhythm): PeriodFacts[] => {
    const key = `${r.kind}:${r.everyWeeks}:${r.since?.getTime()}:${r.addedAt?.getTime()}`;
    let list = periodsByRhythm.get(key);
    if (!list) {
      list = periodFacts.filter((p) => periodHolds(p, r));
      periodsByRhythm.set(key, list);
    }
    return list;
  };
  const periodIndex = new Map(periods.map((p, i) => [p.id, i]));
  const group = <T, K>(rows: T[], key: (row: T) => K) => {
    const map = new Map<K, T[]>();
    for (const row of rows) {
      const k = key(row);
      const list = map.get(k);
      if (list) list.push(row);
      else map.set(k, [row]);
    }
    return map;
  };
  const reportsBy = group(reports, (r) => r.assignmentId);
  const milestonesBy = group(milestoneRows, (m) => m.assignmentId);
  const indicatorsBy = group(indicatorRows, (i) => i.taskId);
  const targets = new Map(targetRows.map((t) => [`${t.assignmentId}:${t.indicatorId}`, t.value]));
  const closedSet = new Set(closed.map((c) => c.assignmentId));
  const extendedBy = group(extended, (e) => e.assignmentId);
  const rules = { year: plan.year, behindMargin: settings.behindMargin };

  const items: ItemLight[] = held.map((a) => {
    const mine = (reportsBy.get(a.id) ?? []).sort(
      (x, y) => (periodIndex.get(x.periodId) ?? 0) - (periodIndex.get(y.periodId) ?? 0),
    );
    const reportMap = new Map<string, ReportFacts>(
      mine.map((r) => [r.periodId, { status: r.status, signedAt: r.signedAt }]),
    );
    // The latest actual reported for each indicator.
    const actual = new Map<string, number>();
    for (const r of mine) for (const v of r.actuals) if (v.value !== null) actual.set(v.indicatorId, v.value);
    const indicatorFacts: IndicatorFacts[] = (indicatorsBy.get(a.taskId) ?? []).map((i) => ({
      op: i.op,
      target: targets.get(`${a.id}:${i.id}`) ?? i.value,
      unit: i.unit,
      actual: actual.get(i.id) ?? null,
    }));
    const facts: ItemFacts = {
      periods: periodsFor(rhythmOf(a)),
      reports: reportMap,
      milestones: milestonesBy.get(a.id) ?? [],
      indicators: indicatorFacts,
      closed: closedSet.has(a.id),
    };
    const latest = mine.filter((r) => r.signedAt !== null && r.signedAt.getTime() <= now.getTime()).at(-1);
    const deadline = itemDeadline(
      a.deadline,
      plan.year,
      (extendedBy.get(a.id) ?? []).map((e) => e.newDueOn),
    );
    return {
      assignmentId: a.id,
      taskId: a.taskId,
      unitId: a.unitId,
      unitName: a.unitName,
      role: a.role,
      status: latest?.status ?? null,
      progress: latest?.progress || null,
      closed: facts.closed,
      facts,
      ...itemLight(facts, now, rules),
      progressClass: progressClass(facts, deadline, now, rules).progress,
      deadline,
    };
  });
  // The plan's own periods are what dashboards, bulletins, evaluation and the ladder count by.
  const main = periods.filter(isMainPeriod);
  return {
    plan,
    periods: main,
    current: reviewPeriod(main, now) ?? null,
    items,
    byTask: group(items, (i) => i.taskId),
    tasks: new Map(taskRows.map((t) => [t.id, t])),
    sources: new Map(sourceRows.map((s) => [s.id, { level: s.level, title: s.title, index: s.index }])),
    submissions: new Map(
      signedRows.map((p) => [`${p.periodId}:${p.unitId}`, { status: p.status, signedAt: p.signedAt }]),
    ),
  };
}

/** Promise.all over thunks, typed per position like inTurn. */
function inParallel<const T extends readonly (() => unknown)[]>(
  steps: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  return Promise.all(steps.map((step) => step())) as Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }>;
}

/** A unit's submission for a period as it stands at an instant (the one rule, submissionState). */
export function unitSubmission(
  lights: Pick<PlanLights, 'submissions'>,
  period: PlanLights['periods'][number],
  unitId: string,
  now: Date,
): { state: SubmissionState; lateSeconds: number } {
  return submissionState(period, lights.submissions.get(`${period.id}:${unitId}`), now);
}

/** An item's light as it stood in one period (for trends). */
export function itemPeriodLight(item: ItemLight, periodId: string, now: Date, lights: PlanLights, margin: number) {
  return periodLight(item.facts, periodId, now, { year: lights.plan.year, behindMargin: margin }).light;
}

/** Why a task has its light: the reasons of the units that give it that light. */
export function taskReasons(items: readonly Pick<ItemLight, 'light' | 'reasons'>[]): LightResult['reasons'] {
  const worst = worstLight(items.map((i) => i.light));
  return [...new Set(items.filter((i) => i.light === worst).flatMap((i) => i.reasons))];
}
