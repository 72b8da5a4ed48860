// A task on its own page: the task in full and, on a task with several units, each unit's report of a
// period and the lead unit's consolidation (本期各单位报送 / 汇总); 上下贯通 (the linked city/province or
// district tasks) and, for the office, 政务公开.

import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Skeleton, Space } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTask } from '../api/plans';
import { ConsolidationCard, showsConsolidation } from '../components/ConsolidationCard';
import { LinkageCard, showsLinkage } from '../components/LinkageCard';
import { PageHeader } from '../components/PageHeader';
import { PublicityCard } from '../components/PublicityCard';
import { QueryError } from '../components/status';
import { TaskDetailView, taskTitle } from '../components/TaskDetail';
import { useT } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';

export default function TaskPage() {
  const t = useT();
  const me = useMe();
  const { id } = useParams();
  const navigate = useNavigate();
  const task = useTask(id);
  if (task.isError) return <QueryError error={task.error} onRetry={() => task.refetch()} />;
  return (
    <div>
      <PageHeader
        title={task.data ? taskTitle(task.data, t) : t('task.detail')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
            {t('common.back')}
          </Button>
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card>{task.data ? <TaskDetailView task={task.data} /> : <Skeleton active />}</Card>
        {task.data && showsConsolidation(task.data, me) && <ConsolidationCard task={task.data} />}
        {task.data && showsLinkage(task.data) && <LinkageCard task={task.data} />}
        {task.data && may(me, 'supervision.manage') && <PublicityCard key={task.data.id} task={task.data} />}
      </Space>
    </div>
  );
}
