// 督办清单: every task of a plan with its light and each unit's light, status and latest progress, the open
// coordination requests and 督办单; filtered by light, status, source, section, unit, role, overdue and open
// items, all in the URL (the dashboard's charts link here). The office selects rows for 一键催办, exports
// the filtered list to .xlsx and issues a 督办单 on one unit's item. Units see only their own items.

import { AlertOutlined, FileExcelOutlined, NotificationOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { usePlan } from '../api/plans';
import { supervisedTasksXlsxUrl, useRemind, useSupervisedTasks } from '../api/supervision';
import type {
  AssignmentRole,
  ItemStatus,
  Light,
  SectionNode,
  SourceLevel,
  SupervisedTask,
  SupervisedTaskQuery,
} from '../api/types';
import { IssueNoticeModal, type NoticeTarget } from '../components/IssueNoticeModal';
import { LightDot, LightTag, UnitLight } from '../components/lights';
import { PageHeader } from '../components/PageHeader';
import { PlanPicker, usePlanChoice } from '../components/PlanPicker';
import { QueryError } from '../components/status';
import { TaskDrawer } from '../components/TaskDetail';
import { ItemStatusTag, LevelTag, RoleTag } from '../components/tags';
import { UnitSelect } from '../components/UnitSelect';
import { DEFAULT_PAGE_SIZE } from '../components/useTaskFilterParams';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may, mayOnAllUnits } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import {
  ASSIGNMENT_ROLES,
  ITEM_STATUSES,
  isAssignmentRole,
  isItemStatus,
  isLight,
  isSourceLevel,
  LIGHTS,
  SOURCE_LEVELS,
} from '../vocab';

// ---- filters in the URL -------------------------------------------------------------------------------

type Flag = 'overdue' | 'hasCoordination' | 'hasNotice';
const FLAGS: readonly Flag[] = ['overdue', 'hasCoordination', 'hasNotice'];

interface Filters {
  planId?: string;
  light?: Light;
  status?: ItemStatus;
  level?: SourceLevel;
  sectionId?: string;
  unitId?: string;
  role?: AssignmentRole;
  overdue?: boolean;
  hasCoordination?: boolean;
  hasNotice?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}
type FilterPatch = { [K in keyof Filters]?: Filters[K] | undefined };

function positiveInt(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

function useFilters(): [Filters, (patch: FilterPatch) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<Filters>(() => {
    const f: Filters = {
      page: positiveInt(params.get('page'), 1, 100_000),
      pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 500),
    };
    for (const key of ['planId', 'sectionId', 'unitId', 'q'] as const) {
      const value = params.get(key);
      if (value) f[key] = value;
    }
    const light = params.get('light');
    if (isLight(light)) f.light = light;
    const status = params.get('status');
    if (isItemStatus(status)) f.status = status;
    const level = params.get('level');
    if (isSourceLevel(level)) f.level = level;
    const role = params.get('role');
    if (isAssignmentRole(role)) f.role = role;
    for (const flag of FLAGS) {
      const value = params.get(flag);
      if (value === 'true' || value === 'false') f[flag] = value === 'true';
    }
    return f;
  }, [params]);
  const update = useCallback(
    (patch: FilterPatch) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined || value === '' || value === null) next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in patch)) next.delete('page');
          if (next.get('page') === '1') next.delete('page');
          if (next.get('pageSize') === String(DEFAULT_PAGE_SIZE)) next.delete('pageSize');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [filters, update];
}

// ---- the page -----------------------------------------------------------------------------------------

/** The items 一键催办 reaches on the chosen tasks: not closed, and within the unit / role filters. */
function remindTargets(tasks: readonly SupervisedTask[], filters: Filters) {
  const items = tasks.flatMap((task) =>
    task.supervision.units.filter(
      (u) =>
        !u.closed && (!filters.unitId || u.unit.id === filters.unitId) && (!filters.role || u.role === filters.role),
    ),
  );
  const units = [...new Map(items.map((u) => [u.unit.id, u.unit.name])).values()];
  return { assignmentIds: [...new Set(items.map((u) => u.assignmentId))], units };
}

