// Passwords the server generated, shown exactly once: copy buttons, and a CSV built in the browser.

import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Typography } from 'antd';
import { useT } from '../i18n';
import { ListTable } from './ListTable';

export interface SecretEntry {
  username: string;
  displayName: string;
  unit: string | null;
  role: string;
  password: string;
}

/** RFC 4180 CSV with a BOM (Excel opens UTF-8 Chinese correctly). Cells that a spreadsheet would
 * run as a formula are prefixed with an apostrophe, except passwords, which must stay exact. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[], rawColumns: number[] = []) {
  const cell = (value: string, column: number) => {
    const safe = !rawColumns.includes(column) && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function OneTimeSecretsModal({
  title,
  entries,
  onClose,
}: {
  title: string;
  entries: readonly SecretEntry[];
  onClose: () => void;
}) {
  const t = useT();
  const single = entries.length === 1 ? entries[0] : undefined;
  const download = () => {
    const header = [t('user.username'), t('user.displayName'), t('user.role'), t('user.unit'), t('user.password')];
    const rows = entries.map((e) => [e.username, e.displayName, e.role, e.unit ?? '', e.password]);
    const stamp = new Date().toISOString().slice(0, 10);
    downloadText(`duban-users-${stamp}.csv`, toCsv(header, rows, [4]));
  };
  return (
    <Modal
      open
      title={title}
      width={single ? 520 : 820}
      mask={{ closable: false }}
      keyboard={false}
      onCancel={onClose}
      footer={[
        !single && (
          <Button key="csv" icon={<DownloadOutlined />} onClick={download} data-testid="secrets-download">
            {t('secrets.download')}
          </Button>
        ),
        <Button key="ok" type="primary" onClick={onClose} data-testid="secrets-close">
          {t('secrets.saved')}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon title={t('secrets.once')} style={{ marginBottom: 16 }} />
      {single ? (
        <div data-testid="secret-single">
          <Typography.Paragraph>
            {t('secrets.forUser', { name: single.displayName, username: single.username })}
          </Typography.Paragraph>
          <Typography.Paragraph
            copyable={{ text: single.password }}
            code
            style={{ fontSize: 18 }}
            data-testid="secret-password"
          >
            {single.password}
          </Typography.Paragraph>
        </div>
      ) : (
        <ListTable<SecretEntry>
          size="small"
          rowKey="username"
          dataSource={entries as SecretEntry[]}
          pagination={entries.length > 20 ? { pageSize: 20 } : false}
          data-testid="secrets-table"
          columns={[
            { key: 'username', title: t('user.username'), dataIndex: 'username' },
            { key: 'displayName', title: t('user.displayName'), dataIndex: 'displayName' },
            { key: 'role', title: t('user.role'), dataIndex: 'role' },
            { key: 'unit', title: t('user.unit'), render: (_, e) => e.unit ?? '—' },
            {
              key: 'password',
              title: t('user.password'),
              render: (_, e) => (
                <Typography.Text code copyable={{ text: e.password }}>
                  {e.password}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Modal>
  );
}
