// The plan a supervision page looks at: `?planId=` in the URL, else the newest plan (the one every unit
// reports on now).

import { Grid, Select } from 'antd';
import { byNewest, usePlans } from '../api/plans';
import type { Plan } from '../api/types';
import { useT } from '../i18n';

export function usePlanChoice(fromUrl: string | undefined): {
  planId: string | undefined;
  plans: Plan[];
  loading: boolean;
  /** Plans loaded and there is none (nothing imported yet). */
  none: boolean;
} {
  const plans = usePlans();
  const sorted = [...(plans.data ?? [])].sort(byNewest);
  const planId = fromUrl ?? sorted[0]?.id;
  return { planId, plans: sorted, loading: plans.isPending, none: plans.isSuccess && sorted.length === 0 };
}

export function PlanPicker({
  value,
  plans,
  loading,
  onChange,
}: {
  value: string | undefined;
  plans: readonly Plan[];
  loading: boolean;
  onChange: (planId: string) => void;
}) {
  const t = useT();
  const wide = Grid.useBreakpoint().sm;
  return (
    <Select<string>
      value={value}
      onChange={onChange}
      loading={loading}
      placeholder={t('supervision.plan')}
      style={{ width: wide ? 320 : 220 }}
      options={plans.map((plan) => ({ value: plan.id, label: `${plan.year} · ${plan.docNo ?? plan.title}` }))}
      optionRender={(option) => {
        const plan = plans.find((p) => p.id === option.value);
        return plan ? `${plan.year} · ${plan.title}` : option.label;
      }}
      data-testid="plan-picker"
    />
  );
}
