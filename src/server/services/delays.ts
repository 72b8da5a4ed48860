// 延期排行: each unit's delay cases (src/core/delays.ts) over a plan — late reports, extensions approved and refused,
// milestones overdue — counted per period and over the year, for the dashboard's ranking, a unit's cases and 考评.
// The facts come from the plan's lights (loadPlanLights: periods per rhythm, signed reports, close-outs) and two more
// queries (milestones with their titles, decided extension requests), so a plan of any size costs the same few queries.

import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DelayCaseDto, Delays } from '../../api/delays.js';
import type { SupervisionSettings } from '../../api/supervision.js';
import { countDelays, type DelayCase, type DelayItemFacts, unitDelays } from '../../core/delays.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  extensionRequests,
  ledgers,
  milestones,
  reportingPeriods,
  submissions,
  tasks,
} from '../db/schema.js';
import { notFound } from '../errors.js';
import { authorize, authorizeEver, taskScope } from '../policy.js';
import type { Ctx } from './context.js';
import { loadPlanLights, type PlanLights } from './lights.js';
import { readSupervisionSettings } from './settings.js';

export interface PlanDelays {
  lights: PlanLights;
  /** Every district unit with an item in the plan, with its name. */
  units: Map<string, string>;
  /** Each unit's cases (as of now), in no particular order. */
  byUnit: Map<string, DelayCase[]>;
  /** Labels of every period of the plan, a rhythm's month or N-week periods included. */
  periodLabels: Map<string, string>;
  /** Each unit's package per period (`periodId:unitId`), for a link to it. */
  packageIds: Map<string, string>;
}

/**
 * Every unit's delay cases over a plan as of an instant; with `taskId`, only what concerns that task (the task
 * page's count): its items' milestones and extensions, and the unit's late packages for periods that asked them.
 */
export async function loadPlanDelays(
  db: Db,
  planId: string,
  now: Date,
  settings: Pick<SupervisionSettings, 'behindMargin'>,
  only: { taskId?: string } = {},
): Promise<PlanDelays> {
  const lights = await loadPlanLights(db, planId, now, settings);
  const inScope = only.taskId ? and(eq(tasks.planId, planId), eq(tasks.id, only.taskId)) : eq(tasks.planId, planId);
  const scopedItems = only.taskId ? lights.items.filter((i) => i.taskId === only.taskId) : lights.items;
  const scopedUnits = [...new Set(scopedItems.map((i) => i.unitId))];
  const [milestoneRows, extensionRows, periodRows, packageRows] = await Promise.all([
    db
      .select({
        assignmentId: ledgers.assignmentId,
        id: milestones.id,
        title: milestones.title,
        dueOn: milestones.dueOn,
        doneOn: milestones.doneOn,
      })
      .from(milestones)
      .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
      .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(inScope)
      .orderBy(asc(milestones.position)),
    db
      .select({
        assignmentId: ledgers.assignmentId,
        id: extensionRequests.id,
        milestoneId: extensionRequests.milestoneId,
        fromDueOn: extensionRequests.fromDueOn,
        newDueOn: extensionRequests.newDueOn,
        status: extensionRequests.status,
        decidedAt: extensionRequests.decidedAt,
      })
      .from(extensionRequests)
      .innerJoin(milestones, eq(milestones.id, extensionRequests.milestoneId))
      .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
      .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(and(inScope, inArray(extensionRequests.status, ['approved', 'refused']))),
    db
      .select({ id: reportingPeriods.id, label: reportingPeriods.label })
      .from(reportingPeriods)
      .where(eq(reportingPeriods.planId, planId)),
    db
      .select({
        id: submissions.id,
        unitId: submissions.unitId,
        periodId: submissions.periodId,
        status: submissions.status,
        signedAt: submissions.signedAt,
      })
      .from(submissions)
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
      .where(
        only.taskId
          ? and(eq(reportingPeriods.planId, planId), inArray(submissions.unitId, scopedUnits))
          : eq(reportingPeriods.planId, planId),
      ),
  ]);
  const milestonesBy = new Map<string, DelayItemFacts['milestones'][number][]>();
  for (const m of milestoneRows) {
    const list = milestonesBy.get(m.assignmentId) ?? [];
    list.push({ id: m.id, title: m.title, dueOn: m.dueOn, doneOn: m.doneOn });
    milestonesBy.set(m.assignmentId, list);
  }
  const extensionsBy = new Map<string, DelayItemFacts['extensions'][number][]>();
  for (const e of extensionRows) {
    const list = extensionsBy.get(e.assignmentId) ?? [];
    list.push(e);
    extensionsBy.set(e.assignmentId, list);
  }
  const units = new Map<string, string>();
  const itemsBy = new Map<string, DelayItemFacts[]>();
  for (const item of scopedItems) {
    units.set(item.unitId, item.unitName);
    const list = itemsBy.get(item.unitId) ?? [];
    list.push({
      assignmentId: item.assignmentId,
      taskId: item.taskId,
      periods: item.facts.periods,
      reports: item.facts.reports,
      milestones: milestonesBy.get(item.assignmentId) ?? [],
      extensions: extensionsBy.get(item.assignmentId) ?? [],
      closed: item.closed,
    });
    itemsBy.set(item.unitId, list);
  }
  const packagesBy = new Map<string, Map<string, { status: string; signedAt: Date | null }>>();
  for (const p of packageRows) {
    const map = packagesBy.get(p.unitId) ?? new Map();
    map.set(p.periodId, p);
    packagesBy.set(p.unitId, map);
  }
  const byUnit = new Map<string, DelayCase[]>();
  for (const [unitId, items] of itemsBy) {
    byUnit.set(unitId, unitDelays({ items, packages: packagesBy.get(unitId) ?? new Map() }, lights.periods, now));
  }
  return {
    lights,
    units,
    byUnit,
    periodLabels: new Map(periodRows.map((p) => [p.id, p.label])),
    packageIds: new Map(packageRows.map((p) => [`${p.periodId}:${p.unitId}`, p.id])),
  };
}

