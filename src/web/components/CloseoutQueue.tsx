// 办结销号 requests as the office decides them (核验销号 / 驳回) and a unit follows them: the 办结销号 page lists
// them all, the task page those of its task. The decision is the one flow of POST /closeouts/:id/decide.

import { PaperClipOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Space, type TableColumnsType, Typography } from 'antd';
import { Link } from 'react-router';
import { evidenceUrl } from '../api/submissions';
import { useDecideCloseout } from '../api/supervision';
import type { Closeout } from '../api/types';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { may, mayOnAllUnits } from '../roles';
import { useMe } from '../session';
import { DecisionQueue } from './DecisionQueue';
import { HandoverHistory } from './Handover';
import { LongText } from './LongText';
import { CloseoutStatusTag } from './supervisionTags';

export function CloseoutQueue({ list }: { list: UseQueryResult<Closeout[]> }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const decide = useDecideCloseout();
  const mayDecide = may(me, 'closeouts.verify');

  const columns: TableColumnsType<Closeout> = [
    {
      key: 'task',
      title: t('closeout.task'),
      width: 240,
      render: (_, c) => (
        <Link to={`/tasks/${encodeURIComponent(c.task.id)}`}>
          <LongText rows={3} empty={null} text={`${c.task.number ? `${c.task.number}. ` : ''}${c.task.text}`} />
        </Link>
      ),
    },
    ...(!mayOnAllUnits(me, 'closeouts.read')
      ? []
      : [{ key: 'unit', title: t('closeout.unit'), width: 130, render: (_: unknown, c: Closeout) => c.unit.name }]),
    {
      key: 'note',
      title: t('closeout.note'),
      width: 220,
      render: (_, c) => (
        <div>
          <LongText rows={3} empty={null} text={c.note} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(c.createdAt, lang)}
            {c.requestedBy ? ` · ${c.requestedBy}` : ''}
          </Typography.Text>
          <HandoverHistory lines={c.handovers} />
        </div>
      ),
    },
    {
      key: 'evidence',
      title: t('closeout.evidence'),
      width: 200,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          {c.evidence.map((file) => (
            <a key={file.id} href={evidenceUrl(file.id)} data-testid="closeout-evidence">
              <PaperClipOutlined /> {file.fileName}
            </a>
          ))}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('closeout.status'),
      width: 100,
      render: (_, c) => <CloseoutStatusTag status={c.status} />,
    },
    {
      key: 'decision',
      title: t('closeout.decision'),
      width: 180,
      render: (_, c) =>
        c.decidedAt ? (
          <div>
            <LongText rows={3} empty={null} text={c.decisionNote} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(c.decidedAt, lang)}
              {c.decidedBy ? ` · ${c.decidedBy}` : ''}
            </Typography.Text>
          </div>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <DecisionQueue<Closeout>
      list={list}
      columns={columns}
      rowAttributes={(c) => ({
        'data-testid': 'closeout-row',
        'data-id': c.id,
        'data-status': c.status,
        'data-assignment': c.assignmentId,
      })}
      mayDecide={mayDecide}
      isPending={(c) => c.status === 'pending' && c.abilities.verify}
      decision={{
        decide: (c, verify, note, onSuccess) =>
          decide.mutate({ id: c.id, body: { verify, ...(note ? { note } : {}) } }, { onSuccess }),
        isPending: decide.isPending,
        error: decide.error,
        reset: decide.reset,
      }}
      text={{
        approve: t('closeout.verify'),
        refuse: t('closeout.reject'),
        approveTitle: t('closeout.verifyTitle'),
        refuseTitle: t('closeout.rejectTitle'),
        approveNote: t('closeout.decisionOptional'),
        refuseNote: t('closeout.rejectReason'),
        noteRequired: t('closeout.rejectReasonRequired'),
        approved: t('closeout.verified'),
        refused: t('closeout.rejected'),
        empty: t('closeouts.empty'),
      }}
      testIds={{
        table: 'closeout-table',
        approve: 'closeout-verify',
        refuse: 'closeout-reject',
        submit: 'closeout-decide-submit',
        note: 'closeout-note',
      }}
      noteRules={(verify) => [
        // The server refuses a rejection without a reason of 2 characters or more.
        ...(verify ? [] : [{ min: 2, message: t('closeout.rejectReasonRequired') }]),
        { max: 1000, message: t('closeout.decisionRule') },
      ]}
      summary={(request) => (
        <>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
            {request.task.number ? `${request.task.number}. ` : ''}
            {request.task.text} · {request.unit.name}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{request.note}</Typography.Paragraph>
        </>
      )}
      approveHint={<Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('closeout.verifyHint')} />}
    />
  );
}
