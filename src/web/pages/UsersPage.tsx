// Users: list, create, edit, disable, reset password, import from .xlsx, hand a unit account's open work over to a
// colleague (工作移交, before or after disabling the account). Generated passwords are shown once.

import {
  EditOutlined,
  FileExcelOutlined,
  KeyOutlined,
  PlusOutlined,
  SearchOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Tag, Tooltip, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { createUserBodySchema } from '../../api/v1';
import { useLeaders, useSetLeaderUnits } from '../api/leaders';
import type { Role, User, UserWithPassword } from '../api/types';
import { useCreateUser, useImportUsers, useUpdateUser, useUsers } from '../api/users';
import { FirstRunGuide } from '../components/FirstRunGuide';
import { HandoverModal } from '../components/Handover';
import { ListTable } from '../components/ListTable';
import { OneTimeSecretsModal, type SecretEntry } from '../components/OneTimeSecrets';
import { PageHeader } from '../components/PageHeader';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { UnitMultiSelect, UnitSelect } from '../components/UnitSelect';
import { formatDateTime } from '../format';
import { type Translate, useI18n, useT } from '../i18n';
import { notifyError, notifySuccess } from '../notify';
import { isUnitRole, may, ROLES } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';

const MAX_XLSX_BYTES = 10 * 1024 * 1024;

interface UserForm {
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  email?: string;
  password?: string;
  /** 分管: the units a district leader is in charge of (executives only). */
  leaderUnitIds?: string[];
}

function secretOf(user: User, password: string, t: Translate): SecretEntry {
  return {
    username: user.username,
    displayName: user.displayName,
    role: t(`role.${user.role}`),
    unit: user.unit?.name ?? null,
    password,
  };
}

function StatusTags({ user }: { user: User }) {
  const { t } = useI18n();
  const tags = [];
  if (user.disabled) tags.push(<Tag key="disabled">{t('user.disabled')}</Tag>);
  if (user.mustChangePassword)
    tags.push(
      <Tag key="must" color="orange">
        {t('user.mustChange')}
      </Tag>,
    );
  if (tags.length === 0)
    tags.push(
      <Tag key="ok" color="green">
        {t('user.active')}
      </Tag>,
    );
  return <span data-testid="user-status">{tags}</span>;
}

export default function UsersPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const users = useUsers();
  const update = useUpdateUser();
  const importUsers = useImportUsers();
  const [editor, setEditor] = useState<{ user?: User } | null>(null);
  const [handover, setHandover] = useState<string | null>(null);
  const [secrets, setSecrets] = useState<{ title: string; entries: SecretEntry[] } | null>(null);
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const leaders = useLeaders(may(me, 'leaders.read'));
  const leaderUnitsOf = useMemo(() => new Map((leaders.data?.items ?? []).map((l) => [l.id, l.units])), [leaders.data]);

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (users.data ?? []).filter(
      (user) =>
        (!role || user.role === role) &&
        (!needle ||
          user.username.toLowerCase().includes(needle) ||
          user.displayName.toLowerCase().includes(needle) ||
          (user.email?.toLowerCase().includes(needle) ?? false) ||
          (user.unit?.name.toLowerCase().includes(needle) ?? false)),
    );
  }, [users.data, q, role]);

  const resetPassword = (user: User) =>
    update.mutate(
      { id: user.id, body: { resetPassword: true } },
      {
        onSuccess: (result) => {
          if (result.initialPassword) {
            setSecrets({ title: t('user.resetDone'), entries: [secretOf(result.user, result.initialPassword, t)] });
          } else {
            notifySuccess(t('user.resetDone'));
          }
        },
      },
    );

  const toggleDisabled = (user: User) =>
    update.mutate(
      { id: user.id, body: { disabled: !user.disabled } },
      { onSuccess: () => notifySuccess(user.disabled ? t('user.enabledDone') : t('user.disabledDone')) },
    );

  const onImport = (file: File) => {
    if (!file.name.toLowerCase().endsWith('.xlsx')) {
      notifyError(t('user.importBadType', { name: file.name }));
      return;
    }
    if (file.size > MAX_XLSX_BYTES) {
      notifyError(t('user.importTooBig', { name: file.name }));
      return;
    }
    importUsers.mutate(file, {
      onSuccess: (result) => {
        if (result.created.length === 0) {
          notifySuccess(t('user.importNone'));
          return;
        }
        setSecrets({
          title: t('user.importDone', { count: result.created.length }),
          entries: result.created.map((row) => secretOf(row.user, row.initialPassword, t)),
        });
      },
    });
  };

  return (
    <div>
      <PageHeader
        title={t('users.title')}
        extra={
          <>
            <Tooltip title={t('user.importHint')}>
              <Upload
                accept=".xlsx"
                showUploadList={false}
                beforeUpload={(file) => {
                  onImport(file);
                  return Upload.LIST_IGNORE;
                }}
                disabled={importUsers.isPending}
                data-testid="users-import-input"
              >
                <Button icon={<FileExcelOutlined />} loading={importUsers.isPending} data-testid="users-import">
                  {t('user.import')}
                </Button>
              </Upload>
            </Tooltip>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditor({})} data-testid="user-create">
              {t('user.create')}
            </Button>
          </>
        }
      />
      {users.data && !users.data.some((u) => u.role === 'supervisor' && !u.disabled) && <FirstRunGuide />}
      {users.isError ? (
        <QueryError error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <Card size="small">
          <Space wrap style={{ marginBottom: 12 }}>
            <Input
              value={q}
              onChange={(event) => setQ(event.target.value)}
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('user.search')}
              style={{ width: 260 }}
              data-testid="users-search"
            />
            <Select<Role>
              value={role}
              onChange={setRole}
              allowClear
              placeholder={t('user.role')}
              style={{ width: 160 }}
              options={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))}
            />
          </Space>
          <ListTable<User>
            rowKey="id"
            size="middle"
            loading={users.isFetching}
            dataSource={rows}
            pagination={{ pageSize: 50, showSizeChanger: true, showTotal: (count) => t('common.totalN', { count }) }}
            data-testid="users-table"
            columns={[
              { key: 'username', title: t('user.username'), dataIndex: 'username', width: 160 },
              { key: 'displayName', title: t('user.displayName'), dataIndex: 'displayName', width: 140 },
              { key: 'role', title: t('user.role'), width: 130, render: (_, user) => t(`role.${user.role}`) },
              {
                key: 'unit',
                title: t('user.unit'),
                render: (_, user) => {
                  const led = user.role === 'executive' ? leaderUnitsOf.get(user.id) : undefined;
                  if (!led?.length) return user.unit?.name ?? '—';
                  return (
                    <span data-testid="user-leader-units">
                      {t('leader.unitsShort', { units: led.map((u) => u.name).join('、') })}
                    </span>
                  );
                },
              },
              {
                key: 'email',
                title: t('user.email'),
                width: 200,
                ellipsis: true,
                render: (_, user) => <span data-testid="user-email">{user.email ?? '—'}</span>,
              },
              { key: 'status', title: t('user.status'), width: 180, render: (_, user) => <StatusTags user={user} /> },
              {
                key: 'createdAt',
                title: t('user.createdAt'),
                width: 150,
                render: (_, user) => formatDateTime(user.createdAt, lang),
              },
              {
                key: 'actions',
                title: t('common.actions'),
                width: 240,
                render: (_, user) => (
                  <Space size={0} wrap>
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setEditor({ user })}
                      data-testid="user-edit"
                    >
                      {t('common.edit')}
                    </Button>
                    <Popconfirm
                      title={user.disabled ? t('user.enableConfirm') : t('user.disableConfirm')}
                      onConfirm={() => toggleDisabled(user)}
                      disabled={user.id === me.id}
                    >
                      <Button
                        type="link"
                        size="small"
                        danger={!user.disabled}
                        disabled={user.id === me.id}
                        data-testid="user-toggle-disabled"
                      >
                        {user.disabled ? t('user.enable') : t('user.disable')}
                      </Button>
                    </Popconfirm>
                    <Popconfirm
                      title={t('user.resetConfirm', { name: user.displayName })}
                      onConfirm={() => resetPassword(user)}
                    >
                      <Button type="link" size="small" icon={<KeyOutlined />} data-testid="user-reset-password">
                        {t('user.resetPassword')}
                      </Button>
                    </Popconfirm>
                    {isUnitRole(user.role) && user.unit && may(me, 'users.handover') && (
                      <Button
                        type="link"
                        size="small"
                        icon={<SwapOutlined />}
                        onClick={() => setHandover(user.id)}
                        data-testid="user-handover"
                      >
                        {t('handover.action')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      {editor && (
        <UserFormModal
          user={editor.user}
          leaderUnitIds={editor.user ? leaderUnitsOf.get(editor.user.id)?.map((u) => u.id) : undefined}
          onClose={() => setEditor(null)}
          onCreated={(result) => {
            setEditor(null);
            if (result.initialPassword) {
              setSecrets({ title: t('user.created'), entries: [secretOf(result.user, result.initialPassword, t)] });
            } else {
              notifySuccess(t('user.created'));
            }
          }}
        />
      )}
      {handover && <HandoverModal userId={handover} onClose={() => setHandover(null)} />}
      {secrets && (
        <OneTimeSecretsModal title={secrets.title} entries={secrets.entries} onClose={() => setSecrets(null)} />
      )}
    </div>
  );
}

function UserFormModal({
  user,
  leaderUnitIds,
  onClose,
  onCreated,
}: {
  user?: User;
  /** The executive's 分管 units as they stand; undefined when not known (not an executive, or not loaded). */
  leaderUnitIds?: string[];
  onClose: () => void;
  onCreated: (result: UserWithPassword) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<UserForm>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const me = useMe();
  const setLeaderUnits = useSetLeaderUnits();
  const pending = create.isPending || update.isPending || setLeaderUnits.isPending;
  const role = Form.useWatch('role', form);
  const unitRequired = role !== undefined && isUnitRole(role);
  // 分管 is kept for an existing executive account (the server refuses it for any other role).
  const leads = Boolean(user) && user?.role === 'executive' && role === 'executive' && may(me, 'leaders.manage');

  const submit = (values: UserForm) => {
    const unitId = values.unitId ?? null;
    // Reminder digests go to this address when the server sends e-mail; empty clears it.
    const email = values.email?.trim() || null;
    if (user) {
      update.mutate(
        { id: user.id, body: { displayName: values.displayName.trim(), role: values.role, unitId, email } },
        {
          onSuccess: () => {
            const next = values.leaderUnitIds ?? [];
            const before = leaderUnitIds ?? [];
            const changed = next.length !== before.length || next.some((id) => !before.includes(id));
            if (!leads || !changed) {
              notifySuccess(t('common.saved'));
              onClose();
              return;
            }
            setLeaderUnits.mutate(
              { userId: user.id, unitIds: next },
              {
                onSuccess: () => {
                  notifySuccess(t('common.saved'));
                  onClose();
                },
              },
            );
          },
        },
      );
    } else {
      create.mutate(
        {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          role: values.role,
          unitId,
          ...(email ? { email } : {}),
          ...(values.password ? { password: values.password } : {}),
        },
        { onSuccess: onCreated },
      );
    }
  };

  return (
    <Modal
      open
      title={user ? t('user.editTitle', { name: user.displayName }) : t('user.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={pending}
      okButtonProps={testId('user-save')}
    >
      <Form<UserForm>
        form={form}
        layout="vertical"
        disabled={pending}
        onFinish={submit}
        initialValues={
          user
            ? {
                username: user.username,
                displayName: user.displayName,
                role: user.role,
                unitId: user.unit?.id ?? null,
                email: user.email ?? '',
                leaderUnitIds: leaderUnitIds ?? [],
              }
            : { role: 'unit_staff', unitId: null }
        }
      >
        <Form.Item
          name="username"
          label={t('user.username')}
          extra={user ? undefined : t('user.usernameHint')}
          rules={[
            { required: true, whitespace: true, message: t('user.usernameRequired') },
            schemaRule(createUserBodySchema.shape.username, t('user.usernameRule')),
          ]}
        >
          <Input disabled={Boolean(user)} maxLength={40} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('user.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('user.displayNameRequired') },
            schemaRule(createUserBodySchema.shape.displayName, t('user.displayNameRule')),
          ]}
        >
          <Input maxLength={60} data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t('user.role')} rules={[{ required: true }]}>
          <Select<Role>
            options={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))}
            data-testid="user-role"
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('user.unit')}
          extra={unitRequired ? undefined : t('user.unitOptional')}
          rules={[{ required: unitRequired, message: t('user.unitRequired') }]}
        >
          <UnitSelect style={{ width: '100%' }} data-testid="user-unit" />
        </Form.Item>
        {leads && (
          <Form.Item name="leaderUnitIds" label={t('leader.units')} extra={t('leader.unitsHint')}>
            <UnitMultiSelect placeholder={t('leader.unitsPlaceholder')} data-testid="leader-units" />
          </Form.Item>
        )}
        <Form.Item
          name="email"
          label={t('user.email')}
          extra={t('user.emailHint')}
          rules={[schemaRule(createUserBodySchema.shape.email, t('user.emailRule'))]}
        >
          <Input type="email" maxLength={200} autoComplete="off" data-testid="user-email-input" />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('user.initialPassword')} extra={t('user.initialPasswordHint')}>
            <Input.Password autoComplete="new-password" maxLength={200} data-testid="user-password" />
          </Form.Item>
        )}
        {user && <Typography.Paragraph type="secondary">{t('user.editHint')}</Typography.Paragraph>}
      </Form>
    </Modal>
  );
}
