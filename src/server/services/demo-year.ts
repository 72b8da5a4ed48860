// The living demo: the year of the demo plan, played up to "today" through the real services, so the audit
// trail, the notifications and every dashboard figure come from the same code a real office runs. Seeded:
// the same demo date gives the same database (counts and states), whatever the machine or the hour.

import { and, asc, eq, inArray } from 'drizzle-orm';
import { DubanError } from '../../core/errors.js';
import type { ItemStatus } from '../../core/status.js';
import { addDays, cstDate, isDate, startOfDayCst } from '../../core/time.js';
import { assignments, itemReports, reportingPeriods, submissions, tasks, units, users } from '../db/schema.js';
import type { Actor } from '../policy.js';
import { audit } from './audit.js';
import { createBulletin, publishBulletin, signOffBulletin, submitBulletinSignoff } from './bulletins.js';
import type { Ctx } from './context.js';
import { answerCoordination, raiseCoordination, routeCoordination } from './coordination.js';
import { decideExtension, requestExtension } from './extensions.js';
import { addMilestone, getLedger, reviewLedger, submitLedger, updateLedger } from './ledgers.js';
import {
  acceptSubmission,
  contentHash,
  leaderReturn,
  officeReturn,
  openSubmission,
  sendForSignoff,
  signSubmission,
  updateItemIn,
} from './submissions.js';
import { issueSupervisionNotice } from './supervision-notices.js';

/** The bundled notice's year; the demo moves its dates to the demo year. */
export const SAMPLE_YEAR = 2025;
const HOUR = 3_600_000;
/** Units whose year is played in detail (the demo's own among them). */
const DETAILED_UNITS = 12;
const DAY = 24 * HOUR;

/**
 * `--demo-date YYYY-MM-DD`: the day the demo's year is played up to, as 10:00 in China. A value that is not a
 * real date of a plausible year is the operator's to fix (exit 2), said in both languages.
 */
export function parseDemoDate(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const year = Number(value.slice(0, 4));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isDate(value) || year < 2000 || year > 2099) {
    throw new DubanError('bad_demo_date', {
      zh: `--demo-date 应为 2000–2099 年间的日期，格式 YYYY-MM-DD（例如 2026-11-15），收到：${value}`,
      en: `--demo-date must be a date between 2000 and 2099 written YYYY-MM-DD (e.g. 2026-11-15), got: ${value}`,
    });
  }
  return new Date(startOfDayCst(value).getTime() + 10 * HOUR);
}

/** The bundled notice with every year it names moved by the same offset (2025 → the demo year, 2024 → the one before). */
export function redateNotice(text: string, year: number): string {
  const shift = year - SAMPLE_YEAR;
  return text.replace(/(?<!\d)20[1-3]\d(?!\d)/g, (y) => String(Number(y) + shift));
}

/** mulberry32: a small seeded generator, so the demo never depends on Math.random. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How a unit behaves over the year. */
type Habit = 'punctual' | 'late' | 'lagging' | 'blocked' | 'silent';
const HABITS: readonly Habit[] = ['late', 'lagging', 'silent', 'blocked', 'late', 'punctual', 'punctual', 'late'];

interface SimUnit {
  id: string;
  name: string;
  habit: Habit;
  staff: Actor;
  leader: Actor;
}

const PROGRESS: Record<ItemStatus, string[]> = {
  not_started: ['前期调研已启动，方案正在起草。'],
  on_track: [
    '已制定实施方案，按月调度推进，各项工作按序时进度完成。',
    '已召开专题推进会，明确责任分工，项目有序推进。',
    '完成阶段性目标，正在开展下一阶段工作。',
  ],
  completed: ['目标任务已全面完成，相关资料已归档。'],
  lagging: ['受项目审批周期影响，进度慢于序时，正在加快推进。'],
  blocked: ['征收补偿方案未获通过，项目暂停，需区领导协调。'],
  // 本期无进展 with its reason, as a unit must give it.
  no_progress: ['本期处于冬季停工期，暂无实质进展，开春后按计划复工。', '本期等待上级资金批复，暂无新进展。'],
};

interface Event {
  at: number;
  order: number;
  run: (ctx: Ctx) => Promise<unknown>;
}

/**
 * Plays the plan's year up to `today`: units keep ledgers and report each finished period (most on time, some
 * late, a few lagging or blocked two periods running, a few silent), a leader and the office each return one
 * report that is then signed again, coordination requests are answered with the leader's 批示, an extension
 * is approved, a 督办单 stays open and the last finished period's bulletin is published.
 */
