// One 通报, laid out as the document it prints as: title and number, the opening, 一、总体推进情况 (with the
// figures by source), 二、报送情况, 三、存在的问题 (the laggard tasks) and its 协调事项和督办单, 四、表扬,
// 五、下步要求. While it is a draft the office words it here: every paragraph and the title save themselves
// with the version they rest on (a 409 stops saving until the office loads the other copy), the laggard
// tasks and commendation proposals of the data are ticked to be named, 刷新数据 refreshes the figures and
// keeps the wording, 发布 numbers it (the next free 督查通报〔年〕N号 suggested) and freezes it.
// Published, it reads the same for everyone, showing only what was named; .docx and .xlsx download.

import {
  ArrowLeftOutlined,
  FileExcelOutlined,
  FileWordOutlined,
  ReloadOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { publishBulletinBodySchema, updateBulletinBodySchema } from '../../api/bulletins';
import {
  bulletinDocxUrl,
  bulletinKeys,
  bulletinXlsxUrl,
  fetchBulletin,
  useBulletin,
  useBulletins,
  usePublishBulletin,
  useRegenerateBulletin,
  useSaveBulletin,
} from '../api/bulletins';
import { isApiError } from '../api/client';
import type { Bulletin, BulletinData, BulletinDraft } from '../api/types';
import { SavedMark, useAutosave } from '../components/autosave';
import { LightTag } from '../components/lights';
import { PageHeader } from '../components/PageHeader';
import { schemaRule } from '../components/schemaRule';
import { QueryError } from '../components/status';
import { ItemStatusTag, LevelTag } from '../components/tags';
import { formatDate, formatDateTime } from '../format';
import { type Translate, useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { can } from '../roles';
import { useMe } from '../session';
import { testId } from '../testId';
import { COORDINATION_STATUSES, LIGHTS, NOTICE_STATUSES } from '../vocab';
import { BulletinStatusTag } from './BulletinsPage';

type ParagraphKey = 'intro' | 'overview' | 'submission' | 'laggards' | 'commendation' | 'coordination' | 'requirements';
type Laggard = BulletinData['laggards'][number];
type Commendation = BulletinData['commendations'][number];

interface Values {
  title: string;
  draft: BulletinDraft;
}

/** What the editor can change; absent when the bulletin is read. */
interface Editing {
  /** In conflict: the text stays on screen, read-only (so it can be copied), and the ticks are disabled. */
  disabled: boolean;
  setTitle: (title: string) => void;
  setParagraph: (key: ParagraphKey, text: string) => void;
  setNamed: (taskIds: string[]) => void;
  setCommended: (unitIds: string[]) => void;
}

/** A title the server refuses (2–200 characters): not sent; shown on the field until it is fixed. */
class InvalidTitle extends Error {}

const TITLE_MAX = 200;
const PARAGRAPH_MAX = 5000;
/** The server's rule for a title (2–200 characters once trimmed). */
const titleSchema = updateBulletinBodySchema.shape.title.unwrap();

// ---- the page -------------------------------------------------------------------------------------------

export default function BulletinPage() {
  const t = useT();
  const me = useMe();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const bulletin = useBulletin(id);
  const b = bulletin.data;
  const editable = Boolean(b && b.status === 'draft' && can.manageBulletins(me.role));

  return (
    <div>
      <PageHeader
        title={b ? (b.number ?? t('bulletin.draftTitle')) : t('bulletin.title')}
        extra={
          <Button
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate(b ? `/bulletins?planId=${encodeURIComponent(b.planId)}` : '/bulletins')}
            data-testid="bulletin-back"
          >
            {t('bulletin.back')}
          </Button>
        }
      />
      {bulletin.isError ? (
        isApiError(bulletin.error, 404) ? (
          <Alert type="warning" showIcon title={t('bulletin.notFound')} data-testid="bulletin-not-found" />
        ) : (
          <QueryError error={bulletin.error} onRetry={() => bulletin.refetch()} />
        )
      ) : b ? (
        editable ? (
          // Keyed by bulletin: another bulletin's editor starts from its own text.
          <BulletinEditor key={b.id} bulletin={b} />
        ) : (
          <BulletinReader bulletin={b} />
        )
      ) : (
        <Card>
          <Skeleton active />
        </Card>
      )}
    </div>
  );
}

function namedCount(data: BulletinData, draft: BulletinDraft): number {
  const named = new Set(draft.namedTaskIds);
  return data.laggards.filter((l) => named.has(l.task.id)).length;
}

/** The page's figures for tests and tools, on the root element. */
function rootAttributes(bulletin: Bulletin, values: Values) {
  return {
    'data-testid': 'bulletin-page',
    'data-id': bulletin.id,
    'data-status': bulletin.status,
    'data-version': String(bulletin.version),
    'data-number': bulletin.number ?? '',
    'data-tasks': String(bulletin.data.overview.tasks),
    'data-laggards': String(bulletin.data.laggards.length),
    'data-named': String(namedCount(bulletin.data, values.draft)),
    'data-commended': String(values.draft.commendedUnitIds.length),
  };
}

function BulletinReader({ bulletin }: { bulletin: Bulletin }) {
  const t = useT();
  const values = { title: bulletin.title, draft: bulletin.draft };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} {...rootAttributes(bulletin, values)}>
      <MetaCard bulletin={bulletin} actions={<Downloads bulletin={bulletin} />} />
      {bulletin.status === 'draft' && (
        <Alert type="info" showIcon title={t('bulletin.draftReadOnly')} data-testid="bulletin-draft-note" />
      )}
      <BulletinDocument bulletin={bulletin} values={values} />
    </Space>
  );
}

