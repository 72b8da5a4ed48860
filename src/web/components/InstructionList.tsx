// A list of 批示 (the page's, and 我的批示 on 我的关注): status, subject, leader, due, answered x/y, overdue.
// A table on a desk, cards on a phone (ListTable).

import { type TableColumnsType, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Instruction } from '../../api/instructions';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { ListTable } from './ListTable';

const STATUS_COLOR = { pending: 'gold', routed: 'blue', closed: 'default' } as const;

export function InstructionStatusTag({ status }: { status: Instruction['status'] }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t(`instruction.status.${status}`)}</Tag>;
}

export function InstructionList({ items, loading }: { items: readonly Instruction[]; loading: boolean }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<Instruction> = [
    {
      key: 'status',
      title: t('instruction.status'),
      width: 110,
      render: (_, i) => (
        <span>
          <InstructionStatusTag status={i.status} />
          {i.overdue && (
            <Tag color="red" data-testid="instruction-overdue">
              {t('instruction.overdue')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      key: 'body',
      title: t('instruction.body'),
      render: (_, i) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/instructions/${i.id}`} data-testid="instruction-link">
            <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
              {i.body}
            </Typography.Paragraph>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`instruction.subjectType.${i.subject.type}`)} · {i.subject.title}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'author', title: t('instruction.author'), width: 110, render: (_, i) => i.author.name },
    {
      key: 'due',
      title: t('instruction.due'),
      width: 110,
      render: (_, i) => i.targets.map((x) => x.dueOn).sort()[0] ?? '—',
    },
    {
      key: 'answered',
      title: t('instruction.targets'),
      width: 120,
      render: (_, i) => (i.total > 0 ? t('instruction.answeredOf', { answered: i.answered, total: i.total }) : '—'),
    },
    {
      key: 'createdAt',
      title: t('instruction.createdAt'),
      width: 150,
      render: (_, i) => formatDateTime(i.createdAt, lang),
    },
  ];
  return (
    <ListTable<Instruction>
      rowKey="id"
      loading={loading}
      columns={columns}
      dataSource={[...items]}
      pagination={false}
      locale={{ emptyText: t('instruction.empty') }}
      onRow={(i) => ({ 'data-testid': 'instruction-row', 'data-id': i.id, 'data-status': i.status }) as object}
    />
  );
}
