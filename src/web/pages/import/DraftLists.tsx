// The draft's tasks and warnings, read page by page from the server.

import { Alert, Tag } from 'antd';
import { useState } from 'react';
import { useDraftTasks, useDraftWarnings } from '../../api/imports';
import type { DraftTask, DraftTaskPage, DraftWarningPage } from '../../api/types';
import { ListTable } from '../../components/ListTable';
import { useT } from '../../i18n';
import type { Warning } from './importText';
import { ConfidenceTag, CorrectionBar, TaskActions } from './TaskCorrections';

/** Server-side pages: antd's pager asks for the page, the server answers it. */
/** The page of a draft list the user is on, and the antd pagination that moves it (the server answers each page). */
function usePager() {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const pagination = (total: number) => ({
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100, 200],
    hideOnSinglePage: true,
    onChange: (next: number, size: number) => {
      setPage(size === pageSize ? next : 1);
      setPageSize(size);
    },
  });
  return { page, pageSize, pagination, reset: () => setPage(1) };
}

/** The draft's tasks; while the draft is open the office corrects them here (TaskCorrections.tsx). */
export function DraftTasks({
  id,
  first,
  editable = false,
  corrections = 0,
  taskCount = first.total,
}: {
  id: string;
  first: DraftTaskPage;
  editable?: boolean;
  corrections?: number;
  /** The whole draft's, for "merge with the next" on the last task. */
  taskCount?: number;
}) {
  const t = useT();
  const pager = usePager();
  const [doubtfulOnly, setDoubtfulOnly] = useState(false);
  const query = useDraftTasks(id, pager.page, pager.pageSize, first, doubtfulOnly);
  const data = query.data ?? first;
  return (
    <>
      <CorrectionBar
        id={id}
        corrections={corrections}
        doubtfulOnly={doubtfulOnly}
        onDoubtfulOnly={(on) => {
          setDoubtfulOnly(on);
          pager.reset();
        }}
        editable={editable}
      />
      <ListTable<DraftTask>
        size="small"
        rowKey="position"
        loading={query.isFetching}
        dataSource={data.items}
        data-testid="import-tasks"
        pagination={pager.pagination(data.total)}
        onRow={(task) => ({ 'data-position': task.position }) as object}
        columns={[
          { key: 'line', title: t('import.line'), dataIndex: 'line', width: 80 },
          { key: 'number', title: t('import.number'), width: 90, render: (_, task) => task.number ?? '—' },
          {
            key: 'text',
            title: t('import.taskText'),
            render: (_, task) => (
              <>
                <ConfidenceTag confidence={task.confidence} />
                {task.text}
              </>
            ),
          },
          {
            key: 'units',
            title: t('import.taskUnits'),
            width: 260,
            render: (_, task) =>
              task.assignments.map((a) => `${a.unit}（${t(`assignmentRole.${a.role}`)}）`).join('、') || '—',
          },
          { key: 'deadline', title: t('import.deadline'), width: 110, render: (_, task) => task.deadline ?? '—' },
          ...(editable
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  width: 120,
                  render: (_: unknown, task: DraftTask) => (
                    <TaskActions id={id} task={task} isLast={task.position === taskCount - 1} />
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

export function Warnings({ id, first }: { id: string; first: DraftWarningPage }) {
  const t = useT();
  const pager = usePager();
  const query = useDraftWarnings(id, pager.page, pager.pageSize, first);
  const data = query.data ?? first;
  if (data.total === 0) return <Alert type="success" showIcon title={t('import.noWarnings')} />;
  return (
    <ListTable<Warning>
      size="small"
      rowKey="position"
      loading={query.isFetching}
      dataSource={data.items}
      data-testid="import-warnings"
      pagination={pager.pagination(data.total)}
      columns={[
        { key: 'line', title: t('import.line'), dataIndex: 'line', width: 80 },
        { key: 'code', title: t('import.code'), width: 200, render: (_, w) => <Tag>{w.code}</Tag> },
        { key: 'message', title: t('import.message'), dataIndex: 'message' },
      ]}
    />
  );
}
