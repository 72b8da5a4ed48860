// 政务公开: the tasks the office made public, with their status, light and public note. Anyone may open it,
// signed in or not: no app frame, no user data, nothing but what /public/progress answers. Phones first.

import { Alert, Card, Empty, Flex, Skeleton, Typography, theme } from 'antd';
import { Link } from 'react-router';
import type { PublicProgress } from '../../api/public';
import { usePublicProgress } from '../api/publicity';
import { LangSwitch } from '../components/LangSwitch';
import { LightTag } from '../components/lights';
import { QueryError } from '../components/status';
import { ItemStatusTag, LevelTag } from '../components/tags';
import { formatDate, formatDateTime } from '../format';
import { useI18n } from '../i18n';

type PublicTask = PublicProgress['tasks'][number];

export default function PublicProgressPage() {
  const { t, lang } = useI18n();
  const progress = usePublicProgress();
  const { token } = theme.useToken();
  const data = progress.data;

  return (
    <div style={{ minHeight: '100%', background: token.colorBgLayout }} data-testid="public-page">
      <header
        style={{
          background: token.colorPrimary,
          color: token.colorWhite,
          padding: '16px 16px 14px',
        }}
      >
        <Flex justify="space-between" align="flex-start" gap={8} style={{ maxWidth: 880, margin: '0 auto' }}>
          <div>
            <h1 style={{ margin: 0, fontSize: token.fontSizeHeading4, color: token.colorWhite, lineHeight: 1.4 }}>
              {t('public.title')}
            </h1>
            {data?.plan && (
              <div style={{ opacity: 0.9, marginTop: 4 }} data-testid="public-plan">
                {data.plan.year} · {data.plan.title}
              </div>
            )}
          </div>
          <div style={{ flex: 'none', background: token.colorBgContainer, borderRadius: token.borderRadius }}>
            <LangSwitch />
          </div>
        </Flex>
      </header>
      <main style={{ maxWidth: 880, margin: '0 auto', padding: 12 }}>
        {progress.isError ? (
          <QueryError error={progress.error} onRetry={() => progress.refetch()} />
        ) : !data ? (
          <Card>
            <Skeleton active />
          </Card>
        ) : data.tasks.length === 0 ? (
          <Card>
            <Empty description={t('public.empty')} />
          </Card>
        ) : (
          <Flex vertical gap={12} data-testid="public-list">
            <Alert type="info" showIcon title={t('public.hint', { time: formatDateTime(data.generatedAt, lang) })} />
            {data.tasks.map((task) => (
              <PublicTaskCard key={`${task.level}|${task.number ?? ''}|${task.text}`} task={task} />
            ))}
          </Flex>
        )}
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 24 }}>
          <Link to="/login">{t('public.staffSignIn')}</Link>
        </Typography.Paragraph>
      </main>
    </div>
  );
}

function PublicTaskCard({ task }: { task: PublicTask }) {
  const { t, lang } = useI18n();
  return (
    <Card size="small" data-testid="public-task" data-status={task.status} data-light={task.light}>
      <Flex wrap gap={4} align="center" style={{ marginBottom: 8 }}>
        <LevelTag level={task.level} short />
        {task.number && <Typography.Text strong>{task.number}</Typography.Text>}
        <span style={{ flex: 1 }} />
        <ItemStatusTag status={task.status} />
        <LightTag light={task.light} />
      </Flex>
      <Typography.Paragraph style={{ marginBottom: task.note ? 8 : 0, lineHeight: 1.7 }}>
        {task.text}
      </Typography.Paragraph>
      {task.note && (
        <div data-testid="public-note">
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} type="secondary">
            {task.note}
          </Typography.Paragraph>
          {task.noteAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('public.noteAt', { date: formatDate(task.noteAt, lang) })}
            </Typography.Text>
          )}
        </div>
      )}
    </Card>
  );
}
