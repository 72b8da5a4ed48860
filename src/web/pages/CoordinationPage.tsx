// 协调事项: a unit raises an issue on one of its tasks (提请协调); the office routes it to a district leader
// (转交区领导), who answers (批示); the office or the raising unit resolves it (办结).
// The server decides who sees which request and who may act; the buttons only follow the role.

import { CheckOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Select, Space, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { answerCoordinationBodySchema } from '../../api/v1';
import {
  useAnswerCoordination,
  useCoordinations,
  useResolveCoordination,
  useRouteCoordination,
} from '../api/coordination';
import type { Coordination, CoordinationStatus } from '../api/types';
import { useUsers } from '../api/users';
import { QueueTable, StatusFilter, useStatusParam } from '../components/DecisionQueue';
import { HandoverHistory } from '../components/Handover';
import { LongText, taskLabel } from '../components/LongText';
import { PageHeader } from '../components/PageHeader';
import { RaiseCoordinationModal } from '../components/RaiseCoordinationModal';
import { schemaRule } from '../components/schemaRule';
import { formatDateTime } from '../format';
import { useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import { COORDINATION_STATUS_COLORS, COORDINATION_STATUSES } from '../vocab';

/** 办结: the raising unit once the leader has answered; the office (who routes) at any open stage. */
function mayResolve(item: Coordination): boolean {
  if (!item.abilities.resolve || item.status === 'resolved') return false;
  return item.abilities.route || item.status === 'answered';
}

function CoordinationStatusTag({ status }: { status: CoordinationStatus }) {
  const t = useT();
  return (
    <Tag color={COORDINATION_STATUS_COLORS[status]} data-testid="coordination-status">
      {t(`coordinationStatus.${status}`)}
    </Tag>
  );
}

export default function CoordinationPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [status, setStatus] = useStatusParam(COORDINATION_STATUSES);
  const list = useCoordinations(status === 'all' ? undefined : status);
  const resolve = useResolveCoordination();
  const [raising, setRaising] = useState(false);
  const [routing, setRouting] = useState<Coordination | null>(null);
  const [answering, setAnswering] = useState<Coordination | null>(null);

  const actions = (item: Coordination) => (
    <Space size={0} wrap>
      {item.abilities.route && (item.status === 'open' || item.status === 'routed') && (
        <Button
          type="link"
          size="small"
          icon={<SendOutlined />}
          onClick={() => setRouting(item)}
          data-testid="coordination-route"
        >
          {t('coordination.route')}
        </Button>
      )}
      {item.abilities.answer && item.status === 'routed' && (
        <Button
          type="link"
          size="small"
          icon={<EditOutlined />}
          onClick={() => setAnswering(item)}
          data-testid="coordination-answer"
        >
          {t('coordination.answerAction')}
        </Button>
      )}
      {mayResolve(item) && (
        <Button
          type="link"
          size="small"
          icon={<CheckOutlined />}
          loading={resolve.isPending && resolve.variables === item.id}
          onClick={() => resolve.mutate(item.id, { onSuccess: () => notifySuccess(t('coordination.resolved')) })}
          data-testid="coordination-resolve"
        >
          {t('coordination.resolve')}
        </Button>
      )}
    </Space>
  );

  const columns: TableColumnsType<Coordination> = [
    {
      key: 'task',
      title: t('coordination.task'),
      width: 220,
      render: (_, item) => <LongText text={taskLabel(item.task, t)} />,
    },
    { key: 'unit', title: t('coordination.unit'), width: 150, render: (_, item) => item.unit.name },
    {
      key: 'title',
      title: t('coordination.itemTitle'),
      width: 240,
      render: (_, item) => (
        <div>
          <Typography.Text strong>{item.title}</Typography.Text>
          <LongText text={item.body} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(item.createdAt, lang)}
            {item.raisedBy ? ` · ${t('coordination.raisedBy', { name: item.raisedBy })}` : ''}
          </Typography.Text>
          <HandoverHistory lines={item.handovers} />
        </div>
      ),
    },
    {
      key: 'status',
      title: t('coordination.status'),
      width: 90,
      render: (_, item) => <CoordinationStatusTag status={item.status} />,
    },
    {
      key: 'routedTo',
      title: t('coordination.routedTo'),
      width: 110,
      render: (_, item) => item.routedTo?.name ?? '—',
    },
    {
      key: 'answer',
      title: t('coordination.answer'),
      width: 200,
      render: (_, item) => <LongText text={item.answer} />,
    },
    { key: 'actions', title: t('common.actions'), width: 130, render: (_, item) => actions(item) },
  ];

  return (
    <div>
      <PageHeader
        title={t('coordination.title')}
        extra={
          may(me, 'coordination.raise') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setRaising(true)}
              data-testid="coordination-raise"
            >
              {t('coordination.raise')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('coordination.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Card size="small">
        <StatusFilter<CoordinationStatus>
          value={status}
          onChange={setStatus}
          statuses={COORDINATION_STATUSES}
          allLabel={t('coordination.all')}
          label={(value) => t(`coordinationStatus.${value}`)}
          testId="coordination-status-filter"
        />
        <QueueTable<Coordination>
          list={list}
          columns={columns}
          rowAttributes={(item) => ({ 'data-testid': 'coordination-row', 'data-status': item.status })}
          empty={t('coordination.tableEmpty')}
          testId="coordination-table"
          scrollX={1140}
        />
      </Card>
      {raising && <RaiseCoordinationModal onClose={() => setRaising(false)} />}
      {routing && <RouteModal item={routing} onClose={() => setRouting(null)} />}
      {answering && <AnswerModal item={answering} onClose={() => setAnswering(null)} />}
    </div>
  );
}

function RequestSummary({ item }: { item: Coordination }) {
  const { t } = useI18n();
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
        {taskLabel(item.task, t)} · {item.unit.name}
      </Typography.Paragraph>
      <Typography.Text strong>{item.title}</Typography.Text>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{item.body}</Typography.Paragraph>
    </div>
  );
}

function RouteModal({ item, onClose }: { item: Coordination; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ executiveId: string }>();
  const route = useRouteCoordination();
  const users = useUsers();
  const executives = (users.data ?? []).filter((user) => user.role === 'executive' && !user.disabled);

  return (
    <Modal
      open
      title={t('coordination.routeTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('coordination.routeSubmit')}
      confirmLoading={route.isPending}
      okButtonProps={testId('coordination-route-submit')}
    >
      <RequestSummary item={item} />
      <Form<{ executiveId: string }>
        form={form}
        layout="vertical"
        disabled={route.isPending}
        initialValues={{ executiveId: item.routedTo?.id }}
        onFinish={(values) =>
          route.mutate(
            { id: item.id, executiveId: values.executiveId },
            {
              onSuccess: () => {
                notifySuccess(t('coordination.routed'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="executiveId"
          label={t('coordination.executive')}
          rules={[{ required: true, message: t('coordination.executiveRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={users.isFetching}
            options={executives.map((user) => ({ value: user.id, label: user.displayName }))}
            data-testid="coordination-executive"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AnswerModal({ item, onClose }: { item: Coordination; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ answer: string }>();
  const answer = useAnswerCoordination();

  return (
    <Modal
      open
      title={t('coordination.answerTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('coordination.answerSubmit')}
      confirmLoading={answer.isPending}
      okButtonProps={testId('coordination-answer-submit')}
      width={640}
    >
      <RequestSummary item={item} />
      <Form<{ answer: string }>
        form={form}
        layout="vertical"
        disabled={answer.isPending}
        onFinish={(values) =>
          answer.mutate(
            { id: item.id, answer: values.answer.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('coordination.answered'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="answer"
          label={t('coordination.answerText')}
          rules={[
            { required: true, whitespace: true, message: t('coordination.answerRequired') },
            schemaRule(answerCoordinationBodySchema.shape.answer, t('coordination.answerRule')),
          ]}
        >
          <Input.TextArea rows={5} maxLength={3000} showCount data-testid="coordination-answer-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
