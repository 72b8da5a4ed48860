// The signed-in frame: the menu for the user's role, the header with who is signed in, the page.

import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  DownOutlined,
  EditOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FlagOutlined,
  HistoryOutlined,
  InteractionOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  NotificationOutlined,
  ProfileOutlined,
  ReadOutlined,
  RiseOutlined,
  SettingOutlined,
  StarOutlined,
  TeamOutlined,
  TrophyOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  Button,
  Drawer,
  Dropdown,
  Flex,
  Grid,
  Layout,
  Menu,
  type MenuProps,
  Space,
  Tag,
  Typography,
  theme,
} from 'antd';
import { type ReactNode, Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout } from '../api/auth';
import { useT } from '../i18n';
import { NAV_PATHS, type NavKey, navKeys } from '../roles';
import { useMe } from '../session';
import { LangSwitch } from './LangSwitch';
import { NotificationBell } from './NotificationBell';
import { ErrorBoundary, PageLoading } from './status';

const NAV_ICONS: Record<NavKey, ReactNode> = {
  dashboard: <DashboardOutlined />,
  supervision: <FlagOutlined />,
  notices: <AlertOutlined />,
  closeouts: <CheckSquareOutlined />,
  supervisionSettings: <SettingOutlined />,
  imports: <CloudUploadOutlined />,
  plans: <FileTextOutlined />,
  tasks: <UnorderedListOutlined />,
  my: <ProfileOutlined />,
  receipts: <AuditOutlined />,
  reviews: <FileDoneOutlined />,
  ledgers: <BookOutlined />,
  units: <ApartmentOutlined />,
  users: <TeamOutlined />,
  coordination: <InteractionOutlined />,
  extensions: <FieldTimeOutlined />,
  bulletins: <NotificationOutlined />,
  evaluation: <TrophyOutlined />,
  ladder: <RiseOutlined />,
  watches: <StarOutlined />,
  instructions: <EditOutlined />,
  brief: <ReadOutlined />,
  audit: <HistoryOutlined />,
};

function selectedNav(pathname: string, keys: readonly NavKey[]): NavKey | undefined {
  const first = pathname.split('/')[1] ?? '';
  // /tasks/:id opened from a plan belongs to the plan's menu entry for roles without the task list.
  if (first === 'tasks' && !keys.includes('tasks')) return keys.includes('my') ? 'my' : 'plans';
  // A ledger (/ledger/:id) belongs to 我的任务 for a unit, to 台账完成情况 for the office.
  if (first === 'ledger') return keys.includes('my') ? 'my' : keys.includes('ledgers') ? 'ledgers' : undefined;
  // A submission (/submission/:periodId) belongs to 我的任务 for a unit, to 报送审核 for the office.
  if (first === 'submission') return keys.includes('my') ? 'my' : keys.includes('reviews') ? 'reviews' : undefined;
  return keys.find((key) => NAV_PATHS[key].split('/')[1] === first);
}

export default function AppLayout() {
  const t = useT();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();
  // On a phone the header keeps the bell, the language and the user menu; the rest would push them off screen,
  // and the menu is a drawer opened from the header (a side strip would leave the page a third of the screen).
  const narrow = !Grid.useBreakpoint().sm;
  const [drawerOpen, setDrawerOpen] = useState(false);

  const forced = me.mustChangePassword;
  const keys = navKeys(me);
  const items: MenuProps['items'] = keys.map((key) => ({
    key,
    icon: NAV_ICONS[key],
    label: (
      <Link to={NAV_PATHS[key]} data-testid={`nav-${key}`}>
        {t(`nav.${key}`)}
      </Link>
    ),
  }));
  const selected = selectedNav(location.pathname, keys);

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      style={{ borderInlineEnd: 'none' }}
      onClick={() => setDrawerOpen(false)}
      data-testid="nav-menu"
    />
  );

  const userMenu: MenuProps = {
    items: [
      {
        key: 'password',
        icon: <KeyOutlined />,
        label: <span data-testid="nav-password">{t('auth.changePassword')}</span>,
        disabled: forced,
      },
      { type: 'divider' },
      {
        key: 'logout',
        icon: <LogoutOutlined />,
        label: <span data-testid="sign-out">{t('auth.signOut')}</span>,
      },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/password');
      if (key === 'logout') logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
    },
  };

  return (
    <Layout style={{ minHeight: '100%' }}>
      {!forced && !narrow && (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          width={208}
          theme="light"
          style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
        >
          <Link to="/" style={{ display: 'block', padding: '18px 24px', whiteSpace: 'nowrap', overflow: 'hidden' }}>
            <Typography.Text strong style={{ fontSize: 18, color: token.colorPrimary }}>
              {collapsed ? t('app.short') : t('app.name')}
            </Typography.Text>
          </Link>
          {menu}
        </Layout.Sider>
      )}
      {!forced && narrow && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          title={t('app.name')}
          styles={{ body: { padding: 0 } }}
          data-testid="nav-drawer"
        >
          {menu}
        </Drawer>
      )}
      {/* minWidth 0: a flex child may shrink below its content, so a wide table scrolls inside itself. */}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            paddingInline: narrow ? 12 : 24,
            height: 56,
            lineHeight: '56px',
          }}
        >
          <Flex justify="space-between" align="center" style={{ height: '100%' }}>
            {narrow && !forced ? (
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('nav.open')}
                onClick={() => setDrawerOpen(true)}
                data-testid="nav-open"
              />
            ) : (
              <Typography.Text type="secondary" ellipsis>
                {narrow ? '' : forced ? t('app.name') : t('app.office')}
              </Typography.Text>
            )}
            <Space size={narrow ? 'small' : 'middle'}>
              {me.unit && !narrow && (
                <Typography.Text type="secondary" data-testid="header-unit">
                  {me.unit.name}
                </Typography.Text>
              )}
              {!narrow && (
                <Tag color="blue" data-testid="header-role">
                  {t(`role.${me.role}`)}
                </Tag>
              )}
              {!forced && <NotificationBell />}
              <LangSwitch />
              <Dropdown menu={userMenu} trigger={['click']}>
                <Button type="text" data-testid="user-menu">
                  <UserOutlined />
                  {!narrow && <span data-testid="header-user">{me.displayName}</span>}
                  <DownOutlined style={{ fontSize: 10 }} />
                </Button>
              </Dropdown>
            </Space>
          </Flex>
        </Layout.Header>
        {/* data-path: the address the page on screen was drawn for (a navigation keeps the old page up until
            the new one is ready; the browser tests wait for this). */}
        <Layout.Content style={{ padding: narrow ? 12 : 24 }} data-path={location.pathname}>
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
