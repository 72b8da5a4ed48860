// A table fed by a query: the query's error with a retry in its place, else the rows with the spinner
// while they (re)load, inside a wrapper the browser tests find by its test id and that says when it is
// busy. Pages pass the rest (columns, row key, pagination, selection) as to antd's Table.

import type { TablePaginationConfig, TableProps } from 'antd';
import type { HTMLAttributes } from 'react';
import { ListTable } from './ListTable';
import { QueryError } from './status';

export interface QueryTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'onRow'> {
  query: { isError: boolean; error: Error | null; isFetching: boolean; refetch: () => unknown };
  rows: readonly T[] | undefined;
  testId: string;
  /** data-* attributes for a row (onRow's type has no index signature for them). */
  rowAttributes?: (row: T) => Record<`data-${string}`, string>;
}

export function QueryTable<T extends object>({ query, rows, testId, rowAttributes, ...table }: QueryTableProps<T>) {
  if (query.isError) return <QueryError error={query.error as Error} onRetry={() => query.refetch()} />;
  return (
    <div data-testid={testId} aria-busy={query.isFetching}>
      <ListTable<T>
        size="middle"
        tableLayout="fixed"
        {...table}
        dataSource={rows}
        loading={query.isFetching}
        onRow={rowAttributes && ((row) => rowAttributes(row) as HTMLAttributes<HTMLElement>)}
      />
    </div>
  );
}

/** Pages the server cuts: the page and its size live in the address, the total comes with the rows. */
export function serverPagination(
  page: number,
  pageSize: number,
  total: number | undefined,
  onChange: (page: number, pageSize: number) => void,
  showTotal: (count: number) => string,
): TablePaginationConfig {
  return {
    current: page,
    pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100, 200],
    showTotal,
    onChange,
  };
}
