// 报送审核 for the supervision office: every unit's submission for a reporting period of the newest plan,
// with its sign-off and lateness; a submission opens in a drawer, read-only, to 通过 or 退回 (with an overall
// comment and comments on chosen items). Under each item the office notes how it verified it (核实方式: 查阅资料 /
// 电话核查 / 现场核实, and a note); what it changed is sent with the 通过 or 退回 it then chooses.

import { CheckOutlined, EyeOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Statistic,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, type ReactNode, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { reviewReturnBodySchema } from '../../api/v1';
import { MAX_VERIFICATION_NOTE } from '../../core/verification';
import { currentPeriodId, useCurrentPlanPeriods } from '../api/periods';
import {
  submissionKeys,
  useAcceptSubmission,
  useReturnSubmission,
  useReviewQueue,
  useSubmission,
} from '../api/submissions';
import type { Submission, SubmissionSummary, VerificationMethod, Verifications } from '../api/types';
import { ReadOnlyItemCard } from '../components/ItemReportCard';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { QualitySummary } from '../components/QualityFlags';
import { SignatureInfo, SubmissionProgress } from '../components/SubmissionSummary';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { LateTag, SubmissionStatusTag } from '../components/tags';
import { formatCstMinute } from '../format';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import { VERIFICATION_METHODS } from '../vocab';

/** A unit of the queue: its submission, or none yet (未报送). */
interface QueueRow {
  unit: { id: string; name: string };
  summary: SubmissionSummary | null;
}

const TOTALS = ['due', 'sent', 'signed', 'accepted', 'returned', 'notSent'] as const;

const rowAttributes = (attributes: Record<`data-${string}`, string>) => attributes as HTMLAttributes<HTMLElement>;

export default function ReviewsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const { periods, noPlan } = useCurrentPlanPeriods();
  const periodId = params.get('period') || currentPeriodId(periods.data ?? []);
  const openId = params.get('open') || undefined;
  const queue = useReviewQueue(periodId);
  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(key, value);
        else next.delete(key);
        if (key === 'period') next.delete('open');
        return next;
      },
      { replace: true },
    );

  type Column = {
    key: string;
    title: string;
    width?: number;
    align?: 'right';
    render: (value: unknown, row: SubmissionSummary) => ReactNode;
  };
  const submitted: Column[] = [
    { key: 'unit', title: t('reviews.unit'), render: (_, row) => row.unit.name },
    {
      key: 'status',
      title: t('reviews.status'),
      width: 110,
      render: (_, row) => <SubmissionStatusTag status={row.status} />,
    },
    {
      key: 'filled',
      title: t('reviews.filled'),
      width: 140,
      align: 'right',
      // The summary carries the counts only; the total is the submission's, read when it is opened.
      render: (_, row) => (
        <>
          {row.filled}
          {row.unfilled > 0 && (
            <Tag color="orange" style={{ marginInlineStart: 8 }} data-testid="review-unfilled">
              {t('submission.unfilledCount', { count: row.unfilled })}
            </Tag>
          )}
        </>
      ),
    },
    { key: 'signer', title: t('reviews.signer'), width: 110, render: (_, row) => row.signer ?? '—' },
    {
      key: 'signedAt',
      title: t('reviews.signedAt'),
      width: 150,
      render: (_, row) => formatCstMinute(row.signedAt),
    },
    {
      key: 'late',
      title: t('reviews.late'),
      width: 110,
      render: (_, row) =>
        row.late ? <LateTag late lateSeconds={row.lateSeconds} /> : row.signedAt ? t('submission.onTime') : '—',
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 90,
      render: (_, row) => (
        <Button
          type="link"
          size="small"
          icon={<EyeOutlined />}
          onClick={() => setParam('open', row.id)}
          data-testid="review-open"
        >
          {t('reviews.open')}
        </Button>
      ),
    },
  ];

  // Every unit due: those with a package as they stand, those without one as 未报送.
  const columns: TableColumnsType<QueueRow> = submitted.map((column) => ({
    ...column,
    render: (value: unknown, row: QueueRow) =>
      row.summary ? (
        column.render(value, row.summary)
      ) : column.key === 'unit' ? (
        row.unit.name
      ) : column.key === 'status' ? (
        <Tag data-testid="review-not-sent">{t('reviews.notSent')}</Tag>
      ) : column.key === 'actions' ? null : (
        '—'
      ),
  }));
  const rows: QueueRow[] = [
    ...(queue.data?.items ?? []).map((summary) => ({ unit: summary.unit, summary })),
    ...(queue.data?.notSent ?? []).map((unit) => ({ unit, summary: null })),
  ];

  return (
    <div>
      <PageHeader title={t('reviews.title')} />
      <Card size="small">
        <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
          <Typography.Text>{t('reviews.period')}</Typography.Text>
          <Select<string>
            value={periodId}
            onChange={(value) => setParam('period', value)}
            loading={periods.isLoading}
            options={(periods.data ?? []).map((period) => ({
              value: period.id,
              label: `${period.label} · ${t('submission.due', { time: formatCstMinute(period.effectiveDueAt) })}`,
            }))}
            style={{ minWidth: 280 }}
            data-testid="reviews-period"
          />
        </Flex>
        {noPlan ? (
          <Empty description={t('reviews.noPlans')} />
        ) : queue.isError ? (
          <QueryError error={queue.error} onRetry={() => queue.refetch()} />
        ) : (
          <div data-testid="reviews-table" aria-busy={queue.isFetching}>
            {queue.data && (
              <Flex wrap gap={32} style={{ marginBottom: 12 }} data-testid="reviews-totals">
                {TOTALS.map((key) => (
                  <Statistic
                    key={key}
                    title={t(`reviews.total.${key}`)}
                    value={queue.data.totals[key]}
                    data-testid={`reviews-total-${key}`}
                  />
                ))}
              </Flex>
            )}
            <ListTable<QueueRow>
              rowKey={(row) => row.unit.id}
              size="middle"
              tableLayout="fixed"
              scroll={{ x: 760 }}
              pagination={false}
              loading={queue.isFetching}
              columns={columns}
              dataSource={rows}
              onRow={(row) =>
                rowAttributes({
                  'data-testid': 'review-row',
                  'data-status': row.summary?.status ?? 'not_sent',
                  'data-unit': row.unit.id,
                })
              }
              locale={{ emptyText: t('reviews.empty') }}
            />
          </div>
        )}
      </Card>
      <ReviewDrawer id={openId} onClose={() => setParam('open', undefined)} />
    </div>
  );
}

function ReviewDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const t = useT();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const pkg = useSubmission(id);
  const [returning, setReturning] = useState(false);
  const key = submissionKeys.one(id ?? '');
  const accept = useAcceptSubmission(key);
  const reviewable = Boolean(pkg.data?.abilities.review) && pkg.data?.status === 'submitted';
  // 核实方式 the office changed in this drawer, by item; sent with 通过 or 退回, then dropped (and forgotten when
  // another package is opened).
  const [changed, setChanged] = useState<{ id?: string; edits: Record<string, VerificationDraft> }>({ edits: {} });
  const edits = changed.id === id ? changed.edits : {};
  const setEdits = (next: (previous: Record<string, VerificationDraft>) => Record<string, VerificationDraft>) =>
    setChanged((previous) => ({ id, edits: next(previous.id === id ? previous.edits : {}) }));
  const verifications = useMemo(() => changedVerifications(pkg.data, edits), [pkg.data, edits]);

  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      title={pkg.data ? `${pkg.data.unit.name} · ${pkg.data.period.label}` : t('reviews.title')}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      loading={pkg.isLoading}
      data-testid="review-drawer"
      extra={
        reviewable && pkg.data ? (
          <Space>
            <Button danger icon={<RollbackOutlined />} onClick={() => setReturning(true)} data-testid="review-return">
              {t('reviews.return')}
            </Button>
            {/* 通过 is a decision about a named unit's report: confirmed, naming the unit and the period. */}
            <Popconfirm
              title={t('reviews.acceptConfirm', { unit: pkg.data.unit.name, period: pkg.data.period.label })}
              okText={t('reviews.accept')}
              cancelText={t('common.cancel')}
              okButtonProps={{ loading: accept.isPending, ...testId('review-accept-confirm') }}
              onConfirm={() =>
                accept.mutateAsync({ id: pkg.data.id, body: { verifications } }).then(
                  () => {
                    setEdits(() => ({}));
                    notifySuccess(t('reviews.accepted'));
                  },
                  () => undefined,
                )
              }
            >
              <Button type="primary" icon={<CheckOutlined />} loading={accept.isPending} data-testid="review-accept">
                {t('reviews.accept')}
              </Button>
            </Popconfirm>
          </Space>
        ) : undefined
      }
    >
      {pkg.isError ? (
        <QueryError error={pkg.error} onRetry={() => pkg.refetch()} />
      ) : pkg.data ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Flex wrap gap={8} align="center">
            <SubmissionStatusTag status={pkg.data.status} />
            <Typography.Text type="secondary">
              {t('submission.due', { time: formatCstMinute(pkg.data.period.effectiveDueAt) })}
            </Typography.Text>
          </Flex>
          <SubmissionProgress pkg={pkg.data} total={pkg.data.items.length} />
          <SignatureInfo pkg={pkg.data} />
          <QualitySummary pkg={pkg.data} />
          {!may(me, 'submissions.review') && (
            <Typography.Text type="secondary">{t('reviews.readOnly')}</Typography.Text>
          )}
          {pkg.data.items.map((item) => (
            <ReadOnlyItemCard key={item.id} item={item} showReturned={pkg.data.status !== 'accepted'}>
              {reviewable && (
                <VerificationFields
                  itemId={item.id}
                  value={edits[item.id] ?? draftOf(item)}
                  onChange={(value) => setEdits((previous) => ({ ...previous, [item.id]: value }))}
                />
              )}
            </ReadOnlyItemCard>
          ))}
          {returning && (
            <ReturnModal
              pkg={pkg.data}
              verifications={verifications}
              onClose={() => setReturning(false)}
              onReturned={() => setEdits(() => ({}))}
            />
          )}
        </Space>
      ) : null}
    </Drawer>
  );
}

