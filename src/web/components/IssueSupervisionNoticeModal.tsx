// 下发督办单 on one unit's item: the reason, the level (蓝 / 黄 / 红 by severity) and the date the unit must
// respond by. The server numbers it (督办〔2025〕12号) and notifies the unit's staff and leader.

import { Alert, Form, Input, Modal, Radio, Typography } from 'antd';
import { issueSupervisionNoticeBodySchema } from '../../api/supervision';
import { useIssueSupervisionNotice } from '../api/supervision';
import type { Light, SupervisionNotice, SupervisionNoticeSeverity } from '../api/types';
import { addDaysIso, todayCst } from '../format';
import { useT } from '../i18n';
import { testId } from '../testId';
import { NOTICE_SEVERITIES } from '../vocab';
import { DateInput } from './DateInput';
import { schemaRule } from './schemaRule';

export interface SupervisionNoticeTarget {
  assignmentId: string;
  unitName: string;
  task: { number: string | null; text: string };
  light: Light;
}

interface NoticeForm {
  reason: string;
  severity: SupervisionNoticeSeverity;
  respondBy: string;
}

/** A red item suggests a red notice, a yellow one yellow; the office decides. */
const SUGGESTED: Record<Light, SupervisionNoticeSeverity> = {
  red: 'red',
  yellow: 'yellow',
  green: 'blue',
  grey: 'blue',
};
const DEFAULT_RESPONSE_DAYS = 7;

export function IssueSupervisionNoticeModal({
  target,
  onClose,
  onIssued,
}: {
  target: SupervisionNoticeTarget;
  onClose: () => void;
  onIssued: (notice: SupervisionNotice) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<NoticeForm>();
  const issue = useIssueSupervisionNotice();
  const today = todayCst();
  return (
    <Modal
      open
      title={t('supervisionNotice.issueTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('supervisionNotice.issue')}
      confirmLoading={issue.isPending}
      okButtonProps={{ danger: true, ...testId('notice-submit') }}
      destroyOnHidden
    >
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        <Typography.Text strong data-testid="notice-target-unit">
          {target.unitName}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: target.task.text }}>
        {target.task.number ? `${target.task.number}. ` : ''}
        {target.task.text}
      </Typography.Paragraph>
      {issue.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={issue.error.message} />}
      <Form<NoticeForm>
        form={form}
        layout="vertical"
        disabled={issue.isPending}
        initialValues={{
          severity: SUGGESTED[target.light],
          respondBy: addDaysIso(today, DEFAULT_RESPONSE_DAYS),
        }}
        onFinish={(values) =>
          issue.mutate(
            {
              assignmentId: target.assignmentId,
              reason: values.reason.trim(),
              severity: values.severity,
              respondBy: values.respondBy,
            },
            { onSuccess: onIssued },
          )
        }
      >
        <Form.Item
          name="reason"
          label={t('supervisionNotice.reason')}
          rules={[
            { required: true, whitespace: true, message: t('supervisionNotice.reasonRequired') },
            schemaRule(issueSupervisionNoticeBodySchema.shape.reason, t('supervisionNotice.reasonRule')),
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            showCount
            placeholder={t('supervisionNotice.reasonPlaceholder')}
            data-testid="notice-reason"
          />
        </Form.Item>
        <Form.Item name="severity" label={t('supervisionNotice.severity')} extra={t('supervisionNotice.severityHint')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={NOTICE_SEVERITIES.map((value) => ({ value, label: t(`noticeSeverity.${value}`) }))}
            data-testid="notice-severity"
          />
        </Form.Item>
        <Form.Item
          name="respondBy"
          label={t('supervisionNotice.respondBy')}
          rules={[
            { required: true, message: t('supervisionNotice.respondByRequired') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (value && value < today) throw new Error(t('supervisionNotice.respondByPast'));
              },
            },
          ]}
        >
          <DateInput min={today} style={{ maxWidth: 220 }} data-testid="notice-respond-by" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
