// 政务公开 on a task's page (the office): whether the task is on the public progress page, and the note the
// public reads there (from the task detail).

import { GlobalOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Switch, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSetPublicity } from '../api/publicity';
import type { TaskDetail } from '../api/types';
import { useT } from '../i18n';
import { notifySuccess } from '../notify';

export function PublicityCard({ task }: { task: TaskDetail }) {
  const t = useT();
  const [state, setState] = useState<{ public: boolean; note: string } | null>(null);
  const current = state ?? { public: task.publicity.public, note: task.publicity.note ?? '' };
  const set = useSetPublicity(task.id);
  const [draft, setDraft] = useState<string | null>(null);
  const note = draft ?? current.note;

  const save = (next: { public: boolean; note: string }) =>
    set.mutate(
      { public: next.public, note: next.note.trim() || null },
      {
        onSuccess: (answer) => {
          setState({ public: answer.public, note: answer.note ?? '' });
          setDraft(null);
          notifySuccess(t('publicity.saved'));
        },
      },
    );

  return (
    <Card
      title={
        <span>
          <GlobalOutlined /> {t('publicity.title')}
        </span>
      }
      extra={<Link to="/public">{t('publicity.openPage')}</Link>}
      data-testid="publicity"
      data-public={String(current.public)}
    >
      <Flex vertical gap={12}>
        <Flex align="center" gap={8}>
          <Switch
            checked={current.public}
            loading={set.isPending}
            onChange={(checked) => save({ public: checked, note })}
            data-testid="publicity-toggle"
          />
          <Typography.Text>{current.public ? t('publicity.on') : t('publicity.off')}</Typography.Text>
        </Flex>
        <Input.TextArea
          value={note}
          onChange={(event) => setDraft(event.target.value)}
          rows={3}
          maxLength={1000}
          showCount
          placeholder={t('publicity.notePlaceholder')}
          disabled={set.isPending}
          data-testid="publicity-note"
        />
        {set.isError && <Alert type="error" showIcon title={set.error.message} />}
        <div>
          <Button
            type="primary"
            onClick={() => save({ public: current.public, note })}
            loading={set.isPending}
            disabled={draft === null}
            data-testid="publicity-save"
          >
            {t('publicity.saveNote')}
          </Button>
        </div>
      </Flex>
    </Card>
  );
}