interface VerificationDraft {
  method: VerificationMethod | null;
  note: string;
}

const draftOf = (item: Submission['items'][number]): VerificationDraft => ({
  method: item.verification?.method ?? null,
  note: item.verification?.note ?? '',
});

/** The items whose 核实方式 the office changed (a cleared one included, so that the server clears it). */
function changedVerifications(pkg: Submission | undefined, edits: Record<string, VerificationDraft>): Verifications {
  if (!pkg) return [];
  return pkg.items.flatMap((item) => {
    const edit = edits[item.id];
    if (!edit) return [];
    const stored = draftOf(item);
    const note = edit.note.trim();
    if (edit.method === stored.method && note === stored.note) return [];
    return [{ itemReportId: item.id, method: edit.method, note: note || null }];
  });
}

/** 核实方式 of one item while the office reviews it: 查阅资料 / 电话核查 / 现场核实 (optional) and a note. */
function VerificationFields({
  itemId,
  value,
  onChange,
}: {
  itemId: string;
  value: VerificationDraft;
  onChange: (value: VerificationDraft) => void;
}) {
  const t = useT();
  return (
    <Flex wrap gap={8} align="center" style={{ marginTop: 8 }} data-testid="review-verification" data-item={itemId}>
      <Typography.Text type="secondary">{t('verification.label')}</Typography.Text>
      <Select<VerificationMethod>
        allowClear
        size="small"
        value={value.method ?? undefined}
        placeholder={t('verification.placeholder')}
        onChange={(method) => onChange({ ...value, method: method ?? null })}
        options={VERIFICATION_METHODS.map((method) => ({ value: method, label: t(`verification.method.${method}`) }))}
        style={{ minWidth: 140 }}
        aria-label={t('verification.label')}
        data-testid="review-verification-method"
      />
      <Input
        size="small"
        value={value.note}
        maxLength={MAX_VERIFICATION_NOTE}
        placeholder={t('verification.notePlaceholder')}
        onChange={(event) => onChange({ ...value, note: event.target.value })}
        style={{ flex: '1 1 220px' }}
        aria-label={t('verification.note')}
        data-testid="review-verification-note"
      />
    </Flex>
  );
}

interface ReturnForm {
  comment: string;
  items: string[];
  itemComments: Record<string, string>;
}

const itemLabel = (item: Submission['items'][number]) =>
  [item.task.number, item.task.text.length > 40 ? `${item.task.text.slice(0, 40)}…` : item.task.text]
    .filter(Boolean)
    .join(' ');

function ReturnModal({
  pkg,
  verifications,
  onClose,
  onReturned,
}: {
  pkg: Submission;
  verifications: Verifications;
  onClose: () => void;
  onReturned: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<ReturnForm>();
  const chosen = Form.useWatch('items', form) ?? [];
  const returnSubmission = useReturnSubmission(submissionKeys.one(pkg.id));
  const commentRule = schemaRule(reviewReturnBodySchema.shape.comment, t('submission.commentRule'));
  const required = { required: true, whitespace: true, message: t('submission.commentRequired') };

  return (
    <Modal
      open
      title={t('reviews.returnTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('reviews.returnSubmit')}
      confirmLoading={returnSubmission.isPending}
      okButtonProps={{ danger: true, ...testId('review-return-submit') }}
      width={640}
    >
      <Form<ReturnForm>
        form={form}
        layout="vertical"
        disabled={returnSubmission.isPending}
        initialValues={{ comment: '', items: [], itemComments: {} }}
        onFinish={(values) =>
          returnSubmission.mutate(
            {
              id: pkg.id,
              body: {
                comment: values.comment.trim(),
                items: values.items.map((itemReportId) => ({
                  itemReportId,
                  comment: (values.itemComments[itemReportId] ?? '').trim(),
                })),
                verifications,
              },
            },
            {
              onSuccess: () => {
                onReturned();
                notifySuccess(t('reviews.returned'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="comment" label={t('reviews.returnComment')} rules={[required, commentRule]}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="review-return-comment" />
        </Form.Item>
        <Form.Item name="items" label={t('reviews.returnItems')}>
          <Select<string[]>
            mode="multiple"
            allowClear
            placeholder={t('reviews.returnItemsPlaceholder')}
            optionFilterProp="label"
            options={pkg.items.map((item) => ({ value: item.id, label: itemLabel(item) }))}
            data-testid="review-return-items"
          />
        </Form.Item>
        {chosen.map((itemId) => {
          const item = pkg.items.find((candidate) => candidate.id === itemId);
          if (!item) return null;
          return (
            <Form.Item
              key={itemId}
              name={['itemComments', itemId]}
              label={t('reviews.itemComment', { task: itemLabel(item) })}
              rules={[required, commentRule]}
            >
              <Input.TextArea rows={2} maxLength={1000} data-testid="review-item-comment" data-item={itemId} />
            </Form.Item>
          );
        })}
      </Form>
    </Modal>
  );
}
