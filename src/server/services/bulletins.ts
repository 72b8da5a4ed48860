// 通报: the office generates a draft for a period from the data (figures, on-time submission, laggards,
// commendation proposals, open coordination and 督办单), edits the wording and the names, numbers it and
// publishes it. Publishing freezes a snapshot — later data never changes a published bulletin — and
// notifies every unit. Units read published bulletins; drafts stay with the office and district leaders.
// 签发: before publishing, the office submits the draft to a district leader (分管区领导) or the office's head;
// only an approved draft is published, and any edit after submission voids the approval. A published
// bulletin is never edited: a numbered 更正 that references it goes through the same 签发 and publication.

import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Bulletin,
  BulletinData,
  BulletinDraft,
  BulletinSummary,
  bulletinApproverSchema,
} from '../../api/bulletins.js';
import { OTHER_LAG_REASON } from '../../api/lag-reasons.js';
import {
  formatBulletinNumber,
  parseBulletinNumber,
  proposeBulletinNumber,
  sameBulletinNumber,
} from '../../core/bulletin-number.js';
import { countDelays } from '../../core/delays.js';
import { countLights, type Light, overdueDays, periodLight, worstLight } from '../../core/lights.js';
import { effectiveDueAt, lateDays } from '../../core/periods.js';
import { countProgress, PROGRESS_CLASSES, progressClass } from '../../core/progress.js';
import { isMainPeriod } from '../../core/rhythm.js';
import {
  commendationReason,
  compareOrder,
  laggardReason,
  noticeOrder,
  selectCommendations,
  selectLaggards,
} from '../../core/selection.js';
import { taskCode } from '../../core/task-code.js';
import { cstDate } from '../../core/time.js';
import type { Db } from '../db/client.js';
import {
  bulletins,
  coordinationRequests,
  plans,
  reportingPeriods,
  supervisionNotices,
  taskLinks,
  tasks,
  units,
  users,
} from '../db/schema.js';
import { LEVEL_ZH, PROGRESS_CLASS_ZH } from '../documents/labels.js';
import { badRequest, conflict, notFound } from '../errors.js';
import {
  authorize,
  authorizeBulletinSignOff,
  authorizeEver,
  bulletinAbilities,
  can,
  isBulletinApprover,
  maySeeBulletin,
} from '../policy.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';
import { statusOf as coordinationStatusOf } from './coordination.js';
import { loadPlanDelays } from './delays.js';
import { bulletinInstructions } from './instructions.js';
import { appliedSteps } from './ladder.js';
import { groupByLagReason, lagReasonsByTask, readLagReasons } from './lag-reasons.js';
import { type ItemLight, unitSubmission } from './lights.js';
import { notifyHandoff, notifyMany } from './notifications.js';
import { readSupervisionSettings } from './settings.js';
import { supervisionNoticeNumber } from './supervision-notices.js';

type Row = typeof bulletins.$inferSelect;

