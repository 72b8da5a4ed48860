// 领导专报: a district leader's weekly brief on a phone — what changed this week, red tasks with their units and days
// overdue, answers due to their 批示, coordination waiting for them — each a card of counts and its first lines, with
// links to the task, the 督办单, the 批示 or the coordination; the same brief as a one-page .docx. The office picks the
// leader whose brief it prepares.

import { FileWordOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Flex, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { BriefLine, BriefSection } from '../../api/leaders';
import { leaderBriefDocxUrl, useLeaderBrief, useLeaders } from '../api/leaders';
import { LightTag } from '../components/lights';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/status';
import { type Translate, useI18n } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';

const FORMAT = 'YYYY-MM-DD';
/** The Monday of a day's week, whatever day the locale starts weeks on (the brief's weeks are Monday–Sunday). */
const monday = (d: Dayjs) => d.subtract((d.day() + 6) % 7, 'day').format(FORMAT);

/** What a line says after its text: days overdue, an answer date, days waiting. */
function lineNote(l: BriefLine, t: Translate): string | null {
  switch (l.kind) {
    case 'red_task':
      return t('brief.overdueDays', { count: l.days ?? 0 });
    case 'instruction':
      if (l.state === 'answered') return t('brief.answered');
      if (l.state === 'overdue') return t('brief.answerOverdue', { count: l.days ?? 0 });
      return t('brief.answerDue', { date: l.date ?? '' });
    case 'coordination':
      return t('brief.waitingDays', { count: l.days ?? 0 });
    default:
      return t(`brief.kind.${l.kind}`);
  }
}

function Lines({ section, t }: { section: BriefSection; t: Translate }) {
  if (section.lines.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('brief.none')} />;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {section.lines.map((l) => (
        <div
          key={`${l.kind}:${l.link}:${l.units}:${l.date}`}
          data-testid="brief-line"
          data-kind={l.kind}
          style={{ minWidth: 0 }}
        >
          <Flex gap={6} align="baseline" wrap>
            {l.light && <LightTag light={l.light} />}
            {l.link ? (
              <Link to={l.link} style={{ overflowWrap: 'anywhere' }}>
                {l.text}
              </Link>
            ) : (
              <span style={{ overflowWrap: 'anywhere' }}>{l.text}</span>
            )}
          </Flex>
          <Typography.Text type={l.state === 'overdue' || l.kind === 'red_task' ? 'danger' : 'secondary'}>
            {[l.units, lineNote(l, t)].filter(Boolean).join(' · ')}
          </Typography.Text>
        </div>
      ))}
      {section.total > section.lines.length && (
        <Typography.Text type="secondary">
          {t('brief.more', { count: section.total - section.lines.length })}
        </Typography.Text>
      )}
    </Space>
  );
}

function Section({
  id,
  title,
  summary,
  children,
}: {
  id: string;
  title: string;
  summary: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card size="small" title={title} data-testid={`brief-section-${id}`}>
      <Flex wrap gap={4} style={{ marginBottom: 8 }}>
        {summary}
      </Flex>
      {children}
    </Card>
  );
}

export default function BriefPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const week = params.get('week') ?? undefined;
  const prepares = may(me, 'briefs.prepare');
  const leaders = useLeaders(prepares);
  const leaderId = params.get('leaderId') ?? (prepares ? leaders.data?.items.find((l) => !l.disabled)?.id : undefined);
  const brief = useLeaderBrief(week, leaderId, !prepares || Boolean(leaderId));
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const b = brief.data;
  const count = (label: string, n: number, color?: string) => (
    <Tag color={n > 0 ? color : undefined} key={label}>
      {label} {n}
    </Tag>
  );

  return (
    <div>
      <PageHeader
        title={t('brief.title')}
        extra={
          <Button
            icon={<FileWordOutlined />}
            href={leaderBriefDocxUrl(week, leaderId)}
            disabled={!b}
            data-testid="brief-docx"
          >
            {t('brief.docx')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('brief.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Flex wrap gap={8} align="center">
            <DatePicker
              picker="week"
              value={week ? dayjs(week, FORMAT) : dayjs()}
              onChange={(d: Dayjs | null) => set('week', d ? monday(d) : undefined)}
              allowClear={false}
              style={{ width: 200, maxWidth: '100%' }}
              data-testid="brief-week"
            />
            {prepares && (
              <Select<string>
                value={leaderId}
                onChange={(v) => set('leaderId', v)}
                placeholder={t('brief.pickLeader')}
                loading={leaders.isPending}
                options={(leaders.data?.items ?? []).map((l) => ({ value: l.id, label: l.displayName }))}
                style={{ width: 220, maxWidth: '100%' }}
                data-testid="brief-leader"
              />
            )}
          </Flex>
          {b && (
            <Typography.Paragraph style={{ margin: '8px 0 0' }} data-testid="brief-heading">
              {t('brief.heading', { leader: b.leader.displayName, from: b.weekStart, to: b.weekEnd })}
              <br />
              <Typography.Text type="secondary">
                {b.units.length > 0
                  ? t('brief.scopeUnits', { units: b.units.map((u) => u.name).join('、') })
                  : t('brief.scopeAll')}
              </Typography.Text>
            </Typography.Paragraph>
          )}
        </Card>
        {brief.isError ? (
          <QueryError error={brief.error} onRetry={() => brief.refetch()} />
        ) : prepares && !leaderId && !leaders.isPending ? (
          <Empty description={t('brief.noLeaders')} />
        ) : !b ? (
          <Card size="small" loading />
        ) : (
          <>
            <Section
              id="changes"
              title={t('brief.changes')}
              summary={[
                count(t('brief.count.turnedRed'), b.changes.counts.turnedRed, 'red'),
                count(t('brief.count.noticesIssued'), b.changes.counts.noticesIssued, 'orange'),
                count(t('brief.count.noticesAnswered'), b.changes.counts.noticesAnswered, 'blue'),
                count(t('brief.count.completed'), b.changes.counts.completed, 'green'),
                count(t('brief.count.signed'), b.changes.counts.signed, 'blue'),
              ]}
            >
              <Lines section={b.changes} t={t} />
            </Section>
            <Section id="red" title={t('brief.red')} summary={count(t('brief.count.red'), b.red.total, 'red')}>
              <Lines section={b.red} t={t} />
            </Section>
            <Section
              id="instructions"
              title={t('brief.instructions')}
              summary={[
                count(t('brief.count.overdue'), b.instructions.counts.overdue, 'red'),
                count(t('brief.count.due'), b.instructions.counts.due, 'orange'),
                count(t('brief.count.answered'), b.instructions.counts.answered, 'green'),
              ]}
            >
              <Lines section={b.instructions} t={t} />
            </Section>
            <Section
              id="coordination"
              title={t('brief.coordination')}
              summary={count(t('brief.count.waiting'), b.coordination.total, 'orange')}
            >
              <Lines section={b.coordination} t={t} />
            </Section>
          </>
        )}
      </Space>
    </div>
  );
}
