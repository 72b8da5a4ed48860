// One item of a period submission (本期报送): the task, its status, progress, problems, next steps and the
// indicators' actual values. Editable items autosave (./autosave.tsx) 1.5 s after the last change, with the
// version they rest on; a 409 `version_conflict` keeps the user's text and offers the server's latest instead.
// On a lead item whose task has other units, a link to the task's consolidation (汇总各单位报送).
// An item nobody set is 未填报 (isUnfilled, src/core/status.ts) and is highlighted until its status is chosen;
// 本期无进展 is saved only with its reason (the progress text), as the server requires. 滞后/受阻 are saved only
// with one or more reasons from the office's list (其他 with words); a reason that needs the district offers
// 提请协调, the coordination form pre-filled with the task and the reasons.

import {
  ExclamationCircleOutlined,
  MergeCellsOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { QueryKey } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Input, InputNumber, Row, Select, Tag, Typography } from 'antd';
import { memo, type ReactNode, Suspense, useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { isUnfilled } from '../../core/status';
import { consolidationPath } from '../api/consolidation';
import { type LagReason, useLagReasons } from '../api/lag-reasons';
import { useSaveItem } from '../api/submissions';
import type { ItemReport, ItemReportSave, ItemStatus, ItemVerification, UpdateItemReportBody } from '../api/types';
import { formatCstMinute } from '../format';
import { useI18n, useT } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';
import { ITEM_STATUSES } from '../vocab';
import { lazyPart } from './afterPaint';
import { conflictCurrent, SavedMark, type SaveState, useAutosave } from './autosave';
import { CloseoutAction, EvidenceList } from './ItemEvidence';
import { ItemQualityFlags } from './QualityFlags';
import { itemAnchor } from './SubmissionSummary';
import { ItemStatusTag, LevelTag, RoleTag } from './tags';

// Opened from a lagging item's reasons (提请协调) only: its chunk is fetched then, not with the package.
const RaiseCoordinationModal = lazyPart(() => import('./RaiseCoordinationModal').then((m) => m.RaiseCoordinationModal));

interface Draft {
  status: ItemStatus | null;
  progress: string;
  problems: string;
  nextSteps: string;
  actuals: Record<string, number | null>;
  lagReasons: string[];
  lagReasonText: string;
}

const OTHER = 'other';
const isLagging = (status: ItemStatus | null) => status === 'lagging' || status === 'blocked';
/** 滞后/受阻 still without its reasons (or 其他 without words): not sent until complete, as the server requires. */
const reasonsMissing = (draft: Draft): 'reasons' | 'text' | null =>
  !isLagging(draft.status)
    ? null
    : draft.lagReasons.length === 0
      ? 'reasons'
      : draft.lagReasons.includes(OTHER) && !draft.lagReasonText.trim()
        ? 'text'
        : null;

const toDraft = (item: ItemReport): Draft => ({
  status: item.status,
  progress: item.progress,
  problems: item.problems ?? '',
  nextSteps: item.nextSteps ?? '',
  actuals: Object.fromEntries(item.indicatorActuals.map((a) => [a.indicatorId, a.value])),
  lagReasons: item.lagReasons,
  lagReasonText: item.lagReasonText ?? '',
});

const toBody = (draft: Draft, version: number): UpdateItemReportBody => ({
  version,
  // 本期无进展 waits for its reason before it is sent (the server refuses it without one).
  ...(draft.status && !isUnfilled(draft) && !reasonsMissing(draft) ? { status: draft.status } : {}),
  ...(isLagging(draft.status) && !reasonsMissing(draft)
    ? { lagReasons: draft.lagReasons, lagReasonText: draft.lagReasonText.trim() || null }
    : {}),
  progress: draft.progress.trim(),
  problems: draft.problems.trim() || null,
  nextSteps: draft.nextSteps.trim() || null,
  indicatorActuals: Object.entries(draft.actuals).map(([indicatorId, value]) => ({ indicatorId, value })),
});

/** Where the item's consolidation link goes: the period it was opened in (absent: no link). */
export interface ConsolidateLink {
  periodId: string;
}

function ItemHeading({ item, consolidate }: { item: ItemReport; consolidate?: ConsolidateLink | undefined }) {
  const t = useT();
  return (
    <Typography.Paragraph style={{ marginBottom: 8, lineHeight: 1.7 }}>
      <LevelTag level={item.task.sourceLevel} short />
      <RoleTag role={item.role} />
      <Typography.Text strong>{item.task.number ?? t('task.titleUnnumbered')}</Typography.Text> {item.task.text}
      {consolidate && (
        <>
          {' '}
          <Link
            to={consolidationPath(item.task.id, consolidate.periodId)}
            style={{ whiteSpace: 'nowrap' }}
            data-testid="item-consolidate"
            data-task-id={item.task.id}
          >
            <MergeCellsOutlined /> {t('consolidation.link')}
          </Link>
        </>
      )}
    </Typography.Paragraph>
  );
}

function ReturnedComment({ comment }: { comment: string | null }) {
  const t = useT();
  if (!comment) return null;
  return (
    <Typography.Paragraph type="danger" strong style={{ marginBottom: 8 }} data-testid="item-returned-comment">
      <ExclamationCircleOutlined /> {t('item.returnedComment', { comment })}
    </Typography.Paragraph>
  );
}

/** 核实方式: how the office verified the item at its latest review — 已核实：现场核实 · its note, who and when. */
export function VerificationLine({ verification }: { verification: ItemVerification | null }) {
  const t = useT();
  if (!verification) return null;
  const { method, note } = verification;
  return (
    <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="item-verification" data-method={method ?? ''}>
      <Typography.Text type="success">
        <SafetyCertificateOutlined />{' '}
        {method
          ? t('verification.verified', { method: t(`verification.method.${method}`) })
          : t('verification.noteOnly')}
        {note ? ` · ${note}` : ''}
      </Typography.Text>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        ({t('verification.by', { by: verification.by ?? '—', at: formatCstMinute(verification.at) })})
      </Typography.Text>
    </Typography.Paragraph>
  );
}

/**
 * The unit's editable item. `queryKey` is the page's submission query, which every save replaces: the card
 * keeps its own draft, so it re-renders only when what it shows from the server changes.
 */
export const EditableItemCard = memo(EditableItemCardInner, (previous, next) => {
  const a = previous.item;
  const b = next.item;
  return (
    a.id === b.id &&
    a.version === b.version &&
    a.returnedComment === b.returnedComment &&
    a.verification?.at === b.verification?.at &&
    previous.queryKey === next.queryKey &&
    previous.onStateChange === next.onStateChange &&
    previous.consolidate?.periodId === next.consolidate?.periodId &&
    previous.closeout === next.closeout
  );
});

function EditableItemCardInner({
  item,
  queryKey,
  onStateChange,
  consolidate,
  closeout = false,
}: {
  item: ItemReport;
  queryKey: QueryKey;
  onStateChange: (itemId: string, state: SaveState) => void;
  consolidate?: ConsolidateLink | undefined;
  /** 申请办结销号 on this item (the unit's own submission). */
  closeout?: boolean;
}) {
  const t = useT();
  const save = useSaveItem(queryKey);
  // An evidence upload or removal on its way: the item's version is about to move, so no edits meanwhile.
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => toDraft(item));
  // The draft as of the last change (two changes may land before a re-render).
  const latest = useRef(draft);
  const onItemState = useCallback((state: SaveState) => onStateChange(item.id, state), [item.id, onStateChange]);
  const autosave = useAutosave<Draft, ItemReportSave>({
    version: item.version,
    send: (next, version) => save.mutateAsync({ id: item.id, body: toBody(next, version) }),
    versionOf: (saved) => saved.item.version,
    onStateChange: onItemState,
  });
  const { state } = autosave;

  const change = (patch: Partial<Draft>) => {
    if (state === 'conflict') return;
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setDraft(next);
    autosave.change(next);
  };

  const loadLatest = () => {
    const current = conflictCurrent<ItemReport>(autosave.error) ?? item;
    latest.current = toDraft(current);
    setDraft(latest.current);
    save.reset();
    autosave.restart(current.version);
  };

  const unfilled = isUnfilled(draft) || reasonsMissing(draft) !== null;
  return (
    <Card
      size="small"
      id={itemAnchor(item.id)}
      data-testid="item-card"
      data-item={item.id}
      data-task={item.task.number ?? ''}
      data-unfilled={unfilled}
      style={unfilled ? { borderColor: '#fa8c16' } : undefined}
    >
      <ReturnedComment comment={item.returnedComment} />
      <VerificationLine verification={item.verification} />
      <ItemHeading item={item} consolidate={consolidate} />
      {state === 'conflict' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('item.conflict')}
          description={t('item.conflictHint')}
          action={
            <Button size="small" onClick={loadLatest} data-testid="item-load-latest">
              {t('item.loadLatest')}
            </Button>
          }
          data-testid="item-conflict"
        />
      )}
      <Flex wrap gap={8} align="center" justify="space-between" style={{ marginBottom: 8 }}>
        <Flex gap={8} align="center">
          <Select<ItemStatus>
            value={draft.status ?? undefined}
            placeholder={t('item.statusPlaceholder')}
            status={unfilled ? 'warning' : undefined}
            onChange={(status) => change({ status })}
            options={ITEM_STATUSES.map((value) => ({ value, label: t(`itemStatus.${value}`) }))}
            style={{ minWidth: 160 }}
            aria-label={t('item.status')}
            disabled={state === 'conflict' || busy}
            data-testid="item-status"
          />
          {draft.status === null && <ItemStatusTag status={null} />}
        </Flex>
        <SavedMark
          state={state}
          message={autosave.error instanceof Error ? autosave.error.message : undefined}
          testid="item-saved"
        />
      </Flex>
      {isLagging(draft.status) && (
        <LagReasonsField
          item={item}
          draft={draft}
          disabled={state === 'conflict' || busy}
          onChange={(patch) => change(patch)}
        />
      )}
      <Typography.Text type="secondary">{t('item.progress')}</Typography.Text>
      {draft.status === 'no_progress' && unfilled && (
        <Typography.Paragraph type="warning" style={{ marginBottom: 4 }} data-testid="item-no-progress-reason">
          {t('item.noProgressReason')}
        </Typography.Paragraph>
      )}
      <Input.TextArea
        value={draft.progress}
        onChange={(event) => change({ progress: event.target.value })}
        autoSize={{ minRows: 3, maxRows: 12 }}
        maxLength={5000}
        placeholder={t('item.progressPlaceholder')}
        disabled={state === 'conflict' || busy}
        style={{ marginBottom: 8 }}
        data-testid="item-progress"
      />
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('item.problems')}</Typography.Text>
          <Input.TextArea
            value={draft.problems}
            onChange={(event) => change({ problems: event.target.value })}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={2000}
            disabled={state === 'conflict' || busy}
            style={{ marginBottom: 8 }}
            data-testid="item-problems"
          />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('item.nextSteps')}</Typography.Text>
          <Input.TextArea
            value={draft.nextSteps}
            onChange={(event) => change({ nextSteps: event.target.value })}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={2000}
            disabled={state === 'conflict' || busy}
            style={{ marginBottom: 8 }}
            data-testid="item-next-steps"
          />
        </Col>
      </Row>
      {item.indicatorActuals.length > 0 && (
        <>
          <Typography.Text type="secondary">{t('item.actuals')}</Typography.Text>
          <Row gutter={[12, 8]}>
            {item.indicatorActuals.map((actual) => (
              <Col key={actual.indicatorId} xs={24} md={12}>
                <Typography.Text>{actual.label}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  ({t('item.target', { target: actual.target, unit: actual.unit })})
                </Typography.Text>
                <InputNumber<number>
                  value={draft.actuals[actual.indicatorId] ?? null}
                  onChange={(value) => change({ actuals: { ...latest.current.actuals, [actual.indicatorId]: value } })}
                  suffix={actual.unit}
                  disabled={state === 'conflict' || busy}
                  style={{ width: '100%' }}
                  aria-label={actual.label}
                  data-testid="item-actual"
                />
              </Col>
            ))}
          </Row>
        </>
      )}
      <EvidenceList
        item={item}
        queryKey={queryKey}
        disabled={state !== 'saved'}
        onBusy={setBusy}
        onWritten={(submission) => {
          const version = submission.items.find((i) => i.id === item.id)?.version;
          if (version !== undefined) autosave.rebase(version);
        }}
      />
      {closeout && <CloseoutAction item={item} />}
    </Card>
  );
}

