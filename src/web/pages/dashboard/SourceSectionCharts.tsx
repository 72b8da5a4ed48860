// Lights by source and by top-level section.

import { Empty } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Dashboard } from '../../api/types';
import { EChart } from '../../components/EChart';
import { ListTable } from '../../components/ListTable';
import { LevelTag } from '../../components/tags';
import { useT } from '../../i18n';
import { ChartCard, LightLinks, useLabelWidth } from './ChartCard';
import { hitRow, ROW_PX, sectionLabels, stackedHits, stackedRows, supervisionListPath } from './chartOptions';

// ---- by source -----------------------------------------------------------------------------------------

export function SourceChart({ data }: { data: Dashboard }) {
  const t = useT();
  const navigate = useNavigate();
  const planId = data.plan.id;
  const rows = data.bySource;
  const labels = rows.map((r) => t(`level.${r.level}`));
  const option = useMemo(
    () =>
      stackedRows(
        t,
        rows.map((r) => t(`level.${r.level}`)),
        rows.map((r) => r.lights),
        100,
      ),
    [t, rows],
  );
  const values = rows.map((r) => ({ level: r.level, ...r.lights, completed: r.completed }));
  return (
    <ChartCard
      title={t('dashboard.bySource')}
      testid="chart-by-source"
      chart={
        <EChart
          testid="chart-by-source"
          ariaLabel={t('dashboard.bySource')}
          option={option}
          height={Math.max(180, rows.length * 48 + 60)}
          values={values}
          hits={stackedHits(
            rows.map((r) => r.level),
            rows.map((r) => r.lights),
          )}
          onClick={(event) => {
            const hit = hitRow(event, labels);
            const row = hit && rows[hit.index];
            if (row) navigate(supervisionListPath(planId, { level: row.level, light: hit.light }));
          }}
        />
      }
      table={
        <ListTable
          size="small"
          rowKey="level"
          pagination={false}
          dataSource={rows}
          columns={[
            {
              key: 'level',
              title: t('dashboard.source'),
              render: (_, r) => (
                <Link to={supervisionListPath(planId, { level: r.level })}>
                  <LevelTag level={r.level} />
                </Link>
              ),
            },
            {
              key: 'lights',
              title: t('dashboard.lights'),
              render: (_, r) => (
                <LightLinks
                  counts={r.lights}
                  chart="by-source"
                  attrs={{ 'data-level': r.level }}
                  to={(light) => supervisionListPath(planId, { level: r.level, light })}
                />
              ),
            },
            { key: 'completed', title: t('dashboard.completed'), width: 80, render: (_, r) => r.completed },
          ]}
        />
      }
    />
  );
}

// ---- by section ---------------------------------------------------------------------------------------

export function SectionChart({ data }: { data: Dashboard }) {
  const t = useT();
  const navigate = useNavigate();
  const labelWidth = useLabelWidth();
  const planId = data.plan.id;
  const rows = data.bySection;
  const labels = sectionLabels(rows, t);
  const option = useMemo(
    () =>
      stackedRows(
        t,
        sectionLabels(rows, t),
        rows.map((r) => r.lights),
        labelWidth,
      ),
    [t, rows, labelWidth],
  );
  return (
    <ChartCard
      title={t('dashboard.bySection')}
      testid="chart-by-section"
      chart={
        rows.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <EChart
            testid="chart-by-section"
            ariaLabel={t('dashboard.bySection')}
            option={option}
            height={rows.length * ROW_PX + 70}
            values={rows.map((r) => ({ id: r.id, title: r.title, level: r.level, ...r.lights }))}
            onClick={(event) => {
              const hit = hitRow(event, labels);
              const row = hit && rows[hit.index];
              if (row) navigate(supervisionListPath(planId, { sectionId: row.id, light: hit.light }));
            }}
          />
        )
      }
      table={
        <ListTable
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              key: 'title',
              title: t('dashboard.section'),
              render: (_, r) => (
                <Link to={supervisionListPath(planId, { sectionId: r.id })}>
                  <LevelTag level={r.level} short />
                  {r.title}
                </Link>
              ),
            },
            {
              key: 'lights',
              title: t('dashboard.lights'),
              width: 220,
              render: (_, r) => (
                <LightLinks
                  counts={r.lights}
                  chart="by-section"
                  attrs={{ 'data-section': r.id }}
                  to={(light) => supervisionListPath(planId, { sectionId: r.id, light })}
                />
              ),
            },
          ]}
        />
      }
    />
  );
}
