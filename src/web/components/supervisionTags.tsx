// Tags of 督办单 and 办结销号: level, status, overdue.

import { Tag } from 'antd';
import type { CloseoutStatus, SupervisionNoticeSeverity, SupervisionNoticeStatus } from '../api/types';
import { useT } from '../i18n';
import { CLOSEOUT_STATUS_COLORS, NOTICE_SEVERITY_COLORS, NOTICE_STATUS_COLORS } from '../vocab';

export function SupervisionNoticeSeverityTag({ severity }: { severity: SupervisionNoticeSeverity }) {
  const t = useT();
  return (
    <Tag color={NOTICE_SEVERITY_COLORS[severity]} data-testid="notice-severity-tag" data-severity={severity}>
      {t(`noticeSeverity.${severity}`)}
    </Tag>
  );
}

export function SupervisionNoticeStatusTag({
  status,
  overdue,
}: {
  status: SupervisionNoticeStatus;
  overdue?: boolean;
}) {
  const t = useT();
  return (
    <>
      <Tag color={NOTICE_STATUS_COLORS[status]} data-testid="notice-status" data-status={status}>
        {t(`noticeStatus.${status}`)}
      </Tag>
      {overdue && (
        <Tag color="red" data-testid="notice-overdue">
          {t('supervisionNotice.overdue')}
        </Tag>
      )}
    </>
  );
}

export function CloseoutStatusTag({ status }: { status: CloseoutStatus }) {
  const t = useT();
  return (
    <Tag color={CLOSEOUT_STATUS_COLORS[status]} data-testid="closeout-status" data-status={status}>
      {t(`closeoutStatus.${status}`)}
    </Tag>
  );
}
