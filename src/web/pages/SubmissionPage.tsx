// 本期报送 of one reporting period: the unit's submission, an item per assignment, autosaved item by item;
// 送审 to the unit's principal leader, who signs it (签字同意) or returns it (退回修改). Once signed it is
// read-only, with the signature. The office opens a unit's submission here with `?unitId=`. Excel 批量填报:
// the period's sheet downloaded, filled offline and uploaded back (a preview, then all or nothing).
// Completeness before signature: 送审 is allowed with items unfilled (the page lists them), signing is not —
// the sign dialog says how many are unfilled and cannot be confirmed until every item is set.

import { ArrowLeftOutlined, RollbackOutlined, SendOutlined, SignatureOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { commentBodySchema } from '../../api/v1';
import { isApiError } from '../api/client';
import { useTasks } from '../api/plans';
import {
  submissionKeys,
  useLeaderReturn,
  useSendSubmission,
  useSignSubmission,
  useUnitSubmission,
} from '../api/submissions';
import type { Submission } from '../api/types';
import { ActingSignerCard } from '../components/ActingSignerCard';
import type { SaveState } from '../components/autosave';
import { type ConsolidateLink, EditableItemCard, ReadOnlyItemCard } from '../components/ItemReportCard';
import { PageHeader } from '../components/PageHeader';
import { SheetCard } from '../components/SheetCard';
import { SignatureInfo, SubmissionProgress, UnfilledItems } from '../components/SubmissionSummary';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { SubmissionStatusTag } from '../components/tags';
import { formatCstMinute } from '../format';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';

const EDITABLE: readonly Submission['status'][] = ['draft', 'returned', 'pending_signoff'];

export default function SubmissionPage() {
  const t = useT();
  const { periodId = '' } = useParams();
  const [params] = useSearchParams();
  const unitId = params.get('unitId') || undefined;
  const navigate = useNavigate();
  const pkg = useUnitSubmission(periodId, unitId);
  const queryKey = useMemo(() => submissionKeys.ofPeriod(periodId, unitId), [periodId, unitId]);

  return (
    <div>
      <PageHeader
        title={pkg.data ? `${t('submission.title')} · ${pkg.data.period.label}` : t('submission.title')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
            {t('common.back')}
          </Button>
        }
      />
      {pkg.isError ? (
        isApiError(pkg.error, 409) && pkg.error.code === 'period_locked' ? (
          <Alert type="warning" showIcon title={t('submission.periodLocked')} data-testid="package-locked" />
        ) : isApiError(pkg.error, 404) || isApiError(pkg.error, 403) ? (
          <Alert type="error" showIcon title={t('submission.notFound')} />
        ) : (
          <QueryError error={pkg.error} onRetry={() => pkg.refetch()} />
        )
      ) : pkg.data ? (
        <SubmissionView key={pkg.data.id} pkg={pkg.data} queryKey={queryKey} />
      ) : (
        <Card>
          <Skeleton active />
        </Card>
      )}
    </div>
  );
}

function SubmissionView({ pkg, queryKey }: { pkg: Submission; queryKey: readonly unknown[] }) {
  const t = useT();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const editable = pkg.abilities.edit && EDITABLE.includes(pkg.status);
  const mayDecide = pkg.abilities.sign && pkg.status === 'pending_signoff';
  // 申请办结销号 with the evidence attached to the item (the unit's own submission only).
  const closeout = pkg.abilities.requestCloseout;
  const send = useSendSubmission(queryKey);
  const sign = useSignSubmission(queryKey);
  const [returning, setReturning] = useState(false);
  // Items with a change not yet saved (or failed): nothing is sent or signed until they are.
  // Kept in a ref: the page re-renders only when "anything unsaved" flips, not on every keystroke.
  const states = useRef(new Map<string, SaveState>());
  const [unsaved, setUnsaved] = useState(false);
  const onStateChange = useCallback((itemId: string, state: SaveState) => {
    if (state === 'saved') states.current.delete(itemId);
    else states.current.set(itemId, state);
    setUnsaved(states.current.size > 0);
  }, []);
  // Bumped after an Excel import: the item cards start again from the refetched submission.
  const [generation, setGeneration] = useState(0);
  const block = !screens.sm;
  const consolidateLink = useConsolidateLinks(pkg);

  const returnedTitle =
    pkg.status === 'returned'
      ? t('submission.returnedByOffice')
      : pkg.status === 'draft' && pkg.returnedComment
        ? t('submission.returnedByLeader')
        : null;

  // The same actions again under a long list of items; their test ids end in `-end`.
  const actions = (end = '') => (
    <Flex wrap gap={8} style={block ? { width: '100%' } : undefined} vertical={block}>
      {editable && (pkg.status === 'draft' || pkg.status === 'returned') && (
        <Tooltip title={unsaved ? t('submission.saveFirst') : undefined}>
          <Button
            type="primary"
            icon={<SendOutlined />}
            block={block}
            disabled={unsaved}
            loading={send.isPending}
            onClick={() => send.mutate(pkg.id, { onSuccess: () => notifySuccess(t('submission.sent')) })}
            data-testid={`submission-send${end}`}
          >
            {t('submission.send')}
          </Button>
        </Tooltip>
      )}
      {mayDecide && (
        <>
          <Popconfirm
            title={
              pkg.unfilled > 0 ? (
                <span data-testid="submission-sign-unfilled" data-count={pkg.unfilled}>
                  {t('submission.unfilledCount', { count: pkg.unfilled })}
                </span>
              ) : (
                t('submission.signConfirm')
              )
            }
            description={pkg.unfilled > 0 ? t('submission.unfilledSignHint') : undefined}
            okText={t('submission.sign')}
            cancelText={t('common.cancel')}
            okButtonProps={{
              loading: sign.isPending,
              disabled: pkg.unfilled > 0,
              ...testId('submission-sign-confirm'),
            }}
            onConfirm={() =>
              sign.mutateAsync(pkg.id).then(
                () => notifySuccess(t('submission.signed')),
                () => undefined,
              )
            }
            disabled={unsaved}
          >
            <Button
              type="primary"
              icon={<SignatureOutlined />}
              block={block}
              disabled={unsaved}
              data-testid={`submission-sign${end}`}
            >
              {t('submission.sign')}
            </Button>
          </Popconfirm>
          <Button
            danger
            icon={<RollbackOutlined />}
            block={block}
            onClick={() => setReturning(true)}
            data-testid={`submission-leader-return${end}`}
          >
            {t('submission.leaderReturn')}
          </Button>
        </>
      )}
    </Flex>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="submission-page">
      <Card size="small">
        <Flex wrap gap={8} align="center" justify="space-between">
          <Flex wrap gap={8} align="center">
            <Typography.Text strong>{pkg.unit.name}</Typography.Text>
            <Typography.Text>{pkg.period.label}</Typography.Text>
            <SubmissionStatusTag status={pkg.status} />
            <Typography.Text type="secondary" data-testid="submission-due">
              {t('submission.due', { time: formatCstMinute(pkg.period.effectiveDueAt) })}
            </Typography.Text>
          </Flex>
          {actions()}
        </Flex>
        <SubmissionProgress pkg={pkg} total={pkg.items.length} />
        {returnedTitle && (
          <Alert
            style={{ marginTop: 8 }}
            type="warning"
            showIcon
            title={returnedTitle}
            description={pkg.returnedComment ? t('submission.comment', { comment: pkg.returnedComment }) : undefined}
            data-testid="submission-returned"
          />
        )}
        {editable && pkg.status === 'pending_signoff' && (
          <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('submission.pendingHint')} />
        )}
        {!may(me, 'submissions.edit') && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('submission.readOnlyHint')}
          </Typography.Paragraph>
        )}
        {EDITABLE.includes(pkg.status) && <UnfilledItems pkg={pkg} />}
        <SignatureInfo pkg={pkg} />
        {/* The unit's leader (who signs by role) names an acting signer; others see who it is. */}
        {pkg.abilities.sign && may(me, 'submissions.sign') ? (
          <ActingSignerCard periodId={pkg.period.id} />
        ) : (
          pkg.actingSigner && (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="acting-signer-note">
              {t('submission.actingSigner')}：{pkg.actingSigner}
            </Typography.Paragraph>
          )
        )}
      </Card>

      {pkg.abilities.edit && (
        <SheetCard
          periodId={pkg.period.id}
          submissionKey={queryKey}
          canUpload={editable}
          blocked={unsaved}
          onApplied={() => setGeneration((n) => n + 1)}
        />
      )}

      <Typography.Text strong>{t('submission.items', { count: pkg.items.length })}</Typography.Text>
      {pkg.items.length === 0 ? (
        <Empty description={t('submission.empty')} />
      ) : (
        pkg.items.map((item) =>
          editable ? (
            <EditableItemCard
              key={`${item.id}|${generation}`}
              item={item}
              queryKey={queryKey}
              onStateChange={onStateChange}
              consolidate={consolidateLink(item)}
              closeout={closeout}
            />
          ) : (
            <ReadOnlyItemCard
              key={item.id}
              item={item}
              showReturned={pkg.status !== 'accepted'}
              consolidate={consolidateLink(item)}
              closeout={closeout}
            />
          ),
        )
      )}
      {pkg.items.length > 3 && actions('-end')}
      {returning && <LeaderReturnModal pkg={pkg} queryKey={queryKey} onClose={() => setReturning(false)} />}
    </Space>
  );
}