/** The figures of a period, as the data stands now. */
export async function bulletinData(db: Db, planId: string, periodId: string, now: Date): Promise<BulletinData> {
  const [period] = await db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId));
  if (!period || period.planId !== planId) throw notFound('报告期', 'reporting period');
  // A bulletin speaks of every unit: a month's or N weeks' period asks only some tasks (src/core/rhythm.ts).
  if (!isMainPeriod(period)) {
    throw badRequest(
      'bulletin_period_not_main',
      '通报按季度或年度报告期编发；按月、按周报送的情况见该季度的通报。',
      'A bulletin covers a quarter or the year; monthly and weekly reports are in the quarter’s bulletin.',
    );
  }
  const settings = await readSupervisionSettings(db);
  // The delays read the same (cached) lights: the bulletin's items and periods are the delays' own.
  const delayData = await loadPlanDelays(db, planId, now, settings);
  const data = delayData.lights;
  const rules = { year: data.plan.year, behindMargin: settings.behindMargin };
  const lightOf = new Map<string, Light>(
    data.items.map((i) => [i.assignmentId, periodLight(i.facts, period.id, now, rules).light]),
  );
  const statusOf = (i: ItemLight) => i.facts.reports.get(period.id)?.status ?? null;

  const itemStatuses: Record<string, number> = {};
  for (const i of data.items) {
    // An item nobody filled in is not reported (未报送), never 未启动.
    const s = statusOf(i) ?? 'unreported';
    itemStatuses[s] = (itemStatuses[s] ?? 0) + 1;
  }
  const taskLight = (taskId: string) =>
    worstLight((data.byTask.get(taskId) ?? []).map((i) => lightOf.get(i.assignmentId) ?? 'grey'));
  const bySource = [...data.sources.entries()]
    .sort((a, b) => a[1].index - b[1].index)
    .map(([id, s]) => {
      const ids = [...data.tasks.values()].filter((t) => t.sourceId === id).map((t) => t.id);
      return {
        level: s.level,
        title: s.title,
        tasks: ids.length,
        lights: countLights(ids.map(taskLight)),
        completed: ids.filter((t) => {
          const list = data.byTask.get(t) ?? [];
          return list.length > 0 && list.every((i) => i.closed || statusOf(i) === 'completed');
        }).length,
      };
    });

  // On-time submission of every unit with items in the plan.
  const unitNames = new Map(data.items.map((i) => [i.unitId, i.unitName]));
  const onTime: BulletinData['submissions']['onTime'] = [];
  const late: BulletinData['submissions']['late'] = [];
  const missing: BulletinData['submissions']['missing'] = [];
  for (const [id, name] of [...unitNames.entries()].sort((a, b) => a[1].localeCompare(b[1], 'zh-CN'))) {
    const { state, lateSeconds } = unitSubmission(data, period, id, now);
    if (state === 'late') late.push({ id, name, lateDays: lateDays(lateSeconds) });
    else if (state === 'on_time') onTime.push({ id, name });
    else if (state === 'missing') missing.push({ id, name });
  }

  const taskRef = (id: string) => {
    const task = data.tasks.get(id);
    return {
      id,
      number: task?.number ?? null,
      text: task?.text ?? '',
      level: task ? (data.sources.get(task.sourceId)?.level ?? 'unknown') : 'unknown',
      position: task?.position ?? 0,
    };
  };
  // Why each lagging item lags, as signed (滞后原因): per unit in the laggards, and counted by reason.
  const [byTask, reasonList] = await Promise.all([lagReasonsByTask(db, planId, period.id), readLagReasons(db)]);
  const reasonName = new Map(reasonList.map((r) => [r.key, r.labelZh]));
  const reasonsOf = (assignmentId: string, taskId: string) => {
    const item = (byTask.get(taskId) ?? []).find((x) => x.assignmentId === assignmentId);
    if (!item) return [];
    return item.reasons.map((k) =>
      k === OTHER_LAG_REASON && item.text ? `其他（${item.text}）` : (reasonName.get(k) ?? k),
    );
  };
  const lagReasonSummary = groupByLagReason([...byTask.values()].flat(), reasonList).map((g) => ({
    reason: g.labelZh,
    items: g.items,
    tasks: g.tasks.length,
  }));

  // Every lagging task, none cut: the .xlsx lists them all and the .docx says how many it names of how many.
  const laggards = selectLaggards(
    [...data.byTask.entries()].map(([taskId, list]) => {
      const task = data.tasks.get(taskId);
      const source = task ? data.sources.get(task.sourceId) : undefined;
      return {
        taskId,
        order: noticeOrder(source?.level ?? 'unknown', source?.index ?? 0, task?.position ?? 0),
        units: list.map((i) => ({
          item: i,
          light: lightOf.get(i.assignmentId) ?? ('grey' as Light),
          overdueDays: overdueDays(i.facts, period.id, now),
        })),
      };
    }),
  ).map(({ taskId, light, lagging, overdueDays: days }) => {
    return {
      task: taskRef(taskId),
      light,
      overdueDays: days,
      units: lagging.map(({ item: i }) => ({
        unit: { id: i.unitId, name: i.unitName },
        status: statusOf(i),
        reason: laggardReason(statusOf(i), i.progress),
        progressClass: i.progressClass,
        lagReasons: reasonsOf(i.assignmentId, i.taskId),
      })),
    };
  });

  // 逾期完成 is reported apart from work done in time: every task with a unit that finished after the deadline.
  const progress = countProgress(data.items.map((i) => i.progressClass));
  const order = (t: ReturnType<typeof taskRef>) =>
    noticeOrder(t.level, data.sources.get(data.tasks.get(t.id)?.sourceId ?? '')?.index ?? 0, t.position);
  const completedLate = [...data.byTask.entries()]
    .map(([taskId, list]) => {
      const late = list
        .map((i) => ({ i, c: progressClass(i.facts, i.deadline, now, rules) }))
        .filter(({ c }) => c.progress === 'completed_late');
      return { taskId, late };
    })
    .filter(({ late }) => late.length > 0)
    .map(({ taskId, late }) => ({
      task: taskRef(taskId),
      deadlineOn: late[0]?.c.deadlineOn ?? '',
      units: late.map(({ i, c }) => ({ unit: { id: i.unitId, name: i.unitName }, completedBy: c.completedBy })),
    }))
    .sort((a, b) => compareOrder(order(a.task), order(b.task)));

  // 黑榜: what the office applied of its ladder at this period's close, by unit.
  const blacklist = new Map<string, BulletinData['blacklist'][number]>();
  for (const e of await appliedSteps(db, [period.id])) {
    if (!e.blacklist) continue;
    const entry = blacklist.get(e.unitId) ?? {
      unit: { id: e.unitId, name: unitNames.get(e.unitId) ?? '' },
      steps: [],
    };
    const { position: _, ...task } = taskRef(e.taskId);
    entry.steps.push({ name: e.stepName, task });
    blacklist.set(e.unitId, entry);
  }

  // 延期: every unit with a case counted in this period, most first.
  const delays = [...delayData.units.entries()]
    .map(([id, name]) => {
      const cases = delayData.byUnit.get(id) ?? [];
      return {
        unit: { id, name },
        period: countDelays(cases.filter((c) => c.periodId === period.id)),
        year: cases.length,
      };
    })
    .filter((d) => d.period.total > 0)
    .sort(
      (a, b) => b.period.total - a.period.total || b.year - a.year || a.unit.name.localeCompare(b.unit.name, 'zh-CN'),
    );

  const onTimeIds = new Set(onTime.map((u) => u.id));
  const commendations = selectCommendations(
    [...unitNames.entries()].map(([id, name]) => ({
      id,
      name,
      onTime: onTimeIds.has(id),
      lights: data.items.filter((i) => i.unitId === id).map((i) => lightOf.get(i.assignmentId) ?? ('grey' as Light)),
    })),
  ).map(({ id, name, lights }) => ({
    unit: { id, name },
    items: lights.length,
    reason: commendationReason(lights.length),
  }));

  const coordination = await db
    .select({
      title: coordinationRequests.title,
      unit: units.name,
      status: coordinationRequests.status,
      routedTo: coordinationRequests.routedTo,
    })
    .from(coordinationRequests)
    .innerJoin(tasks, eq(tasks.id, coordinationRequests.taskId))
    .innerJoin(units, eq(units.id, coordinationRequests.raisedByUnitId))
    .where(and(eq(tasks.planId, planId), ne(coordinationRequests.status, 'resolved')))
    .orderBy(asc(coordinationRequests.createdAt));
  const notices = await db
    .select({ n: supervisionNotices, unit: units.name })
    .from(supervisionNotices)
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .innerJoin(units, eq(units.id, supervisionNotices.unitId))
    .where(and(eq(tasks.planId, planId), ne(supervisionNotices.status, 'closed')))
    .orderBy(asc(supervisionNotices.seq));

  // 上下贯通: the district's confirmed links, grouped by the city/province task they serve.
  const links = await db
    .select({ taskId: taskLinks.taskId, targetId: taskLinks.targetId })
    .from(taskLinks)
    .innerJoin(tasks, eq(tasks.id, taskLinks.taskId))
    .where(and(eq(tasks.planId, planId), eq(taskLinks.status, 'confirmed')));
  const byTarget = new Map<string, string[]>();
  for (const l of links) byTarget.set(l.targetId, [...(byTarget.get(l.targetId) ?? []), l.taskId]);
  const lines = [...byTarget.entries()].map(([targetId, districtIds]) => {
    const district = districtIds.map((id) => ({
      id,
      number: data.tasks.get(id)?.number ?? null,
      light: taskLight(id),
    }));
    return {
      task: taskRef(targetId),
      light: worstLight(district.map((d) => d.light)),
      district,
    };
  });

  return {
    plan: { id: data.plan.id, title: data.plan.title, year: data.plan.year },
    period: { id: period.id, label: period.label, dueAt: effectiveDueAt(period).toISOString() },
    generatedAt: now.toISOString(),
    overview: {
      tasks: data.tasks.size,
      items: data.items.length,
      itemStatuses,
      taskLights: countLights([...data.tasks.keys()].map(taskLight)),
      bySource,
      progress,
    },
    submissions: { onTime, late, missing },
    laggards,
    laggardCount: laggards.length,
    lagReasons: lagReasonSummary,
    completedLate,
    delays,
    instructions: await bulletinInstructions(db, planId, now),
    blacklist: [...blacklist.values()].sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'zh-CN')),
    commendations,
    coordination: coordination.map((c) => ({ title: c.title, unit: c.unit, status: coordinationStatusOf(c) })),
    notices: notices.map(({ n, unit }) => ({ number: supervisionNoticeNumber(n), unit, status: n.status })),
    lines,
  };
}

