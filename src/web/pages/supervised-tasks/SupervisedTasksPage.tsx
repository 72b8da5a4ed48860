// 督办清单: every task of a plan with its light and each unit's light, status and latest progress, the open
// coordination requests and 督办单; filtered by light, status, source, section, unit, role, overdue and open
// items, all in the URL (the dashboard's charts link here). The office selects rows for 一键催办, exports
// the filtered list to .xlsx and issues a 督办单 on one unit's item. Units see only their own items.

import { AlertOutlined, FileExcelOutlined, NotificationOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Grid, Space, type TableColumnsType, Tag, Typography, theme } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { supervisedTasksXlsxUrl, useSupervisedTasks } from '../../api/supervision';
import type { SupervisedTask } from '../../api/types';
import { lazyPart, useAfterPaint } from '../../components/afterPaint';
import type { SupervisionNoticeTarget } from '../../components/IssueSupervisionNoticeModal';
import { LazyTaskDrawer } from '../../components/LazyTaskDrawer';
import { ClampedText } from '../../components/LongText';
import { LightTag, ProgressTag, UnitLight } from '../../components/lights';
import { PageHeader } from '../../components/PageHeader';
import { PlanPicker, usePlanChoice } from '../../components/PlanPicker';
import { QueryTable, serverPagination } from '../../components/QueryTable';
import { ItemStatusTag, RoleTag, TaskCode } from '../../components/tags';
import { useT } from '../../i18n';
import { notifySuccess } from '../../notify';
import { may, mayOnAllUnits } from '../../roles';
import { useMe } from '../../session';
import { listQuery, remindTargets, useFilters } from './filters';

// What the first rows do not need comes in its own chunks, after them (lazyPart).
const FilterBar = lazyPart(() => import('./FilterBar').then((m) => m.FilterBar));
const RemindModal = lazyPart(() => import('./RemindModal').then((m) => m.RemindModal));
const IssueSupervisionNoticeModal = lazyPart(() =>
  import('../../components/IssueSupervisionNoticeModal').then((m) => m.IssueSupervisionNoticeModal),
);

// ---- the page -----------------------------------------------------------------------------------------

