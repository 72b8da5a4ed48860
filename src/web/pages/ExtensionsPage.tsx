// 延期申请: the units' requests to move a milestone (new date + reason). The office approves — the
// milestone's date changes from then on — or refuses, with a note; a unit sees its own requests and the
// office's decisions; the district leaders read them all. Units ask from the ledger's milestones.

import { Card, type TableColumnsType, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { decideExtensionBodySchema } from '../../api/v1';
import { useDecideExtension, useExtensions } from '../api/extensions';
import type { Extension, ExtensionStatus } from '../api/types';
import { DecisionQueue, StatusFilter, useStatusParam } from '../components/DecisionQueue';
import { HandoverHistory } from '../components/Handover';
import { ledgerPath } from '../components/LedgerLinks';
import { LongText, taskLabel } from '../components/LongText';
import { PageHeader } from '../components/PageHeader';
import { schemaRule } from '../components/schemaRule';
import { formatDateTime } from '../format';
import { useI18n, useT } from '../i18n';
import { may, mayOnAllUnits } from '../roles';
import { useMe } from '../session';
import { EXTENSION_STATUS_COLORS, EXTENSION_STATUSES } from '../vocab';

function ExtensionStatusTag({ status }: { status: ExtensionStatus }) {
  const t = useT();
  return (
    <Tag color={EXTENSION_STATUS_COLORS[status]} data-testid="extension-status">
      {t(`extensionStatus.${status}`)}
    </Tag>
  );
}

export default function ExtensionsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [status, setStatus] = useStatusParam(EXTENSION_STATUSES);
  const list = useExtensions(status === 'all' ? undefined : status);
  const decide = useDecideExtension();
  const mayDecide = may(me, 'ledgers.review');

  const columns: TableColumnsType<Extension> = [
    {
      key: 'task',
      title: t('extension.task'),
      width: 220,
      render: (_, item) => (
        <Link to={`/tasks/${encodeURIComponent(item.task.id)}`}>
          <LongText text={taskLabel(item.task, t)} />
        </Link>
      ),
    },
    ...(!mayOnAllUnits(me, 'ledgers.read')
      ? []
      : [
          {
            key: 'unit',
            title: t('extension.unit'),
            width: 140,
            render: (_: unknown, item: Extension) => item.unit.name,
          },
        ]),
    {
      key: 'milestone',
      title: t('extension.milestone'),
      width: 180,
      render: (_, item) => <Link to={ledgerPath(item.assignmentId)}>{item.milestone.title}</Link>,
    },
    {
      key: 'dates',
      title: t('extension.dates'),
      width: 130,
      render: (_, item) => (
        <div data-testid="extension-dates" data-from={item.fromDueOn} data-to={item.newDueOn}>
          <Typography.Text delete={item.status === 'approved'} type="secondary">
            {item.fromDueOn}
          </Typography.Text>
          <br />→ <Typography.Text strong={item.status !== 'refused'}>{item.newDueOn}</Typography.Text>
        </div>
      ),
    },
    {
      key: 'reason',
      title: t('extension.reason'),
      width: 220,
      render: (_, item) => (
        <div>
          <LongText text={item.reason} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(item.createdAt, lang)}
            {item.requestedBy ? ` · ${item.requestedBy}` : ''}
          </Typography.Text>
          <HandoverHistory lines={item.handovers} />
        </div>
      ),
    },
    {
      key: 'status',
      title: t('extension.status'),
      width: 90,
      render: (_, item) => <ExtensionStatusTag status={item.status} />,
    },
    {
      key: 'decision',
      title: t('extension.decision'),
      width: 180,
      render: (_, item) =>
        item.decidedAt ? (
          <div>
            <LongText text={item.decisionNote} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(item.decidedAt, lang)}
            </Typography.Text>
          </div>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <div>
      <PageHeader title={t('extension.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {!mayOnAllUnits(me, 'ledgers.read') ? t('extension.hintUnit') : t('extension.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Card size="small">
        <StatusFilter<ExtensionStatus>
          value={status}
          onChange={setStatus}
          statuses={EXTENSION_STATUSES}
          allLabel={t('extension.all')}
          label={(value) => t(`extensionStatus.${value}`)}
          testId="extension-status-filter"
        />
        <DecisionQueue<Extension>
          list={list}
          columns={columns}
          rowAttributes={(item) => ({
            'data-testid': 'extension-row',
            'data-status': item.status,
            'data-milestone': item.milestone.id,
          })}
          mayDecide={mayDecide}
          isPending={(item) => item.status === 'pending' && item.abilities.decide}
          decision={{
            decide: (item, approve, note, onSuccess) =>
              decide.mutate({ id: item.id, body: { approve, note } }, { onSuccess }),
            isPending: decide.isPending,
            error: decide.error,
            reset: decide.reset,
          }}
          text={{
            approve: t('extension.approve'),
            refuse: t('extension.refuse'),
            approveTitle: t('extension.approveTitle'),
            refuseTitle: t('extension.refuseTitle'),
            approveNote: t('extension.noteOptional'),
            refuseNote: t('extension.note'),
            noteRequired: t('extension.noteRequired'),
            approved: t('extension.approved'),
            refused: t('extension.refused'),
            empty: t('extension.tableEmpty'),
          }}
          testIds={{
            table: 'extension-table',
            approve: 'extension-approve',
            refuse: 'extension-refuse',
            submit: 'extension-decide-submit',
            note: 'extension-note',
          }}
          noteRules={() => [schemaRule(decideExtensionBodySchema.shape.note, t('extension.noteRule'))]}
          summary={(request) => (
            <div style={{ marginBottom: 12 }}>
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
                {taskLabel(request.task, t)} · {request.unit.name}
              </Typography.Paragraph>
              <Typography.Text strong>{request.milestone.title}</Typography.Text>
              <Typography.Paragraph style={{ marginTop: 4, marginBottom: 4 }}>
                {t('extension.fromTo', { from: request.fromDueOn, to: request.newDueOn })}
              </Typography.Paragraph>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{request.reason}</Typography.Paragraph>
            </div>
          )}
        />
      </Card>
    </div>
  );
}
