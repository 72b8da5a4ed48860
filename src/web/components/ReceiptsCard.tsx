// 待签收 on "my tasks": the unit's pending and disputed assignments, each to acknowledge or dispute.
// A list rather than a table so that it stays usable on a phone.

import { CheckOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Flex, Form, Grid, Input, List, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { disputeBodySchema } from '../../api/v1';
import { useAcknowledge, useDispute, useReceipts } from '../api/receipts';
import type { Receipt } from '../api/types';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';
import { schemaRule } from './schemaRule';
import { LevelTag, ReceiptStatusTag, RoleTag } from './tags';

/** Enough for any one unit's share of a plan; the card pages through them in the browser. */
const MAX_RECEIPTS = 500;
const PAGE_SIZE = 10;

/** A receipt's task as a link: level, number and (clamped) text. */
export function ReceiptTaskLabel({ receipt, rows = 2 }: { receipt: Receipt; rows?: number }) {
  const t = useT();
  const { task } = receipt;
  return (
    <Link to={`/tasks/${encodeURIComponent(task.id)}`} style={{ color: 'inherit' }}>
      <Typography.Paragraph
        ellipsis={{ rows, tooltip: { title: task.text, styles: { root: { maxWidth: 560 } } } }}
        style={{ margin: 0 }}
      >
        <LevelTag level={task.source.level} short />
        <Typography.Text strong>{task.number ?? t('task.titleUnnumbered')}</Typography.Text> {task.text}
      </Typography.Paragraph>
    </Link>
  );
}

export function ReceiptsCard() {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const pending = useReceipts({ status: 'pending', pageSize: MAX_RECEIPTS });
  const disputed = useReceipts({ status: 'disputed', pageSize: MAX_RECEIPTS });
  const acknowledge = useAcknowledge();
  const [disputing, setDisputing] = useState<Receipt | null>(null);

  const items = [...(pending.data?.items ?? []), ...(disputed.data?.items ?? [])];
  const pendingCount = pending.data?.total ?? 0;
  const narrow = !screens.md;

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="receipts-card"
      title={
        <Space>
          {t('receipt.cardTitle')}
          <Badge
            count={pendingCount}
            showZero
            overflowCount={999}
            color={pendingCount > 0 ? undefined : 'green'}
            data-testid="receipts-pending-count"
            // The number itself, for tests: the badge animates its digits, so its text is not stable.
            data-count={pendingCount}
          />
        </Space>
      }
    >
      {items.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
          {t('receipt.cardHint')}
        </Typography.Paragraph>
      )}
      <List<Receipt>
        size="small"
        loading={pending.isLoading || disputed.isLoading}
        dataSource={items}
        rowKey="assignmentId"
        locale={{ emptyText: t('receipt.empty') }}
        pagination={items.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, size: 'small', align: 'center' } : false}
        renderItem={(receipt) => {
          const busy = acknowledge.isPending && acknowledge.variables === receipt.assignmentId;
          const actions = [
            <Button
              key="acknowledge"
              type="primary"
              size={narrow ? 'middle' : 'small'}
              icon={<CheckOutlined />}
              loading={busy}
              disabled={acknowledge.isPending && !busy}
              onClick={() =>
                acknowledge.mutate(receipt.assignmentId, {
                  onSuccess: () => notifySuccess(t('receipt.acknowledged')),
                })
              }
              data-testid="receipt-acknowledge"
            >
              {t('receipt.acknowledge')}
            </Button>,
            ...(receipt.status === 'pending'
              ? [
                  <Button
                    key="dispute"
                    size={narrow ? 'middle' : 'small'}
                    icon={<ExclamationCircleOutlined />}
                    onClick={() => setDisputing(receipt)}
                    data-testid="receipt-dispute"
                  >
                    {t('receipt.dispute')}
                  </Button>,
                ]
              : []),
          ];
          return (
            // On a phone the buttons go under the text, full size, rather than squeezed beside it.
            <List.Item
              actions={narrow ? undefined : actions}
              data-testid="receipt-row"
              data-status={receipt.status}
              data-assignment={receipt.assignmentId}
            >
              <List.Item.Meta
                title={<ReceiptTaskLabel receipt={receipt} />}
                description={
                  <Flex wrap gap={4} align="center">
                    <RoleTag role={receipt.role} />
                    <ReceiptStatusTag status={receipt.status} />
                    {receipt.note && (
                      <Typography.Text type="danger">
                        {t('receipt.disputeNote', { note: receipt.note })}
                      </Typography.Text>
                    )}
                    {receipt.status === 'pending' && receipt.upheld && (
                      <Typography.Text type="warning" data-testid="receipt-upheld">
                        {t('receipt.upheldNote', { reason: receipt.upheld.reason })}
                      </Typography.Text>
                    )}
                    {narrow && (
                      <Flex gap={8} style={{ width: '100%', marginTop: 4 }}>
                        {actions}
                      </Flex>
                    )}
                  </Flex>
                }
              />
            </List.Item>
          );
        }}
      />
      {disputing && <DisputeModal receipt={disputing} onClose={() => setDisputing(null)} />}
    </Card>
  );
}

function DisputeModal({ receipt, onClose }: { receipt: Receipt; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const dispute = useDispute();
  const quickReasons = [t('receipt.reasonNotOurs'), t('receipt.reasonWrongUnit')];

  return (
    <Modal
      open
      title={t('receipt.disputeTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('receipt.disputeSubmit')}
      confirmLoading={dispute.isPending}
      okButtonProps={{ danger: true, ...testId('dispute-submit') }}
    >
      <div style={{ marginBottom: 12 }}>
        <ReceiptTaskLabel receipt={receipt} rows={3} />
      </div>
      <Form<{ reason: string }>
        form={form}
        layout="vertical"
        disabled={dispute.isPending}
        onFinish={({ reason }) =>
          dispute.mutate(
            { assignmentId: receipt.assignmentId, reason: reason.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('receipt.disputed'));
                onClose();
              },
            },
          )
        }
      >
        <Flex wrap gap={8} align="center" style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('receipt.quickReasons')}</Typography.Text>
          {quickReasons.map((text) => (
            <Button
              key={text}
              size="small"
              onClick={() => {
                form.setFieldValue('reason', text);
                void form.validateFields(['reason']).catch(() => undefined);
              }}
              data-testid="dispute-quick-reason"
            >
              {text}
            </Button>
          ))}
        </Flex>
        <Form.Item
          name="reason"
          label={t('receipt.disputeReason')}
          rules={[
            { required: true, whitespace: true, message: t('receipt.disputeReasonRequired') },
            schemaRule(disputeBodySchema.shape.reason, t('receipt.reasonRule')),
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="dispute-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
