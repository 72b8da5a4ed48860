// The notice import wizard: upload → preview (what the parser found, how the units match) → confirm.
// /imports/new is the upload step; /imports/:id is the draft of one upload (reload-safe), kept on the server:
// its tasks and warnings are read page by page (a notice may hold 100,000 tasks).

import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  Collapse,
  Descriptions,
  Flex,
  InputNumber,
  Popconfirm,
  Row,
  Segmented,
  Space,
  Spin,
  Steps,
  Table,
  Tabs,
  Tag,
  Tree,
  type TreeDataNode,
  Typography,
  Upload,
  type UploadProps,
} from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  MAX_NOTICE_BYTES,
  NOTICE_EXTENSIONS,
  useConfirmImport,
  useDiscardImport,
  useDraftTasks,
  useDraftWarnings,
  useImportPreview,
  useUploadNotice,
} from '../api/imports';
import type { DraftTask, DraftTaskPage, DraftWarningPage, ImportPreview, UnitMatch } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { PageLoading, QueryError } from '../components/status';
import { LevelTag, MatchTag } from '../components/tags';
import { type Translate, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { MATCH_KINDS, type MatchKind } from '../vocab';

type Warning = DraftWarningPage['items'][number];
type PreviewSource = ImportPreview['sources'][number];

function WizardSteps({ current }: { current: number }) {
  const t = useT();
  return (
    <Steps
      current={current}
      style={{ marginBottom: 24 }}
      items={[
        { title: t('import.stepUpload') },
        { title: t('import.stepPreview') },
        { title: t('import.stepConfirm') },
      ]}
      data-testid="import-steps"
    />
  );
}

export default function ImportPage() {
  const t = useT();
  const { id } = useParams();
  return (
    <div>
      <PageHeader title={t('import.title')} />
      {id ? <PreviewWizard id={id} /> : <UploadStep />}
    </div>
  );
}

// ---- step 1: upload ---------------------------------------------------------------------------

function formatMb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function UploadStep() {
  const t = useT();
  const navigate = useNavigate();
  const upload = useUploadNotice();
  const [localError, setLocalError] = useState<string | null>(null);

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    const dot = file.name.lastIndexOf('.');
    const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
    if (!(NOTICE_EXTENSIONS as readonly string[]).includes(ext)) {
      setLocalError(t('import.badType', { name: file.name }));
    } else if (file.size > MAX_NOTICE_BYTES) {
      setLocalError(
        t('import.tooBig', { name: file.name, size: formatMb(file.size), max: formatMb(MAX_NOTICE_BYTES) }),
      );
    } else if (file.size === 0) {
      setLocalError(t('import.empty', { name: file.name }));
    } else {
      setLocalError(null);
      upload.mutate(file, { onSuccess: (preview) => navigate(`/imports/${preview.id}`) });
    }
    return Upload.LIST_IGNORE;
  };

  const error = localError ?? (upload.isError ? upload.error.message : null);
  return (
    <Card>
      <WizardSteps current={0} />
      <Spin spinning={upload.isPending} description={t('import.parsing')}>
        <Upload.Dragger
          accept={NOTICE_EXTENSIONS.join(',')}
          multiple={false}
          showUploadList={false}
          beforeUpload={beforeUpload}
          disabled={upload.isPending}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.dropHere')}</p>
          <p className="ant-upload-hint">{t('import.dropHint', { max: formatMb(MAX_NOTICE_BYTES) })}</p>
        </Upload.Dragger>
      </Spin>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" />}
    </Card>
  );
}

// ---- steps 2 and 3: preview and confirm ---------------------------------------------------------

