// One 督办单: what the office asked and by when (overdue when unanswered past that date), the unit's
// response (measures taken and a new completion date) and the office's close. Printable as .docx.

import { ArrowLeftOutlined, CheckCircleOutlined, FileWordOutlined, PaperClipOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { GivenFacts } from '../../api/ask-once';
import { closeSupervisionNoticeBodySchema, respondSupervisionNoticeBodySchema } from '../../api/supervision';
import { useGivenFacts } from '../api/ask-once';
import { evidenceUrl } from '../api/submissions';
import {
  supervisionNoticeDocxUrl,
  useCloseSupervisionNotice,
  useRespondSupervisionNotice,
  useSupervisionNotice,
} from '../api/supervision';
import type { SupervisionNotice } from '../api/types';
import { DateInput } from '../components/DateInput';
import { InstructionButton } from '../components/InstructionButton';
import { taskLabel } from '../components/LongText';
import { PageHeader } from '../components/PageHeader';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { SupervisionNoticeSeverityTag, SupervisionNoticeStatusTag } from '../components/supervisionTags';
import { WatchButton } from '../components/WatchButton';
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
            {notice.data && <WatchButton subjectType="supervision_notice" subjectId={notice.data.id} />}
            {notice.data && <InstructionButton subjectType="supervision_notice" subjectId={notice.data.id} />}
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
            {notice.indicatorActuals.some((a) => a.value !== null) && (
              <Descriptions.Item label={t('supervisionNotice.actuals')}>
                <NoticeActuals notice={notice} />
              </Descriptions.Item>
            )}
            {notice.evidence.length > 0 && (
              <Descriptions.Item label={t('supervisionNotice.evidence')}>
                <Space wrap>
                  {notice.evidence.map((e) => (
                    <a key={e.id} href={evidenceUrl(e.id)} data-testid="notice-evidence-file">
                      <PaperClipOutlined /> {e.fileName}
                    </a>
                  ))}
                </Space>
              </Descriptions.Item>
            )}
            {notice.contact && (
              <Descriptions.Item label={t('supervisionNotice.contact')}>
                <span data-testid="notice-contact-text">{notice.contact}</span>
              </Descriptions.Item>
            )}
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
  contact?: string;
  evidenceIds: string[];
  actuals: Record<string, number | null | undefined>;
}

/** 最多报一次: the answer opens with what the unit gave this period — figures, files, contact — never asked again. */
function RespondForm({ notice, onDone }: { notice: SupervisionNotice; onDone: () => void }) {
  const given = useGivenFacts(notice.assignmentId);
  if (notice.assignmentId && given.isLoading) return <Skeleton active paragraph={{ rows: 4 }} />;
  return <RespondFormInner notice={notice} given={given.data ?? null} onDone={onDone} />;
}

function RespondFormInner({
  notice,
  given,
  onDone,
}: {
  notice: SupervisionNotice;
  given: GivenFacts | null;
  onDone: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<RespondValues>();
  const respond = useRespondSupervisionNotice();
  const today = todayCst();
  const answered = notice.respondedAt !== null;
  const givenContact = [given?.contact?.person, given?.contact?.phone].filter(Boolean).join(' ');
  const contactFromLedger = !notice.contact && givenContact !== '';
  // An answer already given is its own source; otherwise the package's figures and files of the period.
  const actuals = Object.fromEntries(
    (given?.indicatorActuals ?? []).map((a) => [
      a.indicatorId,
      answered ? (notice.indicatorActuals.find((x) => x.indicatorId === a.indicatorId)?.value ?? null) : a.value,
    ]),
  );
  const actualsFromPackage = !answered && (given?.indicatorActuals ?? []).some((a) => a.value !== null);
  const files = [
    ...(given?.evidence ?? []),
    ...notice.evidence.filter((e) => !given?.evidence.some((g) => g.id === e.id)),
  ];
  const evidenceIds = answered ? notice.evidence.map((e) => e.id) : (given?.evidence ?? []).map((e) => e.id);
  const hint = (on: boolean, key: 'askOnce.prefilled' | 'askOnce.prefilledLedger' = 'askOnce.prefilled') =>
    on ? (
      <Typography.Text type="secondary" data-testid="ask-once-hint">
        {t(key)}
      </Typography.Text>
    ) : undefined;
  return (
    <Form<RespondValues>
      form={form}
      layout="vertical"
      disabled={respond.isPending}
      initialValues={{
        response: notice.response ?? '',
        newDueOn: notice.newDueOn ?? undefined,
        contact: notice.contact ?? givenContact,
        evidenceIds,
        actuals,
      }}
      onFinish={(values) =>
        respond.mutate(
          {
            id: notice.id,
            body: {
              response: values.response.trim(),
              ...(values.newDueOn ? { newDueOn: values.newDueOn } : {}),
              ...(values.contact?.trim() ? { contact: values.contact.trim() } : {}),
              evidenceIds: values.evidenceIds ?? [],
              indicatorActuals: Object.entries(values.actuals ?? {}).map(([indicatorId, value]) => ({
                indicatorId,
                value: typeof value === 'number' ? value : null,
              })),
            },
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
      {(given?.indicatorActuals ?? []).map((a) => (
        <Form.Item
          key={a.indicatorId}
          name={['actuals', a.indicatorId]}
          label={t('askOnce.actual', { label: a.label, target: a.target, unit: a.unit })}
          extra={hint(actualsFromPackage && a.value !== null)}
        >
          <InputNumber style={{ maxWidth: 220 }} data-testid="notice-actual" />
        </Form.Item>
      ))}
      {files.length > 0 && (
        <Form.Item name="evidenceIds" label={t('askOnce.evidence')} extra={hint(!answered && evidenceIds.length > 0)}>
          <Checkbox.Group
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            options={files.map((e) => ({ value: e.id, label: e.fileName }))}
            data-testid="notice-evidence"
          />
        </Form.Item>
      )}
      <Form.Item name="contact" label={t('askOnce.contact')} extra={hint(contactFromLedger, 'askOnce.prefilledLedger')}>
        <Input maxLength={200} style={{ maxWidth: 360 }} data-testid="notice-contact" />
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

/** The figures an answer gave, named by the task's indicators (read from the same given facts). */
function NoticeActuals({ notice }: { notice: SupervisionNotice }) {
  const given = useGivenFacts(notice.assignmentId);
  const t = useT();
  return (
    <Space direction="vertical" size={0}>
      {notice.indicatorActuals
        .filter((a) => a.value !== null)
        .map((a) => {
          const ind = given.data?.indicatorActuals.find((x) => x.indicatorId === a.indicatorId);
          return (
            <span key={a.indicatorId} data-testid="notice-actual-value">
              {ind ? t('askOnce.actual', { label: ind.label, target: ind.target, unit: ind.unit }) : ''}：{a.value}
            </span>
          );
        })}
    </Space>
  );
}
