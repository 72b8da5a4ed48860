// 督办单: the office sees every notice (filtered by status), a unit its own, the district leaders all.
// Each opens its page (the unit's response, the office's close, the printable .docx).

import { Card, Flex, Segmented, Table, type TableColumnsType, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { useNotices } from '../api/supervision';
import type { NoticeStatus, SupervisionNotice } from '../api/types';
import { NoticeSeverityTag, NoticeStatusTag } from '../components/noticeTags';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/status';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { mayOnAllUnits } from '../roles';
import { useMe } from '../session';
import { NOTICE_STATUSES } from '../vocab';

type StatusFilter = NoticeStatus | 'all';

export const noticePagePath = (id: string) => `/supervision-notices/${encodeURIComponent(id)}`;

export default function NoticesPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status: StatusFilter = NOTICE_STATUSES.find((s) => s === params.get('status')) ?? 'all';
  const list = useNotices(status === 'all' ? undefined : status);
  const unitView = !mayOnAllUnits(me, 'notices.read');

  const columns: TableColumnsType<SupervisionNotice> = [
    {
      key: 'number',
      title: t('notice.number'),
      width: 150,
      render: (_, n) => (
        <Link to={noticePagePath(n.id)} data-testid="notice-open">
          {n.number}
        </Link>
      ),
    },
    {
      key: 'task',
      title: t('notice.task'),
      width: 240,
      render: (_, n) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: n.task.text }} style={{ margin: 0 }}>
          {n.task.number ? `${n.task.number}. ` : ''}
          {n.task.text}
        </Typography.Paragraph>
      ),
    },
    ...(unitView
      ? []
      : [
          {
            key: 'unit',
            title: t('notice.unit'),
            width: 140,
            render: (_: unknown, n: SupervisionNotice) => n.unit.name,
          },
        ]),
    {
      key: 'severity',
      title: t('notice.severity'),
      width: 90,
      render: (_, n) => <NoticeSeverityTag severity={n.severity} />,
    },
    {
      key: 'reason',
      title: t('notice.reason'),
      width: 220,
      render: (_, n) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: n.reason }} style={{ margin: 0 }}>
          {n.reason}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'respondBy',
      title: t('notice.respondBy'),
      width: 110,
      render: (_, n) => n.respondBy ?? '—',
    },
    {
      key: 'status',
      title: t('notice.status'),
      width: 150,
      render: (_, n) => <NoticeStatusTag status={n.status} overdue={n.overdue} />,
    },
    {
      key: 'issuedAt',
      title: t('notice.issuedAt'),
      width: 150,
      render: (_, n) => formatDateTime(n.issuedAt, lang),
    },
  ];

  return (
    <div>
      <PageHeader title={t('notices.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {unitView ? t('notices.hintUnit') : t('notices.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Card size="small">
        <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
          <Segmented<StatusFilter>
            value={status}
            onChange={(next) =>
              setParams(next === 'all' ? {} : { status: next }, {
                replace: true,
              })
            }
            options={[
              { value: 'all', label: t('notices.all') },
              ...NOTICE_STATUSES.map((value) => ({ value, label: t(`noticeStatus.${value}`) })),
            ]}
            data-testid="notice-status-filter"
          />
        </Flex>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <div data-testid="notice-table" aria-busy={list.isFetching}>
            <Table<SupervisionNotice>
              rowKey="id"
              size="middle"
              tableLayout="fixed"
              scroll={{ x: 1100 }}
              columns={columns}
              dataSource={list.data}
              loading={list.isFetching}
              onRow={(n) =>
                ({
                  'data-testid': 'notice-row',
                  'data-id': n.id,
                  'data-status': n.status,
                  'data-number': n.number,
                }) as object
              }
              pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (count) => t('common.totalN', { count }) }}
              locale={{ emptyText: t('notices.empty') }}
            />
          </div>
        )}
      </Card>
    </div>
  );
}
