// The reminder scheduler. Every run recomputes what is due from the database alone, so it
// is idempotent (each reminder has a dedupe key: running twice notifies nothing twice) and safe with
// several server instances (the computing phase holds a PostgreSQL advisory lock; sending claims rows
// with SKIP LOCKED). Then one digest per person (e-mail) and per unit (group robot) per day, never an
// empty one, and every message is recorded in `deliveries` and retried with backoff.
//
// Escalation after a period's deadline: daily reminders to the unit's staff → from
// `escalateToLeaderAfterDays` the unit leader too → from `proposeNoticeAfterDays` the office is asked
// whether to issue a 督办单.

import { and, asc, eq, gt, inArray, isNotNull, isNull, like, lte, or, sql } from 'drizzle-orm';
import type { SupervisionSettings } from '../../api/supervision.js';
import { effectiveDueAt, isPastDue } from '../../core/periods.js';
import { periodHolds } from '../../core/rhythm.js';
import { REPORTED_SUBMISSION_STATUSES } from '../../core/status.js';
import { taskCode } from '../../core/task-code.js';
import { addDays, cstDate, daysBetween, startOfDayCst, weekOf } from '../../core/time.js';
import type { Db } from '../db/client.js';
import {
  assignments,
  closeoutRequests,
  coordinationRequests,
  deliveries,
  instructions,
  instructionTargets,
  ledgers,
  milestones,
  notifications,
  plans,
  reportingPeriods,
  sources,
  submissions,
  supervisionNotices,
  tasks,
  units,
  users,
} from '../db/schema.js';
import { ChannelError, isRetryable, nextAttemptDelay } from '../notify/index.js';
import { coItemsIn, coOnlyUnits, coUnitReminders, openCoItems } from './co-units.js';
import { targetOverdue } from './instructions.js';
import { computeLeaderBrief } from './leader-brief.js';
import { reportsHere } from './lights.js';
import { type NewNotification, notifyMany, unitUsers } from './notifications.js';
import { rhythmColumns, rhythmOf } from './rhythm.js';
import { readSupervisionSettings } from './settings.js';
import { computeTimeliness } from './timeliness.js';

/** Any number; only the scheduler takes it. */
const SCHEDULER_LOCK = 4_207_113_902;
/** Digests are put together from this hour (CST) on, once a day. */
export const DIGEST_HOUR = 8;
const DAY_MS = 86_400_000;
/** A 批示's unit is reminded this many days before its date, once. */
const INSTRUCTION_REMIND_BEFORE_DAYS = 2;

export interface OutboundChannels {
  email: boolean;
  /** Sends one message; throws an error with `retryable` to say whether trying again may help. */
  send(
    target: { kind: 'email'; to: string } | { kind: 'wecom' | 'dingtalk'; url: string; secret: string | null },
    message: { title: string; text: string },
  ): Promise<void>;
}

export interface SchedulerResult {
  ran: boolean;
  notifications: number;
  digests: number;
  sent: number;
  failed: number;
}

/** The day (CST) the office was last sent a proposal for the plan; null if never. */
async function lastProposalDay(db: Db, planId: string): Promise<string | null> {
  const [row] = await db
    .select({ at: sql<Date | string | null>`max(${notifications.createdAt})` })
    .from(notifications)
    .where(
      and(eq(notifications.kind, 'notice_proposal'), like(notifications.dedupeKey, `notice_proposal:${planId}:%`)),
    );
  return row?.at ? cstDate(new Date(row.at)) : null;
}

