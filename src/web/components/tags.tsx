// Small labelled tags for the contract's vocabularies; colours from vocab.ts, labels from the catalogs.

import { Tag } from 'antd';
import type {
  AssignmentRole,
  ItemStatus,
  LedgerStatus,
  ReceiptStatus,
  Role,
  SourceLevel,
  SubmissionStatus,
} from '../api/types';
import { useT } from '../i18n';
import {
  ASSIGNMENT_ROLE_COLORS,
  ITEM_STATUS_COLORS,
  LEDGER_STATUS_COLORS,
  LEVEL_COLORS,
  MATCH_COLORS,
  type MatchKind,
  PLAN_STATUS_COLORS,
  type PlanStatus,
  RECEIPT_STATUS_COLORS,
  SUBMISSION_STATUS_COLORS,
} from '../vocab';
import { HoverTooltip } from './HoverTooltip';

export function LevelTag({ level, short = false }: { level: SourceLevel | null; short?: boolean }) {
  const t = useT();
  if (!level) return <span>—</span>;
  return (
    <Tag color={LEVEL_COLORS[level]} style={{ marginInlineEnd: 4 }}>
      {short ? t(`levelShort.${level}`) : t(`level.${level}`)}
    </Tag>
  );
}

/** A task's code as lists show it: the source's short level on its colour, then the printed number (省 1). */
export function TaskCode({
  task,
}: {
  task: { source: { level: SourceLevel }; number: string | null; position: number };
}) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <LevelTag level={task.source.level} short />
      {task.number ?? `#${task.position + 1}`}
    </span>
  );
}

export function RoleTag({ role }: { role: AssignmentRole }) {
  const t = useT();
  return <Tag color={ASSIGNMENT_ROLE_COLORS[role]}>{t(`assignmentRole.${role}`)}</Tag>;
}

/** A unit's name on a tag coloured by its role on the task (牵头 / 责任 / 配合). */
export function UnitRoleTag({
  name,
  role,
  detail,
  strong = false,
}: {
  name: string;
  role: AssignmentRole;
  detail?: string;
  strong?: boolean;
}) {
  const t = useT();
  const title = [t(`assignmentRole.${role}`), detail].filter(Boolean).join(' · ');
  return (
    <HoverTooltip title={title}>
      <Tag color={ASSIGNMENT_ROLE_COLORS[role]} style={strong ? { fontWeight: 600 } : undefined}>
        {name}
      </Tag>
    </HoverTooltip>
  );
}

export function MatchTag({ match }: { match: MatchKind }) {
  const t = useT();
  return <Tag color={MATCH_COLORS[match]}>{t(`match.${match}`)}</Tag>;
}

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const t = useT();
  return <Tag color={PLAN_STATUS_COLORS[status]}>{t(`planStatus.${status}`)}</Tag>;
}

export function ReceiptStatusTag({ status }: { status: ReceiptStatus }) {
  const t = useT();
  return (
    <Tag color={RECEIPT_STATUS_COLORS[status]} data-testid="receipt-status">
      {t(`receiptStatus.${status}`)}
    </Tag>
  );
}

export function UserRoleTag({ role }: { role: Role }) {
  const t = useT();
  return <Tag>{t(`role.${role}`)}</Tag>;
}

export function LedgerStatusTag({ status }: { status: LedgerStatus }) {
  const t = useT();
  return (
    <Tag color={LEDGER_STATUS_COLORS[status]} data-testid="ledger-status" data-status={status}>
      {t(`ledgerStatus.${status}`)}
    </Tag>
  );
}

export function SubmissionStatusTag({ status }: { status: SubmissionStatus }) {
  const t = useT();
  return (
    <Tag color={SUBMISSION_STATUS_COLORS[status]} data-testid="submission-status" data-status={status}>
      {t(`submissionStatus.${status}`)}
    </Tag>
  );
}

/** An item's status; null is 未填报 (nobody set one), never shown as 未启动. */
export function ItemStatusTag({ status }: { status: ItemStatus | null }) {
  const t = useT();
  if (status === null) {
    return (
      <Tag color="orange" data-testid="item-unfilled">
        {t('itemStatus.unfilled')}
      </Tag>
    );
  }
  return <Tag color={ITEM_STATUS_COLORS[status]}>{t(`itemStatus.${status}`)}</Tag>;
}

/** 逾期 N 天 / N 小时 for a submission signed after its period's due date (rounded up to the next hour). */
export function LateTag({ late, lateSeconds }: { late: boolean; lateSeconds: number }) {
  const t = useT();
  if (!late) return null;
  const hours = Math.max(1, Math.ceil(lateSeconds / 3600));
  const text =
    hours >= 24
      ? t('submission.lateDays', { count: Math.floor(hours / 24) })
      : t('submission.lateHours', { count: hours });
  return (
    <Tag color="red" data-testid="submission-late">
      {text}
    </Tag>
  );
}
