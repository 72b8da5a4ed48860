// 报送频次 on a task's page (the office): quarterly as the notice says, monthly, every N weeks (重点项目) or 阅知,
// for this task or every task of its section. A month's or N weeks' package then asks the unit for these tasks only.

import { FieldTimeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { useSetRhythm } from '../api/rhythm';
import type { RhythmBody, TaskDetail } from '../api/types';
import { formatCstMinute } from '../format';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';

type Kind = RhythmBody['kind'];
const KINDS: Kind[] = ['quarterly', 'monthly', 'weeks', 'read_only'];

export function RhythmCard({ task }: { task: TaskDetail }) {
  const t = useT();
  const [kind, setKind] = useState<Kind>(task.rhythm.kind);
  const [weeks, setWeeks] = useState<number>(task.rhythm.everyWeeks ?? 2);
  const [wholeSection, setWholeSection] = useState(false);
  const set = useSetRhythm(task.id);
  const section = task.sectionPath.at(-1);
  const changed = kind !== task.rhythm.kind || (kind === 'weeks' && weeks !== task.rhythm.everyWeeks) || wholeSection;

  const save = () =>
    set.mutate(
      {
        body: { kind, ...(kind === 'weeks' ? { everyWeeks: weeks } : {}) },
        sectionId: wholeSection ? task.sectionId : null,
      },
      {
        onSuccess: (answer) => {
          setWholeSection(false);
          notifySuccess(t('rhythm.saved', { tasks: answer.tasks, periods: answer.periodsAdded }));
        },
      },
    );

  return (
    <Card
      title={
        <span>
          <FieldTimeOutlined /> {t('rhythm.title')}
        </span>
      }
      data-testid="rhythm-card"
      data-rhythm={task.rhythm.kind}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('rhythm.hint')}</Typography.Text>
        <Flex wrap gap={8} align="center">
          <Select<Kind>
            value={kind}
            onChange={setKind}
            style={{ minWidth: 140 }}
            options={KINDS.map((k) => ({ value: k, label: t(`rhythm.kind.${k}`) }))}
            data-testid="rhythm-kind"
          />
          {kind === 'weeks' && (
            <InputNumber
              min={1}
              max={8}
              precision={0}
              value={weeks}
              onChange={(value) => typeof value === 'number' && setWeeks(value)}
              suffix={t('rhythm.weeksSuffix')}
              data-testid="rhythm-weeks"
            />
          )}
          {task.sectionId && section && (
            <Checkbox
              checked={wholeSection}
              onChange={(event) => setWholeSection(event.target.checked)}
              data-testid="rhythm-section"
            >
              {t('rhythm.wholeSection', { section })}
            </Checkbox>
          )}
          <Button type="primary" onClick={save} loading={set.isPending} disabled={!changed} data-testid="rhythm-save">
            {t('rhythm.save')}
          </Button>
        </Flex>
        {task.rhythm.since && task.rhythm.kind !== 'quarterly' && (
          <Typography.Text type="secondary" data-testid="rhythm-since">
            {t('rhythm.since', { time: formatCstMinute(task.rhythm.since) })}
          </Typography.Text>
        )}
        {set.isError && <Alert type="error" showIcon title={set.error.message} />}
      </Flex>
    </Card>
  );
}