/** Phase 1: the reminders due now, as in-app notifications. Answers how many were new. */
export async function computeReminders(db: Db, now: Date, settings: SupervisionSettings): Promise<number> {
  const today = cstDate(now);
  // Collected, then written in a few bulk inserts: most are already there (dedupe), and one insert per
  // unit and period would grow with every day a period stays overdue.
  const pending: { userIds: string[]; n: NewNotification }[] = [];
  const send = async (userIds: string[], n: NewNotification) => {
    if (userIds.length > 0) pending.push({ userIds, n });
  };
  const activePlans = await db.select().from(plans).where(eq(plans.status, 'active'));
  const supervisors = (
    await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'supervisor'), eq(users.disabled, false)))
  ).map((u) => u.id);

  for (const plan of activePlans) {
    const periods = await db
      .select()
      .from(reportingPeriods)
      .where(and(eq(reportingPeriods.planId, plan.id), eq(reportingPeriods.locked, false)))
      .orderBy(asc(reportingPeriods.dueAt));
    // Units with an item still open (not closed out) in the plan, with the rhythms of those items' tasks.
    const openItems = await db
      .selectDistinct({ unitId: assignments.unitId, name: units.name, ...rhythmColumns })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(units, eq(units.id, assignments.unitId))
      .where(
        and(
          eq(tasks.planId, plan.id),
          reportsHere,
          sql`not exists (select 1 from ${closeoutRequests} c where c.assignment_id = ${assignments.id} and c.status = 'verified')`,
        ),
      );
    if (openItems.length === 0) continue;
    const open = [...new Map(openItems.map((u) => [u.unitId, { unitId: u.unitId, name: u.name }])).values()];
    /** The units a period asks a report of: a quarter every open unit, a month or N weeks those with such tasks. */
    const askedIn = (period: (typeof periods)[number]) =>
      new Set(openItems.filter((u) => periodHolds(period, rhythmOf(u))).map((u) => u.unitId));
    const people = await unitUsers(
      db,
      open.map((u) => u.unitId),
      ['unit_staff', 'unit_leader'],
    );
    const staffOf = (unitId: string) =>
      people.filter((p) => p.unitId === unitId && p.role === 'unit_staff').map((p) => p.id);
    const leadersOf = (unitId: string) =>
      people.filter((p) => p.unitId === unitId && p.role === 'unit_leader').map((p) => p.id);

    const proposals: string[] = [];
    const proposedUnits = new Set<string>();
    const lastProposal = await lastProposalDay(db, plan.id);
    // 配合单位先于牵头单位: co-units are reminded against the plan's earlier date (services/co-units.ts).
    const allCoItems = plan.coUnitLeadDays > 0 ? await openCoItems(db, plan.id) : [];
    for (const period of periods) {
      // Only the items the period asks (a month's package holds its monthly tasks only).
      const coItems = coItemsIn(allCoItems, period);
      await coUnitReminders(
        db,
        plan,
        period,
        now,
        settings.remindBeforeDays,
        coItems,
        { staff: staffOf, leaders: leadersOf },
        send,
      );
      const coOnly = coOnlyUnits(coItems, period, plan.coUnitLeadDays);
      const due = effectiveDueAt(period);
      const dueDay = cstDate(due);
      const toDue = daysBetween(today, dueDay);
      if (toDue > Math.max(0, ...settings.remindBeforeDays)) continue;
      const done = new Set(
        (
          await db
            .select({ unitId: submissions.unitId })
            .from(submissions)
            .where(
              and(eq(submissions.periodId, period.id), inArray(submissions.status, [...REPORTED_SUBMISSION_STATUSES])),
            )
        ).map((s) => s.unitId),
      );
      const asked = askedIn(period);
      for (const unit of open) {
        if (done.has(unit.unitId) || !asked.has(unit.unitId)) continue;
        if (!isPastDue(period, now)) {
          // A unit whose every item is co was reminded against the earlier date above.
          if (coOnly.has(unit.unitId)) continue;
          // Before the deadline: only the most urgent threshold reached, so a scheduler that was down
          // for days sends one reminder, not a burst.
          const reached = settings.remindBeforeDays.filter((d) => toDue <= d);
          if (reached.length === 0) continue;
          const d = Math.min(...reached);
          await send([...staffOf(unit.unitId), ...leadersOf(unit.unitId)], {
            kind: 'period_due',
            title: `${period.label}报送将于${toDue === 0 ? '今日' : `${toDue}天后`}截止`,
            body: `请于${dueDay} 24时前完成${period.label}进展报送并经单位主要领导签字。`,
            link: '/my',
            dedupeKey: `period_due:${period.id}:${unit.unitId}:d${d}`,
          });
          continue;
        }
        const late = Math.max(1, daysBetween(dueDay, today));
        const overdue: NewNotification = {
          kind: 'period_overdue',
          title: `${period.label}报送已逾期${late}天`,
          body: `${unit.name}尚未报送${period.label}进展（截止${dueDay}），请尽快补报。`,
          link: '/my',
          dedupeKey: `period_overdue:${period.id}:${unit.unitId}:${today}`,
        };
        await send(staffOf(unit.unitId), overdue);
        if (late >= settings.escalateToLeaderAfterDays) await send(leadersOf(unit.unitId), overdue);
        // Proposed once: when the unit crossed the threshold after the plan's last proposal.
        const crossed = addDays(dueDay, settings.proposeNoticeAfterDays);
        if (late >= settings.proposeNoticeAfterDays && (lastProposal === null || crossed > lastProposal)) {
          proposals.push(`${unit.name} ${period.label} 逾期${late}天`);
          proposedUnits.add(unit.unitId);
        }
      }
    }
    // The office gets one proposal per run listing every unit and period, not one per unit and period.
    if (proposals.length > 0) {
      await send(supervisors, {
        kind: 'notice_proposal',
        title: `建议下发督办单：${proposedUnits.size}个单位报送逾期`,
        body: `以下单位报送逾期已达${settings.proposeNoticeAfterDays}天，建议下发督办单：\n${proposals.join('\n')}`,
        link: `/supervision/tasks?planId=${plan.id}&overdue=true`,
        dedupeKey: `notice_proposal:${plan.id}:${today}`,
      });
    }

    // The office's own work past its limits (督查室办理时效): one note a day listing what waits on it.
    const own = await computeTimeliness(db, plan.id, now, settings);
    if (own.reviews.overdue + own.routing.overdue > 0) {
      const lines = [
        ...own.reviews.open.filter((o) => o.overdue).map((o) => `${o.unit.name} ${o.label} 报送待审核${o.days}天`),
        ...own.routing.open
          .filter((o) => o.overdue)
          .map((o) => `${o.unit.name}「${o.label}」协调事项待转办${o.days}天`),
      ];
      await send(supervisors, {
        kind: 'office_overdue',
        title: `督查室待办逾期：审核${own.reviews.overdue}份、转办${own.routing.overdue}项`,
        body: `以下事项已超过督查室办理时限（审核${own.reviews.limitDays}天、转办${own.routing.limitDays}天）：\n${lines.join('\n')}`,
        link: '/dashboard',
        dedupeKey: `office_overdue:${plan.id}:${today}`,
      });
    }

    // Milestones due within three days, and overdue ones, once each.
    const ms = await db
      .select({
        id: milestones.id,
        title: milestones.title,
        dueOn: milestones.dueOn,
        unitId: assignments.unitId,
        assignmentId: assignments.id,
        number: tasks.number,
        position: tasks.position,
        level: sources.level,
      })
      .from(milestones)
      .innerJoin(ledgers, eq(ledgers.id, milestones.ledgerId))
      .innerJoin(assignments, eq(assignments.id, ledgers.assignmentId))
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(sources, eq(sources.id, tasks.sourceId))
      .where(
        and(
          eq(tasks.planId, plan.id),
          sql`${milestones.doneOn} is null`,
          lte(milestones.dueOn, addDays(today, 3)),
          sql`not exists (select 1 from ${closeoutRequests} c where c.assignment_id = ${assignments.id} and c.status = 'verified')`,
        ),
      );
    for (const m of ms) {
      const overdue = m.dueOn < today;
      await send(staffOf(m.unitId), {
        kind: overdue ? 'milestone_overdue' : 'milestone_due',
        title: overdue ? `时间节点已逾期：${m.title}` : `时间节点即将到期：${m.title}`,
        body: `${taskCode(m)}的时间节点「${m.title}」${overdue ? '已于' : '将于'}${m.dueOn}到期。`,
        link: `/ledger/${m.assignmentId}`,
        dedupeKey: `${overdue ? 'milestone_overdue' : 'milestone_due'}:${m.id}:${m.dueOn}`,
      });
    }
  }

  // Submissions returned by the office or by the unit leader, and submissions waiting for a signature.
  const waiting = await db
    .select({
      id: submissions.id,
      unitId: submissions.unitId,
      status: submissions.status,
      version: submissions.version,
      periodId: submissions.periodId,
      label: reportingPeriods.label,
    })
    .from(submissions)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, submissions.periodId))
    .where(
      and(
        eq(reportingPeriods.locked, false),
        or(eq(submissions.status, 'returned'), eq(submissions.status, 'pending_signoff')),
      ),
    );
  if (waiting.length > 0) {
    const people = await unitUsers(
      db,
      waiting.map((w) => w.unitId),
      ['unit_staff', 'unit_leader'],
    );
    for (const w of waiting) {
      const returned = w.status === 'returned';
      await send(
        people
          .filter((p) => p.unitId === w.unitId && p.role === (returned ? 'unit_staff' : 'unit_leader'))
          .map((p) => p.id),
        {
          kind: returned ? 'submission_returned' : 'signoff_pending',
          title: returned ? `${w.label}报送被督查室退回` : `${w.label}报送待您签字`,
          body: returned
            ? '请按退回意见修改后重新提交单位主要领导签字。'
            : '本单位报送已提交，请审阅后签字同意或退回。',
          link: `/submission/${w.periodId}`,
          dedupeKey: `${returned ? 'submission_returned' : 'signoff_pending'}:${w.id}:${w.version}`,
        },
      );
    }
  }

  // Coordination requests routed to a district leader and not answered, every N days.
  const routed = await db
    .select({
      id: coordinationRequests.id,
      title: coordinationRequests.title,
      to: coordinationRequests.routedTo,
      at: coordinationRequests.createdAt,
    })
    .from(coordinationRequests)
    .where(and(eq(coordinationRequests.status, 'open'), isNotNull(coordinationRequests.routedTo)));
  for (const c of routed) {
    const age = daysBetween(cstDate(c.at), today);
    if (age < settings.coordinationUnansweredDays || !c.to) continue;
    await send([c.to], {
      kind: 'coordination_unanswered',
      title: `协调事项待批示：${c.title}`,
      body: `该协调事项已提出${age}天，请批示。`,
      link: '/coordination',
      dedupeKey: `coordination_unanswered:${c.id}:${Math.floor(age / settings.coordinationUnansweredDays)}`,
    });
  }

  // 督办单 past their response date without a response.
  const unanswered = await db
    .select({
      id: supervisionNotices.id,
      unitId: supervisionNotices.unitId,
      year: supervisionNotices.year,
      seq: supervisionNotices.seq,
      respondBy: supervisionNotices.respondBy,
    })
    .from(supervisionNotices)
    .where(and(eq(supervisionNotices.status, 'issued'), sql`${supervisionNotices.respondBy} < ${today}`));
  if (unanswered.length > 0) {
    const people = await unitUsers(
      db,
      unanswered.map((n) => n.unitId),
      ['unit_staff', 'unit_leader'],
    );
    for (const n of unanswered) {
      await send(
        people.filter((p) => p.unitId === n.unitId).map((p) => p.id),
        {
          kind: 'notice_overdue',
          title: `督办〔${n.year}〕${n.seq}号已超过反馈期限`,
          body: `请立即反馈整改措施（反馈期限${n.respondBy}）。`,
          link: `/supervision-notices/${n.id}`,
          dedupeKey: `notice_overdue:${n.id}`,
        },
      );
    }
  }

  // 批示 routed to a unit and not answered: once two days before its date; past it, daily to the unit's staff, and
  // from `escalateToLeaderAfterDays` late to its leader and the office too (the one rule: targetOverdue).
  const awaiting = await db
    .select({
      id: instructionTargets.id,
      instructionId: instructionTargets.instructionId,
      unitId: instructionTargets.unitId,
      unitName: units.name,
      dueOn: instructionTargets.dueOn,
      answeredAt: instructionTargets.answeredAt,
      status: instructions.status,
      body: instructions.body,
    })
    .from(instructionTargets)
    .innerJoin(instructions, eq(instructions.id, instructionTargets.instructionId))
    .innerJoin(units, eq(units.id, instructionTargets.unitId))
    .where(
      and(
        eq(instructions.status, 'routed'),
        isNull(instructionTargets.answeredAt),
        lte(instructionTargets.dueOn, addDays(today, INSTRUCTION_REMIND_BEFORE_DAYS)),
      ),
    );
  if (awaiting.length > 0) {
    const people = await unitUsers(
      db,
      awaiting.map((a) => a.unitId),
      ['unit_staff', 'unit_leader'],
    );
    const of = (unitId: string, role: 'unit_staff' | 'unit_leader') =>
      people.filter((p) => p.unitId === unitId && p.role === role).map((p) => p.id);
    for (const a of awaiting) {
      const link = `/instructions/${a.instructionId}`;
      const excerpt = a.body.length > 60 ? `${a.body.slice(0, 60)}…` : a.body;
      if (!targetOverdue(a, a, today)) {
        await send([...of(a.unitId, 'unit_staff'), ...of(a.unitId, 'unit_leader')], {
          kind: 'instruction_due',
          title: `区领导批示将于${a.dueOn}到期，请反馈落实情况`,
          body: excerpt,
          link,
          dedupeKey: `instruction_due:${a.id}:${a.dueOn}`,
        });
        continue;
      }
      const late = daysBetween(a.dueOn, today);
      const overdue: NewNotification = {
        kind: 'instruction_overdue',
        title: `区领导批示落实情况逾期${late}天未反馈`,
        body: `${a.unitName}：${excerpt}（期限${a.dueOn}）`,
        link,
        dedupeKey: `instruction_overdue:${a.id}:${today}`,
      };
      await send(of(a.unitId, 'unit_staff'), overdue);
      if (late >= settings.escalateToLeaderAfterDays) {
        await send([...of(a.unitId, 'unit_leader'), ...supervisors], overdue);
      }
    }
  }
  await leaderBriefReminders(db, now, send);
  return notifyMany(db, pending, now);
}

