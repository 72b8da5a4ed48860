// 台账完成情况 for the office: per unit, how many of its assignments have a filled ledger, milestones,
// a submission, a return; for one plan (the newest by default).

import { Card, Empty, Flex, Progress, Select, Table, type TableColumnsType, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useLedgerCompleteness } from '../api/ledgers';
import { usePlans } from '../api/plans';
import type { LedgerCompleteness, Plan } from '../api/types';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/status';
import { useT } from '../i18n';

const rowAttributes = (attributes: Record<`data-${string}`, string>) => attributes as HTMLAttributes<HTMLElement>;

const ratio = (row: LedgerCompleteness) => (row.assignments > 0 ? row.filled / row.assignments : 0);

/** Newest first: the latest year, then the latest import. */
const byNewest = (a: Plan, b: Plan) => b.year - a.year || b.createdAt.localeCompare(a.createdAt);

type CountKey = 'assignments' | 'filled' | 'withMilestones' | 'submitted' | 'returned';

export default function LedgersPage() {
  const t = useT();
  const plans = usePlans();
  const [chosen, setChosen] = useState<string | undefined>();
  const sorted = [...(plans.data ?? [])].sort(byNewest);
  const planId = chosen ?? sorted[0]?.id;
  const completeness = useLedgerCompleteness(planId, plans.isSuccess && planId !== undefined);

  const count = (key: CountKey, title: string): TableColumnsType<LedgerCompleteness>[number] => ({
    key,
    title,
    dataIndex: key,
    width: 110,
    align: 'right',
    sorter: (a, b) => a[key] - b[key],
  });

  const columns: TableColumnsType<LedgerCompleteness> = [
    {
      key: 'unit',
      title: t('ledgers.unit'),
      render: (_, row) => row.unit.name,
      sorter: (a, b) => a.unit.name.localeCompare(b.unit.name, 'zh-CN'),
    },
    count('assignments', t('ledgers.assignments')),
    count('filled', t('ledgers.filled')),
    {
      key: 'progress',
      title: t('ledgers.progress'),
      width: 200,
      defaultSortOrder: 'ascend',
      sorter: (a, b) => ratio(a) - ratio(b),
      render: (_, row) => (
        <Progress
          percent={Math.round(ratio(row) * 100)}
          size="small"
          status={row.assignments > 0 && row.filled === row.assignments ? 'success' : 'normal'}
        />
      ),
    },
    count('withMilestones', t('ledgers.withMilestones')),
    count('submitted', t('ledgers.submitted')),
    {
      ...count('returned', t('ledgers.returned')),
      render: (value: number) => (value > 0 ? <Typography.Text type="danger">{value}</Typography.Text> : value),
    },
  ];

  const items = completeness.data ?? [];
  const totals = items.reduce(
    (sum, row) => ({
      assignments: sum.assignments + row.assignments,
      filled: sum.filled + row.filled,
      withMilestones: sum.withMilestones + row.withMilestones,
      submitted: sum.submitted + row.submitted,
      returned: sum.returned + row.returned,
    }),
    { assignments: 0, filled: 0, withMilestones: 0, submitted: 0, returned: 0 },
  );

  return (
    <div>
      <PageHeader title={t('ledgers.title')} />
      <Card size="small">
        {sorted.length > 1 && (
          <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">{t('ledgers.plan')}</Typography.Text>
            <Select
              value={planId}
              onChange={setChosen}
              options={sorted.map((plan) => ({ value: plan.id, label: `${plan.year} · ${plan.title}` }))}
              style={{ minWidth: 260, maxWidth: '100%' }}
              data-testid="ledgers-plan"
            />
          </Flex>
        )}
        {plans.isError ? (
          <QueryError error={plans.error} onRetry={() => plans.refetch()} />
        ) : plans.isSuccess && sorted.length === 0 ? (
          <Empty description={t('ledgers.noPlans')} />
        ) : completeness.isError ? (
          <QueryError error={completeness.error} onRetry={() => completeness.refetch()} />
        ) : (
          <div data-testid="completeness-table" aria-busy={completeness.isFetching || plans.isPending}>
            <ListTable<LedgerCompleteness>
              rowKey={(row) => row.unit.id}
              size="middle"
              scroll={{ x: 900 }}
              columns={columns}
              dataSource={items}
              loading={completeness.isFetching || plans.isPending}
              pagination={false}
              onRow={(row) => rowAttributes({ 'data-testid': 'completeness-row', 'data-unit': row.unit.name })}
              locale={{ emptyText: t('ledgers.empty') }}
              summary={() =>
                items.length > 1 && (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <Typography.Text strong>{t('ledgers.total')}</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      {totals.assignments}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      {totals.filled}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3}>
                      <Progress
                        percent={totals.assignments ? Math.round((totals.filled / totals.assignments) * 100) : 0}
                        size="small"
                      />
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={4} align="right">
                      {totals.withMilestones}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={5} align="right">
                      {totals.submitted}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={6} align="right">
                      {totals.returned}
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                )
              }
            />
          </div>
        )}
      </Card>
    </div>
  );
}
