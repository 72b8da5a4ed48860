import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, theme } from 'antd';
import { Link, Navigate, useLocation } from 'react-router';
import { useLogin, useSession } from '../api/auth';
import type { LoginBody } from '../api/types';
import { LangSwitch } from '../components/LangSwitch';
import { PageLoading } from '../components/status';
import { useT } from '../i18n';
import { landingPath } from '../session';

export default function LoginPage() {
  const t = useT();
  const location = useLocation();
  const session = useSession();
  const login = useLogin();
  const { token } = theme.useToken();

  // Signed in (now or already): go on. The session update from a successful login lands here too.
  if (session.data) return <Navigate to={landingPath(session.data, location.state)} replace />;
  if (session.isPending) return <PageLoading />;

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100%', padding: 24 }}>
      <div style={{ position: 'fixed', top: 12, right: 16 }}>
        <LangSwitch />
      </div>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        {/* Plain elements, not Typography: the sign-in screen is the first one and stays light. */}
        <h1
          style={{ textAlign: 'center', fontSize: token.fontSizeHeading3, margin: '0 0 4px', color: token.colorText }}
        >
          {t('app.name')}
        </h1>
        <p style={{ textAlign: 'center', margin: '0 0 24px', color: token.colorTextSecondary }}>{t('app.office')}</p>
        <Form<LoginBody>
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => login.mutate({ username: values.username.trim(), password: values.password })}
          disabled={login.isPending}
          data-testid="login-form"
        >
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              maxLength={100}
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              maxLength={200}
              data-testid="login-password"
            />
          </Form.Item>
          {login.isError && (
            <Alert
              type="error"
              showIcon
              title={login.error.message}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('auth.signIn')}
          </Button>
        </Form>
      </Card>
      <p style={{ marginTop: 16 }}>
        <Link to="/public" data-testid="login-public">
          {t('public.link')}
        </Link>
      </p>
    </Flex>
  );
}