/** The ranking for a period (or the year), and one unit's cases when asked: the dashboard's 延期排行. */
export async function planDelays(
  ctx: Ctx,
  planId: string,
  query: { periodId?: string | undefined; unitId?: string | undefined },
): Promise<Delays> {
  authorizeEver(ctx.actor, 'supervision.read');
  const scope = taskScope(ctx.actor, 'supervision.read');
  // Another unit's cases answer 404, as any other unit's row does.
  if (query.unitId) authorize(ctx.actor, 'supervision.read', { unitIds: [query.unitId] });
  const data = await loadPlanDelays(ctx.db, planId, ctx.clock(), await readSupervisionSettings(ctx.db));
  const { lights } = data;
  const period = query.periodId ? lights.periods.find((p) => p.id === query.periodId) : undefined;
  if (query.periodId && !period) throw notFound('报告期', 'reporting period');
  if (query.unitId && !data.units.has(query.unitId)) throw notFound('单位', 'unit');
  const inView = (c: DelayCase) => !period || c.periodId === period.id;

  const rows = [...data.units.entries()]
    .filter(([unitId]) => scope === 'all' || unitId === scope.unitId)
    .map(([id, name]) => ({ unit: { id, name }, counts: countDelays((data.byUnit.get(id) ?? []).filter(inView)) }))
    .sort((a, b) => b.counts.total - a.counts.total || a.unit.name.localeCompare(b.unit.name, 'zh-CN'));

  let cases: DelayCaseDto[] | null = null;
  if (query.unitId) {
    const labels = new Map(lights.periods.map((p) => [p.id, p.label]));
    cases = (data.byUnit.get(query.unitId) ?? [])
      .filter(inView)
      .sort((a, b) => b.on.localeCompare(a.on) || a.kind.localeCompare(b.kind))
      .map((c) => {
        const task = c.taskId ? lights.tasks.get(c.taskId) : undefined;
        return {
          kind: c.kind,
          period: { id: c.periodId, label: labels.get(c.periodId) ?? '' },
          task: task
            ? {
                id: task.id,
                number: task.number,
                text: task.text,
                sourceLevel: lights.sources.get(task.sourceId)?.level ?? 'unknown',
                position: task.position,
              }
            : null,
          assignmentId: c.assignmentId,
          item:
            c.subject.type === 'report'
              ? {
                  type: 'report' as const,
                  id: c.subject.periodId,
                  label: data.periodLabels.get(c.subject.periodId) ?? '',
                  submissionId: data.packageIds.get(`${c.subject.periodId}:${query.unitId}`) ?? null,
                }
              : {
                  type: 'milestone' as const,
                  id: c.subject.milestoneId,
                  label: c.subject.title,
                  submissionId: null,
                },
          on: c.on,
          days: c.days,
          open: c.open,
        };
      });
  }
  return {
    plan: { id: lights.plan.id, title: lights.plan.title },
    period: period ? { id: period.id, label: period.label } : null,
    periods: lights.periods.map((p) => ({ id: p.id, label: p.label })),
    rows,
    cases,
  };
}
