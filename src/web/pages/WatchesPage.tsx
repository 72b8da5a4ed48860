// 我的关注: what a district leader watches — tasks, units and 督办单 — each with its light as the dashboard reads it,
// red items first, a link to the page where it is followed, and 取消关注. A unit is watched from here.

import { StarOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Select, Space, type TableColumnsType, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Link } from 'react-router';
import type { Watch } from '../../api/watches';
import { useInstructions } from '../api/instructions';
import { useUnits } from '../api/units';
import { useSetWatch, useWatches } from '../api/watches';
import { InstructionList } from '../components/InstructionList';
import { ListTable } from '../components/ListTable';
import { LightTag } from '../components/lights';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/status';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { notifySuccess } from '../notify';

const SEVERITY = { red: 0, yellow: 1, green: 2, grey: 3 } as const;

/** Where a watched subject is followed. */
function pathOf(w: Watch): string {
  if (w.subjectType === 'task') return `/tasks/${w.subjectId}`;
  if (w.subjectType === 'unit') return `/supervision/tasks?unitId=${w.subjectId}`;
  return `/supervision-notices/${w.subjectId}`;
}

export default function WatchesPage() {
  const { t, lang } = useI18n();
  const watches = useWatches();
  const setWatch = useSetWatch();
  const units = useUnits({ level: 'district' });
  const instructions = useInstructions(true);
  const [unitId, setUnitId] = useState<string>();

  const items = [...(watches.data?.items ?? [])].sort(
    (a, b) => b.red - a.red || (SEVERITY[a.light ?? 'grey'] ?? 3) - (SEVERITY[b.light ?? 'grey'] ?? 3),
  );
  const watchedUnits = new Set(items.filter((w) => w.subjectType === 'unit').map((w) => w.subjectId));
  const change = (subjectType: Watch['subjectType'], subjectId: string, watch: boolean) =>
    setWatch.mutate(
      { subjectType, subjectId, watch },
      { onSuccess: () => notifySuccess(t(watch ? 'watch.added' : 'watch.removed')) },
    );

  const columns: TableColumnsType<Watch> = [
    {
      key: 'type',
      title: t('watch.type'),
      width: 90,
      render: (_, w) => <Tag>{t(`watch.subject.${w.subjectType}`)}</Tag>,
    },
    {
      key: 'title',
      title: t('watch.subjectTitle'),
      render: (_, w) => (
        <div>
          <Link to={pathOf(w)} data-testid="watch-link">
            {w.title}
          </Link>
          {w.detail && w.subjectType !== 'task' && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 1, tooltip: w.detail }} style={{ margin: 0 }}>
              {w.detail}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    {
      key: 'light',
      title: t('dashboard.light'),
      width: 150,
      render: (_, w) => (
        <Space size={4} wrap>
          {w.light ? <LightTag light={w.light} /> : <Typography.Text type="secondary">—</Typography.Text>}
          {w.status && <Tag>{t(`watch.noticeStatus.${w.status}`)}</Tag>}
          {w.red > 0 && (
            <Typography.Text type="danger" data-testid="watch-red">
              {t(w.subjectType === 'supervision_notice' ? 'watch.answerOverdue' : 'watch.redItems', { count: w.red })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'watchedAt',
      title: t('watch.watchedAt'),
      width: 150,
      render: (_, w) => formatDateTime(w.watchedAt, lang),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 110,
      render: (_, w) => (
        <Button
          size="small"
          onClick={() => change(w.subjectType, w.subjectId, false)}
          loading={setWatch.isPending && setWatch.variables?.subjectId === w.subjectId}
          data-testid="watch-remove"
        >
          {t('watch.unwatch')}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <PageHeader title={t('watch.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('watch.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Flex wrap gap={8} align="center">
            <Select<string>
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('watch.pickUnit')}
              value={unitId}
              onChange={setUnitId}
              loading={units.isPending}
              style={{ width: 260, maxWidth: '100%' }}
              options={(units.data ?? [])
                .filter((u) => !watchedUnits.has(u.id))
                .map((u) => ({ value: u.id, label: u.name }))}
              data-testid="watch-unit-picker"
            />
            <Button
              icon={<StarOutlined />}
              disabled={!unitId}
              onClick={() => {
                if (unitId) change('unit', unitId, true);
                setUnitId(undefined);
              }}
              data-testid="watch-unit"
            >
              {t('watch.watchUnit')}
            </Button>
          </Flex>
        </Card>
        {watches.isError ? (
          <QueryError error={watches.error} />
        ) : (
          <ListTable<Watch>
            rowKey={(w) => `${w.subjectType}:${w.subjectId}`}
            loading={watches.isPending}
            columns={columns}
            dataSource={items}
            pagination={false}
            locale={{ emptyText: <Empty description={t('watch.empty')} /> }}
            onRow={(w) =>
              ({ 'data-testid': 'watch-row', 'data-subject': w.subjectType }) as HTMLAttributes<HTMLElement>
            }
          />
        )}
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('instruction.mine')}
        </Typography.Title>
        <InstructionList items={instructions.data?.items ?? []} loading={instructions.isPending} />
      </Space>
    </div>
  );
}
