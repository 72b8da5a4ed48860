// 时间节点 of a ledger: add (title + due date), edit, mark done (date + evidence) or reopen, delete; and
// 申请延期 — the unit asks the office to move an open milestone (new date + reason), whatever the ledger's
// state; the latest request shows on the milestone (pending, approved with the old date, refused).
// Dates are native date inputs (YYYY-MM-DD); the server answers 400 for a milestone date outside the plan
// year, and for an extension that is not later or goes past the office's limit after the year.

import {
  CheckOutlined,
  DeleteOutlined,
  EditOutlined,
  FieldTimeOutlined,
  PlusOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { dateSchema, milestoneBodySchema, requestExtensionBodySchema, updateMilestoneBodySchema } from '../../api/v1';
import { useExtensions, useRequestExtension } from '../api/extensions';
import { useAddMilestone, useDeleteMilestone, useUpdateMilestone } from '../api/ledgers';
import type { Extension, Ledger, Milestone } from '../api/types';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';
import { EXTENSION_STATUS_COLORS } from '../vocab';
import { DateInput } from './DateInput';
import { ListTable } from './ListTable';
import { schemaRule } from './schemaRule';

const rowAttributes = (attributes: Record<`data-${string}`, string>) => attributes as HTMLAttributes<HTMLElement>;

/** Today in China Standard Time, as YYYY-MM-DD. */
function todayCst(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

type Editing =
  | { kind: 'add' }
  | { kind: 'edit'; milestone: Milestone }
  | { kind: 'done'; milestone: Milestone }
  | { kind: 'extend'; milestone: Milestone };

/** The latest extension request of each milestone (the list comes newest first). */
function latestExtensions(requests: readonly Extension[] | undefined): Map<string, Extension> {
  const latest = new Map<string, Extension>();
  for (const request of requests ?? []) {
    if (!latest.has(request.milestone.id)) latest.set(request.milestone.id, request);
  }
  return latest;
}

function ExtensionTag({ request }: { request: Extension }) {
  const t = useT();
  const text =
    request.status === 'pending'
      ? t('extension.tagPending', { date: request.newDueOn })
      : request.status === 'approved'
        ? t('extension.tagApproved', { date: request.fromDueOn })
        : t('extension.tagRefused');
  const tag = (
    <Tag
      color={EXTENSION_STATUS_COLORS[request.status]}
      data-testid="milestone-extension"
      data-status={request.status}
      data-new-due={request.newDueOn}
    >
      {text}
    </Tag>
  );
  return request.decisionNote ? <Tooltip title={request.decisionNote}>{tag}</Tooltip> : tag;
}

export function MilestonesCard({
  ledger,
  editable,
  mayRequestExtension = false,
  onWritten,
}: {
  ledger: Ledger;
  editable: boolean;
  /** The ledger's own unit may ask to move an open milestone (申请延期), even once the ledger is confirmed. */
  mayRequestExtension?: boolean;
  onWritten: (ledger: Ledger) => void;
}) {
  const t = useT();
  const [editing, setEditing] = useState<Editing | null>(null);
  const update = useUpdateMilestone(ledger.assignmentId);
  const remove = useDeleteMilestone(ledger.assignmentId);
  const extensions = useExtensions(undefined, ledger.milestones.length > 0);
  const latest = useMemo(() => latestExtensions(extensions.data), [extensions.data]);
  const today = todayCst();
  const milestones = [...ledger.milestones].sort((a, b) => a.position - b.position || a.dueOn.localeCompare(b.dueOn));
  const mayExtend = (milestone: Milestone) =>
    mayRequestExtension && !milestone.doneOn && latest.get(milestone.id)?.status !== 'pending';
  const withActions = editable || mayRequestExtension;

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
      <ListTable<Milestone>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={milestones}
        scroll={{ x: withActions ? 760 : 560 }}
        locale={{ emptyText: t('milestone.empty') }}
        onRow={(milestone) =>
          rowAttributes({
            'data-testid': 'milestone-row',
            'data-milestone': milestone.id,
            'data-due': milestone.dueOn,
            'data-done': milestone.doneOn ? 'true' : 'false',
          })
        }
        columns={[
          { key: 'title', title: t('milestone.name'), dataIndex: 'title' },
          {
            key: 'dueOn',
            title: t('milestone.due'),
            width: 120,
            render: (_, milestone) => <span data-testid="milestone-due-on">{milestone.dueOn}</span>,
          },
          {
            key: 'status',
            title: t('milestone.status'),
            width: 170,
            render: (_, milestone) => {
              const request = latest.get(milestone.id);
              return (
                <Space size={[0, 4]} wrap>
                  {milestone.doneOn ? (
                    <Tag color="success">{t('milestone.doneOn', { date: milestone.doneOn })}</Tag>
                  ) : milestone.dueOn < today ? (
                    <Tag color="error">{t('milestone.overdue')}</Tag>
                  ) : (
                    <Tag>{t('milestone.pending')}</Tag>
                  )}
                  {request && <ExtensionTag request={request} />}
                </Space>
              );
            },
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
          ...(withActions
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  width: editable ? 230 : 110,
                  render: (_: unknown, milestone: Milestone) => (
                    <Space size={0} wrap>
                      {mayExtend(milestone) && (
                        <Button
                          type="link"
                          size="small"
                          icon={<FieldTimeOutlined />}
                          onClick={() => setEditing({ kind: 'extend', milestone })}
                          data-testid="milestone-extend"
                        >
                          {t('extension.request')}
                        </Button>
                      )}
                      {editable && (
                        <>
                          {milestone.doneOn ? (
                            <Button
                              type="link"
                              size="small"
                              icon={<UndoOutlined />}
                              loading={update.isPending && update.variables?.id === milestone.id}
                              onClick={() =>
                                update.mutate(
                                  { id: milestone.id, doneOn: null },
                                  { onSuccess: (next) => onWritten(next) },
                                )
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
                        </>
                      )}
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
      {editing?.kind === 'extend' && <ExtensionModal milestone={editing.milestone} onClose={() => setEditing(null)} />}
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
          <DateInput style={{ maxWidth: 220 }} data-testid="milestone-due" />
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
          <DateInput style={{ maxWidth: 220 }} data-testid="milestone-done-on" />
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

interface ExtensionForm {
  newDueOn: string;
  reason: string;
}

function ExtensionModal({ milestone, onClose }: { milestone: Milestone; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<ExtensionForm>();
  const request = useRequestExtension();

  return (
    <Modal
      open
      title={t('extension.requestTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('extension.submit')}
      confirmLoading={request.isPending}
      okButtonProps={testId('extension-submit')}
    >
      <Typography.Paragraph>
        <Typography.Text strong>{milestone.title}</Typography.Text>
        <br />
        <Typography.Text type="secondary">{t('extension.currentDue', { date: milestone.dueOn })}</Typography.Text>
      </Typography.Paragraph>
      {request.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={request.error.message}
          data-testid="extension-error"
        />
      )}
      <Form<ExtensionForm>
        form={form}
        layout="vertical"
        disabled={request.isPending}
        onValuesChange={() => request.reset()}
        onFinish={(values) =>
          request.mutate(
            { milestoneId: milestone.id, body: { newDueOn: values.newDueOn, reason: values.reason.trim() } },
            {
              onSuccess: () => {
                notifySuccess(t('extension.requested'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="newDueOn"
          label={t('extension.newDue')}
          rules={[
            { required: true, message: t('extension.newDueRequired') },
            schemaRule(dateSchema, t('milestone.dateRule')),
            {
              validator: async (_rule, value: unknown) => {
                // An extension moves forward only (ISO dates compare as strings).
                if (typeof value === 'string' && value <= milestone.dueOn) throw new Error(t('extension.notLater'));
              },
            },
          ]}
        >
          <DateInput min={milestone.dueOn} style={{ maxWidth: 220 }} data-testid="extension-date" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('extension.reason')}
          rules={[
            { required: true, whitespace: true, message: t('extension.reasonRequired') },
            schemaRule(requestExtensionBodySchema.shape.reason, t('extension.reasonRule')),
          ]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount data-testid="extension-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
