// 台账 of one assignment: the unit writes its measures, people, milestones and (for province and city tasks)
// the district's share of each target, then submits; the supervision office returns or confirms it.
// The form saves itself (components/autosave.tsx, as the submission's items do): 已保存 / 保存中 / 冲突 beside
// it, and a version conflict stops the saving until the unit loads the server's copy.
// Everyone else who may see it reads the same page, disabled.

import { ArrowLeftOutlined, CheckOutlined, RollbackOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Modal,
  Row,
  Skeleton,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { returnLedgerBodySchema, updateLedgerBodySchema } from '../../api/v1';
import { isApiError } from '../api/client';
import {
  fetchLedger,
  ledgerKeys,
  useConfirmLedger,
  useLedger,
  useReturnLedger,
  useSaveLedger,
  useSaveLocalTargets,
  useSubmitLedger,
} from '../api/ledgers';
import type { Ledger, UpdateLedgerBody } from '../api/types';
import { type Autosave, conflictCurrent, SavedMark, useAutosave } from '../components/autosave';
import { HandoverHistory } from '../components/Handover';
import { ListTable } from '../components/ListTable';
import { MilestonesCard } from '../components/MilestonesCard';
import { PageHeader } from '../components/PageHeader';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { LedgerStatusTag, LevelTag, RoleTag } from '../components/tags';
import { formatDateTime } from '../format';
import { useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { may } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import { INDICATOR_OPS } from '../vocab';

interface LedgerForm {
  measures: string;
  responsibleLeader: string;
  responsiblePost: string;
  responsiblePerson: string;
  contact: string;
  phone: string;
}

const PERSON_FIELDS = ['responsibleLeader', 'responsiblePost', 'responsiblePerson', 'contact'] as const;

const toForm = (ledger: Ledger): LedgerForm => ({
  measures: ledger.measures,
  responsibleLeader: ledger.responsibleLeader ?? '',
  responsiblePost: ledger.responsiblePost ?? '',
  responsiblePerson: ledger.responsiblePerson ?? '',
  contact: ledger.contact ?? '',
  phone: ledger.phone ?? '',
});

const orNull = (value: string | undefined) => value?.trim() || null;

const toBody = (values: LedgerForm, version: number): UpdateLedgerBody => ({
  version,
  measures: values.measures.trim(),
  responsibleLeader: orNull(values.responsibleLeader),
  responsiblePost: orNull(values.responsiblePost),
  responsiblePerson: orNull(values.responsiblePerson),
  contact: orNull(values.contact),
  phone: orNull(values.phone),
});

/** Fields the form's rules refuse: not sent, shown on the form; the save waits for the next change. */
class InvalidForm extends Error {}

export default function LedgerPage() {
  const t = useT();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const ledger = useLedger(id);

  return (
    <div>
      <PageHeader
        title={t('ledger.title')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
            {t('common.back')}
          </Button>
        }
      />
      {ledger.isError ? (
        isApiError(ledger.error, 404) || isApiError(ledger.error, 403) ? (
          <Alert type="error" showIcon title={t('ledger.notFound')} />
        ) : (
          <QueryError error={ledger.error} onRetry={() => ledger.refetch()} />
        )
      ) : ledger.data ? (
        // Keyed by assignment: another ledger's page starts from its own form.
        <LedgerView key={ledger.data.assignmentId} ledger={ledger.data} />
      ) : (
        <Card>
          <Skeleton active />
        </Card>
      )}
    </div>
  );
}

function LedgerView({ ledger }: { ledger: Ledger }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const editable = ledger.abilities.edit && ledger.status !== 'confirmed';
  const reviewable = ledger.abilities.review && ledger.status === 'submitted';
  const [form] = Form.useForm<LedgerForm>();
  const save = useSaveLedger(ledger.assignmentId);
  // The version the form's values rest on. Our own writes (form, milestones, targets, submit) move it on;
  // a background refetch does not, so someone else's change comes back from a save as a 409.
  const autosave = useAutosave<LedgerForm, Ledger>({
    version: ledger.version,
    send: async (values, version) => {
      try {
        await form.validateFields();
      } catch {
        throw new InvalidForm(t('ledger.invalid'));
      }
      return save.mutateAsync(toBody(values, version));
    },
    versionOf: (saved) => saved.version,
  });
  const { rebase } = autosave;
  const written = useCallback((next: Ledger) => rebase(next.version), [rebase]);
  const dirty = autosave.state !== 'saved';
  const submit = useSubmitLedger(ledger.assignmentId);
  const confirm = useConfirmLedger(ledger.assignmentId);
  const [returning, setReturning] = useState(false);
  const { task } = ledger;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="ledger-page">
      <Card size="small">
        <Typography.Paragraph style={{ fontSize: 15, lineHeight: 1.8, marginBottom: 8 }} data-testid="ledger-task">
          <LevelTag level={task.sourceLevel} short />
          <Typography.Text strong>{task.number ?? t('task.titleUnnumbered')}</Typography.Text> {task.text}
        </Typography.Paragraph>
        <Flex wrap gap={8} align="center" justify="space-between">
          <Flex wrap gap={4} align="center">
            <Typography.Text>{ledger.unit.name}</Typography.Text>
            <RoleTag role={ledger.role} />
            <LedgerStatusTag status={ledger.status} />
            {ledger.updatedAt && (
              <Typography.Text type="secondary">
                {t('ledger.updatedAt', { time: formatDateTime(ledger.updatedAt, lang) })}
              </Typography.Text>
            )}
            <Link to={`/tasks/${encodeURIComponent(task.id)}`}>{t('ledger.viewTask')}</Link>
          </Flex>
          <Flex wrap gap={8}>
            {editable && (ledger.status === 'draft' || ledger.status === 'returned') && (
              <Tooltip title={dirty ? t('ledger.saveFirst') : undefined}>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  disabled={dirty}
                  loading={submit.isPending}
                  onClick={() =>
                    submit.mutate(undefined, {
                      onSuccess: (next) => {
                        written(next);
                        notifySuccess(t('ledger.submitted'));
                      },
                    })
                  }
                  data-testid="ledger-submit"
                >
                  {t('ledger.submit')}
                </Button>
              </Tooltip>
            )}
            {reviewable && (
              <>
                <Button
                  danger
                  icon={<RollbackOutlined />}
                  onClick={() => setReturning(true)}
                  data-testid="ledger-return"
                >
                  {t('ledger.return')}
                </Button>
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={confirm.isPending}
                  onClick={() =>
                    confirm.mutate(undefined, { onSuccess: () => notifySuccess(t('ledger.confirmedDone')) })
                  }
                  data-testid="ledger-confirm"
                >
                  {t('ledger.confirm')}
                </Button>
              </>
            )}
          </Flex>
        </Flex>
        {ledger.status === 'returned' && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={t('ledger.returnedTitle')}
            description={
              ledger.returnedReason ? t('ledger.returnedReason', { reason: ledger.returnedReason }) : undefined
            }
            data-testid="ledger-returned"
          />
        )}
        {!may(me, 'ledgers.write') && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('ledger.readOnly')}
          </Typography.Paragraph>
        )}
      </Card>

      <LedgerFormCard ledger={ledger} editable={editable} form={form} autosave={autosave} />
      <MilestonesCard
        ledger={ledger}
        editable={editable}
        mayRequestExtension={ledger.abilities.requestExtension}
        onWritten={written}
      />
      {(task.sourceLevel === 'province' || task.sourceLevel === 'city') && ledger.localTargets.length > 0 && (
        <LocalTargetsCard ledger={ledger} editable={editable} onWritten={written} />
      )}
      {returning && <ReturnModal assignmentId={ledger.assignmentId} onClose={() => setReturning(false)} />}
    </Space>
  );
}