/**
 * 领导专报: from Monday's DIGEST_HOUR on, each district leader is sent last week's brief once (keyed per leader and
 * week), with its counts; it reaches them through the day's digest like every other notification.
 */
async function leaderBriefReminders(
  db: Db,
  now: Date,
  send: (userIds: string[], n: NewNotification) => Promise<void>,
): Promise<void> {
  const today = cstDate(now);
  const monday = weekOf(today).start;
  if (now.getTime() < startOfDayCst(monday).getTime() + DIGEST_HOUR * 3_600_000) return;
  const week = weekOf(addDays(monday, -7)).start;
  const dedupeKey = `leader_brief:${week}`;
  const leaders = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'executive'), eq(users.disabled, false)));
  if (leaders.length === 0) return;
  const sent = new Set(
    (
      await db
        .select({ userId: notifications.userId })
        .from(notifications)
        .where(
          and(
            eq(notifications.dedupeKey, dedupeKey),
            inArray(
              notifications.userId,
              leaders.map((l) => l.id),
            ),
          ),
        )
    ).map((n) => n.userId),
  );
  for (const leader of leaders) {
    if (sent.has(leader.id)) continue;
    const brief = await computeLeaderBrief(db, leader.id, week, now);
    const i = brief.instructions.counts;
    await send([leader.id], {
      kind: 'leader_brief',
      title: `领导专报（${brief.weekStart}至${brief.weekEnd}）`,
      body: `红灯任务${brief.red.total}项，本周新转红灯${brief.changes.counts.turnedRed}项；批示待反馈${i.due + i.overdue}项（超期${i.overdue}项）；待您批示的协调事项${brief.coordination.total}项。`,
      link: `/brief?week=${week}`,
      dedupeKey,
    });
  }
}

