// One 批示: the leader's words and what they were written on; the office's routing form while pending (units
// pre-filled with the subject's units, a date, a note); each unit's answer with its evidence and the overdue mark;
// the unit's own answer form while open; the office's close with a note.

import {
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import type { GivenFacts } from '../../api/ask-once';
import { INSTRUCTION_TEXT_MAX, type Instruction, type InstructionTarget } from '../../api/instructions';
import { useGivenFacts } from '../api/ask-once';
import { useAnswerInstruction, useCloseInstruction, useInstruction, useRouteInstruction } from '../api/instructions';
import { evidenceUrl } from '../api/submissions';
import { useUnits } from '../api/units';
import { DateInput } from '../components/DateInput';
import { InstructionStatusTag } from '../components/InstructionList';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/status';
import { formatDateTime, todayCst } from '../format';
import { useI18n } from '../i18n';
import { notifySuccess } from '../notify';

function RouteForm({ instruction }: { instruction: Instruction }) {
  const { t } = useI18n();
  const units = useUnits();
  const route = useRouteInstruction(instruction.id);
  return (
    <Card size="small" title={t('instruction.routeTitle')}>
      <Form
        layout="vertical"
        initialValues={{ unitIds: instruction.suggestedUnitIds }}
        onFinish={(v: { unitIds: string[]; dueOn: string; note?: string }) =>
          route.mutate(
            { unitIds: v.unitIds, dueOn: v.dueOn, ...(v.note ? { note: v.note } : {}) },
            { onSuccess: () => notifySuccess(t('instruction.routed')) },
          )
        }
      >
        <Form.Item name="unitIds" label={t('instruction.routeUnits')} rules={[{ required: true }]}>
          <Select<string[]>
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            loading={units.isPending}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            style={{ maxWidth: '100%' }}
            data-testid="instruction-route-units"
          />
        </Form.Item>
        <Form.Item name="dueOn" label={t('instruction.routeDue')} rules={[{ required: true }]}>
          <DateInput min={todayCst()} style={{ maxWidth: 220 }} data-testid="instruction-route-due" />
        </Form.Item>
        <Form.Item name="note" label={t('instruction.routeNote')}>
          <Input.TextArea
            autoSize={{ minRows: 2 }}
            maxLength={INSTRUCTION_TEXT_MAX}
            data-testid="instruction-route-note"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={route.isPending} data-testid="instruction-route-submit">
          {t('instruction.routeSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

/** 最多报一次: the files the unit gave on the task's item this period are offered as evidence, never uploaded again. */
function AnswerForm({ instruction }: { instruction: Instruction }) {
  const own = instruction.targets.find((x) => x.canAnswer);
  const given = useGivenFacts(own?.assignmentId);
  if (!own) return null;
  if (own.assignmentId && given.isLoading) return <Skeleton active paragraph={{ rows: 3 }} />;
  return <AnswerFormInner instruction={instruction} own={own} given={given.data ?? null} />;
}

function AnswerFormInner({
  instruction,
  own,
  given,
}: {
  instruction: Instruction;
  own: InstructionTarget;
  given: GivenFacts | null;
}) {
  const { t } = useI18n();
  const answer = useAnswerInstruction(instruction.id);
  const offered = [...(given?.evidence ?? []), ...own.offered];
  const files = [
    ...own.evidence,
    ...offered.filter(
      (g, i) => !own.evidence.some((e) => e.id === g.id) && offered.findIndex((o) => o.id === g.id) === i,
    ),
  ];
  return (
    <Card size="small" title={t('instruction.answer')}>
      <Form
        layout="vertical"
        initialValues={{ answer: own.answer ?? '', evidenceIds: own.evidence.map((e) => e.id) }}
        onFinish={(v: { answer: string; evidenceIds?: string[] }) =>
          answer.mutate(
            { answer: v.answer, evidenceIds: v.evidenceIds ?? [] },
            { onSuccess: () => notifySuccess(t('instruction.answered')) },
          )
        }
      >
        <Form.Item name="answer" rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea
            autoSize={{ minRows: 3 }}
            maxLength={INSTRUCTION_TEXT_MAX}
            placeholder={t('instruction.answerPlaceholder')}
            data-testid="instruction-answer-text"
          />
        </Form.Item>
        {files.length > 0 && (
          <Form.Item name="evidenceIds" label={t('instruction.evidence')}>
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
              options={files.map((e) => ({ value: e.id, label: e.fileName }))}
              data-testid="instruction-answer-evidence"
            />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={answer.isPending} data-testid="instruction-answer-submit">
          {t('instruction.answerSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

function CloseForm({ instruction }: { instruction: Instruction }) {
  const { t } = useI18n();
  const close = useCloseInstruction(instruction.id);
  return (
    <Card size="small" title={t('instruction.close')}>
      <Form
        layout="vertical"
        onFinish={(v: { note: string }) =>
          close.mutate({ note: v.note }, { onSuccess: () => notifySuccess(t('instruction.closed')) })
        }
      >
        <Form.Item name="note" label={t('instruction.closeNote')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea
            autoSize={{ minRows: 2 }}
            maxLength={INSTRUCTION_TEXT_MAX}
            data-testid="instruction-close-note"
          />
        </Form.Item>
        <Button danger htmlType="submit" loading={close.isPending} data-testid="instruction-close">
          {t('instruction.close')}
        </Button>
      </Form>
    </Card>
  );
}

export default function InstructionPage() {
  const { t, lang } = useI18n();
  const { id = '' } = useParams();
  const query = useInstruction(id);
  if (query.isError) return <QueryError error={query.error} />;
  const i = query.data;
  if (!i) return null;
  return (
    <div data-testid="instruction-page" data-status={i.status}>
      <PageHeader title={t('instruction.title')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
            <InstructionStatusTag status={i.status} />
            {i.overdue && <Tag color="red">{t('instruction.overdue')}</Tag>}
          </Flex>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 16 }} data-testid="instruction-text">
            {i.body}
          </Typography.Paragraph>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('instruction.author')}>
              {i.author.name} · {formatDateTime(i.createdAt, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t(`instruction.subjectType.${i.subject.type}`)}>
              {i.subject.link ? (
                <Link to={i.subject.link} data-testid="instruction-subject">
                  {i.subject.title}
                </Link>
              ) : (
                i.subject.title
              )}
            </Descriptions.Item>
            {i.routeNote && <Descriptions.Item label={t('instruction.routeNote')}>{i.routeNote}</Descriptions.Item>}
            {i.closeNote && <Descriptions.Item label={t('instruction.closeNote')}>{i.closeNote}</Descriptions.Item>}
          </Descriptions>
        </Card>
        {i.abilities.route && <RouteForm instruction={i} />}
        {i.targets.length > 0 && (
          <Card size="small" title={t('instruction.targets')}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              {i.targets.map((x) => (
                <div
                  key={x.id}
                  data-testid="instruction-target"
                  data-unit={x.unit.name}
                  data-answered={x.answeredAt !== null}
                  style={{ minWidth: 0, overflowWrap: 'anywhere' }}
                >
                  <Flex gap={8} wrap align="center">
                    <Typography.Text strong>{x.unit.name}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t('instruction.due')} {x.dueOn}
                    </Typography.Text>
                    {x.overdue && <Tag color="red">{t('instruction.overdue')}</Tag>}
                  </Flex>
                  {x.answer !== null ? (
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>
                      {x.answer}
                    </Typography.Paragraph>
                  ) : (
                    <Typography.Text type="secondary">{t('instruction.notAnswered')}</Typography.Text>
                  )}
                  {x.evidence.map((e) => (
                    <div key={e.id}>
                      <a href={evidenceUrl(e.id)} data-testid="instruction-evidence">
                        {e.fileName}
                      </a>
                    </div>
                  ))}
                  {x.answeredAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('instruction.answeredAt', { at: formatDateTime(x.answeredAt, lang) })}
                      {x.answeredBy ? ` · ${x.answeredBy}` : ''}
                    </Typography.Text>
                  )}
                </div>
              ))}
            </Space>
          </Card>
        )}
        {i.abilities.answer && <AnswerForm instruction={i} />}
        {i.abilities.close && <CloseForm instruction={i} />}
      </Space>
    </div>
  );
}
