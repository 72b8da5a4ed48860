// The task table shared by the plan browser, the cross-plan task list and "my tasks".

import { type TableColumnsType, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Assignment, TaskSummary } from '../api/types';
import { type Translate, useT } from '../i18n';
import { ASSIGNMENT_ROLE_ORDER } from '../vocab';
import { HoverTooltip } from './HoverTooltip';
import { ListTable } from './ListTable';
import { serverPagination } from './QueryTable';
import { TaskCode, UnitRoleTag } from './tags';

const MAX_UNIT_TAGS = 8;

export interface TaskTableProps {
  tasks: readonly TaskSummary[];
  total: number;
  page: number;
  pageSize: number;
  loading?: boolean;
  onPageChange: (page: number, pageSize: number) => void;
  onOpen: (task: TaskSummary) => void;
  /** The viewer's unit: its tags are shown in bold. */
  highlightUnitId?: string | null;
  /** An extra last column of row actions (台账 on "my tasks"). */
  rowActions?: (task: TaskSummary) => ReactNode;
}

/** One tag per unit and role (a unit named in two clauses of a task is shown once), leads first. */
export function distinctAssignments(assignments: readonly Assignment[]): Assignment[] {
  const seen = new Set<string>();
  const out: Assignment[] = [];
  for (const assignment of [...assignments].sort(
    (a, b) => ASSIGNMENT_ROLE_ORDER[a.role] - ASSIGNMENT_ROLE_ORDER[b.role],
  )) {
    const key = `${assignment.unit.id}|${assignment.role}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(assignment);
  }
  return out;
}

export function assignmentDetail(assignment: Assignment, t: Translate): string {
  const parts: string[] = [];
  if (assignment.level) parts.push(t(`level.${assignment.level}`));
  if (assignment.viaGroup) parts.push(t('task.viaGroup', { name: assignment.viaGroup.name }));
  return parts.join(' · ');
}

export function TaskTable({
  tasks,
  total,
  page,
  pageSize,
  loading,
  onPageChange,
  onOpen,
  highlightUnitId,
  rowActions,
}: TaskTableProps) {
  const t = useT();
  const columns: TableColumnsType<TaskSummary> = [
    {
      key: 'number',
      title: t('task.number'),
      width: 110,
      render: (_, task) => <TaskCode task={task} />,
    },
    {
      key: 'text',
      title: t('task.text'),
      ellipsis: { showTitle: false },
      render: (_, task) => (
        <HoverTooltip title={task.text} placement="topLeft" styles={{ root: { maxWidth: 560 } }}>
          <span>{task.text}</span>
        </HoverTooltip>
      ),
    },
    {
      key: 'units',
      title: t('task.units'),
      width: '36%',
      render: (_, task) => {
        const list = distinctAssignments(task.assignments);
        return (
          <div style={{ display: 'flex', flexWrap: 'wrap', rowGap: 4 }}>
            {list.slice(0, MAX_UNIT_TAGS).map((assignment) => (
              <UnitRoleTag
                key={`${assignment.unit.id}|${assignment.role}`}
                name={assignment.unit.name}
                role={assignment.role}
                detail={assignmentDetail(assignment, t)}
                strong={assignment.unit.id === highlightUnitId}
              />
            ))}
            {list.length > MAX_UNIT_TAGS && (
              <Typography.Text type="secondary">
                {t('task.moreUnits', { count: list.length - MAX_UNIT_TAGS })}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    {
      key: 'deadline',
      title: t('task.deadline'),
      width: 120,
      render: (_, task) => task.deadline ?? '—',
    },
  ];
  if (rowActions) {
    columns.push({ key: 'actions', title: t('common.actions'), width: 130, render: (_, task) => rowActions(task) });
  }

  return (
    // aria-busy: a test (or a screen reader) can tell a settled table from one still loading.
    <div data-testid="task-table" aria-busy={Boolean(loading)}>
      <ListTable<TaskSummary>
        rowKey="id"
        size="middle"
        tableLayout="fixed"
        columns={columns}
        dataSource={tasks as TaskSummary[]}
        loading={loading}
        onRow={(task) => ({
          onClick: () => onOpen(task),
          onKeyDown: (event) => {
            if (event.key === 'Enter') onOpen(task);
          },
          tabIndex: 0,
          style: { cursor: 'pointer' },
          'data-testid': 'task-row',
        })}
        pagination={serverPagination(page, pageSize, total, onPageChange, (count) => t('task.totalShort', { count }))}
        locale={{ emptyText: t('task.empty') }}
      />
    </div>
  );
}
