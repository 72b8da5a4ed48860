// 提请协调: the form a unit raises a coordination request with (协调事项 page, and a lagging package item).

import { Form, Input, Modal, Select } from 'antd';
import { raiseCoordinationBodySchema } from '../../api/v1';
import { useRaiseCoordination } from '../api/coordination';
import { useTasks } from '../api/plans';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';
import { taskLabel } from './LongText';
import { schemaRule } from './schemaRule';

export interface RaiseForm {
  taskId: string;
  title: string;
  body: string;
}

/**
 * 提请协调: the one form a unit raises a coordination request with — from the 协调事项 page, or from a package item
 * whose reason for lagging needs the district (pre-filled with the task and the reasons). Both post to the same
 * endpoint (POST /coordination-requests).
 */
export function RaiseCoordinationModal({
  onClose,
  initial,
}: {
  onClose: () => void;
  initial?: Partial<RaiseForm> | undefined;
}) {
  const t = useT();
  const [form] = Form.useForm<RaiseForm>();
  const raise = useRaiseCoordination();
  const tasks = useTasks({ pageSize: 500 }, 'mine');

  return (
    <Modal
      open
      title={t('coordination.raiseTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('coordination.submit')}
      confirmLoading={raise.isPending}
      okButtonProps={testId('coordination-submit')}
      width={640}
    >
      <Form<RaiseForm>
        form={form}
        initialValues={initial}
        layout="vertical"
        disabled={raise.isPending}
        onFinish={(values) =>
          raise.mutate(
            { taskId: values.taskId, title: values.title.trim(), body: values.body.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('coordination.raised'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="taskId"
          label={t('coordination.task')}
          rules={[{ required: true, message: t('coordination.taskRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={tasks.isFetching}
            placeholder={t('coordination.taskPlaceholder')}
            options={(tasks.data?.items ?? []).map((task) => ({ value: task.id, label: taskLabel(task, t) }))}
            data-testid="coordination-task"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('coordination.titleLabel')}
          rules={[
            { required: true, whitespace: true, message: t('coordination.titleRequired') },
            schemaRule(raiseCoordinationBodySchema.shape.title, t('coordination.titleRule')),
          ]}
        >
          <Input maxLength={100} showCount data-testid="coordination-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('coordination.body')}
          rules={[
            { required: true, whitespace: true, message: t('coordination.bodyRequired') },
            schemaRule(raiseCoordinationBodySchema.shape.body, t('coordination.bodyRule')),
          ]}
        >
          <Input.TextArea rows={5} maxLength={3000} showCount data-testid="coordination-body" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
