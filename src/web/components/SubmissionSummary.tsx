// What a period submission says about itself: its progress bar, and once signed who signed it, when,
// the start of its content hash and how late it was. Shared by the unit's page and the office's drawer.

import { Descriptions, Progress, Typography } from 'antd';
import type { SubmissionSummary } from '../api/types';
import { formatCstMinute } from '../format';
import { useI18n } from '../i18n';
import { LateTag } from './tags';

export const HASH_PREFIX_LENGTH = 12;

export function SubmissionProgress({ pkg, total }: { pkg: SubmissionSummary; total: number }) {
  const { t } = useI18n();
  return (
    <div data-testid="submission-progress" data-filled={pkg.filled} data-total={total}>
      <Progress
        percent={total > 0 ? Math.round((pkg.filled / total) * 100) : 0}
        status={total > 0 && pkg.filled === total ? 'success' : 'normal'}
        format={() => t('submission.filledOf', { filled: pkg.filled, total })}
      />
    </div>
  );
}

export function SignatureInfo({ pkg }: { pkg: SubmissionSummary }) {
  const { t } = useI18n();
  if (!pkg.signer) return null;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, lg: 4 }}
      style={{ marginTop: 8 }}
      data-testid="submission-signature"
    >
      <Descriptions.Item label={t('submission.signer')}>
        <span data-testid="submission-signer">
          {pkg.signedFor ? t('submission.actingSigned', { signer: pkg.signer, leader: pkg.signedFor }) : pkg.signer}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('submission.signedAt')}>{formatCstMinute(pkg.signedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('submission.hash')}>
        <Typography.Text
          code
          copyable={pkg.contentHash ? { text: pkg.contentHash } : false}
          data-testid="submission-hash"
        >
          {pkg.contentHash?.slice(0, HASH_PREFIX_LENGTH) ?? '—'}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('reviews.late')}>
        {pkg.late ? <LateTag late={pkg.late} lateSeconds={pkg.lateSeconds} /> : t('submission.onTime')}
      </Descriptions.Item>
    </Descriptions>
  );
}
