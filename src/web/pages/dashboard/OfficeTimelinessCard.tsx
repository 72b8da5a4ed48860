// 督查室办理时效 on the office's dashboard: its own work measured like a unit's — signed packages waiting for its
// review and coordination requests waiting to be routed, with the median time so far and what is past its limit;
// and how soon it routed 批示 and meetings' decisions as tasks (done once routed: no waiting list, only the late).

import { Card, Col, Flex, List, Row, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { OfficeTimeliness } from '../../../api/timeliness';
import { useOfficeTimeliness } from '../../api/timeliness';
import { useT } from '../../i18n';

type Measure = OfficeTimeliness['reviews'];

function MeasureColumn({ title, m, link, testid }: { title: string; m: Measure; link: string; testid: string }) {
  const t = useT();
  return (
    <div data-testid={testid} data-open={m.open.length} data-overdue={m.overdue} data-median={m.medianDays ?? ''}>
      <Typography.Text strong>{title}</Typography.Text>
      <Flex gap={24} wrap style={{ margin: '8px 0' }}>
        <Statistic title={t('timeliness.open')} value={m.open.length} />
        <Statistic
          title={t('timeliness.overdue', { days: m.limitDays })}
          value={m.overdue}
          styles={{ content: { color: m.overdue > 0 ? '#cf1322' : undefined } }}
        />
        <Statistic
          title={t('timeliness.median')}
          value={m.medianDays ?? '—'}
          suffix={m.medianDays === null ? '' : t('timeliness.days')}
        />
      </Flex>
      {m.open.length > 0 && (
        <List
          size="small"
          dataSource={m.open.slice(0, 5)}
          renderItem={(o) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Link to={link}>
                <Typography.Text ellipsis style={{ maxWidth: 300 }}>
                  {o.unit.name} · {o.label}
                </Typography.Text>
              </Link>
              <Tag color={o.overdue ? 'red' : 'default'}>{t('timeliness.waited', { days: o.days })}</Tag>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

function InstructionsColumn({ m }: { m: OfficeTimeliness['instructions'] }) {
  const t = useT();
  return (
    <div
      data-testid="timeliness-instructions"
      data-done={m.done}
      data-late={m.late.length}
      data-median={m.medianDays ?? ''}
    >
      <Typography.Text strong>{t('timeliness.instructions')}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
        {t('timeliness.instructionsHint')}
      </Typography.Text>
      <Flex gap={24} wrap style={{ margin: '8px 0' }}>
        <Statistic title={t('timeliness.instructionsDone')} value={m.done} />
        <Statistic
          title={t('timeliness.overdue', { days: m.limitDays })}
          value={m.late.length}
          styles={{ content: { color: m.late.length > 0 ? '#cf1322' : undefined } }}
        />
        <Statistic
          title={t('timeliness.median')}
          value={m.medianDays ?? '—'}
          suffix={m.medianDays === null ? '' : t('timeliness.days')}
        />
      </Flex>
      {m.late.length > 0 && (
        <List
          size="small"
          dataSource={m.late.slice(0, 5)}
          renderItem={(l) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Link to={`/tasks/${encodeURIComponent(l.taskId)}`}>
                <Typography.Text ellipsis style={{ maxWidth: 300 }}>
                  {l.number ?? ''} · {l.excerpt}
                </Typography.Text>
              </Link>
              <Tag color="red">{t('timeliness.took', { days: l.days })}</Tag>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

export function OfficeTimelinessCard({ planId }: { planId: string }) {
  const t = useT();
  const q = useOfficeTimeliness(planId, true);
  if (!q.data) return null;
  return (
    <Card size="small" title={t('timeliness.title')} data-testid="dashboard-office-timeliness">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('timeliness.hint')}
      </Typography.Paragraph>
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={12}>
          <MeasureColumn
            title={t('timeliness.reviews')}
            m={q.data.reviews}
            link="/reviews"
            testid="timeliness-reviews"
          />
        </Col>
        <Col xs={24} lg={12}>
          <MeasureColumn
            title={t('timeliness.routing')}
            m={q.data.routing}
            link="/coordination"
            testid="timeliness-routing"
          />
        </Col>
        <Col xs={24} lg={12}>
          <InstructionsColumn m={q.data.instructions} />
        </Col>
      </Row>
    </Card>
  );
}
