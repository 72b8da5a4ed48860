// 报告期 on the plan page: each period's span, its due date in China Standard Time (grace included) and
// whether it is locked; the supervision office edits due date, grace and lock.

import { EditOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Card, Flex, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { type HTMLAttributes, Suspense, useState } from 'react';
import { usePeriods } from '../api/periods';
import type { Period } from '../api/types';
import { formatCstMinute, formatDate } from '../format';
import { useI18n } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';
import { lazyPart } from './afterPaint';
import { ListTable } from './ListTable';
import { QueryError } from './status';

/**
 * `archived`: the plan is closed for the year (已归档), read-only: no edit buttons. `coUnitLeadDays`: the plan's gap
 * for co-units (配合单位先于牵头单位), shown and set above the periods.
 */
export function PeriodsCard({
  planId,
  archived = false,
  coUnitLeadDays,
}: {
  planId: string;
  archived?: boolean;
  coUnitLeadDays?: number;
}) {
  const { t, lang } = useI18n();
  const me = useMe();
  const periods = usePeriods(planId);
  const [editing, setEditing] = useState<Period | null>(null);
  const [editingGap, setEditingGap] = useState(false);
  const editable = may(me, 'periods.manage') && !archived;

  const columns: TableColumnsType<Period> = [
    { key: 'label', title: t('period.label'), dataIndex: 'label', width: 140 },
    {
      key: 'covers',
      title: t('period.covers'),
      width: 210,
      render: (_, period) => `${formatDate(period.coversFrom, lang)} – ${formatDate(period.coversTo, lang)}`,
    },
    {
      key: 'due',
      title: t('period.due'),
      width: 190,
      render: (_, period) => {
        const due = <span data-testid="period-due">{formatCstMinute(period.effectiveDueAt)}</span>;
        if (period.graceDays <= 0) return due;
        return (
          <Tooltip title={t('period.originalDue', { time: formatCstMinute(period.dueAt), count: period.graceDays })}>
            <span style={{ borderBottom: '1px dashed' }}>{due}</span>
          </Tooltip>
        );
      },
    },
    {
      key: 'grace',
      title: t('period.graceDays'),
      width: 90,
      render: (_, period) => (period.graceDays > 0 ? t('period.graceN', { count: period.graceDays }) : '—'),
    },
    {
      key: 'locked',
      title: t('period.lockedLabel'),
      width: 100,
      render: (_, period) =>
        period.locked ? (
          <Tag icon={<LockOutlined />} color="default" data-testid="period-locked">
            {t('period.locked')}
          </Tag>
        ) : (
          <Tag color="green">{t('period.open')}</Tag>
        ),
    },
    ...(editable
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 90,
            render: (_: unknown, period: Period) => (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing(period)}
                data-testid="period-edit"
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card size="small" title={t('period.title')} style={{ marginBottom: 16 }}>
      {coUnitLeadDays !== undefined && (
        <Flex wrap gap={8} align="center" style={{ marginBottom: 8 }} data-testid="co-unit-lead-days">
          <Typography.Text type="secondary">{t('coUnit.leadDays')}</Typography.Text>
          <Tooltip title={t('coUnit.hint')}>
            <span data-testid="co-unit-lead-days-value" data-days={coUnitLeadDays}>
              {coUnitLeadDays > 0 ? t('coUnit.leadDaysN', { count: coUnitLeadDays }) : t('coUnit.same')}
            </span>
          </Tooltip>
          {editable && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditingGap(true)}
              data-testid="co-unit-lead-days-edit"
            >
              {t('coUnit.edit')}
            </Button>
          )}
        </Flex>
      )}
      {periods.isError ? (
        <QueryError error={periods.error} onRetry={() => periods.refetch()} />
      ) : (
        <div data-testid="periods-table" aria-busy={periods.isFetching}>
          <ListTable<Period>
            rowKey="id"
            size="small"
            tableLayout="fixed"
            scroll={{ x: 720 }}
            pagination={false}
            loading={periods.isLoading}
            columns={columns}
            dataSource={periods.data}
            onRow={(period) =>
              ({ 'data-testid': 'period-row', 'data-period': period.id }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: t('period.empty') }}
          />
        </div>
      )}
      <Suspense fallback={null}>
        {editing && <PeriodModal period={editing} onClose={() => setEditing(null)} />}
        {editingGap && (
          <CoUnitLeadDaysModal planId={planId} days={coUnitLeadDays ?? 0} onClose={() => setEditingGap(false)} />
        )}
      </Suspense>
    </Card>
  );
}

const PeriodModal = lazyPart(() => import('./PeriodModals').then((m) => m.PeriodModal));
const CoUnitLeadDaysModal = lazyPart(() => import('./PeriodModals').then((m) => m.CoUnitLeadDaysModal));
