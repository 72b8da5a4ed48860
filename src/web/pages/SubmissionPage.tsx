// 本期报送 of one reporting period: the unit's submission, an item per assignment, autosaved item by item;
// 送审 to the unit's principal leader, who signs it (签字同意) or returns it (退回修改). Once signed it is
// read-only, with the signature. The office opens a unit's submission here with `?unitId=`. Excel 批量填报:
// the period's sheet downloaded, filled offline and uploaded back (a preview, then all or nothing).
// Completeness before signature: 送审 is allowed with items unfilled (the page lists them), signing is not —
// the sign dialog says how many are unfilled and cannot be confirmed until every item is set.
// A unit may have 50+ items: the package has an index (source → task, each item's state; beside the items on a
// wide screen, a drawer on a narrow one), filters 全部 / 只看未填 / 只看被退回, 下一项未填 and keys (j/k, Alt+↓/↑,
// n). Only one source group's items are drawn at a time (the current item's), so the page is not 55 cards long.

import {
  ArrowLeftOutlined,
  DownOutlined,
  RightOutlined,
  RollbackOutlined,
  SendOutlined,
  SignatureOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { commentBodySchema } from '../../api/v1';
import { isSigned } from '../../core/status';
import { isApiError } from '../api/client';
import { useTasks } from '../api/plans';
import {
  submissionKeys,
  useLeaderReturn,
  useSendSubmission,
  useSignSubmission,
  useUnitSubmission,
} from '../api/submissions';
import type { ItemReport, Submission } from '../api/types';
import { ActingSignerCard } from '../components/ActingSignerCard';
import { useAfterPaint } from '../components/afterPaint';
import type { SaveState } from '../components/autosave';
import { InstructionButton } from '../components/InstructionButton';
import { type ConsolidateLink, EditableItemCard, ReadOnlyItemCard } from '../components/ItemReportCard';
import { PackageIndex, PackageToolbar } from '../components/PackageIndex';
import { PageHeader } from '../components/PageHeader';
import {
  groupBySource,
  indexOrder,
  isTyping,
  itemState,
  neighbour,
  nextWhere,
  type PackageFilter,
  passes,
} from '../components/packageNav';
import { QualitySummary } from '../components/QualityFlags';
import { SheetCard } from '../components/SheetCard';
import { SignatureInfo, SubmissionProgress, UnfilledItems } from '../components/SubmissionSummary';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { LevelTag, SubmissionStatusTag } from '../components/tags';
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
          <>
            {pkg.data && isSigned(pkg.data.status) && (
              <InstructionButton subjectType="submission" subjectId={pkg.data.id} />
            )}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('common.back')}
            </Button>
          </>
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