function BulletinEditor({ bulletin }: { bulletin: Bulletin }) {
  const t = useT();
  const queryClient = useQueryClient();
  const save = useSaveBulletin(bulletin.id);
  const regenerate = useRegenerateBulletin(bulletin.id);
  const [values, setValues] = useState<Values>({ title: bulletin.title, draft: bulletin.draft });
  // The latest values, so that two changes between renders build on each other.
  const latest = useRef(values);
  const [publishing, setPublishing] = useState(false);
  const autosave = useAutosave<Values, Bulletin>({
    version: bulletin.version,
    send: (next, version) => {
      const title = next.title.trim();
      if (!titleSchema.safeParse(title).success) {
        return Promise.reject(new InvalidTitle(t('bulletin.titleRule', { max: TITLE_MAX })));
      }
      return save.mutateAsync({ version, title, draft: next.draft });
    },
    versionOf: (saved) => saved.version,
  });
  const { state, error } = autosave;
  const conflict = state === 'conflict';
  const publishedMeanwhile = isApiError(error, 409) && error.code === 'bulletin_published';

  const update = (patch: Partial<Values>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setValues(next);
    autosave.change(next);
  };
  const editing: Editing = {
    disabled: conflict || publishedMeanwhile,
    setTitle: (title) => update({ title }),
    setParagraph: (key, text) => update({ draft: { ...latest.current.draft, [key]: text } }),
    setNamed: (namedTaskIds) => update({ draft: { ...latest.current.draft, namedTaskIds } }),
    setCommended: (commendedUnitIds) => update({ draft: { ...latest.current.draft, commendedUnitIds } }),
  };

  /** After a conflict (or a publication elsewhere): the server's copy replaces the text on screen. */
  const loadServer = async () => {
    const fresh = await fetchBulletin(bulletin.id);
    queryClient.setQueryData(bulletinKeys.one(bulletin.id), fresh);
    const next = { title: fresh.title, draft: fresh.draft };
    latest.current = next;
    setValues(next);
    autosave.restart(fresh.version);
  };

  const busy = state !== 'saved';
  const waitHint = busy ? t('bulletin.saveFirst') : undefined;
  const errorMessage = error instanceof Error ? error.message : undefined;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} {...rootAttributes(bulletin, values)}>
      <MetaCard
        bulletin={bulletin}
        saved={<SavedMark state={state} message={errorMessage} testid="bulletin-saved" />}
        actions={
          <>
            <Tooltip title={waitHint}>
              <Popconfirm
                title={t('bulletin.regenerateTitle')}
                description={<div style={{ maxWidth: 320 }}>{t('bulletin.regenerateHint')}</div>}
                okText={t('bulletin.regenerate')}
                cancelText={t('common.cancel')}
                onConfirm={() =>
                  regenerate.mutate(undefined, {
                    onSuccess: (next) => {
                      autosave.rebase(next.version);
                      notifySuccess(t('bulletin.regenerated'));
                    },
                  })
                }
                okButtonProps={testId('bulletin-regenerate-confirm')}
                disabled={busy}
              >
                <Button
                  icon={<ReloadOutlined />}
                  loading={regenerate.isPending}
                  disabled={busy}
                  data-testid="bulletin-regenerate"
                >
                  {t('bulletin.regenerate')}
                </Button>
              </Popconfirm>
            </Tooltip>
            <Tooltip title={waitHint}>
              <Button
                type="primary"
                icon={<SendOutlined />}
                disabled={busy}
                onClick={() => setPublishing(true)}
                data-testid="bulletin-publish"
              >
                {t('bulletin.publish')}
              </Button>
            </Tooltip>
            <Downloads bulletin={bulletin} disabled={busy} />
          </>
        }
      />
      {conflict && (
        <Alert
          type="error"
          showIcon
          title={t('bulletin.conflict')}
          description={t('bulletin.conflictHint')}
          action={
            <Button size="small" onClick={() => void loadServer()} data-testid="bulletin-load-server">
              {t('bulletin.loadServer')}
            </Button>
          }
          data-testid="bulletin-conflict"
        />
      )}
      {publishedMeanwhile && (
        <Alert
          type="warning"
          showIcon
          title={t('bulletin.publishedMeanwhile')}
          action={
            <Button size="small" onClick={() => void loadServer()}>
              {t('bulletin.loadServer')}
            </Button>
          }
        />
      )}
      {state === 'error' && !publishedMeanwhile && !(error instanceof InvalidTitle) && errorMessage && (
        <Alert type="error" showIcon title={errorMessage} />
      )}
      <Alert type="info" showIcon title={t('bulletin.editHint')} />
      <BulletinDocument
        bulletin={bulletin}
        values={values}
        editing={editing}
        titleInvalid={state === 'error' && error instanceof InvalidTitle}
      />
      {publishing && <PublishModal bulletin={bulletin} onClose={() => setPublishing(false)} />}
    </Space>
  );
}