const join = (names: string[]) => (names.length ? names.join('、') : '无');

/** 对照序时进度 …, with the tasks finished late named (they are reported apart from those done in time). */
function progressSentence(d: BulletinData): string {
  const p = d.overview.progress;
  if (!p) return '';
  const counts = PROGRESS_CLASSES.map((c) => `${PROGRESS_CLASS_ZH[c]}${p[c] ?? 0}项`).join('、');
  const late = d.completedLate.map((l) => taskCode({ ...l.task, position: l.task.position ?? 0 }));
  return `对照序时进度，${counts}${late.length ? `，逾期完成的任务为${late.join('、')}` : ''}。`;
}

/** 从滞后原因看，资金3项、用地2项… — the reasons units signed, so the bulletin reads as an agenda. */
function reasonSentence(d: BulletinData): string {
  const counts = d.lagReasons ?? [];
  return counts.length ? `（从滞后原因看，${counts.map((c) => `${c.reason}${c.items}项`).join('、')}）` : '';
}

/** 本期有N个单位发生延期…: the units whose reports or milestones slipped, the most named (older bulletins: none). */
function delaySentence(d: BulletinData): string {
  const delays = d.delays ?? [];
  if (delays.length === 0) return '';
  const named = delays.slice(0, 5).map((x) => `${x.unit.name}${x.period.total}次`);
  return `本期${delays.length}个单位发生延期（逾期报送、节点逾期或申请延期），其中${named.join('、')}${delays.length > 5 ? '等' : ''}。`;
}

