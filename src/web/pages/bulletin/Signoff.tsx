// 签发 and 更正 on a bulletin's page: the state of sign-off in words (who it waits for, who signed it and when,
// why it was returned), the office's 提交签发 (choosing the approver), the approver's 签发 / 退回, the 更正 of
// a published bulletin, and the links between a bulletin and its corrections.

import { CheckOutlined, EditOutlined, NotificationOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Select, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  useBulletinApprovers,
  useCreateCorrection,
  useDecideSignoff,
  useSaveBulletin,
  useSubmitSignoff,
} from '../../api/bulletins';
import type { Bulletin, BulletinSignoff } from '../../api/types';
import { formatDateTime } from '../../format';
import { useI18n, useT } from '../../i18n';
import { notifySuccess } from '../../notify';
import { testId } from '../../testId';
import { PublishModal } from './PublishModal';

const SIGNOFF_COLOR: Record<BulletinSignoff, string> = {
  none: 'default',
  pending: 'processing',
  approved: 'success',
  returned: 'error',
};

export function SignoffTag({ signoff }: { signoff: BulletinSignoff }) {
  const t = useT();
  return (
    <Tag color={SIGNOFF_COLOR[signoff]} data-testid="bulletin-signoff" data-signoff={signoff}>
      {t(`bulletinSignoff.${signoff}`)}
    </Tag>
  );
}

/** The 签发 card of a draft, with the actions of whoever is looking. */
export function SignoffCard({
  bulletin,
  busy = false,
  onChanged,
}: {
  bulletin: Bulletin;
  busy?: boolean;
  onChanged?: (next: Bulletin) => void;
}) {
  const { t, lang } = useI18n();
  const [submitting, setSubmitting] = useState(false);
  const [returning, setReturning] = useState(false);
  const decide = useDecideSignoff(bulletin.id);
  const b = bulletin;
  const mayRequest = b.abilities.manage && b.status === 'draft' && b.signoff !== 'approved';
  return (
    <Card size="small" title={t('bulletin.signoffTitle')} data-testid="bulletin-signoff-card">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('bulletin.signoffState')}>
          <SignoffTag signoff={b.signoff} />
        </Descriptions.Item>
        <Descriptions.Item label={t('bulletin.approver')}>
          <span data-testid="bulletin-approver">{b.approver?.name ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('bulletin.signedOffAt')}>
          {b.signedOffAt ? formatDateTime(b.signedOffAt, lang) : '—'}
        </Descriptions.Item>
      </Descriptions>
      {b.signoff === 'returned' && b.returnReason && (
        <Alert
          type="warning"
          showIcon
          title={t('bulletin.returnedReason', { reason: b.returnReason })}
          data-testid="bulletin-return-reason"
        />
      )}
      {(mayRequest || b.abilities.signOff) && (
        <div style={{ display: 'flex', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>
          {mayRequest && (
            <Button
              icon={<SendOutlined />}
              disabled={busy}
              onClick={() => setSubmitting(true)}
              data-testid="bulletin-submit-signoff"
            >
              {t('bulletin.submitSignoff')}
            </Button>
          )}
          {b.abilities.signOff && (
            <>
              <Popconfirm
                title={t('bulletin.approveConfirm')}
                okText={t('bulletin.approve')}
                cancelText={t('common.cancel')}
                okButtonProps={testId('bulletin-approve-confirm')}
                onConfirm={() =>
                  decide.mutate(null, {
                    onSuccess: (next) => {
                      notifySuccess(t('bulletin.approved'));
                      onChanged?.(next);
                    },
                  })
                }
              >
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={decide.isPending}
                  data-testid="bulletin-approve"
                >
                  {t('bulletin.approve')}
                </Button>
              </Popconfirm>
              <Button icon={<RollbackOutlined />} onClick={() => setReturning(true)} data-testid="bulletin-return">
                {t('bulletin.returnSignoff')}
              </Button>
            </>
          )}
        </div>
      )}
      {decide.isError && !returning && <Alert type="error" showIcon title={decide.error.message} />}
      {submitting && (
        <SubmitModal
          bulletin={b}
          onClose={(next) => {
            setSubmitting(false);
            if (next) onChanged?.(next);
          }}
        />
      )}
      {returning && (
        <TextModal
          title={t('bulletin.returnTitle')}
          label={t('bulletin.returnReason')}
          okText={t('bulletin.returnSignoff')}
          min={2}
          max={500}
          pending={decide.isPending}
          error={decide.isError ? decide.error.message : undefined}
          testid="bulletin-return-reason-input"
          onCancel={() => setReturning(false)}
          onOk={(reason) =>
            decide.mutate(reason, {
              onSuccess: (next) => {
                setReturning(false);
                onChanged?.(next);
              },
            })
          }
        />
      )}
    </Card>
  );
}

function SubmitModal({ bulletin, onClose }: { bulletin: Bulletin; onClose: (next?: Bulletin) => void }) {
  const t = useT();
  const approvers = useBulletinApprovers(true);
  const submit = useSubmitSignoff(bulletin.id);
  const [approverId, setApproverId] = useState<string | undefined>(bulletin.approver?.id);
  return (
    <Modal
      open
      title={t('bulletin.submitSignoffTitle')}
      onCancel={() => onClose()}
      okText={t('bulletin.submitSignoff')}
      okButtonProps={{ ...testId('bulletin-submit-signoff-ok'), disabled: !approverId }}
      confirmLoading={submit.isPending}
      onOk={() =>
        approverId &&
        submit.mutate(approverId, {
          onSuccess: (next) => {
            notifySuccess(t('bulletin.signoffSubmitted', { name: next.approver?.name ?? '' }));
            onClose(next);
          },
        })
      }
    >
      <p>{t('bulletin.submitSignoffHint')}</p>
      {submit.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={submit.error.message} />}
      <Select
        style={{ width: '100%' }}
        loading={approvers.isLoading}
        value={approverId}
        onChange={setApproverId}
        placeholder={t('bulletin.approverPlaceholder')}
        data-testid="bulletin-approver-select"
        options={(approvers.data ?? []).map((a) => ({
          value: a.id,
          label: `${a.name}（${t(`role.${a.role}`)}）`,
        }))}
      />
    </Modal>
  );
}

function TextModal(props: {
  title: string;
  label: string;
  okText: string;
  min: number;
  max: number;
  pending: boolean;
  error: string | undefined;
  testid: string;
  initial?: string;
  onCancel: () => void;
  onOk: (text: string) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ text: string }>();
  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      okText={props.okText}
      okButtonProps={testId(`${props.testid}-ok`)}
      confirmLoading={props.pending}
    >
      {props.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={props.error} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ text: props.initial ?? '' }}
        onFinish={(v) => props.onOk(v.text.trim())}
      >
        <Form.Item
          name="text"
          label={props.label}
          rules={[
            { required: true, whitespace: true, message: t('bulletin.textRequired') },
            { min: props.min, max: props.max, message: t('bulletin.textLength', { min: props.min, max: props.max }) },
          ]}
        >
          <Input.TextArea rows={4} maxLength={props.max} showCount data-testid={props.testid} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 更正 of a published bulletin: the office writes what is corrected; the new draft opens. */
export function CorrectButton({ bulletin }: { bulletin: Bulletin }) {
  const t = useT();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const create = useCreateCorrection(bulletin.id);
  if (!(bulletin.abilities.manage && bulletin.status === 'published')) return null;
  return (
    <>
      <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="bulletin-correct">
        {t('bulletin.correct')}
      </Button>
      {open && (
        <TextModal
          title={t('bulletin.correctTitle', { number: bulletin.number ?? '' })}
          label={t('bulletin.correctionText')}
          okText={t('bulletin.correct')}
          min={2}
          max={5000}
          pending={create.isPending}
          error={create.isError ? create.error.message : undefined}
          testid="bulletin-correction-input"
          onCancel={() => setOpen(false)}
          onOk={(text) =>
            create.mutate(text, {
              onSuccess: (next) => {
                setOpen(false);
                navigate(`/bulletins/${next.id}`);
              },
            })
          }
        />
      )}
    </>
  );
}

/** 已更正，见 … on a corrected bulletin; 更正 of … on a correction. */
export function CorrectionLinks({ bulletin }: { bulletin: Bulletin }) {
  const t = useT();
  return (
    <>
      {bulletin.correctedBy.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="bulletin-corrected-by"
          title={
            <>
              {t('bulletin.correctedBy')}
              {bulletin.correctedBy.map((c, i) => (
                <span key={c.id}>
                  {i > 0 && '、'}
                  <Link to={`/bulletins/${c.id}`}>{c.number ?? c.title}</Link>
                </span>
              ))}
            </>
          }
        />
      )}
      {bulletin.corrects && (
        <Alert
          type="info"
          showIcon
          data-testid="bulletin-corrects"
          title={
            <>
              {t('bulletin.corrects')}
              <Link to={`/bulletins/${bulletin.corrects.id}`}>
                {bulletin.corrects.number}《{bulletin.corrects.title}》
              </Link>
            </>
          }
          description={bulletin.correction ? <div style={{ whiteSpace: 'pre-wrap' }}>{bulletin.correction}</div> : null}
        />
      )}
    </>
  );
}

