// The plan page's period editors (PeriodsCard): a period's due date, grace and lock, and the plan's co-unit lead
// days. In their own chunk, fetched when the office opens one: the form, picker and number inputs are not needed for
// the plan page's first rows (issue 15).

import { Alert, Form, InputNumber, Modal, Switch } from 'antd';
import { useSetCoUnitLeadDays } from '../api/ask-once';
import { useUpdatePeriod } from '../api/periods';
import type { Period, UpdatePeriodBody } from '../api/types';
import { fromCstInput, toCstInput } from '../format';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';
import { DateInput } from './DateInput';

const MAX_GRACE_DAYS = 90;
/** As src/core/co-units.ts MAX_CO_UNIT_LEAD_DAYS (the web imports only src/api); the server refuses more. */
const MAX_CO_UNIT_LEAD_DAYS = 30;

interface PeriodForm {
  /** datetime-local value, China Standard Time */
  dueAt: string;
  graceDays: number;
  locked: boolean;
}

export function PeriodModal({ period, onClose }: { period: Period; onClose: () => void }) {
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
          <DateInput showTime allowClear={false} data-testid="period-due-input" />
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

export function CoUnitLeadDaysModal({ planId, days, onClose }: { planId: string; days: number; onClose: () => void }) {
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
