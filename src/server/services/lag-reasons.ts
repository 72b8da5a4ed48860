// Reasons for lagging (滞后/受阻): the office keeps the list (seeded by the lag_reasons migration with 资金、用地、审批、拆迁、
// 市级政策、外部因素、其他), a unit gives one or more of them on every item it reports lagging or blocked, and the
// dashboard (and the bulletin, through lagReasonsByTask) groups the period's laggards by reason, so that a bulletin
// says why a task lags and becomes an agenda for coordination. A reason is deactivated, never deleted: item
// reports keep its key.

import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { type LagReason, type LagReasonGroup, lagReasonKeySchema, OTHER_LAG_REASON } from '../../api/lag-reasons.js';
import type { ItemStatus } from '../../core/status.js';
import { REPORTED_SUBMISSION_STATUSES } from '../../core/status.js';
import type { Db } from '../db/client.js';
import { assignments, itemReports, lagReasons, submissions, tasks, units } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { authorize, authorizeEver } from '../policy.js';
import { audit, diffChanges } from './audit.js';
import type { Ctx } from './context.js';

type Row = typeof lagReasons.$inferSelect;

/** The statuses that carry reasons. */
export const LAGGING_STATUSES: readonly ItemStatus[] = ['lagging', 'blocked'];
export const isLaggingStatus = (s: ItemStatus | null | undefined): boolean =>
  s !== null && s !== undefined && LAGGING_STATUSES.includes(s);

/** The office's list in its order (inactive ones too: old reports still name them). */
export async function readLagReasons(db: Db): Promise<Row[]> {
  return db.select().from(lagReasons).orderBy(asc(lagReasons.position), asc(lagReasons.key));
}

async function usage(db: Db): Promise<Map<string, number>> {
  const rows = await db.execute<{ key: string; n: number }>(
    sql`select k as key, count(*)::int as n from item_reports, unnest(lag_reasons) as k group by k`,
  );
  return new Map(rows.rows.map((r) => [r.key, Number(r.n)]));
}

function present(row: Row, used: Map<string, number>): LagReason {
  return {
    key: row.key,
    labelZh: row.labelZh,
    labelEn: row.labelEn,
    active: row.active,
    needsDistrict: row.needsDistrict,
    position: row.position,
    used: used.get(row.key) ?? 0,
  };
}

/** Everyone who reports or reads reports needs the labels; only the office changes them. */
export async function listLagReasons(ctx: Ctx): Promise<LagReason[]> {
  authorizeEver(ctx.actor, 'plans.read');
  const [rows, used] = await Promise.all([readLagReasons(ctx.db), usage(ctx.db)]);
  return rows.map((r) => present(r, used));
}

const labelTaken = (label: string) =>
  conflict(
    'lag_reason_label_taken',
    `已有名为“${label}”的滞后原因。`,
    `There is already a reason for lagging called “${label}”.`,
    { label },
  );

async function assertLabelFree(tx: Db, label: string, except?: string): Promise<void> {
  const [other] = await tx
    .select({ key: lagReasons.key })
    .from(lagReasons)
    .where(except ? and(eq(lagReasons.labelZh, label), ne(lagReasons.key, except)) : eq(lagReasons.labelZh, label));
  if (other) throw labelTaken(label);
}

export async function createLagReason(
  ctx: Ctx,
  body: { labelZh: string; labelEn?: string | null | undefined; needsDistrict?: boolean | undefined },
): Promise<LagReason> {
  authorize(ctx.actor, 'supervision.manage');
  const row = await ctx.db.transaction(async (tx) => {
    // One writer at a time, so that two offices adding the same label get a 409, not a unique violation.
    await tx.execute(sql`lock table lag_reasons in share row exclusive mode`);
    await assertLabelFree(tx, body.labelZh);
    // New reasons go before 其他, which stays last unless the office moves it.
    const [max] = await tx
      .select({ p: sql<number>`coalesce(max(${lagReasons.position}), 0)::int` })
      .from(lagReasons)
      .where(ne(lagReasons.key, OTHER_LAG_REASON));
    const values = {
      key: `r_${randomUUID().replaceAll('-', '').slice(0, 12)}`,
      labelZh: body.labelZh,
      labelEn: body.labelEn ?? null,
      needsDistrict: body.needsDistrict ?? false,
      position: Number(max?.p ?? 0) + 10,
    };
    const [inserted] = await tx.insert(lagReasons).values(values).returning();
    await audit(tx, ctx, {
      action: 'lag_reason.create',
      subjectType: 'lag_reason',
      subjectId: values.key,
      details: values,
    });
    return inserted as Row;
  });
  return present(row, new Map());
}

