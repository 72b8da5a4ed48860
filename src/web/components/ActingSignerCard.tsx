// 代签: the unit leader names a colleague of the unit to sign this period's submission in their place, or
// revokes it. The server checks who may be named; the colleagues offered come with the answer.

import { Button, Flex, Select, Typography } from 'antd';
import { useState } from 'react';
import { useActingSigner, useSetActingSigner } from '../api/submissions';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';

export function ActingSignerCard({ periodId }: { periodId: string }) {
  const t = useT();
  const current = useActingSigner(periodId, true);
  const set = useSetActingSigner(periodId);
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const named = current.data?.user ?? null;
  return (
    <div style={{ marginTop: 8 }} data-testid="acting-signer">
      <Typography.Text strong>{t('submission.actingSigner')}：</Typography.Text>{' '}
      <Typography.Text data-testid="acting-signer-name">
        {named?.name ?? t('submission.actingSignerNone')}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>
        {t('submission.actingSignerHint')}
      </Typography.Paragraph>
      {set.isError && <Typography.Text type="danger">{set.error.message}</Typography.Text>}
      <Flex wrap gap={8} align="center">
        <Select<string>
          value={choice}
          onChange={setChoice}
          style={{ minWidth: 200 }}
          options={(current.data?.candidates ?? []).map((c) => ({ value: c.id, label: c.name }))}
          data-testid="acting-signer-select"
        />
        <Button
          disabled={!choice}
          loading={set.isPending}
          onClick={() =>
            set.mutate(choice ?? null, { onSuccess: () => notifySuccess(t('submission.actingSignerNamed')) })
          }
          data-testid="acting-signer-name-button"
        >
          {t('submission.actingSignerName')}
        </Button>
        {named && (
          <Button danger type="link" loading={set.isPending} onClick={() => set.mutate(null)}>
            {t('submission.actingSignerRevoke')}
          </Button>
        )}
      </Flex>
    </div>
  );
}
