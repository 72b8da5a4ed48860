// 签收情况 for the supervision office: every assignment's receipt, filtered by status (disputes first) and
// unit; the office reassigns a disputed assignment to another unit or upholds it (维持原分工) with a reason
// the unit reads, and reads each one's history.

import { CheckCircleOutlined, HistoryOutlined, SwapOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Space,
  type TableColumnsType,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { reassignBodySchema, upholdBodySchema } from '../../api/v1';
import { useAssignmentHistory, useReassign, useReceipts, useUphold } from '../api/receipts';
import type { AssignmentEvent, Receipt, ReceiptStatus } from '../api/types';
import { StatusFilter } from '../components/DecisionQueue';
import { PageHeader } from '../components/PageHeader';
import { QueryTable, serverPagination } from '../components/QueryTable';
import { ReceiptTaskLabel } from '../components/ReceiptsCard';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { ReceiptStatusTag, RoleTag } from '../components/tags';
import { UnitSelect } from '../components/UnitSelect';
import { formatDateTime } from '../format';
import { type Lang, type Translate, useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import { ASSIGNMENT_ACTION_COLORS, RECEIPT_STATUSES } from '../vocab';

type ReceiptFilter = ReceiptStatus | 'all';
const DEFAULT_STATUS: ReceiptFilter = 'disputed';
const DEFAULT_PAGE_SIZE = 50;

function parseStatus(value: string | null): ReceiptFilter {
  if (value === 'all') return 'all';
  return RECEIPT_STATUSES.find((status) => status === value) ?? DEFAULT_STATUS;
}

/** Filters in the address bar, so a link or a reload keeps them. */
function useReceiptFilterParams() {
  const [params, setParams] = useSearchParams();
  const status = parseStatus(params.get('status'));
  const unitId = params.get('unitId') || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(500, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
  const update = (patch: Record<string, string | number | undefined>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        // A new filter starts again at page 1.
        if (!('page' in patch)) next.delete('page');
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );
  return { status, unitId, page, pageSize, update };
}

export default function ReceiptsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { status, unitId, page, pageSize, update } = useReceiptFilterParams();
  const receipts = useReceipts({ status: status === 'all' ? undefined : status, unitId, page, pageSize });
  const [reassigning, setReassigning] = useState<Receipt | null>(null);
  const [historyOf, setHistoryOf] = useState<Receipt | null>(null);
  const [upholding, setUpholding] = useState<Receipt | null>(null);
  const mayReassign = may(me, 'assignments.reassign');

  const columns: TableColumnsType<Receipt> = [
    {
      key: 'task',
      title: t('receipt.task'),
      render: (_, receipt) => <ReceiptTaskLabel receipt={receipt} />,
    },
    { key: 'unit', title: t('receipt.unit'), width: 180, render: (_, receipt) => receipt.unit.name },
    { key: 'role', title: t('receipt.role'), width: 90, render: (_, receipt) => <RoleTag role={receipt.role} /> },
    {
      key: 'status',
      title: t('receipt.status'),
      width: 100,
      render: (_, receipt) => <ReceiptStatusTag status={receipt.status} />,
    },
    {
      key: 'note',
      title: t('receipt.note'),
      width: 200,
      render: (_, receipt) =>
        receipt.note ? (
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: receipt.note }} style={{ margin: 0 }}>
            {receipt.note}
          </Typography.Paragraph>
        ) : (
          '—'
        ),
    },
    {
      key: 'answeredAt',
      title: t('receipt.answeredAt'),
      width: 150,
      render: (_, receipt) => formatDateTime(receipt.answeredAt, lang),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: mayReassign ? 260 : 90,
      render: (_, receipt) => (
        <Space size={0}>
          {mayReassign && (
            <Button
              type="link"
              size="small"
              icon={<SwapOutlined />}
              onClick={() => setReassigning(receipt)}
              data-testid="receipt-reassign"
            >
              {t('receipt.reassign')}
            </Button>
          )}
          {mayReassign && receipt.status === 'disputed' && (
            <Button
              type="link"
              size="small"
              icon={<CheckCircleOutlined />}
              onClick={() => setUpholding(receipt)}
              data-testid="receipt-uphold"
            >
              {t('receipt.uphold')}
            </Button>
          )}
          <Button
            type="link"
            size="small"
            icon={<HistoryOutlined />}
            onClick={() => setHistoryOf(receipt)}
            data-testid="receipt-history"
          >
            {t('receipt.history')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHeader title={t('receipts.title')} />
      <Card size="small">
        <StatusFilter<ReceiptStatus>
          value={status}
          onChange={(value) => update({ status: value })}
          statuses={RECEIPT_STATUSES}
          allLabel={t('receipt.all')}
          label={(value) => t(`receiptStatus.${value}`)}
          testId="receipts-status-filter"
        >
          <UnitSelect
            value={unitId}
            onChange={(value) => update({ unitId: value })}
            placeholder={t('filter.unit')}
            style={{ width: 260 }}
            data-testid="receipts-unit-filter"
          />
        </StatusFilter>
        <QueryTable<Receipt>
          query={receipts}
          rows={receipts.data?.items}
          testId="receipts-table"
          rowKey="assignmentId"
          size="middle"
          scroll={{ x: 960 }}
          columns={columns}
          rowAttributes={(receipt) => ({ 'data-testid': 'receipt-row', 'data-status': receipt.status })}
          locale={{ emptyText: t('receipt.tableEmpty') }}
          pagination={serverPagination(
            page,
            pageSize,
            receipts.data?.total,
            (nextPage, nextSize) => update({ page: nextPage, pageSize: nextSize }),
            (count) => t('common.totalN', { count }),
          )}
        />
      </Card>
      {reassigning && <ReassignModal receipt={reassigning} onClose={() => setReassigning(null)} />}
      {upholding && <UpholdModal receipt={upholding} onClose={() => setUpholding(null)} />}
      <HistoryDrawer receipt={historyOf} onClose={() => setHistoryOf(null)} />
    </div>
  );
}

interface ReassignForm {
  unitId: string;
  reason: string;
}

function ReassignModal({ receipt, onClose }: { receipt: Receipt; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<ReassignForm>();
  const reassign = useReassign();

  return (
    <Modal
      open
      title={t('receipt.reassignTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('receipt.reassignSubmit')}
      confirmLoading={reassign.isPending}
      okButtonProps={testId('reassign-submit')}
    >
      <div style={{ marginBottom: 8 }}>
        <ReceiptTaskLabel receipt={receipt} rows={3} />
      </div>
      <Typography.Paragraph type="secondary">
        {t('receipt.reassignFrom', { unit: receipt.unit.name, role: t(`assignmentRole.${receipt.role}`) })}
      </Typography.Paragraph>
      {receipt.note && (
        <Typography.Paragraph type="danger">{t('receipt.disputeNote', { note: receipt.note })}</Typography.Paragraph>
      )}
      <Form<ReassignForm>
        form={form}
        layout="vertical"
        disabled={reassign.isPending}
        onFinish={(values) =>
          reassign.mutate(
            { assignmentId: receipt.assignmentId, unitId: values.unitId, reason: values.reason.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('receipt.reassigned'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="unitId"
          label={t('receipt.reassignTo')}
          rules={[{ required: true, message: t('receipt.reassignUnitRequired') }]}
        >
          <UnitSelect excludeIds={[receipt.unit.id]} style={{ width: '100%' }} data-testid="reassign-unit" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('receipt.reassignReason')}
          rules={[
            { required: true, whitespace: true, message: t('receipt.reassignReasonRequired') },
            schemaRule(reassignBodySchema.shape.reason, t('receipt.reasonRule')),
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="reassign-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function UpholdModal({ receipt, onClose }: { receipt: Receipt; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const uphold = useUphold();
  return (
    <Modal
      open
      title={t('receipt.upholdTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('receipt.upholdSubmit')}
      confirmLoading={uphold.isPending}
      okButtonProps={testId('uphold-submit')}
    >
      <div style={{ marginBottom: 8 }}>
        <ReceiptTaskLabel receipt={receipt} rows={3} />
      </div>
      {receipt.note && (
        <Typography.Paragraph type="danger">{t('receipt.disputeNote', { note: receipt.note })}</Typography.Paragraph>
      )}
      <Form<{ reason: string }>
        form={form}
        layout="vertical"
        disabled={uphold.isPending}
        onFinish={(values) =>
          uphold.mutate(
            { assignmentId: receipt.assignmentId, reason: values.reason.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('receipt.upheld'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="reason"
          label={t('receipt.upholdReason')}
          rules={[
            { required: true, whitespace: true, message: t('receipt.upholdReasonRequired') },
            schemaRule(upholdBodySchema.shape.reason, t('receipt.reasonRule')),
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="uphold-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function eventUnits(event: AssignmentEvent, t: Translate): string | null {
  if (event.action === 'reassign' && event.fromUnit && event.toUnit) {
    return t('receipt.fromTo', { from: event.fromUnit.name, to: event.toUnit.name });
  }
  return (event.toUnit ?? event.fromUnit)?.name ?? null;
}

function timelineItems(events: readonly AssignmentEvent[], t: Translate, lang: Lang) {
  return events.map((event, index) => {
    const units = eventUnits(event, t);
    return {
      key: `${event.at}|${index}`,
      color: ASSIGNMENT_ACTION_COLORS[event.action],
      content: (
        <div data-testid="history-event" data-action={event.action}>
          <div>
            <Typography.Text strong>{t(`assignmentAction.${event.action}`)}</Typography.Text>
            <Typography.Text type="secondary">
              {' · '}
              {event.by ? t('receipt.by', { name: event.by }) : t('receipt.bySystem')}
              {' · '}
              {formatDateTime(event.at, lang)}
            </Typography.Text>
          </div>
          {units && <div>{units}</div>}
          {event.note && <Typography.Text type="secondary">{event.note}</Typography.Text>}
        </div>
      ),
    };
  });
}

function HistoryDrawer({ receipt, onClose }: { receipt: Receipt | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const history = useAssignmentHistory(receipt?.assignmentId);
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open={receipt !== null}
      onClose={onClose}
      title={t('receipt.historyTitle')}
      size={screens.sm ? 480 : '100%'}
      destroyOnHidden
      loading={history.isLoading}
      data-testid="receipt-history-drawer"
    >
      {receipt && (
        <div style={{ marginBottom: 16 }}>
          <ReceiptTaskLabel receipt={receipt} rows={3} />
        </div>
      )}
      {history.isError ? (
        <QueryError error={history.error} onRetry={() => history.refetch()} />
      ) : history.data && history.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('receipt.historyEmpty')} />
      ) : (
        <Timeline items={timelineItems(history.data ?? [], t, lang)} />
      )}
    </Drawer>
  );
}