/** The item cards of the first paint: more than a screen holds (a card is a third to half of an office screen). */
const FIRST_CARDS = 4;

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
  // Kept in a ref: the page re-renders only when the set of unsaved items changes, not on every keystroke.
  const states = useRef(new Map<string, SaveState>());
  const [unsavedIds, setUnsavedIds] = useState<ReadonlySet<string>>(() => new Set());
  const unsaved = unsavedIds.size > 0;
  const onStateChange = useCallback((itemId: string, state: SaveState) => {
    if (state === 'saved') states.current.delete(itemId);
    else states.current.set(itemId, state);
    setUnsavedIds((previous) =>
      previous.has(itemId) === states.current.has(itemId) ? previous : new Set(states.current.keys()),
    );
  }, []);
  // Bumped after an Excel import: the item cards start again from the refetched submission.
  const [generation, setGeneration] = useState(0);
  const block = !screens.sm;
  // The index beside the items from lg (992 px) up; narrower, it is a drawer.
  const side = Boolean(screens.lg);
  const [indexOpen, setIndexOpen] = useState(false);
  const consolidateLink = useConsolidateLinks(pkg);
  const nav = usePackageNav(pkg, unsavedIds);
  // The first paint holds the cards a screen shows; the rest of the group and the index follow one paint later
  // (components/afterPaint.ts): the first card no longer waits for every card of its group and the whole index.
  const painted = useAfterPaint(1) > 0;
  const renderItem = (item: ItemReport) =>
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
    );

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
        {EDITABLE.includes(pkg.status) && <UnfilledItems pkg={pkg} onSelect={nav.select} />}
        {pkg.status !== 'draft' && <QualitySummary pkg={pkg} onSelect={nav.select} />}
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
        <Row gutter={16} wrap={false}>
          {side && (
            <Col flex="300px" style={{ minWidth: 0 }}>
              {painted && (
                <PackageIndex
                  groups={nav.indexGroups}
                  states={nav.states}
                  currentId={nav.currentId}
                  onSelect={nav.select}
                  sticky
                />
              )}
            </Col>
          )}
          <Col flex="auto" style={{ minWidth: 0 }}>
            <Flex vertical gap={12}>
              <PackageToolbar
                counts={nav.counts}
                filter={nav.filter}
                onFilter={nav.setFilter}
                onNextUnfilled={nav.nextUnfilled}
                onOpenIndex={side ? undefined : () => setIndexOpen(true)}
              />
              {nav.groups.length === 0 && <Empty description={t('package.emptyFilter')} />}
              {nav.groups.map((group) => {
                const open = group.level === nav.expanded;
                const unfilled = group.items.filter((item) => item.unfilled).length;
                return (
                  <Flex vertical gap={12} key={group.level} data-testid="package-group" data-level={group.level}>
                    <Button
                      type={open ? 'default' : 'dashed'}
                      block
                      onClick={() => nav.openGroup(group.level)}
                      aria-expanded={open}
                      data-testid="package-group-toggle"
                      data-expanded={open ? 'true' : 'false'}
                      style={{ justifyContent: 'flex-start', overflow: 'hidden' }}
                    >
                      {open ? <DownOutlined /> : <RightOutlined />}
                      <LevelTag level={group.level} />
                      <Typography.Text type="secondary" ellipsis>
                        {t('package.groupSummary', { total: group.items.length, unfilled })}
                      </Typography.Text>
                    </Button>
                    {group.items
                      .filter((item) => open || unsavedIds.has(item.id))
                      .slice(0, painted ? undefined : FIRST_CARDS)
                      .map((item) => (
                        <CurrentFrame
                          key={item.id}
                          itemId={item.id}
                          current={item.id === nav.currentId}
                          onFocus={nav.focus}
                        >
                          {renderItem(item)}
                        </CurrentFrame>
                      ))}
                  </Flex>
                );
              })}
            </Flex>
          </Col>
        </Row>
      )}
      {!side && (
        <Drawer
          placement="left"
          open={indexOpen}
          onClose={() => setIndexOpen(false)}
          size={Math.min(360, typeof window === 'undefined' ? 360 : window.innerWidth - 40)}
          title={t('package.index')}
          data-testid="package-index-drawer"
        >
          <PackageIndex
            groups={nav.indexGroups}
            states={nav.states}
            currentId={nav.currentId}
            onSelect={(id) => {
              setIndexOpen(false);
              nav.select(id);
            }}
          />
        </Drawer>
      )}
      {pkg.items.length > 3 && actions('-end')}
      {returning && <LeaderReturnModal pkg={pkg} queryKey={queryKey} onClose={() => setReturning(false)} />}
    </Space>
  );
}

/** An item's card with the current item outlined; focus inside it makes it the current one (where moves start). */
function CurrentFrame({
  itemId,
  current,
  onFocus,
  children,
}: {
  itemId: string;
  current: boolean;
  onFocus: (itemId: string) => void;
  children: ReactNode;
}) {
  return (
    <div
      data-package-item={itemId}
      data-current={current ? 'true' : undefined}
      onFocusCapture={() => onFocus(itemId)}
      style={{
        scrollMarginTop: 16,
        borderRadius: 8,
        outline: current ? '2px solid #1677ff' : undefined,
        outlineOffset: 1,
      }}
    >
      {children}
    </div>
  );
}

/**
 * The package's index and navigation state: the filter, the current item (where 下一项未填 and the keys start),
 * the open source group (the current item's, unless another was opened), and the moves, which open the item's
 * group and scroll it into view. The current item stays shown whatever the filter, so an item being filled does
 * not vanish under 只看未填 the moment it is saved; so does an item whose change is not saved yet (or failed to
 * save), even in a closed group, so that its card (and its message) is never taken off the page.
 */
