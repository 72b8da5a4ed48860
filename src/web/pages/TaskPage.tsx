// A task on its own page, the page everyone links to, as a hub: its light and why (the server's plan lights, the
// same as the supervised list's), each unit's latest signed status with links to its 台账 and its package (only
// those the caller may open), the office's 催办 / 下发督办单 / 办结 through the flows of the supervised list and
// the 办结销号 page, the lead unit's consolidation, 上下贯通 and 政务公开. What the parser read (the notice
// line, each unit's clause, the import's confidence) sits in an 原文 tab for the office only.

import {
  AlertOutlined,
  ArrowLeftOutlined,
  BookOutlined,
  CheckCircleOutlined,
  DownOutlined,
  FileTextOutlined,
  NotificationOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Dropdown,
  Flex,
  Modal,
  Skeleton,
  Space,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { DELAY_KINDS } from '../../core/delays';
import { useTask } from '../api/plans';
import { useCloseouts, useTaskOverview } from '../api/supervision';
import type { Assignment, Light, TaskDetail, TaskOverview } from '../api/types';
import { CloseoutQueue } from '../components/CloseoutQueue';
import { ConsolidationCard, showsConsolidation } from '../components/ConsolidationCard';
import { InstructionButton } from '../components/InstructionButton';
import { InstructionStatusTag } from '../components/InstructionList';
import { IssueSupervisionNoticeModal, type SupervisionNoticeTarget } from '../components/IssueSupervisionNoticeModal';
import { ledgerPath } from '../components/LedgerLinks';
import { LinkageCard, showsLinkage } from '../components/LinkageCard';
import { ListTable } from '../components/ListTable';
import { LightTag, ProgressTag, reasonsText, UnitLight } from '../components/lights';
import { PageHeader } from '../components/PageHeader';
import { PublicityCard } from '../components/PublicityCard';
import { RhythmCard } from '../components/RhythmCard';
import { QueryError } from '../components/status';
import { TaskDetailView, taskTitle, whereFrom } from '../components/TaskDetail';
import { ItemStatusTag, LevelTag, RoleTag, SubmissionStatusTag } from '../components/tags';
import { WatchButton } from '../components/WatchButton';
import { formatDate, formatDateTime } from '../format';
import { type Translate, useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { ASSIGNMENT_ROLE_ORDER } from '../vocab';
import { RemindModal } from './supervised-tasks/RemindModal';

type UnitRow = TaskOverview['units'][number];

const SEVERITY: Record<Light, number> = { red: 3, yellow: 2, grey: 1, green: 0 };

/** The light's reasons in words, with how long it is overdue and whether a package came back. */
export function lightWhy(overview: Pick<TaskOverview, 'reasons' | 'overdueDays' | 'units'>, t: Translate): string {
  const parts = [reasonsText(overview.reasons, t)];
  if (overview.overdueDays > 0) parts.push(t('taskHub.overdueDays', { days: overview.overdueDays }));
  if (overview.units.some((u) => u.submissionStatus === 'returned')) parts.push(t('taskHub.returned'));
  return parts.filter(Boolean).join('；');
}

/** The unit's own package of a period, or the office's read of another unit's (?unitId=). */
const submissionPath = (periodId: string, unitId: string, own: boolean) =>
  `/submission/${encodeURIComponent(periodId)}${own ? '' : `?unitId=${encodeURIComponent(unitId)}`}`;

function LightSummary({ overview }: { overview: TaskOverview }) {
  const t = useT();
  const why = lightWhy(overview, t);
  return (
    <Flex wrap gap={8} align="center" data-testid="task-light-summary">
      <LightTag light={overview.light} reasons={overview.reasons} testid="task-light" />
      <ProgressTag progress={overview.progressClass} />
      <Typography.Text data-testid="task-light-reason" style={{ overflowWrap: 'anywhere' }}>
        {why || t('taskHub.noReason')}
      </Typography.Text>
      {overview.period && (
        <Typography.Text type="secondary">{t('taskHub.asOf', { period: overview.period.label })}</Typography.Text>
      )}
      {overview.openNotices > 0 && (
        <Link to="/supervision-notices">
          <Tag color="red" data-testid="task-open-notices">
            {t('supervision.noticesN', { count: overview.openNotices })}
          </Tag>
        </Link>
      )}
    </Flex>
  );
}

/** The task's 批示 (its history): status, answered x/y, overdue, and the units' answers the caller may read. */
function InstructionsCard({ overview }: { overview: TaskOverview }) {
  const { t, lang } = useI18n();
  if (overview.instructions.length === 0) return null;
  return (
    <Card size="small" title={t('instruction.history')} data-testid="task-instructions">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {overview.instructions.map((i) => (
          <div
            key={i.id}
            data-testid="task-instruction"
            data-id={i.id}
            data-status={i.status}
            style={{ minWidth: 0, overflowWrap: 'anywhere' }}
          >
            <Flex wrap gap={8} align="center">
              <InstructionStatusTag status={i.status} />
              {i.total > 0 && (
                <Typography.Text type="secondary">
                  {t('instruction.answeredOf', { answered: i.answered, total: i.total })}
                </Typography.Text>
              )}
              {i.overdue && <Tag color="red">{t('instruction.overdue')}</Tag>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.author} · {formatDateTime(i.createdAt, lang)}
              </Typography.Text>
            </Flex>
            <Link to={`/instructions/${i.id}`}>
              <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{i.body}</Typography.Paragraph>
            </Link>
            {i.answers.map((a) => (
              <Typography.Paragraph key={a.unit} type="secondary" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                {t('instruction.unitAnswer', { unit: a.unit, answer: a.answer })}
              </Typography.Paragraph>
            ))}
          </div>
        ))}
      </Space>
    </Card>
  );
}

function UnitsCard({ overview }: { overview: TaskOverview }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const period = overview.period;
  const rows = [...overview.units].sort(
    (a, b) => ASSIGNMENT_ROLE_ORDER[a.role] - ASSIGNMENT_ROLE_ORDER[b.role] || SEVERITY[b.light] - SEVERITY[a.light],
  );
  const columns: TableColumnsType<UnitRow> = [
    {
      key: 'unit',
      title: t('assignment.unit'),
      width: 150,
      render: (_, u) => <Typography.Text strong={u.unit.id === me.unit?.id}>{u.unit.name}</Typography.Text>,
    },
    { key: 'role', title: t('assignment.role'), width: 80, render: (_, u) => <RoleTag role={u.role} /> },
    {
      key: 'status',
      title: t('taskHub.latestStatus'),
      width: 240,
      render: (_, u) => (
        <div>
          {u.closed ? (
            <Tag color="success">{t('supervision.closed')}</Tag>
          ) : u.status ? (
            <ItemStatusTag status={u.status} />
          ) : (
            <Tag>{t('supervision.unreported')}</Tag>
          )}
          {u.reportedIn && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="task-unit-reported-in">
              {t('taskHub.reportedIn', {
                period: u.reportedIn.label,
                date: formatDate(u.reportedIn.signedAt, lang),
              })}
            </Typography.Text>
          )}
          {u.verification && (
            <Typography.Paragraph
              type="success"
              ellipsis={{ rows: 1, tooltip: u.verification.note }}
              style={{ margin: 0, fontSize: 12 }}
              data-testid="task-unit-verification"
              data-method={u.verification.method ?? ''}
            >
              {u.verification.method
                ? t('verification.verified', { method: t(`verification.method.${u.verification.method}`) })
                : t('verification.noteOnly')}
              {u.verification.note ? ` · ${u.verification.note}` : ''}
            </Typography.Paragraph>
          )}
          {u.progress && (
            <Typography.Paragraph
              type="secondary"
              ellipsis={{ rows: 2, tooltip: u.progress }}
              style={{ margin: '2px 0 0', fontSize: 13 }}
            >
              {u.progress}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    {
      key: 'light',
      title: t('dashboard.light'),
      width: 170,
      render: (_, u) => (
        <Space orientation="vertical" size={0}>
          <UnitLight name={t(`light.${u.light}`)} light={u.light} reasons={u.reasons} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lightWhy({ reasons: u.reasons, overdueDays: u.overdueDays, units: [u] }, t)}
          </Typography.Text>
          <ProgressTag progress={u.progressClass} />
          {u.delays.total > 0 && (
            <Tooltip
              title={DELAY_KINDS.filter((k) => u.delays[k] > 0)
                .map((k) => `${t(`delays.kind.${k}`)} ${u.delays[k]}`)
                .join('、')}
            >
              <Tag color="orange" data-testid="task-unit-delays" data-total={u.delays.total}>
                {t('taskHub.delays', { count: u.delays.total })}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'submission',
      title: period ? t('taskHub.packageOf', { period: period.label }) : t('taskHub.package'),
      width: 120,
      render: (_, u) =>
        u.submissionStatus ? <SubmissionStatusTag status={u.submissionStatus} /> : <Tag>{t('taskHub.noPackage')}</Tag>,
    },
    {
      key: 'actions',
      title: t('taskHub.links'),
      width: 170,
      render: (_, u) => (
        <Space size={4} wrap>
          {u.links.ledger && (
            <Link to={ledgerPath(u.assignmentId)} data-testid="task-unit-ledger" data-unit={u.unit.name}>
              <BookOutlined /> {t('taskHub.ledger')}
            </Link>
          )}
          {u.links.submission && period && (
            <Link
              to={submissionPath(period.id, u.unit.id, u.unit.id === me.unit?.id)}
              data-testid="task-unit-package"
              data-unit={u.unit.name}
            >
              <FileTextOutlined /> {t('taskHub.package')}
            </Link>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Card size="small" title={t('taskHub.units')}>
      <ListTable<UnitRow>
        size="small"
        pagination={false}
        rowKey="assignmentId"
        dataSource={rows}
        columns={columns}
        data-testid="task-units"
        onRow={(u) =>
          ({
            'data-testid': 'task-unit',
            'data-unit': u.unit.name,
            'data-light': u.light,
            'data-assignment': u.assignmentId,
          }) as HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: t('taskHub.noUnits') }}
      />
    </Card>
  );
}

/** 原文: what the parser read, for the office. */
function SourceTab({ task, overview }: { task: TaskDetail; overview: TaskOverview | undefined }) {
  const t = useT();
  const assignments = [...task.assignments].sort(
    (a, b) => a.clause - b.clause || ASSIGNMENT_ROLE_ORDER[a.role] - ASSIGNMENT_ROLE_ORDER[b.role],
  );
  const confidence = overview?.source?.confidence;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="task-source">
      <Typography.Text type="secondary">{t('taskHub.sourceHint')}</Typography.Text>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          ...whereFrom(task, t),
          { key: 'line', label: t('task.line'), children: <span data-testid="task-source-line">{task.line}</span> },
          {
            key: 'confidence',
            label: t('taskHub.confidence'),
            children: confidence ? t(`taskHub.confidence.${confidence}`) : '—',
          },
          {
            key: 'text',
            label: t('taskHub.rawText'),
            children: <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{task.text}</Typography.Text>,
          },
        ]}
      />
      <ListTable<Assignment>
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={assignments}
        columns={[
          { key: 'unit', title: t('assignment.unit'), render: (_, row) => row.unit.name },
          { key: 'role', title: t('assignment.role'), width: 90, render: (_, row) => <RoleTag role={row.role} /> },
          { key: 'level', title: t('assignment.level'), width: 90, render: (_, row) => <LevelTag level={row.level} /> },
          {
            key: 'clause',
            title: t('assignment.clause'),
            width: 90,
            render: (_, row) => t('assignment.clauseN', { n: row.clause + 1 }),
          },
          { key: 'via', title: t('assignment.viaGroup'), render: (_, row) => row.viaGroup?.name ?? '—' },
        ]}
      />
    </Space>
  );
}

/** The office's 催办 / 下发督办单 / 办结 on this task, through the flows of the supervised list and 办结销号. */
function OfficeActions({ task, overview }: { task: TaskDetail; overview: TaskOverview | undefined }) {
  const t = useT();
  const me = useMe();
  const navigate = useNavigate();
  const [reminding, setReminding] = useState(false);
  const [noticeTarget, setNoticeTarget] = useState<SupervisionNoticeTarget | null>(null);
  const [closing, setClosing] = useState(false);
  const closeouts = useCloseouts(undefined, may(me, 'closeouts.verify'), task.id);
  const open = (overview?.units ?? []).filter((u) => !u.closed);
  const pending = (closeouts.data ?? []).filter((c) => c.status === 'pending').length;
  const target = (u: UnitRow): SupervisionNoticeTarget => ({
    assignmentId: u.assignmentId,
    unitName: u.unit.name,
    task: { number: task.number, text: task.text },
    light: u.light,
  });
  // The worst first: the unit a 督办单 is most likely meant for.
  const byLight = [...open].sort((a, b) => SEVERITY[b.light] - SEVERITY[a.light]);
  return (
    <>
      {may(me, 'reminders.send') && (
        <Button
          icon={<NotificationOutlined />}
          disabled={open.length === 0}
          onClick={() => setReminding(true)}
          data-testid="task-action-remind"
        >
          {t('taskHub.remind')}
        </Button>
      )}
      {may(me, 'supervisionNotices.issue') &&
        (byLight.length <= 1 ? (
          <Button
            danger
            icon={<AlertOutlined />}
            disabled={byLight.length === 0}
            onClick={() => byLight[0] && setNoticeTarget(target(byLight[0]))}
            data-testid="task-action-notice"
          >
            {t('supervisionNotice.issue')}
          </Button>
        ) : (
          <Dropdown
            trigger={['click']}
            menu={{
              items: byLight.map((u) => ({
                key: u.assignmentId,
                label: (
                  <span data-testid="task-action-notice-unit" data-unit={u.unit.name}>
                    {u.unit.name}（{t(`assignmentRole.${u.role}`)}·{t(`light.${u.light}`)}）
                  </span>
                ),
              })),
              onClick: ({ key }) => {
                const u = byLight.find((x) => x.assignmentId === key);
                if (u) setNoticeTarget(target(u));
              },
            }}
          >
            <Button danger icon={<AlertOutlined />} data-testid="task-action-notice">
              {t('supervisionNotice.issue')} <DownOutlined />
            </Button>
          </Dropdown>
        ))}
      {may(me, 'closeouts.verify') && (
        <Tooltip title={pending === 0 ? t('taskHub.noPendingCloseout') : undefined}>
          <Button
            icon={<CheckCircleOutlined />}
            onClick={() => setClosing(true)}
            data-testid="task-action-closeout"
            data-pending={pending}
          >
            {pending > 0 ? t('taskHub.closeoutN', { count: pending }) : t('taskHub.closeout')}
          </Button>
        </Tooltip>
      )}
      {reminding && (
        <RemindModal
          assignmentIds={open.map((u) => u.assignmentId)}
          units={[...new Set(open.map((u) => u.unit.name))]}
          onClose={() => setReminding(false)}
          onDone={() => setReminding(false)}
        />
      )}
      {noticeTarget && (
        <IssueSupervisionNoticeModal
          target={noticeTarget}
          onClose={() => setNoticeTarget(null)}
          onIssued={(notice) => {
            setNoticeTarget(null);
            notifySuccess(t('supervisionNotice.issued', { number: notice.number }));
            navigate(`/supervision-notices/${encodeURIComponent(notice.id)}`);
          }}
        />
      )}
      <Modal
        open={closing}
        title={t('taskHub.closeoutTitle')}
        onCancel={() => setClosing(false)}
        footer={null}
        width={1000}
        destroyOnHidden
      >
        {closing && <CloseoutQueue list={closeouts} />}
      </Modal>
    </>
  );
}

export default function TaskPage() {
  const t = useT();
  const me = useMe();
  const { id } = useParams();
  const navigate = useNavigate();
  const task = useTask(id);
  const overview = useTaskOverview(id);
  const office = may(me, 'supervision.manage');
  if (task.isError) return <QueryError error={task.error} onRetry={() => task.refetch()} />;
  const hub = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {overview.isError ? (
        <Alert type="error" showIcon title={t('common.loadFailed')} description={overview.error.message} />
      ) : overview.data ? (
        <>
          <UnitsCard overview={overview.data} />
          <InstructionsCard overview={overview.data} />
        </>
      ) : (
        <Card size="small">
          <Skeleton active />
        </Card>
      )}
      <Card>{task.data ? <TaskDetailView task={task.data} parser={false} /> : <Skeleton active />}</Card>
      {task.data && showsConsolidation(task.data, me) && <ConsolidationCard task={task.data} />}
      {task.data && showsLinkage(task.data) && <LinkageCard task={task.data} />}
      {task.data && office && <RhythmCard key={`rhythm-${task.data.id}`} task={task.data} />}
      {task.data && office && <PublicityCard key={task.data.id} task={task.data} />}
    </Space>
  );
  return (
    <div>
      <PageHeader
        title={task.data ? taskTitle(task.data, t) : t('task.detail')}
        extra={
          <Flex wrap gap={8} justify="flex-end">
            {task.data && <OfficeActions task={task.data} overview={overview.data} />}
            {task.data && <WatchButton subjectType="task" subjectId={task.data.id} />}
            {task.data && <InstructionButton subjectType="task" subjectId={task.data.id} />}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('common.back')}
            </Button>
          </Flex>
        }
      >
        {overview.data && <LightSummary overview={overview.data} />}
      </PageHeader>
      {office && task.data ? (
        <Tabs
          items={[
            { key: 'hub', label: t('taskHub.tabOverview'), children: hub },
            {
              key: 'source',
              label: <span data-testid="task-tab-source">{t('taskHub.tabSource')}</span>,
              children: <SourceTab task={task.data} overview={overview.data} />,
            },
          ]}
        />
      ) : (
        hub
      )}
    </div>
  );
}
