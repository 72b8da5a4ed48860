import { Alert, Form, Input, Modal, Skeleton } from 'antd';
import { publishBulletinBodySchema } from '../../../api/bulletins';
import { useBulletins, usePublishBulletin } from '../../api/bulletins';
import type { Bulletin } from '../../api/types';
import { schemaRule } from '../../components/schemaRule';
import { useT } from '../../i18n';
import { notifySuccess } from '../../notify';
import { testId } from '../../testId';

export function PublishModal({ bulletin, onClose }: { bulletin: Bulletin; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ number: string }>();
  const publish = usePublishBulletin(bulletin.id);
  const all = useBulletins(undefined);
  const ready = all.isSuccess;
  const numbers = (all.data ?? []).flatMap((b) => (b.number ? [b.number] : []));
  // The server proposes the number (the next of the year) and checks an edited one.
  const suggestion = bulletin.proposedNumber ?? '';

  return (
    <Modal
      open
      title={t('bulletin.publishTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('bulletin.publish')}
      okButtonProps={{ ...testId('bulletin-publish-submit'), disabled: !ready }}
      confirmLoading={publish.isPending}
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('bulletin.publishWarning')} />
      {publish.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={publish.error.message}
          data-testid="bulletin-publish-error"
        />
      )}
      {ready ? (
        <Form<{ number: string }>
          form={form}
          layout="vertical"
          initialValues={{ number: suggestion }}
          disabled={publish.isPending}
          onFinish={(values) =>
            publish.mutate(values.number.trim(), {
              onSuccess: (published) => {
                notifySuccess(t('bulletin.published', { number: published.number ?? '' }));
                onClose();
              },
            })
          }
        >
          <Form.Item
            name="number"
            label={t('bulletin.number')}
            extra={
              numbers.length
                ? t('bulletin.numbersUsed', { numbers: numbers.slice(0, 3).join('、') })
                : t('bulletin.numberHint')
            }
            rules={[
              { required: true, whitespace: true, message: t('bulletin.numberRequired') },
              schemaRule(publishBulletinBodySchema.shape.number, t('bulletin.numberRule')),
            ]}
          >
            <Input maxLength={60} data-testid="bulletin-number-input" data-suggested={suggestion} />
          </Form.Item>
        </Form>
      ) : (
        <Skeleton active paragraph={{ rows: 1 }} />
      )}
    </Modal>
  );
}
