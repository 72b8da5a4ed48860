// 工作移交: hand an account's open work to a colleague of the same unit. The modal shows exactly what the server
// will move (the preview), the colleagues who may take it, and asks for the colleague's phone where a ledger's
// contact moves; finished work keeps the old name. The office and admins open it from 用户管理, a unit's leader
// from the card on 我的任务. Moved things show their history through HandoverHistory.

import { SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, List, Modal, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { HandoverItem } from '../../api/handover';
import { handoverBodySchema } from '../../api/handover';
import type { HandoverLine } from '../../api/v1';
import { useHandOver, useHandoverPreview, useUnitHandover } from '../api/handover';
import { formatDate } from '../format';
import { type MessageKey, useI18n, useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';
import { ledgerPath } from './LedgerLinks';
import { ListTable } from './ListTable';
import { taskLabel } from './LongText';
import { schemaRule } from './schemaRule';
import { QueryError } from './status';

const fieldLabel = (field: string): MessageKey => `handover.field.${field}` as MessageKey;
const listSep = (lang: string) => (lang === 'en' ? ', ' : '、');

/** Where a moved thing is read. */
const linkOf = (item: HandoverItem): string =>
  item.subjectType === 'coordination'
    ? '/coordination'
    : item.subjectType === 'extension'
      ? '/extensions'
      : item.subjectType === 'closeout'
        ? '/closeouts'
        : ledgerPath(item.assignmentId ?? '');

interface HandoverValues {
  toUserId: string;
  phone?: string;
}

export function HandoverModal({ userId, onClose }: { userId: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const preview = useHandoverPreview(userId);
  const handOver = useHandOver(userId);
  const [form] = Form.useForm<HandoverValues>();
  const toUserId = Form.useWatch('toUserId', form);
  const data = preview.data;
  const items = data?.items ?? [];
  const contactMoves = items.some((i) => i.fields.includes('contact'));

  const submit = (values: HandoverValues) =>
    handOver.mutate(
      { toUserId: values.toUserId, ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}) },
      {
        onSuccess: (result) => {
          notifySuccess(t('handover.done', { count: result.items.length, name: result.to.name }));
          onClose();
        },
      },
    );

  return (
    <Modal
      open
      width={760}
      title={t('handover.title', { name: data?.user.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('handover.confirm', { count: items.length })}
      confirmLoading={handOver.isPending}
      okButtonProps={{ ...testId('handover-confirm'), disabled: items.length === 0 || !toUserId }}
    >
      {preview.isError ? (
        <QueryError error={preview.error} onRetry={() => preview.refetch()} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <div data-testid="handover-preview">
          <Typography.Paragraph type="secondary">
            {t('handover.intro', { name: data.user.name, unit: data.unit.name })}
          </Typography.Paragraph>
          {items.length === 0 ? (
            <Alert type="info" showIcon title={t('handover.nothing', { name: data.user.name })} />
          ) : (
            <ListTable<HandoverItem>
              size="small"
              rowKey={(i) => `${i.subjectType}:${i.subjectId}`}
              pagination={false}
              scroll={{ y: 280 }}
              dataSource={items}
              data-testid="handover-items"
              columns={[
                {
                  key: 'type',
                  title: t('handover.what'),
                  width: 120,
                  render: (_, i) => <Tag>{t(`handover.subject.${i.subjectType}`)}</Tag>,
                },
                {
                  key: 'task',
                  title: t('handover.task'),
                  render: (_, i) => (
                    <a href={linkOf(i)} target="_blank" rel="noreferrer">
                      <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                        {i.title ? `${taskLabel(i.task, t)} · ${i.title}` : taskLabel(i.task, t)}
                      </Typography.Text>
                    </a>
                  ),
                },
                {
                  key: 'fields',
                  title: t('handover.fields'),
                  width: 170,
                  render: (_, i) => i.fields.map((f) => t(fieldLabel(f))).join(listSep(lang)),
                },
              ]}
            />
          )}
          {data.kept > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="handover-kept">
              {t('handover.kept', { count: data.kept })}
            </Typography.Paragraph>
          )}
          <Form<HandoverValues>
            form={form}
            layout="vertical"
            onFinish={submit}
            disabled={handOver.isPending || items.length === 0}
            style={{ marginTop: 12 }}
          >
            <Form.Item
              name="toUserId"
              label={t('handover.to')}
              extra={data.candidates.length === 0 ? t('handover.noCandidates') : undefined}
              rules={[{ required: true, message: t('handover.toRequired') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('handover.toPlaceholder')}
                options={data.candidates.map((c) => ({ value: c.id, label: `${c.name}（${t(`role.${c.role}`)}）` }))}
                data-testid="handover-to"
              />
            </Form.Item>
            {contactMoves && (
              <Form.Item
                name="phone"
                label={t('handover.phone')}
                extra={t('handover.phoneHint')}
                rules={[schemaRule(handoverBodySchema.shape.phone, t('handover.phoneRule'))]}
              >
                <Input type="tel" inputMode="tel" maxLength={40} data-testid="handover-phone" />
              </Form.Item>
            )}
          </Form>
        </div>
      )}
    </Modal>
  );
}

/** A unit leader's 工作移交: the unit's accounts with their open work, each handed over through the modal. */
export function HandoverCard({ unitId }: { unitId: string }) {
  const t = useT();
  const people = useUnitHandover(unitId);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card size="small" title={t('handover.cardTitle')} style={{ marginBottom: 16 }} data-testid="handover-card">
      {people.isError ? (
        <QueryError error={people.error} onRetry={() => people.refetch()} />
      ) : (
        <List
          size="small"
          loading={people.isLoading}
          dataSource={people.data?.people ?? []}
          renderItem={(p) => (
            <List.Item
              data-testid="handover-person"
              actions={[
                <Button
                  key="handover"
                  type="link"
                  size="small"
                  icon={<SwapOutlined />}
                  disabled={p.open === 0}
                  onClick={() => setOpen(p.id)}
                  {...testId('handover-open')}
                >
                  {t('handover.action')}
                </Button>,
              ]}
            >
              <Space>
                <span>{p.name}</span>
                <Typography.Text type="secondary">{t(`role.${p.role}`)}</Typography.Text>
                {p.disabled && <Tag>{t('user.disabled')}</Tag>}
                <Typography.Text type={p.open ? undefined : 'secondary'}>
                  {t('handover.openCount', { count: p.open })}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      {open && <HandoverModal userId={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

/** 由 X 移交给 Y on a moved ledger, request or application: who had it before. */
export function HandoverHistory({ lines }: { lines: readonly HandoverLine[] }) {
  const { t, lang } = useI18n();
  if (lines.length === 0) return null;
  return (
    <div data-testid="handover-history">
      {lines.map((l) => (
        <Typography.Text key={`${l.at}:${l.from}`} type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {t('handover.line', {
            date: formatDate(l.at, lang),
            from: l.from,
            to: l.to,
            fields: l.fields.map((f) => t(fieldLabel(f))).join(listSep(lang)),
          })}
          {l.by ? ` ${t('handover.by', { name: l.by })}` : ''}
        </Typography.Text>
      ))}
    </div>
  );
}
