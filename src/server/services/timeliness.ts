// 督查室办理时效: the office's own timeliness for a plan — signed packages waiting for its review, coordination
// requests waiting to be routed — from the audit trail (every write is in it, with its instant) and the rules of
// src/core/timeliness.ts. The dashboard shows it to the office; the scheduler reminds the office of what is overdue.

import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  DEFAULT_INSTRUCTION_WITHIN_DAYS,
  DEFAULT_REVIEW_WITHIN_DAYS,
  DEFAULT_ROUTE_WITHIN_DAYS,
  type SupervisionSettings,
} from '../../api/supervision.js';
import type { OfficeTimeliness } from '../../api/timeliness.js';
import { instructionWait, medianDays, openAge, type TimedEvent, waits } from '../../core/timeliness.js';
import type { Db } from '../db/client.js';
import {
  auditEntries,
  coordinationRequests,
  plans,
  reportingPeriods,
  submissions,
  tasks,
  units,
} from '../db/schema.js';
import { notFound } from '../errors.js';
import { authorize } from '../policy.js';
import type { Ctx } from './context.js';
import { readSupervisionSettings } from './settings.js';

const REVIEW_END = ['submission.accept', 'submission.return'];

/** Each subject's audit events of the given actions, by subject id, chunked so a city's plan stays one query each. */
async function eventsOf(db: Db, subjectType: string, ids: readonly string[], actions: readonly string[]) {
  const by = new Map<string, { action: string; at: Date }[]>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .select({ subjectId: auditEntries.subjectId, action: auditEntries.action, at: auditEntries.at })
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.subjectType, subjectType),
          inArray(auditEntries.subjectId, ids.slice(i, i + 1000) as string[]),
          inArray(auditEntries.action, [...actions]),
        ),
      )
      .orderBy(asc(auditEntries.id));
    for (const r of rows) {
      const list = by.get(r.subjectId ?? '') ?? [];
      list.push({ action: r.action, at: r.at });
      by.set(r.subjectId ?? '', list);
    }
  }
  return by;
}

export const limitsOf = (s: SupervisionSettings) => ({
  review: s.reviewWithinDays ?? DEFAULT_REVIEW_WITHIN_DAYS,
  route: s.routeWithinDays ?? DEFAULT_ROUTE_WITHIN_DAYS,
  instruction: s.instructionWithinDays ?? DEFAULT_INSTRUCTION_WITHIN_DAYS,
});

/** The plan's figures as of now; used by the dashboard card and by the scheduler's reminders. */
export async function computeTimeliness(
  db: Db,
  planId: string,
  now: Date,
  settings: SupervisionSettings,
): Promise<OfficeTimeliness> {
  const [plan] = await db.select({ id: plans.id, title: plans.title }).from(plans).where(eq(plans.id, planId));
  if (!plan) throw notFound('方案', 'plan');
  const limits = limitsOf(settings);

  const packages = await db
    .select({
      id: submissions.id,
      status: submissions.status,
      unitId: units.id,
      unitName: units.name,
      period: reportingPeriods.label,
    })
    .from(submissions)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
    .innerJoin(units, eq(units.id, submissions.unitId))
    .where(eq(reportingPeriods.planId, planId));
  const reviewEvents = await eventsOf(
    db,
    'submission',
    packages.map((p) => p.id),
    ['submission.sign', ...REVIEW_END],
  );
  const reviewDone: number[] = [];
  const reviewOpen: OfficeTimeliness['reviews']['open'] = [];
  for (const p of packages) {
    const events: TimedEvent[] = (reviewEvents.get(p.id) ?? []).map((e) => ({
      kind: e.action === 'submission.sign' ? 'start' : 'end',
      at: e.at,
    }));
    const { closed, openSince } = waits(events);
    reviewDone.push(...closed);
    // Only a package the office still holds (signed, not yet accepted or returned) waits on it.
    if (openSince && p.status === 'submitted') {
      reviewOpen.push({
        id: p.id,
        unit: { id: p.unitId, name: p.unitName },
        label: p.period,
        since: openSince.toISOString(),
        ...openAge(openSince, now, limits.review),
      });
    }
  }

  const requests = await db
    .select({
      id: coordinationRequests.id,
      title: coordinationRequests.title,
      createdAt: coordinationRequests.createdAt,
      routedTo: coordinationRequests.routedTo,
      status: coordinationRequests.status,
      unitId: units.id,
      unitName: units.name,
    })
    .from(coordinationRequests)
    .innerJoin(tasks, eq(tasks.id, coordinationRequests.taskId))
    .innerJoin(units, eq(units.id, coordinationRequests.raisedByUnitId))
    .where(eq(tasks.planId, planId));
  const routeEvents = await eventsOf(
    db,
    'coordination_request',
    requests.map((r) => r.id),
    ['coordination.route'],
  );
  const routeDone: number[] = [];
  const routeOpen: OfficeTimeliness['routing']['open'] = [];
  for (const r of requests) {
    const events: TimedEvent[] = [
      { kind: 'start', at: r.createdAt },
      ...(routeEvents.get(r.id) ?? []).map((e) => ({ kind: 'end' as const, at: e.at })),
    ];
    const { closed, openSince } = waits(events);
    routeDone.push(...closed.slice(0, 1));
    if (openSince && r.status === 'open' && r.routedTo === null) {
      routeOpen.push({
        id: r.id,
        unit: { id: r.unitId, name: r.unitName },
        label: r.title,
        since: openSince.toISOString(),
        ...openAge(openSince, now, limits.route),
      });
    }
  }

  // 批示交办: a task exists only once routed, so each is a done wait — from its recorded day to added_at.
  const routedTasks = await db
    .select({
      id: tasks.id,
      number: tasks.number,
      text: tasks.text,
      instructedOn: tasks.instructedOn,
      addedAt: tasks.addedAt,
    })
    .from(tasks)
    .where(and(eq(tasks.planId, planId), isNotNull(tasks.instructedOn), isNotNull(tasks.addedAt)));
  const instructionDone: number[] = [];
  const late: OfficeTimeliness['instructions']['late'] = [];
  for (const r of routedTasks) {
    const instructedOn = r.instructedOn as string;
    const { days, overdue } = instructionWait(instructedOn, r.addedAt as Date, limits.instruction);
    instructionDone.push(days);
    if (overdue) late.push({ taskId: r.id, number: r.number, excerpt: r.text.slice(0, 40), instructedOn, days });
  }

  const oldestFirst = (a: { since: string }, b: { since: string }) => a.since.localeCompare(b.since);
  return {
    plan,
    reviews: {
      limitDays: limits.review,
      done: reviewDone.length,
      medianDays: medianDays(reviewDone),
      open: reviewOpen.sort(oldestFirst),
      overdue: reviewOpen.filter((o) => o.overdue).length,
    },
    routing: {
      limitDays: limits.route,
      done: routeDone.length,
      medianDays: medianDays(routeDone),
      open: routeOpen.sort(oldestFirst),
      overdue: routeOpen.filter((o) => o.overdue).length,
    },
    instructions: {
      limitDays: limits.instruction,
      done: instructionDone.length,
      medianDays: medianDays(instructionDone),
      late: late.sort((a, b) => b.days - a.days || a.instructedOn.localeCompare(b.instructedOn)),
    },
  };
}

export async function officeTimeliness(ctx: Ctx, planId: string): Promise<OfficeTimeliness> {
  authorize(ctx.actor, 'supervision.oversee');
  return computeTimeliness(ctx.db, planId, ctx.clock(), await readSupervisionSettings(ctx.db));
}
