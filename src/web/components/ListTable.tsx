// Every list of the app is this table, so every list fits the screens people use (issue 15):
// - the action column (key `actions`) stays fixed at the right edge: the decision a clerk came to make is never
//   scrolled off an office monitor;
// - plain text columns are cut with an ellipsis, the whole text on hover;
// - a table wider than its place (its columns' widths) scrolls inside itself (.ant-table-content), never the page;
// - on a phone (below antd's `sm`, 576 px) the rows become cards: each column a labelled line, the actions at the
//   bottom. The cards keep each row's data-* attributes (onRow), so tests and links find them either way.
// Tables that select rows, expand them or are edited in place stay tables on a phone (scrolling inside themselves).
// - a page of many rows (a server page of 50) is drawn in two steps: the rows a screen holds first, the rest in the
//   next task, so people see rows before the whole page is built (antd builds a row in about a millisecond on an
//   office PC, far more under load: 50 rows of the supervised list were the largest part of its first second).

import { Card, Flex, Grid, Pagination, Table, type TableColumnType, type TableProps, Typography } from 'antd';
import type { ColumnGroupType, ColumnType } from 'antd/es/table';
import { type HTMLAttributes, type Key, type ReactNode, useEffect, useState } from 'react';

export const ACTIONS_KEY = 'actions';

export type ListTableProps<T> = TableProps<T> & {
  /** Cards on a phone (default); false keeps the table (it then scrolls inside itself). */
  cards?: boolean;
};

type Column<T> = ColumnType<T> | ColumnGroupType<T>;

const isActions = <T,>(column: Column<T>) => column.key === ACTIONS_KEY;

/** The office-monitor shape of the columns: actions fixed right, plain text ellipsised. */
function fitColumns<T>(columns: TableProps<T>['columns']): TableProps<T>['columns'] {
  return columns?.map((column) => {
    if (isActions(column))
      return { ...column, fixed: 'right', className: [column.className, 'list-actions'].filter(Boolean).join(' ') };
    if ('children' in column || column.render || column.ellipsis !== undefined) return column;
    return { ...column, ellipsis: true };
  });
}

/**
 * The width below which the table scrolls inside itself: the columns' declared widths, and room for a few
 * characters in each column without one. A wider place shares out the rest; plain text is ellipsised.
 */
function minWidth<T>(columns: TableProps<T>['columns'] = []): number {
  let total = 0;
  for (const column of columns) {
    if ('children' in column && column.children) total += minWidth(column.children);
    else total += typeof column.width === 'number' ? column.width : 140;
  }
  return total;
}

function cellOf<T>(column: TableColumnType<T>, row: T, index: number): ReactNode {
  const path = column.dataIndex as string | number | readonly (string | number)[] | undefined;
  let value: unknown = row;
  if (path !== undefined && path !== null)
    for (const part of Array.isArray(path) ? path : [path])
      value = (value as Record<string | number, unknown> | null)?.[part as string | number];
  else value = undefined;
  const rendered = column.render ? column.render(value, row, index) : (value as ReactNode);
  // A render may answer cell props ({ children, props }); only its children are content.
  if (rendered && typeof rendered === 'object' && 'children' in (rendered as object) && 'props' in (rendered as object))
    return (rendered as { children: ReactNode }).children;
  return rendered as ReactNode;
}

/** The rows drawn in the first step: more than a screen holds. */
export const FIRST_ROWS = 10;

/**
 * The rows to draw now: a new set of many rows shows its first FIRST_ROWS at once and all of them one task later
 * (after the browser painted the first ones). Only where the table does not cut pages itself (no pagination, or the
 * server's pages): antd's own pages would count the rows drawn so far.
 */
