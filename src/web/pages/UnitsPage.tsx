// The unit directory: units (search, create, edit, merge, import from .xlsx) and unit groups (collective names and
// members). `?import=1` (the first-run guide's link) opens the import at once.

import {
  EditOutlined,
  FileExcelOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  RobotOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useSearchParams } from 'react-router';
import { createUnitBodySchema, unitGroupBodySchema } from '../../api/v1';
import type { CreateUnitBody, Unit, UnitGroup, UnitGroupBody, UnitKind, UnitLevel } from '../api/types';
import {
  useCreateUnit,
  useCreateUnitGroup,
  useMergeUnit,
  useUnitGroups,
  useUnits,
  useUpdateUnit,
  useUpdateUnitGroup,
} from '../api/units';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { LevelTag } from '../components/tags';
import { UnitImportModal } from '../components/UnitImport';
import { UnitMultiSelect, UnitSelect } from '../components/UnitSelect';
import { WebhookModal } from '../components/WebhookForm';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may, mayOnAllUnits } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import { UNIT_KINDS, UNIT_LEVELS } from '../vocab';

const ALIAS_SEPARATORS = [',', '，', '、', ';', '；'];
const MAX_TAGS = 6;

function TagList({ names, color }: { names: readonly string[]; color?: string }) {
  const t = useT();
  if (names.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span>
      {names.slice(0, MAX_TAGS).map((name) => (
        <Tag key={name} color={color} style={{ marginBottom: 2 }}>
          {name}
        </Tag>
      ))}
      {names.length > MAX_TAGS && (
        <Typography.Text type="secondary">{t('common.andMore', { count: names.length - MAX_TAGS })}</Typography.Text>
      )}
    </span>
  );
}

export default function UnitsPage() {
  const t = useT();
  const me = useMe();
  const editable = may(me, 'directory.write');
  return (
    <div>
      <PageHeader title={t('units.title')} />
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'units',
              label: t('units.tabUnits'),
              children: <UnitsTab editable={editable} robots={mayOnAllUnits(me, 'webhooks.manage')} />,
            },
            { key: 'groups', label: t('units.tabGroups'), children: <GroupsTab editable={editable} /> },
          ]}
        />
      </Card>
    </div>
  );
}

// ---- units ------------------------------------------------------------------------------------

type UnitEditor =
  | { mode: 'create' }
  | { mode: 'edit'; unit: Unit }
  | { mode: 'merge'; unit: Unit }
  | { mode: 'webhook'; unit: Unit }
  | { mode: 'import' }
  | null;

