// Unit pickers over the directory (loaded once, searched in the browser by name and alias).

import { Select } from 'antd';
import { type CSSProperties, useMemo } from 'react';
import { useUnits } from '../api/units';
import { useT } from '../i18n';

interface UnitOption {
  value: string;
  label: string;
  /** name + aliases, lower-cased, for searching */
  search: string;
}

function useUnitOptions(excludeIds: readonly string[] = []): { options: UnitOption[]; loading: boolean } {
  const units = useUnits();
  const options = useMemo(() => {
    const excluded = new Set(excludeIds);
    return (units.data ?? [])
      .filter((unit) => !excluded.has(unit.id))
      .map((unit) => ({
        value: unit.id,
        label: unit.name,
        search: [unit.name, ...unit.aliases].join('\n').toLowerCase(),
      }));
  }, [units.data, excludeIds]);
  return { options, loading: units.isLoading };
}

const search = {
  filterOption: (input: string, option?: UnitOption) => Boolean(option?.search.includes(input.trim().toLowerCase())),
};

interface UnitSelectProps {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  excludeIds?: readonly string[];
  allowClear?: boolean;
  style?: CSSProperties;
  'data-testid'?: string;
}

export function UnitSelect({ value, onChange, placeholder, excludeIds, allowClear = true, ...rest }: UnitSelectProps) {
  const t = useT();
  const { options, loading } = useUnitOptions(excludeIds);
  return (
    <Select<string, UnitOption>
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? undefined)}
      options={options}
      loading={loading}
      showSearch={search}
      allowClear={allowClear}
      placeholder={placeholder ?? t('unitSelect.placeholder')}
      notFoundContent={loading ? t('common.loading') : t('unitSelect.none')}
      style={{ minWidth: 220, ...rest.style }}
      data-testid={rest['data-testid']}
    />
  );
}

interface UnitMultiSelectProps {
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  'data-testid'?: string;
}

export function UnitMultiSelect({ value, onChange, placeholder, ...rest }: UnitMultiSelectProps) {
  const t = useT();
  const { options, loading } = useUnitOptions();
  return (
    <Select<string[], UnitOption>
      mode="multiple"
      value={value ?? []}
      onChange={(next) => onChange?.(next)}
      options={options}
      loading={loading}
      showSearch={search}
      allowClear
      maxTagCount="responsive"
      placeholder={placeholder ?? t('unitSelect.placeholderMany')}
      notFoundContent={loading ? t('common.loading') : t('unitSelect.none')}
      style={{ width: '100%' }}
      data-testid={rest['data-testid']}
    />
  );
}