export default function SupervisedTasksPage() {
  const t = useT();
  const me = useMe();
  const navigate = useNavigate();
  const [filters, setFilters] = useFilters();
  const choice = usePlanChoice(filters.planId);
  const planId = choice.planId;
  const query = listQuery(filters, planId);
  const list = useSupervisedTasks(query);
  const fresh = list.isSuccess && !list.isPlaceholderData;
  const office = may(me, 'reminders.send');
  const [selected, setSelected] = useState<Map<string, SupervisedTask>>(new Map());
  const [reminding, setReminding] = useState(false);
  const [supervisionNoticeTarget, setSupervisionNoticeTarget] = useState<SupervisionNoticeTarget | null>(null);
  const [openTask, setOpenTask] = useState<string | null>(null);
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  // The rows first, the filter bar (a dozen selects) one paint later: issue 15's first rows within 500 ms.
  const filtersShown = useAfterPaint(1) > 0;
  // Until the filter bar comes, its height on office screens (two to four lines of controls): the rows do not move.
  const barSpace = <div style={{ minHeight: screens.xxl ? 84 : screens.xl ? 124 : screens.lg ? 164 : 0 }} />;

  // Another plan: the selection of the previous one means nothing here.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the plan changes
  useEffect(() => setSelected(new Map()), [planId]);

  const columns: TableColumnsType<SupervisedTask> = [
    {
      key: 'number',
      title: t('task.number'),
      width: 84,
      render: (_, task) => <TaskCode task={task} />,
    },
    {
      key: 'text',
      title: t('task.text'),
      width: 260,
      render: (_, task) => (
        <Typography.Link onClick={() => setOpenTask(task.id)} data-testid="supervision-task-open">
          <ClampedText text={task.text} rows={3} />
        </Typography.Link>
      ),
    },
    {
      key: 'light',
      title: t('dashboard.light'),
      width: 84,
      render: (_, task) => (
        <Space orientation="vertical" size={4}>
          <LightTag light={task.supervision.light} reasons={task.supervision.reasons} testid="task-light" />
          <ProgressTag progress={task.supervision.progressClass} />
        </Space>
      ),
    },
    {
      key: 'units',
      title: t('supervision.unitsProgress'),
      width: 460,
      render: (_, task) => (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {task.supervision.units.length === 0 && (
            <Typography.Text type="secondary">{t('supervision.noUnits')}</Typography.Text>
          )}
          {task.supervision.units.map((u) => (
            <div
              key={u.assignmentId}
              data-testid="supervision-unit"
              data-unit={u.unit.name}
              data-assignment={u.assignmentId}
              data-light={u.light}
            >
              <Flex wrap gap={4} align="center" justify="space-between">
                <Flex wrap gap={4} align="center">
                  <UnitLight
                    name={<Typography.Text strong={u.unit.id === me.unit?.id}>{u.unit.name}</Typography.Text>}
                    light={u.light}
                    reasons={u.reasons}
                  />
                  <RoleTag role={u.role} />
                  {u.closed ? (
                    <Tag color="success">{t('supervision.closed')}</Tag>
                  ) : u.status ? (
                    <ItemStatusTag status={u.status} />
                  ) : (
                    <Tag>{t('supervision.unreported')}</Tag>
                  )}
                </Flex>
                {may(me, 'supervisionNotices.issue') && !u.closed && (
                  <Button
                    size="small"
                    type="link"
                    danger
                    icon={<AlertOutlined />}
                    onClick={() =>
                      setSupervisionNoticeTarget({
                        assignmentId: u.assignmentId,
                        unitName: u.unit.name,
                        task: { number: task.number, text: task.text },
                        light: u.light,
                      })
                    }
                    data-testid="notice-issue"
                  >
                    {t('supervisionNotice.issue')}
                  </Button>
                )}
              </Flex>
              {u.progress && (
                <ClampedText
                  text={u.progress}
                  rows={2}
                  style={{ margin: '2px 0 0 14px', fontSize: 13, color: token.colorTextSecondary }}
                />
              )}
            </div>
          ))}
        </Space>
      ),
    },
    {
      key: 'open',
      title: t('supervision.openItems'),
      width: 120,
      // Links to the open 协调/督办单: in reach on a phone too, where the list (rows selectable for 催办) scrolls.
      fixed: 'right',
      render: (_, task) => (
        <Space orientation="vertical" size={4}>
          {task.supervision.openCoordination > 0 && (
            <Link to="/coordination">
              <Tag color="orange" data-testid="open-coordination">
                {t('supervision.coordinationN', { count: task.supervision.openCoordination })}
              </Tag>
            </Link>
          )}
          {task.supervision.openNotices > 0 && (
            <Link to="/supervision-notices">
              <Tag color="red" data-testid="open-notices">
                {t('supervision.noticesN', { count: task.supervision.openNotices })}
              </Tag>
            </Link>
          )}
          {task.supervision.openCoordination === 0 && task.supervision.openNotices === 0 && '—'}
        </Space>
      ),
    },
  ];

  const targets = remindTargets([...selected.values()], filters);

  return (
    <div>
      <PageHeader
        title={t('supervision.title')}
        extra={
          <>
            {office && (
              <Button
                type="primary"
                icon={<NotificationOutlined />}
                disabled={selected.size === 0}
                onClick={() => setReminding(true)}
                data-testid="remind-open"
              >
                {selected.size > 0 ? t('remind.buttonN', { count: selected.size }) : t('remind.button')}
              </Button>
            )}
            <Button
              icon={<FileExcelOutlined />}
              href={planId ? supervisedTasksXlsxUrl(query) : undefined}
              disabled={!planId}
              data-testid="supervision-export"
            >
              {t('supervision.export')}
            </Button>
          </>
        }
      />
      <Card size="small">
        {filtersShown ? (
          <Suspense fallback={barSpace}>
            <FilterBar
              filters={filters}
              planId={planId}
              onChange={setFilters}
              prefix={
                <PlanPicker
                  value={planId}
                  plans={choice.plans}
                  loading={choice.loading}
                  onChange={(next) => setFilters({ planId: next, sectionId: undefined })}
                />
              }
              showUnit={mayOnAllUnits(me, 'tasks.read')}
            />
          </Suspense>
        ) : (
          barSpace
        )}
        <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">
            {t('supervision.totalBefore')}
            <Typography.Text strong data-testid={fresh ? 'supervision-total' : undefined}>
              {list.data?.total ?? '…'}
            </Typography.Text>
            {t('supervision.totalAfter')}
          </Typography.Text>
          {office && selected.size > 0 && (
            <Space size={4}>
              <Typography.Text type="secondary">{t('supervision.selected', { count: selected.size })}</Typography.Text>
              <Button size="small" type="link" onClick={() => setSelected(new Map())}>
                {t('supervision.clearSelection')}
              </Button>
            </Space>
          )}
        </Flex>
        {choice.none ? (
          <Alert type="info" showIcon title={t('supervision.noPlan')} />
        ) : (
          <QueryTable<SupervisedTask>
            query={list}
            rows={list.data?.items}
            testId="supervision-table"
            rowKey="id"
            size="middle"
            scroll={{ x: 1040 }}
            columns={columns}
            rowSelection={
              office
                ? {
                    selectedRowKeys: [...selected.keys()],
                    preserveSelectedRowKeys: true,
                    onChange: (_keys, rows) =>
                      setSelected((previous) => {
                        const next = new Map<string, SupervisedTask>();
                        for (const row of rows) {
                          if (row) next.set(row.id, row);
                        }
                        // Rows from other pages come back as undefined: keep what we had for them.
                        for (const key of _keys) {
                          const kept = previous.get(String(key));
                          if (!next.has(String(key)) && kept) next.set(String(key), kept);
                        }
                        return next;
                      }),
                  }
                : undefined
            }
            rowAttributes={(task) => ({
              'data-testid': 'supervision-row',
              'data-light': task.supervision.light,
              'data-task': task.id,
              'data-number': task.number ?? '',
            })}
            pagination={serverPagination(
              filters.page,
              filters.pageSize,
              list.data?.total,
              (page, pageSize) => setFilters({ page, pageSize }),
              (count) => t('task.totalShort', { count }),
            )}
            locale={{ emptyText: t('task.empty') }}
          />
        )}
      </Card>
      <LazyTaskDrawer taskId={openTask} onClose={() => setOpenTask(null)} />
      <Suspense fallback={null}>
        {reminding && (
          <RemindModal
            assignmentIds={targets.assignmentIds}
            units={targets.units}
            onClose={() => setReminding(false)}
            onDone={() => {
              setReminding(false);
              setSelected(new Map());
            }}
          />
        )}
        {supervisionNoticeTarget && (
          <IssueSupervisionNoticeModal
            target={supervisionNoticeTarget}
            onClose={() => setSupervisionNoticeTarget(null)}
            onIssued={(notice) => {
              setSupervisionNoticeTarget(null);
              notifySuccess(t('supervisionNotice.issued', { number: notice.number }));
              navigate(`/supervision-notices/${encodeURIComponent(notice.id)}`);
            }}
          />
        )}
      </Suspense>
    </div>
  );
}