/** The wording the office starts from, written from the figures. */
export function defaultDraft(d: BulletinData): BulletinDraft {
  const o = d.overview;
  const s = o.itemStatuses;
  const sources = o.bySource
    .map(
      (x) =>
        `${LEVEL_ZH[x.level] ?? x.title}任务${x.tasks}项（完成${x.completed}项，红灯${x.lights.red}项、黄灯${x.lights.yellow}项）`,
    )
    .join('；');
  return {
    intro: `根据《${d.plan.title}》要求，区政府督查室对各责任单位${d.period.label}目标任务推进情况进行了跟踪督办。现将有关情况通报如下。`,
    overview: `全区共分解目标任务${o.tasks}项、责任事项${o.items}项。其中已完成${s.completed ?? 0}项，序时推进${s.on_track ?? 0}项，滞后${s.lagging ?? 0}项，受阻${s.blocked ?? 0}项，未启动${s.not_started ?? 0}项，本期无进展${s.no_progress ?? 0}项，未报送${s.unreported ?? 0}项。${progressSentence(d)}分来源看：${sources}。`,
    submission: `${d.submissions.onTime.length}个单位按时报送，${d.submissions.late.length}个单位逾期报送（${join(d.submissions.late.map((u) => `${u.name}逾期${u.lateDays}天`))}），${d.submissions.missing.length}个单位未报送（${join(d.submissions.missing.map((u) => u.name))}）。${delaySentence(d)}`,
    laggards: d.laggards.length
      ? `以下${d.laggards.length}项任务进度滞后或推进受阻${reasonSentence(d)}，请相关责任单位高度重视，倒排工期、挂图作战，确保按期完成。`
      : '本期无进度滞后的任务。',
    commendation: d.commendations.length
      ? `${join(d.commendations.map((c) => c.unit.name))}等单位按时报送、任务推进有力，予以通报表扬。`
      : '',
    coordination: `目前尚有协调事项${d.coordination.length}项、督办单${d.notices.length}件未办结，请相关单位加快办理。`,
    requirements:
      '各责任单位要进一步压实责任，对照时间节点抓好落实，于下一报告期截止前经单位主要领导签字同意后报送进展情况。对落实不力、影响工作进度和成效的，将予以通报。',
    namedTaskIds: d.laggards.filter((l) => l.light === 'red').map((l) => l.task.id),
    commendedUnitIds: d.commendations.map((c) => c.unit.id),
    showInstructions: false,
  };
}

