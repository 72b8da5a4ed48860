// 督办总览: for the office and the district leaders, the plan's tasks by light (KPIs), lights by source,
// by top-level section and by unit (with this period's submission), the trend across periods and the
// lagging list; for a unit, the same over its own items plus what is due. Every chart, KPI and count
// clicks through to the supervised task list with the matching filter. Each chart has a 数据 view: the
// same figures as a table of links (for phones, screen readers and tests).

import { ClockCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  Card,
  Col,
  Empty,
  Flex,
  Grid,
  List,
  Row,
  Segmented,
  Skeleton,
  Space,
  Statistic,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useDashboard } from '../api/supervision';
import type { Dashboard, Light, LightCounts, SubmissionState } from '../api/types';
import { type ChartClick, type ChartInstance, type ChartOption, EChart } from '../components/EChart';
import { LightDot, LightTag, reasonsText, UnitLight } from '../components/lights';
import { PageHeader } from '../components/PageHeader';
import { PlanPicker, usePlanChoice } from '../components/PlanPicker';
import { QueryError } from '../components/status';
import { LevelTag } from '../components/tags';
import { formatCstMinute, formatDateTime, todayCst } from '../format';
import { type Translate, useI18n, useT } from '../i18n';
import { canOpen, isUnitRole } from '../roles';
import { useMe } from '../session';
import { isLight, LIGHT_COLORS, LIGHTS, SUBMISSION_STATE_COLORS, SUBMISSION_STATES } from '../vocab';

type ListFilter = Partial<Record<'light' | 'level' | 'sectionId' | 'unitId', string>>;

/** The supervised task list of the plan, filtered. */
export function supervisionListPath(planId: string, filter: ListFilter = {}): string {
  const params = new URLSearchParams({ planId });
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return `/supervision/tasks?${params}`;
}

const UNITS_SHOWN = 15;
const ROW_PX = 26;

export default function DashboardPage() {
  const t = useT();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const choice = usePlanChoice(params.get('planId') || undefined);
  const dashboard = useDashboard(choice.planId);

  // Nothing imported yet: the office starts from the plans (where the import is).
  if (choice.none) return <Navigate to="/plans" replace />;

  return (
    <div>
      <PageHeader
        title={t('dashboard.title')}
        extra={
          <PlanPicker
            value={choice.planId}
            plans={choice.plans}
            loading={choice.loading}
            onChange={(planId) => setParams({ planId }, { replace: true })}
          />
        }
      >
        {dashboard.data && <AsOf data={dashboard.data} />}
      </PageHeader>
      {dashboard.isError ? (
        <QueryError error={dashboard.error} onRetry={() => dashboard.refetch()} />
      ) : dashboard.data ? (
        <DashboardView data={dashboard.data} unitView={isUnitRole(me.role)} />
      ) : (
        <Card>
          <Skeleton active />
        </Card>
      )}
    </div>
  );
}

function AsOf({ data }: { data: Dashboard }) {
  const { t, lang } = useI18n();
  return (
    <Typography.Text type="secondary" data-testid="dashboard-as-of">
      {t('dashboard.asOf', { time: formatDateTime(data.asOf, lang) })}
      {data.period &&
        ` · ${t('dashboard.currentPeriod', { label: data.period.label, due: formatCstMinute(data.period.dueAt) })}`}
    </Typography.Text>
  );
}

function DashboardView({ data, unitView }: { data: Dashboard; unitView: boolean }) {
  const planId = data.plan.id;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard">
      {data.due && <DueCard due={data.due} />}
      <Kpis data={data} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <SourceChart data={data} />
        </Col>
        <Col xs={24} xl={12}>
          <TrendChart data={data} />
        </Col>
        <Col xs={24} xl={unitView ? 24 : 12}>
          <SectionChart data={data} />
        </Col>
        {!unitView && (
          <Col xs={24} xl={12}>
            <UnitChart data={data} />
          </Col>
        )}
      </Row>
      <LaggingCard data={data} planId={planId} />
    </Space>
  );
}