/** An item as the leader after signing, the office and the district leaders read it. */
export function ReadOnlyItemCard({
  item,
  showReturned = true,
  consolidate,
  closeout = false,
  children,
}: {
  item: ItemReport;
  showReturned?: boolean;
  consolidate?: ConsolidateLink | undefined;
  /** 申请办结销号 on this item (the unit's own submission). */
  closeout?: boolean;
  /** Shown at the card's foot: the office's 核实方式 fields while it reviews. */
  children?: ReactNode;
}) {
  const t = useT();
  const text = (value: string | null) =>
    value?.trim() ? (
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{value}</Typography.Paragraph>
    ) : (
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('item.none')}
      </Typography.Paragraph>
    );
  return (
    <Card
      size="small"
      id={itemAnchor(item.id)}
      data-testid="item-card"
      data-item={item.id}
      data-task={item.task.number ?? ''}
      data-unfilled={item.unfilled}
      style={item.unfilled ? { borderColor: '#fa8c16' } : undefined}
    >
      {showReturned && <ReturnedComment comment={item.returnedComment} />}
      <VerificationLine verification={item.verification} />
      <ItemHeading item={item} consolidate={consolidate} />
      <div style={{ marginBottom: 8 }} data-testid="item-status" data-status={item.status}>
        <ItemStatusTag status={item.status} />
      </div>
      <ItemQualityFlags item={item} />
      {item.lagReasons.length > 0 && <LagReasonsShown item={item} />}
      <Typography.Text type="secondary">{t('item.progress')}</Typography.Text>
      <div data-testid="item-progress">{text(item.progress)}</div>
      <Typography.Text type="secondary">{t('item.problems')}</Typography.Text>
      {text(item.problems)}
      <Typography.Text type="secondary">{t('item.nextSteps')}</Typography.Text>
      {text(item.nextSteps)}
      {item.indicatorActuals.length > 0 && (
        <>
          <Typography.Text type="secondary">{t('item.actuals')}</Typography.Text>
          {item.indicatorActuals.map((actual) => (
            <div key={actual.indicatorId} data-testid="item-actual">
              {actual.label}：{actual.value ?? '—'}
              {actual.value !== null ? actual.unit : ''}{' '}
              <Typography.Text type="secondary">
                ({t('item.target', { target: actual.target, unit: actual.unit })})
              </Typography.Text>
            </div>
          ))}
        </>
      )}
      <EvidenceList item={item} />
      {closeout && <CloseoutAction item={item} />}
      {children}
    </Card>
  );
}