async function present(ctx: Ctx, row: Row): Promise<Bulletin> {
  const db = ctx.db;
  const now = ctx.clock();
  const [period] = await db
    .select({ id: reportingPeriods.id, label: reportingPeriods.label })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.id, row.periodId as string));
  const people = [row.publishedBy, row.approverId, row.signoffRequestedBy].filter((x): x is string => x !== null);
  const names = new Map(
    people.length
      ? (await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, people))).map(
          (u) => [u.id, u.name],
        )
      : [],
  );
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  const ref = (b: { id: string; number: string | null; title: string }) => ({
    id: b.id,
    number: b.number,
    title: b.title,
  });
  const [original] = row.correctsId
    ? await db
        .select({ id: bulletins.id, number: bulletins.number, title: bulletins.title })
        .from(bulletins)
        .where(eq(bulletins.id, row.correctsId))
    : [];
  // 已更正，见 …: only published corrections count; a correction still in draft changes nothing yet.
  const corrections = await db
    .select({ id: bulletins.id, number: bulletins.number, title: bulletins.title })
    .from(bulletins)
    .where(and(eq(bulletins.correctsId, row.id), eq(bulletins.status, 'published')))
    .orderBy(asc(bulletins.publishedAt));
  const frozen = row.snapshot as { data: BulletinData; draft: BulletinDraft } | null;
  return {
    id: row.id,
    planId: row.planId,
    period: period ?? { id: row.periodId as string, label: '' },
    title: row.title,
    number: row.number,
    proposedNumber: row.status === 'draft' ? await proposedNumber(db, row.planId, now) : null,
    status: row.status,
    version: row.version,
    data: (frozen?.data ?? row.data) as BulletinData,
    draft: (frozen?.draft ?? row.draft) as BulletinDraft,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    publishedBy: nameOf(row.publishedBy),
    signoff: row.signoff,
    approver: row.approverId ? { id: row.approverId, name: nameOf(row.approverId) ?? '' } : null,
    signoffRequestedBy: nameOf(row.signoffRequestedBy),
    signoffRequestedAt: row.signoffRequestedAt?.toISOString() ?? null,
    signedOffAt: row.signedOffAt?.toISOString() ?? null,
    returnReason: row.returnReason,
    corrects: original ? ref(original) : null,
    correction: row.correction,
    correctedBy: corrections.map(ref),
    abilities: bulletinAbilities(ctx.actor, row),
  };
}

/** Drafts are the office's and the district leaders'; everyone reads what was published. */
const seesDrafts = (ctx: Ctx) => can(ctx.actor, 'bulletins.readDrafts');

async function load(ctx: Ctx, id: string, lock = false): Promise<Row> {
  const query = ctx.db.select().from(bulletins).where(eq(bulletins.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row || !maySeeBulletin(ctx.actor, row)) throw notFound('通报', 'bulletin');
  return row;
}

const published = () =>
  conflict('bulletin_published', '该通报已发布，内容已冻结，不能再修改。', 'This bulletin is published and frozen.');

/**
 * What an edit does to 签发: the approver signed (or is asked to sign) the text as it was, so any change
 * sends the draft back to be submitted again. The chosen approver is kept as the next submission's default.
 */
const voidSignoff = (b: Row) =>
  b.signoff === 'pending' || b.signoff === 'approved'
    ? { signoff: 'none' as const, signedOffAt: null, signoffRequestedAt: null }
    : {};

export async function listBulletins(ctx: Ctx, planId?: string): Promise<BulletinSummary[]> {
  authorize(ctx.actor, 'bulletins.read');
  const where = [];
  if (planId) where.push(eq(bulletins.planId, planId));
  if (!seesDrafts(ctx)) where.push(eq(bulletins.status, 'published'));
  const rows = await ctx.db
    .select({ b: bulletins, label: reportingPeriods.label })
    .from(bulletins)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, bulletins.periodId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(bulletins.createdAt));
  return rows.map(({ b, label }) => ({
    id: b.id,
    planId: b.planId,
    period: { id: b.periodId as string, label },
    title: b.title,
    number: b.number,
    status: b.status,
    createdAt: b.createdAt.toISOString(),
    publishedAt: b.publishedAt?.toISOString() ?? null,
    signoff: b.signoff,
    correctsId: b.correctsId,
  }));
}

export async function getBulletin(ctx: Ctx, id: string): Promise<Bulletin> {
  authorize(ctx.actor, 'bulletins.read');
  const b = await present(ctx, await load(ctx, id));
  if (seesDrafts(ctx)) return b;
  // Units read what was published: the tasks the office named and the units it commended, not every
  // candidate the figures proposed (those carry other units' internal progress text).
  return {
    ...b,
    data: {
      ...b.data,
      laggards: b.data.laggards.filter((l) => b.draft.namedTaskIds.includes(l.task.id)),
      commendations: b.data.commendations.filter((c) => b.draft.commendedUnitIds.includes(c.unit.id)),
    },
  };
}

export async function createBulletin(ctx: Ctx, body: { planId: string; periodId: string }): Promise<Bulletin> {
  authorize(ctx.actor, 'bulletins.manage');
  const data = await bulletinData(ctx.db, body.planId, body.periodId, ctx.clock());
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(bulletins)
      .values({
        planId: body.planId,
        periodId: body.periodId,
        title: `关于${data.period.label}《政府工作报告》目标任务推进情况的通报`,
        data,
        draft: defaultDraft(data),
        createdBy: ctx.actor?.id ?? null,
        createdAt: ctx.clock(),
      })
      .returning();
    await audit(tx, ctx, { action: 'bulletin.create', subjectType: 'bulletin', subjectId: created?.id });
    return created as Row;
  });
  return present(ctx, row);
}

