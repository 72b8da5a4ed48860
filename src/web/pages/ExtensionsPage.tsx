// 延期申请: the units' requests to move a milestone (new date + reason). The office approves — the
// milestone's date changes from then on — or refuses, with a note; a unit sees its own requests and the
// office's decisions; the district leaders read them all. Units ask from the ledger's milestones.

import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { decideExtensionBodySchema } from '../../api/v1';
import { useDecideExtension, useExtensions } from '../api/extensions';
import type { Extension, ExtensionStatus } from '../api/types';
import { ledgerPath } from '../components/LedgerLinks';
import { PageHeader } from '../components/PageHeader';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { formatDateTime } from '../format';
import { useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may, mayOnAllUnits } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import { EXTENSION_STATUS_COLORS, EXTENSION_STATUSES } from '../vocab';

const rowAttributes = (attributes: Record<`data-${string}`, string>) => attributes as HTMLAttributes<HTMLElement>;

type StatusFilter = ExtensionStatus | 'all';

function parseStatus(value: string | null): StatusFilter {
  return EXTENSION_STATUSES.find((status) => status === value) ?? 'all';
}

const taskLabel = (task: { number: string | null; text: string }) =>
  task.number ? `${task.number} ${task.text}` : task.text;

function ExtensionStatusTag({ status }: { status: ExtensionStatus }) {
  const t = useT();
  return (
    <Tag color={EXTENSION_STATUS_COLORS[status]} data-testid="extension-status">
      {t(`extensionStatus.${status}`)}
    </Tag>
  );
}

function LongText({ text }: { text: string | null }) {
  if (!text) return '—';
  return (
    <Typography.Paragraph ellipsis={{ rows: 2, tooltip: text }} style={{ margin: 0 }}>
      {text}
    </Typography.Paragraph>
  );
}

type Deciding = { request: Extension; approve: boolean };

export default function ExtensionsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status = parseStatus(params.get('status'));
  const list = useExtensions(status === 'all' ? undefined : status);
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const mayDecide = may(me, 'ledgers.review');

  const setStatus = (next: StatusFilter) =>
    setParams(
      (previous) => {
        const updated = new URLSearchParams(previous);
        if (next === 'all') updated.delete('status');
        else updated.set('status', next);
        return updated;
      },
      { replace: true },
    );

  const columns: TableColumnsType<Extension> = [
    {
      key: 'task',
      title: t('extension.task'),
      width: 220,
      render: (_, item) => (
        <Link to={`/tasks/${encodeURIComponent(item.task.id)}`}>
          <LongText text={taskLabel(item.task)} />
        </Link>
      ),
    },
    ...(!mayOnAllUnits(me, 'ledgers.read')
      ? []
      : [
          {
            key: 'unit',
            title: t('extension.unit'),
            width: 140,
            render: (_: unknown, item: Extension) => item.unit.name,
          },
        ]),
    {
      key: 'milestone',
      title: t('extension.milestone'),
      width: 180,
      render: (_, item) => <Link to={ledgerPath(item.assignmentId)}>{item.milestone.title}</Link>,
    },
    {
      key: 'dates',
      title: t('extension.dates'),
      width: 130,
      render: (_, item) => (
        <div data-testid="extension-dates" data-from={item.fromDueOn} data-to={item.newDueOn}>
          <Typography.Text delete={item.status === 'approved'} type="secondary">
            {item.fromDueOn}
          </Typography.Text>
          <br />→ <Typography.Text strong={item.status !== 'refused'}>{item.newDueOn}</Typography.Text>
        </div>
      ),
    },
    {
      key: 'reason',
      title: t('extension.reason'),
      width: 220,
      render: (_, item) => (
        <div>
          <LongText text={item.reason} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(item.createdAt, lang)}
            {item.requestedBy ? ` · ${item.requestedBy}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('extension.status'),
      width: 90,
      render: (_, item) => <ExtensionStatusTag status={item.status} />,
    },
    {
      key: 'decision',
      title: t('extension.decision'),
      width: 180,
      render: (_, item) =>
        item.decidedAt ? (
          <div>
            <LongText text={item.decisionNote} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(item.decidedAt, lang)}
            </Typography.Text>
          </div>
        ) : (
          '—'
        ),
    },
    ...(mayDecide
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 150,
            render: (_: unknown, item: Extension) =>
              item.status === 'pending' &&
              item.abilities.decide && (
                <Space size={0} wrap>
                  <Button
                    type="link"
                    size="small"
                    icon={<CheckOutlined />}
                    onClick={() => setDeciding({ request: item, approve: true })}
                    data-testid="extension-approve"
                  >
                    {t('extension.approve')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<CloseOutlined />}
                    onClick={() => setDeciding({ request: item, approve: false })}
                    data-testid="extension-refuse"
                  >
                    {t('extension.refuse')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader title={t('extension.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {!mayOnAllUnits(me, 'ledgers.read') ? t('extension.hintUnit') : t('extension.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Card size="small">
        <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
          <Segmented<StatusFilter>
            value={status}
            onChange={setStatus}
            options={[
              { value: 'all', label: t('extension.all') },
              ...EXTENSION_STATUSES.map((value) => ({ value, label: t(`extensionStatus.${value}`) })),
            ]}
            data-testid="extension-status-filter"
          />
        </Flex>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <div data-testid="extension-table" aria-busy={list.isFetching}>
            <Table<Extension>
              rowKey="id"
              size="middle"
              tableLayout="fixed"
              scroll={{ x: 1100 }}
              columns={columns}
              dataSource={list.data}
              loading={list.isFetching}
              onRow={(item) =>
                rowAttributes({
                  'data-testid': 'extension-row',
                  'data-status': item.status,
                  'data-milestone': item.milestone.id,
                })
              }
              locale={{ emptyText: t('extension.tableEmpty') }}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (count) => t('common.totalN', { count }) }}
            />
          </div>
        )}
      </Card>
      {deciding && <DecideModal deciding={deciding} onClose={() => setDeciding(null)} />}
    </div>
  );
}

function DecideModal({ deciding, onClose }: { deciding: Deciding; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ note: string }>();
  const decide = useDecideExtension();
  const { request, approve } = deciding;

  return (
    <Modal
      open
      title={approve ? t('extension.approveTitle') : t('extension.refuseTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={approve ? t('extension.approve') : t('extension.refuse')}
      confirmLoading={decide.isPending}
      okButtonProps={{ danger: !approve, ...testId('extension-decide-submit') }}
    >
      <div style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
          {taskLabel(request.task)} · {request.unit.name}
        </Typography.Paragraph>
        <Typography.Text strong>{request.milestone.title}</Typography.Text>
        <Typography.Paragraph style={{ marginTop: 4, marginBottom: 4 }}>
          {t('extension.fromTo', { from: request.fromDueOn, to: request.newDueOn })}
        </Typography.Paragraph>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{request.reason}</Typography.Paragraph>
      </div>
      {decide.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={decide.error.message} />}
      <Form<{ note: string }>
        form={form}
        layout="vertical"
        disabled={decide.isPending}
        onFinish={(values) =>
          decide.mutate(
            { id: request.id, body: { approve, note: values.note?.trim() || undefined } },
            {
              onSuccess: () => {
                notifySuccess(approve ? t('extension.approved') : t('extension.refused'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="note"
          label={approve ? t('extension.noteOptional') : t('extension.note')}
          rules={[
            // A refusal says why; an approval may go without a word.
            ...(approve ? [] : [{ required: true, whitespace: true, message: t('extension.noteRequired') }]),
            schemaRule(decideExtensionBodySchema.shape.note, t('extension.noteRule')),
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="extension-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