export default function SupervisedTasksPage() {
  const t = useT();
  const me = useMe();
  const navigate = useNavigate();
  const [filters, setFilters] = useFilters();
  const choice = usePlanChoice(filters.planId);
  const planId = choice.planId;
  const query: SupervisedTaskQuery = {
    planId,
    light: filters.light,
    status: filters.status,
    level: filters.level,
    sectionId: filters.sectionId,
    unitId: filters.unitId,
    role: filters.role,
    overdue: filters.overdue,
    hasCoordination: filters.hasCoordination,
    hasNotice: filters.hasNotice,
    q: filters.q,
    page: filters.page,
    pageSize: filters.pageSize,
  };
  const list = useSupervisedTasks(query);
  const fresh = list.isSuccess && !list.isPlaceholderData;
  const office = may(me, 'reminders.send');
  const [selected, setSelected] = useState<Map<string, SupervisedTask>>(new Map());
  const [reminding, setReminding] = useState(false);
  const [noticeTarget, setNoticeTarget] = useState<NoticeTarget | null>(null);
  const [openTask, setOpenTask] = useState<string | null>(null);

  // Another plan: the selection of the previous one means nothing here.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the plan changes
  useEffect(() => setSelected(new Map()), [planId]);

  const columns: TableColumnsType<SupervisedTask> = [
    {
      key: 'number',
      title: t('task.number'),
      width: 84,
      render: (_, task) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <LevelTag level={task.source.level} short />
          {task.number ?? '—'}
        </span>
      ),
    },
    {
      key: 'text',
      title: t('task.text'),
      width: 260,
      render: (_, task) => (
        <Typography.Link onClick={() => setOpenTask(task.id)} data-testid="supervision-task-open">
          <Typography.Paragraph ellipsis={{ rows: 3, tooltip: task.text }} style={{ margin: 0, color: 'inherit' }}>
            {task.text}
          </Typography.Paragraph>
        </Typography.Link>
      ),
    },
    {
      key: 'light',
      title: t('dashboard.light'),
      width: 84,
      render: (_, task) => (
        <LightTag light={task.supervision.light} reasons={task.supervision.reasons} testid="task-light" />
      ),
    },
    {
      key: 'units',
      title: t('supervision.unitsProgress'),
      width: 460,
      render: (_, task) => (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {task.supervision.units.length === 0 && (
            <Typography.Text type="secondary">{t('supervision.noUnits')}</Typography.Text>
          )}
          {task.supervision.units.map((u) => (
            <div
              key={u.assignmentId}
              data-testid="supervision-unit"
              data-unit={u.unit.name}
              data-assignment={u.assignmentId}
              data-light={u.light}
            >
              <Flex wrap gap={4} align="center" justify="space-between">
                <Flex wrap gap={4} align="center">
                  <UnitLight
                    name={<Typography.Text strong={u.unit.id === me.unit?.id}>{u.unit.name}</Typography.Text>}
                    light={u.light}
                    reasons={u.reasons}
                  />
                  <RoleTag role={u.role} />
                  {u.closed ? (
                    <Tag color="success">{t('supervision.closed')}</Tag>
                  ) : u.status ? (
                    <ItemStatusTag status={u.status} />
                  ) : (
                    <Tag>{t('supervision.unreported')}</Tag>
                  )}
                </Flex>
                {may(me, 'notices.issue') && !u.closed && (
                  <Button
                    size="small"
                    type="link"
                    danger
                    icon={<AlertOutlined />}
                    onClick={() =>
                      setNoticeTarget({
                        assignmentId: u.assignmentId,
                        unitName: u.unit.name,
                        task: { number: task.number, text: task.text },
                        light: u.light,
                      })
                    }
                    data-testid="notice-issue"
                  >
                    {t('notice.issue')}
                  </Button>
                )}
              </Flex>
              {u.progress && (
                <Typography.Paragraph
                  type="secondary"
                  ellipsis={{ rows: 2, tooltip: u.progress }}
                  style={{ margin: '2px 0 0 14px', fontSize: 13 }}
                >
                  {u.progress}
                </Typography.Paragraph>
              )}
            </div>
          ))}
        </Space>
      ),
    },
    {
      key: 'open',
      title: t('supervision.openItems'),
      width: 120,
      render: (_, task) => (
        <Space orientation="vertical" size={4}>
          {task.supervision.openCoordination > 0 && (
            <Link to="/coordination">
              <Tag color="orange" data-testid="open-coordination">
                {t('supervision.coordinationN', { count: task.supervision.openCoordination })}
              </Tag>
            </Link>
          )}
          {task.supervision.openNotices > 0 && (
            <Link to="/supervision-notices">
              <Tag color="red" data-testid="open-notices">
                {t('supervision.noticesN', { count: task.supervision.openNotices })}
              </Tag>
            </Link>
          )}
          {task.supervision.openCoordination === 0 && task.supervision.openNotices === 0 && '—'}
        </Space>
      ),
    },
  ];

  const targets = remindTargets([...selected.values()], filters);

  return (
    <div>
      <PageHeader
        title={t('supervision.title')}
        extra={
          <>
            {office && (
              <Button
                type="primary"
                icon={<NotificationOutlined />}
                disabled={selected.size === 0}
                onClick={() => setReminding(true)}
                data-testid="remind-open"
              >
                {selected.size > 0 ? t('remind.buttonN', { count: selected.size }) : t('remind.button')}
              </Button>
            )}
            <Button
              icon={<FileExcelOutlined />}
              href={planId ? supervisedTasksXlsxUrl(query) : undefined}
              disabled={!planId}
              data-testid="supervision-export"
            >
              {t('supervision.export')}
            </Button>
          </>
        }
      />
      <Card size="small">
        <FilterBar
          filters={filters}
          planId={planId}
          onChange={setFilters}
          prefix={
            <PlanPicker
              value={planId}
              plans={choice.plans}
              loading={choice.loading}
              onChange={(next) => setFilters({ planId: next, sectionId: undefined })}
            />
          }
          showUnit={mayOnAllUnits(me, 'tasks.read')}
        />
        <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">
            {t('supervision.totalBefore')}
            <Typography.Text strong data-testid={fresh ? 'supervision-total' : undefined}>
              {list.data?.total ?? '…'}
            </Typography.Text>
            {t('supervision.totalAfter')}
          </Typography.Text>
          {office && selected.size > 0 && (
            <Space size={4}>
              <Typography.Text type="secondary">{t('supervision.selected', { count: selected.size })}</Typography.Text>
              <Button size="small" type="link" onClick={() => setSelected(new Map())}>
                {t('supervision.clearSelection')}
              </Button>
            </Space>
          )}
        </Flex>
        {choice.none ? (
          <Alert type="info" showIcon title={t('supervision.noPlan')} />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <div data-testid="supervision-table" aria-busy={list.isFetching}>
            <Table<SupervisedTask>
              rowKey="id"
              size="middle"
              tableLayout="fixed"
              scroll={{ x: 1040 }}
              columns={columns}
              dataSource={list.data?.items}
              loading={list.isFetching}
              rowSelection={
                office
                  ? {
                      selectedRowKeys: [...selected.keys()],
                      preserveSelectedRowKeys: true,
                      onChange: (_keys, rows) =>
                        setSelected((previous) => {
                          const next = new Map<string, SupervisedTask>();
                          for (const row of rows) {
                            if (row) next.set(row.id, row);
                          }
                          // Rows from other pages come back as undefined: keep what we had for them.
                          for (const key of _keys) {
                            const kept = previous.get(String(key));
                            if (!next.has(String(key)) && kept) next.set(String(key), kept);
                          }
                          return next;
                        }),
                    }
                  : undefined
              }
              onRow={(task) =>
                ({
                  'data-testid': 'supervision-row',
                  'data-light': task.supervision.light,
                  'data-task': task.id,
                  'data-number': task.number ?? '',
                }) as object
              }
              pagination={{
                current: filters.page,
                pageSize: filters.pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100, 200],
                showTotal: (count) => t('task.totalShort', { count }),
                onChange: (page, pageSize) => setFilters({ page, pageSize }),
              }}
              locale={{ emptyText: t('task.empty') }}
            />
          </div>
        )}
      </Card>
      <TaskDrawer taskId={openTask} onClose={() => setOpenTask(null)} />
      {reminding && (
        <RemindModal
          assignmentIds={targets.assignmentIds}
          units={targets.units}
          onClose={() => setReminding(false)}
          onDone={() => {
            setReminding(false);
            setSelected(new Map());
          }}
        />
      )}
      {noticeTarget && (
        <IssueNoticeModal
          target={noticeTarget}
          onClose={() => setNoticeTarget(null)}
          onIssued={(notice) => {
            setNoticeTarget(null);
            notifySuccess(t('notice.issued', { number: notice.number }));
            navigate(`/supervision-notices/${encodeURIComponent(notice.id)}`);
          }}
        />
      )}
    </div>
  );
}

