// The lagging list, and for a unit what is due.

import { ClockCircleOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, List, type TableColumnsType, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Dashboard } from '../../api/types';
import { ListTable } from '../../components/ListTable';
import { LightTag, reasonsText, UnitLight } from '../../components/lights';
import { LevelTag } from '../../components/tags';
import { formatCstMinute, todayCst } from '../../format';
import { useT } from '../../i18n';
import { supervisionListPath } from './chartOptions';

// ---- the lagging list -----------------------------------------------------------------------------------

type Lagging = Dashboard['lagging'][number];

export function LaggingCard({ data, planId }: { data: Dashboard; planId: string }) {
  const t = useT();
  const red = data.lagging.filter((l) => l.light === 'red').length;
  const columns: TableColumnsType<Lagging> = [
    {
      key: 'task',
      title: t('dashboard.task'),
      render: (_, row) => (
        <Link to={`/tasks/${encodeURIComponent(row.task.id)}`}>
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: row.task.text }} style={{ margin: 0 }}>
            <LevelTag level={row.task.level} short />
            {row.task.number ? `${row.task.number}. ` : ''}
            {row.task.text}
          </Typography.Paragraph>
        </Link>
      ),
    },
    {
      key: 'light',
      title: t('dashboard.light'),
      width: 80,
      render: (_, row) => <LightTag light={row.light} reasons={row.reasons} />,
    },
    {
      key: 'reasons',
      title: t('dashboard.reasons'),
      width: 160,
      render: (_, row) => reasonsText(row.reasons, t) || '—',
    },
    {
      key: 'units',
      title: t('dashboard.unitsProgress'),
      width: '40%',
      render: (_, row) => {
        const reported = row.units.filter((u) => u.progress);
        return (
          <div>
            <Flex wrap gap={8}>
              {row.units.map((u) => (
                <UnitLight key={`${u.unit.id}|${u.role}`} name={u.unit.name} light={u.light} />
              ))}
            </Flex>
            {reported.length === 0 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('dashboard.noProgress')}
              </Typography.Text>
            ) : (
              reported.map((u) => (
                <Typography.Paragraph
                  key={`${u.unit.id}|${u.role}`}
                  type="secondary"
                  ellipsis={{ rows: 2, tooltip: u.progress }}
                  style={{ margin: '2px 0 0', fontSize: 13 }}
                >
                  {u.unit.name}：{u.progress}
                </Typography.Paragraph>
              ))
            )}
          </div>
        );
      },
    },
  ];
  return (
    <Card size="small" title={t('dashboard.lagging')}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Link to={supervisionListPath(planId, { light: 'red' })} data-testid="lagging-all">
          {t('dashboard.laggingAll', { count: red })}
        </Link>
      </Typography.Paragraph>
      <div data-testid="lagging-table" data-count={data.lagging.length} data-red={red}>
        <ListTable<Lagging>
          rowKey={(row) => row.task.id}
          size="small"
          tableLayout="fixed"
          scroll={{ x: 820 }}
          dataSource={data.lagging}
          columns={columns}
          onRow={(row) =>
            ({ 'data-testid': 'lagging-row', 'data-light': row.light, 'data-task': row.task.id }) as object
          }
          pagination={{ pageSize: 10, showSizeChanger: false, showTotal: (count) => t('common.totalN', { count }) }}
          locale={{ emptyText: t('dashboard.noLagging') }}
        />
      </div>
    </Card>
  );
}

// ---- a unit's view: what is due ---------------------------------------------------------------------------

export function DueCard({ due }: { due: NonNullable<Dashboard['due']> }) {
  const t = useT();
  const today = todayCst();
  const next = due.nextDeadline;
  const days = next ? Math.ceil((Date.parse(next.dueAt) - Date.now()) / 86_400_000) : null;
  return (
    <Card size="small" title={t('dashboard.due')} data-testid="dashboard-due">
      {next ? (
        <Alert
          type={days !== null && days <= 5 ? 'warning' : 'info'}
          showIcon
          icon={<ClockCircleOutlined />}
          style={{ marginBottom: 12 }}
          title={t('dashboard.nextDeadline', {
            label: next.label,
            due: formatCstMinute(next.dueAt),
            days: Math.max(0, days ?? 0),
          })}
          action={<Link to="/my">{t('dashboard.toMy')}</Link>}
          data-testid="dashboard-next-deadline"
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('dashboard.noDeadline')}</Typography.Paragraph>
      )}
      <List
        size="small"
        header={<Typography.Text strong>{t('dashboard.milestones')}</Typography.Text>}
        dataSource={due.milestones}
        rowKey="id"
        locale={{ emptyText: t('dashboard.noMilestones') }}
        renderItem={(m) => (
          <List.Item data-testid="due-milestone" data-due={m.dueOn}>
            <Flex wrap gap={8} align="center">
              <Typography.Text strong>{m.dueOn}</Typography.Text>
              {m.dueOn < today && <Tag color="red">{t('dashboard.overdue')}</Tag>}
              <Link to={`/tasks/${encodeURIComponent(m.taskId)}`}>
                {m.taskNumber ? t('dashboard.taskNo', { number: m.taskNumber }) : t('task.titleUnnumbered')}
              </Link>
              <Typography.Text>{m.title}</Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}