export function useRowsInSteps<T>(rows: readonly T[] | undefined, enabled: boolean): readonly T[] | undefined {
  const [complete, setComplete] = useState<readonly T[] | undefined>(undefined);
  const partial = enabled && rows !== undefined && rows.length > FIRST_ROWS && complete !== rows;
  useEffect(() => {
    if (!partial) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame, then a task: the first rows are painted before the rest is built.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setComplete(rows), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [partial, rows]);
  return partial ? rows.slice(0, FIRST_ROWS) : rows;
}

/** Whether antd leaves the rows as given: no pagination, or a page the server cut (a total beyond the rows). */
function pagesFromServer<T>(table: TableProps<T>): boolean {
  const { pagination, dataSource } = table;
  if (pagination === false) return true;
  return (
    typeof pagination === 'object' &&
    pagination.current !== undefined &&
    pagination.total !== undefined &&
    (dataSource?.length ?? 0) <= (pagination.pageSize ?? 10)
  );
}

export function ListTable<T extends object>({ cards = true, scroll, columns, ...table }: ListTableProps<T>) {
  const phone = !Grid.useBreakpoint().sm;
  const asCards = cards && phone && !table.rowSelection && !table.expandable && !table.components;
  const rows = useRowsInSteps(table.dataSource, !asCards && pagesFromServer(table));
  if (asCards) return <CardList<T> columns={columns} {...table} />;
  return (
    <Table<T>
      tableLayout="fixed"
      {...table}
      dataSource={rows}
      columns={fitColumns(columns)}
      scroll={{ x: minWidth(columns), ...scroll }}
    />
  );
}

/** The rows as cards: the phone's list. */
function CardList<T extends object>({
  columns = [],
  dataSource = [],
  rowKey = 'key',
  onRow,
  pagination,
  loading,
  locale,
  title,
  footer,
  ...rest
}: TableProps<T>) {
  // The table's own data-* attributes (a test id) stay on the list.
  const dataAttributes = Object.fromEntries(Object.entries(rest).filter(([name]) => name.startsWith('data-')));
  const [page, setPage] = useState({ current: 1, pageSize: 10 });
  const flat = columns.filter((c): c is TableColumnType<T> => !('children' in c));
  const actions = flat.filter(isActions);
  const fields = flat.filter((c) => !isActions(c));
  const keyOf = (row: T, index: number): Key =>
    typeof rowKey === 'function' ? rowKey(row, index) : ((row as Record<string, Key>)[rowKey as string] ?? index);

  // Pages as the table would cut them: the caller's (server-side) pagination, or ten rows a page.
  const controlled = pagination && typeof pagination === 'object' && pagination.current !== undefined;
  const current = controlled ? (pagination.current ?? 1) : page.current;
  const pageSize = (pagination && typeof pagination === 'object' && pagination.pageSize) || page.pageSize;
  const total = controlled ? (pagination.total ?? dataSource.length) : dataSource.length;
  const rows =
    pagination === false || controlled ? dataSource : dataSource.slice((current - 1) * pageSize, current * pageSize);
  const spinning = typeof loading === 'object' ? loading.spinning : loading;

  return (
    <Flex vertical gap={8} aria-busy={spinning} className="list-cards" {...dataAttributes}>
      {title?.(dataSource)}
      {rows.length === 0 && !spinning && (
        <Typography.Text type="secondary" style={{ textAlign: 'center', padding: 16 }}>
          {(locale?.emptyText as ReactNode) ?? '—'}
        </Typography.Text>
      )}
      {rows.map((row, i) => {
        const index = (controlled ? 0 : (current - 1) * pageSize) + i;
        const attributes = (onRow?.(row, index) ?? {}) as HTMLAttributes<HTMLElement>;
        return (
          <Card key={keyOf(row, index)} size="small" {...(attributes as object)} className="list-card">
            {fields.map((column, c) => (
              <Flex key={String(column.key ?? c)} gap={8} style={{ minWidth: 0, padding: '2px 0' }}>
                {column.title ? (
                  <Typography.Text type="secondary" style={{ flex: '0 0 6em' }}>
                    {typeof column.title === 'function' ? null : column.title}
                  </Typography.Text>
                ) : null}
                <div style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>{cellOf(column, row, index)}</div>
              </Flex>
            ))}
            {actions.length > 0 && (
              <Flex wrap gap={8} className="list-card-actions" style={{ marginTop: 8 }}>
                {actions.map((column, c) => (
                  <div key={String(column.key ?? c)}>{cellOf(column, row, index)}</div>
                ))}
              </Flex>
            )}
          </Card>
        );
      })}
      {pagination !== false && total > pageSize && (
        <Pagination
          simple
          size="small"
          align="center"
          current={current}
          pageSize={pageSize}
          total={total}
          onChange={(next, size) => {
            if (controlled) pagination.onChange?.(next, size);
            else setPage({ current: next, pageSize: size });
          }}
        />
      )}
      {footer?.(dataSource)}
    </Flex>
  );
}
