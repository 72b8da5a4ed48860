// The office's queue of requests to approve or refuse (延期申请 批准/不批准, 办结销号 核销/驳回): the table of
// requests with the two buttons on each pending one, and the modal that confirms the decision. A refusal
// needs a reason; an approval may go without a word. In the modal the note field has the focus and
// Ctrl+Enter (⌘+Enter) confirms, as the OK button does; Esc cancels.

import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, type FormRule, Input, Modal, Segmented, Space, type TableColumnsType } from 'antd';
import { type ReactNode, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';
import { testId } from '../testId';
import { QueryTable } from './QueryTable';

/** The page's words for the queue (its own catalog keys, already translated). */
export interface DecisionText {
  approve: string;
  refuse: string;
  approveTitle: string;
  refuseTitle: string;
  /** The note's label when approving (optional) and when refusing (the reason). */
  approveNote: string;
  refuseNote: string;
  /** Shown when a refusal has no reason. */
  noteRequired: string;
  approved: string;
  refused: string;
  empty: string;
}

export interface DecisionTestIds {
  table: string;
  approve: string;
  refuse: string;
  submit: string;
  note: string;
}

/** The page's mutation: `decide` sends the decision, the note trimmed (undefined when empty). */
export interface Decision<T> {
  decide: (row: T, approve: boolean, note: string | undefined, onSuccess: () => void) => void;
  isPending: boolean;
  error: Error | null;
  reset: () => void;
}

export interface DecisionQueueProps<T extends { id: string }> {
  list: UseQueryResult<T[]>;
  /** The columns describing a request; the queue adds the actions column for those who decide. */
  columns: TableColumnsType<T>;
  rowAttributes: (row: T) => Record<`data-${string}`, string>;
  /** Whether the caller may decide, and which rows still wait for a decision. */
  mayDecide: boolean;
  isPending: (row: T) => boolean;
  decision: Decision<T>;
  text: DecisionText;
  testIds: DecisionTestIds;
  /** Rules of the note besides "a refusal says why" (length, the server's schema). */
  noteRules: (approve: boolean) => FormRule[];
  /** The request as the modal recalls it. */
  summary: (row: T) => ReactNode;
  /** A word before approving (what approving does). */
  approveHint?: ReactNode;
  scrollX?: number;
}

type Deciding<T> = { row: T; approve: boolean };

/**
 * The status filter of a queue page, kept in the address (`?status=`) so a link or a reload shows the
 * same list; other parameters stay. `fallback` is what the page shows without one ('all' unless the
 * page starts on what waits, then 'all' is written out).
 */
export function useStatusParam<S extends string>(
  statuses: readonly S[],
  fallback: S | 'all' = 'all',
): [S | 'all', (next: S | 'all') => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = raw === 'all' ? 'all' : (statuses.find((s) => s === raw) ?? fallback);
  const setStatus = (next: S | 'all') =>
    setParams(
      (previous) => {
        const updated = new URLSearchParams(previous);
        if (next === 'all' && fallback === 'all') updated.delete('status');
        else updated.set('status', next);
        return updated;
      },
      { replace: true },
    );
  return [status, setStatus];
}

/** The row of status buttons above a queue: 全部 and each status in its catalog words. */
export function StatusFilter<S extends string>({
  value,
  onChange,
  statuses,
  allLabel,
  label,
  testId: id,
  children,
}: {
  value: S | 'all';
  onChange: (next: S | 'all') => void;
  statuses: readonly S[];
  allLabel: string;
  label: (status: S) => string;
  testId: string;
  /** More filters on the same row (a unit picker). */
  children?: ReactNode;
}) {
  return (
    <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
      <Segmented<S | 'all'>
        value={value}
        onChange={onChange}
        options={[
          { value: 'all', label: allLabel },
          ...statuses.map((status) => ({ value: status, label: label(status) })),
        ]}
        data-testid={id}
      />
      {children}
    </Flex>
  );
}

/** A queue's table: the query's error with a retry, or its rows, 50 to a page. */
export function QueueTable<T extends { id: string }>({
  list,
  columns,
  rowAttributes,
  empty,
  testId: id,
  scrollX,
}: {
  list: UseQueryResult<T[]>;
  columns: TableColumnsType<T>;
  rowAttributes: (row: T) => Record<`data-${string}`, string>;
  empty: string;
  testId: string;
  scrollX?: number;
}) {
  const t = useT();
  return (
    <QueryTable<T>
      query={list}
      rows={list.data}
      testId={id}
      rowAttributes={rowAttributes}
      rowKey="id"
      scroll={{ x: scrollX ?? 1100 }}
      columns={columns}
      locale={{ emptyText: empty }}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (count) => t('common.totalN', { count }) }}
    />
  );
}

export function DecisionQueue<T extends { id: string }>(props: DecisionQueueProps<T>) {
  const t = useT();
  const { list, columns, mayDecide, text, testIds, decision } = props;
  const [deciding, setDeciding] = useState<Deciding<T> | null>(null);
  const open = (row: T, approve: boolean) => {
    decision.reset();
    setDeciding({ row, approve });
  };

  const actions: TableColumnsType<T> = mayDecide
    ? [
        {
          key: 'actions',
          title: t('common.actions'),
          width: 150,
          render: (_: unknown, row: T) =>
            props.isPending(row) && (
              <Space size={0} wrap>
                <Button
                  type="link"
                  size="small"
                  icon={<CheckOutlined />}
                  onClick={() => open(row, true)}
                  data-testid={testIds.approve}
                >
                  {text.approve}
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<CloseOutlined />}
                  onClick={() => open(row, false)}
                  data-testid={testIds.refuse}
                >
                  {text.refuse}
                </Button>
              </Space>
            ),
        },
      ]
    : [];

  return (
    <>
      <QueueTable<T>
        list={list}
        columns={[...columns, ...actions]}
        rowAttributes={props.rowAttributes}
        empty={text.empty}
        testId={testIds.table}
        scrollX={props.scrollX}
      />
      {deciding && <DecideModal {...props} deciding={deciding} onClose={() => setDeciding(null)} />}
    </>
  );
}

function DecideModal<T extends { id: string }>({
  deciding,
  onClose,
  decision,
  text,
  testIds,
  noteRules,
  summary,
  approveHint,
}: DecisionQueueProps<T> & { deciding: Deciding<T>; onClose: () => void }) {
  const [form] = Form.useForm<{ note?: string }>();
  const { row, approve } = deciding;

  return (
    <Modal
      open
      title={approve ? text.approveTitle : text.refuseTitle}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={approve ? text.approve : text.refuse}
      confirmLoading={decision.isPending}
      okButtonProps={{ danger: !approve, ...testId(testIds.submit) }}
    >
      {summary(row)}
      {approve && approveHint}
      {decision.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={decision.error.message} />}
      <Form<{ note?: string }>
        form={form}
        layout="vertical"
        disabled={decision.isPending}
        onFinish={(values) =>
          decision.decide(row, approve, values.note?.trim() || undefined, () => {
            notifySuccess(approve ? text.approved : text.refused);
            onClose();
          })
        }
      >
        <Form.Item
          name="note"
          label={approve ? text.approveNote : text.refuseNote}
          rules={[
            // A refusal says why; an approval may go without a word.
            ...(approve ? [] : [{ required: true, whitespace: true, message: text.noteRequired }]),
            ...noteRules(approve),
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            autoFocus
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.submit();
            }}
            data-testid={testIds.note}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
