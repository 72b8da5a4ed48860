// The bell in the header, for every signed-in user: the unread count (polled every minute and on
// returning to the window), the latest notifications, a click marks one read and opens its link.

import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, List, Popover, Spin, Typography, theme } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../api/supervision';
import { useMarkRead, useNotifications } from '../api/supervision';
import type { AppNotification } from '../api/types';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';

/**
 * Where a notification's link goes in this app: the server writes `/ledgers/:assignmentId` and
 * `/submissions/:submissionId` (redirect routes exist for both); only same-site paths are followed.
 */
export function notificationTarget(link: string | null): string | null {
  if (!link?.startsWith('/') || link.startsWith('//')) return null;
  return link;
}

export function NotificationBell() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [open, setOpen] = useState(false);
  const list = useNotifications();
  const markRead = useMarkRead();
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  // The kind in the reader's language; a kind this release does not know (an older row) shows none.
  const kindLabel = (kind: string) =>
    (NOTIFICATION_KINDS as readonly string[]).includes(kind) ? t(`notificationKind.${kind as NotificationKind}`) : '';

  const openItem = (item: AppNotification) => {
    if (!item.readAt) markRead.mutate({ ids: [item.id] });
    const target = notificationTarget(item.link);
    if (target) {
      setOpen(false);
      navigate(target);
    }
  };

  const content = (
    <div style={{ width: 360, maxWidth: 'calc(100vw - 32px)' }} data-testid="notifications">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('bell.title')}</Typography.Text>
        <Button
          type="link"
          size="small"
          icon={<CheckOutlined />}
          disabled={unread === 0}
          loading={markRead.isPending}
          onClick={() => markRead.mutate({ all: true })}
          data-testid="notifications-read-all"
        >
          {t('bell.readAll')}
        </Button>
      </Flex>
      {list.isPending ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} />
      ) : (
        <List<AppNotification>
          size="small"
          dataSource={items}
          rowKey="id"
          style={{ maxHeight: 'min(480px, 70vh)', overflowY: 'auto' }}
          renderItem={(item) => (
            <List.Item
              onClick={() => openItem(item)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') openItem(item);
              }}
              tabIndex={0}
              style={{
                cursor: 'pointer',
                paddingInline: 8,
                background: item.readAt ? undefined : token.colorPrimaryBg,
                borderRadius: token.borderRadiusSM,
              }}
              data-testid="notification"
              data-kind={item.kind}
              data-read={item.readAt ? 'true' : 'false'}
              data-link={item.link ?? ''}
            >
              <div style={{ minWidth: 0, width: '100%' }}>
                <Flex justify="space-between" gap={8}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="notification-kind">
                    {kindLabel(item.kind)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                    {formatDateTime(item.createdAt, lang)}
                  </Typography.Text>
                </Flex>
                <Flex>
                  <Typography.Text strong={!item.readAt} ellipsis style={{ minWidth: 0 }}>
                    {item.title}
                  </Typography.Text>
                </Flex>
                <Typography.Paragraph
                  type="secondary"
                  ellipsis={{ rows: 2 }}
                  style={{ margin: 0, fontSize: 13, whiteSpace: 'pre-line' }}
                >
                  {item.body}
                </Typography.Paragraph>
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        // Opening the bell asks again, so what it lists is never a minute old.
        if (next) void list.refetch();
      }}
    >
      <Button
        type="text"
        aria-label={t('bell.label', { count: unread })}
        data-testid="bell"
        data-unread={list.isSuccess ? String(unread) : undefined}
      >
        <Badge count={unread} size="small" overflowCount={99} data-testid="bell-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
