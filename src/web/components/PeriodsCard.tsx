// 报告期 on the plan page: each period's span, its due date in China Standard Time (grace included) and
// whether it is locked; the supervision office edits due date, grace and lock.

import { EditOutlined, LockOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Switch,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useSetCoUnitLeadDays } from '../api/ask-once';
import { usePeriods, useUpdatePeriod } from '../api/periods';
import type { Period, UpdatePeriodBody } from '../api/types';
import { formatCstMinute, formatDate, fromCstInput, toCstInput } from '../format';
import { useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import { ListTable } from './ListTable';
import { QueryError } from './status';

const MAX_GRACE_DAYS = 90;
/** As src/core/co-units.ts MAX_CO_UNIT_LEAD_DAYS (the web imports only src/api); the server refuses more. */
const MAX_CO_UNIT_LEAD_DAYS = 30;

/**
 * `archived`: the plan is closed for the year (已归档), read-only: no edit buttons. `coUnitLeadDays`: the plan's gap
 * for co-units (配合单位先于牵头单位), shown and set above the periods.
 */
export function PeriodsCard({
  planId,
  archived = false,
  coUnitLeadDays,
}: {
  planId: string;
  archived?: boolean;
  coUnitLeadDays?: number;
}) {
  const { t, lang } = useI18n();
  const me = useMe();
  const periods = usePeriods(planId);
  const [editing, setEditing] = useState<Period | null>(null);
  const [editingGap, setEditingGap] = useState(false);
  const editable = may(me, 'periods.manage') && !archived;

  const columns: TableColumnsType<Period> = [
    { key: 'label', title: t('period.label'), dataIndex: 'label', width: 140 },
    {
      key: 'covers',
      title: t('period.covers'),
      width: 210,
      render: (_, period) => `${formatDate(period.coversFrom, lang)} – ${formatDate(period.coversTo, lang)}`,
    },
    {
      key: 'due',
      title: t('period.due'),
      width: 190,
      render: (_, period) => {
        const due = <span data-testid="period-due">{formatCstMinute(period.effectiveDueAt)}</span>;
        if (period.graceDays <= 0) return due;
        return (
          <Tooltip title={t('period.originalDue', { time: formatCstMinute(period.dueAt), count: period.graceDays })}>
            <span style={{ borderBottom: '1px dashed' }}>{due}</span>
          </Tooltip>
        );
      },
    },
    {
      key: 'grace',
      title: t('period.graceDays'),
      width: 90,
      render: (_, period) => (period.graceDays > 0 ? t('period.graceN', { count: period.graceDays }) : '—'),
    },
    {
      key: 'locked',
      title: t('period.lockedLabel'),
      width: 100,
      render: (_, period) =>
        period.locked ? (
          <Tag icon={<LockOutlined />} color="default" data-testid="period-locked">
            {t('period.locked')}
          </Tag>
        ) : (
          <Tag color="green">{t('period.open')}</Tag>
        ),
    },
    ...(editable
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 90,
            render: (_: unknown, period: Period) => (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing(period)}
                data-testid="period-edit"
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card size="small" title={t('period.title')} style={{ marginBottom: 16 }}>
      {coUnitLeadDays !== undefined && (
        <Flex wrap gap={8} align="center" style={{ marginBottom: 8 }} data-testid="co-unit-lead-days">
          <Typography.Text type="secondary">{t('coUnit.leadDays')}</Typography.Text>
          <Tooltip title={t('coUnit.hint')}>
            <span data-testid="co-unit-lead-days-value" data-days={coUnitLeadDays}>
              {coUnitLeadDays > 0 ? t('coUnit.leadDaysN', { count: coUnitLeadDays }) : t('coUnit.same')}
            </span>
          </Tooltip>
          {editable && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditingGap(true)}
              data-testid="co-unit-lead-days-edit"
            >
              {t('coUnit.edit')}
            </Button>
          )}
        </Flex>
      )}
      {periods.isError ? (
        <QueryError error={periods.error} onRetry={() => periods.refetch()} />
      ) : (
        <div data-testid="periods-table" aria-busy={periods.isFetching}>
          <ListTable<Period>
            rowKey="id"
            size="small"
            tableLayout="fixed"
            scroll={{ x: 720 }}
            pagination={false}
            loading={periods.isLoading}
            columns={columns}
            dataSource={periods.data}
            onRow={(period) =>
              ({ 'data-testid': 'period-row', 'data-period': period.id }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: t('period.empty') }}
          />
        </div>
      )}
      {editing && <PeriodModal period={editing} onClose={() => setEditing(null)} />}
      {editingGap && (
        <CoUnitLeadDaysModal planId={planId} days={coUnitLeadDays ?? 0} onClose={() => setEditingGap(false)} />
      )}
    </Card>
  );
}