export async function updateBulletin(
  ctx: Ctx,
  id: string,
  body: {
    version: number;
    title?: string | undefined;
    draft?: BulletinDraft | undefined;
    correction?: string | undefined;
  },
): Promise<Bulletin> {
  authorize(ctx.actor, 'bulletins.manage');
  const row = await ctx.db.transaction(async (tx) => {
    const b = await load({ ...ctx, db: tx }, id, true);
    if (b.status === 'published') throw published();
    if (b.version !== body.version) {
      throw conflict(
        'version_conflict',
        '通报已被他人修改，请刷新后再编辑。',
        'Someone else changed this bulletin; reload it.',
      );
    }
    if (body.correction !== undefined && !b.correctsId) {
      throw badRequest('bulletin_not_correction', '只有更正才有更正内容。', 'Only a correction has a correction text.');
    }
    if (body.draft && b.correctsId) {
      throw badRequest(
        'bulletin_correction_fixed',
        '更正沿用原通报的数据和文字，只能修改更正内容。',
        'A correction keeps the original’s figures and wording; only its correction text can be edited.',
      );
    }
    if (body.draft) {
      // Only tasks and units the figures propose can be named: the printed bulletin must match its tables.
      const data = b.data as BulletinData;
      const tasksOk = new Set(data.laggards.map((l) => l.task.id));
      const unitsOk = new Set(data.commendations.map((c) => c.unit.id));
      if (
        !body.draft.namedTaskIds.every((id) => tasksOk.has(id)) ||
        !body.draft.commendedUnitIds.every((id) => unitsOk.has(id))
      ) {
        throw badRequest(
          'bulletin_unknown_ids',
          '只能点名本期滞后的任务、表扬拟表扬名单中的单位。',
          'Only the period’s lagging tasks can be named and only proposed units commended.',
        );
      }
    }
    const [updated] = await tx
      .update(bulletins)
      .set({
        ...(body.title ? { title: body.title } : {}),
        ...(body.draft ? { draft: body.draft } : {}),
        ...(body.correction !== undefined ? { correction: body.correction } : {}),
        ...voidSignoff(b),
        version: b.version + 1,
      })
      .where(eq(bulletins.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'bulletin.edit',
      subjectType: 'bulletin',
      subjectId: id,
      details: {
        changes: diffChanges(b, { title: body.title, draft: body.draft, correction: body.correction }),
        ...(b.signoff !== updated?.signoff ? { signoffVoided: b.signoff } : {}),
      },
    });
    return updated as Row;
  });
  return present(ctx, row);
}

const correctionFixed = () =>
  conflict(
    'bulletin_correction_fixed',
    '更正沿用原通报的数据，不能刷新。',
    'A correction keeps the original’s figures; they cannot be refreshed.',
  );

/** Refreshes a draft's figures from the data as it stands now; the office's wording is kept. */
export async function regenerateBulletin(ctx: Ctx, id: string): Promise<Bulletin> {
  authorize(ctx.actor, 'bulletins.manage');
  const first = await load(ctx, id);
  if (first.status === 'published') throw published();
  if (first.correctsId) throw correctionFixed();
  const data = await bulletinData(ctx.db, first.planId, first.periodId as string, ctx.clock());
  const row = await ctx.db.transaction(async (tx) => {
    const b = await load({ ...ctx, db: tx }, id, true);
    if (b.status === 'published') throw published();
    const [updated] = await tx
      .update(bulletins)
      .set({ data, ...voidSignoff(b), version: b.version + 1 })
      .where(eq(bulletins.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'bulletin.regenerate',
      subjectType: 'bulletin',
      subjectId: id,
      ...(b.signoff !== updated?.signoff ? { details: { signoffVoided: b.signoff } } : {}),
    });
    return updated as Row;
  });
  return present(ctx, row);
}

/** Every bulletin number given so far, newest first (numbers run per year across plans). */
async function numbersTaken(db: Db): Promise<string[]> {
  const rows = await db
    .select({ number: bulletins.number })
    .from(bulletins)
    .where(isNotNull(bulletins.number))
    .orderBy(desc(bulletins.publishedAt), desc(bulletins.createdAt));
  return rows.flatMap((r) => (r.number ? [r.number] : []));
}

