// 督办单: the office sees every notice (filtered by status), a unit its own, the district leaders all.
// Each opens its page (the unit's response, the office's close, the printable .docx).

import { Card, type TableColumnsType, Typography } from 'antd';
import { Link } from 'react-router';
import { useSupervisionNotices } from '../api/supervision';
import type { SupervisionNotice, SupervisionNoticeStatus } from '../api/types';
import { QueueTable, StatusFilter, useStatusParam } from '../components/DecisionQueue';
import { taskLabel } from '../components/LongText';
import { PageHeader } from '../components/PageHeader';
import { SupervisionNoticeSeverityTag, SupervisionNoticeStatusTag } from '../components/supervisionTags';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { mayOnAllUnits } from '../roles';
import { useMe } from '../session';
import { NOTICE_STATUSES } from '../vocab';

export const noticePagePath = (id: string) => `/supervision-notices/${encodeURIComponent(id)}`;

export default function SupervisionNoticesPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [status, setStatus] = useStatusParam(NOTICE_STATUSES);
  const list = useSupervisionNotices(status === 'all' ? undefined : status);
  const unitView = !mayOnAllUnits(me, 'supervisionNotices.read');

  const columns: TableColumnsType<SupervisionNotice> = [
    {
      key: 'number',
      title: t('supervisionNotice.number'),
      width: 150,
      render: (_, n) => (
        <Link to={noticePagePath(n.id)} data-testid="notice-open">
          {n.number}
        </Link>
      ),
    },
    {
      key: 'task',
      title: t('supervisionNotice.task'),
      width: 240,
      render: (_, n) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: n.task.text }} style={{ margin: 0 }}>
          {taskLabel(n.task, t)}
        </Typography.Paragraph>
      ),
    },
    ...(unitView
      ? []
      : [
          {
            key: 'unit',
            title: t('supervisionNotice.unit'),
            width: 140,
            render: (_: unknown, n: SupervisionNotice) => n.unit.name,
          },
        ]),
    {
      key: 'severity',
      title: t('supervisionNotice.severity'),
      width: 90,
      render: (_, n) => <SupervisionNoticeSeverityTag severity={n.severity} />,
    },
    {
      key: 'reason',
      title: t('supervisionNotice.reason'),
      width: 220,
      render: (_, n) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: n.reason }} style={{ margin: 0 }}>
          {n.reason}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'respondBy',
      title: t('supervisionNotice.respondBy'),
      width: 110,
      render: (_, n) => n.respondBy ?? '—',
    },
    {
      key: 'status',
      title: t('supervisionNotice.status'),
      width: 150,
      render: (_, n) => <SupervisionNoticeStatusTag status={n.status} overdue={n.overdue} />,
    },
    {
      key: 'issuedAt',
      title: t('supervisionNotice.issuedAt'),
      width: 150,
      render: (_, n) => formatDateTime(n.issuedAt, lang),
    },
  ];

  return (
    <div>
      <PageHeader title={t('supervisionNotices.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {unitView ? t('supervisionNotices.hintUnit') : t('supervisionNotices.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Card size="small">
        <StatusFilter<SupervisionNoticeStatus>
          value={status}
          onChange={setStatus}
          statuses={NOTICE_STATUSES}
          allLabel={t('supervisionNotices.all')}
          label={(value) => t(`noticeStatus.${value}`)}
          testId="notice-status-filter"
        />
        <QueueTable<SupervisionNotice>
          list={list}
          columns={columns}
          rowAttributes={(n) => ({
            'data-testid': 'notice-row',
            'data-id': n.id,
            'data-status': n.status,
            'data-number': n.number,
          })}
          empty={t('supervisionNotices.empty')}
          testId="notice-table"
        />
      </Card>
    </div>
  );
}
