// Stored lights (docs/decisions/0011-stored-lights.md). Each item's light (now, and as of each of the plan's own
// periods) is kept in item_lights so readers aggregate rows instead of recomputing every item of the plan whenever
// anything changed. The rules stay in src/core/lights.ts; the facts are loaded by computePlanLights (lights.ts),
// restricted to the units a write touched.
//
// Keeping the rows current:
// - a light-changing write marks its (plan, unit) in light_marks inside its own transaction: `markLights`, called
//   from the audit path, since every write is audited and its record names its subject. A subject resolved to a plan
//   but no unit, or a plan-wide change (periods, tasks, an import, a reassignment) marks the whole plan; a subject
//   with no plan (a unit, the settings) marks every plan;
// - time: a stored row carries `valid_until`, the first instant at which time alone may change it (the next CST
//   midnight, for milestone_overdue and the progress class, or the next instant a period's deadline with grace
//   passes). Rows past it count as marked;
// - `drainLights` recomputes the marked units' items under one advisory lock (so an older computation never
//   overwrites a newer one), replaces their rows and deletes exactly the marks it read. Readers drain their plan
//   first (a unit's items: cheap), and the server drains every few seconds.
// `verifyLights` recomputes everything in memory and compares (`duban lights verify`).

import { and, asc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { AuditAction } from '../../api/audit.js';
import type { SupervisionSettings } from '../../api/supervision.js';
import { type Light, type LightReason, periodLight } from '../../core/lights.js';
import { effectiveDueAt, reviewPeriod } from '../../core/periods.js';
import type { ProgressClass } from '../../core/progress.js';
import { isMainPeriod } from '../../core/rhythm.js';
import type { ItemStatus } from '../../core/status.js';
import { addDays, cstDate, startOfDayCst } from '../../core/time.js';
import type { Db } from '../db/client.js';
import { assignments, itemLights, lightMarks, plans, reportingPeriods, sources, tasks, units } from '../db/schema.js';
import { notFound } from '../errors.js';
import { computePlanLights, type PlanLights, planPeriods, planSubmissions, planTasks } from './lights.js';
import { readSupervisionSettings } from './settings.js';

// ---------------------------------------------------------------------------------------------------------------
// Marking

/** Writes that change no light: no mark (a sign-in, an account, a watch, a 批示, a bulletin's wording…). */
const NO_LIGHT_PREFIXES = [
  'auth.',
  'user.',
  'watch.',
  'instruction.',
  'leader.',
  'bulletin.',
  'audit.',
  'lag_reason.',
  'coordination.',
  'evidence.',
  'link.',
  'receipt.',
  // A 督办单 is issued on a light, it does not make one: without this, each one marked every plan (its subject
  // has no resolver), and recomputed every district's lights for one unit's 督办单.
  'supervisionNotice.',
];
const NO_LIGHT_ACTIONS = new Set<string>([
  'backup.create',
  'import.preview',
  'reminders.send',
  'evaluation.rate',
  'ladder.apply',
  'unit.webhook',
  'settings.evaluation',
  'settings.ladder',
  'settings.quality',
  'submission.send',
  'submission.sign_refused',
  'submission.acting_signer_name',
  'submission.acting_signer_revoke',
]);
/** Writes that may move items between units or change what every unit is judged on: the whole plan. */
const PLAN_WIDE_PREFIXES = ['assignment.', 'task.', 'period.', 'plan.', 'import.', 'group.'];

export const changesLights = (action: string): boolean =>
  !NO_LIGHT_ACTIONS.has(action) && !NO_LIGHT_PREFIXES.some((p) => action.startsWith(p));

/** The (plan, unit) of an audit record's subject, one resolver per subject type; unit null: the whole plan. */
const UNIT_OF: Record<string, (id: string) => ReturnType<typeof sql>> = {
  assignment: (id) =>
    sql`select t.plan_id, a.unit_id from assignments a join tasks t on t.id = a.task_id where a.id = ${id}`,
  item_report: (id) =>
    sql`select r.plan_id, s.unit_id from item_reports i join submissions s on s.id = i.submission_id
        join reporting_periods r on r.id = s.period_id where i.id = ${id}`,
  submission: (id) =>
    sql`select r.plan_id, s.unit_id from submissions s join reporting_periods r on r.id = s.period_id where s.id = ${id}`,
  extension_request: (id) =>
    sql`select t.plan_id, a.unit_id from extension_requests e join milestones m on m.id = e.milestone_id
        join ledgers l on l.id = m.ledger_id join assignments a on a.id = l.assignment_id
        join tasks t on t.id = a.task_id where e.id = ${id}`,
  closeout: (id) =>
    sql`select t.plan_id, a.unit_id from closeout_requests c join assignments a on a.id = c.assignment_id
        join tasks t on t.id = a.task_id where c.id = ${id}`,
  plan: (id) => sql`select id as plan_id, null::uuid as unit_id from plans where id = ${id}`,
  task: (id) => sql`select plan_id, null::uuid as unit_id from tasks where id = ${id}`,
  reporting_period: (id) => sql`select plan_id, null::uuid as unit_id from reporting_periods where id = ${id}`,
  sheet_upload: (id) =>
    sql`select r.plan_id, null::uuid as unit_id from sheet_uploads u join reporting_periods r on r.id = u.period_id
        where u.id = ${id}`,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Marks what an audited write may have changed, in the write's transaction (services/audit.ts calls it for every
 * record). Resolved in one query by subject type; anything it cannot place marks more, never less.
 */
export async function markLights(
  tx: Db,
  record: { action: AuditAction | string; subjectType?: string; subjectId?: string },
): Promise<void> {
  if (!changesLights(record.action)) return;
  const resolve = record.subjectType ? UNIT_OF[record.subjectType] : undefined;
  if (!resolve || !record.subjectId || !UUID.test(record.subjectId)) {
    // No subject we can place (a unit, the settings, a restore): every plan.
    await tx.insert(lightMarks).values({ planId: null, unitId: null });
    return;
  }
  const wide = PLAN_WIDE_PREFIXES.some((p) => record.action.startsWith(p));
  const [row] = (await tx.execute<{ plan_id: string; unit_id: string | null }>(resolve(record.subjectId))).rows;
  // A subject not (or no longer) there: a deleted row's plan is unknown, so every plan.
  await tx.insert(lightMarks).values({ planId: row?.plan_id ?? null, unitId: wide ? null : (row?.unit_id ?? null) });
}

// ---------------------------------------------------------------------------------------------------------------
// Time

/**
 * The first instant after `now` at which time alone may change a light computed at `now`: the next CST midnight
 * (milestone_overdue and the progress class read the day) or the next second a period's deadline (with grace) is
 * past (isPastDue compares whole seconds), or a report signed after `now` (only with a clock set back) counts.
 */
export function nextTimeBoundary(
  now: Date,
  periods: readonly { dueAt: Date; graceDays: number }[],
  signedAts: readonly (Date | null)[] = [],
): Date {
  let next = startOfDayCst(addDays(cstDate(now), 1)).getTime();
  const t = now.getTime();
  for (const p of periods) {
    const pastAt = (Math.floor(effectiveDueAt(p).getTime() / 1000) + 1) * 1000;
    if (pastAt > t && pastAt < next) next = pastAt;
  }
  for (const s of signedAts) if (s && s.getTime() > t && s.getTime() < next) next = s.getTime();
  return new Date(next);
}

// ---------------------------------------------------------------------------------------------------------------
// Computing rows

type Row = typeof itemLights.$inferInsert;

/** What a row says (verifyLights compares these; the drain rewrites a row when one differs). */
const COMPARED = [
  'unitId',
  'taskId',
  'light',
  'reasons',
  'expectedShare',
  'status',
  'progress',
  'progressClass',
  'deadline',
  'closed',
] as const;
const UPSERTED = [...COMPARED, 'planId', 'computedAt', 'validUntil'] as const;

const field = (row: object, name: string) => JSON.stringify((row as Record<string, unknown>)[name] ?? null);
const sameContent = (a: object, b: object) => COMPARED.every((name) => field(a, name) === field(b, name));

/** The rows of computed lights: one 'now' row per item and one per plan period. */
function rowsOf(data: PlanLights, now: Date, validUntil: Date, margin: number): Row[] {
  const rules = { year: data.plan.year, behindMargin: margin };
  const rows: Row[] = [];
  for (const i of data.items) {
    const base = {
      assignmentId: i.assignmentId,
      planId: data.plan.id,
      unitId: i.unitId,
      taskId: i.taskId,
      closed: i.closed,
      computedAt: now,
      validUntil,
    };
    rows.push({
      ...base,
      periodKey: 'now',
      light: i.light,
      reasons: i.reasons,
      expectedShare: i.expectedShare,
      status: i.status,
      progress: i.progress,
      progressClass: i.progressClass,
      deadline: i.deadline,
    });
    for (const p of data.periods) {
      const r = periodLight(i.facts, p.id, now, rules);
      rows.push({ ...base, periodKey: p.id, light: r.light, reasons: r.reasons, expectedShare: r.expectedShare });
    }
  }
  return rows;
}

async function computeRows(
  db: Db,
  planId: string,
  now: Date,
  settings: Pick<SupervisionSettings, 'behindMargin'>,
  unitIds?: readonly string[],
): Promise<{ rows: Row[]; assignmentIds: string[]; validUntil: Date } | null> {
  let data: PlanLights;
  try {
    data = await computePlanLights(db, planId, now, settings, { unitIds, sequential: true });
  } catch (error) {
    // A plan deleted or still a draft: nothing to light.
    if ((error as { code?: string }).code === 'not_found') return null;
    throw error;
  }
  const all = await db
    .select({ dueAt: reportingPeriods.dueAt, graceDays: reportingPeriods.graceDays })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, planId));
  const signed = [...data.items].flatMap((i) => [...i.facts.reports.values()].map((r) => r.signedAt));
  const validUntil = nextTimeBoundary(now, all, signed);
  return {
    rows: rowsOf(data, now, validUntil, settings.behindMargin),
    assignmentIds: data.items.map((i) => i.assignmentId),
    validUntil,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Draining

/** Any number; taken only here, so one drainer writes rows at a time and a later computation is never overwritten. */
const DRAIN_LOCK = 5_318_204_777;
const MARKS_PER_DRAIN = 2000;
const INSERT_BATCH = 500;

export interface DrainResult {
  plans: number;
  /** Units recomputed (0 when whole plans were). */
  units: number;
  /** Items recomputed. */
  items: number;
  /** Rows written or deleted because their content changed. */
  rows: number;
}

const looked = new WeakSet<Db>();

/**
 * Once per database and process: a plan with no stored row yet (a database upgraded to stored lights, rows lost) is
 * marked whole. Not in the migration: a restore goes into a freshly migrated database that must hold no row.
 */
async function markUnstoredPlans(db: Db): Promise<void> {
  if (looked.has(db)) return;
  looked.add(db);
  await db.execute(sql`insert into light_marks (plan_id)
    select p.id from plans p
    where p.status <> 'draft' and not exists (select 1 from item_lights l where l.plan_id = p.id)`);
}

/** One drain per database at a time in this process: concurrent readers wait for the same one. */
const running = new WeakMap<Db, Promise<DrainResult>>();

/**
 * Recomputes what is marked (and what time has made stale) and replaces those rows. `planId` limits it to one plan
 * (a reader draining its own plan before reading). Safe to call from several instances: the lock orders them.
 */
export async function drainLights(db: Db, now: Date, options: { planId?: string } = {}): Promise<DrainResult> {
  await markUnstoredPlans(db);
  const before = running.get(db);
  if (before) await before.catch(() => undefined);
  const run = drainOnce(db, now, options.planId);
  running.set(db, run);
  try {
    return await run;
  } finally {
    if (running.get(db) === run) running.delete(db);
  }
}

async function drainOnce(db: Db, now: Date, planId?: string): Promise<DrainResult> {
  // Cheap when nothing is pending: two indexed probes, no transaction.
  const [pending] = (
    await db.execute<{ n: number }>(sql`select (
        exists (select 1 from light_marks where ${planId ? sql`plan_id = ${planId} or plan_id is null` : sql`true`})
        or exists (select 1 from item_lights where valid_until <= ${now.toISOString()}::timestamptz
                   ${planId ? sql`and plan_id = ${planId}` : sql``})
      )::int as n`)
  ).rows;
  if (!pending || Number(pending.n) === 0) return { plans: 0, units: 0, items: 0, rows: 0 };
  const settings = await readSupervisionSettings(db);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DRAIN_LOCK})`);
    const marks = await tx
      .select()
      .from(lightMarks)
      .where(planId ? or(eq(lightMarks.planId, planId), isNull(lightMarks.planId)) : undefined)
      .orderBy(asc(lightMarks.id))
      .limit(MARKS_PER_DRAIN);
    const stale = await tx
      .selectDistinct({ planId: itemLights.planId, unitId: itemLights.unitId })
      .from(itemLights)
      .where(and(lte(itemLights.validUntil, now), planId ? eq(itemLights.planId, planId) : undefined));
    // Per plan: null = the whole plan, else the set of units.
    const work = new Map<string, Set<string> | null>();
    const add = (plan: string, unit: string | null) => {
      if (unit === null) work.set(plan, null);
      else if (work.get(plan) !== null) work.set(plan, (work.get(plan) ?? new Set()).add(unit));
    };
    if (marks.some((m) => m.planId === null)) {
      // Every plan: this drain takes its own (or all); a reader's drain of one plan leaves one mark per other plan.
      const every = await tx.select({ id: plans.id }).from(plans);
      for (const p of every) {
        if (!planId || p.id === planId) add(p.id, null);
        else await tx.insert(lightMarks).values({ planId: p.id, unitId: null });
      }
    }
    for (const m of marks) if (m.planId !== null) add(m.planId, m.unitId);
    for (const s of stale) add(s.planId, s.unitId);

    let rows = 0;
    let units = 0;
    let items = 0;
    for (const [plan, unitSet] of work) {
      const unitIds = unitSet ? [...unitSet] : undefined;
      const computed = await computeRows(tx, plan, now, settings, unitIds);
      // In scope: the units' rows, and any row of an item recomputed now (an item moved to another unit).
      const assignmentIds = computed?.assignmentIds ?? [];
      const scope = and(
        eq(itemLights.planId, plan),
        unitIds
          ? or(
              inArray(itemLights.unitId, unitIds),
              assignmentIds.length ? inArray(itemLights.assignmentId, assignmentIds) : undefined,
            )
          : undefined,
      );
      const stored = await tx.select().from(itemLights).where(scope);
      const storedBy = new Map(stored.map((r) => [`${r.assignmentId}|${r.periodKey}`, r]));
      const fresh = computed?.rows ?? [];
      // Only what changed is written: a save usually changes one item's rows or none (a draft is no report yet).
      const changed = fresh.filter((r) => {
        const key = `${r.assignmentId}|${r.periodKey}`;
        const was = storedBy.get(key);
        storedBy.delete(key);
        return !was || !sameContent(was, r);
      });
      const gone = [...storedBy.values()];
      for (let i = 0; i < gone.length; i += INSERT_BATCH) {
        const pairs = gone.slice(i, i + INSERT_BATCH).map((g) => sql`(${g.assignmentId}::uuid, ${g.periodKey})`);
        await tx.execute(
          sql`delete from item_lights where (assignment_id, period_key) in (${sql.join(pairs, sql`, `)})`,
        );
      }
      // The rows left as they were hold until the new boundary too.
      if (computed) {
        await tx
          .update(itemLights)
          .set({ computedAt: now, validUntil: computed.validUntil })
          .where(and(scope, ne(itemLights.validUntil, computed.validUntil)));
      }
      for (let i = 0; i < changed.length; i += INSERT_BATCH) {
        await tx
          .insert(itemLights)
          .values(changed.slice(i, i + INSERT_BATCH))
          .onConflictDoUpdate({
            target: [itemLights.assignmentId, itemLights.periodKey],
            set: Object.fromEntries(
              UPSERTED.map((column) => [column, sql.raw(`excluded.${itemLights[column].name}`)]),
            ) as Partial<Row>,
          });
      }
      rows += changed.length + gone.length;
      items += computed?.assignmentIds.length ?? 0;
      units += unitIds?.length ?? 0;
    }
    // Only the marks read: one a write committed meanwhile stays for the next drain.
    const read = marks.map((m) => m.id);
    for (let i = 0; i < read.length; i += INSERT_BATCH) {
      await tx.delete(lightMarks).where(inArray(lightMarks.id, read.slice(i, i + INSERT_BATCH)));
    }
    return { plans: work.size, units, items, rows };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** Light counts per plan period over the stored rows (one SQL aggregate), optionally for one unit's items. */
export async function periodLightCounts(
  db: Db,
  planId: string,
  unitId: string | null,
): Promise<Map<string, Record<Light, number>>> {
  const rows = await db
    .select({ periodKey: itemLights.periodKey, light: itemLights.light, n: sql<number>`count(*)::int` })
    .from(itemLights)
    .where(and(eq(itemLights.planId, planId), unitId ? eq(itemLights.unitId, unitId) : undefined))
    .groupBy(itemLights.periodKey, itemLights.light);
  const counts = new Map<string, Record<Light, number>>();
  for (const r of rows) {
    const c = counts.get(r.periodKey) ?? { red: 0, yellow: 0, green: 0, grey: 0 };
    c[r.light] += Number(r.n);
    counts.set(r.periodKey, c);
  }
  return counts;
}

/** A stored item with what a list shows of it (the unit's name, the item's role). */
export interface StoredItem {
  assignmentId: string;
  taskId: string;
  unitId: string;
  unitName: string;
  role: 'lead' | 'responsible' | 'co';
  light: Light;
  reasons: LightReason[];
  status: ItemStatus | null;
  progress: string | null;
  progressClass: ProgressClass | null;
  deadline: string | null;
  closed: boolean;
}

/**
 * What the dashboard reads of a plan: the plan, its own periods, tasks, sources and submissions (small tables) and
 * the stored 'now' rows of its items in notice order, drained first so they answer for `now`. No light is computed.
 */
export async function loadStoredPlan(
  db: Db,
  planId: string,
  now: Date,
): Promise<Omit<PlanLights, 'items' | 'byTask'> & { items: StoredItem[]; byTask: Map<string, StoredItem[]> }> {
  await drainLights(db, now, { planId });
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
  if (!plan || plan.status === 'draft') throw notFound('方案', 'plan');
  const [periods, taskRows, sourceRows, signedRows, rows] = await Promise.all([
    planPeriods(db, planId),
    planTasks(db, planId),
    db.select().from(sources).where(eq(sources.planId, planId)),
    planSubmissions(db, planId),
    db
      .select({ light: itemLights, unitName: units.name, role: assignments.role })
      .from(itemLights)
      .innerJoin(assignments, eq(assignments.id, itemLights.assignmentId))
      .innerJoin(tasks, eq(tasks.id, itemLights.taskId))
      .innerJoin(units, eq(units.id, itemLights.unitId))
      .where(and(eq(itemLights.planId, planId), eq(itemLights.periodKey, 'now')))
      .orderBy(asc(tasks.position), asc(assignments.position)),
  ]);
  const main = periods.filter(isMainPeriod);
  const items: StoredItem[] = rows.map(({ light: r, unitName, role }) => ({
    assignmentId: r.assignmentId,
    taskId: r.taskId,
    unitId: r.unitId,
    unitName,
    role,
    light: r.light,
    reasons: r.reasons as LightReason[],
    status: r.status as ItemStatus | null,
    progress: r.progress,
    progressClass: r.progressClass as ProgressClass | null,
    deadline: r.deadline,
    closed: r.closed,
  }));
  const byTask = new Map<string, StoredItem[]>();
  for (const item of items) {
    const list = byTask.get(item.taskId);
    if (list) list.push(item);
    else byTask.set(item.taskId, [item]);
  }
  return {
    plan,
    periods: main,
    current: reviewPeriod(main, now) ?? null,
    tasks: new Map(taskRows.map((t) => [t.id, t])),
    sources: new Map(sourceRows.map((s) => [s.id, { level: s.level, title: s.title, index: s.index }])),
    submissions: new Map(
      signedRows.map((p) => [`${p.periodId}:${p.unitId}`, { status: p.status, signedAt: p.signedAt }]),
    ),
    items,
    byTask,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Verifying

export interface LightDifference {
  planId: string;
  assignmentId: string;
  /** 'now' or a period id. */
  periodKey: string;
  field: string;
  stored: unknown;
  computed: unknown;
}

export interface LightsVerification {
  ok: boolean;
  plans: number;
  checked: number;
  differences: LightDifference[];
  /** Differences beyond those listed. */
  more: number;
}

/**
 * Recomputes every light of every plan in memory, as of `now`, and compares with the stored rows (after draining
 * what is pending, so a difference is a fault, not a lag). Read-only apart from that drain.
 */
export async function verifyLights(db: Db, now: Date, options: { limit?: number } = {}): Promise<LightsVerification> {
  const limit = options.limit ?? 20;
  await drainLights(db, now);
  const settings = await readSupervisionSettings(db);
  const planRows = await db.select({ id: plans.id }).from(plans).orderBy(asc(plans.createdAt));
  const differences: LightDifference[] = [];
  let found = 0;
  let checked = 0;
  let planCount = 0;
  const differ = (d: LightDifference) => {
    found += 1;
    if (differences.length < limit) differences.push(d);
  };
  for (const { id: planId } of planRows) {
    const computed = await computeRows(db, planId, now, settings);
    const stored = await db.select().from(itemLights).where(eq(itemLights.planId, planId));
    if (!computed && stored.length === 0) continue;
    planCount += 1;
    const storedBy = new Map(stored.map((r) => [`${r.assignmentId}|${r.periodKey}`, r]));
    for (const c of computed?.rows ?? []) {
      checked += 1;
      const key = `${c.assignmentId}|${c.periodKey}`;
      const s = storedBy.get(key);
      storedBy.delete(key);
      const base = { planId, assignmentId: c.assignmentId, periodKey: c.periodKey };
      if (!s) {
        differ({ ...base, field: 'row', stored: null, computed: c.light });
        continue;
      }
      for (const field of COMPARED) {
        const a = JSON.stringify((s as Record<string, unknown>)[field] ?? null);
        const b = JSON.stringify((c as Record<string, unknown>)[field] ?? null);
        if (a !== b) differ({ ...base, field, stored: JSON.parse(a), computed: JSON.parse(b) });
      }
    }
    for (const s of storedBy.values()) {
      differ({
        planId,
        assignmentId: s.assignmentId,
        periodKey: s.periodKey,
        field: 'row',
        stored: s.light,
        computed: null,
      });
    }
  }
  return { ok: found === 0, plans: planCount, checked, differences, more: found - differences.length };
}
