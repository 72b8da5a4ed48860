// 通报: the bulletins of a plan, newest first. Units see the published ones; the office and the district
// leaders the drafts too. The office generates a new draft for a period (生成通报), which opens its editor.

import { FileAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Modal, Radio, Space, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useBulletins, useCreateBulletin } from '../api/bulletins';
import { usePeriods } from '../api/periods';
import type { BulletinSummary, Period } from '../api/types';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { PlanPicker, usePlanChoice } from '../components/PlanPicker';
import { QueryError } from '../components/status';
import { formatDateTime } from '../format';
import { useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import { SignoffTag } from './bulletin/Signoff';

export const bulletinPagePath = (id: string) => `/bulletins/${encodeURIComponent(id)}`;

/** A bulletin reports on the period whose reports are in, as the server decided it. */
export function defaultBulletinPeriodId(periods: readonly Period[]): string | undefined {
  return periods.find((period) => period.review)?.id;
}

export function BulletinStatusTag({ status }: { status: BulletinSummary['status'] }) {
  const t = useT();
  return (
    <Tag color={status === 'published' ? 'success' : 'default'} data-testid="bulletin-status" data-status={status}>
      {t(`bulletinStatus.${status}`)}
    </Tag>
  );
}

export default function BulletinsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const choice = usePlanChoice(params.get('planId') || undefined);
  const planId = choice.planId;
  const list = useBulletins(planId, Boolean(planId));
  const [generating, setGenerating] = useState(false);
  const office = may(me, 'bulletins.manage');

  const columns: TableColumnsType<BulletinSummary> = [
    {
      key: 'number',
      title: t('bulletin.number'),
      width: 200,
      render: (_, b) => (
        <Link to={bulletinPagePath(b.id)} data-testid="bulletin-open">
          {b.number ?? t('bulletin.unnumbered')}
        </Link>
      ),
    },
    {
      key: 'title',
      title: t('bulletin.titleLabel'),
      width: 320,
      render: (_, b) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: b.title }} style={{ margin: 0 }}>
          {b.title}
        </Typography.Paragraph>
      ),
    },
    { key: 'period', title: t('bulletin.period'), width: 140, render: (_, b) => b.period.label },
    {
      key: 'status',
      title: t('bulletin.status'),
      width: 180,
      // A draft shows where its 签发 stands; a 更正 is marked as one.
      render: (_, b) => (
        <Space size={4} wrap>
          <BulletinStatusTag status={b.status} />
          {b.status === 'draft' && <SignoffTag signoff={b.signoff} />}
          {b.correctsId && <Tag color="warning">{t('bulletins.correctionMark')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'publishedAt',
      title: t('bulletin.publishedAt'),
      width: 150,
      render: (_, b) => formatDateTime(b.publishedAt, lang),
    },
    {
      key: 'createdAt',
      title: t('bulletin.createdAt'),
      width: 150,
      render: (_, b) => formatDateTime(b.createdAt, lang),
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('bulletins.title')}
        extra={
          office && (
            <Button
              type="primary"
              icon={<FileAddOutlined />}
              disabled={!planId}
              onClick={() => setGenerating(true)}
              data-testid="bulletin-generate"
            >
              {t('bulletins.generate')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {may(me, 'bulletins.readDrafts') ? t('bulletins.hint') : t('bulletins.hintUnit')}
        </Typography.Paragraph>
      </PageHeader>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <PlanPicker
            value={planId}
            plans={choice.plans}
            loading={choice.loading}
            onChange={(next) => setParams({ planId: next }, { replace: true })}
          />
        </Space>
        {choice.none ? (
          <Alert type="info" showIcon title={t('supervision.noPlan')} />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <div data-testid="bulletin-table" aria-busy={list.isFetching}>
            <ListTable<BulletinSummary>
              rowKey="id"
              size="middle"
              tableLayout="fixed"
              scroll={{ x: 1050 }}
              columns={columns}
              dataSource={list.data}
              loading={list.isFetching}
              onRow={(b) =>
                ({
                  'data-testid': 'bulletin-row',
                  'data-id': b.id,
                  'data-status': b.status,
                  'data-number': b.number ?? '',
                  'data-period': b.period.label,
                }) as object
              }
              pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (count) => t('common.totalN', { count }) }}
              locale={{ emptyText: office ? t('bulletins.emptyOffice') : t('bulletins.empty') }}
            />
          </div>
        )}
      </Card>
      {generating && planId && (
        <GenerateModal planId={planId} existing={list.data ?? []} onClose={() => setGenerating(false)} />
      )}
    </div>
  );
}

/** 生成通报: choose the period; the draft is written from its figures and opens in the editor. */
function GenerateModal({
  planId,
  existing,
  onClose,
}: {
  planId: string;
  existing: readonly BulletinSummary[];
  onClose: () => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const periods = usePeriods(planId, { main: true });
  const create = useCreateBulletin();
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const periodId = chosen ?? defaultBulletinPeriodId(periods.data ?? []);
  const countOf = (id: string) => existing.filter((b) => b.period.id === id).length;

  return (
    <Modal
      open
      title={t('bulletins.generateTitle')}
      onCancel={onClose}
      onOk={() =>
        periodId &&
        create.mutate(
          { planId, periodId },
          {
            onSuccess: (bulletin) => {
              notifySuccess(t('bulletins.generated'));
              navigate(bulletinPagePath(bulletin.id));
            },
          },
        )
      }
      okText={t('bulletins.generate')}
      okButtonProps={{ ...testId('bulletin-generate-submit'), disabled: !periodId }}
      confirmLoading={create.isPending}
    >
      <Typography.Paragraph type="secondary">{t('bulletins.generateHint')}</Typography.Paragraph>
      {create.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={create.error.message} />}
      {periods.isError ? (
        <QueryError error={periods.error} onRetry={() => periods.refetch()} />
      ) : (
        <Radio.Group
          value={periodId}
          onChange={(event) => setChosen(String(event.target.value))}
          disabled={create.isPending}
          style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
          data-testid="bulletin-period"
        >
          {(periods.data ?? []).map((period) => {
            const count = countOf(period.id);
            return (
              <Radio key={period.id} value={period.id} data-testid="bulletin-period-option" data-label={period.label}>
                {period.label}
                {count > 0 && (
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {t('bulletins.existing', { count })}
                  </Typography.Text>
                )}
              </Radio>
            );
          })}
        </Radio.Group>
      )}
    </Modal>
  );
}
