// The import wizard's steps, and what the preview shows: banners, the document, the sources with their sections, the unit matches.

import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Collapse,
  Descriptions,
  Flex,
  Row,
  Segmented,
  Space,
  Steps,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ImportPreview, UnitMatch } from '../../api/types';
import { ListTable } from '../../components/ListTable';
import { LevelTag, MatchTag } from '../../components/tags';
import { useT } from '../../i18n';
import { MATCH_KINDS, type MatchKind } from '../../vocab';
import { buildSectionTree } from './importText';

export function WizardSteps({ current }: { current: number }) {
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

export function Banners({ preview }: { preview: ImportPreview }) {
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

export function DocumentInfo({ preview }: { preview: ImportPreview }) {
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
        { key: 'title', label: t('import.docTitle'), children: doc.title ?? '—', span: { xs: 1, md: 2 } },
        { key: 'docNo', label: t('import.docNo'), children: doc.docNo ?? '—' },
        { key: 'issuer', label: t('import.issuer'), children: doc.issuer ?? '—' },
        { key: 'date', label: t('import.date'), children: doc.date ?? '—' },
        { key: 'file', label: t('import.file'), children: preview.fileName },
        {
          key: 'sha',
          label: 'SHA-256',
          span: { xs: 1, md: 2 },
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

export function SourceCards({ sources }: { sources: ImportPreview['sources'] }) {
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

export function UnitMatches({
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
      <ListTable<UnitMatch & { index: number }>
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
