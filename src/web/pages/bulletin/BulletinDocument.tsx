// The bulletin as the document it prints as: its meta card, downloads and paragraphs.

import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Grid, Input, Typography } from 'antd';
import type { ReactNode } from 'react';
import { bulletinDocxUrl, bulletinXlsxUrl } from '../../api/bulletins';
import type { Bulletin } from '../../api/types';
import { formatDate, formatDateTime } from '../../format';
import { useI18n, useT } from '../../i18n';
import { BulletinStatusTag } from '../BulletinsPage';
import { ItemStatusLine, ProgressLine, SourceTable, SubmissionLists } from './Figures';
import { type Editing, PARAGRAPH_MAX, type ParagraphKey, TITLE_MAX, type Values } from './model';
import {
  BlacklistTable,
  CommendationTable,
  CompletedLateTable,
  DelaysTable,
  InstructionsTable,
  LaggardTable,
  OpenMatters,
} from './NamedTables';

export function MetaCard({ bulletin, saved, actions }: { bulletin: Bulletin; saved?: ReactNode; actions: ReactNode }) {
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
          {bulletin.signoff === 'approved' && bulletin.approver && bulletin.signedOffAt && (
            <Typography.Text type="secondary" data-testid="bulletin-signed-line">
              {t('bulletin.signedLine', {
                name: bulletin.approver.name,
                time: formatDateTime(bulletin.signedOffAt, lang),
              })}
            </Typography.Text>
          )}
          {saved}
        </Flex>
        <Flex wrap gap={8}>
          {actions}
        </Flex>
      </Flex>
    </Card>
  );
}

export function Downloads({ bulletin, disabled = false }: { bulletin: Bulletin; disabled?: boolean }) {
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

export function BulletinDocument({
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
      size={narrow ? 'small' : undefined}
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
      <ProgressLine data={data} />
      <SourceTable data={data} />

      {heading(t('bulletin.section.submission'))}
      {para('submission')}
      <SubmissionLists data={data} />
      <DelaysTable data={data} />

      {heading(t('bulletin.section.laggards'))}
      {para('laggards')}
      <LaggardTable data={data} draft={values.draft} editing={editing} />
      <CompletedLateTable data={data} />
      <BlacklistTable data={data} />
      <InstructionsTable data={data} draft={values.draft} editing={editing} />
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
