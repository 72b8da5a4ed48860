// The bulletin's figures: item statuses, the table by source and the submission lists.

import { Descriptions, Flex, Grid, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { BulletinData } from '../../api/types';
import { ListTable } from '../../components/ListTable';
import { LevelTag } from '../../components/tags';
import { useT } from '../../i18n';
import { LIGHTS, PROGRESS_CLASS_LIST, PROGRESS_COLORS } from '../../vocab';
import { ITEM_STATUS_ORDER, itemStatusLabel } from './model';

export function ItemStatusLine({ data }: { data: BulletinData }) {
  const t = useT();
  const counts = data.overview.itemStatuses;
  return (
    <Flex
      wrap
      gap={8}
      align="center"
      style={{ marginBottom: 12 }}
      data-testid="bulletin-item-statuses"
      data-values={JSON.stringify(counts)}
    >
      <Typography.Text type="secondary">
        {t('bulletin.totals', { tasks: data.overview.tasks, items: data.overview.items })}
      </Typography.Text>
      {ITEM_STATUS_ORDER.filter((s) => (counts[s] ?? 0) > 0).map((s) => (
        <Tag key={s}>
          {itemStatusLabel(s, t)} {counts[s]}
        </Tag>
      ))}
    </Flex>
  );
}

/** Items by progress class (对照序时进度), when the bulletin was generated with them. */
export function ProgressLine({ data }: { data: BulletinData }) {
  const t = useT();
  const counts = data.overview.progress;
  if (!counts) return null;
  return (
    <Flex
      wrap
      gap={8}
      align="center"
      style={{ marginBottom: 12 }}
      data-testid="bulletin-progress"
      data-values={JSON.stringify(counts)}
    >
      <Typography.Text type="secondary">{t('bulletin.progressLine')}</Typography.Text>
      {PROGRESS_CLASS_LIST.map((c) => (
        <Tag key={c} color={PROGRESS_COLORS[c]}>
          {t(`progressClass.${c}`)} {counts[c] ?? 0}
        </Tag>
      ))}
    </Flex>
  );
}

type SourceRow = BulletinData['overview']['bySource'][number];

export function SourceTable({ data }: { data: BulletinData }) {
  const t = useT();
  const rows = data.overview.bySource;
  const columns: TableColumnsType<SourceRow> = [
    {
      key: 'source',
      title: t('bulletin.source'),
      width: 200,
      render: (_, s) => (
        <span>
          <LevelTag level={s.level} />
          {s.title}
        </span>
      ),
    },
    { key: 'tasks', title: t('bulletin.tasks'), width: 80, align: 'right', render: (_, s) => s.tasks },
    { key: 'completed', title: t('bulletin.completed'), width: 80, align: 'right', render: (_, s) => s.completed },
    ...LIGHTS.map((light) => ({
      key: light,
      title: t(`light.${light}`),
      width: 70,
      align: 'right' as const,
      render: (_: unknown, s: SourceRow) => s.lights[light],
    })),
  ];
  const total = data.overview.taskLights;
  return (
    <div
      data-testid="bulletin-by-source"
      data-values={JSON.stringify(rows.map((s) => ({ level: s.level, tasks: s.tasks, ...s.lights })))}
    >
      <ListTable<SourceRow>
        rowKey={(s) => `${s.level}:${s.title}`}
        size="small"
        pagination={false}
        scroll={{ x: 640 }}
        columns={columns}
        dataSource={rows}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{t('bulletin.total')}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              {data.overview.tasks}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {rows.reduce((n, s) => n + s.completed, 0)}
            </Table.Summary.Cell>
            {LIGHTS.map((light, i) => (
              <Table.Summary.Cell key={light} index={3 + i} align="right">
                {total[light]}
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        )}
      />
    </div>
  );
}

/** Labels above the lists on a phone, beside them (one width) on a wider screen. */
export function useListLayout() {
  const narrow = !Grid.useBreakpoint().sm;
  return narrow
    ? ({ layout: 'vertical' } as const)
    : ({ layout: 'horizontal', styles: { label: { width: 150 } } } as const);
}

export function SubmissionLists({ data }: { data: BulletinData }) {
  const t = useT();
  const layout = useListLayout();
  const { onTime, late, missing } = data.submissions;
  const none = <Typography.Text type="secondary">{t('bulletin.none')}</Typography.Text>;
  return (
    <Descriptions
      {...layout}
      size="small"
      bordered
      column={1}
      style={{ marginBottom: 8 }}
      data-testid="bulletin-submissions"
      data-on-time={onTime.length}
      data-late={late.length}
      data-missing={missing.length}
      items={[
        {
          key: 'onTime',
          label: t('bulletin.onTime', { count: onTime.length }),
          children: onTime.length ? (
            <Flex wrap gap={4}>
              {onTime.map((u) => (
                <Tag key={u.id} color="green">
                  {u.name}
                </Tag>
              ))}
            </Flex>
          ) : (
            none
          ),
        },
        {
          key: 'late',
          label: t('bulletin.late', { count: late.length }),
          children: late.length ? (
            <Flex wrap gap={4}>
              {late.map((u) => (
                <Tag key={u.id} color="gold">
                  {t('bulletin.lateUnit', { name: u.name, days: u.lateDays })}
                </Tag>
              ))}
            </Flex>
          ) : (
            none
          ),
        },
        {
          key: 'missing',
          label: t('bulletin.missing', { count: missing.length }),
          children: missing.length ? (
            <Flex wrap gap={4}>
              {missing.map((u) => (
                <Tag key={u.id} color="red">
                  {u.name}
                </Tag>
              ))}
            </Flex>
          ) : (
            none
          ),
        },
      ]}
    />
  );
}