/** Rename, (de)activate, flag or move one reason. Nothing here deletes: reports keep the key. */
export async function updateLagReason(
  ctx: Ctx,
  key: string,
  body: {
    labelZh?: string | undefined;
    labelEn?: string | null | undefined;
    active?: boolean | undefined;
    needsDistrict?: boolean | undefined;
    position?: number | undefined;
  },
): Promise<LagReason> {
  authorize(ctx.actor, 'supervision.manage');
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`lock table lag_reasons in share row exclusive mode`);
    const [before] = await tx.select().from(lagReasons).where(eq(lagReasons.key, key));
    if (!before) throw notFound('滞后原因', 'reason for lagging');
    if (body.labelZh !== undefined) await assertLabelFree(tx, body.labelZh, key);
    const set = {
      ...(body.labelZh !== undefined ? { labelZh: body.labelZh } : {}),
      ...(body.labelEn !== undefined ? { labelEn: body.labelEn } : {}),
      ...(body.active !== undefined ? { active: body.active } : {}),
      ...(body.needsDistrict !== undefined ? { needsDistrict: body.needsDistrict } : {}),
      ...(body.position !== undefined ? { position: body.position } : {}),
    };
    await tx.update(lagReasons).set(set).where(eq(lagReasons.key, key));
    await audit(tx, ctx, {
      action: 'lag_reason.update',
      subjectType: 'lag_reason',
      subjectId: key,
      details: { changes: diffChanges(before, set) },
    });
  });
  const [row] = await ctx.db.select().from(lagReasons).where(eq(lagReasons.key, key));
  return present(row as Row, await usage(ctx.db));
}

/**
 * The reasons an item edit leaves on the item, or undefined when the edit touches neither its status nor its
 * reasons (a progress text typed on an item reported lagging before reasons existed stays savable). Rules: an
 * item 滞后 or 受阻 carries at least one reason of the office's list, 其他 with the unit's words; any other
 * status carries none (reasons sent with it are refused, stored ones are cleared); a key not in the list, or
 * deactivated and not already on the item, is refused. Every refusal is a 400 before anything is written.
 */
export async function lagReasonsForEdit(
  tx: Db,
  item: { status: ItemStatus | null; lagReasons: string[]; lagReasonText: string | null },
  body: {
    status?: ItemStatus | null | undefined;
    lagReasons?: string[] | undefined;
    lagReasonText?: string | null | undefined;
  },
): Promise<{ lagReasons: string[]; lagReasonText: string | null } | undefined> {
  // A null status is no status sent (updateItemIn sets only a given one).
  if (!body.status && body.lagReasons === undefined && body.lagReasonText === undefined) return undefined;
  const status = body.status || item.status;
  const sentText = body.lagReasonText === undefined ? undefined : body.lagReasonText?.trim() || null;
  if (!isLaggingStatus(status)) {
    if ((body.lagReasons?.length ?? 0) > 0 || sentText) {
      throw badRequest(
        'lag_reasons_not_lagging',
        '只有“滞后”或“受阻”的事项才填写滞后原因。',
        'Only an item that is lagging or blocked carries reasons for lagging.',
      );
    }
    return { lagReasons: [], lagReasonText: null };
  }
  const keys = [...new Set(body.lagReasons ?? item.lagReasons)];
  const text = sentText !== undefined ? sentText : item.lagReasonText;
  if (keys.length === 0) {
    throw badRequest(
      'lag_reason_required',
      '事项为“滞后”或“受阻”时，须至少选择一项滞后原因。',
      'An item that is lagging or blocked needs at least one reason for lagging.',
    );
  }
  const list = new Map((await readLagReasons(tx)).map((r) => [r.key, r]));
  for (const key of keys) {
    const reason = lagReasonKeySchema.safeParse(key).success ? list.get(key) : undefined;
    if (!reason) {
      throw badRequest('lag_reason_unknown', `没有这项滞后原因：${key}。`, `There is no reason for lagging “${key}”.`, {
        key,
      });
    }
    if (!reason.active && !item.lagReasons.includes(key)) {
      throw badRequest(
        'lag_reason_inactive',
        `滞后原因“${reason.labelZh}”已停用，请选择其他原因。`,
        `The reason “${reason.labelEn ?? reason.labelZh}” is no longer in use; choose another.`,
        { key },
      );
    }
  }
  if (keys.includes(OTHER_LAG_REASON) && !text) {
    throw badRequest(
      'lag_reason_text_required',
      '选择“其他”原因时须写明具体原因。',
      'Choosing “other” as a reason for lagging needs the reason in words.',
    );
  }
  // Stored in the office's order, so the package, the hash and the bulletin read them alike.
  const order = [...list.keys()];
  return { lagReasons: keys.sort((a, b) => order.indexOf(a) - order.indexOf(b)), lagReasonText: text };
}

