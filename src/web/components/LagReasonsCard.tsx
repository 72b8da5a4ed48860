// 滞后原因 on the supervision settings page: the office's list of reasons for lagging. Names are edited in place,
// a reason is switched off (停用) rather than deleted — item reports keep it — and 需区级协调 marks the reasons
// for which a package item offers 提请协调. The server decides who may change it (supervision.manage).

import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Input, Switch, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { createLagReasonBodySchema } from '../../api/lag-reasons';
import { type LagReason, useCreateLagReason, useLagReasons, useUpdateLagReason } from '../api/lag-reasons';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { ListTable } from './ListTable';
import { QueryError } from './status';

export function LagReasonsCard() {
  const t = useT();
  const reasons = useLagReasons();
  const create = useCreateLagReason();
  const update = useUpdateLagReason();
  const [label, setLabel] = useState('');
  const [needsDistrict, setNeedsDistrict] = useState(false);
  const valid = createLagReasonBodySchema.shape.labelZh.safeParse(label).success;
  const change = (key: string, body: Parameters<typeof update.mutate>[0]['body']) =>
    update.mutate({ key, body }, { onSuccess: () => notifySuccess(t('lagReasons.saved')) });

  const columns: TableColumnsType<LagReason> = [
    {
      key: 'label',
      title: t('lagReasons.label'),
      width: 180,
      render: (_, r) => (
        <Typography.Text
          editable={{
            triggerType: ['icon', 'text'],
            maxLength: 20,
            tooltip: t('lagReasons.rename'),
            onChange: (value) => value.trim() && value.trim() !== r.labelZh && change(r.key, { labelZh: value.trim() }),
          }}
          delete={!r.active}
          data-testid="lag-reason-label"
        >
          {r.labelZh}
        </Typography.Text>
      ),
    },
    {
      key: 'labelEn',
      title: t('lagReasons.labelEn'),
      width: 160,
      render: (_, r) => (
        <Typography.Text
          type="secondary"
          editable={{
            maxLength: 60,
            onChange: (value) =>
              (value.trim() || null) !== r.labelEn && change(r.key, { labelEn: value.trim() || null }),
          }}
        >
          {r.labelEn ?? ''}
        </Typography.Text>
      ),
    },
    {
      key: 'needsDistrict',
      title: t('lagReasons.needsDistrict'),
      width: 110,
      render: (_, r) => (
        <Switch
          size="small"
          checked={r.needsDistrict}
          onChange={(value) => change(r.key, { needsDistrict: value })}
          aria-label={t('lagReasons.needsDistrict')}
        />
      ),
    },
    { key: 'used', title: t('lagReasons.used'), width: 80, render: (_, r) => r.used },
    {
      key: 'active',
      title: t('lagReasons.active'),
      width: 80,
      render: (_, r) => (
        <Switch
          size="small"
          checked={r.active}
          onChange={(value) => change(r.key, { active: value })}
          aria-label={t('lagReasons.active')}
          data-testid="lag-reason-active"
        />
      ),
    },
  ];

  return (
    <Card size="small" title={t('lagReasons.cardTitle')} data-testid="lag-reasons-card">
      <Typography.Paragraph type="secondary">{t('lagReasons.cardHint')}</Typography.Paragraph>
      {reasons.isError ? (
        <QueryError error={reasons.error} onRetry={() => reasons.refetch()} />
      ) : (
        <ListTable<LagReason>
          rowKey="key"
          size="small"
          loading={reasons.isLoading}
          dataSource={reasons.data ?? []}
          columns={columns}
          pagination={false}
          onRow={(r) => ({ 'data-testid': 'lag-reason-row', 'data-key': r.key }) as React.HTMLAttributes<HTMLElement>}
        />
      )}
      <Flex gap={8} wrap align="center" style={{ marginTop: 12 }}>
        <Input
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          maxLength={20}
          placeholder={t('lagReasons.addPlaceholder')}
          style={{ width: 240 }}
          data-testid="lag-reason-new"
        />
        <Checkbox checked={needsDistrict} onChange={(event) => setNeedsDistrict(event.target.checked)}>
          {t('lagReasons.needsDistrict')}
        </Checkbox>
        <Button
          icon={<PlusOutlined />}
          disabled={!valid}
          loading={create.isPending}
          onClick={() =>
            create.mutate(
              { labelZh: label.trim(), needsDistrict },
              {
                onSuccess: () => {
                  notifySuccess(t('lagReasons.added'));
                  setLabel('');
                  setNeedsDistrict(false);
                },
              },
            )
          }
          data-testid="lag-reason-add"
        >
          {t('lagReasons.add')}
        </Button>
      </Flex>
    </Card>
  );
}