// ---- the card above the document ------------------------------------------------------------------------

function MetaCard({ bulletin, saved, actions }: { bulletin: Bulletin; saved?: ReactNode; actions: ReactNode }) {
  const { t, lang } = useI18n();
  return (
    <Card size="small">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Flex wrap gap={8} align="center">
          <BulletinStatusTag status={bulletin.status} />
          <Typography.Text data-testid="bulletin-period">{bulletin.period.label}</Typography.Text>
          {bulletin.number && (
            <Typography.Text strong data-testid="bulletin-number">
              {bulletin.number}
            </Typography.Text>
          )}
          <Typography.Text type="secondary">
            {bulletin.publishedAt
              ? t('bulletin.publishedLine', {
                  time: formatDateTime(bulletin.publishedAt, lang),
                  by: bulletin.publishedBy ?? '—',
                })
              : t('bulletin.generatedLine', { time: formatDateTime(bulletin.data.generatedAt, lang) })}
          </Typography.Text>
          {saved}
        </Flex>
        <Flex wrap gap={8}>
          {actions}
        </Flex>
      </Flex>
    </Card>
  );
}

function Downloads({ bulletin, disabled = false }: { bulletin: Bulletin; disabled?: boolean }) {
  const t = useT();
  return (
    <>
      <Button
        icon={<FileWordOutlined />}
        href={disabled ? undefined : bulletinDocxUrl(bulletin.id)}
        disabled={disabled}
        data-testid="bulletin-docx"
      >
        {t('bulletin.docx')}
      </Button>
      <Button
        icon={<FileExcelOutlined />}
        href={disabled ? undefined : bulletinXlsxUrl(bulletin.id)}
        disabled={disabled}
        data-testid="bulletin-xlsx"
      >
        {t('bulletin.xlsx')}
      </Button>
    </>
  );
}

