// 本期报送 of one reporting period: the unit's package, an item per assignment, autosaved item by item;
// 送审 to the unit's principal leader, who signs it (签字同意) or returns it (退回修改). Once signed it is
// read-only, with the signature. The office opens a unit's package here with `?unitId=`. Excel 批量填报:
// the period's sheet downloaded, filled offline and uploaded back (a preview, then all or nothing).

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
import { packageKeys, useLeaderReturn, usePackage, useSendPackage, useSignPackage } from '../api/packages';
import { useTasks } from '../api/plans';
import type { Submission } from '../api/types';
import type { SaveState } from '../components/autosave';
import { type ConsolidateLink, EditableItemCard, ReadOnlyItemCard } from '../components/ItemReportCard';
import { PackageProgress, SignatureInfo } from '../components/PackageSummary';
import { PageHeader } from '../components/PageHeader';
import { SheetCard } from '../components/SheetCard';
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

export default function PackagePage() {
  const t = useT();
  const { periodId = '' } = useParams();
  const [params] = useSearchParams();
  const unitId = params.get('unitId') || undefined;
  const navigate = useNavigate();
  const pkg = usePackage(periodId, unitId);
  const queryKey = useMemo(() => packageKeys.ofPeriod(periodId, unitId), [periodId, unitId]);

  return (
    <div>
      <PageHeader
        title={pkg.data ? `${t('package.title')} · ${pkg.data.period.label}` : t('package.title')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
            {t('common.back')}
          </Button>
        }
      />
      {pkg.isError ? (
        isApiError(pkg.error, 409) && pkg.error.code === 'period_locked' ? (
          <Alert type="warning" showIcon title={t('package.periodLocked')} data-testid="package-locked" />
        ) : isApiError(pkg.error, 404) || isApiError(pkg.error, 403) ? (
          <Alert type="error" showIcon title={t('package.notFound')} />
        ) : (
          <QueryError error={pkg.error} onRetry={() => pkg.refetch()} />
        )
      ) : pkg.data ? (
        <PackageView key={pkg.data.id} pkg={pkg.data} queryKey={queryKey} />
      ) : (
        <Card>
          <Skeleton active />
        </Card>
      )}
    </div>
  );
}

function PackageView({ pkg, queryKey }: { pkg: Submission; queryKey: readonly unknown[] }) {
  const t = useT();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const editable = pkg.abilities.edit && EDITABLE.includes(pkg.status);
  const mayDecide = pkg.abilities.sign && pkg.status === 'pending_signoff';
  // 申请办结销号 with the evidence attached to the item (the unit's own package only).
  const closeout = pkg.abilities.requestCloseout;
  const send = useSendPackage(queryKey);
  const sign = useSignPackage(queryKey);
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
  // Bumped after an Excel import: the item cards start again from the refetched package.
  const [generation, setGeneration] = useState(0);
  const block = !screens.sm;
  const consolidateLink = useConsolidateLinks(pkg);

  const returnedTitle =
    pkg.status === 'returned'
      ? t('package.returnedByOffice')
      : pkg.status === 'draft' && pkg.returnedComment
        ? t('package.returnedByLeader')
        : null;

  // The same actions again under a long list of items; their test ids end in `-end`.
  const actions = (end = '') => (
    <Flex wrap gap={8} style={block ? { width: '100%' } : undefined} vertical={block}>
      {editable && (pkg.status === 'draft' || pkg.status === 'returned') && (
        <Tooltip title={unsaved ? t('package.saveFirst') : undefined}>
          <Button
            type="primary"
            icon={<SendOutlined />}
            block={block}
            disabled={unsaved}
            loading={send.isPending}
            onClick={() => send.mutate(pkg.id, { onSuccess: () => notifySuccess(t('package.sent')) })}
            data-testid={`package-send${end}`}
          >
            {t('package.send')}
          </Button>
        </Tooltip>
      )}
      {mayDecide && (
        <>
          <Popconfirm
            title={t('package.signConfirm')}
            okText={t('package.sign')}
            cancelText={t('common.cancel')}
            okButtonProps={{ loading: sign.isPending, ...testId('package-sign-confirm') }}
            onConfirm={() =>
              sign.mutateAsync(pkg.id).then(
                () => notifySuccess(t('package.signed')),
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
              data-testid={`package-sign${end}`}
            >
              {t('package.sign')}
            </Button>
          </Popconfirm>
          <Button
            danger
            icon={<RollbackOutlined />}
            block={block}
            onClick={() => setReturning(true)}
            data-testid={`package-leader-return${end}`}
          >
            {t('package.leaderReturn')}
          </Button>
        </>
      )}
    </Flex>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="package-page">
      <Card size="small">
        <Flex wrap gap={8} align="center" justify="space-between">
          <Flex wrap gap={8} align="center">
            <Typography.Text strong>{pkg.unit.name}</Typography.Text>
            <Typography.Text>{pkg.period.label}</Typography.Text>
            <SubmissionStatusTag status={pkg.status} />
            <Typography.Text type="secondary" data-testid="package-due">
              {t('package.due', { time: formatCstMinute(pkg.period.effectiveDueAt) })}
            </Typography.Text>
          </Flex>
          {actions()}
        </Flex>
        <PackageProgress pkg={pkg} total={pkg.items.length} />
        {returnedTitle && (
          <Alert
            style={{ marginTop: 8 }}
            type="warning"
            showIcon
            title={returnedTitle}
            description={pkg.returnedComment ? t('package.comment', { comment: pkg.returnedComment }) : undefined}
            data-testid="package-returned"
          />
        )}
        {editable && pkg.status === 'pending_signoff' && (
          <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('package.pendingHint')} />
        )}
        {!may(me, 'packages.edit') && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('package.readOnlyHint')}
          </Typography.Paragraph>
        )}
        <SignatureInfo pkg={pkg} />
      </Card>

      {pkg.abilities.edit && (
        <SheetCard
          periodId={pkg.period.id}
          packageKey={queryKey}
          canUpload={editable}
          blocked={unsaved}
          onApplied={() => setGeneration((n) => n + 1)}
        />
      )}

      <Typography.Text strong>{t('package.items', { count: pkg.items.length })}</Typography.Text>
      {pkg.items.length === 0 ? (
        <Empty description={t('package.empty')} />
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
 * 汇总各单位报送 on the package's lead items whose task has other district units. The item carries only
 * the unit's own role, so the unit's task list (with every task's assignments) says which tasks those are.
 */
function useConsolidateLinks(pkg: Submission): (item: Submission['items'][number]) => ConsolidateLink | undefined {
  const me = useMe();
  const leads = pkg.items.some((item) => item.role === 'lead');
  const own = me.unit?.id === pkg.unit.id;
  const tasks = useTasks(
    own ? { pageSize: 500 } : { unitId: pkg.unit.id, pageSize: 500 },
    own ? 'mine' : 'all',
    leads && may(me, 'packages.read'),
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
      title={t('package.leaderReturnTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('package.leaderReturn')}
      confirmLoading={leaderReturn.isPending}
      okButtonProps={{ danger: true, ...testId('package-leader-return-submit') }}
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
                notifySuccess(t('package.leaderReturned'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="comment"
          label={t('package.leaderReturnComment')}
          rules={[
            { required: true, whitespace: true, message: t('package.commentRequired') },
            schemaRule(commentBodySchema.shape.comment, t('package.commentRule')),
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="package-leader-return-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
