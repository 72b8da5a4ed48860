import { Button, Checkbox, Descriptions, Flex, Space, type TableColumnsType, Tag, Typography } from 'antd';
import type { BulletinData, BulletinDraft } from '../../api/types';
import { ListTable } from '../../components/ListTable';
import { LightTag, ProgressTag } from '../../components/lights';
import { ItemStatusTag, LevelTag } from '../../components/tags';
import { useT } from '../../i18n';
import { useListLayout } from './Figures';
import {
  type Commendation,
  coordinationLabel,
  type Editing,
  type Laggard,
  namedCount,
  noticeLabel,
  toggled,
} from './model';

type Blacklisted = BulletinData['blacklist'][number];

/** 黑榜: the units whose items reached a ladder step the office marks for it (问责梯度), as applied. */
export function BlacklistTable({ data }: { data: BulletinData }) {
  const t = useT();
  const rows = data.blacklist ?? [];
  if (rows.length === 0) return null;
  const columns: TableColumnsType<Blacklisted> = [
    { key: 'unit', title: t('bulletin.unit'), width: 160, render: (_, u) => u.unit.name },
    {
      key: 'steps',
      title: t('bulletin.blacklistSteps'),
      width: 420,
      render: (_, u) => (
        <Space orientation="vertical" size={2}>
          {u.steps.map((s) => (
            <Typography.Text key={s.task.id} ellipsis={{ tooltip: s.task.text }} style={{ maxWidth: 400 }}>
              <Tag color="volcano">{s.name}</Tag>
              <LevelTag level={s.task.level} short />
              {s.task.number ? `${s.task.number}. ` : ''}
              {s.task.text}
            </Typography.Text>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <div data-testid="bulletin-blacklist" style={{ marginBottom: 8 }}>
      <Typography.Text strong>{t('bulletin.blacklist', { count: rows.length })}</Typography.Text>
      <ListTable<Blacklisted>
        rowKey={(u) => u.unit.id}
        size="small"
        tableLayout="fixed"
        pagination={false}
        scroll={{ x: 580 }}
        columns={columns}
        dataSource={rows}
      />
    </div>
  );
}

type Delayed = BulletinData['delays'][number];

/** 延期情况: the units whose reports or milestones slipped in the period, most first, with the year's count. */
export function DelaysTable({ data }: { data: BulletinData }) {
  const t = useT();
  const rows = data.delays ?? [];
  if (rows.length === 0) return null;
  const count = (key: 'late_report' | 'milestone_overdue' | 'extension_approved' | 'extension_refused') => ({
    key,
    title: t(`delays.kind.${key}`),
    width: 88,
    align: 'right' as const,
    render: (_: unknown, d: Delayed) => d.period[key],
  });
  const columns: TableColumnsType<Delayed> = [
    { key: 'unit', title: t('bulletin.unit'), width: 160, ellipsis: true, render: (_, d) => d.unit.name },
    { key: 'total', title: t('delays.total'), width: 64, align: 'right', render: (_, d) => d.period.total },
    count('late_report'),
    count('milestone_overdue'),
    count('extension_approved'),
    count('extension_refused'),
    { key: 'year', title: t('delays.year'), width: 64, align: 'right', render: (_, d) => d.year },
  ];
  return (
    <div data-testid="bulletin-delays" style={{ marginBottom: 8 }}>
      <Typography.Text strong>{t('bulletin.delays', { count: rows.length })}</Typography.Text>
      <ListTable<Delayed>
        rowKey={(d) => d.unit.id}
        size="small"
        tableLayout="fixed"
        scroll={{ x: 640 }}
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, hideOnSinglePage: true, size: 'small' } : false}
        onRow={(d) => ({ 'data-testid': 'bulletin-delay-row', 'data-unit': d.unit.id }) as object}
      />
    </div>
  );
}

type Instructed = BulletinData['instructions'][number];

/**
 * 领导批示落实情况: the plan's routed 批示 and each unit's state. Printed only when the office ticks it (editing shows
 * the list and the tick; a reader sees it only if printed).
 */
export function InstructionsTable({
  data,
  draft,
  editing,
}: {
  data: BulletinData;
  draft: BulletinDraft;
  editing?: Editing | undefined;
}) {
  const t = useT();
  const rows = data.instructions ?? [];
  if (rows.length === 0 || (!editing && !draft.showInstructions)) return null;
  const columns: TableColumnsType<Instructed> = [
    {
      key: 'body',
      title: t('bulletin.instruction'),
      width: 360,
      render: (_, x) => (
        <Typography.Paragraph ellipsis={{ rows: 3, tooltip: x.body }} style={{ margin: 0 }}>
          <Typography.Text strong>{x.author}</Typography.Text>（{x.writtenOn}，{x.subject}）：{x.body}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'units',
      title: t('bulletin.instructionUnits'),
      width: 260,
      render: (_, x) => (
        <Space orientation="vertical" size={2}>
          {x.units.map((u) => (
            <span key={u.unit.id} data-testid="bulletin-instruction-unit" data-state={u.state}>
              {u.unit.name}{' '}
              <Tag color={u.state === 'answered' ? 'green' : u.state === 'overdue' ? 'red' : 'blue'}>
                {t(`bulletin.instructionState.${u.state}`)}
              </Tag>
            </span>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <div data-testid="bulletin-instructions" style={{ marginBottom: 8 }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text strong>{t('bulletin.instructions', { count: rows.length })}</Typography.Text>
        {editing && (
          <Checkbox
            checked={draft.showInstructions}
            disabled={editing.disabled}
            onChange={(event) => editing.setShowInstructions(event.target.checked)}
            data-testid="bulletin-show-instructions"
          >
            {t('bulletin.showInstructions')}
          </Checkbox>
        )}
      </Flex>
      <ListTable<Instructed>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        scroll={{ x: 620 }}
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, hideOnSinglePage: true, size: 'small' } : false}
        onRow={(x) => ({ 'data-testid': 'bulletin-instruction', 'data-id': x.id }) as object}
      />
    </div>
  );
}

type LateTask = BulletinData['completedLate'][number];

/** Tasks finished after their deadline (逾期完成), listed apart from the work done in time. */
export function CompletedLateTable({ data }: { data: BulletinData }) {
  const t = useT();
  const rows = data.completedLate ?? [];
  if (rows.length === 0) return null;
  const columns: TableColumnsType<LateTask> = [
    {
      key: 'task',
      title: t('bulletin.task'),
      width: 320,
      render: (_, l) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: l.task.text }} style={{ margin: 0 }}>
          <LevelTag level={l.task.level} short />
          {l.task.number ? `${l.task.number}. ` : ''}
          {l.task.text}
        </Typography.Paragraph>
      ),
    },
    { key: 'deadline', title: t('bulletin.deadline'), width: 110, render: (_, l) => l.deadlineOn },
    {
      key: 'units',
      title: t('bulletin.completedLateUnits'),
      width: 220,
      render: (_, l) => l.units.map((u) => u.unit.name).join('、'),
    },
  ];
  return (
    <div data-testid="bulletin-completed-late" style={{ marginBottom: 8 }}>
      <Typography.Text strong>{t('bulletin.completedLate', { count: rows.length })}</Typography.Text>
      <ListTable<LateTask>
        rowKey={(l) => l.task.id}
        size="small"
        tableLayout="fixed"
        pagination={false}
        scroll={{ x: 560 }}
        columns={columns}
        dataSource={rows}
      />
    </div>
  );
}

export function LaggardTable({
  data,
  draft,
  editing,
}: {
  data: BulletinData;
  draft: BulletinDraft;
  editing?: Editing;
}) {
  const t = useT();
  const named = new Set(draft.namedTaskIds);
  const allIds = data.laggards.map((l) => l.task.id);
  const rows = editing ? data.laggards : data.laggards.filter((l) => named.has(l.task.id));
  if (!editing && rows.length === 0) return null;
  const columns: TableColumnsType<Laggard> = [
    ...(editing
      ? [
          {
            key: 'named',
            title: t('bulletin.named'),
            width: 64,
            align: 'center' as const,
            render: (_: unknown, l: Laggard) => (
              <Checkbox
                checked={named.has(l.task.id)}
                disabled={editing.disabled}
                onChange={(event) =>
                  editing.setNamed(toggled(allIds, draft.namedTaskIds, l.task.id, event.target.checked))
                }
                aria-label={t('bulletin.nameTask', { number: l.task.number ?? '' })}
                data-testid="bulletin-name-task"
              />
            ),
          },
        ]
      : []),
    {
      key: 'task',
      title: t('bulletin.task'),
      width: 320,
      render: (_, l) => (
        <Typography.Paragraph ellipsis={{ rows: 3, tooltip: l.task.text }} style={{ margin: 0 }}>
          <LevelTag level={l.task.level} short />
          {l.task.number ? `${l.task.number}. ` : ''}
          {l.task.text}
        </Typography.Paragraph>
      ),
    },
    { key: 'light', title: t('bulletin.light'), width: 80, render: (_, l) => <LightTag light={l.light} /> },
    {
      key: 'units',
      title: t('bulletin.unitsAndReasons'),
      width: 340,
      render: (_, l) => (
        <Space orientation="vertical" size={2} style={{ width: '100%' }}>
          {l.units.map((u) => (
            <div key={u.unit.id}>
              <Typography.Text strong>{u.unit.name}</Typography.Text>{' '}
              {u.status ? <ItemStatusTag status={u.status} /> : <Tag color="red">{t('supervision.unreported')}</Tag>}
              <ProgressTag progress={u.progressClass ?? null} />
              {(u.lagReasons ?? []).map((r) => (
                <Tag key={r} color="orange" data-testid="bulletin-lag-reason">
                  {r}
                </Tag>
              ))}
              {u.reason && (
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {u.reason}
                </Typography.Text>
              )}
            </div>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <div data-testid="bulletin-laggards" style={{ marginBottom: 8 }}>
      {editing && (
        <Flex wrap gap={8} align="center" style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">
            {t('bulletin.namedCount', { named: namedCount(data, draft), total: data.laggards.length })}
          </Typography.Text>
          <Button
            size="small"
            type="link"
            disabled={editing.disabled}
            onClick={() => editing.setNamed(allIds)}
            data-testid="bulletin-name-all"
          >
            {t('bulletin.nameAll')}
          </Button>
          <Button
            size="small"
            type="link"
            disabled={editing.disabled}
            onClick={() => editing.setNamed(data.laggards.filter((l) => l.light === 'red').map((l) => l.task.id))}
          >
            {t('bulletin.nameRed')}
          </Button>
          <Button size="small" type="link" disabled={editing.disabled} onClick={() => editing.setNamed([])}>
            {t('bulletin.nameNone')}
          </Button>
        </Flex>
      )}
      <ListTable<Laggard>
        rowKey={(l) => l.task.id}
        size="small"
        tableLayout="fixed"
        scroll={{ x: editing ? 820 : 760 }}
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, hideOnSinglePage: true, size: 'small' } : false}
        onRow={(l) =>
          ({
            'data-testid': 'bulletin-laggard',
            'data-task': l.task.id,
            'data-light': l.light,
            'data-named': named.has(l.task.id) ? 'true' : 'false',
          }) as object
        }
        locale={{ emptyText: t('bulletin.noLaggards') }}
      />
    </div>
  );
}

export function CommendationTable({
  data,
  draft,
  editing,
}: {
  data: BulletinData;
  draft: BulletinDraft;
  editing?: Editing;
}) {
  const t = useT();
  const commended = new Set(draft.commendedUnitIds);
  const allIds = data.commendations.map((c) => c.unit.id);
  const rows = editing ? data.commendations : data.commendations.filter((c) => commended.has(c.unit.id));
  if (rows.length === 0) {
    return editing ? (
      <Typography.Paragraph type="secondary" data-testid="bulletin-no-commendations">
        {t('bulletin.noCommendations')}
      </Typography.Paragraph>
    ) : null;
  }
  const columns: TableColumnsType<Commendation> = [
    ...(editing
      ? [
          {
            key: 'commended',
            title: t('bulletin.commended'),
            width: 64,
            align: 'center' as const,
            render: (_: unknown, c: Commendation) => (
              <Checkbox
                checked={commended.has(c.unit.id)}
                disabled={editing.disabled}
                onChange={(event) =>
                  editing.setCommended(toggled(allIds, draft.commendedUnitIds, c.unit.id, event.target.checked))
                }
                aria-label={t('bulletin.commendUnit', { name: c.unit.name })}
                data-testid="bulletin-commend-unit"
              />
            ),
          },
        ]
      : []),
    { key: 'unit', title: t('bulletin.unit'), width: 180, render: (_, c) => c.unit.name },
    { key: 'items', title: t('bulletin.items'), width: 80, align: 'right', render: (_, c) => c.items },
    { key: 'reason', title: t('bulletin.reason'), width: 300, render: (_, c) => c.reason },
  ];
  return (
    <ListTable<Commendation>
      rowKey={(c) => c.unit.id}
      size="small"
      tableLayout="fixed"
      scroll={{ x: 600 }}
      columns={columns}
      dataSource={rows}
      pagination={false}
      style={{ marginBottom: 8 }}
      onRow={(c) =>
        ({
          'data-testid': 'bulletin-commendation',
          'data-unit': c.unit.id,
          'data-commended': commended.has(c.unit.id) ? 'true' : 'false',
        }) as object
      }
      data-testid="bulletin-commendations"
    />
  );
}

/** Open coordination requests and 督办单 of the plan, as the figures stood. */
export function OpenMatters({ data }: { data: BulletinData }) {
  const t = useT();
  const layout = useListLayout();
  if (data.coordination.length === 0 && data.notices.length === 0) return null;
  return (
    <Descriptions
      {...layout}
      size="small"
      bordered
      column={1}
      style={{ marginBottom: 8 }}
      data-testid="bulletin-open-matters"
      data-coordination={data.coordination.length}
      data-notices={data.notices.length}
      items={[
        {
          key: 'coordination',
          label: t('bulletin.openCoordination', { count: data.coordination.length }),
          children: data.coordination.length ? (
            <Space orientation="vertical" size={2}>
              {data.coordination.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the snapshot's rows carry no id
                <span key={i}>
                  {c.title} · {c.unit} <Tag>{coordinationLabel(c.status, t)}</Tag>
                </span>
              ))}
            </Space>
          ) : (
            t('bulletin.none')
          ),
        },
        {
          key: 'notices',
          label: t('bulletin.openNotices', { count: data.notices.length }),
          children: data.notices.length ? (
            <Space orientation="vertical" size={2}>
              {data.notices.map((n) => (
                <span key={n.number}>
                  {n.number} · {n.unit} <Tag>{noticeLabel(n.status, t)}</Tag>
                </span>
              ))}
            </Space>
          ) : (
            t('bulletin.none')
          ),
        },
      ]}
    />
  );
}

// ---- 发布 -----------------------------------------------------------------------------------------------