/** A reason's label in the reader's language (the office may leave the English one out). */
function useReasonLabel() {
  const { lang } = useI18n();
  return (reason: Pick<LagReason, 'labelZh' | 'labelEn'>) =>
    lang === 'en' ? (reason.labelEn ?? reason.labelZh) : reason.labelZh;
}

/**
 * 滞后原因 of an item that is 滞后 or 受阻: the office's active reasons (and any deactivated one the item already
 * gives), the words (required with 其他), and 提请协调 when a chosen reason needs the district.
 */
function LagReasonsField({
  item,
  draft,
  disabled,
  onChange,
}: {
  item: ItemReport;
  draft: Draft;
  disabled: boolean;
  onChange: (patch: Partial<Draft>) => void;
}) {
  const t = useT();
  const me = useMe();
  const label = useReasonLabel();
  const reasons = useLagReasons();
  const [raising, setRaising] = useState(false);
  const list = reasons.data ?? [];
  const missing = reasonsMissing(draft);
  const chosen = list.filter((r) => draft.lagReasons.includes(r.key));
  const needsDistrict = chosen.some((r) => r.needsDistrict);
  const names = chosen.map((r) => r.labelZh).join('、');
  return (
    <div style={{ marginBottom: 8 }} data-testid="item-lag-reasons-field">
      <Typography.Text type="secondary">{t('item.lagReasons')}</Typography.Text>
      {missing && (
        <Typography.Paragraph type="warning" style={{ marginBottom: 4 }} data-testid="item-lag-reasons-missing">
          {t(missing === 'reasons' ? 'item.lagReasonsRequired' : 'item.lagReasonTextRequired')}
        </Typography.Paragraph>
      )}
      <Flex wrap gap={8} align="start">
        <Select<string[]>
          mode="multiple"
          value={draft.lagReasons}
          loading={reasons.isLoading}
          placeholder={t('item.lagReasonsPlaceholder')}
          status={missing === 'reasons' ? 'warning' : undefined}
          onChange={(lagReasons) => onChange({ lagReasons })}
          options={list
            .filter((r) => r.active || item.lagReasons.includes(r.key))
            .map((r) => ({
              value: r.key,
              label: r.active ? label(r) : t('item.lagReasonInactive', { label: label(r) }),
              disabled: !r.active,
            }))}
          style={{ minWidth: 240, flex: '1 1 240px' }}
          aria-label={t('item.lagReasons')}
          disabled={disabled}
          data-testid="item-lag-reasons"
        />
        <Input
          value={draft.lagReasonText}
          onChange={(event) => onChange({ lagReasonText: event.target.value })}
          maxLength={1000}
          placeholder={t('item.lagReasonTextPlaceholder')}
          status={missing === 'text' ? 'warning' : undefined}
          aria-label={t('item.lagReasonText')}
          disabled={disabled}
          style={{ flex: '2 1 240px' }}
          data-testid="item-lag-reason-text"
        />
      </Flex>
      {needsDistrict && may(me, 'coordination.raise') && (
        <Flex gap={8} align="center" wrap style={{ marginTop: 6 }}>
          <Button
            size="small"
            icon={<TeamOutlined />}
            onClick={() => setRaising(true)}
            data-testid="item-raise-coordination"
          >
            {t('item.raiseCoordination')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('item.raiseCoordinationHint')}
          </Typography.Text>
        </Flex>
      )}
      {raising && (
        <Suspense fallback={null}>
          <RaiseCoordinationModal
            onClose={() => setRaising(false)}
            initial={{
              taskId: item.task.id,
              title: t('item.coordinationTitle', { reasons: names }).slice(0, 100),
              body: t('item.coordinationBody', {
                reasons: names,
                text: draft.lagReasonText.trim() || draft.progress.trim(),
              }).slice(0, 3000),
            }}
          />
        </Suspense>
      )}
    </div>
  );
}

/** The reasons as the leader, the office and district leaders read them. */
function LagReasonsShown({ item }: { item: ItemReport }) {
  const t = useT();
  const label = useReasonLabel();
  const reasons = useLagReasons();
  const byKey = new Map((reasons.data ?? []).map((r) => [r.key, r]));
  return (
    <div style={{ marginBottom: 8 }} data-testid="item-lag-reasons-shown">
      <Typography.Text type="secondary">{t('item.lagReasons')}：</Typography.Text>
      {item.lagReasons.map((key) => {
        const r = byKey.get(key);
        return (
          <Tag key={key} color={r?.needsDistrict ? 'volcano' : undefined}>
            {r ? label(r) : key}
          </Tag>
        );
      })}
      {item.lagReasonText && <Typography.Text>{item.lagReasonText}</Typography.Text>}
    </div>
  );
}
