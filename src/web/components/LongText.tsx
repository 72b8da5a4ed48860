// A long free text in a table cell (a reason, a note, an answer): a few lines, the whole text on hover.
//
// Clamped by CSS (line-clamp) with the whole text as the element's title, not by antd's measured ellipsis: that
// one renders a hidden copy of every cell's text and measures it, which made building a list of 50 tasks with
// ~90 unit lines the longest single cost of its first screen.

import type { CSSProperties } from 'react';
import { sourceLevelSchema } from '../../api/v1';
import { type SourceLevel, taskTitle } from '../../core/task-code';
import type { Translate } from '../i18n';

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
  return <ClampedText text={text} rows={rows} />;
}

/** `rows` lines of `text`, cut with an ellipsis by the browser; the whole text on hover (and to screen readers). */
export function ClampedText({ text, rows, style }: { text: string; rows: number; style?: CSSProperties }) {
  return (
    <div
      title={text}
      style={{
        display: '-webkit-box',
        WebkitBoxOrient: 'vertical',
        WebkitLineClamp: rows,
        overflow: 'hidden',
        overflowWrap: 'anywhere',
        ...style,
      }}
    >
      {text}
    </div>
  );
}

/** What a list knows of a task: its source's level and place, or a summary's `source`. */
export interface LabelledTask {
  number: string | null;
  text: string;
  sourceLevel?: SourceLevel;
  position?: number;
  source?: { level: SourceLevel };
}

/** The catalog's short level names (省/市/区, or P/C/D in English) for taskCode. */
export const levelShortNames = (t: Translate): Record<SourceLevel, string> =>
  Object.fromEntries(sourceLevelSchema.options.map((level) => [level, t(`levelShort.${level}`)])) as Record<
    SourceLevel,
    string
  >;

/** A task as the queues name it: its code (省1 / 市47 / 区12), then its text. */
export const taskLabel = (task: LabelledTask, t: Translate): string => {
  const level = task.sourceLevel ?? task.source?.level;
  if (!level || (task.number === null && task.position === undefined)) {
    return task.number ? `${task.number} ${task.text}` : task.text;
  }
  return taskTitle({ level, number: task.number, position: task.position ?? 0, text: task.text }, levelShortNames(t));
};
