// 办结销号: units' requests to close an item as completed, with the evidence they point at. The office
// verifies one (the item turns green for good and leaves the reminder cycle) or rejects it with a reason;
// a unit follows its own requests here and asks from its submission page (本期报送).

import { Card, Typography } from 'antd';
import { useCloseouts } from '../api/supervision';
import type { CloseoutStatus } from '../api/types';
import { CloseoutQueue } from '../components/CloseoutQueue';
import { StatusFilter, useStatusParam } from '../components/DecisionQueue';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n';
import { may, mayOnAllUnits } from '../roles';
import { useMe } from '../session';
import { CLOSEOUT_STATUSES } from '../vocab';

export default function CloseoutsPage() {
  const { t } = useI18n();
  const me = useMe();
  // The office starts on what waits for it.
  const [status, setStatus] = useStatusParam(CLOSEOUT_STATUSES, may(me, 'closeouts.verify') ? 'pending' : 'all');
  const list = useCloseouts(status === 'all' ? undefined : status);

  return (
    <div>
      <PageHeader title={t('closeouts.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {!mayOnAllUnits(me, 'closeouts.read') ? t('closeouts.hintUnit') : t('closeouts.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Card size="small">
        <StatusFilter<CloseoutStatus>
          value={status}
          onChange={setStatus}
          statuses={CLOSEOUT_STATUSES}
          allLabel={t('closeouts.all')}
          label={(value) => t(`closeoutStatus.${value}`)}
          testId="closeout-status-filter"
        />
        <CloseoutQueue list={list} />
      </Card>
    </div>
  );
}