// ---- filters --------------------------------------------------------------------------------------------

interface TreeNode {
  value: string;
  title: string;
  selectable?: boolean;
  children?: TreeNode[];
}

function sectionTree(sections: SectionNode[]): TreeNode[] {
  return sections.map((s) => ({ value: s.id, title: s.title, children: sectionTree(s.children) }));
}

function FilterBar({
  filters,
  planId,
  onChange,
  prefix,
  showUnit,
}: {
  filters: Filters;
  planId: string | undefined;
  onChange: (patch: FilterPatch) => void;
  prefix: ReactNode;
  showUnit: boolean;
}) {
  const t = useT();
  const plan = usePlan(planId);
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  const tree = useMemo<TreeNode[]>(
    () =>
      (plan.data?.sources ?? []).map((source) => ({
        value: `source:${source.id}`,
        title: `${t(`level.${source.level}`)} · ${source.title}`,
        selectable: false,
        children: sectionTree(source.sections),
      })),
    [plan.data, t],
  );
  const flag = (key: Flag) => (
    <Select<'true' | 'false'>
      key={key}
      value={filters[key] === undefined ? undefined : filters[key] ? 'true' : 'false'}
      onChange={(value) => onChange({ [key]: value === undefined ? undefined : value === 'true' })}
      allowClear
      placeholder={t(`supervision.flag.${key}`)}
      style={{ width: 150 }}
      options={[
        { value: 'true', label: t(`supervision.flagYes.${key}`) },
        { value: 'false', label: t(`supervision.flagNo.${key}`) },
      ]}
      data-testid={`filter-${key}`}
    />
  );
  const active =
    filters.light ||
    filters.status ||
    filters.level ||
    filters.sectionId ||
    filters.unitId ||
    filters.role ||
    filters.q ||
    FLAGS.some((key) => filters[key] !== undefined);

  return (
    <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
      {prefix}
      <Select<Light>
        value={filters.light}
        onChange={(light) => onChange({ light })}
        allowClear
        placeholder={t('supervision.filterLight')}
        style={{ width: 120 }}
        options={LIGHTS.map((light) => ({
          value: light,
          label: (
            <Space size={6}>
              <LightDot light={light} />
              {t(`light.${light}`)}
            </Space>
          ),
        }))}
        data-testid="filter-light"
      />
      <Select<ItemStatus>
        value={filters.status}
        onChange={(status) => onChange({ status })}
        allowClear
        placeholder={t('supervision.filterStatus')}
        style={{ width: 130 }}
        options={ITEM_STATUSES.map((status) => ({ value: status, label: t(`itemStatus.${status}`) }))}
        data-testid="filter-status"
      />
      <Select<SourceLevel>
        value={filters.level}
        onChange={(level) => onChange({ level })}
        allowClear
        placeholder={t('filter.level')}
        style={{ width: 110 }}
        options={SOURCE_LEVELS.filter((level) => ['province', 'city', 'district'].includes(level)).map((level) => ({
          value: level,
          label: t(`level.${level}`),
        }))}
        data-testid="filter-level"
      />
      <TreeSelect
        value={filters.sectionId}
        onChange={(sectionId: string | undefined) => onChange({ sectionId })}
        treeData={tree}
        allowClear
        showSearch
        treeNodeFilterProp="title"
        placeholder={t('supervision.filterSection')}
        style={{ width: 240 }}
        popupMatchSelectWidth={420}
        loading={plan.isLoading}
        data-testid="filter-section"
      />
      {showUnit && (
        <UnitSelect
          value={filters.unitId}
          onChange={(unitId) => onChange({ unitId })}
          placeholder={t('filter.unit')}
          style={{ width: 200 }}
          data-testid="filter-unit"
        />
      )}
      <Select<AssignmentRole>
        value={filters.role}
        onChange={(role) => onChange({ role })}
        allowClear
        placeholder={t('filter.role')}
        style={{ width: 110 }}
        options={ASSIGNMENT_ROLES.map((role) => ({ value: role, label: t(`assignmentRole.${role}`) }))}
        data-testid="filter-role"
      />
      {FLAGS.map(flag)}
      <Input
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value === '' && filters.q) onChange({ q: undefined });
        }}
        onPressEnter={() => onChange({ q: text.trim() || undefined })}
        onBlur={() => {
          if ((filters.q ?? '') !== text.trim()) onChange({ q: text.trim() || undefined });
        }}
        allowClear
        maxLength={100}
        prefix={<SearchOutlined />}
        placeholder={t('filter.text')}
        style={{ width: 220 }}
        data-testid="filter-q"
      />
      {active && (
        <Button
          onClick={() =>
            onChange({
              light: undefined,
              status: undefined,
              level: undefined,
              sectionId: undefined,
              unitId: undefined,
              role: undefined,
              overdue: undefined,
              hasCoordination: undefined,
              hasNotice: undefined,
              q: undefined,
            })
          }
          data-testid="filter-reset"
        >
          {t('filter.reset')}
        </Button>
      )}
    </Space>
  );
}