function PreviewWizard({ id }: { id: string }) {
  const t = useT();
  const navigate = useNavigate();
  const preview = useImportPreview(id);
  const confirm = useConfirmImport();
  const discard = useDiscardImport();
  const submitting = useRef(false);
  const [step, setStep] = useState<1 | 2>(1);
  const [approved, setApproved] = useState<ReadonlySet<string>>(new Set());
  const [year, setYear] = useState<number | null>(null);

  const data = preview.data;
  const newUnits = useMemo(
    () => [...new Set((data?.units ?? []).filter((u) => u.match === 'new').map((u) => u.name))],
    [data],
  );

  if (preview.isPending) return <PageLoading />;
  if (preview.isError) return <QueryError error={preview.error} onRetry={() => preview.refetch()} />;
  const p = preview.data;

  const unapproved = newUnits.filter((name) => !approved.has(name));
  const documentYear = p.document.date ? Number(p.document.date.slice(0, 4)) : new Date().getFullYear();
  const effectiveYear = year ?? documentYear;
  const open = p.status === 'previewed';
  const canConfirm = open && unapproved.length === 0 && !confirm.isPending;

  const toggle = (name: string, on: boolean) =>
    setApproved((previous) => {
      const next = new Set(previous);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });

  const submit = () => {
    if (!canConfirm || submitting.current) return;
    submitting.current = true;
    confirm.mutate(
      { id, body: { approveNewUnits: newUnits, year: effectiveYear } },
      {
        onSuccess: (result) => {
          notifySuccess(t('import.confirmed'));
          navigate(`/plans/${result.planId}`);
        },
        onSettled: () => {
          submitting.current = false;
        },
      },
    );
  };

  return (
    <Card>
      <WizardSteps current={step} />
      <Banners preview={p} />

      {step === 1 && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <DocumentInfo preview={p} />
          <SourceCards sources={p.sources} />
          <Tabs
            items={[
              {
                key: 'units',
                label: (
                  <Space size={6}>
                    {t('import.unitsTab')}
                    {newUnits.length > 0 && (
                      <Badge
                        count={unapproved.length}
                        overflowCount={999}
                        showZero
                        color={unapproved.length ? 'orange' : 'green'}
                      />
                    )}
                  </Space>
                ),
                children: (
                  <UnitMatches
                    units={p.units}
                    approved={approved}
                    onToggle={toggle}
                    onApproveAll={() => setApproved(new Set(newUnits))}
                    editable={open}
                  />
                ),
              },
              {
                key: 'tasks',
                label: (
                  <Space size={6}>
                    {t('import.tasksTab')}
                    <Badge count={p.taskCount} showZero overflowCount={999999} color="blue" />
                  </Space>
                ),
                children: <DraftTasks id={id} first={p.tasks} />,
              },
              {
                key: 'warnings',
                label: (
                  <Space size={6}>
                    {t('import.warningsTab')}
                    <Badge
                      count={p.warningCount}
                      showZero
                      overflowCount={999999}
                      color={p.warningCount ? 'gold' : 'green'}
                      data-testid="import-warning-count"
                    />
                  </Space>
                ),
                children: <Warnings id={id} first={p.warnings} />,
              },
            ]}
          />
          <Flex justify="space-between">
            <Space>
              <Button onClick={() => navigate('/imports/new')} data-testid="import-restart">
                {t('import.uploadAnother')}
              </Button>
              {open && (
                <Popconfirm
                  title={t('import.discardConfirm')}
                  onConfirm={() =>
                    discard.mutate(id, {
                      onSuccess: () => {
                        notifySuccess(t('import.discarded'));
                        navigate('/imports/new');
                      },
                    })
                  }
                >
                  <Button danger loading={discard.isPending} data-testid="import-discard">
                    {t('import.discard')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
            <Button type="primary" onClick={() => setStep(2)} data-testid="import-next">
              {t('common.next')}
            </Button>
          </Flex>
        </Space>
      )}

      {step === 2 && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'title', label: t('import.docTitle'), children: p.document.title ?? p.fileName },
              { key: 'docNo', label: t('import.docNo'), children: p.document.docNo ?? '—' },
              {
                key: 'tasks',
                label: t('import.taskCount'),
                children: t('import.tasksBySource', {
                  total: p.sources.reduce((sum, s) => sum + s.taskCount, 0),
                  sources: p.sources.length,
                }),
              },
              {
                key: 'units',
                label: t('import.newUnits'),
                children: t('import.approvedOf', {
                  approved: newUnits.length - unapproved.length,
                  total: newUnits.length,
                }),
              },
              {
                key: 'warnings',
                label: t('import.warningsTab'),
                children: p.warningCount,
              },
              {
                key: 'year',
                label: t('import.year'),
                children: (
                  <InputNumber
                    min={2000}
                    max={2100}
                    precision={0}
                    value={effectiveYear}
                    onChange={(value) => setYear(typeof value === 'number' ? value : null)}
                    disabled={!open}
                    data-testid="import-year"
                  />
                ),
              },
            ]}
          />
          {unapproved.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t('import.mustApprove', { count: unapproved.length })}
              action={
                <Button size="small" onClick={() => setStep(1)}>
                  {t('import.backToReview')}
                </Button>
              }
              data-testid="import-unapproved"
            />
          )}
          {confirm.isError && <Alert type="error" showIcon title={confirm.error.message} />}
          <Flex justify="space-between">
            <Button onClick={() => setStep(1)} disabled={confirm.isPending} data-testid="import-back">
              {t('common.previous')}
            </Button>
            <Button
              type="primary"
              onClick={submit}
              disabled={!canConfirm}
              loading={confirm.isPending}
              data-testid="import-confirm"
            >
              {p.revises ? t('import.confirmRevision') : t('import.confirm')}
            </Button>
          </Flex>
        </Space>
      )}
    </Card>
  );
}

