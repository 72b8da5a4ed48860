// 本期各单位报送 / 汇总 on a task with several units: for one reporting period, each unit's role, submission
// status, item status and progress (co-units report first); the lead unit then writes the task's
// consolidated status and summary. The server decides what each viewer sees: the lead unit and the office
// every unit's row, a co-unit only its own; another unit's content only once signed (未签字 until then).

import { MergeCellsOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Skeleton,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, useEffect, useRef } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { consolidateBodySchema } from '../../api/v1';
import { isApiError } from '../api/client';
import { useConsolidate, useTaskPeriodReport } from '../api/consolidation';
import { currentPeriodId, usePeriods } from '../api/periods';
import type { ItemStatus, TaskDetail, TaskPeriodReport } from '../api/types';
import { formatCstMinute, formatDateTime } from '../format';
import { useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { ITEM_STATUSES } from '../vocab';
import { ListTable } from './ListTable';
import { schemaRule } from './schemaRule';
import { QueryError } from './status';
import { ItemStatusTag, LevelTag, RoleTag, SubmissionStatusTag } from './tags';

type UnitRow = TaskPeriodReport['units'][number];

const rowAttributes = (attributes: Record<`data-${string}`, string>) => attributes as HTMLAttributes<HTMLElement>;

/** Upper-level departments (省级/市级牵头单位) are named for reference and report elsewhere. */
const UPPER_LEVELS = new Set(['province', 'city', 'national']);
/** A co-unit has reported once its submission is signed (and, later, accepted). */
const REPORTED = new Set(['submitted', 'accepted']);

/** Whether the card belongs on this task for this viewer (several units; the viewer's unit among them). */
export function showsConsolidation(task: TaskDetail, me: ReturnType<typeof useMe>): boolean {
  if (!may(me, 'submissions.read')) return false;
  const units = new Set(task.assignments.map((assignment) => assignment.unit.id));
  if (units.size < 2) return false;
  if (may(me, 'submissions.consolidate')) return me.unit !== null && units.has(me.unit.id);
  return true;
}

export function ConsolidationCard({ task }: { task: TaskDetail }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const periods = usePeriods(task.planId);
  const requested = params.get('period');
  const periodId = periods.data?.find((period) => period.id === requested)?.id ?? currentPeriodId(periods.data ?? []);
  const report = useTaskPeriodReport(task.id, periodId);
  const ownUnitId = me.unit?.id;
  const isLead = report.data?.abilities.consolidate ?? false;

  // Opened from a submission's lead item (…#consolidation): bring the card into view once it is there.
  const ref = useRef<HTMLDivElement>(null);
  const scrolled = useRef(false);
  useEffect(() => {
    if (location.hash !== '#consolidation' || scrolled.current || !ref.current) return;
    scrolled.current = true;
    ref.current.scrollIntoView({ block: 'start' });
  });

  const levelOf = (unitId: string) =>
    task.assignments.find((assignment) => assignment.unit.id === unitId && assignment.level)?.level ?? null;
  const upper = (unitId: string) => UPPER_LEVELS.has(levelOf(unitId) ?? '');

  const setPeriod = (next: string) =>
    setParams(
      (previous) => {
        const updated = new URLSearchParams(previous);
        updated.set('period', next);
        return updated;
      },
      { replace: true },
    );

  const columns: TableColumnsType<UnitRow> = [
    {
      key: 'unit',
      title: t('consolidation.unit'),
      width: 170,
      render: (_, row) => (
        <Space size={4} wrap>
          <Typography.Text strong={row.unit.id === ownUnitId}>{row.unit.name}</Typography.Text>
          {upper(row.unit.id) && <LevelTag level={levelOf(row.unit.id)} />}
        </Space>
      ),
    },
    { key: 'role', title: t('consolidation.role'), width: 80, render: (_, row) => <RoleTag role={row.role} /> },
    {
      key: 'submission',
      title: t('consolidation.submissionStatus'),
      width: 110,
      render: (_, row) => (
        <Space size={4} wrap>
          {row.submissionStatus ? (
            <SubmissionStatusTag status={row.submissionStatus} />
          ) : (
            <Typography.Text type="secondary">
              {upper(row.unit.id) ? t('consolidation.reportsElsewhere') : t('consolidation.noSubmission')}
            </Typography.Text>
          )}
          {!upper(row.unit.id) && <InputDue row={row} />}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('consolidation.itemStatus'),
      width: 100,
      render: (_, row) =>
        row.withheld ? (
          <Typography.Text type="secondary">{t('consolidation.unsigned')}</Typography.Text>
        ) : row.status ? (
          <ItemStatusTag status={row.status} />
        ) : (
          '—'
        ),
    },
    {
      key: 'progress',
      title: t('consolidation.progress'),
      render: (_, row) =>
        row.withheld ? (
          <Typography.Text type="secondary" data-testid="consolidation-unsigned">
            {t('consolidation.unsigned')}
          </Typography.Text>
        ) : row.progress?.trim() ? (
          <Typography.Paragraph
            ellipsis={{ rows: 3, expandable: 'collapsible' }}
            style={{ margin: 0, whiteSpace: 'pre-wrap' }}
            data-testid="consolidation-progress"
          >
            {row.progress}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">{t('item.none')}</Typography.Text>
        ),
    },
  ];

  const data = report.data;
  const waiting = isLead
    ? (data?.units ?? []).filter(
        (row) => row.unit.id !== ownUnitId && !upper(row.unit.id) && !REPORTED.has(row.submissionStatus ?? ''),
      )
    : [];

  return (
    <Card
      ref={ref}
      size="small"
      id="consolidation"
      title={
        <Space>
          <MergeCellsOutlined />
          {t('consolidation.title')}
        </Space>
      }
      extra={
        <Select<string>
          size="small"
          value={periodId}
          onChange={setPeriod}
          loading={periods.isLoading}
          options={(periods.data ?? []).map((period) => ({ value: period.id, label: period.label }))}
          placeholder={t('consolidation.period')}
          popupMatchSelectWidth={false}
          style={{ minWidth: 120, maxWidth: '100%' }}
          aria-label={t('consolidation.period')}
          data-testid="consolidation-period"
        />
      }
      data-testid="consolidation"
      data-period={periodId ?? ''}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {isLead
          ? t('consolidation.hintLead')
          : may(me, 'submissions.consolidate')
            ? t('consolidation.hintCoUnit')
            : t('consolidation.hint')}
      </Typography.Paragraph>
      {periods.isSuccess && periods.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('submission.noPeriods')} />
      ) : report.isError ? (
        isApiError(report.error, 404) || isApiError(report.error, 403) ? (
          <Alert type="info" showIcon title={t('consolidation.notVisible')} />
        ) : (
          <QueryError error={report.error} onRetry={() => report.refetch()} />
        )
      ) : !data ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <ListTable<UnitRow>
            size="small"
            rowKey={(row) => `${row.unit.id}|${row.role}`}
            pagination={false}
            dataSource={data.units}
            columns={columns}
            scroll={{ x: 720 }}
            locale={{ emptyText: t('consolidation.empty') }}
            onRow={(row) =>
              rowAttributes({
                'data-testid': 'consolidation-row',
                'data-unit': row.unit.name,
                'data-role': row.role,
                'data-submission-status': row.submissionStatus ?? '',
                'data-status': row.status ?? '',
              })
            }
            data-testid="consolidation-units"
          />
          <Flex wrap gap={8} align="center" data-testid="consolidation-rollup" data-status={data.rollup}>
            <Typography.Text type="secondary">{t('consolidation.rollup')}</Typography.Text>
            <ItemStatusTag status={data.rollup} />
          </Flex>
          <Consolidated report={data} lang={lang} />
          {isLead && periodId && (
            <>
              {waiting.length > 0 && (
                <Alert
                  type="info"
                  showIcon
                  title={t('consolidation.waiting', { units: waiting.map((row) => row.unit.name).join('、') })}
                  data-testid="consolidation-waiting"
                />
              )}
              <ConsolidateForm
                key={`${periodId}|${data.consolidated?.at ?? ''}`}
                taskId={task.id}
                periodId={periodId}
                report={data}
              />
            </>
          )}
        </Space>
      )}
    </Card>
  );
}

