// 提醒与设置: the office's supervision settings (how far an indicator may trail 序时进度 before turning
// yellow, when reminders go out and escalate), a button that runs the reminder scheduler now, and the
// record of sent messages — failed first, with the last error and the attempts — which the admin reads too.

import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  InputNumber,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import {
  DEFAULT_EVIDENCE_QUOTA_MB,
  DEFAULT_EXTENSION_MONTHS_PAST_YEAR,
  DEFAULT_INSTRUCTION_WITHIN_DAYS,
  DEFAULT_REVIEW_WITHIN_DAYS,
  DEFAULT_ROUTE_WITHIN_DAYS,
} from '../../api/supervision';
import {
  useDeliveries,
  useRunScheduler,
  useSupervisionSettings,
  useUpdateSupervisionSettings,
} from '../api/supervision';
import type { Delivery, DeliveryStatus, SchedulerRun, SupervisionSettings } from '../api/types';
import { LagReasonsCard } from '../components/LagReasonsCard';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { QualitySettingsCard } from '../components/QualitySettingsCard';
import { QueryError } from '../components/status';
import { formatDateTime } from '../format';
import { useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { DELIVERY_STATUS_COLORS, DELIVERY_STATUSES } from '../vocab';

export default function SupervisionSettingsPage() {
  const t = useT();
  const me = useMe();
  const manage = may(me, 'supervision.manage');
  return (
    <div>
      <PageHeader title={t('settings.title')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {manage && (
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <SettingsCard />
            </Col>
            <Col xs={24} lg={10}>
              <RunCard />
            </Col>
          </Row>
        )}
        {manage && <LagReasonsCard />}
        {manage && <QualitySettingsCard />}
        {may(me, 'deliveries.read') && <DeliveriesCard />}
      </Space>
    </div>
  );
}

// ---- settings -----------------------------------------------------------------------------------------

interface SettingsValues {
  behindPercent: number;
  remindBeforeDays: string[];
  escalateToLeaderAfterDays: number;
  proposeNoticeAfterDays: number;
  coordinationUnansweredDays: number;
  evidenceQuotaMb: number;
  extensionMonthsPastYear: number;
  reviewWithinDays: number;
  routeWithinDays: number;
  instructionWithinDays: number;
}

const toValues = (s: SupervisionSettings): SettingsValues => ({
  behindPercent: Math.round(s.behindMargin * 1000) / 10,
  remindBeforeDays: s.remindBeforeDays.map(String),
  escalateToLeaderAfterDays: s.escalateToLeaderAfterDays,
  proposeNoticeAfterDays: s.proposeNoticeAfterDays,
  coordinationUnansweredDays: s.coordinationUnansweredDays,
  evidenceQuotaMb: s.evidenceQuotaMb ?? DEFAULT_EVIDENCE_QUOTA_MB,
  extensionMonthsPastYear: s.extensionMonthsPastYear ?? DEFAULT_EXTENSION_MONTHS_PAST_YEAR,
  reviewWithinDays: s.reviewWithinDays ?? DEFAULT_REVIEW_WITHIN_DAYS,
  routeWithinDays: s.routeWithinDays ?? DEFAULT_ROUTE_WITHIN_DAYS,
  instructionWithinDays: s.instructionWithinDays ?? DEFAULT_INSTRUCTION_WITHIN_DAYS,
});

function SettingsCard() {
  const t = useT();
  const settings = useSupervisionSettings();
  const update = useUpdateSupervisionSettings();
  const [form] = Form.useForm<SettingsValues>();

  if (settings.isError) return <QueryError error={settings.error} onRetry={() => settings.refetch()} />;
  const submit = (values: SettingsValues) => {
    const days = [...new Set(values.remindBeforeDays.map(Number))].sort((a, b) => b - a);
    update.mutate(
      {
        behindMargin: Math.round(values.behindPercent * 10) / 1000,
        remindBeforeDays: days,
        escalateToLeaderAfterDays: values.escalateToLeaderAfterDays,
        proposeNoticeAfterDays: values.proposeNoticeAfterDays,
        coordinationUnansweredDays: values.coordinationUnansweredDays,
        evidenceQuotaMb: values.evidenceQuotaMb,
        extensionMonthsPastYear: values.extensionMonthsPastYear,
        reviewWithinDays: values.reviewWithinDays,
        routeWithinDays: values.routeWithinDays,
        instructionWithinDays: values.instructionWithinDays,
      },
      { onSuccess: () => notifySuccess(t('common.saved')) },
    );
  };
  const dayField = (name: keyof SettingsValues, max: number, label: string, extra: string, min = 1) => (
    <Form.Item name={name} label={label} extra={extra} rules={[{ required: true, message: t('settings.required') }]}>
      <InputNumber<number>
        min={min}
        max={max}
        precision={0}
        suffix={t('settings.days')}
        style={{ width: 160 }}
        data-testid={`settings-${name}`}
      />
    </Form.Item>
  );

  return (
    <Card size="small" title={t('settings.cardTitle')} data-testid="settings-card">
      {settings.data ? (
        <Form<SettingsValues>
          form={form}
          layout="vertical"
          initialValues={toValues(settings.data)}
          disabled={update.isPending}
          onFinish={submit}
        >
          {update.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={update.error.message} />}
          <Form.Item
            name="behindPercent"
            label={t('settings.behindMargin')}
            extra={t('settings.behindMarginHint')}
            rules={[{ required: true, message: t('settings.required') }]}
          >
            <InputNumber<number>
              min={0}
              max={100}
              precision={1}
              suffix="%"
              style={{ width: 160 }}
              data-testid="settings-behindPercent"
            />
          </Form.Item>
          <Form.Item
            name="remindBeforeDays"
            label={t('settings.remindBeforeDays')}
            extra={t('settings.remindBeforeDaysHint')}
            rules={[
              {
                validator: async (_rule, value: string[] | undefined) => {
                  const list = value ?? [];
                  if (list.length > 5) throw new Error(t('settings.remindBeforeDaysRule'));
                  if (list.some((d) => !/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 60)) {
                    throw new Error(t('settings.remindBeforeDaysRule'));
                  }
                },
              },
            ]}
          >
            <Select<string[]>
              mode="tags"
              tokenSeparators={[',', '，', ' ', '、']}
              style={{ maxWidth: 320 }}
              options={['1', '3', '5', '7', '10'].map((value) => ({
                value,
                label: t('settings.daysBefore', { n: value }),
              }))}
              data-testid="settings-remindBeforeDays"
            />
          </Form.Item>
          {dayField('escalateToLeaderAfterDays', 60, t('settings.escalate'), t('settings.escalateHint'))}
          {dayField('proposeNoticeAfterDays', 90, t('settings.propose'), t('settings.proposeHint'))}
          {dayField('coordinationUnansweredDays', 60, t('settings.coordination'), t('settings.coordinationHint'))}
          {dayField('reviewWithinDays', 30, t('settings.reviewWithin'), t('settings.reviewWithinHint'))}
          {dayField('routeWithinDays', 30, t('settings.routeWithin'), t('settings.routeWithinHint'))}
          {dayField(
            'instructionWithinDays',
            30,
            t('settings.instructionWithin'),
            t('settings.instructionWithinHint'),
            0,
          )}
          <Form.Item
            name="extensionMonthsPastYear"
            label={t('settings.extensionMonths')}
            extra={t('settings.extensionMonthsHint')}
            rules={[{ required: true, message: t('settings.required') }]}
          >
            <InputNumber<number>
              min={0}
              max={24}
              precision={0}
              suffix={t('settings.months')}
              style={{ width: 160 }}
              data-testid="settings-extensionMonthsPastYear"
            />
          </Form.Item>
          <Form.Item
            name="evidenceQuotaMb"
            label={t('settings.evidenceQuota')}
            extra={t('settings.evidenceQuotaHint')}
            rules={[{ required: true, message: t('settings.required') }]}
          >
            <InputNumber<number>
              min={1}
              max={1_048_576}
              precision={0}
              suffix="MB"
              style={{ width: 160 }}
              data-testid="settings-evidenceQuotaMb"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="settings-save">
            {t('common.save')}
          </Button>
        </Form>
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}

// ---- run the scheduler now ------------------------------------------------------------------------------

function RunCard() {
  const t = useT();
  const run = useRunScheduler();
  const [result, setResult] = useState<SchedulerRun | null>(null);
  return (
    <Card size="small" title={t('settings.runTitle')} style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('settings.runHint')}</Typography.Paragraph>
      <Button
        type="primary"
        icon={<PlayCircleOutlined />}
        loading={run.isPending}
        onClick={() => run.mutate(undefined, { onSuccess: setResult })}
        data-testid="scheduler-run"
      >
        {t('settings.run')}
      </Button>
      {result && (
        <div style={{ marginTop: 16 }} data-testid="scheduler-result" data-ran={result.ran ? 'true' : 'false'}>
          {!result.ran && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('settings.runBusy')} />}
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('settings.runNotifications')}>
              <span data-testid="scheduler-notifications">{result.notifications}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('settings.runDigests')}>{result.digests}</Descriptions.Item>
            <Descriptions.Item label={t('settings.runSent')}>{result.sent}</Descriptions.Item>
            <Descriptions.Item label={t('settings.runFailed')}>
              <Typography.Text type={result.failed > 0 ? 'danger' : undefined}>{result.failed}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </div>
      )}
    </Card>
  );
}

// ---- deliveries -----------------------------------------------------------------------------------------

type StatusFilter = DeliveryStatus | 'all';
const ORDER: Record<DeliveryStatus, number> = { failed: 0, pending: 1, sent: 2 };

function DeliveriesCard() {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<StatusFilter>('all');
  const list = useDeliveries(status === 'all' ? undefined : status);
  const rows = useMemo(
    () =>
      [...(list.data ?? [])].sort(
        (a, b) => ORDER[a.status] - ORDER[b.status] || b.createdAt.localeCompare(a.createdAt),
      ),
    [list.data],
  );
  const failed = (list.data ?? []).filter((d) => d.status === 'failed').length;
  const columns: TableColumnsType<Delivery> = [
    {
      key: 'status',
      title: t('delivery.status'),
      width: 90,
      render: (_, d) => <Tag color={DELIVERY_STATUS_COLORS[d.status]}>{t(`deliveryStatus.${d.status}`)}</Tag>,
    },
    { key: 'channel', title: t('delivery.channel'), width: 100, render: (_, d) => t(`deliveryChannel.${d.channel}`) },
    { key: 'recipient', title: t('delivery.recipient'), width: 160, ellipsis: true, render: (_, d) => d.recipient },
    { key: 'subject', title: t('delivery.subject'), ellipsis: true, render: (_, d) => d.subject },
    { key: 'attempts', title: t('delivery.attempts'), width: 80, align: 'right', render: (_, d) => d.attempts },
    {
      key: 'lastError',
      title: t('delivery.lastError'),
      width: 240,
      render: (_, d) =>
        d.lastError ? (
          <Typography.Paragraph type="danger" ellipsis={{ rows: 2, tooltip: d.lastError }} style={{ margin: 0 }}>
            {d.lastError}
          </Typography.Paragraph>
        ) : (
          '—'
        ),
    },
    {
      key: 'time',
      title: t('delivery.time'),
      width: 170,
      render: (_, d) =>
        d.status === 'sent' ? (
          formatDateTime(d.sentAt, lang)
        ) : (
          <Typography.Text type="secondary">
            {t('delivery.next', { time: formatDateTime(d.nextAttemptAt, lang) })}
          </Typography.Text>
        ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('delivery.title')}
      extra={
        <Button
          size="small"
          icon={<ReloadOutlined />}
          onClick={() => list.refetch()}
          loading={list.isFetching}
          aria-label={t('common.retry')}
        />
      }
    >
      <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
        <Segmented<StatusFilter>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: t('delivery.all') },
            ...DELIVERY_STATUSES.map((value) => ({ value, label: t(`deliveryStatus.${value}`) })),
          ]}
          data-testid="delivery-status-filter"
        />
        {failed > 0 && status === 'all' && (
          <Typography.Text type="danger" data-testid="delivery-failed-count">
            {t('delivery.failedN', { count: failed })}
          </Typography.Text>
        )}
      </Flex>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <div data-testid="delivery-table">
          <ListTable<Delivery>
            rowKey="id"
            size="small"
            tableLayout="fixed"
            scroll={{ x: 1000 }}
            columns={columns}
            dataSource={rows}
            loading={list.isFetching}
            onRow={(d) => ({ 'data-testid': 'delivery-row', 'data-status': d.status }) as object}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (count) => t('common.totalN', { count }) }}
            locale={{ emptyText: t('delivery.empty') }}
          />
        </div>
      )}
    </Card>
  );
}
