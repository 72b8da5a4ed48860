// 延期排行 on the dashboard: units ranked by how often their reports and milestones slipped (late reports,
// extensions approved and refused, milestones overdue: src/core/delays.ts), for a period or the whole year; a unit's
// row opens its cases, each linking to its task. A unit's own people see their own row only.

import { Card, Drawer, Empty, Grid, Select, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Delays } from '../../../api/delays';
import { useDelays } from '../../api/delays';
import { ListTable } from '../../components/ListTable';
import { taskLabel } from '../../components/LongText';
import { QueryError } from '../../components/status';
import { useT } from '../../i18n';

type Row = Delays['rows'][number];
type Case = NonNullable<Delays['cases']>[number];

const YEAR = 'year';
const TOP = 10;
const KINDS = ['late_report', 'extension_approved', 'extension_refused', 'milestone_overdue'] as const;
const KIND_COLORS: Record<(typeof KINDS)[number], string> = {
  late_report: 'orange',
  extension_approved: 'blue',
  extension_refused: 'volcano',
  milestone_overdue: 'red',
};

export function DelaysCard({ planId, periodId }: { planId: string; periodId: string | undefined }) {
  const t = useT();
  // The dashboard's period until the reader picks another, or the year.
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const chosen = picked ?? periodId ?? YEAR;
  const scope = chosen === YEAR ? {} : { periodId: chosen };
  const delays = useDelays(planId, scope);
  const [unit, setUnit] = useState<Row['unit'] | undefined>(undefined);
  const rows = (delays.data?.rows ?? []).filter((r) => r.counts.total > 0).slice(0, TOP);

  const columns: TableColumnsType<Row> = [
    // Competition ranks (1, 2, 2, 4), as 考评's: the same total, the same rank.
    {
      key: 'rank',
      title: t('delays.rank'),
      width: 56,
      render: (_, row) => 1 + rows.filter((r) => r.counts.total > row.counts.total).length,
    },
    {
      key: 'unit',
      title: t('delays.unit'),
      width: 180,
      render: (_, row) => (
        <Typography.Link onClick={() => setUnit(row.unit)} data-testid="delays-unit">
          {row.unit.name}
        </Typography.Link>
      ),
    },
    ...KINDS.map((kind) => ({
      key: kind,
      title: t(`delays.kind.${kind}`),
      width: 96,
      render: (_: unknown, row: Row) => row.counts[kind],
    })),
    {
      key: 'total',
      title: t('delays.total'),
      width: 72,
      render: (_, row) => <Typography.Text strong>{row.counts.total}</Typography.Text>,
    },
  ];

  return (
    <Card
      size="small"
      title={t('delays.title')}
      data-testid="dashboard-delays"
      extra={
        <Select
          size="small"
          value={chosen}
          onChange={setPicked}
          style={{ minWidth: 160 }}
          options={[
            ...(delays.data?.periods ?? []).map((p) => ({ value: p.id, label: p.label })),
            { value: YEAR, label: t('delays.year') },
          ]}
          data-testid="delays-period"
        />
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('delays.hint')}
      </Typography.Paragraph>
      {delays.isError ? (
        <QueryError error={delays.error} onRetry={() => delays.refetch()} />
      ) : (
        <ListTable<Row>
          rowKey={(row) => row.unit.id}
          size="small"
          loading={delays.isLoading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          onRow={(row) =>
            ({
              'data-testid': 'delays-row',
              'data-unit': row.unit.name,
              'data-total': row.counts.total,
              onClick: () => setUnit(row.unit),
              style: { cursor: 'pointer' },
            }) as object
          }
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('delays.empty')} /> }}
        />
      )}
      <CasesDrawer planId={planId} periodId={scope.periodId} unit={unit} onClose={() => setUnit(undefined)} />
    </Card>
  );
}

/** A unit's cases in the chosen period (or the year), newest first, each linking to its task. */
function CasesDrawer({
  planId,
  periodId,
  unit,
  onClose,
}: {
  planId: string;
  periodId: string | undefined;
  unit: Row['unit'] | undefined;
  onClose: () => void;
}) {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const cases = useDelays(planId, { periodId, unitId: unit?.id }, unit !== undefined);
  const columns: TableColumnsType<Case> = [
    {
      key: 'kind',
      title: t('delays.kindTitle'),
      width: 120,
      render: (_, c) => (
        <Tag color={KIND_COLORS[c.kind]} data-testid="delay-kind">
          {t(`delays.kind.${c.kind}`)}
        </Tag>
      ),
    },
    {
      key: 'task',
      title: t('delays.task'),
      width: 240,
      // A package holds every item of the unit: it names no task, and opens the package instead.
      render: (_, c) =>
        c.task ? (
          <Link to={`/tasks/${encodeURIComponent(c.task.id)}`} data-testid="delay-task">
            <Typography.Text ellipsis style={{ maxWidth: 230 }}>
              {taskLabel(c.task, t)}
            </Typography.Text>
          </Link>
        ) : (
          <Typography.Text type="secondary">{t('delays.wholePackage')}</Typography.Text>
        ),
    },
    {
      key: 'item',
      title: t('delays.item'),
      width: 160,
      render: (_, c) =>
        c.item.submissionId ? (
          <Link to={`/submissions/${encodeURIComponent(c.item.submissionId)}`} data-testid="delay-package">
            {t('delays.packageOf', { period: c.item.label })}
          </Link>
        ) : c.item.type === 'report' ? (
          t('delays.packageOf', { period: c.item.label })
        ) : (
          c.item.label
        ),
    },
    { key: 'period', title: t('delays.period'), width: 120, render: (_, c) => c.period.label },
    { key: 'on', title: t('delays.on'), width: 100, render: (_, c) => c.on },
    {
      key: 'days',
      title: t('delays.days'),
      width: 96,
      render: (_, c) => (
        <span>
          {t('delays.daysValue', { days: c.days })}
          {c.open && (
            <Tag color="red" style={{ marginInlineStart: 4 }}>
              {t(c.item.type === 'report' ? 'delays.openReport' : 'delays.openMilestone')}
            </Tag>
          )}
        </span>
      ),
    },
  ];
  return (
    <Drawer
      open={unit !== undefined}
      onClose={onClose}
      title={unit ? t('delays.casesTitle', { unit: unit.name }) : t('delays.title')}
      size={screens.lg ? 960 : '100%'}
      destroyOnHidden
      loading={cases.isLoading}
      data-testid="delays-drawer"
    >
      {cases.isError ? (
        <QueryError error={cases.error} onRetry={() => cases.refetch()} />
      ) : (
        <ListTable<Case>
          rowKey={(c) => `${c.kind}|${c.assignmentId ?? ''}|${c.item.id}|${c.period.id}|${c.on}`}
          size="small"
          columns={columns}
          dataSource={cases.data?.cases ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          onRow={(c) => ({ 'data-testid': 'delay-case', 'data-kind': c.kind, 'data-days': c.days }) as object}
          locale={{ emptyText: t('delays.noCases') }}
        />
      )}
    </Drawer>
  );
}
