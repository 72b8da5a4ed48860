// 年终结转 (the office's): the plan's unfinished tasks with their units' last status and progress; for each, carry
// it over into a plan of the next year (an open later plan, or the one carry-over makes) or close it with a
// reason — one by one or for the selected rows — and, once every task is decided, 关闭年度: the plan becomes a
// read-only archive (已归档). The server decides what is unfinished and refuses what is not allowed.

import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { type YearEndTask, yearEndReasonSchema } from '../../api/year-end';
import { useClosePlan, useDecideYearEnd, useYearEnd } from '../api/year-end';
import { ListTable } from '../components/ListTable';
import { LongText, taskLabel } from '../components/LongText';
import { LightTag } from '../components/lights';
import { PageHeader } from '../components/PageHeader';
import { schemaRule } from '../components/schemaRule';
import { PageLoading, QueryError } from '../components/status';
import { ItemStatusTag, PlanStatusTag, RoleTag } from '../components/tags';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { testId } from '../testId';

/** The plan carry-over makes for the next year, as the target picker's first choice. */
const NEW_PLAN = 'new';

export default function YearEndPage() {
  const { t, lang } = useI18n();
  const { id = '' } = useParams();
  const review = useYearEnd(id);
  const decide = useDecideYearEnd(id);
  const close = useClosePlan(id);
  const [target, setTarget] = useState<string>(NEW_PLAN);
  const [selected, setSelected] = useState<string[]>([]);
  /** The tasks the reason modal closes. */
  const [closing, setClosing] = useState<string[] | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  if (review.isPending) return <PageLoading />;
  if (review.isError) return <QueryError error={review.error} onRetry={() => review.refetch()} />;
  const r = review.data;
  const open = r.plan.status !== 'closed';
  const carry = (taskIds: string[]) =>
    decide.mutate(
      {
        decisions: taskIds.map((taskId) => ({ taskId, decision: 'carry' as const })),
        targetPlanId: target === NEW_PLAN ? null : target,
      },
      { onSuccess: () => setSelected([]) },
    );
  const closeTasks = async () => {
    const { reason } = await form.validateFields();
    decide.mutate(
      { decisions: (closing ?? []).map((taskId) => ({ taskId, decision: 'close' as const, reason })) },
      {
        onSuccess: () => {
          setClosing(null);
          setSelected([]);
          form.resetFields();
        },
      },
    );
  };

  return (
    <div>
      <PageHeader
        title={t('yearEnd.title', { plan: r.plan.title })}
        extra={
          <Space>
            <PlanStatusTag status={r.plan.status} />
            <Link to={`/plans/${encodeURIComponent(r.plan.id)}`}>{t('yearEnd.backToPlan')}</Link>
          </Space>
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {open ? (
          <Alert type="info" showIcon title={t('yearEnd.intro', { year: r.plan.year })} />
        ) : (
          <Alert
            type="success"
            showIcon
            data-testid="year-end-archived"
            title={t('yearEnd.archived', { at: formatDateTime(r.plan.closedAt, lang) })}
          />
        )}
        <Card
          size="small"
          title={t('yearEnd.unfinished', { count: r.tasks.length, undecided: r.undecided })}
          extra={
            open && (
              <Space wrap>
                <span>{t('yearEnd.target')}</span>
                <Select
                  style={{ minWidth: 260 }}
                  value={target}
                  onChange={setTarget}
                  data-testid="year-end-target"
                  options={[
                    { value: NEW_PLAN, label: t('yearEnd.newPlan', { year: r.plan.year + 1 }) },
                    ...r.targets.map((p) => ({ value: p.id, label: `${p.year} ${p.title}` })),
                  ]}
                />
                <Button
                  disabled={r.undecided === 0}
                  onClick={() => setSelected(r.tasks.filter((x) => x.decision === null).map((x) => x.taskId))}
                  data-testid="year-end-select-undecided"
                >
                  {t('yearEnd.selectUndecided', { count: r.undecided })}
                </Button>
                <Button
                  disabled={selected.length === 0}
                  loading={decide.isPending}
                  onClick={() => carry(selected)}
                  data-testid="year-end-carry-selected"
                >
                  {t('yearEnd.carrySelected', { count: selected.length })}
                </Button>
                <Button
                  disabled={selected.length === 0}
                  onClick={() => setClosing(selected)}
                  data-testid="year-end-close-selected"
                >
                  {t('yearEnd.closeSelected', { count: selected.length })}
                </Button>
                <Popconfirm
                  title={t('yearEnd.closePlanConfirm', { year: r.plan.year })}
                  onConfirm={() => close.mutate()}
                  disabled={r.undecided > 0}
                >
                  <Button
                    type="primary"
                    danger
                    disabled={r.undecided > 0}
                    loading={close.isPending}
                    data-testid="year-end-close-plan"
                  >
                    {r.undecided > 0 ? t('yearEnd.closePlanWaiting', { count: r.undecided }) : t('yearEnd.closePlan')}
                  </Button>
                </Popconfirm>
              </Space>
            )
          }
        >
          <ListTable<YearEndTask>
            rowKey="taskId"
            size="small"
            dataSource={r.tasks}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: t('yearEnd.none') }}
            data-testid="year-end-tasks"
            rowSelection={
              open
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys.map(String)),
                    getCheckboxProps: (row) => ({ disabled: row.decision !== null }),
                  }
                : undefined
            }
            columns={[
              {
                key: 'task',
                title: t('yearEnd.task'),
                width: 320,
                render: (_, row) => (
                  <Link to={`/tasks/${encodeURIComponent(row.taskId)}`}>
                    <LongText text={taskLabel({ number: row.number, text: row.text, sourceLevel: row.level }, t)} />
                  </Link>
                ),
              },
              {
                key: 'light',
                title: t('yearEnd.light'),
                width: 80,
                render: (_, row) => <LightTag light={row.light} />,
              },
              {
                key: 'units',
                title: t('yearEnd.units'),
                render: (_, row) => (
                  <Space orientation="vertical" size={2}>
                    {row.units.map((u) => (
                      <div key={u.unitId}>
                        <RoleTag role={u.role} /> {u.unitName}{' '}
                        {u.status ? <ItemStatusTag status={u.status} /> : <Tag>{t('yearEnd.unreported')}</Tag>}
                        {u.progress && <LongText text={u.progress} rows={1} />}
                      </div>
                    ))}
                  </Space>
                ),
              },
              {
                // The row's decision (结转 / 关闭): the action column, kept in sight at the right edge.
                key: 'actions',
                title: t('yearEnd.decision'),
                width: 260,
                render: (_, row) => {
                  const d = row.decision;
                  if (d?.decision === 'carry') {
                    return (
                      <span data-testid="year-end-decision" data-decision="carry">
                        <Tag color="blue">{t('yearEnd.carried')}</Tag>
                        {d.target ? (
                          <Link to={`/tasks/${encodeURIComponent(d.target.taskId)}`}>
                            {d.target.planYear} {d.target.code}
                          </Link>
                        ) : null}
                      </span>
                    );
                  }
                  if (d?.decision === 'close') {
                    return (
                      <span data-testid="year-end-decision" data-decision="close">
                        <Tag>{t('yearEnd.closed')}</Tag>
                        <LongText text={d.reason} rows={2} />
                      </span>
                    );
                  }
                  if (!open) return '—';
                  return (
                    <Space>
                      <Button
                        size="small"
                        loading={decide.isPending && decide.variables?.decisions[0]?.taskId === row.taskId}
                        onClick={() => carry([row.taskId])}
                        data-testid="year-end-carry"
                      >
                        {t('yearEnd.carry')}
                      </Button>
                      <Button size="small" onClick={() => setClosing([row.taskId])} data-testid="year-end-close">
                        {t('yearEnd.close')}
                      </Button>
                    </Space>
                  );
                },
              },
            ]}
          />
        </Card>
      </Space>
      <Modal
        open={closing !== null}
        title={t('yearEnd.closeTitle', { count: closing?.length ?? 0 })}
        onOk={closeTasks}
        onCancel={() => setClosing(null)}
        confirmLoading={decide.isPending}
        okButtonProps={testId('year-end-close-save')}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('yearEnd.closeHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('yearEnd.reason')}
            rules={[
              { required: true, whitespace: true, message: t('yearEnd.reasonRequired') },
              schemaRule(yearEndReasonSchema, t('yearEnd.reasonRequired')),
            ]}
          >
            <Input.TextArea rows={3} data-testid="year-end-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
