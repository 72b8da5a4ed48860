import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography, theme } from 'antd';
import { useNavigate } from 'react-router';
import { passwordProblems } from '../../api/password-policy';
import { useChangePassword } from '../api/auth';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { HOME_BY_ROLE } from '../roles';
import { useMe } from '../session';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The policy of src/api/password-policy.ts (the server enforces it), shown as a live checklist. */
function policyChecks(password: string, username: string): { length: boolean; classes: boolean; name: boolean } {
  const problems = passwordProblems(password, username);
  return {
    length: !problems.includes('length'),
    classes: !problems.includes('classes'),
    name: password.length > 0 && !problems.includes('contains_username'),
  };
}

function Check({ ok, children }: { ok: boolean; children: string }) {
  const { token } = theme.useToken();
  return (
    <Space size={6}>
      {ok ? (
        <CheckCircleFilled style={{ color: token.colorSuccess }} />
      ) : (
        <CloseCircleOutlined style={{ color: token.colorTextQuaternary }} />
      )}
      <Typography.Text type={ok ? undefined : 'secondary'}>{children}</Typography.Text>
    </Space>
  );
}

export default function PasswordPage() {
  const t = useT();
  const me = useMe();
  const navigate = useNavigate();
  const change = useChangePassword();
  const [form] = Form.useForm<PasswordForm>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const checks = policyChecks(newPassword, me.username);
  const forced = me.mustChangePassword;

  const submit = async (values: PasswordForm) => {
    await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
    notifySuccess(t('password.changed'));
    form.resetFields();
    if (forced) navigate(HOME_BY_ROLE[me.role], { replace: true });
  };

  return (
    <Card title={t('password.title')} style={{ maxWidth: 520, margin: '0 auto' }}>
      {forced && (
        <Alert
          type="warning"
          showIcon
          title={t('password.forced')}
          style={{ marginBottom: 16 }}
          data-testid="password-forced"
        />
      )}
      <Alert
        type="info"
        title={t('password.policyTitle')}
        description={
          <Space orientation="vertical" size={2}>
            <Check ok={checks.length}>{t('password.policyLength')}</Check>
            <Check ok={checks.classes}>{t('password.policyClasses')}</Check>
            <Check ok={checks.name}>{t('password.policyName')}</Check>
          </Space>
        }
        style={{ marginBottom: 16 }}
        data-testid="password-policy"
      />
      <Form<PasswordForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={change.isPending}
        onFinish={(values) => {
          submit(values).catch(() => {
            // shown below from change.error
          });
        }}
      >
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" maxLength={200} data-testid="password-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          dependencies={['currentPassword']}
          rules={[
            { required: true, message: t('password.newRequired') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (!value) return;
                const c = policyChecks(value, me.username);
                if (!c.length || !c.classes || !c.name) throw new Error(t('password.policyBroken'));
                if (value === getFieldValue('currentPassword')) throw new Error(t('password.sameAsCurrent'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} data-testid="password-confirm" />
        </Form.Item>
        {change.isError && (
          <Alert
            type="error"
            showIcon
            title={change.error.message}
            style={{ marginBottom: 16 }}
            data-testid="password-error"
          />
        )}
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
          {t('password.submit')}
        </Button>
      </Form>
    </Card>
  );
}
