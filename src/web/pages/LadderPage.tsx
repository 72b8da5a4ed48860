// 问责梯度: the office sees, for a period, each item the ladder reaches (its lights period by period, the step the
// rules give now and the one applied), applies the ladder once the period is past its deadline, downloads each
// unit's letter, and edits the steps — names, conditions, deductions, who goes on the 黑榜.

import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Ladder, LadderPeriod } from '../../api/ladder';
import { ladderLetterUrl, useApplyLadder, useLadder, useLadderPeriod, useSaveLadder } from '../api/ladder';
import { usePeriods } from '../api/periods';
import { ListTable } from '../components/ListTable';
import { LightDot } from '../components/lights';
import { PageHeader } from '../components/PageHeader';
import { PlanPicker, usePlanChoice } from '../components/PlanPicker';
import { QueryError } from '../components/status';
import { LevelTag } from '../components/tags';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';

type Item = LadderPeriod['items'][number];
type Step = Ladder['steps'][number];

const STEP_COLORS: Record<Step['action'], string> = {
  reminder_letter: 'gold',
  interview: 'orange',
  listed: 'volcano',
  accountability: 'red',
};
const ACTIONS = Object.keys(STEP_COLORS) as Step['action'][];

function StepTag({ step }: { step: Item['proposed'] }) {
  if (!step) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tag color={STEP_COLORS[step.action]} data-testid="ladder-step" data-step={step.key}>
      {step.name}
    </Tag>
  );
}

