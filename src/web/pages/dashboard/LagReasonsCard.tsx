// 本期滞后原因分布: the period's 滞后/受阻 items counted by the reason units gave (an item may give several), each
// reason clicking through to the supervised task list filtered by it; its tasks are named in a popover.

import { Card, Empty, Flex, Popover, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Dashboard } from '../../api/types';
import { useI18n } from '../../i18n';
import { supervisionListPath } from './chartOptions';

export function LagReasonsCard({ data, planId }: { data: Dashboard; planId: string }) {
  const { t, lang } = useI18n();
  const max = Math.max(1, ...data.lagReasons.map((g) => g.items));
  return (
    <Card size="small" title={t('dashboard.lagReasons')} data-testid="dashboard-lag-reasons">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('dashboard.lagReasonsHint')}
      </Typography.Paragraph>
      {data.lagReasons.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.lagReasonsEmpty')} />
      ) : (
        <Flex vertical gap={6}>
          {data.lagReasons.map((g) => (
            <Flex
              key={g.key}
              align="center"
              gap={8}
              data-testid="lag-reason-group"
              data-key={g.key}
              data-count={g.items}
            >
              <Popover
                title={lang === 'en' ? (g.labelEn ?? g.labelZh) : g.labelZh}
                content={
                  <Flex vertical gap={4} style={{ maxWidth: 420 }}>
                    {g.tasks.map((task) => (
                      <Link key={task.id} to={`/tasks/${encodeURIComponent(task.id)}`}>
                        <Typography.Text ellipsis style={{ maxWidth: 400 }}>
                          {task.number ? `${task.number}. ` : ''}
                          {task.text}
                        </Typography.Text>
                      </Link>
                    ))}
                  </Flex>
                }
              >
                <Link to={supervisionListPath(planId, { lagReason: g.key })} style={{ minWidth: 96 }}>
                  <Tag color={g.needsDistrict ? 'volcano' : 'gold'}>
                    {lang === 'en' ? (g.labelEn ?? g.labelZh) : g.labelZh}
                  </Tag>
                </Link>
              </Popover>
              <div
                style={{ flex: 1, height: 10, background: '#f0f0f0', borderRadius: 5, overflow: 'hidden' }}
                aria-hidden
              >
                <div
                  style={{
                    width: `${(g.items / max) * 100}%`,
                    height: '100%',
                    background: g.needsDistrict ? '#fa541c' : '#faad14',
                  }}
                />
              </div>
              <Typography.Text strong data-testid="lag-reason-count">
                {t('dashboard.lagReasonItems', { count: g.items })}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}
