// The office's corrections of a draft, in the preview: the toolbar (count, undo, 恢复解析结果, 只看存疑), the
// actions of one task (edit, split, merge with the next, delete, add after) and the forms they open. The server
// does each correction and keeps it (services/import-corrections.ts); the lists are read again after it.

import { DeleteOutlined, EditOutlined, MoreOutlined, RollbackOutlined, UndoOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  Dropdown,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useCorrectDraft, useUndoCorrection } from '../../api/imports';
import type { DraftTask, ImportCorrectionBody } from '../../api/types';
import { useT } from '../../i18n';
import { notifySuccess } from '../../notify';

type Confidence = DraftTask['confidence'];
type Assignment = DraftTask['assignments'][number];

type Translate = ReturnType<typeof useT>;

/** How the preview shows a task's confidence: nothing for 'high', a coloured tag with its reason otherwise. */
export function confidenceTag(
  confidence: Confidence,
  t: Translate,
): { color: string; label: string; hint: string } | null {
  if (confidence === 'high') return null;
  return confidence === 'low'
    ? { color: 'red', label: t('import.confidenceLow'), hint: t('import.confidenceLowHint') }
    : { color: 'gold', label: t('import.confidenceMedium'), hint: t('import.confidenceMediumHint') };
}

/** A doubtful task's mark (low and medium confidence), with its reason on hover; a sure one shows nothing. */
export function ConfidenceTag({ confidence }: { confidence: Confidence }) {
  const tag = confidenceTag(confidence, useT());
  if (!tag) return null;
  return (
    <Tag color={tag.color} title={tag.hint} data-testid={`import-confidence-${confidence}`}>
      {tag.label}
    </Tag>
  );
}

export function CorrectionBar({
  id,
  corrections,
  doubtfulOnly,
  onDoubtfulOnly,
  editable,
}: {
  id: string;
  corrections: number;
  doubtfulOnly: boolean;
  onDoubtfulOnly: (on: boolean) => void;
  editable: boolean;
}) {
  const t = useT();
  const undo = useUndoCorrection(id);
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
      <Checkbox
        checked={doubtfulOnly}
        onChange={(e) => onDoubtfulOnly(e.target.checked)}
        data-testid="import-doubtful-only"
      >
        {t('import.doubtfulOnly')}
      </Checkbox>
      <Space>
        <Typography.Text type="secondary" data-testid="import-correction-count">
          {t('import.correctionCount', { count: corrections })}
        </Typography.Text>
        {editable && (
          <>
            <Button
              icon={<UndoOutlined />}
              disabled={corrections === 0}
              loading={undo.isPending && undo.variables === 'undo'}
              onClick={() => undo.mutate('undo', { onSuccess: () => notifySuccess(t('import.undone')) })}
              data-testid="import-undo"
            >
              {t('import.undo')}
            </Button>
            <Popconfirm
              title={t('import.resetConfirm')}
              disabled={corrections === 0}
              onConfirm={() => undo.mutate('reset', { onSuccess: () => notifySuccess(t('import.resetDone')) })}
            >
              <Button
                icon={<RollbackOutlined />}
                disabled={corrections === 0}
                loading={undo.isPending && undo.variables === 'reset'}
                data-testid="import-reset"
              >
                {t('import.reset')}
              </Button>
            </Popconfirm>
          </>
        )}
      </Space>
    </Flex>
  );
}

type Dialog = { kind: 'edit' | 'add' | 'split'; task: DraftTask } | null;

