// The unit's own tasks: 待我签字 (the principal leader's submissions to sign), 本期报送 (the periods to report on)
// and 待签收 (assignments to acknowledge or dispute) above, the leader's 工作移交 of a colleague's open work, then GET /my/assignments with the same filters
// and server-side pages as /tasks.

import { Card, Typography } from 'antd';
import { ExportButtons } from '../components/ExportButtons';
import { HandoverCard } from '../components/Handover';
import { PageHeader } from '../components/PageHeader';
import { usePlanChoice } from '../components/PlanPicker';
import { ReceiptsCard } from '../components/ReceiptsCard';
import { SignoffInboxCard, SubmissionPeriodsCard } from '../components/SubmissionCards';
import { TaskBrowser } from '../components/TaskBrowser';
import { useTaskFilterParams } from '../components/useTaskFilterParams';
import { WebhookCard } from '../components/WebhookForm';
import { useT } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';

export default function MyTasksPage() {
  const t = useT();
  const me = useMe();
  const [filters, setFilters] = useTaskFilterParams();
  // 导出本单位台账 of the plan the list shows, else the newest (the one the unit reports on now).
  const choice = usePlanChoice(filters.planId);
  return (
    <div>
      <PageHeader title={t('my.title')} extra={me.unit && <ExportButtons planId={choice.planId} />}>
        <Typography.Text type="secondary" data-testid="my-unit">
          {me.unit?.name ?? t('my.noUnit')}
        </Typography.Text>
      </PageHeader>
      {may(me, 'submissions.sign') && me.unit && <SignoffInboxCard />}
      {may(me, 'submissions.edit') && me.unit && <SubmissionPeriodsCard />}
      {may(me, 'receipts.answer') && me.unit && <ReceiptsCard />}
      {may(me, 'webhooks.manage') && me.unit && <WebhookCard unitId={me.unit.id} unitName={me.unit.name} />}
      {may(me, 'users.handover') && me.unit && <HandoverCard unitId={me.unit.id} />}
      <Card size="small">
        <TaskBrowser filters={filters} onChange={setFilters} source="mine" />
      </Card>
    </div>
  );
}
