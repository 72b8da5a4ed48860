// A task in full: text, where it sits in the notice, leaders, indicators and the units assigned.

import { ExportOutlined } from '@ant-design/icons';
import { Alert, Descriptions, Drawer, Empty, Skeleton, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { isApiError } from '../api/client';
import { useTask } from '../api/plans';
import type { Assignment, TaskDetail } from '../api/types';
import { useT } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';
import { ASSIGNMENT_ROLE_ORDER, INDICATOR_OPS } from '../vocab';
import { LedgerLinks, useOwnAssignments } from './LedgerLinks';
import { ListTable } from './ListTable';
import { ItemStatusTag, LevelTag, RoleTag } from './tags';

type Indicator = TaskDetail['indicators'][number] & { key: string };

/** 年终结转: the last year's task this one continues, and what each unit had reached there. */
function CarriedFrom({ from }: { from: NonNullable<TaskDetail['carriedFrom']> }) {
  const t = useT();
  return (
    <Alert
      type="info"
      data-testid="task-carried-from"
      title={
        <span>
          {t('task.carriedFrom')}
          <Link to={`/tasks/${encodeURIComponent(from.taskId)}`} data-testid="task-carried-from-link">
            {t('task.carriedFromLink', { year: from.planYear, code: from.code, plan: from.planTitle })}
          </Link>
        </span>
      }
      description={
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          {from.units.map((u) => (
            <div key={`${u.unitName}:${u.role}`}>
              <RoleTag role={u.role} /> {u.unitName} {u.status && <ItemStatusTag status={u.status} />}
              {u.reports.length > 0 && (
                <div>
                  <Typography.Text type="secondary">{t('task.carriedFromReports')}</Typography.Text>
                  {u.reports.map((r) => (
                    <div key={r.period}>
                      {r.period} {r.status && <ItemStatusTag status={r.status} />} {r.progress ?? ''}
                    </div>
                  ))}
                </div>
              )}
              {u.milestones.length > 0 && (
                <div>
                  <Typography.Text type="secondary">{t('task.carriedFromMilestones')}</Typography.Text>
                  {u.milestones.map((m) => `${m.title} ${m.dueOn}${m.doneOn ? ` ✓ ${m.doneOn}` : ''}`).join(' / ')}
                </div>
              )}
            </div>
          ))}
        </Space>
      }
    />
  );
}

/**
 * The task as its units read it. `parser` adds what the parser read (the notice line, each unit's clause): the
 * office's business only, so the task page keeps it in its 原文 tab.
 */
export function TaskDetailView({ task, parser = true }: { task: TaskDetail; parser?: boolean }) {
  const t = useT();
  const own = useOwnAssignments(task.assignments);
  const assignments = [...task.assignments].sort(
    (a, b) => a.clause - b.clause || ASSIGNMENT_ROLE_ORDER[a.role] - ASSIGNMENT_ROLE_ORDER[b.role],
  );
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="task-detail">
      <Typography.Paragraph style={{ fontSize: 15, lineHeight: 1.8, marginBottom: 0 }} data-testid="task-text">
        {task.text}
      </Typography.Paragraph>

      {task.carriedFrom && <CarriedFrom from={task.carriedFrom} />}

      {own.length > 0 && (
        <div data-testid="task-ledger">
          <Typography.Title level={5}>{t('ledger.section')}</Typography.Title>
          <LedgerLinks assignments={task.assignments} size="middle" testid="task-ledger-open" />
        </div>
      )}

      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          ...whereFrom(task, t),
          ...(task.origin === 'notice'
            ? []
            : [
                {
                  key: 'origin',
                  label: t('task.origin'),
                  children: (
                    <span data-testid="task-origin" data-instructed-on={task.instructedOn ?? ''}>
                      {t(`addTask.origin.${task.origin}`)}
                      {task.originNote ? ` · ${task.originNote}` : ''}
                      {task.instructedOn ? t('task.instructedOn', { day: task.instructedOn }) : ''}
                    </span>
                  ),
                },
              ]),
          { key: 'number', label: t('task.number'), children: task.number ?? '—' },
          ...(parser ? [{ key: 'line', label: t('task.line'), children: task.line }] : []),
          { key: 'deadline', label: t('task.deadline'), children: task.deadline ?? '—' },
          {
            key: 'rhythm',
            label: t('rhythm.title'),
            children: (
              <span data-testid="task-rhythm" data-rhythm={task.rhythm.kind}>
                {task.rhythm.kind === 'weeks'
                  ? t('rhythm.period.weeks', { n: task.rhythm.everyWeeks ?? '' })
                  : t(`rhythm.kind.${task.rhythm.kind}`)}
              </span>
            ),
          },
          {
            key: 'leaders',
            label: t('task.leaders'),
            children: task.leaders.length ? task.leaders.join('、') : '—',
          },
        ]}
      />

      <div>
        <Typography.Title level={5}>{t('task.indicators')}</Typography.Title>
        <ListTable<Indicator>
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={task.indicators.map((indicator, index) => ({ ...indicator, key: `${index}|${indicator.label}` }))}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('task.noIndicators')} /> }}
          columns={[
            { key: 'label', title: t('indicator.label'), dataIndex: 'label' },
            {
              key: 'op',
              title: t('indicator.op'),
              width: 70,
              render: (_, row) => (
                <span title={t(`indicatorOp.${INDICATOR_OPS[row.op].key}`)}>{INDICATOR_OPS[row.op].symbol}</span>
              ),
            },
            { key: 'value', title: t('indicator.value'), dataIndex: 'value', align: 'right' },
            { key: 'unit', title: t('indicator.unit'), dataIndex: 'unit', width: 80 },
            { key: 'text', title: t('indicator.text'), dataIndex: 'text' },
          ]}
        />
      </div>

      <div>
        <Typography.Title level={5}>{t('task.assignments')}</Typography.Title>
        <ListTable<Assignment>
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={assignments}
          data-testid="task-assignments"
          columns={[
            { key: 'unit', title: t('assignment.unit'), render: (_, row) => row.unit.name },
            { key: 'role', title: t('assignment.role'), width: 90, render: (_, row) => <RoleTag role={row.role} /> },
            {
              key: 'level',
              title: t('assignment.level'),
              width: 90,
              render: (_, row) => <LevelTag level={row.level} />,
            },
            ...(parser
              ? [
                  {
                    key: 'clause',
                    title: t('assignment.clause'),
                    width: 90,
                    render: (_: unknown, row: Assignment) => t('assignment.clauseN', { n: row.clause + 1 }),
                  },
                ]
              : []),
            {
              key: 'via',
              title: t('assignment.viaGroup'),
              render: (_, row) => row.viaGroup?.name ?? '—',
            },
          ]}
        />
      </div>
    </Space>
  );
}