export default function LadderPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const choice = usePlanChoice(params.get('planId') || undefined);
  const planId = choice.planId;
  const periods = usePeriods(planId, { main: true });
  // The period whose reports are in (the server's review period: the latest past its deadline) is the one to apply.
  const periodId = params.get('periodId') || periods.data?.find((p) => p.review)?.id || periods.data?.[0]?.id;
  const view = useLadderPeriod(planId, periodId);
  const apply = useApplyLadder(planId ?? '');
  const data = view.data;

  const setScope = (next: { planId?: string; periodId?: string; unitId?: string | undefined }) => {
    const search: Record<string, string> = {};
    const plan = next.planId ?? planId;
    if (plan) search.planId = plan;
    const period = 'planId' in next ? undefined : (next.periodId ?? periodId);
    if (period) search.periodId = period;
    const unit = 'unitId' in next ? next.unitId : params.get('unitId');
    if (unit) search.unitId = unit;
    setParams(search, { replace: true });
  };

  const counts = new Map<string, { name: string; action: Step['action']; n: number }>();
  for (const i of data?.items ?? []) {
    const s = i.applied ?? i.proposed;
    if (!s) continue;
    counts.set(s.key, { name: s.name, action: s.action, n: (counts.get(s.key)?.n ?? 0) + 1 });
  }
  const pending = (data?.items ?? []).filter((i) => i.proposed && !i.applied).length;
  // Hundreds of items when many units did not report: one unit's rows at a time on request.
  const unitId = params.get('unitId') || undefined;
  const unitOptions = [...new Map((data?.items ?? []).map((i) => [i.unit.id, i.unit.name])).entries()]
    .sort((a, b) => a[1].localeCompare(b[1], 'zh-CN'))
    .map(([value, label]) => ({ value, label }));
  const shown = (data?.items ?? []).filter((i) => !unitId || i.unit.id === unitId);

  const columns: TableColumnsType<Item> = [
    { key: 'unit', title: t('ladder.unit'), width: 140, render: (_, i) => i.unit.name },
    {
      key: 'task',
      title: t('ladder.task'),
      width: 320,
      render: (_, i) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: i.task.text }} style={{ margin: 0 }}>
          <LevelTag level={i.task.level} short />
          {i.task.number ? `${i.task.number}. ` : ''}
          {i.task.text}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'lights',
      title: t('ladder.lights'),
      width: 120,
      render: (_, i) => (
        <Flex gap={4} align="center" data-testid="ladder-lights" data-lights={i.lights.join(',')}>
          {i.lights.map((light, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one dot per period, in order
            <LightDot key={n} light={light} />
          ))}
        </Flex>
      ),
    },
    { key: 'proposed', title: t('ladder.proposed'), width: 110, render: (_, i) => <StepTag step={i.proposed} /> },
    { key: 'applied', title: t('ladder.applied'), width: 110, render: (_, i) => <StepTag step={i.applied} /> },
    {
      key: 'letter',
      title: t('ladder.letter'),
      width: 90,
      render: (_, i) =>
        i.applied && planId && periodId ? (
          <Button
            type="link"
            size="small"
            icon={<DownloadOutlined />}
            href={ladderLetterUrl(planId, periodId, i.unit.id)}
            data-testid="ladder-letter"
          >
            {t('ladder.download')}
          </Button>
        ) : null,
    },
  ];

  return (
    <div>
      <PageHeader title={t('ladder.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('ladder.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
            <PlanPicker
              value={planId}
              plans={choice.plans}
              loading={choice.loading}
              onChange={(next) => setScope({ planId: next })}
            />
            <Select<string>
              value={periodId}
              onChange={(value) => setScope({ periodId: value })}
              loading={periods.isPending && Boolean(planId)}
              style={{ width: 180 }}
              options={(periods.data ?? []).map((p) => ({ value: p.id, label: p.label }))}
              data-testid="ladder-period"
            />
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('ladder.allUnits')}
              value={unitId}
              onChange={(value) => setScope({ unitId: value })}
              style={{ width: 200 }}
              options={unitOptions}
              data-testid="ladder-unit"
            />
            {[...counts.values()].map((c) => (
              <Tag key={c.name} color={STEP_COLORS[c.action]}>
                {c.name} {c.n}
              </Tag>
            ))}
            <span style={{ flex: 1 }} />
            <Popconfirm
              title={t('ladder.applyConfirm', { count: pending })}
              disabled={!data?.closed || pending === 0}
              onConfirm={() =>
                periodId &&
                apply.mutate(periodId, { onSuccess: () => notifySuccess(t('ladder.appliedNote', { count: pending })) })
              }
            >
              <Button
                type="primary"
                disabled={!data?.closed || pending === 0}
                loading={apply.isPending}
                data-testid="ladder-apply"
              >
                {t('ladder.apply', { count: pending })}
              </Button>
            </Popconfirm>
          </Flex>
          {data && !data.closed && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('ladder.notClosed')} />
          )}
          {data?.appliedAt && (
            <Typography.Paragraph type="secondary" data-testid="ladder-applied-at">
              {t('ladder.appliedAt', { at: new Date(data.appliedAt).toLocaleString('zh-CN') })}
            </Typography.Paragraph>
          )}
          {view.isError ? (
            <QueryError error={view.error} onRetry={() => view.refetch()} />
          ) : (
            <ListTable<Item>
              rowKey={(i) => i.assignmentId}
              size="small"
              tableLayout="fixed"
              loading={view.isPending && Boolean(periodId)}
              scroll={{ x: 900 }}
              columns={columns}
              dataSource={shown}
              pagination={{ pageSize: 50, showSizeChanger: false }}
              data-testid="ladder-items"
            />
          )}
        </Card>
        <StepsForm />
      </Space>
    </div>
  );
}

