// 台账 links for the signed-in unit's own assignments on a task (one per role it holds).

import { BookOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useNavigate } from 'react-router';
import type { Assignment } from '../api/types';
import { useT } from '../i18n';
import { may } from '../roles';
import { useMe } from '../session';
import { distinctAssignments } from './TaskTable';

/** The viewer's unit's assignments on a task, one per role, leads first (empty for other roles). */
export function useOwnAssignments(assignments: readonly Assignment[]): Assignment[] {
  const me = useMe();
  const unitId = me.unit?.id;
  if (!unitId || !may(me, 'ledgers.write')) return [];
  return distinctAssignments(assignments.filter((assignment) => assignment.unit.id === unitId));
}

export const ledgerPath = (assignmentId: string) => `/ledger/${encodeURIComponent(assignmentId)}`;

export function LedgerLinks({
  assignments,
  size = 'small',
  testid = 'ledger-open',
}: {
  assignments: readonly Assignment[];
  size?: 'small' | 'middle';
  testid?: string;
}) {
  const t = useT();
  const navigate = useNavigate();
  const own = useOwnAssignments(assignments);
  if (own.length === 0) return null;
  return (
    <Space size={4} wrap>
      {own.map((assignment) => (
        <Button
          key={assignment.id}
          size={size}
          icon={<BookOutlined />}
          onClick={(event) => {
            // Inside a clickable table row: opening the ledger must not also open the task drawer.
            event.stopPropagation();
            navigate(ledgerPath(assignment.id));
          }}
          onKeyDown={(event) => event.stopPropagation()}
          data-testid={testid}
          data-assignment={assignment.id}
        >
          {own.length > 1 ? t('ledger.openRole', { role: t(`assignmentRole.${assignment.role}`) }) : t('ledger.open')}
        </Button>
      ))}
    </Space>
  );
}