// ---- the document ---------------------------------------------------------------------------------------

function BulletinDocument({
  bulletin,
  values,
  editing,
  titleInvalid = false,
}: {
  bulletin: Bulletin;
  values: Values;
  editing?: Editing;
  titleInvalid?: boolean;
}) {
  const { t, lang } = useI18n();
  const narrow = !Grid.useBreakpoint().sm;
  const data = bulletin.data;
  const para = (key: ParagraphKey) => <Paragraph name={key} values={values} editing={editing} />;
  const heading = (text: string, sub = false) => (
    <Typography.Title level={sub ? 5 : 4} style={{ marginTop: 24, fontWeight: sub ? 500 : 600 }}>
      {text}
    </Typography.Title>
  );

  return (
    <Card
      size={narrow ? 'small' : 'default'}
      styles={{ body: { maxWidth: 1100, margin: '0 auto' } }}
      data-testid="bulletin-document"
    >
      <div style={{ textAlign: 'center', marginBottom: 16 }}>
        <Typography.Text type="secondary">{bulletin.number ?? t('bulletin.draftMark')}</Typography.Text>
        {editing ? (
          <Input.TextArea
            value={values.title}
            onChange={(event) => editing.setTitle(event.target.value)}
            autoSize={{ minRows: 1, maxRows: 3 }}
            maxLength={TITLE_MAX}
            readOnly={editing.disabled}
            status={titleInvalid ? 'error' : undefined}
            aria-label={t('bulletin.titleLabel')}
            style={{ marginTop: 8, fontSize: 20, textAlign: 'center', fontWeight: 600 }}
            data-testid="bulletin-title-input"
          />
        ) : (
          <Typography.Title level={3} style={{ marginTop: 8 }} data-testid="bulletin-title">
            {values.title}
          </Typography.Title>
        )}
        {titleInvalid && <Typography.Text type="danger">{t('bulletin.titleRule', { max: TITLE_MAX })}</Typography.Text>}
      </div>
      <Typography.Paragraph>{t('bulletin.addressee')}</Typography.Paragraph>
      {para('intro')}

      {heading(t('bulletin.section.overview'))}
      {para('overview')}
      <ItemStatusLine data={data} />
      <SourceTable data={data} />

      {heading(t('bulletin.section.submission'))}
      {para('submission')}
      <SubmissionLists data={data} />

      {heading(t('bulletin.section.laggards'))}
      {para('laggards')}
      <LaggardTable data={data} draft={values.draft} editing={editing} />
      {heading(t('bulletin.section.coordination'), true)}
      {para('coordination')}
      <OpenMatters data={data} />

      {heading(t('bulletin.section.commendation'))}
      {para('commendation')}
      <CommendationTable data={data} draft={values.draft} editing={editing} />

      {heading(t('bulletin.section.requirements'))}
      {para('requirements')}

      <div style={{ textAlign: 'end', marginTop: 32 }}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('bulletin.signature')}</Typography.Paragraph>
        <Typography.Paragraph style={{ margin: 0 }}>
          {formatDate(bulletin.publishedAt ?? data.generatedAt, lang)}
        </Typography.Paragraph>
      </div>
    </Card>
  );
}

