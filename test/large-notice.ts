// The largest notice an office might send: 100,000 numbered tasks in one attachment (≈ 9 MB with unit
// notes, under the 10 MB upload limit). Shared by the parser's property tests, the import tests and the bench.

// Twenty district bureaus, no name one or two characters off another (that would be an alias warning).
export const LARGE_NOTICE_UNITS =
  '发改 财政 教育 民政 人社 住建 交通 水务 农业 商务 文旅 卫健 应急 审计 统计 城管 园林 科技 司法 税务'
    .split(' ')
    .map((name) => `区${name}局`);

export interface LargeNoticeOptions {
  /** Tasks in the notice (numbered 1…count). */
  count?: number;
  /** Each task line carries its unit note (牵头单位：…); without, every task names no unit. */
  notes?: boolean;
  /** The task text after the number. */
  text?: (n: number) => string;
}

export function largeNoticeText({
  count = 100_000,
  notes = true,
  text = (n) => `推进第${n}项重点工作，确保按期完成`,
}: LargeNoticeOptions = {}): string {
  const lines = [
    '关于印发2025年重点工作任务分解方案的通知',
    '武昌政办〔2025〕99号',
    '附件1',
    '武昌区2025年政府工作报告重点任务',
    '一、总体任务',
  ];
  for (let n = 1; n <= count; n++) {
    const unit = LARGE_NOTICE_UNITS[n % LARGE_NOTICE_UNITS.length];
    lines.push(`${n}.${text(n)}${notes ? `（牵头单位：${unit}）` : '。'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The 1-based line numbers of the numbered task lines in largeNoticeText's output. */
export const LARGE_NOTICE_FIRST_TASK_LINE = 6;
