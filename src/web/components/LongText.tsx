// A long free text in a table cell (a reason, a note, an answer): a few lines, the whole text on hover.

import { Typography } from 'antd';

export function LongText({
  text,
  rows = 2,
  empty = '—',
}: {
  text: string | null;
  rows?: number;
  empty?: string | null;
}) {
  if (!text) return empty;
  return (
    <Typography.Paragraph ellipsis={{ rows, tooltip: text }} style={{ margin: 0 }}>
      {text}
    </Typography.Paragraph>
  );
}

/** A task as the queues name it: its printed number, then its text. */
export const taskLabel = (task: { number: string | null; text: string }) =>
  task.number ? `${task.number} ${task.text}` : task.text;