function LedgerFormCard({
  ledger,
  editable,
  form,
  autosave,
}: {
  ledger: Ledger;
  editable: boolean;
  form: FormInstance<LedgerForm>;
  /** The form's autosave (see LedgerView): its version also moves on with the page's other writes. */
  autosave: Autosave<LedgerForm>;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const { state, error } = autosave;
  const conflict = state === 'conflict';

  const loadServerVersion = async () => {
    const fresh = conflictCurrent<Ledger>(error) ?? (await fetchLedger(ledger.assignmentId));
    queryClient.setQueryData(ledgerKeys.one(ledger.assignmentId), fresh);
    form.setFieldsValue(toForm(fresh));
    autosave.restart(fresh.version);
  };

  const shape = updateLedgerBodySchema.shape;
  // The four name fields share one rule (60 characters).
  const nameRule = schemaRule(shape.responsibleLeader, t('ledger.textRule', { max: 60 }));

  return (
    <Card
      size="small"
      title={t('ledger.form')}
      extra={
        editable && (
          <SavedMark state={state} message={error instanceof Error ? error.message : undefined} testid="ledger-saved" />
        )
      }
    >
      {conflict && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('ledger.conflict')}
          description={t('ledger.conflictHint')}
          action={
            <Button size="small" onClick={() => void loadServerVersion()} data-testid="ledger-load-server">
              {t('ledger.loadServer')}
            </Button>
          }
          data-testid="ledger-conflict"
        />
      )}
      {state === 'error' && !(error instanceof InvalidForm) && error instanceof Error && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error.message} />
      )}
      <Form<LedgerForm>
        form={form}
        layout="vertical"
        initialValues={toForm(ledger)}
        // In conflict the user's text stays on screen (to copy) but nothing more is saved over the other edit.
        disabled={!editable || conflict}
        onValuesChange={(_changed, values) => autosave.change(values)}
        data-testid="ledger-form"
      >
        <Form.Item
          name="measures"
          label={t('ledger.measures')}
          rules={[schemaRule(shape.measures, t('ledger.textRule', { max: 5000 }))]}
        >
          <Input.TextArea
            autoSize={{ minRows: 4, maxRows: 16 }}
            maxLength={5000}
            placeholder={t('ledger.measuresPlaceholder')}
            data-testid="ledger-measures"
          />
        </Form.Item>
        <Row gutter={16}>
          {PERSON_FIELDS.map((name) => (
            <Col key={name} xs={24} sm={12} lg={8}>
              <Form.Item name={name} label={t(`ledger.${name}`)} rules={[nameRule]}>
                <Input maxLength={60} data-testid={name === 'responsiblePerson' ? 'ledger-person' : `ledger-${name}`} />
              </Form.Item>
            </Col>
          ))}
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="phone" label={t('ledger.phone')} rules={[schemaRule(shape.phone, t('ledger.phoneRule'))]}>
              <Input type="tel" inputMode="tel" maxLength={20} data-testid="ledger-phone" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <HandoverHistory lines={ledger.handovers} />
    </Card>
  );
}