function digestText(items: { title: string; body: string }[]): string {
  return items.map((n, i) => `${i + 1}. ${n.title}\n   ${n.body}`).join('\n');
}

/** Phase 2: from DIGEST_HOUR on, one digest per person (e-mail) and per unit (robot) of what is new. */
export async function buildDigests(db: Db, now: Date, channels: Pick<OutboundChannels, 'email'>): Promise<number> {
  const today = cstDate(now);
  if (now.getTime() < startOfDayCst(today).getTime() + DIGEST_HOUR * 3_600_000) return 0;
  const key = `digest:${today}`;
  let built = 0;
  const lastDigest = async (channel: 'email' | 'wecom' | 'dingtalk', recipientId: string) => {
    const [row] = await db
      .select({ at: sql<Date>`max(${deliveries.createdAt})` })
      .from(deliveries)
      .where(and(eq(deliveries.channel, channel), eq(deliveries.recipientId, recipientId)));
    return row?.at ? new Date(row.at) : new Date(0);
  };
  const add = async (
    channel: 'email' | 'wecom' | 'dingtalk',
    recipientId: string,
    items: { title: string; body: string }[],
  ) => {
    if (items.length === 0) return; // never an empty digest
    const rows = await db
      .insert(deliveries)
      .values({
        channel,
        recipientId,
        digestKey: key,
        subject: `【督办提醒】${today} 共${items.length}项`,
        body: digestText(items),
        nextAttemptAt: now,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: deliveries.id });
    built += rows.length;
  };

  if (channels.email) {
    const recipients = await db
      .selectDistinct({ id: users.id })
      .from(users)
      .innerJoin(notifications, eq(notifications.userId, users.id))
      .where(
        and(
          isNotNull(users.email),
          eq(users.disabled, false),
          gt(notifications.createdAt, new Date(now.getTime() - 7 * DAY_MS)),
        ),
      );
    for (const r of recipients) {
      const since = await lastDigest('email', r.id);
      const items = await db
        .select({ title: notifications.title, body: notifications.body })
        .from(notifications)
        .where(
          and(eq(notifications.userId, r.id), gt(notifications.createdAt, since), lte(notifications.createdAt, now)),
        )
        .orderBy(asc(notifications.createdAt));
      await add('email', r.id, items);
    }
  }

  const robots = await db
    .select({ id: units.id, kind: units.webhookKind })
    .from(units)
    .where(and(isNotNull(units.webhookUrl), isNotNull(units.webhookKind)));
  for (const unit of robots) {
    const channel = unit.kind as 'wecom' | 'dingtalk';
    const since = await lastDigest(channel, unit.id);
    const items = await db
      .selectDistinct({ title: notifications.title, body: notifications.body })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(and(eq(users.unitId, unit.id), gt(notifications.createdAt, since), lte(notifications.createdAt, now)));
    await add(channel, unit.id, items);
  }
  return built;
}