function Banners({ preview }: { preview: ImportPreview }) {
  const t = useT();
  const { duplicateOf, revises, status } = preview;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
      {status === 'applied' && <Alert type="success" showIcon title={t('import.statusApplied')} />}
      {status === 'superseded' && <Alert type="warning" showIcon title={t('import.statusSuperseded')} />}
      {preview.expiresAt && (
        <Alert type="info" showIcon title={t('import.expiresAt', { date: preview.expiresAt.slice(0, 10) })} />
      )}
      {duplicateOf && (
        <Alert
          type="warning"
          showIcon
          data-testid="import-duplicate"
          title={t('import.duplicate')}
          description={
            <span>
              {t('import.duplicateOf')}
              <Link to={`/plans/${duplicateOf.planId}`}>{duplicateOf.title}</Link>
            </span>
          }
        />
      )}
      {revises && (
        <Alert
          type="info"
          showIcon
          data-testid="import-revises"
          title={
            <span>
              {t('import.revises')}
              <Link to={`/plans/${revises.planId}`}>{revises.title}</Link>
            </span>
          }
          description={
            <Space orientation="vertical" size={4}>
              <span>
                {t('import.revisionCounts', {
                  added: revises.changes.added,
                  removed: revises.changes.removed,
                  changed: revises.changes.changed,
                })}
              </span>
              {revises.samples.map((sample) => (
                <span key={`${sample.kind}|${sample.label}`}>
                  <Tag color={{ added: 'green', removed: 'red', changed: 'orange' }[sample.kind]}>
                    {t(`revision.${sample.kind}`)}
                  </Tag>
                  {sample.label}
                </span>
              ))}
            </Space>
          }
        />
      )}
    </Space>
  );
}

