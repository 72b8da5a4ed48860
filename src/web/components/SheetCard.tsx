// Excel 批量填报 on a unit's submission: download the period's sheet, fill it offline, upload it for a preview
// (every change, every refused cell), then 全部导入 — all applied in one go, or nothing.

import { CloudUploadOutlined, DownloadOutlined, ImportOutlined } from '@ant-design/icons';
import type { QueryKey } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { SheetPreview } from '../../api/sheets';
import { isApiError } from '../api/client';
import { periodSheetUrl, useApplySheet, useUploadSheet } from '../api/sheets';
import { useI18n } from '../i18n';
import { notifySuccess } from '../notify';
import { ListTable } from './ListTable';

type Change = SheetPreview['changes'][number];
type SheetError = SheetPreview['errors'][number];

/** The refused cells of a 400 `sheet_invalid` answer (details.errors), if it sent them. */
function invalidErrors(error: unknown): SheetError[] | null {
  if (!isApiError(error, 400) || error.code !== 'sheet_invalid') return null;
  const details = error.details;
  if (typeof details !== 'object' || details === null || !('errors' in details)) return null;
  return Array.isArray(details.errors) ? (details.errors as SheetError[]) : null;
}

export function SheetCard({
  periodId,
  submissionKey,
  canUpload,
  blocked,
  onApplied,
}: {
  periodId: string;
  submissionKey: QueryKey;
  /** The submission may be edited now (a draft, returned or awaiting sign-off). */
  canUpload: boolean;
  /** Item edits not yet saved: they would be overwritten. */
  blocked: boolean;
  onApplied: () => void;
}) {
  const { t, lang } = useI18n();
  const upload = useUploadSheet(periodId);
  const apply = useApplySheet(submissionKey);
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const refused = invalidErrors(apply.error);
  const errors = refused ?? preview?.errors ?? [];
  const applied = Boolean(preview?.appliedAt);
  const ready = preview !== null && preview.changes.length > 0 && errors.length === 0 && !applied;
  const busy = upload.isPending || apply.isPending;

  return (
    <Card size="small" title={t('sheet.title')} data-testid="sheet">
      <Spin spinning={busy} description={upload.isPending ? t('sheet.uploading') : t('sheet.applying')}>
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('sheet.hint')}</Typography.Text>
          <Flex wrap gap={8}>
            <Button icon={<DownloadOutlined />} href={periodSheetUrl(periodId)} data-testid="sheet-download">
              {t('sheet.download')}
            </Button>
            {canUpload && (
              <Upload
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                maxCount={1}
                showUploadList={false}
                disabled={busy || blocked}
                beforeUpload={(file) => {
                  setPreview(null);
                  apply.reset();
                  upload.mutate(file, { onSuccess: setPreview });
                  return false;
                }}
              >
                <Button icon={<CloudUploadOutlined />} disabled={busy || blocked} data-testid="sheet-upload">
                  {t('sheet.upload')}
                </Button>
              </Upload>
            )}
          </Flex>
          {blocked && canUpload && <Typography.Text type="warning">{t('sheet.saveFirst')}</Typography.Text>}
          {upload.isError && <Alert type="error" showIcon title={upload.error.message} data-testid="sheet-error" />}
          {apply.isError && !refused && <Alert type="error" showIcon title={apply.error.message} />}
          {preview && (
            <div data-testid="sheet-preview" data-changes={preview.changes.length} data-errors={errors.length}>
              <Typography.Paragraph>
                {t('sheet.summary', { rows: preview.rows, changes: preview.changes.length, errors: errors.length })}
              </Typography.Paragraph>
              {applied ? (
                <Alert type="success" showIcon title={t('sheet.applied')} data-testid="sheet-applied" />
              ) : preview.changes.length === 0 && errors.length === 0 ? (
                <Alert type="info" showIcon title={t('sheet.noChanges')} />
              ) : null}
              {errors.length > 0 && (
                <>
                  <Typography.Title level={5} type="danger">
                    {t('sheet.errors')}
                  </Typography.Title>
                  <ListTable<SheetError & { key: number }>
                    size="small"
                    rowKey="key"
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                    scroll={{ x: 'max-content' }}
                    dataSource={errors.map((error, key) => ({ ...error, key }))}
                    onRow={() => ({ 'data-testid': 'sheet-error-row' }) as object}
                    columns={[
                      { key: 'row', title: t('sheet.row'), width: 64, render: (_, e) => e.row ?? '—' },
                      { key: 'column', title: t('sheet.column'), width: 110, render: (_, e) => e.column ?? '—' },
                      { key: 'value', title: t('sheet.value'), width: 160, render: (_, e) => e.value ?? '—' },
                      {
                        key: 'message',
                        title: t('sheet.message'),
                        render: (_, e) => (lang === 'en' ? e.message.en : e.message.zh),
                      },
                    ]}
                  />
                </>
              )}
              {preview.changes.length > 0 && (
                <>
                  <Typography.Title level={5}>{t('sheet.changes')}</Typography.Title>
                  <ListTable<Change & { key: number }>
                    size="small"
                    rowKey="key"
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                    scroll={{ x: 'max-content' }}
                    dataSource={preview.changes.map((change, key) => ({ ...change, key }))}
                    onRow={() => ({ 'data-testid': 'sheet-change-row' }) as object}
                    columns={[
                      { key: 'row', title: t('sheet.row'), width: 64, render: (_, c) => c.row },
                      { key: 'task', title: t('sheet.task'), width: 200, render: (_, c) => <Clip text={c.task} /> },
                      {
                        key: 'field',
                        title: t('sheet.field'),
                        width: 90,
                        render: (_, c) => t(`sheet.field.${c.field}`),
                      },
                      { key: 'from', title: t('sheet.from'), width: 200, render: (_, c) => <Clip text={c.from} /> },
                      { key: 'to', title: t('sheet.to'), width: 200, render: (_, c) => <Clip text={c.to} strong /> },
                    ]}
                  />
                </>
              )}
              {!applied && (
                <Button
                  type="primary"
                  icon={<ImportOutlined />}
                  disabled={!ready || blocked}
                  loading={apply.isPending}
                  style={{ marginTop: 12 }}
                  onClick={() =>
                    apply.mutate(preview.uploadId, {
                      onSuccess: (answer) => {
                        setPreview(answer);
                        notifySuccess(t('sheet.applied'));
                        onApplied();
                      },
                    })
                  }
                  data-testid="sheet-apply"
                >
                  {t('sheet.apply')}
                </Button>
              )}
            </div>
          )}
        </Flex>
      </Spin>
    </Card>
  );
}

function Clip({ text, strong = false }: { text: string; strong?: boolean }) {
  return (
    <Typography.Paragraph ellipsis={{ rows: 2, tooltip: text }} strong={strong} style={{ margin: 0 }}>
      {text || '—'}
    </Typography.Paragraph>
  );
}
