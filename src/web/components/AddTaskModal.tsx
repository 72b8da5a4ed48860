// 交办: the office adds a task to the plan during the year — from a meeting, a leader's 批示 or otherwise — with its
// deadline, lead and co-units and rhythm (POST /plans/:id/tasks). It is numbered apart (会1, 批1, 交1).

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useNavigate } from 'react-router';
import { addTaskBodySchema } from '../../api/v1';
import { cstDate } from '../../core/time';
import { request } from '../api/client';
import { planKeys } from '../api/plans';
import type { AddTaskBody, TaskDetail } from '../api/types';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';
import { DateInput } from './DateInput';
import { schemaRule } from './schemaRule';
import { UnitMultiSelect } from './UnitSelect';

interface AddTaskForm {
  origin: AddTaskBody['origin'];
  originNote: string;
  text: string;
  deadline: string;
  instructedOn?: string;
  leads: string[];
  cos?: string[];
  rhythm: 'quarterly' | 'monthly' | 'read_only';
}

export function AddTaskModal({ planId, onClose }: { planId: string; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AddTaskForm>();
  const add = useMutation({
    mutationFn: (body: AddTaskBody) =>
      request<TaskDetail>(`/plans/${encodeURIComponent(planId)}/tasks`, { method: 'POST', body }),
    meta: { inlineError: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKeys.all }),
  });
  const shape = addTaskBodySchema.shape;

  return (
    <Modal
      open
      title={t('addTask.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('addTask.submit')}
      confirmLoading={add.isPending}
      okButtonProps={testId('add-task-submit')}
      width={680}
    >
      <Form<AddTaskForm>
        form={form}
        layout="vertical"
        initialValues={{ origin: 'meeting', rhythm: 'quarterly' }}
        disabled={add.isPending}
        onFinish={(values) => {
          const cos = (values.cos ?? []).filter((id) => !values.leads.includes(id));
          add.mutate(
            {
              origin: values.origin,
              originNote: values.originNote.trim(),
              text: values.text.trim(),
              deadline: values.deadline,
              ...(values.instructedOn ? { instructedOn: values.instructedOn } : {}),
              units: [
                ...values.leads.map((unitId) => ({ unitId, role: 'lead' as const })),
                ...cos.map((unitId) => ({ unitId, role: 'co' as const })),
              ],
              ...(values.rhythm !== 'quarterly' ? { rhythm: { kind: values.rhythm } } : {}),
            },
            {
              onSuccess: (task) => {
                notifySuccess(t('addTask.added', { number: task.number ?? '' }));
                onClose();
                navigate(`/tasks/${encodeURIComponent(task.id)}`);
              },
            },
          );
        }}
      >
        <Form.Item name="origin" label={t('addTask.origin')} rules={[{ required: true }]}>
          <Select
            options={(['meeting', 'instruction', 'other'] as const).map((o) => ({
              value: o,
              label: t(`addTask.origin.${o}`),
            }))}
            data-testid="add-task-origin"
          />
        </Form.Item>
        <Form.Item
          name="originNote"
          label={t('addTask.originNote')}
          rules={[
            { required: true, whitespace: true, message: t('addTask.originNoteRequired') },
            schemaRule(shape.originNote, t('addTask.originNoteRule')),
          ]}
        >
          <Input maxLength={200} placeholder={t('addTask.originNotePlaceholder')} data-testid="add-task-origin-note" />
        </Form.Item>
        <Form.Item noStyle dependencies={['origin']}>
          {({ getFieldValue }) => (
            <Form.Item
              name="instructedOn"
              label={t(`addTask.instructedOn.${(getFieldValue('origin') as AddTaskForm['origin']) ?? 'meeting'}`)}
              extra={t('addTask.instructedOnHint')}
            >
              {/* Not after today in China, as the server checks it. */}
              <DateInput max={cstDate(new Date())} allowClear data-testid="add-task-instructed-on" />
            </Form.Item>
          )}
        </Form.Item>
        <Form.Item
          name="text"
          label={t('addTask.text')}
          rules={[
            { required: true, whitespace: true, message: t('addTask.textRequired') },
            schemaRule(shape.text, t('addTask.textRule')),
          ]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="add-task-text" />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('addTask.deadline')}
          rules={[{ required: true, message: t('addTask.deadlineRequired') }]}
        >
          <DateInput data-testid="add-task-deadline" />
        </Form.Item>
        <Form.Item
          name="leads"
          label={t('addTask.leads')}
          rules={[{ required: true, type: 'array', min: 1, message: t('addTask.leadsRequired') }]}
        >
          <UnitMultiSelect data-testid="add-task-leads" />
        </Form.Item>
        <Form.Item name="cos" label={t('addTask.cos')}>
          <UnitMultiSelect data-testid="add-task-cos" />
        </Form.Item>
        <Form.Item name="rhythm" label={t('rhythm.title')}>
          <Select
            options={(['quarterly', 'monthly', 'read_only'] as const).map((k) => ({
              value: k,
              label: t(`rhythm.kind.${k}`),
            }))}
            data-testid="add-task-rhythm"
          />
        </Form.Item>
      </Form>
      {add.isError && <Alert type="error" showIcon title={add.error.message} data-testid="add-task-error" />}
    </Modal>
  );
}
