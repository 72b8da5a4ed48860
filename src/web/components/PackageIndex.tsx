// The period package's index (source → task, each line with the item's state; a click shows that item) and its
// toolbar (全部 / 只看未填 / 只看被退回 with counts, 下一项未填, the keyboard shortcuts). The page keeps the state
// (./packageNav.ts decides what is shown and where a move goes); these only draw it.

import { QuestionCircleOutlined, StepForwardOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, Segmented, Tag, Tooltip, Typography } from 'antd';
import type { ItemReport } from '../api/types';
import { useT } from '../i18n';
import { HoverTooltip } from './HoverTooltip';
import type { ItemState, PackageFilter, SourceGroup } from './packageNav';

const STATE_COLORS: Record<ItemState, string> = { unfilled: 'orange', filled: 'green', returned: 'red' };

export function ItemStateTag({ state, reason }: { state: ItemState; reason?: string | null }) {
  const t = useT();
  const tag = (
    <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 6 }}>
      {t(`package.state.${state}`)}
    </Tag>
  );
  return reason ? <HoverTooltip title={t('item.returnedComment', { comment: reason })}>{tag}</HoverTooltip> : tag;
}

export interface PackageCounts {
  all: number;
  unfilled: number;
  returned: number;
}

export function PackageToolbar({
  counts,
  filter,
  onFilter,
  onNextUnfilled,
  onOpenIndex,
}: {
  counts: PackageCounts;
  filter: PackageFilter;
  onFilter: (filter: PackageFilter) => void;
  onNextUnfilled: () => void;
  /** On narrow screens the index is a drawer: the button that opens it. */
  onOpenIndex?: (() => void) | undefined;
}) {
  const t = useT();
  const option = (value: PackageFilter, key: 'all' | 'unfilled' | 'returned', testId: string) => ({
    value,
    label: (
      <span data-testid={testId} data-count={counts[key]}>
        {t(`package.filter.${key}`, { count: counts[key] })}
      </span>
    ),
  });
  return (
    <Flex wrap gap={8} align="center" data-testid="package-toolbar">
      {onOpenIndex && (
        <Badge count={counts.unfilled} size="small" offset={[-4, 2]}>
          <Button icon={<UnorderedListOutlined />} onClick={onOpenIndex} data-testid="package-index-open">
            {t('package.index')}
          </Button>
        </Badge>
      )}
      <Segmented<PackageFilter>
        value={filter}
        onChange={onFilter}
        options={[
          option('all', 'all', 'package-filter-all'),
          option('unfilled', 'unfilled', 'package-filter-unfilled'),
          option('returned', 'returned', 'package-filter-returned'),
        ]}
        data-testid="package-filter"
      />
      <Button
        icon={<StepForwardOutlined />}
        onClick={onNextUnfilled}
        disabled={counts.unfilled === 0}
        data-testid="package-next-unfilled"
      >
        {t('package.nextUnfilled')}
      </Button>
      <Tooltip title={t('package.shortcuts')}>
        <Typography.Text type="secondary" style={{ cursor: 'help' }} data-testid="package-shortcuts">
          <QuestionCircleOutlined /> {t('package.shortcutsShort')}
        </Typography.Text>
      </Tooltip>
    </Flex>
  );
}

export function PackageIndex({
  groups,
  states,
  currentId,
  onSelect,
  sticky = false,
}: {
  groups: SourceGroup<ItemReport>[];
  states: ReadonlyMap<string, ItemState>;
  currentId: string | undefined;
  onSelect: (itemId: string) => void;
  /** Beside the items on a wide screen: stays in view, scrolling by itself. */
  sticky?: boolean;
}) {
  const t = useT();
  return (
    <nav
      aria-label={t('package.index')}
      data-testid="package-index"
      style={
        sticky
          ? { position: 'sticky', top: 16, maxHeight: 'calc(100vh - 32px)', overflowY: 'auto', overflowX: 'hidden' }
          : undefined
      }
    >
      {groups.length === 0 && <Typography.Text type="secondary">{t('package.emptyFilter')}</Typography.Text>}
      {groups.map((group) => {
        const unfilled = group.items.filter((item) => item.unfilled).length;
        return (
          <div key={group.level} data-testid="package-index-group" data-level={group.level} style={{ marginBottom: 8 }}>
            <Typography.Text strong>
              {t(`level.${group.level}`)}{' '}
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {t('package.groupSummary', { total: group.items.length, unfilled })}
              </Typography.Text>
            </Typography.Text>
            {group.items.map((item) => {
              const state = states.get(item.id) ?? 'filled';
              const current = item.id === currentId;
              return (
                <button
                  type="button"
                  key={item.id}
                  onClick={() => onSelect(item.id)}
                  data-testid={`package-index-item-${item.id}`}
                  data-state={state}
                  data-current={current ? 'true' : undefined}
                  aria-current={current ? 'true' : undefined}
                  title={`${item.task.number ?? ''} ${item.task.text}`}
                  style={{
                    display: 'flex',
                    alignItems: 'center',
                    width: '100%',
                    padding: '3px 6px',
                    marginTop: 2,
                    border: 'none',
                    borderRadius: 4,
                    borderInlineStart: `3px solid ${current ? '#1677ff' : 'transparent'}`,
                    background: current ? 'rgba(22, 119, 255, 0.08)' : 'transparent',
                    cursor: 'pointer',
                    textAlign: 'left',
                    font: 'inherit',
                  }}
                >
                  <ItemStateTag state={state} reason={state === 'returned' ? item.returnedComment : null} />
                  <span
                    style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                  >
                    <b>{item.task.number ?? t('task.titleUnnumbered')}</b> {item.task.text}
                  </span>
                </button>
              );
            })}
          </div>
        );
      })}
    </nav>
  );
}