function Consolidated({ report, lang }: { report: TaskPeriodReport; lang: ReturnType<typeof useI18n>['lang'] }) {
  const t = useT();
  const consolidated = report.consolidated;
  if (!consolidated) {
    return (
      <Typography.Text type="secondary" data-testid="consolidated" data-status="">
        {t('consolidation.none')}
      </Typography.Text>
    );
  }
  return (
    <div data-testid="consolidated" data-status={consolidated.status}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('consolidation.consolidated')}</Typography.Text>
        <ItemStatusTag status={consolidated.status} />
      </Flex>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }} data-testid="consolidated-summary">
        {consolidated.summary}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="consolidated-by">
        {t('consolidation.writtenBy', {
          unit: consolidated.unit.name,
          name: consolidated.by ?? '—',
          time: formatDateTime(consolidated.at, lang),
        })}
      </Typography.Text>
    </div>
  );
}

interface ConsolidateForm {
  status: ItemStatus;
  summary: string;
}

function ConsolidateForm({ taskId, periodId, report }: { taskId: string; periodId: string; report: TaskPeriodReport }) {
  const t = useT();
  const [form] = Form.useForm<ConsolidateForm>();
  const save = useConsolidate(taskId, periodId);
  return (
    <Form<ConsolidateForm>
      form={form}
      layout="vertical"
      disabled={save.isPending}
      initialValues={{
        status: report.consolidated?.status ?? report.rollup ?? undefined,
        summary: report.consolidated?.summary ?? '',
      }}
      onValuesChange={() => save.reset()}
      onFinish={(values) =>
        save.mutate(
          { status: values.status, summary: values.summary.trim() },
          { onSuccess: () => notifySuccess(t('consolidation.saved')) },
        )
      }
      data-testid="consolidation-form"
    >
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        {report.consolidated ? t('consolidation.rewrite') : t('consolidation.write')}
      </Typography.Text>
      {save.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={save.error.message}
          data-testid="consolidation-error"
        />
      )}
      <Row gutter={16}>
        <Col xs={24} sm={8} lg={6}>
          <Form.Item
            name="status"
            label={t('consolidation.status')}
            rules={[{ required: true, message: t('consolidation.statusRequired') }]}
          >
            <Select<ItemStatus>
              options={ITEM_STATUSES.map((value) => ({ value, label: t(`itemStatus.${value}`) }))}
              data-testid="consolidation-status"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16} lg={18}>
          <Form.Item
            name="summary"
            label={t('consolidation.summary')}
            rules={[
              { required: true, whitespace: true, message: t('consolidation.summaryRequired') },
              schemaRule(consolidateBodySchema.shape.summary, t('consolidation.summaryRule')),
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 10 }}
              maxLength={5000}
              showCount
              placeholder={t('consolidation.summaryPlaceholder')}
              data-testid="consolidation-summary"
            />
          </Form.Item>
        </Col>
      </Row>
      <Button
        type="primary"
        htmlType="submit"
        icon={<SaveOutlined />}
        loading={save.isPending}
        data-testid="consolidation-save"
      >
        {t('consolidation.save')}
      </Button>
    </Form>
  );
}

/**
 * 配合单位先于牵头单位: a co-unit's input against its earlier date (the server's judgement, core/co-units.ts) — late or
 * missing shown to the lead; the date itself while it is pending and earlier than the period's.
 */
function InputDue({ row }: { row: UnitRow }) {
  const t = useT();
  const date = formatCstMinute(row.inputDueAt);
  if (row.inputState === 'late')
    return (
      <Tag color="warning" data-testid="consolidation-input-late">
        {t('coUnit.inputLate', { date })}
      </Tag>
    );
  if (row.inputState === 'missing' && row.role !== 'lead')
    return (
      <Tag color="error" data-testid="consolidation-input-missing">
        {t('coUnit.inputMissing', { date })}
      </Tag>
    );
  if (row.inputState === 'pending' && row.role !== 'lead')
    return <Typography.Text type="secondary">{t('coUnit.inputDue', { date })}</Typography.Text>;
  return null;
}
