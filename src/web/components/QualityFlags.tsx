// Report quality flags (报送质量提示, src/core/quality.ts) as the unit's leader reads them before signing and the
// office in review: a summary above the items and a tag on each flagged item. Advice only: nothing here blocks.

import { Alert, Flex, Tag, Typography } from 'antd';
import type { ItemReport, Submission } from '../api/types';
import { useT } from '../i18n';
import { HoverTooltip } from './HoverTooltip';

type Flag = NonNullable<ItemReport['qualityFlags']>[number];

function FlagTag({ flag }: { flag: Flag }) {
  const t = useT();
  const detail =
    flag.kind === 'copied'
      ? t('quality.copiedDetail', { percent: Math.round((flag.similarity ?? 1) * 100) })
      : flag.kind === 'contradicted'
        ? (flag.because ?? []).map((b) => t(`quality.because.${b}`)).join('、')
        : t(`quality.hint.${flag.kind}`);
  return (
    <HoverTooltip title={detail}>
      <Tag color="gold" data-testid="quality-flag" data-kind={flag.kind}>
        {t(`quality.kind.${flag.kind}`)}
      </Tag>
    </HoverTooltip>
  );
}

/** The flags of one item, as tags (nothing when it has none). */
export function ItemQualityFlags({ item }: { item: ItemReport }) {
  if (!item.qualityFlags?.length) return null;
  return (
    <Flex wrap gap={4} style={{ marginBottom: 8 }} data-testid="item-quality-flags">
      {item.qualityFlags.map((flag) => (
        <FlagTag key={flag.kind} flag={flag} />
      ))}
    </Flex>
  );
}

/** How many items of the package are flagged, and which, for the leader and the office; nothing when none. */
export function QualitySummary({ pkg, onSelect }: { pkg: Submission; onSelect?: (itemId: string) => void }) {
  const t = useT();
  const flagged = pkg.items.filter((i) => i.qualityFlags?.length);
  if (flagged.length === 0) return null;
  return (
    <Alert
      style={{ marginTop: 8 }}
      type="warning"
      showIcon
      data-testid="quality-summary"
      data-count={flagged.length}
      title={t('quality.summary', { count: flagged.length })}
      description={
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('quality.summaryHint')}</Typography.Text>
          {flagged.map((item) => (
            <Flex key={item.id} wrap gap={4} align="center">
              {onSelect ? (
                <Typography.Link onClick={() => onSelect(item.id)}>
                  {item.task.number ?? item.task.text}
                </Typography.Link>
              ) : (
                <Typography.Text>{item.task.number ?? item.task.text}</Typography.Text>
              )}
              {item.qualityFlags?.map((flag) => (
                <FlagTag key={flag.kind} flag={flag} />
              ))}
            </Flex>
          ))}
        </Flex>
      }
    />
  );
}