function usePackageNav(pkg: Submission, unsavedIds: ReadonlySet<string>) {
  const showReturned = pkg.status !== 'accepted';
  const states = useMemo(
    () => new Map(pkg.items.map((item) => [item.id, itemState(item, showReturned)] as const)),
    [pkg.items, showReturned],
  );
  const byId = useMemo(() => new Map(pkg.items.map((item) => [item.id, item])), [pkg.items]);
  const all = useMemo(() => indexOrder(pkg.items), [pkg.items]);
  const [filter, setFilter] = useState<PackageFilter>('all');
  // First what needs work: a returned item, else an unfilled one, else the first.
  const [currentId, setCurrentId] = useState<string | undefined>(
    () => (all.find((item) => states.get(item.id) === 'returned') ?? all.find((item) => item.unfilled) ?? all[0])?.id,
  );
  const [openLevel, setOpenLevel] = useState<string | undefined>(() =>
    currentId ? byId.get(currentId)?.task.sourceLevel : undefined,
  );
  const [scrollTo, setScrollTo] = useState<{ id: string; at: number }>();

  const shown = useCallback(
    (item: ItemReport) =>
      item.id === currentId || unsavedIds.has(item.id) || passes(filter, item, states.get(item.id) ?? 'filled'),
    [currentId, filter, states, unsavedIds],
  );
  const groups = useMemo(() => groupBySource(all.filter(shown)), [all, shown]);
  const order = useMemo(() => groups.flatMap((group) => group.items), [groups]);
  const expanded = groups.some((group) => group.level === openLevel) ? openLevel : groups[0]?.level;
  const counts = useMemo(
    () => ({
      all: pkg.items.length,
      unfilled: pkg.items.filter((item) => item.unfilled).length,
      returned: pkg.items.filter((item) => states.get(item.id) === 'returned').length,
    }),
    [pkg.items, states],
  );

  const select = useCallback(
    (id: string) => {
      const item = byId.get(id);
      if (!item) return;
      setCurrentId(id);
      setOpenLevel(item.task.sourceLevel);
      setScrollTo({ id, at: Date.now() });
    },
    [byId],
  );
  const nextUnfilled = useCallback(() => {
    const next = nextWhere(all, currentId, (item) => item.unfilled);
    if (next) select(next.id);
  }, [all, currentId, select]);

  useEffect(() => {
    if (!scrollTo) return;
    const frame = requestAnimationFrame(() =>
      document.querySelector(`[data-package-item="${CSS.escape(scrollTo.id)}"]`)?.scrollIntoView({ block: 'start' }),
    );
    return () => cancelAnimationFrame(frame);
  }, [scrollTo]);

  // The keys, only while no field has the cursor (j, k and n are letters someone may be typing).
  const keys = useRef({ order, currentId, select, nextUnfilled });
  keys.current = { order, currentId, select, nextUnfilled };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.defaultPrevented || isTyping(event.target)) return;
      const { order, currentId, select, nextUnfilled } = keys.current;
      const alt = event.altKey;
      // The filter's segments move with the arrow keys themselves.
      const arrowsTaken = (event.target as HTMLElement | null)?.closest?.('.ant-segmented');
      if (event.key.startsWith('Arrow') && arrowsTaken) return;
      let by: 1 | -1 | undefined;
      if ((alt && event.key === 'ArrowDown') || (!alt && event.key === 'j')) by = 1;
      else if ((alt && event.key === 'ArrowUp') || (!alt && event.key === 'k')) by = -1;
      else if (!alt && event.key === 'n') {
        event.preventDefault();
        nextUnfilled();
        return;
      } else return;
      event.preventDefault();
      const target = neighbour(order, currentId, by);
      if (target) select(target.id);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return {
    states,
    counts,
    filter,
    setFilter,
    currentId,
    focus: setCurrentId,
    select,
    nextUnfilled,
    groups,
    // The index lists what the items pane shows (the same filter).
    indexGroups: groups,
    expanded,
    openGroup: setOpenLevel,
  };
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