function DocumentInfo({ preview }: { preview: ImportPreview }) {
  const t = useT();
  const doc = preview.document;
  return (
    <Descriptions
      title={t('import.document')}
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      data-testid="import-document"
      items={[
        { key: 'title', label: t('import.docTitle'), children: doc.title ?? '—', span: 2 },
        { key: 'docNo', label: t('import.docNo'), children: doc.docNo ?? '—' },
        { key: 'issuer', label: t('import.issuer'), children: doc.issuer ?? '—' },
        { key: 'date', label: t('import.date'), children: doc.date ?? '—' },
        { key: 'file', label: t('import.file'), children: preview.fileName },
        {
          key: 'sha',
          label: 'SHA-256',
          span: 2,
          children: (
            <Typography.Text copyable={{ text: preview.sha256 }} code>
              {preview.sha256.slice(0, 16)}…
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

interface SectionTreeNode extends TreeDataNode {
  key: string;
  label: string;
  own: number;
  count: number;
  children: SectionTreeNode[];
}

/** The preview lists sections as heading paths with the tasks directly under each; nest them and add up. */
export function buildSectionTree(sections: PreviewSource['sections'], t: Translate): SectionTreeNode[] {
  const root: SectionTreeNode = { key: '', label: '', own: 0, count: 0, children: [] };
  for (const section of sections) {
    let node = root;
    const path = section.path.length ? section.path : [t('import.noSection')];
    path.forEach((part, depth) => {
      const key = path.slice(0, depth + 1).join('\u001f');
      let child = node.children.find((c) => c.key === key);
      if (!child) {
        child = { key, label: part, own: 0, count: 0, children: [] };
        node.children.push(child);
      }
      node = child;
    });
    node.own += section.taskCount;
  }
  const total = (node: SectionTreeNode): number => {
    node.count = node.own + node.children.reduce((sum, child) => sum + total(child), 0);
    node.title = `${node.label}（${node.count}）`;
    return node.count;
  };
  for (const child of root.children) total(child);
  return root.children;
}

function SourceCards({ sources }: { sources: ImportPreview['sources'] }) {
  const t = useT();
  return (
    <Row gutter={[16, 16]} data-testid="import-sources">
      {sources.map((source) => (
        <Col key={source.index} xs={24} lg={8}>
          <Card
            size="small"
            title={
              <Space>
                <LevelTag level={source.level} />
                <span>{t('import.attachment', { index: source.index })}</span>
              </Space>
            }
            extra={
              <Typography.Text strong data-testid="import-source-count">
                {t('import.taskCountN', { count: source.taskCount })}
              </Typography.Text>
            }
          >
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: source.title }}>{source.title}</Typography.Paragraph>
            <Collapse
              size="small"
              items={[
                {
                  key: 'sections',
                  label: t('import.sectionsN', { count: source.sections.length }),
                  children: (
                    <Tree treeData={buildSectionTree(source.sections, t)} selectable={false} defaultExpandAll />
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function UnitMatches({
  units,
  approved,
  onToggle,
  onApproveAll,
  editable,
}: {
  units: UnitMatch[];
  approved: ReadonlySet<string>;
  onToggle: (name: string, on: boolean) => void;
  onApproveAll: () => void;
  editable: boolean;
}) {
  const t = useT();
  const [filter, setFilter] = useState<MatchKind | 'all'>('all');
  const counts = Object.fromEntries(MATCH_KINDS.map((kind) => [kind, units.filter((u) => u.match === kind).length]));
  // New units first: they are the ones that need a decision.
  const rows = units
    .map((unit, index) => ({ ...unit, index }))
    .filter((unit) => filter === 'all' || unit.match === filter)
    .sort((a, b) => Number(b.match === 'new') - Number(a.match === 'new') || a.index - b.index);
  const pendingNew = units.some((u) => u.match === 'new' && !approved.has(u.name));

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Flex justify="space-between" wrap gap={8}>
        <Segmented<MatchKind | 'all'>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: t('import.allUnits', { count: units.length }) },
            ...MATCH_KINDS.map((kind) => ({ value: kind, label: `${t(`match.${kind}`)} ${counts[kind] ?? 0}` })),
          ]}
        />
        {counts.new ? (
          <Button onClick={onApproveAll} disabled={!editable || !pendingNew} data-testid="import-approve-all">
            {t('import.approveAll')}
          </Button>
        ) : null}
      </Flex>
      <Table<UnitMatch & { index: number }>
        size="small"
        rowKey="index"
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="import-units"
        columns={[
          { key: 'name', title: t('import.unitAsPrinted'), dataIndex: 'name' },
          { key: 'level', title: t('unit.level'), width: 90, render: (_, u) => <LevelTag level={u.level} /> },
          { key: 'match', title: t('import.match'), width: 110, render: (_, u) => <MatchTag match={u.match} /> },
          {
            key: 'canonical',
            title: t('import.canonical'),
            render: (_, u) => u.canonicalName ?? (u.match === 'new' ? t('import.willCreate') : '—'),
          },
          { key: 'tasks', title: t('import.tasks'), dataIndex: 'taskCount', width: 80, align: 'right' },
          {
            key: 'approve',
            title: t('import.approve'),
            width: 90,
            align: 'center',
            render: (_, u) =>
              u.match === 'new' ? (
                <Checkbox
                  checked={approved.has(u.name)}
                  onChange={(event) => onToggle(u.name, event.target.checked)}
                  disabled={!editable}
                  aria-label={t('import.approveUnit', { name: u.name })}
                  data-testid="import-approve"
                />
              ) : null,
          },
        ]}
      />
    </Space>
  );
}

/** Server-side pages: antd's pager asks for the page, the server answers it. */
/** The page of a draft list the user is on, and the antd pagination that moves it (the server answers each page). */
function usePager() {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const pagination = (total: number) => ({
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100, 200],
    hideOnSinglePage: true,
    onChange: (next: number, size: number) => {
      setPage(size === pageSize ? next : 1);
      setPageSize(size);
    },
  });
  return { page, pageSize, pagination };
}

function DraftTasks({ id, first }: { id: string; first: DraftTaskPage }) {
  const t = useT();
  const pager = usePager();
  const query = useDraftTasks(id, pager.page, pager.pageSize, first);
  const data = query.data ?? first;
  return (
    <Table<DraftTask>
      size="small"
      rowKey="position"
      loading={query.isFetching}
      dataSource={data.items}
      data-testid="import-tasks"
      pagination={pager.pagination(data.total)}
      columns={[
        { key: 'line', title: t('import.line'), dataIndex: 'line', width: 80 },
        { key: 'number', title: t('import.number'), width: 90, render: (_, task) => task.number ?? '—' },
        { key: 'text', title: t('import.taskText'), dataIndex: 'text' },
        {
          key: 'units',
          title: t('import.taskUnits'),
          width: 240,
          render: (_, task) => task.assignments.map((a) => a.unit).join('、') || '—',
        },
        { key: 'deadline', title: t('import.deadline'), width: 110, render: (_, task) => task.deadline ?? '—' },
      ]}
    />
  );
}

function Warnings({ id, first }: { id: string; first: DraftWarningPage }) {
  const t = useT();
  const pager = usePager();
  const query = useDraftWarnings(id, pager.page, pager.pageSize, first);
  const data = query.data ?? first;
  if (data.total === 0) return <Alert type="success" showIcon title={t('import.noWarnings')} />;
  return (
    <Table<Warning>
      size="small"
      rowKey="position"
      loading={query.isFetching}
      dataSource={data.items}
      data-testid="import-warnings"
      pagination={pager.pagination(data.total)}
      columns={[
        { key: 'line', title: t('import.line'), dataIndex: 'line', width: 80 },
        { key: 'code', title: t('import.code'), width: 200, render: (_, w) => <Tag>{w.code}</Tag> },
        { key: 'message', title: t('import.message'), dataIndex: 'message' },
      ]}
    />
  );
}
