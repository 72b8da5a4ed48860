// 导入单位名录: download the template, upload the filled sheet for a per-row preview (new, aliases added, unchanged,
// or an error with its reason), then 确认导入 — the same file uploaded again and written all or nothing.

import { CloudUploadOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Modal, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { UnitImportOutcome, UnitImportResult, UnitImportRow } from '../../api/unit-import';
import { isApiError } from '../api/client';
import { unitTemplateUrl, useApplyUnitImport, usePreviewUnitImport } from '../api/units';
import { useI18n } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';
import { ListTable } from './ListTable';

/** The accounts import's size limit, which the directory import shares (src/core/limits.ts, ACCOUNT_LIMITS). */
const MAX_BYTES = 2 * 1024 * 1024;

const OUTCOME_COLOR: Record<UnitImportOutcome, string> = {
  new: 'green',
  updated: 'blue',
  unchanged: 'default',
  error: 'red',
};

/** The refused rows of a 400 `unit_sheet_rows_invalid` answer (the directory changed since the preview). */
function refusedRows(error: unknown): UnitImportRow[] | null {
  if (!isApiError(error, 400) || error.code !== 'unit_sheet_rows_invalid') return null;
  const details = error.details;
  if (typeof details !== 'object' || details === null || !('rows' in details)) return null;
  return Array.isArray(details.rows) ? (details.rows as UnitImportRow[]) : null;
}

export function UnitImportModal({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const preview = usePreviewUnitImport();
  const apply = useApplyUnitImport();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<UnitImportResult | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const refused = refusedRows(apply.error);
  const rows = refused ?? result?.rows ?? [];
  const writable =
    result !== null && !refused && result.counts.error === 0 && result.counts.new + result.counts.updated > 0;
  const error = localError ?? (preview.error?.message || (refused ? null : apply.error?.message)) ?? null;

  const choose = (chosen: File) => {
    setResult(null);
    setFile(null);
    preview.reset();
    apply.reset();
    if (!chosen.name.toLowerCase().endsWith('.xlsx')) {
      setLocalError(t('unitImport.badType', { name: chosen.name }));
      return;
    }
    if (chosen.size > MAX_BYTES) {
      setLocalError(t('unitImport.tooBig', { name: chosen.name }));
      return;
    }
    setLocalError(null);
    setFile(chosen);
    preview.mutate(chosen, { onSuccess: setResult });
  };

  const confirm = () => {
    if (!file || !writable || apply.isPending) return;
    apply.mutate(file, {
      onSuccess: (done) => {
        notifySuccess(t('unitImport.done', { created: done.counts.new, updated: done.counts.updated }));
        onClose();
      },
    });
  };

  return (
    <Modal
      open
      width={960}
      title={t('unitImport.title')}
      onCancel={onClose}
      onOk={confirm}
      okText={t('unitImport.confirm')}
      okButtonProps={{ disabled: !writable, ...testId('unit-import-confirm') }}
      confirmLoading={apply.isPending}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('unitImport.hint')}</Typography.Text>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={unitTemplateUrl()} data-testid="unit-import-template">
            {t('unitImport.template')}
          </Button>
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(chosen) => {
              choose(chosen);
              return Upload.LIST_IGNORE;
            }}
            disabled={preview.isPending || apply.isPending}
            data-testid="unit-import-input"
          >
            <Button
              type="primary"
              icon={<CloudUploadOutlined />}
              loading={preview.isPending}
              data-testid="unit-import-upload"
            >
              {file ? t('unitImport.uploadAgain') : t('unitImport.upload')}
            </Button>
          </Upload>
          {file && <Typography.Text>{file.name}</Typography.Text>}
        </Space>
        {error && <Alert type="error" showIcon title={error} data-testid="unit-import-error" />}
        {refused && (
          <Alert type="error" showIcon title={t('unitImport.changedSince')} data-testid="unit-import-refused" />
        )}
        {result && !refused && (
          <Alert
            type={result.counts.error > 0 ? 'warning' : 'info'}
            showIcon
            data-testid="unit-import-summary"
            title={t('unitImport.summary', {
              created: result.counts.new,
              updated: result.counts.updated,
              unchanged: result.counts.unchanged,
              errors: result.counts.error,
            })}
            description={result.counts.error > 0 ? t('unitImport.fixErrors') : undefined}
          />
        )}
        {(result || refused) && (
          <ListTable<UnitImportRow>
            rowKey="row"
            size="small"
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="unit-import-preview"
            onRow={(row) => ({ 'data-outcome': row.outcome }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'row', title: t('unitImport.row'), dataIndex: 'row', width: 64, align: 'right' },
              {
                key: 'name',
                title: t('unit.name'),
                render: (_, row) => <Typography.Text strong>{row.name || '—'}</Typography.Text>,
              },
              {
                key: 'aliases',
                title: t('unit.aliases'),
                render: (_, row) =>
                  row.aliases.length === 0 ? (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ) : (
                    <span>
                      {row.aliases.map((alias) => (
                        <Tag key={alias} color={row.addedAliases.includes(alias) ? 'green' : undefined}>
                          {alias}
                        </Tag>
                      ))}
                    </span>
                  ),
              },
              {
                key: 'level',
                title: t('unit.level'),
                width: 80,
                render: (_, row) => (row.level ? t(`level.${row.level}`) : '—'),
              },
              {
                key: 'kind',
                title: t('unit.kind'),
                width: 120,
                render: (_, row) => (row.kind ? t(`unitKind.${row.kind}`) : '—'),
              },
              {
                key: 'outcome',
                title: t('unitImport.outcome'),
                width: 100,
                render: (_, row) => (
                  <Tag color={OUTCOME_COLOR[row.outcome]}>{t(`unitImport.outcome.${row.outcome}`)}</Tag>
                ),
              },
              {
                key: 'reason',
                title: t('unitImport.reason'),
                render: (_, row) =>
                  row.reason ? (
                    <Typography.Text type="danger">{lang === 'en' ? row.reason.en : row.reason.zh}</Typography.Text>
                  ) : row.outcome === 'updated' && row.addedAliases.length > 0 ? (
                    t('unitImport.aliasesAdded', { aliases: row.addedAliases.join(lang === 'en' ? ', ' : '、') })
                  ) : (
                    ''
                  ),
              },
            ]}
          />
        )}
      </Flex>
    </Modal>
  );
}
