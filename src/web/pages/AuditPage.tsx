// 操作日志, for the administrator: every write with who, when (China Standard Time), what, on which object and
// from which address, newest first; filters in the URL, details folded into each row, the same filters as a
// CSV download, and 校验哈希链 (an edited, deleted or inserted entry breaks the chain; the check says where).

import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Space, type TableColumnsType, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  type AuditEntry,
  type AuditFilter,
  type AuditQuery,
  type AuditVerification,
  auditCsvUrl,
  useAuditLog,
  useVerifyAudit,
} from '../api/audit';
import { DateInput } from '../components/DateInput';
import { PageHeader } from '../components/PageHeader';
import { QueryTable, serverPagination } from '../components/QueryTable';
import { DEFAULT_PAGE_SIZE } from '../components/useTaskFilterParams';
import { formatCstSecond, formatNumber } from '../format';
import { useI18n, useT } from '../i18n';

const FILTER_KEYS = ['action', 'user', 'subjectType', 'subjectId', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function positiveInt(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

function useAuditParams(): [AuditQuery, (patch: Partial<Record<FilterKey | 'page' | 'pageSize', string>>) => void] {
  const [params, setParams] = useSearchParams();
  const query = useMemo<AuditQuery>(() => {
    const q: AuditQuery = {
      page: positiveInt(params.get('page'), 1, 1_000_000),
      pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 500),
    };
    for (const key of FILTER_KEYS) {
      const value = params.get(key)?.trim();
      if (!value) continue;
      if ((key === 'from' || key === 'to') && !DATE.test(value)) continue;
      q[key] = value;
    }
    return q;
  }, [params]);
  const update = (patch: Partial<Record<FilterKey | 'page' | 'pageSize', string>>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value.trim() === '') next.delete(key);
          else next.set(key, value.trim());
        }
        if (!('page' in patch)) next.delete('page');
        if (next.get('page') === '1') next.delete('page');
        if (next.get('pageSize') === String(DEFAULT_PAGE_SIZE)) next.delete('pageSize');
        return next;
      },
      { replace: true },
    );
  return [query, update];
}

const filterOf = (query: AuditQuery): AuditFilter => {
  const { page: _page, pageSize: _pageSize, ...filter } = query;
  return filter;
};

export default function AuditPage() {
  const t = useT();
  const [query, setQuery] = useAuditParams();
  const log = useAuditLog(query);
  const verify = useVerifyAudit();
  const fresh = log.isSuccess && !log.isPlaceholderData;
  const [form] = Form.useForm<Record<FilterKey, string | undefined>>();
  const filter = filterOf(query);

  // The form follows the URL (back / forward, a click on a user or an action in the table).
  useEffect(() => {
    form.setFieldsValue(Object.fromEntries(FILTER_KEYS.map((key) => [key, query[key] ?? ''])));
  }, [form, query]);

  const columns: TableColumnsType<AuditEntry> = [
    {
      key: 'at',
      title: t('audit.at'),
      width: 170,
      render: (_, e) => <span style={{ whiteSpace: 'nowrap' }}>{formatCstSecond(e.at)}</span>,
    },
    {
      key: 'user',
      title: t('audit.user'),
      width: 170,
      render: (_, e) =>
        e.user ? (
          <Typography.Link onClick={() => setQuery({ user: e.user?.username ?? '' })} data-testid="audit-user">
            {e.user.displayName || e.user.username}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              {e.user.username}
            </Typography.Text>
          </Typography.Link>
        ) : (
          <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
        ),
    },
    {
      key: 'action',
      title: t('audit.action'),
      width: 190,
      render: (_, e) => (
        <Typography.Link onClick={() => setQuery({ action: e.action })}>
          <Typography.Text code>{e.action}</Typography.Text>
        </Typography.Link>
      ),
    },
    {
      key: 'subject',
      title: t('audit.subject'),
      width: 260,
      render: (_, e) =>
        e.subjectType ? (
          <Typography.Link
            onClick={() => setQuery({ subjectType: e.subjectType ?? '', subjectId: e.subjectId ?? '' })}
            style={{ wordBreak: 'break-all' }}
          >
            {e.subjectType}
            {e.subjectId ? ` · ${e.subjectId}` : ''}
          </Typography.Link>
        ) : (
          '—'
        ),
    },
    { key: 'ip', title: t('audit.ip'), width: 130, render: (_, e) => e.ip ?? '—' },
  ];

  return (
    <div>
      <PageHeader
        title={t('audit.title')}
        extra={
          <>
            <Button
              icon={<SafetyCertificateOutlined />}
              loading={verify.isPending}
              onClick={() => verify.mutate()}
              data-testid="audit-verify"
            >
              {t('audit.verify')}
            </Button>
            <Button icon={<DownloadOutlined />} href={auditCsvUrl(filter)} data-testid="audit-export">
              {t('audit.export')}
            </Button>
          </>
        }
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('audit.hint')}
        </Typography.Paragraph>
      </PageHeader>
      {verify.isError && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={verify.error.message} closable />
      )}
      {verify.data && <VerifyResult result={verify.data} onClose={() => verify.reset()} />}
      <Card size="small">
        <Form
          form={form}
          layout="inline"
          onFinish={(values) =>
            setQuery(
              Object.fromEntries(FILTER_KEYS.map((key) => [key, values[key] ?? ''])) as Record<FilterKey, string>,
            )
          }
          style={{ marginBottom: 12, rowGap: 8 }}
          data-testid="audit-filters"
        >
          <Form.Item name="action">
            <Input allowClear placeholder={t('audit.filterAction')} style={{ width: 170 }} data-testid="audit-action" />
          </Form.Item>
          <Form.Item name="user">
            <Input
              allowClear
              placeholder={t('audit.filterUser')}
              style={{ width: 150 }}
              data-testid="audit-user-filter"
            />
          </Form.Item>
          <Form.Item name="subjectType">
            <Input allowClear placeholder={t('audit.filterSubjectType')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="subjectId">
            <Input allowClear placeholder={t('audit.filterSubjectId')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="from" label={t('audit.from')}>
            <DateInput style={{ width: 150 }} data-testid="audit-from" />
          </Form.Item>
          <Form.Item name="to" label={t('audit.to')}>
            <DateInput style={{ width: 150 }} data-testid="audit-to" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              {t('audit.search')}
            </Button>
            <Button
              onClick={() =>
                setQuery(Object.fromEntries(FILTER_KEYS.map((key) => [key, ''])) as Record<FilterKey, string>)
              }
              data-testid="audit-reset"
            >
              {t('audit.reset')}
            </Button>
          </Space>
        </Form>
        <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">
            {t('audit.totalBefore')}
            <Typography.Text strong data-testid={fresh ? 'audit-total' : undefined}>
              {log.data?.total ?? '…'}
            </Typography.Text>
            {t('audit.totalAfter')}
          </Typography.Text>
        </Flex>
        <QueryTable<AuditEntry>
          query={log}
          rows={log.data?.items}
          testId="audit-table"
          rowKey="id"
          size="small"
          scroll={{ x: 980 }}
          columns={columns}
          expandable={{
            expandedRowRender: (e) => <EntryDetails entry={e} />,
            columnWidth: 40,
          }}
          rowAttributes={(e) => ({
            'data-testid': 'audit-row',
            'data-id': String(e.id),
            'data-action': e.action,
            'data-subject-type': e.subjectType ?? '',
            'data-subject-id': e.subjectId ?? '',
          })}
          pagination={serverPagination(
            query.page,
            query.pageSize,
            log.data?.total,
            (page, pageSize) => setQuery({ page: String(page), pageSize: String(pageSize) }),
            (count) => t('common.totalN', { count }),
          )}
          locale={{ emptyText: t('audit.empty') }}
        />
      </Card>
    </div>
  );
}

