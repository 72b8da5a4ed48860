// 导出台账 and 导出上报市直部门（最多报一次）with the period whose progress they carry, as plain download
// links; a unit's users get 导出本单位台账 (the server writes their own rows only).

import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Select, Space } from 'antd';
import { useState } from 'react';
import { ledgerXlsxUrl, upwardXlsxUrl } from '../api/exports';
import { currentPeriodId, usePeriods } from '../api/periods';
import { useT } from '../i18n';
import { mayOnAllUnits } from '../roles';
import { useMe } from '../session';

export function ExportButtons({ planId, size }: { planId: string | undefined; size?: 'small' | 'middle' }) {
  const t = useT();
  const me = useMe();
  const periods = usePeriods(planId);
  // null: the user cleared the choice (no period: the progress columns stay empty); undefined: not chosen yet.
  const [chosen, setChosen] = useState<string | null | undefined>(undefined);
  const periodId = chosen === undefined ? currentPeriodId(periods.data ?? []) : (chosen ?? undefined);
  const scope = planId ? { planId, periodId } : null;
  const unit = !mayOnAllUnits(me, 'ledgers.read');

  return (
    <Space wrap size={[8, 8]} data-testid="exports">
      <Select<string>
        size={size}
        value={periodId}
        onChange={(value) => setChosen(value ?? null)}
        allowClear
        loading={periods.isPending && Boolean(planId)}
        placeholder={t('exports.noPeriod')}
        style={{ width: 160 }}
        options={(periods.data ?? []).map((period) => ({ value: period.id, label: period.label }))}
        aria-label={t('exports.period')}
        data-testid="export-period"
        data-period={periodId ?? ''}
      />
      <Button
        size={size}
        icon={<FileExcelOutlined />}
        href={scope ? ledgerXlsxUrl(scope) : undefined}
        disabled={!scope}
        data-testid="export-ledger"
      >
        {unit ? t('exports.ownLedger') : t('exports.ledger')}
      </Button>
      {!unit && (
        <Button
          size={size}
          icon={<FileExcelOutlined />}
          href={scope ? upwardXlsxUrl(scope) : undefined}
          disabled={!scope}
          data-testid="export-upward"
        >
          {t('exports.upward')}
        </Button>
      )}
    </Space>
  );
}
