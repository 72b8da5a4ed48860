// 办结销号: units' requests to close an item as completed, with the evidence they point at. The office
// verifies one (the item turns green for good and leaves the reminder cycle) or rejects it with a reason;
// a unit follows its own requests here and asks from its package page (本期报送).

import { CheckOutlined, CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
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
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { evidenceUrl } from '../api/packages';
import { useCloseouts, useDecideCloseout } from '../api/supervision';
import type { Closeout, CloseoutStatus } from '../api/types';
import { CloseoutStatusTag } from '../components/noticeTags';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/status';
import { formatDateTime } from '../format';
import { useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may, mayOnAllUnits } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import { CLOSEOUT_STATUSES } from '../vocab';

type StatusFilter = CloseoutStatus | 'all';
type Deciding = { request: Closeout; verify: boolean };

function Text({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Typography.Paragraph ellipsis={{ rows: 3, tooltip: text }} style={{ margin: 0 }}>
      {text}
    </Typography.Paragraph>
  );
}

export default function CloseoutsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  // The office starts on what waits for it.
  const fallback: StatusFilter = may(me, 'closeouts.verify') ? 'pending' : 'all';
  const raw = params.get('status');
  const status: StatusFilter = raw === 'all' ? 'all' : (CLOSEOUT_STATUSES.find((s) => s === raw) ?? fallback);
  const list = useCloseouts(status === 'all' ? undefined : status);
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const mayDecide = may(me, 'closeouts.verify');

  const columns: TableColumnsType<Closeout> = [
    {
      key: 'task',
      title: t('closeout.task'),
      width: 240,
      render: (_, c) => (
        <Link to={`/tasks/${encodeURIComponent(c.task.id)}`}>
          <Text text={`${c.task.number ? `${c.task.number}. ` : ''}${c.task.text}`} />
        </Link>
      ),
    },
    ...(!mayOnAllUnits(me, 'closeouts.read')
      ? []
      : [{ key: 'unit', title: t('closeout.unit'), width: 130, render: (_: unknown, c: Closeout) => c.unit.name }]),
    {
      key: 'note',
      title: t('closeout.note'),
      width: 220,
      render: (_, c) => (
        <div>
          <Text text={c.note} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(c.createdAt, lang)}
            {c.requestedBy ? ` · ${c.requestedBy}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'evidence',
      title: t('closeout.evidence'),
      width: 200,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          {c.evidence.map((file) => (
            <a key={file.id} href={evidenceUrl(file.id)} data-testid="closeout-evidence">
              <PaperClipOutlined /> {file.fileName}
            </a>
          ))}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('closeout.status'),
      width: 100,
      render: (_, c) => <CloseoutStatusTag status={c.status} />,
    },
    {
      key: 'decision',
      title: t('closeout.decision'),
      width: 180,
      render: (_, c) =>
        c.decidedAt ? (
          <div>
            <Text text={c.decisionNote} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(c.decidedAt, lang)}
              {c.decidedBy ? ` · ${c.decidedBy}` : ''}
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
            render: (_: unknown, c: Closeout) =>
              c.status === 'pending' &&
              c.abilities.verify && (
                <Space size={0} wrap>
                  <Button
                    type="link"
                    size="small"
                    icon={<CheckOutlined />}
                    onClick={() => setDeciding({ request: c, verify: true })}
                    data-testid="closeout-verify"
                  >
                    {t('closeout.verify')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<CloseOutlined />}
                    onClick={() => setDeciding({ request: c, verify: false })}
                    data-testid="closeout-reject"
                  >
                    {t('closeout.reject')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader title={t('closeouts.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {!mayOnAllUnits(me, 'closeouts.read') ? t('closeouts.hintUnit') : t('closeouts.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Card size="small">
        <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
          <Segmented<StatusFilter>
            value={status}
            onChange={(next) => setParams({ status: next }, { replace: true })}
            options={[
              { value: 'all', label: t('closeouts.all') },
              ...CLOSEOUT_STATUSES.map((value) => ({ value, label: t(`closeoutStatus.${value}`) })),
            ]}
            data-testid="closeout-status-filter"
          />
        </Flex>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <div data-testid="closeout-table" aria-busy={list.isFetching}>
            <Table<Closeout>
              rowKey="id"
              size="middle"
              tableLayout="fixed"
              scroll={{ x: 1100 }}
              columns={columns}
              dataSource={list.data}
              loading={list.isFetching}
              onRow={(c) =>
                ({
                  'data-testid': 'closeout-row',
                  'data-id': c.id,
                  'data-status': c.status,
                  'data-assignment': c.assignmentId,
                }) as object
              }
              pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (count) => t('common.totalN', { count }) }}
              locale={{ emptyText: t('closeouts.empty') }}
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
  const [form] = Form.useForm<{ note?: string }>();
  const decide = useDecideCloseout();
  const { request, verify } = deciding;
  return (
    <Modal
      open
      title={verify ? t('closeout.verifyTitle') : t('closeout.rejectTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={verify ? t('closeout.verify') : t('closeout.reject')}
      confirmLoading={decide.isPending}
      okButtonProps={{ danger: !verify, ...testId('closeout-decide-submit') }}
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
        {request.task.number ? `${request.task.number}. ` : ''}
        {request.task.text} · {request.unit.name}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{request.note}</Typography.Paragraph>
      {verify && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('closeout.verifyHint')} />}
      {decide.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={decide.error.message} />}
      <Form<{ note?: string }>
        form={form}
        layout="vertical"
        disabled={decide.isPending}
        onFinish={(values) =>
          decide.mutate(
            { id: request.id, body: { verify, ...(values.note?.trim() ? { note: values.note.trim() } : {}) } },
            {
              onSuccess: () => {
                notifySuccess(verify ? t('closeout.verified') : t('closeout.rejected'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="note"
          label={verify ? t('closeout.decisionOptional') : t('closeout.rejectReason')}
          rules={[
            // A rejection says why (the server refuses one without a reason of 2 characters or more).
            ...(verify
              ? []
              : [
                  { required: true, whitespace: true, message: t('closeout.rejectReasonRequired') },
                  { min: 2, message: t('closeout.rejectReasonRequired') },
                ]),
            { max: 1000, message: t('closeout.decisionRule') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="closeout-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
