// 上下贯通 on a task's page: for a district task, the city/province tasks it serves (confirmed) and the
// suggested ones ranked by text similarity, which the office confirms or rejects (and undoes); for a city or
// province task, the district tasks serving it. Each linked task opens its own page.

import { CheckOutlined, CloseOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Progress, Skeleton, Tooltip, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { TaskLinks } from '../../api/linkage';
import { type LinkDecision, useDecideLink, useTaskLinks } from '../api/linkage';
import type { TaskDetail } from '../api/types';
import { useT } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';
import { LightTag } from './lights';
import { QueryError } from './status';
import { LevelTag } from './tags';

type Linked = TaskLinks['rejected'][number] & { score?: number | null };

const LINKED_LEVELS = new Set(['district', 'city', 'province']);

export const showsLinkage = (task: TaskDetail): boolean => LINKED_LEVELS.has(task.source.level ?? '');

export function LinkageCard({ task }: { task: TaskDetail }) {
  const t = useT();
  const me = useMe();
  const { token } = theme.useToken();
  const links = useTaskLinks(task.id);
  const decide = useDecideLink(task.id);
  const data = links.data;
  const office = may(me, 'supervision.manage') && data?.direction === 'up';
  const pending = decide.isPending ? decide.variables?.targetId : undefined;

  const act = (target: Linked, status: LinkDecision, testid: string, icon: ReactNode, label: string) => (
    <Button
      key={status}
      size="small"
      icon={icon}
      type={status === 'confirmed' ? 'primary' : 'default'}
      loading={pending === target.id && decide.variables?.status === status}
      disabled={pending !== undefined}
      onClick={() => decide.mutate({ targetId: target.id, status })}
      data-testid={testid}
    >
      {label}
    </Button>
  );

  const list = (items: readonly Linked[], kind: 'confirmed' | 'suggestion' | 'rejected') =>
    items.length === 0 ? (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t(kind === 'suggestion' ? 'linkage.noSuggestions' : 'linkage.noConfirmed')}
      />
    ) : (
      <Flex vertical>
        {items.map((target) => (
          <Flex
            key={target.id}
            wrap
            gap={8}
            align="center"
            justify="space-between"
            style={{ padding: '8px 0', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
            data-testid={`linkage-${kind}`}
            data-id={target.id}
          >
            <Flex vertical gap={4} style={{ minWidth: 0, flex: '1 1 260px' }}>
              <Flex wrap gap={4} align="center">
                <LevelTag level={target.level} short />
                <LightTag light={target.light} testid="linkage-light" />
                <Link to={`/tasks/${encodeURIComponent(target.id)}`} data-testid="linkage-open">
                  {target.number ?? t('linkage.openTask')}
                </Link>
                {typeof target.score === 'number' && <Score score={target.score} />}
              </Flex>
              <Typography.Paragraph ellipsis={{ rows: 2, tooltip: target.text }} style={{ margin: 0 }}>
                {target.text}
              </Typography.Paragraph>
            </Flex>
            {office && (
              <Flex gap={8} style={{ flex: 'none' }}>
                {kind === 'suggestion' ? (
                  <>
                    {act(target, 'confirmed', 'linkage-confirm', <CheckOutlined />, t('linkage.confirm'))}
                    {act(target, 'rejected', 'linkage-reject', <CloseOutlined />, t('linkage.reject'))}
                  </>
                ) : (
                  act(target, 'undecided', 'linkage-undo', <UndoOutlined />, t('linkage.undo'))
                )}
              </Flex>
            )}
          </Flex>
        ))}
      </Flex>
    );

  return (
    <Card title={t('linkage.title')} data-testid="linkage" data-direction={data?.direction ?? ''}>
      {links.isError ? (
        <QueryError error={links.error} onRetry={() => links.refetch()} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            {data.direction === 'up' ? t('linkage.upHint') : t('linkage.downHint')}
          </Typography.Text>
          <div>
            <Typography.Title level={5}>
              {data.direction === 'up' ? t('linkage.confirmedUp') : t('linkage.confirmedDown')}
            </Typography.Title>
            {list(data.confirmed, 'confirmed')}
          </div>
          {data.direction === 'up' && (
            <div>
              <Typography.Title level={5}>{t('linkage.suggestions')}</Typography.Title>
              {list(data.suggestions, 'suggestion')}
            </div>
          )}
          {office && data.rejected.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('linkage.rejected')}</Typography.Title>
              {list(data.rejected, 'rejected')}
            </div>
          )}
        </Flex>
      )}
    </Card>
  );
}

/** The similarity (0–1) as a small bar with its percentage. */
function Score({ score }: { score: number }) {
  const t = useT();
  const percent = Math.round(Math.max(0, Math.min(1, score)) * 100);
  return (
    <Tooltip title={t('linkage.score')}>
      <Flex align="center" gap={4} style={{ width: 110 }} data-testid="linkage-score" data-score={percent}>
        <Progress percent={percent} showInfo={false} size="small" style={{ flex: 1, margin: 0 }} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {percent}%
        </Typography.Text>
      </Flex>
    </Tooltip>
  );
}