export async function simulateYear(
  base: Ctx,
  planId: string,
  today: Date,
  opts: { passwordHash: string; seed?: number; demoUnits: readonly string[] },
): Promise<{ events: number }> {
  const rand = seededRandom(opts.seed ?? 20250219);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const db = base.db;
  const periods = await db
    .select()
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, planId))
    .orderBy(asc(reportingPeriods.dueAt));
  const finished = periods.filter((p) => p.dueAt.getTime() + 3 * DAY < today.getTime());
  const held = await db
    .selectDistinct({ id: units.id, name: units.name })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(eq(tasks.planId, planId))
    .orderBy(asc(units.name));
  const people = await db.select().from(users);
  const supervisorRow = people.find((u) => u.role === 'supervisor');
  const executiveRow = people.find((u) => u.role === 'executive');
  if (!supervisorRow || !executiveRow) return { events: 0 };
  // Everyone of the demo works in the organisation of its supervisor (the default one).
  const organisationId = supervisorRow.organisationId;
  const supervisor: Actor = { id: supervisorRow.id, role: 'supervisor', unitId: null, organisationId };
  const executive: Actor = { id: executiveRow.id, role: 'executive', unitId: null, organisationId };

  // Every unit gets a staff member and a leader (the demo's named accounts where it has them).
  // Played step by step through the services, a unit's report costs about a second on PGlite: the demo's own
  // units and a drawn few are played in detail; the others report on time, written in bulk (quietReports).
  const detailed = new Set(opts.demoUnits);
  const others = held.filter((u) => !detailed.has(u.name));
  while (detailed.size < DETAILED_UNITS && others.length > 0)
    detailed.add(others.splice(Math.floor(rand() * others.length), 1)[0]?.name as string);
  let drawn = 0;
  const sim: SimUnit[] = [];
  const quiet: SimUnit[] = [];
  for (const [index, u] of held.entries()) {
    const account = async (role: 'unit_staff' | 'unit_leader', title: string): Promise<Actor> => {
      const own = people.find((p) => p.unitId === u.id && p.role === role);
      if (own) return { id: own.id, role, unitId: u.id, organisationId };
      const [row] = await db
        .insert(users)
        .values({
          organisationId,
          username: `demo${String(index + 1).padStart(3, '0')}.${role === 'unit_staff' ? 'staff' : 'leader'}`,
          displayName: `${u.name} ${title}`,
          role,
          unitId: u.id,
          passwordHash: opts.passwordHash,
          mustChangePassword: false,
        })
        .returning({ id: users.id });
      return { id: (row as { id: string }).id, role, unitId: u.id, organisationId };
    };
    // The demo's own units behave well (their accounts show a tidy year); the drawn ones take the habits in turn,
    // so every kind of unit is there whatever the draw.
    const habit: Habit =
      opts.demoUnits.includes(u.name) || !detailed.has(u.name)
        ? 'punctual'
        : (HABITS[drawn++ % HABITS.length] as Habit);
    (detailed.has(u.name) ? sim : quiet).push({
      ...u,
      habit,
      staff: await account('unit_staff', '经办人'),
      leader: await account('unit_leader', '主要负责人'),
    });
  }

  const events: Event[] = [];
  const at = (when: number, run: Event['run']) => {
    // Nothing happens after "today".
    if (when <= today.getTime()) events.push({ at: when, order: events.length, run });
  };
  const as = (actor: Actor, ctx: Ctx): Ctx => ({ ...ctx, actor });
  const yearStart = startOfDayCst(`${today.getUTCFullYear()}-01-01`).getTime();
  const firstAssignment = async (unitId: string) =>
    (
      await db
        .select({ id: assignments.id, taskId: assignments.taskId })
        .from(assignments)
        .innerJoin(tasks, eq(tasks.id, assignments.taskId))
        .where(and(eq(tasks.planId, planId), eq(assignments.unitId, unitId)))
        .orderBy(asc(tasks.sourceId), asc(tasks.position))
        .limit(1)
    )[0];

  // Ledgers in March: most units fill theirs; the office confirms them.
  for (const u of sim) {
    if (u.habit === 'silent' || (!opts.demoUnits.includes(u.name) && rand() < 0.5)) continue;
    const a = await firstAssignment(u.id);
    if (!a) continue;
    const when = yearStart + (60 + Math.floor(rand() * 25)) * DAY + 9 * HOUR;
    at(when, async (ctx) => {
      const ledger = await getLedger(as(u.staff, ctx), a.id);
      await updateLedger(as(u.staff, ctx), a.id, {
        version: ledger.version,
        measures: '成立工作专班，细化季度目标，按月调度、按季报送。',
        responsibleLeader: `${u.name}主要负责人`,
        responsiblePerson: `${u.name}经办人`,
        phone: '027-88888888',
      });
      await submitLedger(as(u.staff, ctx), a.id);
    });
    at(when + 2 * DAY, (ctx) => reviewLedger(as(supervisor, ctx), a.id, { confirm: true }));
  }

  // Reports for every finished period.
  const lastIndex = finished.length - 1;
  for (const [pi, p] of finished.entries()) {
    const due = p.dueAt.getTime();
    for (const u of sim) {
      if (u.habit === 'silent' && pi >= lastIndex - 1) continue;
      const late = u.habit === 'late' && rand() < 0.7;
      const sendAt = late ? due + (1 + Math.floor(rand() * 4)) * DAY : due - (1 + Math.floor(rand() * 7)) * DAY;
      const troubled = (u.habit === 'lagging' && pi >= lastIndex - 1) || (u.habit === 'blocked' && pi === lastIndex);
      // Every item is filled in before signing: most advance, some say 本期无进展 with a reason.
      const statusOf = (i: number): ItemStatus =>
        troubled && i === 0
          ? u.habit === 'lagging'
            ? 'lagging'
            : 'blocked'
          : pi === lastIndex && rand() < 0.15
            ? 'completed'
            : i % 7 === 3
              ? 'no_progress'
              : 'on_track';
      // One of the demo's units is sent back by its leader once, and by the office once: both re-signed.
      const leaderReturns = u.name === opts.demoUnits[0] && pi === 0;
      const officeReturns = u.name === opts.demoUnits[0] && pi === lastIndex;
      at(sendAt, async (ctx) => {
        const staff = as(u.staff, ctx);
        const sub = await openSubmission(staff, p.id);
        await ctx.db.transaction(async (tx) => {
          for (const [i, item] of sub.items.entries()) {
            const status = statusOf(i);
            await updateItemIn(tx, staff, item.id, {
              version: item.version,
              status,
              progress: pick(PROGRESS[status]),
              ...(status === 'blocked' || status === 'lagging'
                ? {
                    problems: '需协调解决的困难见进展情况。',
                    lagReasons: [status === 'blocked' ? 'land' : 'approvals'],
                  }
                : {}),
            });
          }
        });
        await sendForSignoff(staff, sub.id);
      });
      if (leaderReturns) {
        at(sendAt + HOUR, async (ctx) =>
          leaderReturn(as(u.leader, ctx), await subId(ctx, u.id, p.id), '请补充本季度量化数据。'),
        );
        at(sendAt + 2 * HOUR, async (ctx) => {
          const staff = as(u.staff, ctx);
          const sub = await openSubmission(staff, p.id);
          const first = sub.items[0];
          if (first)
            await ctx.db.transaction((tx) =>
              updateItemIn(tx, staff, first.id, {
                version: first.version,
                progress: '已补充量化数据：完成年度目标的28%，高于序时进度。',
              }),
            );
          await sendForSignoff(staff, sub.id);
        });
      }
      at(sendAt + 3 * HOUR, async (ctx) => signSubmission(as(u.leader, ctx), await subId(ctx, u.id, p.id)));
      if (officeReturns) {
        at(sendAt + DAY, async (ctx) => {
          const id = await subId(ctx, u.id, p.id);
          await officeReturn(as(supervisor, ctx), id, { comment: '请补充佐证材料说明后重新签报。', items: [] });
        });
        at(sendAt + DAY + 2 * HOUR, async (ctx) => {
          const staff = as(u.staff, ctx);
          const id = await subId(ctx, u.id, p.id);
          await sendForSignoff(staff, id);
        });
        at(sendAt + DAY + 4 * HOUR, async (ctx) => signSubmission(as(u.leader, ctx), await subId(ctx, u.id, p.id)));
      }
      at(sendAt + 2 * DAY + (officeReturns ? DAY : 0), async (ctx) =>
        acceptSubmission(as(supervisor, ctx), await subId(ctx, u.id, p.id)),
      );
    }
  }

  // A blocked or lagging unit asks the district leader for help; the leader answers with a 批示.
  const askers = sim.filter((u) => u.habit === 'blocked' || u.habit === 'lagging').slice(0, 2);
  const last = finished[lastIndex];
  if (last) {
    for (const [k, u] of askers.entries()) {
      const a = await firstAssignment(u.id);
      if (!a) continue;
      const raised = last.dueAt.getTime() + (1 + k) * DAY;
      let id = '';
      at(raised, async (ctx) => {
        id = (
          await raiseCoordination(as(u.staff, ctx), {
            taskId: a.taskId,
            title: '项目推进遇阻，请求区领导协调',
            body: '涉及多个部门的审批事项迟迟未能办结，影响项目进度，恳请区领导协调。',
          })
        ).id;
      });
      at(raised + 4 * HOUR, (ctx) => routeCoordination(as(supervisor, ctx), id, executive.id as string));
      at(raised + DAY, (ctx) =>
        answerCoordination(as(executive, ctx), id, '请区发改局牵头，相关部门一周内会商解决，结果报督查室。'),
      );
    }
    // A 督办单 to the first unit that stayed silent (or else the first blocked one), still open today.
    const target = sim.find((u) => u.habit === 'silent') ?? sim.find((u) => u.habit === 'blocked');
    const a = target && (await firstAssignment(target.id));
    if (a) {
      const issued = last.dueAt.getTime() + 2 * DAY;
      at(issued, (ctx) =>
        issueSupervisionNotice(as(supervisor, ctx), {
          assignmentId: a.id,
          reason: `${last.label}未按时报送进展情况，请说明原因并限期报送。`,
          severity: 'red',
          respondBy: addDays(cstDate(today), 7),
        }),
      );
    }
    // The bulletin of the last finished period, published once the reports are in.
    at(last.dueAt.getTime() + 3 * DAY - HOUR, async (ctx) => {
      const b = await createBulletin(as(supervisor, ctx), { planId, periodId: last.id });
      // 签发 by the district leader before publication, as every bulletin.
      await submitBulletinSignoff(as(supervisor, ctx), b.id, { approverId: executive.id as string });
      await signOffBulletin(as(executive, ctx), b.id);
      await publishBulletin(as(supervisor, ctx), b.id, {});
    });
  }

  // A milestone moved: asked for in spring, approved by the office.
  const mover = sim.find((u) => u.name === opts.demoUnits[0]);
  const moved = mover && (await firstAssignment(mover.id));
  if (mover && moved) {
    const year = today.getUTCFullYear();
    at(yearStart + 70 * DAY, (ctx) =>
      addMilestone(as(mover.staff, ctx), moved.id, { title: '完成项目立项', dueOn: `${year}-06-30` }),
    );
    at(yearStart + 120 * DAY, async (ctx) => {
      const ledger = await getLedger(as(mover.staff, ctx), moved.id);
      const m = ledger.milestones[0];
      if (!m) return;
      const e = await requestExtension(as(mover.staff, ctx), m.id, {
        newDueOn: `${year}-09-30`,
        reason: '上级审批权限调整，立项手续顺延。',
      });
      await decideExtension(as(supervisor, ctx), e.id, { approve: true, note: '同意延期。' });
    });
  }

  for (const p of finished) {
    const signedAt = new Date(p.dueAt.getTime() - 3 * DAY);
    at(signedAt.getTime(), (ctx) => quietReports(ctx, quiet, p.id, signedAt));
  }

  events.sort((x, y) => x.at - y.at || x.order - y.order);
  for (const e of events) {
    const when = new Date(e.at);
    await e.run({ ...base, clock: () => when });
  }
  return { events: events.length };
}

