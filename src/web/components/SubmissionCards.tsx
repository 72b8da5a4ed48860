// On 我的任务: 本期报送 (the newest plan's reporting periods, each with the unit's package state and opening it; the
// current one highlighted) and, for the unit's principal leader, 待我签字 (the submissions awaiting his signature).

import { FormOutlined, SignatureOutlined } from '@ant-design/icons';
import { Badge, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { currentPeriodId, useCurrentPlanPeriods } from '../api/periods';
import { usePeriodSubmissions } from '../api/submissions';
import type { Period, Submission, SubmissionStatus } from '../api/types';
import { formatCstMinute } from '../format';
import { useT } from '../i18n';
import { SUBMISSION_STATUS_COLORS } from '../vocab';
import { SubmissionStatusTag } from './tags';

const submissionPath = (periodId: string) => `/submission/${encodeURIComponent(periodId)}`;

/** Whether the unit's people still fill the package in (not yet opened, a draft, or returned to them). */
const editable = (status: SubmissionStatus | null) => status === null || status === 'draft' || status === 'returned';

/** The unit's package in a period, as the period list reports it: its state, or 未开始 before it was opened. */
function PeriodPackageState({ status }: { status: SubmissionStatus | null }) {
  const t = useT();
  return (
    <span data-testid="period-status" data-status={status ?? 'not_started'}>
      {status ? (
        <Tag color={SUBMISSION_STATUS_COLORS[status]}>{t(`submissionStatus.${status}`)}</Tag>
      ) : (
        <Tag>{t('submission.notStarted')}</Tag>
      )}
    </span>
  );
}

export function SubmissionPeriodsCard() {
  const t = useT();
  const navigate = useNavigate();
  const { periods, isLoading, noPlan } = useCurrentPlanPeriods();
  const current = currentPeriodId(periods.data ?? []);

  return (
    <Card size="small" style={{ marginBottom: 16 }} title={t('submission.cardTitle')} data-testid="submission-periods">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('submission.cardHint')}
      </Typography.Paragraph>
      <List<Period>
        size="small"
        loading={isLoading}
        dataSource={periods.data ?? []}
        rowKey="id"
        locale={{ emptyText: noPlan ? t('submission.noPlans') : t('submission.noPeriods') }}
        renderItem={(period) => {
          const isCurrent = period.id === current;
          return (
            <List.Item
              data-testid="submission-period"
              data-period={period.id}
              data-current={isCurrent ? 'true' : undefined}
              style={isCurrent ? { background: 'rgba(22, 119, 255, 0.06)' } : undefined}
              actions={[
                <Button
                  key="open"
                  type={isCurrent ? 'primary' : 'default'}
                  size="small"
                  icon={<FormOutlined />}
                  onClick={() => navigate(submissionPath(period.id))}
                  data-testid="submission-open"
                  data-period={period.id}
                >
                  {period.locked || !editable(period.unitSubmissionStatus ?? null)
                    ? t('submission.view')
                    : t('submission.open')}
                </Button>,
              ]}
            >
              <Space wrap size={4}>
                <Typography.Text strong={isCurrent}>{period.label}</Typography.Text>
                {isCurrent && <Tag color="blue">{t('submission.current')}</Tag>}
                {period.kind === 'month' && <Tag color="purple">{t('rhythm.period.month')}</Tag>}
                {period.kind === 'weeks' && (
                  <Tag color="purple">{t('rhythm.period.weeks', { n: period.everyWeeks ?? '' })}</Tag>
                )}
                {period.locked && <Tag>{t('submission.locked')}</Tag>}
                <PeriodPackageState status={period.unitSubmissionStatus ?? null} />
                <Typography.Text type="secondary">
                  {t('submission.due', { time: formatCstMinute(period.effectiveDueAt) })}
                </Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}

export function SignoffInboxCard() {
  const t = useT();
  const navigate = useNavigate();
  const { periods, isLoading } = useCurrentPlanPeriods();
  const submissions = usePeriodSubmissions(periods.data ?? []);
  const waiting = submissions
    .map((query) => query.data)
    .filter((pkg): pkg is Submission => pkg?.status === 'pending_signoff');
  const loading = isLoading || submissions.some((query) => query.isLoading);

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="signoff-inbox"
      title={
        <Space>
          {t('signoff.title')}
          <Badge count={waiting.length} showZero color={waiting.length > 0 ? undefined : 'green'} />
        </Space>
      }
    >
      <List<Submission>
        size="small"
        loading={loading}
        dataSource={waiting}
        rowKey="id"
        locale={{ emptyText: t('signoff.empty') }}
        renderItem={(pkg) => (
          <List.Item
            data-testid="signoff-row"
            data-period={pkg.period.id}
            actions={[
              <Button
                key="open"
                type="primary"
                size="small"
                icon={<SignatureOutlined />}
                onClick={() => navigate(submissionPath(pkg.period.id))}
                data-testid="signoff-open"
              >
                {t('signoff.open')}
              </Button>,
            ]}
          >
            <Space wrap size={4}>
              <Typography.Text strong>{pkg.period.label}</Typography.Text>
              <SubmissionStatusTag status={pkg.status} />
              <Typography.Text type="secondary">
                {t('submission.filledOf', { filled: pkg.filled, total: pkg.items.length })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