/** 发布: only once the approver signed the draft off (the server answers 409 otherwise). */
export function PublishButton({ bulletin, busy = false }: { bulletin: Bulletin; busy?: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const signed = bulletin.signoff === 'approved';
  return (
    <>
      <Tooltip title={signed ? (busy ? t('bulletin.saveFirst') : undefined) : t('bulletin.signFirst')}>
        <Button
          type="primary"
          icon={<NotificationOutlined />}
          disabled={busy || !signed}
          onClick={() => setOpen(true)}
          data-testid="bulletin-publish"
        >
          {t('bulletin.publish')}
        </Button>
      </Tooltip>
      {open && <PublishModal bulletin={bulletin} onClose={() => setOpen(false)} />}
    </>
  );
}

/** A correction's own text, edited by the office while it is a draft (an edit voids a 签发). */
export function EditCorrectionButton({ bulletin }: { bulletin: Bulletin }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const save = useSaveBulletin(bulletin.id);
  if (!(bulletin.corrects && bulletin.status === 'draft' && bulletin.abilities.manage)) return null;
  return (
    <>
      <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="bulletin-edit-correction">
        {t('bulletin.editCorrection')}
      </Button>
      {open && (
        <TextModal
          title={t('bulletin.editCorrection')}
          label={t('bulletin.correctionText')}
          okText={t('common.save')}
          min={2}
          max={5000}
          initial={bulletin.correction ?? ''}
          pending={save.isPending}
          error={save.isError ? save.error.message : undefined}
          testid="bulletin-correction-edit"
          onCancel={() => setOpen(false)}
          onOk={(correction) =>
            save.mutate({ version: bulletin.version, correction }, { onSuccess: () => setOpen(false) })
          }
        />
      )}
    </>
  );
}