/** The number the server proposes for a draft: the next of this (CST) year under the office's prefix. */
async function proposedNumber(db: Db, planId: string, now: Date): Promise<string> {
  const [plan] = await db.select({ docNo: plans.docNo }).from(plans).where(eq(plans.id, planId));
  return proposeBulletinNumber(await numbersTaken(db), plan?.docNo, Number(cstDate(now).slice(0, 4)));
}

/** Serialises publications, so two bulletins cannot take one number at once. */
const NUMBER_LOCK = 4_207_113_904;

export async function publishBulletin(ctx: Ctx, id: string, body: { number?: string | undefined }): Promise<Bulletin> {
  authorize(ctx.actor, 'bulletins.manage');
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const b = await load({ ...ctx, db: tx }, id, true);
    if (b.status === 'published') throw published();
    if (b.signoff !== 'approved') {
      throw conflict(
        'bulletin_not_signed_off',
        '通报尚未签发，请先提交分管区领导或督查室负责人签发后再发布。',
        'The bulletin has not been signed off; submit it for sign-off before publishing.',
      );
    }
    await tx.execute(sql`select pg_advisory_xact_lock(${NUMBER_LOCK})`);
    // The office may edit the proposed number; either way it must read as one and be free this year.
    const given = body.number ?? (await proposedNumber(tx, b.planId, now));
    const parsed = parseBulletinNumber(given);
    if (!parsed) {
      throw badRequest(
        'bulletin_number_invalid',
        `文号“${given}”格式不对，应如“武昌督查通报〔2025〕3号”。`,
        `The number "${given}" should read like 武昌督查通报〔2025〕3号.`,
      );
    }
    const number = formatBulletinNumber(parsed);
    if ((await numbersTaken(tx)).some((n) => sameBulletinNumber(n, number))) {
      throw conflict('bulletin_number_taken', `文号“${number}”已被使用。`, `The number "${number}" is taken.`);
    }
    const [updated] = await tx
      .update(bulletins)
      .set({
        status: 'published',
        number,
        snapshot: { data: b.data, draft: b.draft },
        publishedAt: now,
        publishedBy: ctx.actor?.id ?? null,
        version: b.version + 1,
      })
      .where(eq(bulletins.id, id))
      .returning();
    // Every unit account hears of it.
    const people = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.disabled, false), ne(users.role, 'admin')));
    await notifyMany(
      tx,
      [
        {
          userIds: people.map((p) => p.id),
          n: {
            kind: 'bulletin_published',
            title: `${number} ${b.title}`,
            body: '区政府督查室发布了新的通报，请查阅。',
            link: `/bulletins/${id}`,
            dedupeKey: `bulletin_published:${id}`,
          },
        },
      ],
      now,
    );
    await audit(tx, ctx, { action: 'bulletin.publish', subjectType: 'bulletin', subjectId: id, details: body });
    return updated as Row;
  });
  return present(ctx, row);
}

type Approver = z.infer<typeof bulletinApproverSchema>;

/** The accounts the office may submit a draft to: active district leaders and the office's other supervisors. */
export async function listBulletinApprovers(ctx: Ctx): Promise<Approver[]> {
  authorize(ctx.actor, 'bulletins.manage');
  const rows = await ctx.db
    .select({ id: users.id, name: users.displayName, role: users.role })
    .from(users)
    .where(eq(users.disabled, false))
    .orderBy(asc(users.role), asc(users.displayName));
  return rows.flatMap((u) =>
    isBulletinApprover(u.role) && u.id !== ctx.actor?.id && (u.role === 'executive' || u.role === 'supervisor')
      ? [{ id: u.id, name: u.name, role: u.role }]
      : [],
  );
}

const signoffNotPending = () =>
  conflict('bulletin_signoff_not_pending', '该通报不在待签发状态。', 'This bulletin is not waiting for sign-off.');

