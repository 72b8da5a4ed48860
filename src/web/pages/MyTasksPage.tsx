// The unit's own tasks: GET /my/assignments with the same filters and server-side pages as /tasks.

import { Card, Typography } from 'antd';
import { PageHeader } from '../components/PageHeader';
import { TaskBrowser } from '../components/TaskBrowser';
import { useTaskFilterParams } from '../components/useTaskFilterParams';
import { useT } from '../i18n';
import { useMe } from '../session';

export default function MyTasksPage() {
  const t = useT();
  const me = useMe();
  const [filters, setFilters] = useTaskFilterParams();
  return (
    <div>
      <PageHeader title={t('my.title')}>
        <Typography.Text type="secondary" data-testid="my-unit">
          {me.unit?.name ?? t('my.noUnit')}
        </Typography.Text>
      </PageHeader>
      <Card size="small">
        <TaskBrowser filters={filters} onChange={setFilters} source="mine" />
      </Card>
    </div>
  );
}
