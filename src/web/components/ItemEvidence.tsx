// 佐证材料 of an item in the period submission (upload, download, remove while the submission is editable) and
// 申请办结销号: the unit declares the item completed, choosing from the evidence already attached to it;
// the office verifies or rejects the request on /closeouts.

import { CheckSquareOutlined, DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { requestCloseoutBodySchema } from '../../api/supervision';
import { evidenceUrl, useRemoveEvidence, useReuseEvidence, useUploadEvidence } from '../api/submissions';
import { useCloseouts, useRequestCloseout } from '../api/supervision';
import type { ItemReport, Submission } from '../api/types';
import { useT } from '../i18n';
import { notifyError, notifySuccess } from '../notify';
import { testId } from '../testId';
import { schemaRule } from './schemaRule';

const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * The item's evidence files. Editable (`queryKey` given): upload and remove; every change answers the whole
 * submission, and `onWritten` hands it on (the item's version moved: its autosave must rest on the new one).
 */
export function EvidenceList({
  item,
  queryKey,
  disabled = false,
  onWritten,
  onBusy,
}: {
  item: ItemReport;
  queryKey?: QueryKey;
  disabled?: boolean;
  onWritten?: (submission: Submission) => void;
  onBusy?: (busy: boolean) => void;
}) {
  const t = useT();
  const upload = useUploadEvidence(queryKey ?? []);
  const remove = useRemoveEvidence(queryKey ?? []);
  const reuse = useReuseEvidence(queryKey ?? []);
  const queryClient = useQueryClient();
  const editable = queryKey !== undefined;
  const busy = upload.isPending || remove.isPending || reuse.isPending;
  // 最多报一次: files the unit already uploaded to the package's other items, offered by reference (no upload).
  const held = new Set(item.evidence.map((e) => e.sha256));
  const reusable = editable
    ? [
        ...new Map(
          (queryClient.getQueryData<Submission>(queryKey)?.items ?? [])
            .filter((other) => other.id !== item.id)
            .flatMap((other) => other.evidence)
            .filter((e) => !held.has(e.sha256))
            .map((e) => [e.sha256, e]),
        ).values(),
      ]
    : [];
  const done = {
    onSuccess: (submission: Submission) => onWritten?.(submission),
    onError: (error: Error) => notifyError(error.message),
    onSettled: () => onBusy?.(false),
  };

  if (!editable && item.evidence.length === 0) return null;
  return (
    <div style={{ marginTop: 8 }} data-testid="item-evidence" data-count={item.evidence.length}>
      <Flex wrap gap={8} align="center">
        <Typography.Text type="secondary">{t('evidence.title')}</Typography.Text>
        {item.evidence.length === 0 && <Typography.Text type="secondary">{t('evidence.none')}</Typography.Text>}
        {item.evidence.map((file) => (
          <Tag key={file.id} style={{ marginInlineEnd: 0 }} data-testid="evidence-file" data-name={file.fileName}>
            <a href={evidenceUrl(file.id)}>
              <PaperClipOutlined /> {file.fileName}
            </a>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatSize(file.sizeBytes)}
            </Typography.Text>
            {editable && (
              <Popconfirm
                title={t('evidence.removeConfirm', { name: file.fileName })}
                onConfirm={() => {
                  onBusy?.(true);
                  remove.mutate(file.id, done);
                }}
                disabled={disabled || busy}
              >
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  disabled={disabled || busy}
                  aria-label={t('evidence.remove')}
                  data-testid="evidence-remove"
                />
              </Popconfirm>
            )}
          </Tag>
        ))}
        {reusable.length > 0 && (
          <Tooltip title={t('askOnce.reuseHint')}>
            <Select
              size="small"
              value={null}
              placeholder={t('askOnce.reuse')}
              style={{ minWidth: 160 }}
              disabled={disabled || busy}
              options={reusable.map((e) => ({ value: e.id, label: e.fileName }))}
              onChange={(evidenceId: string | null) => {
                if (!evidenceId) return;
                onBusy?.(true);
                reuse.mutate({ itemId: item.id, evidenceId }, done);
              }}
              data-testid="evidence-reuse"
            />
          </Tooltip>
        )}
        {editable && (
          <Tooltip title={t('evidence.hint')}>
            <Upload
              accept={ACCEPT}
              showUploadList={false}
              disabled={disabled || busy}
              beforeUpload={(file) => {
                if (file.size > MAX_EVIDENCE_BYTES) {
                  notifyError(t('evidence.tooBig', { name: file.name }));
                } else {
                  onBusy?.(true);
                  upload.mutate({ itemId: item.id, file }, done);
                }
                return Upload.LIST_IGNORE;
              }}
            >
              <Button
                size="small"
                icon={<UploadOutlined />}
                loading={upload.isPending}
                disabled={disabled || busy}
                data-testid="evidence-upload"
              >
                {t('evidence.upload')}
              </Button>
            </Upload>
          </Tooltip>
        )}
      </Flex>
    </div>
  );
}

/**
 * 申请办结销号 on one of the unit's own items, or where its request stands (pending, verified, or rejected with
 * the office's reason — a rejected one may be asked again).
 */
export function CloseoutAction({ item }: { item: ItemReport }) {
  const t = useT();
  const closeouts = useCloseouts();
  const [open, setOpen] = useState(false);
  const latest = closeouts.data?.find((c) => c.assignmentId === item.assignmentId);

  let status = null;
  if (latest?.status === 'verified')
    status = (
      <Tag color="success" data-testid="item-closeout" data-status="verified">
        {t('closeout.itemVerified')}
      </Tag>
    );
  else if (latest?.status === 'pending')
    status = (
      <Tag color="gold" data-testid="item-closeout" data-status="pending">
        {t('closeout.itemPending')}
      </Tag>
    );
  else if (latest?.status === 'rejected')
    status = (
      <Tooltip title={latest.decisionNote}>
        <Tag color="error" data-testid="item-closeout" data-status="rejected">
          {t('closeout.itemRejected')}
        </Tag>
      </Tooltip>
    );
  const mayAsk = closeouts.isSuccess && (!latest || latest.status === 'rejected');

  return (
    <Flex wrap gap={8} align="center" justify="flex-end" style={{ marginTop: 8 }}>
      {status && <Link to="/closeouts?status=all">{status}</Link>}
      {mayAsk && (
        <Button
          size="small"
          icon={<CheckSquareOutlined />}
          onClick={() => setOpen(true)}
          data-testid="closeout-request"
        >
          {t('closeout.request')}
        </Button>
      )}
      {open && <CloseoutModal item={item} onClose={() => setOpen(false)} />}
    </Flex>
  );
}

interface CloseoutForm {
  note: string;
  evidenceIds: string[];
}

function CloseoutModal({ item, onClose }: { item: ItemReport; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<CloseoutForm>();
  const request = useRequestCloseout();
  const none = item.evidence.length === 0;
  return (
    <Modal
      open
      title={t('closeout.requestTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('closeout.submit')}
      confirmLoading={request.isPending}
      okButtonProps={{ disabled: none, ...testId('closeout-submit') }}
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
        {item.task.number ? `${item.task.number}. ` : ''}
        {item.task.text}
      </Typography.Paragraph>
      <Alert
        type={none ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        title={none ? t('closeout.noEvidence') : t('closeout.evidenceHint')}
        data-testid="closeout-evidence-hint"
      />
      {request.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={request.error.message} />}
      {!none && (
        <Form<CloseoutForm>
          form={form}
          layout="vertical"
          disabled={request.isPending}
          initialValues={{ evidenceIds: item.evidence.map((e) => e.id), note: item.progress }}
          onFinish={(values) =>
            request.mutate(
              { assignmentId: item.assignmentId, note: values.note.trim(), evidenceIds: values.evidenceIds },
              {
                onSuccess: () => {
                  notifySuccess(t('closeout.requested'));
                  onClose();
                },
              },
            )
          }
        >
          <Form.Item
            name="evidenceIds"
            label={t('closeout.evidence')}
            extra={<Typography.Text type="secondary">{t('askOnce.prefilled')}</Typography.Text>}
            rules={[{ required: true, type: 'array', min: 1, message: t('closeout.evidenceRequired') }]}
          >
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
              options={item.evidence.map((e) => ({ value: e.id, label: e.fileName }))}
              data-testid="closeout-evidence"
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('closeout.note')}
            extra={
              item.progress.trim() ? (
                <Typography.Text type="secondary" data-testid="ask-once-hint">
                  {t('askOnce.prefilled')}
                </Typography.Text>
              ) : undefined
            }
            rules={[
              { required: true, whitespace: true, message: t('closeout.noteRequired') },
              schemaRule(requestCloseoutBodySchema.shape.note, t('closeout.noteRule')),
            ]}
          >
            <Input.TextArea
              rows={4}
              maxLength={2000}
              showCount
              placeholder={t('closeout.notePlaceholder')}
              data-testid="closeout-note"
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
