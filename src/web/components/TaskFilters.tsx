import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import type { AssignmentRole, SourceLevel } from '../api/types';
import { useT } from '../i18n';
import { ASSIGNMENT_ROLES, SOURCE_LEVELS } from '../vocab';
import { UnitSelect } from './UnitSelect';
import type { TaskFilterPatch, TaskFilterState } from './useTaskFilterParams';

interface TaskFiltersProps {
  value: Pick<TaskFilterState, 'unitId' | 'level' | 'role' | 'q'>;
  onChange: (patch: TaskFilterPatch) => void;
  showUnit?: boolean;
  /** Extra controls before the standard ones (the plan picker on /tasks). */
  prefix?: ReactNode;
}

export function TaskFilters({ value, onChange, showUnit = true, prefix }: TaskFiltersProps) {
  const t = useT();
  const [text, setText] = useState(value.q ?? '');
  // Keep the box in step when the URL changes underneath (back button, reset).
  useEffect(() => setText(value.q ?? ''), [value.q]);

  const active = Boolean(value.unitId || value.level || value.role || value.q);
  return (
    <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
      {prefix}
      {showUnit && (
        <UnitSelect
          value={value.unitId}
          onChange={(unitId) => onChange({ unitId })}
          placeholder={t('filter.unit')}
          style={{ width: 240 }}
          data-testid="filter-unit"
        />
      )}
      <Select<SourceLevel>
        value={value.level}
        onChange={(level) => onChange({ level })}
        allowClear
        placeholder={t('filter.level')}
        style={{ width: 130 }}
        options={SOURCE_LEVELS.map((level) => ({ value: level, label: t(`level.${level}`) }))}
        data-testid="filter-level"
      />
      <Select<AssignmentRole>
        value={value.role}
        onChange={(role) => onChange({ role })}
        allowClear
        placeholder={t('filter.role')}
        style={{ width: 130 }}
        options={ASSIGNMENT_ROLES.map((role) => ({ value: role, label: t(`assignmentRole.${role}`) }))}
        data-testid="filter-role"
      />
      <Input
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          // The clear button: drop the filter at once.
          if (event.target.value === '' && value.q) onChange({ q: undefined });
        }}
        onPressEnter={() => onChange({ q: text.trim() || undefined })}
        onBlur={() => {
          if ((value.q ?? '') !== text.trim()) onChange({ q: text.trim() || undefined });
        }}
        allowClear
        maxLength={100}
        prefix={<SearchOutlined />}
        placeholder={t('filter.text')}
        style={{ width: 240 }}
        data-testid="filter-q"
      />
      {active && (
        <Button
          onClick={() => onChange({ unitId: undefined, level: undefined, role: undefined, q: undefined })}
          data-testid="filter-reset"
        >
          {t('filter.reset')}
        </Button>
      )}
    </Space>
  );
}