/** Where a task stands in its notice: the attachment (source) and the section path, as description items. */
export function whereFrom(task: Pick<TaskDetail, 'source' | 'sectionPath'>, t: ReturnType<typeof useT>) {
  return [
    {
      key: 'source',
      label: t('task.source'),
      children: (
        <span>
          <LevelTag level={task.source.level} />
          {t('task.sourceIndex', { index: task.source.index })}
        </span>
      ),
    },
    {
      key: 'section',
      label: t('task.section'),
      children: task.sectionPath.length ? task.sectionPath.join(' / ') : '—',
    },
  ];
}

export function taskTitle(task: Pick<TaskDetail, 'number' | 'source'>, t: ReturnType<typeof useT>): string {
  if (!task.number) return t('task.titleUnnumbered');
  const level = t(`levelShort.${task.source.level}`);
  // A task carried over from last year is numbered 结1: its code reads as it is (区结1), not 区第结1项.
  return /^\d+$/.test(task.number) ? t('task.titleNumbered', { level, number: task.number }) : `${level}${task.number}`;
}

export function TaskLoadError({ error }: { error: Error }) {
  const t = useT();
  return (
    <Alert
      type="error"
      showIcon
      title={isApiError(error, 404) ? t('task.notFound') : t('common.loadFailed')}
      description={isApiError(error, 404) ? undefined : error.message}
    />
  );
}

/** The task opened from a table, over the list (which keeps its filters and page). */
export function TaskDrawer({ taskId, onClose }: { taskId: string | null; onClose: () => void }) {
  const t = useT();
  const me = useMe();
  const query = useTask(taskId ?? undefined);
  const task = query.data;
  return (
    <Drawer
      open={taskId !== null}
      onClose={onClose}
      size={760}
      destroyOnHidden
      title={task ? taskTitle(task, t) : t('task.detail')}
      extra={
        taskId && (
          <Link to={`/tasks/${taskId}`} data-testid="task-open-page">
            <ExportOutlined /> {t('task.openPage')}
          </Link>
        )
      }
    >
      {query.isPending && <Skeleton active />}
      {query.isError && <TaskLoadError error={query.error} />}
      {task && <TaskDetailView task={task} parser={may(me, 'supervision.manage')} />}
    </Drawer>
  );
}
