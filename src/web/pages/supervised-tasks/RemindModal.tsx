import { Alert, Flex, Form, Input, Modal, Tag, Typography } from 'antd';
import { useRemind } from '../../api/supervision';
import { useT } from '../../i18n';
import { notifySuccess } from '../../notify';
import { testId } from '../../testId';

// ---- 一键催办 ---------------------------------------------------------------------------------------------

export function RemindModal({
  assignmentIds,
  units,
  onClose,
  onDone,
}: {
  assignmentIds: string[];
  units: string[];
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ message?: string }>();
  const remind = useRemind();
  const empty = assignmentIds.length === 0;
  return (
    <Modal
      open
      title={t('remind.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('remind.send')}
      confirmLoading={remind.isPending}
      okButtonProps={{ disabled: empty, ...testId('remind-submit') }}
    >
      {empty ? (
        <Alert type="info" showIcon title={t('remind.nothing')} />
      ) : (
        <>
          <Typography.Paragraph>
            {t('remind.summary', { units: units.length, items: assignmentIds.length })}
          </Typography.Paragraph>
          <Flex wrap gap={4} style={{ marginBottom: 12, maxHeight: 120, overflowY: 'auto' }}>
            {units.map((name) => (
              <Tag key={name}>{name}</Tag>
            ))}
          </Flex>
        </>
      )}
      {remind.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={remind.error.message} />}
      <Form<{ message?: string }>
        form={form}
        layout="vertical"
        disabled={remind.isPending || empty}
        onFinish={(values) =>
          remind.mutate(
            { assignmentIds, ...(values.message?.trim() ? { message: values.message.trim() } : {}) },
            {
              onSuccess: (result) => {
                notifySuccess(t('remind.done', { units: result.units, notified: result.notified }));
                onDone();
              },
            },
          )
        }
      >
        <Form.Item name="message" label={t('remind.message')} extra={t('remind.messageHint')}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="remind-message" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
