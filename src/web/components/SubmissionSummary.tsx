// What a period submission says about itself: its progress bar, and once signed who signed it, when,
// the start of its content hash and how late it was. Shared by the unit's page and the office's drawer.

import { Alert, Descriptions, Progress, Typography } from 'antd';
import type { Submission, SubmissionSummary } from '../api/types';
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

/** How many items are shown by name in the unfilled list; the count always covers all of them. */
const UNFILLED_SHOWN = 30;

/**
 * "N 项未填写" with a link to each unfilled item (its card's anchor), while the package is not signed. With
 * `onSelect` a link asks the page to show the item (it may sit in a collapsed source group).
 */
export function UnfilledItems({ pkg, onSelect }: { pkg: Submission; onSelect?: (itemId: string) => void }) {
  const { t } = useI18n();
  if (pkg.unfilled === 0) return null;
  const items = pkg.items.filter((i) => i.unfilled);
  return (
    <Alert
      style={{ marginTop: 8 }}
      type="warning"
      showIcon
      title={t('submission.unfilledCount', { count: pkg.unfilled })}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{t('submission.unfilledHint')}</Typography.Paragraph>
          {items.slice(0, UNFILLED_SHOWN).map((i, n) => (
            <span key={i.id}>
              {n > 0 && '、'}
              <a
                href={`#${itemAnchor(i.id)}`}
                onClick={
                  onSelect
                    ? (event) => {
                        event.preventDefault();
                        onSelect(i.id);
                      }
                    : undefined
                }
                data-testid="unfilled-item"
              >
                {i.task.number ?? t('task.titleUnnumbered')} {i.task.text.slice(0, 16)}
                {i.task.text.length > 16 ? '…' : ''}
              </a>
            </span>
          ))}
          {items.length > UNFILLED_SHOWN && t('submission.unfilledMore', { count: items.length - UNFILLED_SHOWN })}
        </>
      }
      data-testid="submission-unfilled"
      data-count={pkg.unfilled}
    />
  );
}

/** The anchor of an item's card on the submission page, for links to it. */
export const itemAnchor = (itemId: string) => `item-${itemId}`;

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
