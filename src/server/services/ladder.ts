// 问责梯度: the office's ladder (a settings row, src/core/ladder.ts's defaults), each item's step at a period's close
// from its lights, and the office applying it — one record per item, a message to the unit, the audit entry. 考评
// deducts what was applied, the bulletin's 黑榜 names it and the letters (.docx) print it.

import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Ladder, LadderPeriod } from '../../api/ladder.js';
import { ladderSchema } from '../../api/ladder.js';
import { DEFAULT_LADDER, type LadderStep, ladderStep } from '../../core/ladder.js';
import { type Light, periodLight } from '../../core/lights.js';
import { effectiveDueAt, isPastDue } from '../../core/periods.js';
import { compareOrder, noticeOrder } from '../../core/selection.js';
import type { Db } from '../db/client.js';
import { escalations, users } from '../db/schema.js';
import { ladderLetterDocx } from '../documents/ladder-letter.js';
import { conflict, notFound } from '../errors.js';
import { authorize, authorizeEver } from '../policy.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { leadersOf } from './leaders.js';
import { loadPlanLights } from './lights.js';
import { notifyMany } from './notifications.js';
import { assertPlanOpen } from './plan-archive.js';
import { readSetting, readSupervisionSettings, writeSetting } from './settings.js';

const KEY = 'ladder';

export async function readLadder(db: Db, organisationId?: string): Promise<Ladder> {
  const parsed = ladderSchema.safeParse(await readSetting(db, KEY, organisationId));
  return parsed.success ? parsed.data : { steps: DEFAULT_LADDER.map((s) => ({ ...s, when: [...s.when] })) };
}

export async function getLadder(ctx: Ctx): Promise<Ladder> {
  authorizeEver(ctx.actor, 'supervision.read');
  return readLadder(ctx.db);
}

export async function setLadder(ctx: Ctx, value: Ladder): Promise<Ladder> {
  authorize(ctx.actor, 'supervision.manage');
  return writeSetting(ctx, KEY, value, readLadder, 'settings.ladder');
}

const stepRef = (s: Pick<LadderStep, 'key' | 'name' | 'deduction' | 'blacklist'> & { action: string }) => ({
  key: s.key,
  name: s.name,
  action: s.action as LadderStep['action'],
  deduction: s.deduction,
  blacklist: s.blacklist,
});

/** Each district item's lights up to the period and the step the ladder gives it, with what was applied. */
export async function ladderPeriod(ctx: Ctx, planId: string, periodId: string): Promise<LadderPeriod> {
  authorize(ctx.actor, 'supervision.oversee');
  return computeLadderPeriod(ctx.db, planId, periodId, ctx.clock());
}

async function computeLadderPeriod(db: Db, planId: string, periodId: string, now: Date): Promise<LadderPeriod> {
  const [settings, ladder] = await Promise.all([readSupervisionSettings(db), readLadder(db)]);
  const data = await loadPlanLights(db, planId, now, settings);
  const index = data.periods.findIndex((p) => p.id === periodId);
  const period = data.periods[index];
  if (!period) throw notFound('报告期', 'reporting period');
  const rules = { year: data.plan.year, behindMargin: settings.behindMargin };
  const upTo = data.periods.slice(0, index + 1);
  const applied = await db.select().from(escalations).where(eq(escalations.periodId, periodId));
  const appliedOf = new Map(applied.map((e) => [e.assignmentId, e]));
  const items = data.items
    .map((i) => {
      const lights: Light[] = upTo.map((p) => periodLight(i.facts, p.id, now, rules).light);
      const step = ladderStep(lights, ladder.steps);
      const record = appliedOf.get(i.assignmentId);
      const task = data.tasks.get(i.taskId);
      const source = task ? data.sources.get(task.sourceId) : undefined;
      return {
        order: noticeOrder(source?.level ?? 'unknown', source?.index ?? 0, task?.position ?? 0),
        assignmentId: i.assignmentId,
        unit: { id: i.unitId, name: i.unitName },
        task: {
          id: i.taskId,
          number: task?.number ?? null,
          text: task?.text ?? '',
          level: source?.level ?? ('unknown' as const),
        },
        lights,
        proposed: step ? stepRef(step) : null,
        applied: record ? stepRef({ ...record, key: record.stepKey, name: record.stepName }) : null,
      };
    })
    .filter((i) => i.proposed || i.applied)
    .sort((a, b) => compareOrder(a.order, b.order) || a.unit.name.localeCompare(b.unit.name, 'zh-CN'))
    .map(({ order: _, ...rest }) => rest);
  const first = applied.reduce<Date | null>((m, e) => (m && m <= e.appliedAt ? m : e.appliedAt), null);
  return {
    period: { id: period.id, label: period.label, dueAt: effectiveDueAt(period).toISOString() },
    closed: isPastDue(period, now),
    appliedAt: first?.toISOString() ?? null,
    items,
  };
}

/**
 * Applies the ladder at a period's close: records each item's step (an item recorded before keeps its record,
 * so applying twice changes nothing), tells each unit's people which steps it reached, and audits it.
 */