function LocalTargetsCard({
  ledger,
  editable,
  onWritten,
}: {
  ledger: Ledger;
  editable: boolean;
  onWritten: (ledger: Ledger) => void;
}) {
  const t = useT();
  const save = useSaveLocalTargets(ledger.assignmentId);
  const [values, setValues] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(ledger.localTargets.map((target) => [target.indicatorId, target.value])),
  );
  type Target = Ledger['localTargets'][number];

  return (
    <Card size="small" title={t('localTarget.title')} data-testid="local-targets">
      <Typography.Paragraph type="secondary">{t('localTarget.hint')}</Typography.Paragraph>
      <ListTable<Target>
        size="small"
        rowKey="indicatorId"
        pagination={false}
        dataSource={ledger.localTargets}
        scroll={{ x: 480 }}
        columns={[
          { key: 'label', title: t('localTarget.label'), dataIndex: 'label' },
          {
            key: 'printed',
            title: t('localTarget.printed'),
            width: 140,
            render: (_, target) =>
              `${INDICATOR_OPS[target.printed.op].symbol} ${target.printed.value} ${target.printed.unit}`,
          },
          {
            key: 'value',
            title: t('localTarget.value'),
            width: 180,
            render: (_, target) => (
              <InputNumber<number>
                min={0}
                value={values[target.indicatorId] ?? null}
                onChange={(value) => setValues((previous) => ({ ...previous, [target.indicatorId]: value }))}
                disabled={!editable || save.isPending}
                suffix={target.printed.unit}
                style={{ width: '100%' }}
                data-testid="local-target-value"
              />
            ),
          },
        ]}
      />
      {editable && (
        <Button
          style={{ marginTop: 12 }}
          icon={<SaveOutlined />}
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              {
                targets: Object.entries(values).flatMap(([indicatorId, value]) =>
                  value === null || value === undefined ? [] : [{ indicatorId, value }],
                ),
              },
              {
                onSuccess: (next) => {
                  onWritten(next);
                  notifySuccess(t('localTarget.saved'));
                },
              },
            )
          }
          data-testid="local-targets-save"
        >
          {t('localTarget.save')}
        </Button>
      )}
    </Card>
  );
}

function ReturnModal({ assignmentId, onClose }: { assignmentId: string; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const returnLedger = useReturnLedger(assignmentId);
  return (
    <Modal
      open
      title={t('ledger.returnTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('ledger.returnSubmit')}
      confirmLoading={returnLedger.isPending}
      okButtonProps={{ danger: true, ...testId('ledger-return-submit') }}
    >
      <Form<{ reason: string }>
        form={form}
        layout="vertical"
        disabled={returnLedger.isPending}
        onFinish={({ reason }) =>
          returnLedger.mutate(reason.trim(), {
            onSuccess: () => {
              notifySuccess(t('ledger.returnedDone'));
              onClose();
            },
          })
        }
      >
        <Form.Item
          name="reason"
          label={t('ledger.returnReason')}
          rules={[
            { required: true, whitespace: true, message: t('ledger.returnReasonRequired') },
            schemaRule(returnLedgerBodySchema.shape.reason, t('receipt.reasonRule')),
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="ledger-return-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