interface PeriodForm {
  /** datetime-local value, China Standard Time */
  dueAt: string;
  graceDays: number;
  locked: boolean;
}

function PeriodModal({ period, onClose }: { period: Period; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<PeriodForm>();
  const update = useUpdatePeriod();
  const initialDue = toCstInput(period.dueAt);

  const submit = (values: PeriodForm) => {
    const body: UpdatePeriodBody = { graceDays: values.graceDays, locked: values.locked };
    // Only a changed date is sent: the input has minutes, the stored value may have seconds.
    if (values.dueAt !== initialDue) body.dueAt = fromCstInput(values.dueAt) ?? undefined;
    update.mutate(
      { id: period.id, body },
      {
        onSuccess: () => {
          notifySuccess(t('common.saved'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('period.editTitle', { label: period.label })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={update.isPending}
      okButtonProps={testId('period-save')}
    >
      {update.isError && (
        <Alert
          type="error"
          showIcon
          title={update.error.message}
          style={{ marginBottom: 16 }}
          data-testid="period-error"
        />
      )}
      <Form<PeriodForm>
        form={form}
        layout="vertical"
        disabled={update.isPending}
        initialValues={{ dueAt: initialDue, graceDays: period.graceDays, locked: period.locked }}
        onFinish={submit}
      >
        <Form.Item
          name="dueAt"
          label={t('period.dueAt')}
          extra={t('period.dueHint')}
          rules={[
            { required: true, message: t('period.dueAtRequired') },
            {
              validator: async (_rule, value: unknown) => {
                if (typeof value === 'string' && value !== '' && !fromCstInput(value)) {
                  throw new Error(t('period.dueAtRequired'));
                }
              },
            },
          ]}
        >
          <Input type="datetime-local" style={{ maxWidth: 260 }} data-testid="period-due-input" />
        </Form.Item>
        <Form.Item
          name="graceDays"
          label={t('period.graceDays')}
          extra={t('period.graceHint')}
          rules={[{ required: true }]}
        >
          <InputNumber
            min={0}
            max={MAX_GRACE_DAYS}
            precision={0}
            suffix={t('period.graceN', { count: '' }).trim()}
            data-testid="period-grace"
          />
        </Form.Item>
        <Form.Item name="locked" label={t('period.lockedLabel')} extra={t('period.lockedHint')} valuePropName="checked">
          <Switch data-testid="period-locked-switch" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CoUnitLeadDaysModal({ planId, days, onClose }: { planId: string; days: number; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ days: number }>();
  const set = useSetCoUnitLeadDays(planId);
  return (
    <Modal
      open
      title={t('coUnit.editTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={set.isPending}
      okButtonProps={testId('co-unit-lead-days-save')}
    >
      {set.isError && <Alert type="error" showIcon title={set.error.message} style={{ marginBottom: 16 }} />}
      <Form<{ days: number }>
        form={form}
        layout="vertical"
        disabled={set.isPending}
        initialValues={{ days }}
        onFinish={(values) =>
          set.mutate(values.days, {
            onSuccess: () => {
              notifySuccess(t('common.saved'));
              onClose();
            },
          })
        }
      >
        <Form.Item name="days" label={t('coUnit.leadDays')} extra={t('coUnit.hint')} rules={[{ required: true }]}>
          <InputNumber
            min={0}
            max={MAX_CO_UNIT_LEAD_DAYS}
            precision={0}
            suffix={t('period.graceN', { count: '' }).trim()}
            data-testid="co-unit-lead-days-input"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
