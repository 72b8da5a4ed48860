// 督办总览: for the office and the district leaders, the plan's tasks by light (KPIs), lights by source,
// by top-level section and by unit (with this period's submission), the trend across periods and the
// lagging list; for a unit, the same over its own items plus what is due. Every chart, KPI and count
// clicks through to the supervised task list with the matching filter. Each chart has a 数据 view: the
// same figures as a table of links (for phones, screen readers and tests).

import { Card, Col, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useDashboard } from '../../api/supervision';
import type { Dashboard } from '../../api/types';
import { useAfterPaint } from '../../components/afterPaint';
import { PageHeader } from '../../components/PageHeader';
import { PlanPicker, usePlanChoice } from '../../components/PlanPicker';
import { QueryError } from '../../components/status';
import { formatCstMinute, formatDateTime } from '../../format';
import { useI18n, useT } from '../../i18n';
import { may, mayOnAllUnits } from '../../roles';
import { useMe } from '../../session';
import { LIGHT_COLORS, LIGHTS } from '../../vocab';
import { supervisionListPath } from './chartOptions';
import { DelaysCard } from './DelaysCard';
import { LagReasonsCard } from './LagReasonsCard';
import { OfficeTimelinessCard } from './OfficeTimelinessCard';
import { SectionChart, SourceChart } from './SourceSectionCharts';
import { DueCard, LaggingCard } from './TaskLists';
import { TrendChart } from './TrendChart';
import { UnitChart } from './UnitChart';

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
        <DashboardView data={dashboard.data} unitView={!mayOnAllUnits(me, 'supervision.read')} />
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
  // The office's own timeliness: the office and the district leaders read it (supervision.oversee), not units.
  const oversee = may(useMe(), 'supervision.oversee');
  // The figures first; the charts once they are on screen, the cards below after that.
  const step = useAfterPaint(2);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard">
      {data.due && <DueCard due={data.due} />}
      <Kpis data={data} />
      {step < 1 ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
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
      )}
      {step >= 2 && (
        <>
          <LagReasonsCard data={data} planId={planId} />
          <DelaysCard planId={planId} periodId={data.period?.id} />
          {oversee && <OfficeTimelinessCard planId={planId} />}
          <LaggingCard data={data} planId={planId} />
        </>
      )}
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
