// The trend of lights across periods.

import { Empty } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Dashboard } from '../../api/types';
import { type ChartOption, EChart } from '../../components/EChart';
import { ListTable } from '../../components/ListTable';
import { useT } from '../../i18n';
import { canOpen } from '../../roles';
import { useMe } from '../../session';
import { isLight } from '../../vocab';
import { ChartCard, LightLinks } from './ChartCard';
import { legend, lightSeries, supervisionListPath } from './chartOptions';

// ---- trend ----------------------------------------------------------------------------------------------

export function TrendChart({ data }: { data: Dashboard }) {
  const t = useT();
  const me = useMe();
  const navigate = useNavigate();
  const planId = data.plan.id;
  const rows = data.trend;
  const reviews = canOpen(me, 'reviews');
  const option = useMemo<ChartOption>(
    () => ({
      animationDuration: 300,
      tooltip: { trigger: 'axis', confine: true },
      legend: legend(t, [t('dashboard.onTimeRate')]),
      grid: { left: 4, right: 4, top: 36, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: { type: 'category', data: rows.map((r) => r.period.label), axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        ...lightSeries(t, (light) => rows.map((r) => r.lights[light])),
        {
          id: 'rate',
          name: t('dashboard.onTimeRate'),
          type: 'line',
          yAxisIndex: 1,
          data: rows.map((r) => (r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10)),
          itemStyle: { color: '#1f5fbf' },
          symbolSize: 8,
          tooltip: { valueFormatter: (value) => (value === null || value === undefined ? '—' : `${value}%`) },
        },
      ],
    }),
    [t, rows],
  );
  return (
    <ChartCard
      title={t('dashboard.trend')}
      testid="chart-trend"
      chart={
        rows.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noPeriods')} />
        ) : (
          <EChart
            testid="chart-trend"
            ariaLabel={t('dashboard.trend')}
            option={option}
            height={280}
            values={rows.map((r) => ({
              id: r.period.id,
              label: r.period.label,
              onTimeRate: r.onTimeRate,
              ...r.lights,
            }))}
            onClick={(event) => {
              const row = rows[event.dataIndex];
              if (event.componentType !== 'series' || !row) return;
              // A period's on-time rate opens its submissions (the office's review queue); a light, today's list.
              if (event.seriesId === 'rate') {
                if (reviews) navigate(`/reviews?period=${encodeURIComponent(row.period.id)}`);
              } else if (isLight(event.seriesId ?? '')) {
                navigate(supervisionListPath(planId, { light: event.seriesId }));
              }
            }}
          />
        )
      }
      table={
        <ListTable
          size="small"
          rowKey={(r) => r.period.id}
          pagination={false}
          dataSource={rows}
          columns={[
            {
              key: 'period',
              title: t('dashboard.period'),
              render: (_, r) =>
                reviews ? (
                  <Link to={`/reviews?period=${encodeURIComponent(r.period.id)}`}>{r.period.label}</Link>
                ) : (
                  r.period.label
                ),
            },
            {
              key: 'lights',
              title: t('dashboard.itemLights'),
              render: (_, r) => (
                <LightLinks
                  counts={r.lights}
                  chart="trend"
                  attrs={{ 'data-period': r.period.id }}
                  to={(light) => supervisionListPath(planId, { light })}
                />
              ),
            },
            {
              key: 'rate',
              title: t('dashboard.onTimeRate'),
              width: 90,
              render: (_, r) => (r.onTimeRate === null ? '—' : `${Math.round(r.onTimeRate * 1000) / 10}%`),
            },
          ]}
        />
      }
    />
  );
}