function UnitsTab({ editable, robots }: { editable: boolean; robots: boolean }) {
  const t = useT();
  const [q, setQ] = useState('');
  const [level, setLevel] = useState<UnitLevel | undefined>();
  const [kind, setKind] = useState<UnitKind | undefined>();
  const deferredQ = useDeferredValue(q.trim());
  const units = useUnits({ q: deferredQ || undefined, level, kind });
  const [params, setParams] = useSearchParams();
  const [editor, setEditor] = useState<UnitEditor>(() =>
    editable && params.get('import') === '1' ? { mode: 'import' } : null,
  );
  const closeEditor = () => {
    setEditor(null);
    if (params.has('import')) setParams({}, { replace: true });
  };

  if (units.isError) return <QueryError error={units.error} onRetry={() => units.refetch()} />;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input
          value={q}
          onChange={(event) => setQ(event.target.value)}
          allowClear
          maxLength={100}
          prefix={<SearchOutlined />}
          placeholder={t('units.search')}
          style={{ width: 260 }}
          data-testid="units-search"
        />
        <Select<UnitLevel>
          value={level}
          onChange={setLevel}
          allowClear
          placeholder={t('unit.level')}
          style={{ width: 120 }}
          options={UNIT_LEVELS.map((value) => ({ value, label: t(`level.${value}`) }))}
        />
        <Select<UnitKind>
          value={kind}
          onChange={setKind}
          allowClear
          placeholder={t('unit.kind')}
          style={{ width: 160 }}
          options={UNIT_KINDS.map((value) => ({ value, label: t(`unitKind.${value}`) }))}
        />
        {editable && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditor({ mode: 'create' })}
            data-testid="unit-create"
          >
            {t('units.create')}
          </Button>
        )}
        {editable && (
          <Button icon={<FileExcelOutlined />} onClick={() => setEditor({ mode: 'import' })} data-testid="unit-import">
            {t('units.import')}
          </Button>
        )}
      </Space>
      <ListTable<Unit>
        rowKey="id"
        size="middle"
        loading={units.isFetching}
        dataSource={units.data}
        pagination={{ pageSize: 50, showSizeChanger: true, showTotal: (count) => t('common.totalN', { count }) }}
        data-testid="units-table"
        columns={[
          {
            key: 'name',
            title: t('unit.name'),
            render: (_, unit) => <Typography.Text strong>{unit.name}</Typography.Text>,
          },
          { key: 'level', title: t('unit.level'), width: 90, render: (_, unit) => <LevelTag level={unit.level} /> },
          { key: 'kind', title: t('unit.kind'), width: 130, render: (_, unit) => t(`unitKind.${unit.kind}`) },
          { key: 'aliases', title: t('unit.aliases'), render: (_, unit) => <TagList names={unit.aliases} /> },
          {
            key: 'groups',
            title: t('unit.groups'),
            render: (_, unit) => <TagList names={unit.groups.map((g) => g.name)} color="blue" />,
          },
          {
            key: 'assignments',
            title: t('unit.assignmentCount'),
            dataIndex: 'assignmentCount',
            width: 100,
            align: 'right',
            sorter: (a, b) => a.assignmentCount - b.assignmentCount,
          },
          ...(editable
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  width: 250,
                  render: (_: unknown, unit: Unit) => (
                    <Space size={0} wrap>
                      <Button
                        type="link"
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setEditor({ mode: 'edit', unit })}
                        data-testid="unit-edit"
                      >
                        {t('common.edit')}
                      </Button>
                      <Button
                        type="link"
                        size="small"
                        icon={<MergeCellsOutlined />}
                        onClick={() => setEditor({ mode: 'merge', unit })}
                        data-testid="unit-merge"
                      >
                        {t('units.merge')}
                      </Button>
                      {/* Reminders to the unit's group chat (WeCom / DingTalk robot). */}
                      {robots && (
                        <Button
                          type="link"
                          size="small"
                          icon={<RobotOutlined />}
                          onClick={() => setEditor({ mode: 'webhook', unit })}
                          data-testid="unit-webhook"
                        >
                          {t('webhook.action')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editor?.mode === 'create' && <UnitFormModal onClose={() => setEditor(null)} />}
      {editor?.mode === 'import' && <UnitImportModal onClose={closeEditor} />}
      {editor?.mode === 'edit' && <UnitFormModal unit={editor.unit} onClose={() => setEditor(null)} />}
      {editor?.mode === 'merge' && <MergeModal unit={editor.unit} onClose={() => setEditor(null)} />}
      {editor?.mode === 'webhook' && (
        <WebhookModal unitId={editor.unit.id} unitName={editor.unit.name} onClose={() => setEditor(null)} />
      )}
    </div>
  );
}

function AliasesInput({ value, onChange }: { value?: string[]; onChange?: (value: string[]) => void }) {
  const t = useT();
  return (
    <Select<string[]>
      mode="tags"
      value={value ?? []}
      onChange={(next) => onChange?.([...new Set(next.map((s) => s.trim()).filter(Boolean))])}
      tokenSeparators={ALIAS_SEPARATORS}
      open={false}
      suffixIcon={null}
      placeholder={t('unit.aliasesPlaceholder')}
      style={{ width: '100%' }}
      data-testid="unit-aliases"
    />
  );
}

function UnitFormModal({ unit, onClose }: { unit?: Unit; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<CreateUnitBody>();
  const create = useCreateUnit();
  const update = useUpdateUnit();
  const pending = create.isPending || update.isPending;

  const submit = (values: CreateUnitBody) => {
    const body = { ...values, name: values.name.trim(), aliases: values.aliases ?? [] };
    const done = () => {
      notifySuccess(t('common.saved'));
      onClose();
    };
    if (unit) update.mutate({ id: unit.id, body }, { onSuccess: done });
    else create.mutate(body, { onSuccess: done });
  };

  return (
    <Modal
      open
      title={unit ? t('units.editTitle', { name: unit.name }) : t('units.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={pending}
      okButtonProps={testId('unit-save')}
    >
      <Form<CreateUnitBody>
        form={form}
        layout="vertical"
        initialValues={
          unit
            ? { name: unit.name, level: unit.level, kind: unit.kind, aliases: unit.aliases }
            : { level: 'district', kind: 'department', aliases: [] }
        }
        onFinish={submit}
        disabled={pending}
      >
        <Form.Item
          name="name"
          label={t('unit.name')}
          rules={[
            { required: true, whitespace: true, message: t('unit.nameRequired') },
            schemaRule(createUnitBodySchema.shape.name, t('unit.nameRule')),
          ]}
        >
          <Input maxLength={60} data-testid="unit-name" />
        </Form.Item>
        <Space size="middle" style={{ display: 'flex' }}>
          <Form.Item name="level" label={t('unit.level')} rules={[{ required: true }]} style={{ minWidth: 140 }}>
            <Select<UnitLevel> options={UNIT_LEVELS.map((value) => ({ value, label: t(`level.${value}`) }))} />
          </Form.Item>
          <Form.Item name="kind" label={t('unit.kind')} rules={[{ required: true }]} style={{ minWidth: 200 }}>
            <Select<UnitKind> options={UNIT_KINDS.map((value) => ({ value, label: t(`unitKind.${value}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item
          name="aliases"
          label={t('unit.aliases')}
          extra={t('unit.aliasesHint')}
          rules={[schemaRule(createUnitBodySchema.shape.aliases, t('unit.aliasesRule'))]}
        >
          <AliasesInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MergeModal({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const t = useT();
  const merge = useMergeUnit();
  const [intoId, setIntoId] = useState<string | undefined>();
  const units = useUnits();
  const target = units.data?.find((u) => u.id === intoId);

  return (
    <Modal
      open
      title={t('units.mergeTitle', { name: unit.name })}
      onCancel={onClose}
      okText={t('units.mergeConfirm')}
      okButtonProps={{ danger: true, disabled: !intoId, ...testId('unit-merge-confirm') }}
      confirmLoading={merge.isPending}
      onOk={() => {
        if (!intoId || merge.isPending) return;
        merge.mutate(
          { id: unit.id, body: { intoId } },
          {
            onSuccess: (result) => {
              notifySuccess(t('units.merged', { from: unit.name, into: result.name }));
              onClose();
            },
          },
        );
      }}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('units.mergeWarningTitle')}
        description={t('units.mergeWarning', {
          from: unit.name,
          into: target?.name ?? t('units.mergeTarget'),
          count: unit.assignmentCount,
        })}
        data-testid="unit-merge-warning"
      />
      <Typography.Paragraph>{t('units.mergeInto')}</Typography.Paragraph>
      <UnitSelect
        value={intoId}
        onChange={setIntoId}
        excludeIds={[unit.id]}
        style={{ width: '100%' }}
        data-testid="unit-merge-target"
      />
    </Modal>
  );
}

// ---- groups -----------------------------------------------------------------------------------

function GroupsTab({ editable }: { editable: boolean }) {
  const t = useT();
  const groups = useUnitGroups();
  const [editor, setEditor] = useState<{ group?: UnitGroup } | null>(null);

  if (groups.isError) return <QueryError error={groups.error} onRetry={() => groups.refetch()} />;
  return (
    <div>
      {editable && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditor({})}
          style={{ marginBottom: 12 }}
          data-testid="group-create"
        >
          {t('groups.create')}
        </Button>
      )}
      <ListTable<UnitGroup>
        rowKey="id"
        loading={groups.isFetching}
        dataSource={groups.data}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="groups-table"
        columns={[
          {
            key: 'name',
            title: t('groups.name'),
            render: (_, g) => <Typography.Text strong>{g.name}</Typography.Text>,
          },
          { key: 'aliases', title: t('unit.aliases'), render: (_, g) => <TagList names={g.aliases} /> },
          {
            key: 'count',
            title: t('groups.memberCount'),
            width: 100,
            align: 'right',
            render: (_, g) => g.members.length,
          },
          {
            key: 'members',
            title: t('groups.members'),
            render: (_, g) => <TagList names={g.members.map((m) => m.name)} color="blue" />,
          },
          ...(editable
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  width: 100,
                  render: (_: unknown, group: UnitGroup) => (
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setEditor({ group })}
                      data-testid="group-edit"
                    >
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editor && <GroupFormModal group={editor.group} onClose={() => setEditor(null)} />}
    </div>
  );
}

function GroupFormModal({ group, onClose }: { group?: UnitGroup; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<UnitGroupBody>();
  const create = useCreateUnitGroup();
  const update = useUpdateUnitGroup();
  const pending = create.isPending || update.isPending;

  const submit = (values: UnitGroupBody) => {
    const body = { name: values.name.trim(), aliases: values.aliases ?? [], memberIds: values.memberIds ?? [] };
    const done = () => {
      notifySuccess(t('common.saved'));
      onClose();
    };
    if (group) update.mutate({ id: group.id, body }, { onSuccess: done });
    else create.mutate(body, { onSuccess: done });
  };

  return (
    <Modal
      open
      width={640}
      title={group ? t('groups.editTitle', { name: group.name }) : t('groups.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={pending}
      okButtonProps={testId('group-save')}
    >
      <Form<UnitGroupBody>
        form={form}
        layout="vertical"
        initialValues={
          group
            ? { name: group.name, aliases: group.aliases, memberIds: group.members.map((m) => m.id) }
            : { aliases: [], memberIds: [] }
        }
        onFinish={submit}
        disabled={pending}
      >
        <Form.Item
          name="name"
          label={t('groups.name')}
          rules={[
            { required: true, whitespace: true, message: t('unit.nameRequired') },
            schemaRule(unitGroupBodySchema.shape.name, t('unit.nameRule')),
          ]}
        >
          <Input maxLength={60} data-testid="group-name" />
        </Form.Item>
        <Form.Item
          name="aliases"
          label={t('unit.aliases')}
          rules={[schemaRule(unitGroupBodySchema.shape.aliases, t('unit.aliasesRule'))]}
        >
          <AliasesInput />
        </Form.Item>
        <Form.Item
          name="memberIds"
          label={t('groups.members')}
          rules={[schemaRule(unitGroupBodySchema.shape.memberIds, t('groups.membersRule'))]}
        >
          <UnitMultiSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}
