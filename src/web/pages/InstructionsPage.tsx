// 批示落实: the instructions the caller sees — the office all, a district leader all (their own first), a unit those
// routed to it — each with its status, subject, due date, answers so far and the overdue mark.

import { Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useInstructions } from '../api/instructions';
import { InstructionList } from '../components/InstructionList';
import { PageHeader } from '../components/PageHeader';
import { QueryError } from '../components/status';
import { useI18n } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';

export default function InstructionsPage() {
  const { t } = useI18n();
  const me = useMe();
  const writer = may(me, 'instructions.write');
  const [mine, setMine] = useState(false);
  const list = useInstructions(mine);
  return (
    <div>
      <PageHeader title={t('instruction.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('instruction.hint')}
        </Typography.Paragraph>
      </PageHeader>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {writer && (
          <Segmented<string>
            value={mine ? 'mine' : 'all'}
            onChange={(v) => setMine(v === 'mine')}
            options={[
              { value: 'all', label: t('instruction.title') },
              { value: 'mine', label: t('instruction.mine') },
            ]}
            data-testid="instruction-mine"
          />
        )}
        {list.isError ? (
          <QueryError error={list.error} />
        ) : (
          <InstructionList items={list.data?.items ?? []} loading={list.isPending} />
        )}
      </Space>
    </div>
  );
}