/** One unit's 滞后/受阻 item in a period, as signed, with its reasons. */
export interface LaggingItemReasons {
  taskId: string;
  taskNumber: string | null;
  taskText: string;
  assignmentId: string;
  unitId: string;
  unitName: string;
  status: 'lagging' | 'blocked';
  /** Keys of the office's list, in the office's order. */
  reasons: string[];
  text: string | null;
}

/**
 * The period's 滞后/受阻 items of a plan with their reasons, grouped by task (in the notice's order of the
 * query, tasks.position): what the dashboard counts and the bulletin can quote. Only signed content counts
 * (submitted, accepted, or returned by the office), like the lights; a draft is the unit's own until signed.
 */
export async function lagReasonsByTask(
  db: Db,
  planId: string,
  periodId: string,
): Promise<Map<string, LaggingItemReasons[]>> {
  const [rows, list] = await Promise.all([
    db
      .select({
        taskId: tasks.id,
        taskNumber: tasks.number,
        taskText: tasks.text,
        assignmentId: assignments.id,
        unitId: units.id,
        unitName: units.name,
        status: itemReports.status,
        reasons: itemReports.lagReasons,
        text: itemReports.lagReasonText,
      })
      .from(itemReports)
      .innerJoin(submissions, eq(submissions.id, itemReports.submissionId))
      .innerJoin(assignments, eq(assignments.id, itemReports.assignmentId))
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(units, eq(units.id, assignments.unitId))
      .where(
        and(
          eq(tasks.planId, planId),
          eq(submissions.periodId, periodId),
          inArray(submissions.status, [...REPORTED_SUBMISSION_STATUSES]),
          inArray(itemReports.status, [...LAGGING_STATUSES]),
        ),
      )
      .orderBy(asc(tasks.position), asc(assignments.position)),
    readLagReasons(db),
  ]);
  const order = new Map(list.map((r, i) => [r.key, i]));
  const byTask = new Map<string, LaggingItemReasons[]>();
  for (const r of rows) {
    const item: LaggingItemReasons = {
      ...r,
      status: r.status as 'lagging' | 'blocked',
      reasons: [...r.reasons].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9)),
    };
    const at = byTask.get(r.taskId);
    if (at) at.push(item);
    else byTask.set(r.taskId, [item]);
  }
  return byTask;
}

/**
 * Counts items per reason (an item giving two reasons counts under both), in the office's order; reasons no
 * item gives are left out. Items reported lagging before reasons existed count under no reason.
 */
export function groupByLagReason(
  items: readonly LaggingItemReasons[],
  list: readonly Pick<Row, 'key' | 'labelZh' | 'labelEn' | 'needsDistrict'>[],
): LagReasonGroup[] {
  return list
    .map((reason) => {
      const mine = items.filter((i) => i.reasons.includes(reason.key));
      const tasksSeen = new Map<string, { id: string; number: string | null; text: string }>();
      for (const i of mine) tasksSeen.set(i.taskId, { id: i.taskId, number: i.taskNumber, text: i.taskText });
      return {
        key: reason.key,
        labelZh: reason.labelZh,
        labelEn: reason.labelEn,
        needsDistrict: reason.needsDistrict,
        items: mine.length,
        tasks: [...tasksSeen.values()],
      };
    })
    .filter((g) => g.items > 0);
}

/** The dashboard's card: the period's 滞后/受阻 items by reason, a unit's own only when unitId is given. */
export async function lagReasonGroups(
  db: Db,
  planId: string,
  periodId: string,
  unitId: string | null,
): Promise<LagReasonGroup[]> {
  const [byTask, list] = await Promise.all([lagReasonsByTask(db, planId, periodId), readLagReasons(db)]);
  const items = [...byTask.values()].flat().filter((i) => unitId === null || i.unitId === unitId);
  return groupByLagReason(items, list);
}

/** The assignments whose item gives the reason in the period: the supervised list's lagReason filter. */
export async function assignmentsGivingLagReason(
  db: Db,
  planId: string,
  periodId: string,
  key: string,
): Promise<Set<string>> {
  const byTask = await lagReasonsByTask(db, planId, periodId);
  return new Set(
    [...byTask.values()]
      .flat()
      .filter((i) => i.reasons.includes(key))
      .map((i) => i.assignmentId),
  );
}
