// Lights by unit, with this period's submission.

import { Empty, Flex, Space, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Dashboard, SubmissionState } from '../../api/types';
import { type ChartOption, EChart } from '../../components/EChart';
import { ListTable } from '../../components/ListTable';
import { LightDot } from '../../components/lights';
import { useT } from '../../i18n';
import { SUBMISSION_STATE_COLORS, SUBMISSION_STATES } from '../../vocab';
import { ChartCard, LightLinks, useLabelWidth } from './ChartCard';
import { hitRow, ROW_PX, stackedRows, supervisionListPath, UNITS_SHOWN } from './chartOptions';

// ---- by unit --------------------------------------------------------------------------------------------

function SubmissionTag({ state }: { state: SubmissionState }) {
  const t = useT();
  return (
    <Tag
      color={SUBMISSION_STATE_COLORS[state]}
      style={{ color: state === 'pending' ? 'rgba(0,0,0,0.75)' : undefined }}
      data-testid="unit-submission"
      data-state={state}
    >
      {t(`submissionState.${state}`)}
    </Tag>
  );
}

export function UnitChart({ data }: { data: Dashboard }) {
  const t = useT();
  const navigate = useNavigate();
  const labelWidth = useLabelWidth();
  const [all, setAll] = useState(false);
  const planId = data.plan.id;
  // Most red first (the server's order).
  const rows = useMemo(() => (all ? data.byUnit : data.byUnit.slice(0, UNITS_SHOWN)), [all, data.byUnit]);
  const labels = rows.map((r) => r.unit.name);
  const states = useMemo(() => {
    const counts: Record<SubmissionState, number> = { on_time: 0, late: 0, missing: 0, pending: 0 };
    for (const r of data.byUnit) counts[r.submission] += 1;
    return counts;
  }, [data.byUnit]);
  const option = useMemo<ChartOption>(() => {
    const names = rows.map((r) => r.unit.name);
    const base = stackedRows(
      t,
      names,
      rows.map((r) => r.lights),
      labelWidth,
    );
    // A dot before each unit's name: this period's submission (on time / late / missing / not yet due).
    return {
      ...base,
      yAxis: {
        type: 'category',
        inverse: true,
        data: names,
        triggerEvent: true,
        axisLabel: {
          interval: 0,
          width: labelWidth,
          overflow: 'truncate',
          formatter: (value: string, index: number) => `{${rows[index]?.submission ?? 'pending'}|●} ${value}`,
          rich: Object.fromEntries(SUBMISSION_STATES.map((s) => [s, { color: SUBMISSION_STATE_COLORS[s] }])),
        },
      },
    };
  }, [t, rows, labelWidth]);

  return (
    <ChartCard
      title={t('dashboard.byUnit')}
      testid="chart-by-unit"
      extra={
        <Flex wrap gap={8} align="center" justify="space-between" style={{ marginBottom: 8 }}>
          <Flex wrap gap={4} data-testid="submission-states">
            <Typography.Text type="secondary">{t('dashboard.thisPeriod')}</Typography.Text>
            {SUBMISSION_STATES.map((state) => (
              <span key={state} data-testid="submission-state" data-state={state} data-count={states[state]}>
                <LightDot light="grey" style={{ background: SUBMISSION_STATE_COLORS[state], marginInlineEnd: 4 }} />
                {t(`submissionState.${state}`)} {states[state]}
              </span>
            ))}
          </Flex>
          {data.byUnit.length > UNITS_SHOWN && (
            <Space size={4}>
              <Switch size="small" checked={all} onChange={setAll} data-testid="units-all" />
              <Typography.Text type="secondary">
                {t('dashboard.allUnits', { count: data.byUnit.length })}
              </Typography.Text>
            </Space>
          )}
        </Flex>
      }
      chart={
        rows.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <EChart
            testid="chart-by-unit"
            ariaLabel={t('dashboard.byUnit')}
            option={option}
            height={rows.length * ROW_PX + 70}
            values={rows.map((r) => ({ id: r.unit.id, name: r.unit.name, submission: r.submission, ...r.lights }))}
            onClick={(event) => {
              const hit = hitRow(event, labels);
              const row = hit && rows[hit.index];
              if (row) navigate(supervisionListPath(planId, { unitId: row.unit.id, light: hit.light }));
            }}
          />
        )
      }
      table={
        <ListTable
          size="small"
          rowKey={(r) => r.unit.id}
          dataSource={data.byUnit}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          onRow={(r) => ({ 'data-testid': 'unit-row', 'data-unit': r.unit.name }) as object}
          columns={[
            {
              key: 'unit',
              title: t('dashboard.unit'),
              render: (_, r) => <Link to={supervisionListPath(planId, { unitId: r.unit.id })}>{r.unit.name}</Link>,
            },
            {
              key: 'submission',
              title: t('dashboard.thisPeriod'),
              width: 90,
              render: (_, r) => <SubmissionTag state={r.submission} />,
            },
            {
              key: 'lights',
              title: t('dashboard.lights'),
              width: 220,
              render: (_, r) => (
                <LightLinks
                  counts={r.lights}
                  chart="by-unit"
                  attrs={{ 'data-unit': r.unit.name, 'data-unit-id': r.unit.id }}
                  to={(light) => supervisionListPath(planId, { unitId: r.unit.id, light })}
                />
              ),
            },
          ]}
        />
      }
    />
  );
}