function Paragraph({ name, values, editing }: { name: ParagraphKey; values: Values; editing?: Editing }) {
  const t = useT();
  const text = values.draft[name];
  if (editing) {
    return (
      <div style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`bulletin.para.${name}`)}
        </Typography.Text>
        <Input.TextArea
          value={text}
          onChange={(event) => editing.setParagraph(name, event.target.value)}
          autoSize={{ minRows: 2, maxRows: 14 }}
          maxLength={PARAGRAPH_MAX}
          readOnly={editing.disabled}
          aria-label={t(`bulletin.para.${name}`)}
          data-testid={`bulletin-para-${name}`}
        />
      </div>
    );
  }
  if (!text) return null;
  return (
    <Typography.Paragraph
      style={{ textIndent: '2em', whiteSpace: 'pre-wrap', lineHeight: 1.9 }}
      data-testid={`bulletin-para-${name}`}
    >
      {text}
    </Typography.Paragraph>
  );
}

// ---- the figures ----------------------------------------------------------------------------------------

const ITEM_STATUS_ORDER = ['completed', 'on_track', 'lagging', 'blocked', 'not_started', 'unreported'] as const;

function itemStatusLabel(status: string, t: Translate): string {
  switch (status) {
    case 'completed':
    case 'on_track':
    case 'lagging':
    case 'blocked':
    case 'not_started':
      return t(`itemStatus.${status}`);
    default:
      return t('supervision.unreported');
  }
}

function ItemStatusLine({ data }: { data: BulletinData }) {
  const t = useT();
  const counts = data.overview.itemStatuses;
  return (
    <Flex
      wrap
      gap={8}
      align="center"
      style={{ marginBottom: 12 }}
      data-testid="bulletin-item-statuses"
      data-values={JSON.stringify(counts)}
    >
      <Typography.Text type="secondary">
        {t('bulletin.totals', { tasks: data.overview.tasks, items: data.overview.items })}
      </Typography.Text>
      {ITEM_STATUS_ORDER.filter((s) => (counts[s] ?? 0) > 0).map((s) => (
        <Tag key={s}>
          {itemStatusLabel(s, t)} {counts[s]}
        </Tag>
      ))}
    </Flex>
  );
}

type SourceRow = BulletinData['overview']['bySource'][number];

