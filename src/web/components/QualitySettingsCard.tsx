// The office's report quality settings (报送质量提示): the similarity threshold for “copied”, the stock phrases, the
// statuses that need evidence. On the supervision settings page, beside the reasons for lagging.

import { Alert, Button, Card, Form, InputNumber, Select, Skeleton, Typography } from 'antd';
import { type QualitySettingsBody, useQualitySettings, useUpdateQualitySettings } from '../api/quality';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { ITEM_STATUSES } from '../vocab';
import { QueryError } from './status';

export function QualitySettingsCard() {
  const t = useT();
  const settings = useQualitySettings();
  const update = useUpdateQualitySettings();
  if (settings.isError) return <QueryError error={settings.error} onRetry={() => settings.refetch()} />;
  return (
    <Card size="small" title={t('quality.settings')} data-testid="quality-settings">
      <Typography.Paragraph type="secondary">{t('quality.settingsHint')}</Typography.Paragraph>
      {settings.data ? (
        <Form<QualitySettingsBody>
          layout="vertical"
          initialValues={settings.data}
          disabled={update.isPending}
          onFinish={(values) =>
            update.mutate(
              { ...values, stockPhrases: [...new Set(values.stockPhrases.map((p) => p.trim()).filter(Boolean))] },
              { onSuccess: () => notifySuccess(t('quality.saved')) },
            )
          }
        >
          {update.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={update.error.message} />}
          <Form.Item
            name="copiedThreshold"
            label={t('quality.copiedThreshold')}
            extra={t('quality.copiedThresholdHint')}
            rules={[{ required: true, message: t('settings.required') }]}
          >
            <InputNumber<number>
              min={0.5}
              max={1}
              step={0.01}
              precision={2}
              style={{ width: 160 }}
              data-testid="quality-copiedThreshold"
            />
          </Form.Item>
          <Form.Item name="stockPhrases" label={t('quality.stockPhrases')} extra={t('quality.stockPhrasesHint')}>
            <Select<string[]>
              mode="tags"
              tokenSeparators={[',', '，', '、', ' ']}
              open={false}
              style={{ maxWidth: 640 }}
              data-testid="quality-stockPhrases"
            />
          </Form.Item>
          <Form.Item name="evidenceRequiredFor" label={t('quality.evidenceRequiredFor')}>
            <Select<string[]>
              mode="multiple"
              style={{ maxWidth: 480 }}
              options={ITEM_STATUSES.map((value) => ({ value, label: t(`itemStatus.${value}`) }))}
              data-testid="quality-evidenceRequiredFor"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="quality-save">
            {t('common.save')}
          </Button>
        </Form>
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}