export async function applyLadder(ctx: Ctx, planId: string, periodId: string): Promise<LadderPeriod> {
  authorize(ctx.actor, 'supervision.manage');
  await assertPlanOpen(ctx.db, 'reporting_period', periodId);
  const now = ctx.clock();
  const view = await computeLadderPeriod(ctx.db, planId, periodId, now);
  if (!view.closed) {
    throw conflict(
      'period_not_closed',
      '本报告期尚未截止，不能应用问责梯度。',
      'The period is not past its deadline yet.',
    );
  }
  const fresh = view.items.filter((i) => i.proposed && !i.applied);
  await ctx.db.transaction(async (tx) => {
    if (fresh.length) {
      await tx
        .insert(escalations)
        .values(
          fresh.map((i) => ({
            periodId,
            assignmentId: i.assignmentId,
            unitId: i.unit.id,
            taskId: i.task.id,
            stepKey: i.proposed?.key ?? '',
            stepName: i.proposed?.name ?? '',
            action: i.proposed?.action ?? 'reminder_letter',
            deduction: i.proposed?.deduction ?? 0,
            blacklist: i.proposed?.blacklist ?? false,
            lights: i.lights,
            appliedBy: ctx.actor?.id ?? null,
            appliedAt: now,
          })),
        )
        .onConflictDoNothing();
      const byUnit = new Map<string, typeof fresh>();
      for (const i of fresh) byUnit.set(i.unit.id, [...(byUnit.get(i.unit.id) ?? []), i]);
      const people = await tx
        .select({ id: users.id, unitId: users.unitId })
        .from(users)
        .where(and(inArray(users.unitId, [...byUnit.keys()]), eq(users.disabled, false), ne(users.role, 'admin')));
      await notifyMany(
        tx,
        [...byUnit.entries()].map(([unitId, list]) => ({
          userIds: people.filter((p) => p.unitId === unitId).map((p) => p.id),
          n: {
            kind: 'ladder_step' as const,
            title: `${view.period.label}问责梯度：${[...new Set(list.map((i) => i.proposed?.name))].join('、')}`,
            body: `本单位${list.length}项任务因连续滞后进入问责梯度，请查阅区政府督查室的函件并抓紧整改。`,
            link: '/my-tasks',
            dedupeKey: `ladder_step:${periodId}:${unitId}`,
          },
        })),
        now,
      );
      // 约谈 and the steps above it are held by the 分管区领导: each leader in charge of such a unit (分管, or named
      // by the notice on the task) is told which of their units reached which step.
      const held = fresh.filter((i) => i.proposed && i.proposed.action !== 'reminder_letter');
      const byLeader = new Map<string, typeof held>();
      for (const i of held) {
        for (const leaderId of await leadersOf(tx, { unitIds: [i.unit.id], taskId: i.task.id })) {
          byLeader.set(leaderId, [...(byLeader.get(leaderId) ?? []), i]);
        }
      }
      await notifyMany(
        tx,
        [...byLeader.entries()].map(([leaderId, list]) => ({
          userIds: [leaderId],
          n: {
            kind: 'ladder_step' as const,
            title: `${view.period.label}问责梯度：${[...new Set(list.map((i) => i.proposed?.name))].join('、')}`,
            body: `您分管的${[...new Set(list.map((i) => i.unit.name))].join('、')}共${list.length}项任务因连续滞后进入约谈及以上梯度，请安排约谈。`,
            link: `/ladder?periodId=${periodId}`,
            dedupeKey: `ladder_step:${periodId}:leader`,
          },
        })),
        now,
      );
    }
    await audit(tx, ctx, {
      action: 'ladder.apply',
      subjectType: 'reporting_period',
      subjectId: periodId,
      details: { recorded: fresh.length, steps: Object.fromEntries(countBy(fresh.map((i) => i.proposed?.key ?? ''))) },
    });
  });
  return computeLadderPeriod(ctx.db, planId, periodId, now);
}

function countBy(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/** What was applied for a period, by unit (for 考评's deductions and the bulletin's 黑榜). */
export async function appliedSteps(db: Db, periodIds: readonly string[]) {
  if (periodIds.length === 0) return [];
  return db
    .select()
    .from(escalations)
    .where(inArray(escalations.periodId, [...periodIds]))
    .orderBy(asc(escalations.appliedAt));
}

/** The office's letter to one unit for a period's applied steps: 提醒函 / 约谈通知 / 挂牌督办通知 / 问责建议. */
export async function ladderLetter(ctx: Ctx, planId: string, periodId: string, unitId: string): Promise<Buffer> {
  authorize(ctx.actor, 'supervision.manage');
  const view = await computeLadderPeriod(ctx.db, planId, periodId, ctx.clock());
  const mine = view.items.filter((i) => i.unit.id === unitId && i.applied);
  if (mine.length === 0) throw notFound('本期该单位的问责梯度记录', "the unit's applied ladder steps for the period");
  return ladderLetterDocx({
    unit: mine[0]?.unit.name ?? '',
    period: view.period.label,
    date: ctx.clock(),
    items: mine.map((i) => ({
      task: i.task,
      step: i.applied?.name ?? '',
      action: i.applied?.action ?? 'reminder_letter',
      lights: i.lights,
    })),
  });
}