/** Phase 3: send what is due, each delivery claimed by one instance; failures back off and never block the rest. */
export async function sendDueDeliveries(
  db: Db,
  now: Date,
  channels: OutboundChannels,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    // Claim a batch: push nextAttemptAt ahead as a lease, so a crash mid-send retries later.
    const claimed = await db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now)))
        .orderBy(asc(deliveries.nextAttemptAt))
        .limit(20)
        .for('update', { skipLocked: true });
      if (rows.length > 0) {
        await tx
          .update(deliveries)
          .set({ nextAttemptAt: new Date(now.getTime() + 10 * 60_000) })
          .where(
            inArray(
              deliveries.id,
              rows.map((r) => r.id),
            ),
          );
      }
      return rows;
    });
    if (claimed.length === 0) break;
    for (const d of claimed) {
      const attempts = d.attempts + 1;
      try {
        await channels.send(await targetOf(db, d), { title: d.subject, text: d.body });
        await db
          .update(deliveries)
          .set({ status: 'sent', attempts, sentAt: now, lastError: null })
          .where(eq(deliveries.id, d.id));
        sent += 1;
      } catch (e) {
        const delay = nextAttemptDelay(attempts);
        const giveUp = !isRetryable(e) || delay === null;
        await db
          .update(deliveries)
          .set({
            status: giveUp ? 'failed' : 'pending',
            attempts,
            lastError: (e instanceof Error ? e.message : String(e)).slice(0, 500),
            nextAttemptAt: new Date(now.getTime() + (delay ?? 0)),
          })
          .where(eq(deliveries.id, d.id));
        failed += 1;
      }
    }
  }
  return { sent, failed };
}