// ---- KPIs ---------------------------------------------------------------------------------------------

function Kpi({
  testid,
  label,
  value,
  display,
  color,
  to,
}: {
  testid: string;
  label: ReactNode;
  value: number | null;
  display?: string;
  color?: string;
  to?: string;
}) {
  const card = (
    <Card
      size="small"
      hoverable={Boolean(to)}
      style={{ height: '100%', borderTop: color ? `3px solid ${color}` : undefined }}
    >
      <div data-testid={testid} data-value={value ?? ''}>
        <Statistic
          title={label}
          value={display ?? value ?? '—'}
          styles={{ content: color ? { color: color === LIGHT_COLORS.grey ? '#8c8c8c' : color } : undefined }}
        />
      </div>
    </Card>
  );
  return to ? (
    <Link to={to} style={{ display: 'block', height: '100%' }}>
      {card}
    </Link>
  ) : (
    card
  );
}

function Kpis({ data }: { data: Dashboard }) {
  const t = useT();
  const planId = data.plan.id;
  const current = data.trend.find((p) => p.period.id === data.period?.id);
  const rate = current?.onTimeRate ?? null;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={12} sm={8} lg={4}>
        <Kpi
          testid="kpi-tasks"
          label={t('dashboard.kpiTasks')}
          value={data.totals.tasks}
          to={supervisionListPath(planId)}
        />
      </Col>
      {LIGHTS.map((light) => (
        <Col xs={12} sm={8} lg={4} key={light}>
          <Kpi
            testid={`kpi-${light}`}
            label={t(`dashboard.kpi.${light}`)}
            value={data.totals.taskLights[light]}
            color={LIGHT_COLORS[light]}
            to={supervisionListPath(planId, { light })}
          />
        </Col>
      ))}
      <Col xs={12} sm={8} lg={4}>
        <Kpi
          testid="kpi-on-time"
          label={t('dashboard.kpiOnTime')}
          value={rate === null ? null : Math.round(rate * 1000) / 10}
          display={rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`}
        />
      </Col>
    </Row>
  );
}

// ---- shared pieces of the charts -------------------------------------------------------------------

/** The four counts as links to the filtered list (zero counts are plain text). */
function LightLinks({
  counts,
  to,
  chart,
  attrs,
}: {
  counts: LightCounts;
  to: (light: Light) => string;
  chart: string;
  attrs?: Record<`data-${string}`, string>;
}) {
  const t = useT();
  return (
    <Flex wrap gap={4}>
      {LIGHTS.map((light) => {
        const n = counts[light];
        const tag = (
          <Tag
            key={light}
            color={n > 0 ? LIGHT_COLORS[light] : undefined}
            style={{ marginInlineEnd: 0, color: n > 0 && light === 'grey' ? 'rgba(0,0,0,0.75)' : undefined }}
          >
            {t(`lightShort.${light}`)} {n}
          </Tag>
        );
        return n > 0 ? (
          <Link
            key={light}
            to={to(light)}
            data-testid="chart-link"
            data-chart={chart}
            data-light={light}
            data-count={n}
            {...attrs}
          >
            {tag}
          </Link>
        ) : (
          <span key={light}>{tag}</span>
        );
      })}
    </Flex>
  );
}

function ChartCard({
  title,
  testid,
  extra,
  chart,
  table,
}: {
  title: ReactNode;
  testid: string;
  extra?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
}) {
  const t = useT();
  const [mode, setMode] = useState<'chart' | 'table'>('chart');
  return (
    <Card
      size="small"
      title={title}
      style={{ height: '100%' }}
      extra={
        <Segmented<'chart' | 'table'>
          size="small"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'chart', label: t('dashboard.viewChart') },
            { value: 'table', label: t('dashboard.viewTable') },
          ]}
          data-testid={`${testid}-mode`}
        />
      }
    >
      {extra}
      {mode === 'chart' ? chart : table}
    </Card>
  );
}

const lightSeries = (t: Translate, data: (light: Light) => number[], stack = 'lights') =>
  LIGHTS.map((light) => ({
    id: light,
    name: t(`light.${light}`),
    type: 'bar' as const,
    stack,
    data: data(light),
    itemStyle: { color: LIGHT_COLORS[light] },
    barMaxWidth: 28,
    emphasis: { focus: 'series' as const },
  }));

/** One line, scrolling when the card is narrow (a phone), so it never runs into the plot. */
const legend = (t: Translate, extra: string[] = []) => ({
  top: 0,
  type: 'scroll' as const,
  data: [...LIGHTS.map((light) => t(`light.${light}`)), ...extra],
});

/** Horizontal stacked bars of lights, one row per category (first on top). */
function stackedRows(t: Translate, labels: string[], rows: LightCounts[], labelWidth: number): ChartOption {
  return {
    animationDuration: 300,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    legend: legend(t),
    grid: { left: 4, right: 16, top: 32, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { hideOverlap: true } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      triggerEvent: true,
      axisLabel: { width: labelWidth, overflow: 'truncate', interval: 0 },
    },
    series: lightSeries(t, (light) => rows.map((r) => r[light])),
  };
}

/** Pixel centres of each non-empty bar segment of `stackedRows`, keyed `<row key>:<light>`. */
function stackedHits(keys: string[], rows: LightCounts[]) {
  return (chart: ChartInstance) => {
    const out: Record<string, [number, number]> = {};
    rows.forEach((counts, index) => {
      let start = 0;
      for (const light of LIGHTS) {
        const n = counts[light];
        if (n > 0) {
          const point = chart.convertToPixel({ gridIndex: 0 }, [start + n / 2, index]) as number[] | undefined;
          if (point && Number.isFinite(point[0]) && Number.isFinite(point[1])) {
            out[`${keys[index]}:${light}`] = [point[0] as number, point[1] as number];
          }
        }
        start += n;
      }
    });
    return out;
  };
}

/** Which row (and light, if a bar) a click on a stacked-rows chart hit. */
function hitRow(event: ChartClick, labels: string[]): { index: number; light?: Light } | null {
  if (event.componentType === 'series') {
    const light = event.seriesId ?? '';
    return isLight(light) ? { index: event.dataIndex, light } : null;
  }
  if (event.componentType === 'yAxis') {
    const index = labels.indexOf(String(event.value));
    return index >= 0 ? { index } : null;
  }
  return null;
}

function useLabelWidth(): number {
  const screens = Grid.useBreakpoint();
  return screens.md ? 160 : 96;
}

// ---- by source -----------------------------------------------------------------------------------------

function SourceChart({ data }: { data: Dashboard }) {
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
        <Table
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

const sectionLabels = (rows: Dashboard['bySection'], t: Translate) =>
  rows.map((r) => `${t(`levelShort.${r.level}`)}·${r.title}`);

function SectionChart({ data }: { data: Dashboard }) {
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
        <Table
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

function UnitChart({ data }: { data: Dashboard }) {
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
    // A dot before each unit's name: this period's package (on time / late / missing / not yet due).
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
        <Table
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

// ---- trend ----------------------------------------------------------------------------------------------

function TrendChart({ data }: { data: Dashboard }) {
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
              // A period's on-time rate opens its packages (the office's review queue); a light, today's list.
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
        <Table
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

// ---- the lagging list -----------------------------------------------------------------------------------

type Lagging = Dashboard['lagging'][number];

function LaggingCard({ data, planId }: { data: Dashboard; planId: string }) {
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
        <Table<Lagging>
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

function DueCard({ due }: { due: NonNullable<Dashboard['due']> }) {
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