/** Units named at province or city level report elsewhere: they are not the district's co-units. */
const UPPER_LEVELS = new Set(['province', 'city', 'national']);

/**
 * 汇总各单位报送 on the submission's lead items whose task has other district units. The item carries only
 * the unit's own role, so the unit's task list (with every task's assignments) says which tasks those are.
 */
function useConsolidateLinks(pkg: Submission): (item: Submission['items'][number]) => ConsolidateLink | undefined {
  const me = useMe();
  const leads = pkg.items.some((item) => item.role === 'lead');
  const own = me.unit?.id === pkg.unit.id;
  const tasks = useTasks(
    own ? { pageSize: 500 } : { unitId: pkg.unit.id, pageSize: 500 },
    own ? 'mine' : 'all',
    leads && may(me, 'submissions.read'),
  );
  const shared = useMemo(
    () =>
      new Set(
        (tasks.data?.items ?? [])
          .filter((task) =>
            task.assignments.some(
              (assignment) => assignment.unit.id !== pkg.unit.id && !UPPER_LEVELS.has(assignment.level ?? ''),
            ),
          )
          .map((task) => task.id),
      ),
    [tasks.data, pkg.unit.id],
  );
  const link = useMemo(() => ({ periodId: pkg.period.id }), [pkg.period.id]);
  return (item) => (item.role === 'lead' && shared.has(item.task.id) ? link : undefined);
}

function LeaderReturnModal({
  pkg,
  queryKey,
  onClose,
}: {
  pkg: Submission;
  queryKey: readonly unknown[];
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ comment: string }>();
  const leaderReturn = useLeaderReturn(queryKey);
  return (
    <Modal
      open
      title={t('submission.leaderReturnTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('submission.leaderReturn')}
      confirmLoading={leaderReturn.isPending}
      okButtonProps={{ danger: true, ...testId('submission-leader-return-submit') }}
    >
      <Form<{ comment: string }>
        form={form}
        layout="vertical"
        disabled={leaderReturn.isPending}
        onFinish={({ comment }) =>
          leaderReturn.mutate(
            { id: pkg.id, comment: comment.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('submission.leaderReturned'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="comment"
          label={t('submission.leaderReturnComment')}
          rules={[
            { required: true, whitespace: true, message: t('submission.commentRequired') },
            schemaRule(commentBodySchema.shape.comment, t('submission.commentRule')),
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="submission-leader-return-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
