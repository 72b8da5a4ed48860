import { CloudUploadOutlined } from '@ant-design/icons';
import { Button, Card, Switch, Tooltip } from 'antd';
import { Link } from 'react-router';
import { usePlans, useSetPlanPublished } from '../api/plans';
import type { Plan } from '../api/types';
import { FirstRunGuide } from '../components/FirstRunGuide';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/status';
import { PlanStatusTag } from '../components/tags';
import { formatDate, formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';

export default function PlansPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const plans = usePlans();
  const publish = useSetPlanPublished();

  return (
    <div>
      <PageHeader
        title={t('plans.title')}
        extra={
          may(me, 'plans.import') && (
            <Link to="/imports/new">
              <Button type="primary" icon={<CloudUploadOutlined />} data-testid="plans-import">
                {t('nav.imports')}
              </Button>
            </Link>
          )
        }
      />
      {plans.isError ? (
        <QueryError error={plans.error} onRetry={() => plans.refetch()} />
      ) : (
        <>
          {plans.data?.length === 0 && <FirstRunGuide />}
          <Card>
            <ListTable<Plan>
              rowKey="id"
              loading={plans.isPending}
              dataSource={plans.data}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: t('plans.empty') }}
              data-testid="plans-table"
              columns={[
                {
                  key: 'title',
                  title: t('plans.planTitle'),
                  render: (_, plan) => (
                    <Link to={`/plans/${plan.id}`} data-testid="plan-link">
                      {plan.title}
                    </Link>
                  ),
                },
                { key: 'docNo', title: t('plans.docNo'), render: (_, plan) => plan.docNo ?? '—', width: 200 },
                { key: 'issuer', title: t('plans.issuer'), render: (_, plan) => plan.issuer ?? '—' },
                {
                  key: 'issuedOn',
                  title: t('plans.issuedOn'),
                  width: 120,
                  render: (_, plan) => formatDate(plan.issuedOn, lang),
                },
                { key: 'year', title: t('plans.year'), dataIndex: 'year', width: 80 },
                {
                  key: 'status',
                  title: t('plans.status'),
                  width: 100,
                  render: (_, plan) => <PlanStatusTag status={plan.status} />,
                },
                { key: 'tasks', title: t('plans.taskCount'), dataIndex: 'taskCount', width: 90, align: 'right' },
                {
                  key: 'published',
                  title: <Tooltip title={t('plans.publishHint')}>{t('plans.published')}</Tooltip>,
                  width: 110,
                  render: (_, plan) => (
                    <Switch
                      size="small"
                      checked={plan.published}
                      disabled={!may(me, 'supervision.manage')}
                      loading={publish.isPending && publish.variables?.id === plan.id}
                      onChange={(published) => publish.mutate({ id: plan.id, published })}
                      aria-label={plan.published ? t('plans.unpublish') : t('plans.publish')}
                      data-testid="plan-published"
                    />
                  ),
                },
                {
                  key: 'createdAt',
                  title: t('plans.createdAt'),
                  width: 160,
                  render: (_, plan) => formatDateTime(plan.createdAt, lang),
                },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
