// A unit's group robot (群机器人) for reminders: WeCom or DingTalk, its webhook URL (https, public address:
// the server refuses anything else) and, for DingTalk, the signing secret. The office sets any unit's,
// a unit leader their own (on 我的任务).

import { EditOutlined, RobotOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Select, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useSetWebhook, useWebhook } from '../api/supervision';
import type { Webhook, WebhookBody } from '../api/types';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';

type Kind = NonNullable<Webhook['kind']>;
const KINDS: readonly Kind[] = ['wecom', 'dingtalk'];

interface WebhookValues {
  kind: Kind | 'none';
  url?: string;
  secret?: string;
}

/** The host of a robot URL (its query is the robot's key: never shown whole outside the form). */
function hostOf(url: string | null): string {
  if (!url) return '';
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function WebhookSummary({ webhook }: { webhook: Webhook }) {
  const t = useT();
  if (!webhook.kind)
    return (
      <Typography.Text type="secondary" data-testid="webhook-summary" data-kind="">
        {t('webhook.none')}
      </Typography.Text>
    );
  return (
    <Typography.Text data-testid="webhook-summary" data-kind={webhook.kind}>
      {t(`webhook.kind.${webhook.kind}`)} · {hostOf(webhook.url)}
      {webhook.kind === 'dingtalk' && ` · ${webhook.hasSecret ? t('webhook.signed') : t('webhook.unsigned')}`}
    </Typography.Text>
  );
}

export function WebhookModal({ unitId, unitName, onClose }: { unitId: string; unitName: string; onClose: () => void }) {
  const t = useT();
  const current = useWebhook(unitId);
  return (
    <Modal open title={t('webhook.title', { name: unitName })} onCancel={onClose} footer={null} destroyOnHidden>
      {current.isError ? (
        <Alert type="error" showIcon title={current.error.message} />
      ) : current.data ? (
        <WebhookFormBody unitId={unitId} webhook={current.data} onClose={onClose} />
      ) : (
        <Skeleton active />
      )}
    </Modal>
  );
}

function WebhookFormBody({ unitId, webhook, onClose }: { unitId: string; webhook: Webhook; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<WebhookValues>();
  const save = useSetWebhook(unitId);
  const kind = Form.useWatch('kind', form) ?? webhook.kind ?? 'none';

  const submit = (values: WebhookValues) => {
    const body: WebhookBody =
      values.kind === 'none'
        ? { kind: null, url: null }
        : {
            kind: values.kind,
            url: values.url?.trim() ?? '',
            // Left empty: the saved secret stays (the server never sends it back).
            ...(values.kind === 'dingtalk' && values.secret?.trim() ? { secret: values.secret.trim() } : {}),
          };
    save.mutate(body, {
      onSuccess: () => {
        notifySuccess(t('webhook.saved'));
        onClose();
      },
    });
  };

  return (
    <Form<WebhookValues>
      form={form}
      layout="vertical"
      disabled={save.isPending}
      initialValues={{ kind: webhook.kind ?? 'none', url: webhook.url ?? '' }}
      onFinish={submit}
    >
      <Typography.Paragraph type="secondary">{t('webhook.hint')}</Typography.Paragraph>
      {save.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={save.error.message} />}
      <Form.Item name="kind" label={t('webhook.kindLabel')}>
        <Select<Kind | 'none'>
          options={[
            { value: 'none', label: t('webhook.none') },
            ...KINDS.map((value) => ({ value, label: t(`webhook.kind.${value}`) })),
          ]}
          data-testid="webhook-kind"
        />
      </Form.Item>
      {kind !== 'none' && (
        <Form.Item
          name="url"
          label={t('webhook.url')}
          extra={t(`webhook.urlHint.${kind}`)}
          rules={[
            { required: true, whitespace: true, message: t('webhook.urlRequired') },
            { type: 'url', message: t('webhook.urlRule') },
            { max: 1000, message: t('webhook.urlRule') },
          ]}
        >
          <Input maxLength={1000} autoComplete="off" data-testid="webhook-url" />
        </Form.Item>
      )}
      {kind === 'dingtalk' && (
        <Form.Item
          name="secret"
          label={t('webhook.secret')}
          extra={webhook.hasSecret ? t('webhook.secretKeep') : t('webhook.secretHint')}
        >
          <Input.Password maxLength={200} autoComplete="new-password" data-testid="webhook-secret" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending} block {...testId('webhook-save')}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

/** On 我的任务, for the unit's principal leader: the unit's robot and a button to change it. */
export function WebhookCard({ unitId, unitName }: { unitId: string; unitName: string }) {
  const t = useT();
  const webhook = useWebhook(unitId);
  const [open, setOpen] = useState(false);
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <span>
          <RobotOutlined /> {t('webhook.cardTitle')}
        </span>
      }
      extra={
        <Button size="small" icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="webhook-edit">
          {t('common.edit')}
        </Button>
      }
      data-testid="webhook-card"
    >
      {webhook.data ? <WebhookSummary webhook={webhook.data} /> : <Skeleton active paragraph={false} />}
      {open && <WebhookModal unitId={unitId} unitName={unitName} onClose={() => setOpen(false)} />}
    </Card>
  );
}