/** The buttons of one task row; the form they open is rendered here too. */
export function TaskActions({ id, task, isLast }: { id: string; task: DraftTask; isLast: boolean }) {
  const t = useT();
  const { modal } = App.useApp();
  const correct = useCorrectDraft(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const run = (body: ImportCorrectionBody, done?: () => void) =>
    correct.mutate(body, {
      onSuccess: () => {
        notifySuccess(t('import.corrected'));
        done?.();
      },
    });
  const p = task.position;
  return (
    <>
      <Space size={0}>
        <Button
          type="link"
          size="small"
          icon={<EditOutlined />}
          onClick={() => setDialog({ kind: 'edit', task })}
          data-testid={`import-task-edit-${p}`}
        >
          {t('common.edit')}
        </Button>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'split', label: t('import.split') },
              { key: 'merge', label: t('import.mergeNext'), disabled: isLast },
              { key: 'add', label: t('import.addAfter') },
              { type: 'divider' },
              { key: 'delete', label: t('import.deleteTask'), danger: true, icon: <DeleteOutlined /> },
            ],
            onClick: ({ key }) => {
              if (key === 'split') setDialog({ kind: 'split', task });
              else if (key === 'add') setDialog({ kind: 'add', task });
              else if (key === 'merge') run({ kind: 'merge', position: p });
              else if (key === 'delete') {
                modal.confirm({
                  title: t('import.deleteConfirm'),
                  content: task.text.slice(0, 80),
                  okButtonProps: { danger: true, 'data-testid': 'import-delete-ok' },
                  onOk: () => run({ kind: 'delete', position: p }),
                });
              }
            },
          }}
        >
          <Button type="link" size="small" icon={<MoreOutlined />} data-testid={`import-task-more-${p}`} />
        </Dropdown>
      </Space>
      {dialog?.kind === 'split' && (
        <SplitDialog
          task={dialog.task}
          pending={correct.isPending}
          onCancel={() => setDialog(null)}
          onSplit={(offset) => run({ kind: 'split', position: p, offset }, () => setDialog(null))}
        />
      )}
      {(dialog?.kind === 'edit' || dialog?.kind === 'add') && (
        <TaskEditor
          task={dialog.kind === 'edit' ? dialog.task : null}
          section={dialog.task.section}
          pending={correct.isPending}
          onCancel={() => setDialog(null)}
          onSave={(fields) =>
            run(
              dialog.kind === 'edit'
                ? { kind: 'edit', position: p, changes: fields }
                : { kind: 'add', position: p + 1, task: fields },
              () => setDialog(null),
            )
          }
        />
      )}
    </>
  );
}

function SplitDialog({
  task,
  pending,
  onCancel,
  onSplit,
}: {
  task: DraftTask;
  pending: boolean;
  onCancel: () => void;
  onSplit: (offset: number) => void;
}) {
  const t = useT();
  // A sentence end is the likely place: the first 。 before the end, else the middle.
  const stop = task.text.indexOf('。');
  const [offset, setOffset] = useState(
    stop > 0 && stop < task.text.length - 1 ? stop + 1 : Math.floor(task.text.length / 2),
  );
  const head = task.text.slice(0, offset);
  const rest = task.text.slice(offset);
  return (
    <Modal
      open
      title={t('import.split')}
      onCancel={onCancel}
      onOk={() => onSplit(offset)}
      okButtonProps={{ disabled: !head.trim() || !rest.trim(), loading: pending, 'data-testid': 'import-split-ok' }}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('import.splitAt')}</Typography.Text>
        <InputNumber
          min={1}
          max={Math.max(1, task.text.length - 1)}
          precision={0}
          value={offset}
          onChange={(value) => typeof value === 'number' && setOffset(value)}
          data-testid="import-split-offset"
        />
        <Typography.Paragraph data-testid="import-split-head">
          <Tag>1</Tag>
          {head}
        </Typography.Paragraph>
        <Typography.Paragraph data-testid="import-split-rest">
          <Tag>2</Tag>
          {rest}
        </Typography.Paragraph>
      </Space>
    </Modal>
  );
}

interface EditorValues {
  text: string;
  number?: string;
  section: string[];
  deadline?: string;
  leaders: string[];
  assignments: { unit: string; role: Assignment['role']; level?: NonNullable<Assignment['level']> }[];
}

const ROLES: Assignment['role'][] = ['lead', 'responsible', 'co'];
const LEVELS: NonNullable<Assignment['level']>[] = ['province', 'city', 'district', 'county'];

