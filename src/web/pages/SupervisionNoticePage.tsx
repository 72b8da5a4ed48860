// One 督办单: what the office asked and by when (overdue when unanswered past that date), the unit's
// response (measures taken and a new completion date) and the office's close. Printable as .docx.

import { ArrowLeftOutlined, CheckCircleOutlined, FileWordOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { closeSupervisionNoticeBodySchema, respondSupervisionNoticeBodySchema } from '../../api/supervision';
import {
  supervisionNoticeDocxUrl,
  useCloseSupervisionNotice,
  useRespondSupervisionNotice,
  useSupervisionNotice,
} from '../api/supervision';
import type { SupervisionNotice } from '../api/types';
import { DateInput } from '../components/DateInput';
import { taskLabel } from '../components/LongText';
import { PageHeader } from '../components/PageHeader';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { SupervisionNoticeSeverityTag, SupervisionNoticeStatusTag } from '../components/supervisionTags';
import { formatDateTime, todayCst } from '../format';
import { useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';

export default function SupervisionNoticePage() {
  const t = useT();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const notice = useSupervisionNotice(id);
  return (
    <div>
      <PageHeader
        title={notice.data ? notice.data.number : t('supervisionNotice.title')}
        extra={
          <>
            {notice.data && (
              <Button
                icon={<FileWordOutlined />}
                href={supervisionNoticeDocxUrl(notice.data.id)}
                data-testid="notice-docx"
              >
                {t('supervisionNotice.print')}
              </Button>
            )}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/supervision-notices')}>
              {t('supervisionNotices.back')}
            </Button>
          </>
        }
      />
      {notice.isError ? (
        <QueryError error={notice.error} onRetry={() => notice.refetch()} />
      ) : notice.data ? (
        <NoticeView notice={notice.data} />
      ) : (
        <Card>
          <Skeleton active />
        </Card>
      )}
    </div>
  );
}

function NoticeView({ notice }: { notice: SupervisionNotice }) {
  const { t, lang } = useI18n();
  const [closing, setClosing] = useState(false);
  const [editing, setEditing] = useState(false);
  const mayRespond = notice.abilities.respond && notice.status !== 'closed';
  const mayClose = notice.abilities.close && notice.status === 'responded';

  return (
    <Space
      orientation="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="notice-page"
      data-status={notice.status}
      data-overdue={notice.overdue ? 'true' : 'false'}
    >
      {notice.overdue && (
        <Alert
          type="error"
          showIcon
          title={t('supervisionNotice.overdueAlert', { date: notice.respondBy ?? '' })}
          data-testid="notice-overdue-alert"
        />
      )}
      <Card size="small" title={t('supervisionNotice.issuedSection')}>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('supervisionNotice.number')}>
            <span data-testid="notice-number">{notice.number}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('supervisionNotice.status')}>
            <SupervisionNoticeStatusTag status={notice.status} overdue={notice.overdue} />
          </Descriptions.Item>
          <Descriptions.Item label={t('supervisionNotice.unit')}>
            <span data-testid="notice-unit">{notice.unit.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('supervisionNotice.severity')}>
            <SupervisionNoticeSeverityTag severity={notice.severity} />
          </Descriptions.Item>
          <Descriptions.Item label={t('supervisionNotice.task')} span={{ xs: 1, sm: 1, md: 2 }}>
            <Link to={`/tasks/${encodeURIComponent(notice.task.id)}`}>{taskLabel(notice.task, t)}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('supervisionNotice.reason')} span={{ xs: 1, sm: 1, md: 2 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="notice-reason-text">
              {notice.reason}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('supervisionNotice.respondBy')}>
            <span data-testid="notice-respond-by-text">{notice.respondBy ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('supervisionNotice.issuedAt')}>
            {formatDateTime(notice.issuedAt, lang)}
            {notice.issuedBy ? ` · ${notice.issuedBy}` : ''}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card
        size="small"
        title={t('supervisionNotice.responseSection')}
        extra={
          mayRespond &&
          notice.status === 'responded' &&
          !editing && (
            <Button size="small" onClick={() => setEditing(true)} data-testid="notice-respond-again">
              {t('supervisionNotice.respondAgain')}
            </Button>
          )
        }
      >
        {notice.response ? (
          <Descriptions size="small" column={1} bordered style={{ marginBottom: mayRespond && editing ? 16 : 0 }}>
            <Descriptions.Item label={t('supervisionNotice.response')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="notice-response">
                {notice.response}
              </Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('supervisionNotice.newDueOn')}>
              <span data-testid="notice-new-due-on">{notice.newDueOn ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('supervisionNotice.respondedAt')}>
              {formatDateTime(notice.respondedAt, lang)}
              {notice.respondedBy ? ` · ${notice.respondedBy}` : ''}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          !mayRespond && <Typography.Text type="secondary">{t('supervisionNotice.noResponse')}</Typography.Text>
        )}
        {mayRespond && (notice.status === 'issued' || editing) && (
          <RespondForm notice={notice} onDone={() => setEditing(false)} />
        )}
      </Card>

      {(notice.status === 'closed' || mayClose) && (
        <Card size="small" title={t('supervisionNotice.closeSection')}>
          {notice.status === 'closed' ? (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('supervisionNotice.closedAt')}>
                {formatDateTime(notice.closedAt, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={t('supervisionNotice.closeNote')}>
                <span data-testid="notice-close-note-text">{notice.closeNote ?? '—'}</span>
              </Descriptions.Item>
            </Descriptions>
          ) : (
            <Space wrap>
              <Typography.Text type="secondary">{t('supervisionNotice.closeHint')}</Typography.Text>
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                onClick={() => setClosing(true)}
                data-testid="notice-close"
              >
                {t('supervisionNotice.close')}
              </Button>
            </Space>
          )}
        </Card>
      )}
      {closing && <CloseModal notice={notice} onClose={() => setClosing(false)} />}
    </Space>
  );
}

interface RespondValues {
  response: string;
  newDueOn?: string;
}

function RespondForm({ notice, onDone }: { notice: SupervisionNotice; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<RespondValues>();
  const respond = useRespondSupervisionNotice();
  const today = todayCst();
  return (
    <Form<RespondValues>
      form={form}
      layout="vertical"
      disabled={respond.isPending}
      initialValues={{ response: notice.response ?? '', newDueOn: notice.newDueOn ?? undefined }}
      onFinish={(values) =>
        respond.mutate(
          {
            id: notice.id,
            body: { response: values.response.trim(), ...(values.newDueOn ? { newDueOn: values.newDueOn } : {}) },
          },
          {
            onSuccess: () => {
              notifySuccess(t('supervisionNotice.responded'));
              onDone();
            },
          },
        )
      }
      data-testid="notice-respond-form"
    >
      {respond.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={respond.error.message} />}
      <Form.Item
        name="response"
        label={t('supervisionNotice.responseLabel')}
        rules={[
          { required: true, whitespace: true, message: t('supervisionNotice.responseRequired') },
          schemaRule(respondSupervisionNoticeBodySchema.shape.response, t('supervisionNotice.responseRule')),
        ]}
      >
        <Input.TextArea
          rows={5}
          maxLength={5000}
          showCount
          placeholder={t('supervisionNotice.responsePlaceholder')}
          data-testid="notice-response-text"
        />
      </Form.Item>
      <Form.Item
        name="newDueOn"
        label={t('supervisionNotice.newDueOnLabel')}
        extra={t('supervisionNotice.newDueOnHint')}
      >
        <DateInput min={today} style={{ maxWidth: 220 }} data-testid="notice-new-due" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={respond.isPending} data-testid="notice-respond-submit">
        {t('supervisionNotice.respond')}
      </Button>
    </Form>
  );
}

function CloseModal({ notice, onClose }: { notice: SupervisionNotice; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ note?: string }>();
  const close = useCloseSupervisionNotice();
  return (
    <Modal
      open
      title={t('supervisionNotice.closeTitle', { number: notice.number })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('supervisionNotice.close')}
      confirmLoading={close.isPending}
      okButtonProps={testId('notice-close-submit')}
    >
      {close.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={close.error.message} />}
      <Form<{ note?: string }>
        form={form}
        layout="vertical"
        disabled={close.isPending}
        onFinish={(values) =>
          close.mutate(
            { id: notice.id, ...(values.note?.trim() ? { note: values.note.trim() } : {}) },
            {
              onSuccess: () => {
                notifySuccess(t('supervisionNotice.closed'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="note"
          label={t('supervisionNotice.closeNoteOptional')}
          rules={[schemaRule(closeSupervisionNoticeBodySchema.shape.note, t('supervisionNotice.closeNoteRule'))]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="notice-close-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
