import { Card, Select } from 'antd';
import { usePlans } from '../api/plans';
import { ExportButtons } from '../components/ExportButtons';
import { PageHeader } from '../components/PageHeader';
import { usePlanChoice } from '../components/PlanPicker';
import { TaskBrowser } from '../components/TaskBrowser';
import { useTaskFilterParams } from '../components/useTaskFilterParams';
import { useT } from '../i18n';

export default function TasksPage() {
  const t = useT();
  const plans = usePlans();
  const [filters, setFilters] = useTaskFilterParams();
  // The workbooks of the plan the list is filtered on, else the newest.
  const choice = usePlanChoice(filters.planId);
  return (
    <div>
      <PageHeader title={t('tasks.title')} extra={<ExportButtons planId={choice.planId} />} />
      <Card size="small">
        <TaskBrowser
          filters={filters}
          onChange={setFilters}
          prefix={
            <Select<string>
              value={filters.planId}
              onChange={(planId) => setFilters({ planId, sourceId: undefined, sectionId: undefined })}
              allowClear
              loading={plans.isPending}
              placeholder={t('filter.plan')}
              style={{ width: 260 }}
              options={(plans.data ?? []).map((plan) => ({ value: plan.id, label: plan.title }))}
              data-testid="filter-plan"
            />
          }
        />
      </Card>
    </div>
  );
}