/** 提交签发: the office sends a draft (or a correction) to the approver it chooses; their bell tells them. */
export async function submitBulletinSignoff(ctx: Ctx, id: string, body: { approverId: string }): Promise<Bulletin> {
  authorize(ctx.actor, 'bulletins.manage');
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const b = await load({ ...ctx, db: tx }, id, true);
    if (b.status === 'published') throw published();
    if (b.signoff === 'approved') {
      throw conflict(
        'bulletin_signed_off',
        '该通报已签发，可以发布。',
        'This bulletin is signed off and can be published.',
      );
    }
    const approver = (await listBulletinApprovers({ ...ctx, db: tx })).find((a) => a.id === body.approverId);
    if (!approver) {
      throw badRequest(
        'bulletin_approver_invalid',
        '签发人应为区领导或督查室其他负责人的在用账号（不能是自己）。',
        'The approver must be an active district leader or another supervisor of the office, not yourself.',
      );
    }
    const [updated] = await tx
      .update(bulletins)
      .set({
        signoff: 'pending',
        approverId: approver.id,
        signoffRequestedBy: ctx.actor?.id ?? null,
        signoffRequestedAt: now,
        signedOffAt: null,
        returnReason: null,
        version: b.version + 1,
      })
      .where(eq(bulletins.id, id))
      .returning();
    await notifyHandoff(
      tx,
      {
        kind: 'bulletin_signoff_pending',
        to: [{ userIds: [approver.id] }],
        title: `请签发：${b.title}`,
        body: b.correctsId
          ? '督查室提交了一份更正，请审阅后签发或退回。'
          : '督查室提交了通报草稿，请审阅后签发或退回。',
        link: `/bulletins/${id}`,
        key: `${id}:${b.version}`,
      },
      now,
    );
    await audit(tx, ctx, {
      action: 'bulletin.submitSignoff',
      subjectType: 'bulletin',
      subjectId: id,
      details: { approverId: approver.id, approver: approver.name },
    });
    return updated as Row;
  });
  return present(ctx, row);
}

/** 签发 or 退回 by the approver the draft waits for; the clerk who submitted it is told. */
async function decideSignoff(ctx: Ctx, id: string, decision: { approve: true } | { approve: false; reason: string }) {
  authorizeEver(ctx.actor, 'bulletins.signOff');
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const b = await load({ ...ctx, db: tx }, id, true);
    authorizeBulletinSignOff(ctx.actor, b);
    if (b.status === 'published' || b.signoff !== 'pending') throw signoffNotPending();
    const [updated] = await tx
      .update(bulletins)
      .set(
        decision.approve
          ? { signoff: 'approved', signedOffAt: now, version: b.version + 1 }
          : { signoff: 'returned', returnReason: decision.reason, version: b.version + 1 },
      )
      .where(eq(bulletins.id, id))
      .returning();
    if (b.signoffRequestedBy) {
      await notifyHandoff(
        tx,
        {
          kind: decision.approve ? 'bulletin_signed_off' : 'bulletin_signoff_returned',
          to: [{ userIds: [b.signoffRequestedBy] }],
          title: `${decision.approve ? '已签发' : '签发退回'}：${b.title}`,
          body: decision.approve ? '可以发布。' : `退回理由：${decision.reason}`,
          link: `/bulletins/${id}`,
          key: `${id}:${b.version}`,
        },
        now,
      );
    }
    await audit(tx, ctx, {
      action: decision.approve ? 'bulletin.signOff' : 'bulletin.returnSignoff',
      subjectType: 'bulletin',
      subjectId: id,
      ...(decision.approve ? {} : { details: { reason: decision.reason } }),
    });
    return updated as Row;
  });
  return present(ctx, row);
}

export const signOffBulletin = (ctx: Ctx, id: string): Promise<Bulletin> => decideSignoff(ctx, id, { approve: true });
export const returnBulletin = (ctx: Ctx, id: string, body: { reason: string }): Promise<Bulletin> =>
  decideSignoff(ctx, id, { approve: false, reason: body.reason });

/**
 * 更正: a new draft that references a published bulletin, with the original's frozen figures and wording and its
 * own text saying what is corrected. It is numbered, signed off and published like any bulletin; the original
 * row is never touched and shows 已更正，见 … once the correction is published.
 */
export async function createCorrection(ctx: Ctx, id: string, body: { correction: string }): Promise<Bulletin> {
  authorize(ctx.actor, 'bulletins.manage');
  const row = await ctx.db.transaction(async (tx) => {
    const original = await load({ ...ctx, db: tx }, id);
    if (original.status !== 'published') {
      throw conflict(
        'bulletin_not_published',
        '只有已发布的通报才能更正；草稿请直接修改。',
        'Only a published bulletin can be corrected; edit a draft instead.',
      );
    }
    const frozen = original.snapshot as { data: BulletinData; draft: BulletinDraft };
    const [created] = await tx
      .insert(bulletins)
      .values({
        planId: original.planId,
        periodId: original.periodId,
        title: `关于《${original.title}》（${original.number}）的更正`,
        data: frozen.data,
        draft: frozen.draft,
        correctsId: original.id,
        correction: body.correction,
        createdBy: ctx.actor?.id ?? null,
        createdAt: ctx.clock(),
      })
      .returning();
    await audit(tx, ctx, {
      action: 'bulletin.correct',
      subjectType: 'bulletin',
      subjectId: created?.id,
      details: { corrects: original.id, number: original.number },
    });
    return created as Row;
  });
  return present(ctx, row);
}
