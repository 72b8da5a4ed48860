// The plan browser: its reporting periods on top; attachments and their heading trees on the left,
// the filtered task table on the right.

import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Tree, type TreeDataNode, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { usePlan } from '../api/plans';
import type { PlanDetail, SectionNode } from '../api/types';
import { lazyPart } from '../components/afterPaint';
import { ExportButtons } from '../components/ExportButtons';
import { PageHeader } from '../components/PageHeader';
import { PeriodsCard } from '../components/PeriodsCard';
import { PageLoading, QueryError } from '../components/status';
import { TaskBrowser } from '../components/TaskBrowser';
import { LevelTag, PlanStatusTag } from '../components/tags';
import { useTaskFilterParams } from '../components/useTaskFilterParams';
import { formatDate } from '../format';
import { type Translate, useI18n } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';

const AddTaskModal = lazyPart(() => import('../components/AddTaskModal').then((m) => m.AddTaskModal));

const ALL = 'all';

function sectionNodes(sections: SectionNode[]): TreeDataNode[] {
  return sections.map((section) => ({
    key: `section:${section.id}`,
    title: (
      <span>
        {section.title} <Typography.Text type="secondary">({section.taskCount})</Typography.Text>
      </span>
    ),
    children: sectionNodes(section.children),
  }));
}

function planTree(plan: PlanDetail, t: Translate): TreeDataNode[] {
  return [
    {
      key: ALL,
      title: (
        <span>
          {t('plan.allTasks')} <Typography.Text type="secondary">({plan.taskCount})</Typography.Text>
        </span>
      ),
      children: plan.sources.map((source) => ({
        key: `source:${source.id}`,
        title: (
          <span>
            <LevelTag level={source.level} />
            {source.title || t('import.attachment', { index: source.index })}{' '}
            <Typography.Text type="secondary">({source.taskCount})</Typography.Text>
          </span>
        ),
        children: sectionNodes(source.sections),
      })),
    },
  ];
}

export default function PlanPage() {
  const { t, lang } = useI18n();
  const { id } = useParams();
  const me = useMe();
  const plan = usePlan(id);
  const [filters, setFilters] = useTaskFilterParams();
  const [adding, setAdding] = useState(false);
  const treeData = useMemo(() => (plan.data ? planTree(plan.data, t) : []), [plan.data, t]);

  if (plan.isPending) return <PageLoading />;
  if (plan.isError) return <QueryError error={plan.error} onRetry={() => plan.refetch()} />;
  const p = plan.data;
  const archived = p.status === 'closed';

  const selectedKey = filters.sectionId
    ? `section:${filters.sectionId}`
    : filters.sourceId
      ? `source:${filters.sourceId}`
      : ALL;

  return (
    <div>
      <PageHeader
        title={p.title}
        extra={
          <Space wrap>
            {may(me, 'supervision.manage') && !archived && (
              <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="plan-add-task">
                {t('addTask.open')}
              </Button>
            )}
            {may(me, 'plans.yearEnd') && (
              <Link to={`/plans/${encodeURIComponent(p.id)}/year-end`}>
                <Button data-testid="plan-year-end">{t('yearEnd.open')}</Button>
              </Link>
            )}
            <ExportButtons planId={p.id} />
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            { key: 'docNo', label: t('plans.docNo'), children: p.docNo ?? '—' },
            { key: 'issuer', label: t('plans.issuer'), children: p.issuer ?? '—' },
            { key: 'issuedOn', label: t('plans.issuedOn'), children: formatDate(p.issuedOn, lang) },
            {
              key: 'status',
              label: t('plans.status'),
              children: (
                <Space>
                  <PlanStatusTag status={p.status} />
                  {t('plan.taskCount', { count: p.taskCount })}
                </Space>
              ),
            },
          ]}
        />
      </PageHeader>
      <Suspense fallback={null}>{adding && <AddTaskModal planId={p.id} onClose={() => setAdding(false)} />}</Suspense>
      {archived && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('plan.archivedNotice')}
          data-testid="plan-archived"
        />
      )}
      <PeriodsCard planId={p.id} archived={archived} coUnitLeadDays={p.coUnitLeadDays} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={7} xxl={6}>
          <Card size="small" title={t('plan.structure')} styles={{ body: { maxHeight: '75vh', overflow: 'auto' } }}>
            <Tree
              blockNode
              treeData={treeData}
              selectedKeys={[selectedKey]}
              defaultExpandedKeys={[ALL]}
              onSelect={(keys) => {
                const key = String(keys[0] ?? ALL);
                if (key.startsWith('section:')) setFilters({ sectionId: key.slice(8), sourceId: undefined });
                else if (key.startsWith('source:')) setFilters({ sourceId: key.slice(7), sectionId: undefined });
                else setFilters({ sourceId: undefined, sectionId: undefined });
              }}
              data-testid="plan-tree"
            />
          </Card>
        </Col>
        <Col xs={24} lg={17} xxl={18}>
          <Card size="small">
            <TaskBrowser filters={filters} onChange={setFilters} scope={{ planId: p.id }} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