const noTarget = (zh: string, en: string) =>
  new ChannelError('no_target', { zh, en }, { channel: 'email', retryable: false, status: 400 });

async function targetOf(db: Db, d: typeof deliveries.$inferSelect): Promise<Parameters<OutboundChannels['send']>[0]> {
  if (d.channel === 'email') {
    const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, d.recipientId));
    if (!u?.email) throw noTarget('该账号没有电子邮箱。', 'The account has no e-mail address.');
    return { kind: 'email', to: u.email };
  }
  const [unit] = await db
    .select({ url: units.webhookUrl, kind: units.webhookKind, secret: units.webhookSecret })
    .from(units)
    .where(eq(units.id, d.recipientId));
  if (!unit?.url || unit.kind !== d.channel) throw noTarget('该单位未配置群机器人。', 'The unit has no group robot.');
  return { kind: d.channel, url: unit.url, secret: unit.secret };
}

/** One scheduler run: reminders and digests under the advisory lock, then sending. */
export async function runScheduler(db: Db, now: Date, channels: OutboundChannels): Promise<SchedulerResult> {
  const settings = await readSupervisionSettings(db);
  const phase = await db.transaction(async (tx) => {
    const [lock] = (await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${SCHEDULER_LOCK}) as ok`))
      .rows;
    if (!lock?.ok) return null;
    const created = await computeReminders(tx, now, settings);
    const digests = await buildDigests(tx, now, channels);
    return { created, digests };
  });
  if (!phase) return { ran: false, notifications: 0, digests: 0, sent: 0, failed: 0 };
  const { sent, failed } = await sendDueDeliveries(db, now, channels);
  return { ran: true, notifications: phase.created, digests: phase.digests, sent, failed };
}