/** An edit's `changes` ({ field: [old, new] }, src/server/services/audit.ts), as rows to show first. */
function changesOf(details: unknown): { changes: [string, unknown, unknown][]; rest: unknown } {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return { changes: [], rest: details };
  const { changes, ...rest } = details as Record<string, unknown>;
  if (!changes || typeof changes !== 'object') return { changes: [], rest: details };
  const rows = Object.entries(changes as Record<string, unknown>)
    .filter((e): e is [string, [unknown, unknown]] => Array.isArray(e[1]) && e[1].length === 2)
    .map(([field, [from, to]]) => [field, from, to] as [string, unknown, unknown]);
  return { changes: rows, rest: Object.keys(rest).length > 0 ? rest : null };
}

const shown = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '—'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

function EntryDetails({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const { changes, rest } = changesOf(entry.details);
  const details = rest === null || rest === undefined ? null : JSON.stringify(rest, null, 2);
  return (
    <div data-testid="audit-details">
      {changes.length > 0 && (
        <div data-testid="audit-changes" style={{ marginBottom: details ? 8 : 0, fontSize: 12 }}>
          {changes.map(([field, from, to]) => (
            <div key={field} style={{ wordBreak: 'break-all' }}>
              <Typography.Text code>{field}</Typography.Text> <Typography.Text delete>{shown(from)}</Typography.Text>
              {' → '}
              <Typography.Text>{shown(to)}</Typography.Text>
            </div>
          ))}
        </div>
      )}
      {details ? (
        <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>{details}</pre>
      ) : changes.length > 0 ? null : (
        <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12, wordBreak: 'break-all' }}>
        {t('audit.entryId', { id: entry.id })} · {t('audit.hash')} <Typography.Text code>{entry.hash}</Typography.Text>
      </Typography.Paragraph>
    </div>
  );
}

function VerifyResult({ result, onClose }: { result: AuditVerification; onClose: () => void }) {
  const { t, lang } = useI18n();
  const checked = formatNumber(result.checked, lang);
  return (
    <Alert
      type={result.ok ? 'success' : 'error'}
      showIcon
      closable={{ onClose }}
      style={{ marginBottom: 16 }}
      title={result.ok ? t('audit.verifyOk', { count: checked }) : t('audit.verifyBroken', { count: checked })}
      description={
        result.ok
          ? result.head && (
              <span style={{ wordBreak: 'break-all' }}>
                {t('audit.verifyHead', { id: result.head.id, time: formatCstSecond(result.head.at) })}{' '}
                <Typography.Text code>{result.head.hash}</Typography.Text>
              </span>
            )
          : result.problem && (
              <span>
                {lang === 'en' ? result.problem.message.en : result.problem.message.zh}{' '}
                <Typography.Text type="secondary">({t(`audit.problem.${result.problem.reason}`)})</Typography.Text>
              </span>
            )
      }
      data-testid="audit-verify-result"
      data-ok={result.ok ? 'true' : 'false'}
      data-checked={String(result.checked)}
    />
  );
}