function SourceTable({ data }: { data: BulletinData }) {
  const t = useT();
  const rows = data.overview.bySource;
  const columns: TableColumnsType<SourceRow> = [
    {
      key: 'source',
      title: t('bulletin.source'),
      width: 200,
      render: (_, s) => (
        <span>
          <LevelTag level={s.level} />
          {s.title}
        </span>
      ),
    },
    { key: 'tasks', title: t('bulletin.tasks'), width: 80, align: 'right', render: (_, s) => s.tasks },
    { key: 'completed', title: t('bulletin.completed'), width: 80, align: 'right', render: (_, s) => s.completed },
    ...LIGHTS.map((light) => ({
      key: light,
      title: t(`light.${light}`),
      width: 70,
      align: 'right' as const,
      render: (_: unknown, s: SourceRow) => s.lights[light],
    })),
  ];
  const total = data.overview.taskLights;
  return (
    <div
      data-testid="bulletin-by-source"
      data-values={JSON.stringify(rows.map((s) => ({ level: s.level, tasks: s.tasks, ...s.lights })))}
    >
      <Table<SourceRow>
        rowKey={(s) => `${s.level}:${s.title}`}
        size="small"
        pagination={false}
        scroll={{ x: 640 }}
        columns={columns}
        dataSource={rows}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{t('bulletin.total')}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              {data.overview.tasks}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {rows.reduce((n, s) => n + s.completed, 0)}
            </Table.Summary.Cell>
            {LIGHTS.map((light, i) => (
              <Table.Summary.Cell key={light} index={3 + i} align="right">
                {total[light]}
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        )}
      />
    </div>
  );
}

/** Labels above the lists on a phone, beside them (one width) on a wider screen. */
function useListLayout() {
  const narrow = !Grid.useBreakpoint().sm;
  return narrow
    ? ({ layout: 'vertical' } as const)
    : ({ layout: 'horizontal', styles: { label: { width: 150 } } } as const);
}

function SubmissionLists({ data }: { data: BulletinData }) {
  const t = useT();
  const layout = useListLayout();
  const { onTime, late, missing } = data.submissions;
  const none = <Typography.Text type="secondary">{t('bulletin.none')}</Typography.Text>;
  return (
    <Descriptions
      {...layout}
      size="small"
      bordered
      column={1}
      style={{ marginBottom: 8 }}
      data-testid="bulletin-submissions"
      data-on-time={onTime.length}
      data-late={late.length}
      data-missing={missing.length}
      items={[
        {
          key: 'onTime',
          label: t('bulletin.onTime', { count: onTime.length }),
          children: onTime.length ? (
            <Flex wrap gap={4}>
              {onTime.map((u) => (
                <Tag key={u.id} color="green">
                  {u.name}
                </Tag>
              ))}
            </Flex>
          ) : (
            none
          ),
        },
        {
          key: 'late',
          label: t('bulletin.late', { count: late.length }),
          children: late.length ? (
            <Flex wrap gap={4}>
              {late.map((u) => (
                <Tag key={u.id} color="gold">
                  {t('bulletin.lateUnit', { name: u.name, days: u.lateDays })}
                </Tag>
              ))}
            </Flex>
          ) : (
            none
          ),
        },
        {
          key: 'missing',
          label: t('bulletin.missing', { count: missing.length }),
          children: missing.length ? (
            <Flex wrap gap={4}>
              {missing.map((u) => (
                <Tag key={u.id} color="red">
                  {u.name}
                </Tag>
              ))}
            </Flex>
          ) : (
            none
          ),
        },
      ]}
    />
  );
}

/** Ticks in the data's order; ids no longer in the data (after 刷新数据) drop out with the next change. */
function toggled(all: readonly string[], current: readonly string[], id: string, on: boolean): string[] {
  const chosen = new Set(current);
  if (on) chosen.add(id);
  else chosen.delete(id);
  return all.filter((x) => chosen.has(x));
}

function LaggardTable({ data, draft, editing }: { data: BulletinData; draft: BulletinDraft; editing?: Editing }) {
  const t = useT();
  const named = new Set(draft.namedTaskIds);
  const allIds = data.laggards.map((l) => l.task.id);
  const rows = editing ? data.laggards : data.laggards.filter((l) => named.has(l.task.id));
  if (!editing && rows.length === 0) return null;
  const columns: TableColumnsType<Laggard> = [
    ...(editing
      ? [
          {
            key: 'named',
            title: t('bulletin.named'),
            width: 64,
            align: 'center' as const,
            render: (_: unknown, l: Laggard) => (
              <Checkbox
                checked={named.has(l.task.id)}
                disabled={editing.disabled}
                onChange={(event) =>
                  editing.setNamed(toggled(allIds, draft.namedTaskIds, l.task.id, event.target.checked))
                }
                aria-label={t('bulletin.nameTask', { number: l.task.number ?? '' })}
                data-testid="bulletin-name-task"
              />
            ),
          },
        ]
      : []),
    {
      key: 'task',
      title: t('bulletin.task'),
      width: 320,
      render: (_, l) => (
        <Typography.Paragraph ellipsis={{ rows: 3, tooltip: l.task.text }} style={{ margin: 0 }}>
          <LevelTag level={l.task.level} short />
          {l.task.number ? `${l.task.number}. ` : ''}
          {l.task.text}
        </Typography.Paragraph>
      ),
    },
    { key: 'light', title: t('bulletin.light'), width: 80, render: (_, l) => <LightTag light={l.light} /> },
    {
      key: 'units',
      title: t('bulletin.unitsAndReasons'),
      width: 340,
      render: (_, l) => (
        <Space orientation="vertical" size={2} style={{ width: '100%' }}>
          {l.units.map((u) => (
            <div key={u.unit.id}>
              <Typography.Text strong>{u.unit.name}</Typography.Text>{' '}
              {u.status ? <ItemStatusTag status={u.status} /> : <Tag color="red">{t('supervision.unreported')}</Tag>}
              {u.reason && (
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {u.reason}
                </Typography.Text>
              )}
            </div>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <div data-testid="bulletin-laggards" style={{ marginBottom: 8 }}>
      {editing && (
        <Flex wrap gap={8} align="center" style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">
            {t('bulletin.namedCount', { named: namedCount(data, draft), total: data.laggards.length })}
          </Typography.Text>
          <Button
            size="small"
            type="link"
            disabled={editing.disabled}
            onClick={() => editing.setNamed(allIds)}
            data-testid="bulletin-name-all"
          >
            {t('bulletin.nameAll')}
          </Button>
          <Button
            size="small"
            type="link"
            disabled={editing.disabled}
            onClick={() => editing.setNamed(data.laggards.filter((l) => l.light === 'red').map((l) => l.task.id))}
          >
            {t('bulletin.nameRed')}
          </Button>
          <Button size="small" type="link" disabled={editing.disabled} onClick={() => editing.setNamed([])}>
            {t('bulletin.nameNone')}
          </Button>
        </Flex>
      )}
      <Table<Laggard>
        rowKey={(l) => l.task.id}
        size="small"
        tableLayout="fixed"
        scroll={{ x: editing ? 820 : 760 }}
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, hideOnSinglePage: true, size: 'small' } : false}
        onRow={(l) =>
          ({
            'data-testid': 'bulletin-laggard',
            'data-task': l.task.id,
            'data-light': l.light,
            'data-named': named.has(l.task.id) ? 'true' : 'false',
          }) as object
        }
        locale={{ emptyText: t('bulletin.noLaggards') }}
      />
    </div>
  );
}

function CommendationTable({ data, draft, editing }: { data: BulletinData; draft: BulletinDraft; editing?: Editing }) {
  const t = useT();
  const commended = new Set(draft.commendedUnitIds);
  const allIds = data.commendations.map((c) => c.unit.id);
  const rows = editing ? data.commendations : data.commendations.filter((c) => commended.has(c.unit.id));
  if (rows.length === 0) {
    return editing ? (
      <Typography.Paragraph type="secondary" data-testid="bulletin-no-commendations">
        {t('bulletin.noCommendations')}
      </Typography.Paragraph>
    ) : null;
  }
  const columns: TableColumnsType<Commendation> = [
    ...(editing
      ? [
          {
            key: 'commended',
            title: t('bulletin.commended'),
            width: 64,
            align: 'center' as const,
            render: (_: unknown, c: Commendation) => (
              <Checkbox
                checked={commended.has(c.unit.id)}
                disabled={editing.disabled}
                onChange={(event) =>
                  editing.setCommended(toggled(allIds, draft.commendedUnitIds, c.unit.id, event.target.checked))
                }
                aria-label={t('bulletin.commendUnit', { name: c.unit.name })}
                data-testid="bulletin-commend-unit"
              />
            ),
          },
        ]
      : []),
    { key: 'unit', title: t('bulletin.unit'), width: 180, render: (_, c) => c.unit.name },
    { key: 'items', title: t('bulletin.items'), width: 80, align: 'right', render: (_, c) => c.items },
    { key: 'reason', title: t('bulletin.reason'), width: 300, render: (_, c) => c.reason },
  ];
  return (
    <Table<Commendation>
      rowKey={(c) => c.unit.id}
      size="small"
      tableLayout="fixed"
      scroll={{ x: 600 }}
      columns={columns}
      dataSource={rows}
      pagination={false}
      style={{ marginBottom: 8 }}
      onRow={(c) =>
        ({
          'data-testid': 'bulletin-commendation',
          'data-unit': c.unit.id,
          'data-commended': commended.has(c.unit.id) ? 'true' : 'false',
        }) as object
      }
      data-testid="bulletin-commendations"
    />
  );
}

function coordinationLabel(status: string, t: Translate): string {
  const known = COORDINATION_STATUSES.find((s) => s === status);
  return known ? t(`coordinationStatus.${known}`) : status;
}

function noticeLabel(status: string, t: Translate): string {
  const known = NOTICE_STATUSES.find((s) => s === status);
  return known ? t(`noticeStatus.${known}`) : status;
}

/** Open coordination requests and 督办单 of the plan, as the figures stood. */
function OpenMatters({ data }: { data: BulletinData }) {
  const t = useT();
  const layout = useListLayout();
  if (data.coordination.length === 0 && data.notices.length === 0) return null;
  return (
    <Descriptions
      {...layout}
      size="small"
      bordered
      column={1}
      style={{ marginBottom: 8 }}
      data-testid="bulletin-open-matters"
      data-coordination={data.coordination.length}
      data-notices={data.notices.length}
      items={[
        {
          key: 'coordination',
          label: t('bulletin.openCoordination', { count: data.coordination.length }),
          children: data.coordination.length ? (
            <Space orientation="vertical" size={2}>
              {data.coordination.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the snapshot's rows carry no id
                <span key={i}>
                  {c.title} · {c.unit} <Tag>{coordinationLabel(c.status, t)}</Tag>
                </span>
              ))}
            </Space>
          ) : (
            t('bulletin.none')
          ),
        },
        {
          key: 'notices',
          label: t('bulletin.openNotices', { count: data.notices.length }),
          children: data.notices.length ? (
            <Space orientation="vertical" size={2}>
              {data.notices.map((n) => (
                <span key={n.number}>
                  {n.number} · {n.unit} <Tag>{noticeLabel(n.status, t)}</Tag>
                </span>
              ))}
            </Space>
          ) : (
            t('bulletin.none')
          ),
        },
      ]}
    />
  );
}

// ---- 发布 -----------------------------------------------------------------------------------------------

function PublishModal({ bulletin, onClose }: { bulletin: Bulletin; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ number: string }>();
  const publish = usePublishBulletin(bulletin.id);
  const all = useBulletins(undefined);
  const ready = all.isSuccess;
  const numbers = (all.data ?? []).flatMap((b) => (b.number ? [b.number] : []));
  // The server proposes the number (the next of the year) and checks an edited one.
  const suggestion = bulletin.proposedNumber ?? '';

  return (
    <Modal
      open
      title={t('bulletin.publishTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('bulletin.publish')}
      okButtonProps={{ ...testId('bulletin-publish-submit'), disabled: !ready }}
      confirmLoading={publish.isPending}
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('bulletin.publishWarning')} />
      {publish.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={publish.error.message}
          data-testid="bulletin-publish-error"
        />
      )}
      {ready ? (
        <Form<{ number: string }>
          form={form}
          layout="vertical"
          initialValues={{ number: suggestion }}
          disabled={publish.isPending}
          onFinish={(values) =>
            publish.mutate(values.number.trim(), {
              onSuccess: (published) => {
                notifySuccess(t('bulletin.published', { number: published.number ?? '' }));
                onClose();
              },
            })
          }
        >
          <Form.Item
            name="number"
            label={t('bulletin.number')}
            extra={
              numbers.length
                ? t('bulletin.numbersUsed', { numbers: numbers.slice(0, 3).join('、') })
                : t('bulletin.numberHint')
            }
            rules={[
              { required: true, whitespace: true, message: t('bulletin.numberRequired') },
              schemaRule(publishBulletinBodySchema.shape.number, t('bulletin.numberRule')),
            ]}
          >
            <Input maxLength={60} data-testid="bulletin-number-input" data-suggested={suggestion} />
          </Form.Item>
        </Form>
      ) : (
        <Skeleton active paragraph={{ rows: 1 }} />
      )}
    </Modal>
  );
}