/** The task's fields in a form: an existing task (edit) or a new one (add). */
function TaskEditor({
  task,
  section,
  pending,
  onCancel,
  onSave,
}: {
  task: DraftTask | null;
  /** A new task starts in the section of the task it is added after. */
  section: string[];
  pending: boolean;
  onCancel: () => void;
  onSave: (fields: {
    text: string;
    number: string | null;
    section: string[];
    deadline: string | null;
    leaders: string[];
    assignments: { unit: string; role: Assignment['role']; level: Assignment['level'] }[];
  }) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<EditorValues>();
  const initial: EditorValues = {
    text: task?.text ?? '',
    number: task?.number ?? undefined,
    section: task?.section ?? section,
    deadline: task?.deadline ?? undefined,
    leaders: task?.leaders ?? [],
    assignments: (task?.assignments ?? []).map((a) => ({ unit: a.unit, role: a.role, level: a.level ?? undefined })),
  };
  const blank = (s: string | undefined) => (s?.trim() ? s.trim() : null);
  return (
    <Modal
      open
      width={760}
      title={task ? t('import.editTask') : t('import.addTask')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okButtonProps={{ loading: pending, 'data-testid': 'import-editor-ok' }}
      destroyOnHidden
    >
      <Form<EditorValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) =>
          onSave({
            text: v.text.trim(),
            number: blank(v.number),
            section: (v.section ?? []).map((s) => s.trim()).filter(Boolean),
            deadline: blank(v.deadline),
            leaders: (v.leaders ?? []).map((s) => s.trim()).filter(Boolean),
            assignments: (v.assignments ?? []).map((a) => ({
              unit: a.unit.trim(),
              role: a.role,
              level: a.level ?? null,
            })),
          })
        }
        data-testid="import-editor"
      >
        <Form.Item name="text" label={t('import.taskText')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} data-testid="import-editor-text" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="number" label={t('import.number')} style={{ width: 120 }}>
            <Input maxLength={20} data-testid="import-editor-number" />
          </Form.Item>
          <Form.Item name="deadline" label={t('import.deadline')} style={{ width: 160 }}>
            <Input maxLength={100} data-testid="import-editor-deadline" />
          </Form.Item>
          <Form.Item name="leaders" label={t('import.leaders')} style={{ flex: 1 }}>
            <Select mode="tags" open={false} suffixIcon={null} data-testid="import-editor-leaders" />
          </Form.Item>
        </Flex>
        <Form.Item name="section" label={t('import.section')} extra={t('import.sectionHint')}>
          <Select mode="tags" open={false} suffixIcon={null} data-testid="import-editor-section" />
        </Form.Item>
        <Typography.Text strong>{t('import.taskUnits')}</Typography.Text>
        <Form.List name="assignments">
          {(fields, { add, remove }) => (
            <div data-testid="import-editor-units">
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item
                    name={[field.name, 'unit']}
                    rules={[
                      { required: true, whitespace: true, message: t('import.unitRequired') },
                      {
                        validator: (_, value: string | undefined) => {
                          const all = (form.getFieldValue('assignments') as EditorValues['assignments']) ?? [];
                          const twice = all.filter((a, i) => i !== index && a?.unit?.trim() === value?.trim());
                          return twice.length && value?.trim()
                            ? Promise.reject(new Error(t('import.unitTwice')))
                            : Promise.resolve();
                        },
                      },
                    ]}
                    style={{ flex: 1, marginBottom: 8 }}
                  >
                    <Input placeholder={t('import.unitName')} data-testid={`import-editor-unit-${index}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'role']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                    <Select
                      style={{ width: 100 }}
                      options={ROLES.map((r) => ({ value: r, label: t(`assignmentRole.${r}`) }))}
                      data-testid={`import-editor-role-${index}`}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'level']} style={{ marginBottom: 8 }}>
                    <Select
                      allowClear
                      style={{ width: 100 }}
                      placeholder={t('import.levelUnknown')}
                      options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
                      data-testid={`import-editor-level-${index}`}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('import.removeUnit')}
                    data-testid={`import-editor-unit-remove-${index}`}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                onClick={() => add({ unit: '', role: fields.length === 0 ? 'lead' : 'responsible', level: 'district' })}
                data-testid="import-editor-unit-add"
              >
                {t('import.addUnit')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
