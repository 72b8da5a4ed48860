// The filter bar of the supervised task list.

import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, TreeSelect } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useLagReasons } from '../../api/lag-reasons';
import { usePlan } from '../../api/plans';
import type { AssignmentRole, ItemStatus, Light, ProgressClass, SectionNode, SourceLevel } from '../../api/types';
import { LightDot } from '../../components/lights';
import { UnitSelect } from '../../components/UnitSelect';
import { useI18n } from '../../i18n';
import { ASSIGNMENT_ROLES, ITEM_STATUSES, LIGHTS, PROGRESS_CLASS_LIST, SOURCE_LEVELS } from '../../vocab';
import { type FilterPatch, type Filters, FLAGS, type Flag } from './filters';

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

export function FilterBar({
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
  const { t, lang } = useI18n();
  const lagReasons = useLagReasons();
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
    filters.progressClass ||
    filters.status ||
    filters.level ||
    filters.sectionId ||
    filters.unitId ||
    filters.role ||
    filters.lagReason ||
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
      <Select<ProgressClass>
        value={filters.progressClass}
        onChange={(progressClass) => onChange({ progressClass })}
        allowClear
        placeholder={t('progressClass.filter')}
        style={{ width: 120 }}
        options={PROGRESS_CLASS_LIST.map((c) => ({ value: c, label: t(`progressClass.${c}`) }))}
        data-testid="filter-progress"
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
      <Select<string>
        value={filters.lagReason}
        onChange={(lagReason) => onChange({ lagReason })}
        allowClear
        placeholder={t('item.lagReasons')}
        style={{ width: 130 }}
        options={(lagReasons.data ?? []).map((r) => ({
          value: r.key,
          label: lang === 'en' ? (r.labelEn ?? r.labelZh) : r.labelZh,
        }))}
        data-testid="filter-lag-reason"
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
              progressClass: undefined,
              status: undefined,
              level: undefined,
              sectionId: undefined,
              unitId: undefined,
              role: undefined,
              overdue: undefined,
              hasCoordination: undefined,
              hasNotice: undefined,
              lagReason: undefined,
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
