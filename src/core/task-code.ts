// One way to name a task wherever people meet it — the bell, lists, pickers, 督办单, bulletins, exports: its
// source's level and its printed number (省1 / 市47 / 区12). A unit such as 区发改局 holds 省1, 市1 and 区1
// at once, so the number alone names three different tasks. Official documents are Chinese; the web passes its
// catalog's short level names for other languages.

export type SourceLevel = 'province' | 'city' | 'district' | 'county' | 'national' | 'unknown';

export const LEVEL_SHORT_ZH: Record<SourceLevel, string> = {
  national: '国',
  province: '省',
  city: '市',
  district: '区',
  county: '县',
  unknown: '',
};

export interface CodedTask {
  level: SourceLevel;
  /** The printed number; null for an unnumbered task. */
  number: string | null;
  /** Order within its source (0-based), the fallback for an unnumbered task. */
  position: number;
}

/** 省1, 市47, 区12; an unnumbered task by its place in the source: 区#3. */
export function taskCode(task: CodedTask, short: Record<SourceLevel, string> = LEVEL_SHORT_ZH): string {
  return `${short[task.level]}${task.number ?? `#${task.position + 1}`}`;
}

/** The code, then the task's text: "区1 经济增长6%左右。" */
export function taskTitle(task: CodedTask & { text: string }, short?: Record<SourceLevel, string>): string {
  return `${taskCode(task, short)} ${task.text}`;
}
