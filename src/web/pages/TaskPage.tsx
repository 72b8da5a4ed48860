import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTask } from '../api/plans';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/status';
import { TaskDetailView, taskTitle } from '../components/TaskDetail';
import { useT } from '../i18n';

export default function TaskPage() {
  const t = useT();
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
      <Card>{task.data ? <TaskDetailView task={task.data} /> : <Skeleton active />}</Card>
    </div>
  );
}