/** The office's steps, mildest first: edited as a whole and saved at once. */
function StepsForm() {
  const t = useT();
  const ladder = useLadder();
  const save = useSaveLadder();
  const [steps, setSteps] = useState<Step[]>([]);
  useEffect(() => {
    if (ladder.data) setSteps(ladder.data.steps);
  }, [ladder.data]);
  const edit = (index: number, change: Partial<Step>) =>
    setSteps((all) => all.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const columns: TableColumnsType<Step> = [
    {
      key: 'name',
      title: t('ladder.stepName'),
      width: 130,
      render: (_, s, i) => <Input value={s.name} maxLength={20} onChange={(e) => edit(i, { name: e.target.value })} />,
    },
    {
      key: 'action',
      title: t('ladder.action'),
      width: 140,
      render: (_, s, i) => (
        <Select<Step['action']>
          value={s.action}
          style={{ width: '100%' }}
          onChange={(action) => edit(i, { action })}
          options={ACTIONS.map((a) => ({ value: a, label: t(`ladder.actions.${a}`) }))}
        />
      ),
    },
    {
      key: 'when',
      title: t('ladder.when'),
      width: 300,
      render: (_, s, i) => (
        <Space orientation="vertical" size={4}>
          {s.when.map((c, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity beyond their place
            <Space key={n} size={4} wrap>
              {n > 0 && <Typography.Text type="secondary">{t('ladder.or')}</Typography.Text>}
              <Select<'yellow' | 'red'>
                value={c.light}
                style={{ width: 130 }}
                onChange={(light) => edit(i, { when: s.when.map((w, m) => (m === n ? { ...w, light } : w)) })}
                options={[
                  { value: 'yellow', label: t('ladder.yellowOrWorse') },
                  { value: 'red', label: t('light.red') },
                ]}
              />
              <InputNumber
                min={1}
                max={4}
                precision={0}
                value={c.periods}
                style={{ width: 64 }}
                onChange={(periods) =>
                  typeof periods === 'number' &&
                  edit(i, { when: s.when.map((w, m) => (m === n ? { ...w, periods } : w)) })
                }
              />
              <Typography.Text>{t('ladder.periodsRunning')}</Typography.Text>
              {s.when.length > 1 && (
                <Button
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('ladder.remove')}
                  onClick={() => edit(i, { when: s.when.filter((_w, m) => m !== n) })}
                />
              )}
            </Space>
          ))}
          {s.when.length < 3 && (
            <Button
              size="small"
              type="link"
              icon={<PlusOutlined />}
              onClick={() => edit(i, { when: [...s.when, { light: 'yellow', periods: 1 }] })}
            >
              {t('ladder.addCondition')}
            </Button>
          )}
        </Space>
      ),
    },
    {
      key: 'deduction',
      title: t('ladder.deduction'),
      width: 100,
      render: (_, s, i) => (
        <InputNumber
          min={0}
          max={20}
          step={0.5}
          value={s.deduction}
          style={{ width: 80 }}
          onChange={(deduction) => typeof deduction === 'number' && edit(i, { deduction })}
        />
      ),
    },
    {
      key: 'blacklist',
      title: t('ladder.blacklist'),
      width: 80,
      render: (_, s, i) => <Switch checked={s.blacklist} onChange={(blacklist) => edit(i, { blacklist })} />,
    },
    {
      key: 'remove',
      title: '',
      width: 48,
      render: (_, _s, i) => (
        <Button
          type="text"
          icon={<DeleteOutlined />}
          aria-label={t('ladder.remove')}
          onClick={() => setSteps((all) => all.filter((_x, n) => n !== i))}
        />
      ),
    },
  ];
  const addStep = () =>
    setSteps((all) => [
      ...all,
      {
        key: `step${all.length + 1}-${Date.now().toString(36)}`.slice(0, 32),
        name: t('ladder.newStep'),
        action: 'reminder_letter',
        when: [{ light: 'yellow', periods: 1 }],
        deduction: 0,
        blacklist: false,
      },
    ]);
  return (
    <Card size="small" title={t('ladder.steps')} data-testid="ladder-steps">
      {ladder.isError ? (
        <QueryError error={ladder.error} onRetry={() => ladder.refetch()} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('ladder.stepsHint')}</Typography.Paragraph>
          <ListTable<Step>
            rowKey={(s) => s.key}
            size="small"
            tableLayout="fixed"
            loading={ladder.isPending}
            scroll={{ x: 800 }}
            pagination={false}
            columns={columns}
            dataSource={steps}
          />
          <Flex gap={8} style={{ marginTop: 12 }}>
            <Button icon={<PlusOutlined />} onClick={addStep} disabled={steps.length >= 8}>
              {t('ladder.addStep')}
            </Button>
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() => save.mutate({ steps }, { onSuccess: () => notifySuccess(t('ladder.saved')) })}
              data-testid="ladder-save"
            >
              {t('common.save')}
            </Button>
          </Flex>
        </>
      )}
    </Card>
  );
}