async function subId(ctx: Ctx, unitId: string, periodId: string): Promise<string> {
  const [row] = await ctx.db
    .select({ id: submissions.id })
    .from(submissions)
    .where(and(eq(submissions.unitId, unitId), eq(submissions.periodId, periodId)));
  if (!row) throw new Error(`demo: no submission for ${unitId} in ${periodId}`);
  return row.id;
}

/**
 * The units not played in detail: one on-time, signed and accepted report each for the period, written in bulk
 * (with the hash of what was signed, as signing stores it) and one audit entry saying so.
 */
async function quietReports(ctx: Ctx, quiet: readonly SimUnit[], periodId: string, signedAt: Date): Promise<void> {
  if (quiet.length === 0) return;
  await ctx.db.transaction(async (tx) => {
    const subs = await tx
      .insert(submissions)
      .values(
        quiet.map((u) => ({
          unitId: u.id,
          periodId,
          createdAt: signedAt,
          updatedAt: signedAt,
        })),
      )
      .returning({ id: submissions.id, unitId: submissions.unitId });
    const held = await tx
      .select({ id: assignments.id, unitId: assignments.unitId })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(reportingPeriods, eq(reportingPeriods.planId, tasks.planId))
      .where(
        and(
          eq(reportingPeriods.id, periodId),
          inArray(
            assignments.unitId,
            quiet.map((u) => u.id),
          ),
        ),
      );
    const subOf = new Map(subs.map((s) => [s.unitId, s.id]));
    const items = held.flatMap((a) => {
      const submissionId = subOf.get(a.unitId);
      return submissionId
        ? [{ submissionId, assignmentId: a.id, status: 'on_track' as const, progress: PROGRESS.on_track[0] as string }]
        : [];
    });
    const rows = items.length ? await tx.insert(itemReports).values(items).returning() : [];
    for (const s of subs) {
      const own = rows.filter((r) => r.submissionId === s.id);
      await tx
        .update(submissions)
        .set({
          status: 'accepted',
          signerId: quiet.find((u) => u.id === s.unitId)?.leader.id ?? null,
          signedAt,
          contentHash: contentHash(s.unitId, periodId, own, []),
        })
        .where(eq(submissions.id, s.id));
    }
    await audit(tx, ctx, {
      action: 'demo.seed',
      details: { periodId, reportsInBulk: subs.length },
    });
  });
}
