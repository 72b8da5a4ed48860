// One item of a period package (本期报送): the task, its status, progress, problems, next steps and the
// indicators' actual values. Editable items autosave 1.5 s after the last change, with the version they
// rest on; a 409 `version_conflict` keeps the user's text and offers the server's latest instead.

import { CheckCircleOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import type { QueryKey } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Input, InputNumber, Row, Select, Typography } from 'antd';
import { memo, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../api/client';
import { useSaveItem } from '../api/packages';
import type { ItemReport, ItemStatus, UpdateItemReportBody } from '../api/types';
import { useT } from '../i18n';
import { ITEM_STATUSES } from '../vocab';
import { ItemStatusTag, LevelTag, RoleTag } from './tags';

export const AUTOSAVE_DELAY_MS = 1500;

interface Draft {
  status: ItemStatus;
  progress: string;
  problems: string;
  nextSteps: string;
  actuals: Record<string, number | null>;
}

const toDraft = (item: ItemReport): Draft => ({
  status: item.status,
  progress: item.progress,
  problems: item.problems ?? '',
  nextSteps: item.nextSteps ?? '',
  actuals: Object.fromEntries(item.indicatorActuals.map((a) => [a.indicatorId, a.value])),
});

const toBody = (draft: Draft, version: number): UpdateItemReportBody => ({
  version,
  status: draft.status,
  progress: draft.progress.trim(),
  problems: draft.problems.trim() || null,
  nextSteps: draft.nextSteps.trim() || null,
  indicatorActuals: Object.entries(draft.actuals).map(([indicatorId, value]) => ({ indicatorId, value })),
});

export type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

/** The server's item from a 409 `version_conflict` (details.current), if it sent one. */
function conflictCurrent(error: unknown): ItemReport | null {
  if (!isApiError(error, 409) || error.code !== 'version_conflict') return null;
  const details = error.details as { current?: ItemReport } | null | undefined;
  return details?.current ?? null;
}

function ItemHeading({ item }: { item: ItemReport }) {
  const t = useT();
  return (
    <Typography.Paragraph style={{ marginBottom: 8, lineHeight: 1.7 }}>
      <LevelTag level={item.task.sourceLevel} short />
      <RoleTag role={item.role} />
      <Typography.Text strong>{item.task.number ?? t('task.titleUnnumbered')}</Typography.Text> {item.task.text}
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

function SavedMark({ state, message }: { state: SaveState; message?: string }) {
  const t = useT();
  const content: Record<SaveState, ReactNode> = {
    saved: (
      <Typography.Text type="success">
        <CheckCircleOutlined /> {t('item.saved')}
      </Typography.Text>
    ),
    dirty: <Typography.Text type="secondary">{t('item.dirty')}</Typography.Text>,
    saving: (
      <Typography.Text type="secondary">
        <LoadingOutlined /> {t('item.saving')}
      </Typography.Text>
    ),
    conflict: <Typography.Text type="danger">{t('item.conflict')}</Typography.Text>,
    error: <Typography.Text type="danger">{t('item.saveFailed', { message: message ?? '' })}</Typography.Text>,
  };
  return (
    <span data-testid="item-saved" data-state={state} aria-live="polite">
      {content[state]}
    </span>
  );
}

/**
 * The unit's editable item. `queryKey` is the page's package query, which every save replaces: the card
 * keeps its own draft, so it re-renders only when what it shows from the server changes.
 */
export const EditableItemCard = memo(EditableItemCardInner, (previous, next) => {
  const a = previous.item;
  const b = next.item;
  return (
    a.id === b.id &&
    a.version === b.version &&
    a.returnedComment === b.returnedComment &&
    previous.queryKey === next.queryKey &&
    previous.onStateChange === next.onStateChange
  );
});

function EditableItemCardInner({
  item,
  queryKey,
  onStateChange,
}: {
  item: ItemReport;
  queryKey: QueryKey;
  onStateChange: (itemId: string, state: SaveState) => void;
}) {
  const t = useT();
  const save = useSaveItem(queryKey);
  const [draft, setDraft] = useState<Draft>(() => toDraft(item));
  const [state, setStateValue] = useState<SaveState>('saved');
  // What the latest save rests on, and whether a change came in while a save was on its way.
  const version = useRef(item.version);
  const latest = useRef(draft);
  const inFlight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const setState = useCallback(
    (next: SaveState) => {
      setStateValue(next);
      onStateChange(item.id, next);
    },
    [item.id, onStateChange],
  );

  const flush = useCallback(() => {
    timer.current = null;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    setState('saving');
    save.mutate(
      { id: item.id, body: toBody(latest.current, version.current) },
      {
        onSuccess: (submission) => {
          const saved = submission.items.find((i) => i.id === item.id);
          if (saved) version.current = saved.version;
        },
        onSettled: (_data, error) => {
          inFlight.current = false;
          if (error) {
            again.current = false;
            setState(isApiError(error, 409) && error.code === 'version_conflict' ? 'conflict' : 'error');
          } else if (again.current) {
            again.current = false;
            flush();
          } else if (timer.current === null) {
            setState('saved');
          }
        },
      },
    );
  }, [item.id, save, setState]);

  // Leaving the page saves what is pending rather than dropping it.
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(
    () => () => {
      if (timer.current !== null) {
        clearTimeout(timer.current);
        flushRef.current();
      }
    },
    [],
  );

  const change = (patch: Partial<Draft>) => {
    if (state === 'conflict') return;
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setDraft(next);
    setState(inFlight.current ? 'saving' : 'dirty');
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(flush, AUTOSAVE_DELAY_MS);
  };

  const loadLatest = () => {
    const current = conflictCurrent(save.error) ?? item;
    version.current = current.version;
    latest.current = toDraft(current);
    setDraft(latest.current);
    save.reset();
    setState('saved');
  };

  return (
    <Card size="small" data-testid="item-card" data-item={item.id} data-task={item.task.number ?? ''}>
      <ReturnedComment comment={item.returnedComment} />
      <ItemHeading item={item} />
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
        <Select<ItemStatus>
          value={draft.status}
          onChange={(status) => change({ status })}
          options={ITEM_STATUSES.map((value) => ({ value, label: t(`itemStatus.${value}`) }))}
          style={{ minWidth: 140 }}
          aria-label={t('item.status')}
          disabled={state === 'conflict'}
          data-testid="item-status"
        />
        <SavedMark state={state} message={save.error?.message} />
      </Flex>
      <Typography.Text type="secondary">{t('item.progress')}</Typography.Text>
      <Input.TextArea
        value={draft.progress}
        onChange={(event) => change({ progress: event.target.value })}
        autoSize={{ minRows: 3, maxRows: 12 }}
        maxLength={5000}
        placeholder={t('item.progressPlaceholder')}
        disabled={state === 'conflict'}
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
            disabled={state === 'conflict'}
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
            disabled={state === 'conflict'}
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
                  disabled={state === 'conflict'}
                  style={{ width: '100%' }}
                  aria-label={actual.label}
                  data-testid="item-actual"
                />
              </Col>
            ))}
          </Row>
        </>
      )}
    </Card>
  );
}

/** An item as the leader after signing, the office and the district leaders read it. */
export function ReadOnlyItemCard({ item, showReturned = true }: { item: ItemReport; showReturned?: boolean }) {
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
    <Card size="small" data-testid="item-card" data-item={item.id} data-task={item.task.number ?? ''}>
      {showReturned && <ReturnedComment comment={item.returnedComment} />}
      <ItemHeading item={item} />
      <div style={{ marginBottom: 8 }} data-testid="item-status" data-status={item.status}>
        <ItemStatusTag status={item.status} />
      </div>
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
    </Card>
  );
}
