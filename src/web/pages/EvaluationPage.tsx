// 考评: the units ranked for a period or the year (the mean of the periods scored so far), each unit's five
// components on its expanded row, the office's quality rating there, the weights (office) and the .xlsx.
// Units see their own row only (the server decides).

import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useSearchParams } from 'react-router';
import type { Evaluation, ScoreWeightsBody } from '../../api/evaluation';
import {
  evaluationXlsxUrl,
  useEvaluation,
  useEvaluationWeights,
  useRateUnit,
  useSaveEvaluationWeights,
} from '../api/evaluation';
import { usePeriods } from '../api/periods';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { PlanPicker, usePlanChoice } from '../components/PlanPicker';
import { QueryError } from '../components/status';
import { type Translate, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { PROGRESS_CLASS_LIST, PROGRESS_COLORS } from '../vocab';

type Row = Evaluation['rows'][number];
type ComponentKey = keyof NonNullable<Row['components']>;
const COMPONENTS: readonly ComponentKey[] = ['onTime', 'completion', 'indicators', 'supervision', 'quality', 'filled'];
/** Weights that are points off a period's score, not components of the mean. */
const DEDUCTIONS = ['redNotice', 'completedLate', 'qualityFlags', 'delays'] as const;
const isDeduction = (key: string): key is (typeof DEDUCTIONS)[number] =>
  (DEDUCTIONS as readonly string[]).includes(key);
const YEAR = 'year';

export const formatScore = (score: number | null | undefined): string =>
  score === null || score === undefined ? '—' : score.toFixed(1);

export default function EvaluationPage() {
  const t = useT();
  const me = useMe();
  const office = may(me, 'evaluation.manage');
  const [params, setParams] = useSearchParams();
  const choice = usePlanChoice(params.get('planId') || undefined);
  const planId = choice.planId;
  const periodId = params.get('periodId') || undefined;
  const periods = usePeriods(planId, { main: true });
  const scope = planId ? { planId, periodId } : undefined;
  const evaluation = useEvaluation(scope);
  const data = evaluation.data;
  const forPeriod = data?.period != null;

  const setScope = (next: { planId?: string; periodId?: string | undefined }) => {
    const merged = { planId: next.planId ?? planId ?? '', periodId: 'periodId' in next ? next.periodId : periodId };
    const search: Record<string, string> = {};
    if (merged.planId) search.planId = merged.planId;
    if (merged.periodId) search.periodId = merged.periodId;
    setParams(search, { replace: true });
  };

  const columns: TableColumnsType<Row> = [
    {
      key: 'rank',
      title: t('evaluation.rank'),
      width: 80,
      // 未参评: reported in none of the scored periods, listed apart without a rank.
      render: (_, row) => row.rank ?? (row.participated ? '—' : t('evaluation.notParticipating')),
    },
    { key: 'unit', title: t('evaluation.unit'), width: 180, render: (_, row) => row.unit.name },
    { key: 'items', title: t('evaluation.items'), width: 72, render: (_, row) => row.items },
    {
      key: 'progress',
      title: t('evaluation.progress'),
      width: 150,
      // Where the unit's items stand (超进度 … 逾期完成), as the bulletin and the supervised list say it.
      render: (_, row) => (
        <Space size={[4, 2]} wrap data-testid="evaluation-progress">
          {PROGRESS_CLASS_LIST.filter((c) => (row.progress[c] ?? 0) > 0).map((c) => (
            <Tag key={c} color={PROGRESS_COLORS[c]} style={{ marginInlineEnd: 0 }}>
              {t(`progressClass.${c}`)} {row.progress[c]}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'score',
      title: t('evaluation.score'),
      width: 90,
      render: (_, row) => (
        <Space size={4}>
          <Typography.Text strong data-testid="evaluation-score">
            {formatScore(row.score)}
          </Typography.Text>
          {row.openRedNotices > 0 && (
            <Tag color="red" data-testid="evaluation-red-notice">
              {t('evaluation.openRedNotices', { count: row.openRedNotices })}
            </Tag>
          )}
          {row.ladderDeduction > 0 && (
            <Tag color="volcano" data-testid="evaluation-ladder">
              {t('evaluation.ladderDeduction', { points: row.ladderDeduction })}
            </Tag>
          )}
          {row.completedLate > 0 && (
            <Tag color="orange" data-testid="evaluation-completed-late">
              {t('evaluation.completedLateCount', { count: row.completedLate })}
            </Tag>
          )}
          {row.flaggedItems > 0 && (
            <Tag color="gold" data-testid="evaluation-quality-flags">
              {t('evaluation.flaggedItemsCount', { count: row.flaggedItems })}
            </Tag>
          )}
          {row.delayCases > 0 && (
            <Tag color="purple" data-testid="evaluation-delays">
              {t('evaluation.delayCasesCount', { count: row.delayCases })}
            </Tag>
          )}
        </Space>
      ),
    },
    ...(forPeriod
      ? COMPONENTS.map((key) => ({
          key,
          title: t(`evaluation.component.${key}`),
          width: 96,
          render: (_: unknown, row: Row) => formatScore(row.components?.[key]),
        }))
      : (data?.rows[0]?.periods ?? []).map((period) => ({
          key: period.id,
          title: period.label,
          width: 110,
          render: (_: unknown, row: Row) => formatScore(row.periods.find((p) => p.id === period.id)?.score),
        }))),
  ];

  return (
    <div>
      <PageHeader
        title={t('evaluation.title')}
        extra={
          scope && (
            <Button icon={<DownloadOutlined />} href={evaluationXlsxUrl(scope)} data-testid="evaluation-xlsx">
              {t('evaluation.xlsx')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('evaluation.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Flex wrap gap={8} style={{ marginBottom: 12 }}>
            <PlanPicker
              value={planId}
              plans={choice.plans}
              loading={choice.loading}
              onChange={(next) => setScope({ planId: next, periodId: undefined })}
            />
            <Select<string>
              value={periodId ?? YEAR}
              onChange={(value) => setScope({ periodId: value === YEAR ? undefined : value })}
              loading={periods.isPending && Boolean(planId)}
              style={{ width: 180 }}
              options={[
                { value: YEAR, label: t('evaluation.year') },
                ...(periods.data ?? []).map((period) => ({ value: period.id, label: period.label })),
              ]}
              data-testid="evaluation-period"
            />
          </Flex>
          {choice.none ? (
            <Alert type="info" showIcon title={t('supervision.noPlan')} />
          ) : evaluation.isError ? (
            <QueryError error={evaluation.error} onRetry={() => evaluation.refetch()} />
          ) : (
            <div data-testid="evaluation-table" aria-busy={evaluation.isFetching}>
              {data && <WeightsLine weights={data.weights} t={t} />}
              <ListTable<Row>
                rowKey={(row) => row.unit.id}
                size="middle"
                tableLayout="fixed"
                scroll={{ x: 'max-content' }}
                columns={columns}
                dataSource={data?.rows}
                loading={evaluation.isFetching}
                expandable={{
                  expandedRowRender: (row) =>
                    data && <Breakdown row={row} evaluation={data} office={office && forPeriod} />,
                }}
                onRow={(row) =>
                  ({
                    'data-testid': 'evaluation-row',
                    'data-unit': row.unit.name,
                    'data-rank': row.rank ?? '',
                    'data-score': row.score ?? '',
                  }) as object
                }
                pagination={{ pageSize: 100, hideOnSinglePage: true }}
                locale={{ emptyText: t('evaluation.empty') }}
              />
            </div>
          )}
        </Card>
        {office && <WeightsForm />}
      </Space>
    </div>
  );
}

function WeightsLine({ weights, t }: { weights: ScoreWeightsBody; t: Translate }) {
  return (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="evaluation-weights-line">
      {t('evaluation.weightsLine', {
        weights: COMPONENTS.map((key) => `${t(`evaluation.component.${key}`)} ${weights[key]}`).join(' · '),
        redNotice: weights.redNotice,
        completedLate: weights.completedLate,
        qualityFlags: weights.qualityFlags,
        delays: weights.delays,
      })}
    </Typography.Paragraph>
  );
}

/** A unit's row opened: each component with its weight (for a period) or each period's score (the year). */
function Breakdown({ row, evaluation, office }: { row: Row; evaluation: Evaluation; office: boolean }) {
  const t = useT();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="evaluation-breakdown">
      {evaluation.period ? (
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={COMPONENTS.map((key) => ({
            key,
            label: `${t(`evaluation.component.${key}`)}（${t('evaluation.weight', { weight: evaluation.weights[key] })}）`,
            children: <ComponentBar value={row.components?.[key] ?? null} />,
          }))}
        />
      ) : (
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={row.periods.map((period) => ({
            key: period.id,
            label: period.label,
            children: formatScore(period.score),
          }))}
        />
      )}
      {office && evaluation.period && (
        <RatingForm key={`${row.unit.id}|${evaluation.period.id}`} row={row} periodId={evaluation.period.id} />
      )}
    </Space>
  );
}

function ComponentBar({ value }: { value: number | null }) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex align="center" gap={8} style={{ minWidth: 140 }}>
      <Progress
        percent={Math.max(0, Math.min(100, value))}
        showInfo={false}
        size="small"
        style={{ flex: 1, margin: 0 }}
      />
      <span>{formatScore(value)}</span>
    </Flex>
  );
}

interface RatingValues {
  score: number | null;
  note?: string;
}

/** 质量评价: the office's score (0–100) of a unit's reports for the period. */
function RatingForm({ row, periodId }: { row: Row; periodId: string }) {
  const t = useT();
  const rate = useRateUnit();
  const quality = row.components?.quality;
  return (
    <Form<RatingValues>
      layout="inline"
      initialValues={{ score: quality === null || quality === undefined ? null : Math.round(quality) }}
      disabled={rate.isPending}
      onFinish={(values) => {
        if (values.score === null) return;
        const note = values.note?.trim();
        rate.mutate(
          { unitId: row.unit.id, periodId, score: values.score, ...(note ? { note } : {}) },
          { onSuccess: () => notifySuccess(t('evaluation.rated')) },
        );
      }}
      style={{ rowGap: 8 }}
      data-testid="evaluation-rating"
    >
      <Form.Item
        name="score"
        label={t('evaluation.rating')}
        rules={[{ required: true, message: t('evaluation.ratingRequired') }]}
      >
        <InputNumber min={0} max={100} precision={0} style={{ width: 100 }} data-testid="evaluation-rating-score" />
      </Form.Item>
      <Form.Item name="note" style={{ minWidth: 200, flex: 1 }}>
        <Input maxLength={500} placeholder={t('evaluation.ratingNote')} data-testid="evaluation-rating-note" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={rate.isPending} data-testid="evaluation-rating-save">
          {t('common.save')}
        </Button>
      </Form.Item>
    </Form>
  );
}

/** The office's weights: each 0–100, at least one above 0. */
function WeightsForm() {
  const t = useT();
  const weights = useEvaluationWeights();
  const save = useSaveEvaluationWeights();
  const [form] = Form.useForm<ScoreWeightsBody>();
  return (
    <Card size="small" title={t('evaluation.weights')} data-testid="evaluation-weights">
      {weights.isError ? (
        <QueryError error={weights.error} onRetry={() => weights.refetch()} />
      ) : weights.data ? (
        <Form<ScoreWeightsBody>
          form={form}
          layout="vertical"
          initialValues={weights.data}
          disabled={save.isPending}
          onFinish={(values) => save.mutate(values, { onSuccess: () => notifySuccess(t('evaluation.weightsSaved')) })}
        >
          <Flex wrap gap={16}>
            {[...COMPONENTS, ...DEDUCTIONS].map((key) => (
              <Form.Item
                key={key}
                name={key}
                label={isDeduction(key) ? t(`evaluation.${key}Weight`) : t(`evaluation.component.${key}`)}
                tooltip={isDeduction(key) ? t(`evaluation.${key}Hint`) : undefined}
                rules={[{ required: true, message: t('evaluation.weightRequired') }]}
                style={{ marginBottom: 8 }}
              >
                <InputNumber min={0} max={100} style={{ width: 110 }} data-testid={`evaluation-weight-${key}`} />
              </Form.Item>
            ))}
          </Flex>
          <Form.Item shouldUpdate style={{ marginBottom: 0 }}>
            {() => {
              const values = form.getFieldsValue();
              const allZero = COMPONENTS.every((key) => !values[key]);
              return (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {allZero && <Alert type="warning" showIcon title={t('evaluation.weightsAllZero')} />}
                  {save.isError && <Alert type="error" showIcon title={save.error.message} />}
                  <Button
                    type="primary"
                    htmlType="submit"
                    disabled={allZero}
                    loading={save.isPending}
                    data-testid="evaluation-weights-save"
                  >
                    {t('common.save')}
                  </Button>
                </Space>
              );
            }}
          </Form.Item>
        </Form>
      ) : (
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      )}
    </Card>
  );
}