// ---- 一键催办 ---------------------------------------------------------------------------------------------

function RemindModal({
  assignmentIds,
  units,
  onClose,
  onDone,
}: {
  assignmentIds: string[];
  units: string[];
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ message?: string }>();
  const remind = useRemind();
  const empty = assignmentIds.length === 0;
  return (
    <Modal
      open
      title={t('remind.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('remind.send')}
      confirmLoading={remind.isPending}
      okButtonProps={{ disabled: empty, ...testId('remind-submit') }}
    >
      {empty ? (
        <Alert type="info" showIcon title={t('remind.nothing')} />
      ) : (
        <>
          <Typography.Paragraph>
            {t('remind.summary', { units: units.length, items: assignmentIds.length })}
          </Typography.Paragraph>
          <Flex wrap gap={4} style={{ marginBottom: 12, maxHeight: 120, overflowY: 'auto' }}>
            {units.map((name) => (
              <Tag key={name}>{name}</Tag>
            ))}
          </Flex>
        </>
      )}
      {remind.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={remind.error.message} />}
      <Form<{ message?: string }>
        form={form}
        layout="vertical"
        disabled={remind.isPending || empty}
        onFinish={(values) =>
          remind.mutate(
            { assignmentIds, ...(values.message?.trim() ? { message: values.message.trim() } : {}) },
            {
              onSuccess: (result) => {
                notifySuccess(t('remind.done', { units: result.units, notified: result.notified }));
                onDone();
              },
            },
          )
        }
      >
        <Form.Item name="message" label={t('remind.message')} extra={t('remind.messageHint')}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="remind-message" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
