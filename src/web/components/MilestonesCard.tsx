// 时间节点 of a ledger: add (title + due date), edit, mark done (date + evidence) or reopen, delete.
// Dates are native date inputs (YYYY-MM-DD); the server answers 400 for a date outside the plan year.

import { CheckOutlined, DeleteOutlined, EditOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { dateSchema, milestoneBodySchema, updateMilestoneBodySchema } from '../../api/v1';
import { useAddMilestone, useDeleteMilestone, useUpdateMilestone } from '../api/ledgers';
import type { Ledger, Milestone } from '../api/types';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';
import { schemaRule } from './schemaRule';

const rowAttributes = (attributes: Record<`data-${string}`, string>) => attributes as HTMLAttributes<HTMLElement>;

/** Today in China Standard Time, as YYYY-MM-DD. */
function todayCst(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

type Editing = { kind: 'add' } | { kind: 'edit'; milestone: Milestone } | { kind: 'done'; milestone: Milestone };

export function MilestonesCard({
  ledger,
  editable,
  onWritten,
}: {
  ledger: Ledger;
  editable: boolean;
  onWritten: (ledger: Ledger) => void;
}) {
  const t = useT();
  const [editing, setEditing] = useState<Editing | null>(null);
  const update = useUpdateMilestone(ledger.assignmentId);
  const remove = useDeleteMilestone(ledger.assignmentId);
  const today = todayCst();
  const milestones = [...ledger.milestones].sort((a, b) => a.position - b.position || a.dueOn.localeCompare(b.dueOn));

  return (
    <Card
      size="small"
      title={t('milestone.title')}
      extra={
        editable && (
          <Button
            size="small"
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ kind: 'add' })}
            data-testid="milestone-add"
          >
            {t('milestone.add')}
          </Button>
        )
      }
      data-testid="milestones"
    >
      <Table<Milestone>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={milestones}
        scroll={{ x: editable ? 720 : 560 }}
        locale={{ emptyText: t('milestone.empty') }}
        onRow={(milestone) =>
          rowAttributes({ 'data-testid': 'milestone-row', 'data-done': milestone.doneOn ? 'true' : 'false' })
        }
        columns={[
          { key: 'title', title: t('milestone.name'), dataIndex: 'title' },
          { key: 'dueOn', title: t('milestone.due'), dataIndex: 'dueOn', width: 120 },
          {
            key: 'status',
            title: t('milestone.status'),
            width: 150,
            render: (_, milestone) =>
              milestone.doneOn ? (
                <Tag color="success">{t('milestone.doneOn', { date: milestone.doneOn })}</Tag>
              ) : milestone.dueOn < today ? (
                <Tag color="error">{t('milestone.overdue')}</Tag>
              ) : (
                <Tag>{t('milestone.pending')}</Tag>
              ),
          },
          {
            key: 'evidence',
            title: t('milestone.evidence'),
            render: (_, milestone) =>
              milestone.evidence ? (
                <Typography.Paragraph ellipsis={{ rows: 2, tooltip: milestone.evidence }} style={{ margin: 0 }}>
                  {milestone.evidence}
                </Typography.Paragraph>
              ) : (
                '—'
              ),
          },
          ...(editable
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  width: 210,
                  render: (_: unknown, milestone: Milestone) => (
                    <Space size={0} wrap>
                      {milestone.doneOn ? (
                        <Button
                          type="link"
                          size="small"
                          icon={<UndoOutlined />}
                          loading={update.isPending && update.variables?.id === milestone.id}
                          onClick={() =>
                            update.mutate({ id: milestone.id, doneOn: null }, { onSuccess: (next) => onWritten(next) })
                          }
                          data-testid="milestone-undo"
                        >
                          {t('milestone.undo')}
                        </Button>
                      ) : (
                        <Button
                          type="link"
                          size="small"
                          icon={<CheckOutlined />}
                          onClick={() => setEditing({ kind: 'done', milestone })}
                          data-testid="milestone-done"
                        >
                          {t('milestone.markDone')}
                        </Button>
                      )}
                      <Button
                        type="link"
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setEditing({ kind: 'edit', milestone })}
                        data-testid="milestone-edit"
                      >
                        {t('common.edit')}
                      </Button>
                      <Popconfirm
                        title={t('milestone.deleteConfirm', { title: milestone.title })}
                        okButtonProps={{ danger: true, ...testId('milestone-delete-confirm') }}
                        onConfirm={() =>
                          remove.mutateAsync(milestone.id).then((next) => {
                            onWritten(next);
                            notifySuccess(t('milestone.deleted'));
                          })
                        }
                      >
                        <Button
                          type="link"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          data-testid="milestone-delete"
                        >
                          {t('milestone.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing?.kind === 'done' && (
        <DoneModal
          assignmentId={ledger.assignmentId}
          milestone={editing.milestone}
          onClose={() => setEditing(null)}
          onWritten={onWritten}
        />
      )}
      {(editing?.kind === 'add' || editing?.kind === 'edit') && (
        <MilestoneModal
          assignmentId={ledger.assignmentId}
          milestone={editing.kind === 'edit' ? editing.milestone : null}
          onClose={() => setEditing(null)}
          onWritten={onWritten}
        />
      )}
    </Card>
  );
}

interface MilestoneForm {
  title: string;
  dueOn: string;
}

function MilestoneModal({
  assignmentId,
  milestone,
  onClose,
  onWritten,
}: {
  assignmentId: string;
  milestone: Milestone | null;
  onClose: () => void;
  onWritten: (ledger: Ledger) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<MilestoneForm>();
  const add = useAddMilestone(assignmentId);
  const update = useUpdateMilestone(assignmentId);
  const pending = add.isPending || update.isPending;
  const done = (text: string) => (next: Ledger) => {
    onWritten(next);
    notifySuccess(text);
    onClose();
  };

  return (
    <Modal
      open
      title={milestone ? t('milestone.editTitle') : t('milestone.addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={pending}
      okButtonProps={testId('milestone-save')}
    >
      <Form<MilestoneForm>
        form={form}
        layout="vertical"
        disabled={pending}
        initialValues={milestone ? { title: milestone.title, dueOn: milestone.dueOn } : undefined}
        onFinish={(values) => {
          const body = { title: values.title.trim(), dueOn: values.dueOn };
          if (milestone) update.mutate({ id: milestone.id, ...body }, { onSuccess: done(t('milestone.updated')) });
          else add.mutate(body, { onSuccess: done(t('milestone.added')) });
        }}
      >
        <Form.Item
          name="title"
          label={t('milestone.name')}
          rules={[
            { required: true, whitespace: true, message: t('milestone.nameRequired') },
            schemaRule(milestoneBodySchema.shape.title, t('milestone.nameRule')),
          ]}
        >
          <Input maxLength={200} data-testid="milestone-title" />
        </Form.Item>
        <Form.Item
          name="dueOn"
          label={t('milestone.due')}
          rules={[
            { required: true, message: t('milestone.dueRequired') },
            schemaRule(dateSchema, t('milestone.dateRule')),
          ]}
        >
          <Input type="date" style={{ maxWidth: 220 }} data-testid="milestone-due" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DoneForm {
  doneOn: string;
  evidence: string;
}

function DoneModal({
  assignmentId,
  milestone,
  onClose,
  onWritten,
}: {
  assignmentId: string;
  milestone: Milestone;
  onClose: () => void;
  onWritten: (ledger: Ledger) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<DoneForm>();
  const update = useUpdateMilestone(assignmentId);

  return (
    <Modal
      open
      title={t('milestone.doneTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={update.isPending}
      okButtonProps={testId('milestone-done-save')}
    >
      <Typography.Paragraph strong>{milestone.title}</Typography.Paragraph>
      <Form<DoneForm>
        form={form}
        layout="vertical"
        disabled={update.isPending}
        initialValues={{ doneOn: todayCst(), evidence: milestone.evidence ?? '' }}
        onFinish={(values) =>
          update.mutate(
            { id: milestone.id, doneOn: values.doneOn, evidence: values.evidence?.trim() || null },
            {
              onSuccess: (next) => {
                onWritten(next);
                notifySuccess(t('milestone.updated'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="doneOn"
          label={t('milestone.doneDate')}
          rules={[
            { required: true, message: t('milestone.doneDateRequired') },
            schemaRule(dateSchema, t('milestone.dateRule')),
          ]}
        >
          <Input type="date" style={{ maxWidth: 220 }} data-testid="milestone-done-on" />
        </Form.Item>
        <Form.Item
          name="evidence"
          label={t('milestone.evidence')}
          rules={[schemaRule(updateMilestoneBodySchema.shape.evidence, t('milestone.evidenceRule'))]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="milestone-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
