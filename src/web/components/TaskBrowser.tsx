// Filters + total + table + drawer over GET /api/v1/tasks, driven by the URL's filter parameters.

import { Flex, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { type TaskListSource, useTasks } from '../api/plans';
import type { TaskListQuery } from '../api/types';
import { useT } from '../i18n';
import { may, mayOnAllUnits } from '../roles';
import { useMe } from '../session';
import { LazyTaskDrawer } from './LazyTaskDrawer';
import { LedgerLinks } from './LedgerLinks';
import { TaskFilters } from './TaskFilters';
import { TaskTable } from './TaskTable';
import type { TaskFilterPatch, TaskFilterState } from './useTaskFilterParams';

export function TaskTotal({ total, fresh }: { total: number | undefined; fresh: boolean }) {
  const t = useT();
  const [before, after] = t('task.total').split('{count}');
  return (
    <Typography.Text type="secondary">
      {before}
      {/* Only the settled number carries the test id: a test never reads the previous filter's total. */}
      <Typography.Text strong data-testid={fresh ? 'task-total' : undefined}>
        {total ?? '…'}
      </Typography.Text>
      {after}
    </Typography.Text>
  );
}

export function TaskBrowser({
  filters,
  onChange,
  scope,
  prefix,
  source = 'all',
}: {
  filters: TaskFilterState;
  onChange: (patch: TaskFilterPatch) => void;
  /** 'mine': the signed-in unit's tasks (GET /my/assignments), same filters and paging. */
  source?: TaskListSource;
  /** Fixed parts of the query (the plan on the plan page). */
  scope?: Partial<TaskListQuery>;
  prefix?: ReactNode;
}) {
  const me = useMe();
  const [openTask, setOpenTask] = useState<string | null>(null);
  const query: TaskListQuery = {
    planId: filters.planId,
    sourceId: filters.sourceId,
    sectionId: filters.sectionId,
    unitId: filters.unitId,
    level: filters.level,
    role: filters.role,
    q: filters.q,
    page: filters.page,
    pageSize: filters.pageSize,
    ...scope,
  };
  const tasks = useTasks(query, source);
  const fresh = tasks.isSuccess && !tasks.isPlaceholderData;

  return (
    <div>
      <Flex justify="space-between" align="start" wrap gap={8}>
        <TaskFilters
          value={filters}
          onChange={onChange}
          showUnit={source === 'all' && mayOnAllUnits(me, 'tasks.read')}
          prefix={prefix}
        />
        <div style={{ paddingTop: 5 }}>
          <TaskTotal total={tasks.data?.total} fresh={fresh} />
        </div>
      </Flex>
      <TaskTable
        tasks={tasks.data?.items ?? []}
        total={tasks.data?.total ?? 0}
        page={filters.page}
        pageSize={filters.pageSize}
        loading={tasks.isFetching}
        onPageChange={(page, pageSize) => onChange({ page, pageSize })}
        onOpen={(task) => setOpenTask(task.id)}
        highlightUnitId={filters.unitId ?? me.unit?.id}
        rowActions={
          source === 'mine' && may(me, 'ledgers.write')
            ? (task) => <LedgerLinks assignments={task.assignments} />
            : undefined
        }
      />
      <LazyTaskDrawer taskId={openTask} onClose={() => setOpenTask(null)} />
    </div>
  );
}
