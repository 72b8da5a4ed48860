// 待签收 on "my tasks": the unit's pending and disputed assignments, each to acknowledge or dispute; pending ones
// may be selected (all, or by source level) and acknowledged together (批量签收). Disputes stay one by one.
// A list rather than a table so that it stays usable on a phone.

import { CheckOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Popconfirm,
  Space,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { disputeBodySchema } from '../../api/v1';
import { useAcknowledge, useAcknowledgeMany, useDispute, useReceipts } from '../api/receipts';
import type { Receipt, SourceLevel } from '../api/types';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';
import { SOURCE_LEVELS } from '../vocab';
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
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());

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
      <BulkBar items={pending.data?.items ?? []} selected={selected} onSelect={setSelected} narrow={narrow} />
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
                avatar={
                  receipt.status === 'pending' ? (
                    <span data-testid="receipt-select">
                      <Checkbox
                        checked={selected.has(receipt.assignmentId)}
                        aria-label={t('receipt.selectOne')}
                        onChange={(event) =>
                          setSelected(toggled(selected, [receipt.assignmentId], event.target.checked))
                        }
                      />
                    </span>
                  ) : undefined
                }
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

const toggled = (set: ReadonlySet<string>, ids: readonly string[], on: boolean): ReadonlySet<string> => {
  const next = new Set(set);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
};

/** 全选 / 选省级… and 批量签收 with a confirmation; counts only what is still pending (a refetch drops the rest). */
function BulkBar({
  items,
  selected,
  onSelect,
  narrow,
}: {
  items: readonly Receipt[];
  selected: ReadonlySet<string>;
  onSelect: (next: ReadonlySet<string>) => void;
  narrow: boolean;
}) {
  const t = useT();
  const acknowledgeMany = useAcknowledgeMany();
  const byLevel = useMemo(() => {
    const groups = new Map<SourceLevel, string[]>();
    for (const receipt of items) {
      const level = receipt.task.source.level;
      groups.set(level, [...(groups.get(level) ?? []), receipt.assignmentId]);
    }
    return SOURCE_LEVELS.filter((level) => groups.has(level)).map((level) => ({
      level,
      ids: groups.get(level) ?? [],
    }));
  }, [items]);
  if (items.length < 2) return null;
  const all = items.map((receipt) => receipt.assignmentId);
  const chosen = all.filter((id) => selected.has(id));
  const allChosen = chosen.length === all.length;
  const size = narrow ? 'middle' : 'small';

  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 8 }} data-testid="receipts-bulk">
      <span data-testid="receipts-select-all">
        <Checkbox
          checked={allChosen}
          indeterminate={chosen.length > 0 && !allChosen}
          onChange={(event) => onSelect(toggled(selected, all, event.target.checked))}
        >
          {t('receipt.selectAll', { count: all.length })}
        </Checkbox>
      </span>
      {byLevel.length > 1 &&
        byLevel.map(({ level, ids }) => {
          const on = ids.every((id) => selected.has(id));
          return (
            <Button
              key={level}
              size={size}
              type={on ? 'primary' : 'default'}
              ghost={on}
              onClick={() => onSelect(toggled(selected, ids, !on))}
              data-testid="receipts-select-level"
              data-level={level}
              data-count={ids.length}
            >
              {t('receipt.selectLevel', { level: t(`level.${level}`), count: ids.length })}
            </Button>
          );
        })}
      <Popconfirm
        title={t('receipt.bulkConfirm', { count: chosen.length })}
        description={t('receipt.bulkConfirmHint')}
        disabled={chosen.length === 0}
        okButtonProps={testId('receipts-acknowledge-confirm')}
        onConfirm={() =>
          acknowledgeMany.mutateAsync(chosen).then(
            (answer) => {
              notifySuccess(t('receipt.bulkAcknowledged', { count: answer.items.length }));
              onSelect(new Set());
            },
            // The client shows the server's refusal (which ids, why); the list is fetched again.
            () => undefined,
          )
        }
      >
        <Button
          type="primary"
          size={size}
          icon={<CheckOutlined />}
          disabled={chosen.length === 0}
          loading={acknowledgeMany.isPending}
          data-testid="receipts-acknowledge-selected"
          data-count={chosen.length}
        >
          {t('receipt.bulkAcknowledge', { count: chosen.length })}
        </Button>
      </Popconfirm>
    </Flex>
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
