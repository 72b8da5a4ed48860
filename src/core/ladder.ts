// 问责梯度 (the escalation ladder): what a lag over consecutive periods costs a unit. Offices publish it in their
// 督查督办 rules — a first yellow brings a 提醒函 from the office, a second running a 约谈 of the unit's principal by
// the 分管区领导, a red (or a third yellow running) 挂牌督办, a second red running a 问责建议 — each with points off
// in 考评 and a place on the 黑榜. The office edits the steps; this module only reads them. The table-driven test in
// ladder.test.ts names each rule.
//
//   A step's conditions are any-of: `{ light, periods }` holds when the item's light was at least `light`
//   (yellow counts yellow or red; red counts red) in each of the last `periods` periods up to the one closed.
//   A grey period (nothing due, not judged) breaks a run. Of the steps that hold, the most severe — the last in
//   the list — is the item's step for the period: one lag brings one step, never two deductions at once.

import type { Light } from './lights.js';

export const LADDER_ACTIONS = ['reminder_letter', 'interview', 'listed', 'accountability'] as const;
export type LadderAction = (typeof LADDER_ACTIONS)[number];

export interface LadderCondition {
  light: 'yellow' | 'red';
  /** Consecutive periods, ending with the one closed, at that light or worse. */
  periods: number;
}

export interface LadderStep {
  /** Stable key, kept on every record of the step. */
  key: string;
  /** The step's name as printed: 提醒函, 约谈, 挂牌督办, 问责建议. */
  name: string;
  action: LadderAction;
  /** Any of these holds → the step holds. */
  when: LadderCondition[];
  /** Points off the unit's period score in 考评, per item at this step. */
  deduction: number;
  /** Named on the bulletin's 黑榜. */
  blacklist: boolean;
}

/** The defaults, from the ladder county and city offices publish (see docs/design.md, 问责梯度). */
export const DEFAULT_LADDER: readonly LadderStep[] = [
  {
    key: 'reminder',
    name: '提醒函',
    action: 'reminder_letter',
    when: [{ light: 'yellow', periods: 1 }],
    deduction: 0.5,
    blacklist: false,
  },
  {
    key: 'interview',
    name: '约谈',
    action: 'interview',
    when: [{ light: 'yellow', periods: 2 }],
    deduction: 1,
    blacklist: true,
  },
  {
    key: 'listed',
    name: '挂牌督办',
    action: 'listed',
    when: [
      { light: 'red', periods: 1 },
      { light: 'yellow', periods: 3 },
    ],
    deduction: 2,
    blacklist: true,
  },
  {
    key: 'accountability',
    name: '问责建议',
    action: 'accountability',
    when: [{ light: 'red', periods: 2 }],
    deduction: 3,
    blacklist: true,
  },
];

const atLeast = (light: Light, floor: 'yellow' | 'red') =>
  light === 'red' || (floor === 'yellow' && light === 'yellow');

/** How many periods running, ending with the last, were at `floor` or worse. */
export function runLength(lights: readonly Light[], floor: 'yellow' | 'red'): number {
  let n = 0;
  for (let i = lights.length - 1; i >= 0 && atLeast(lights[i] as Light, floor); i--) n++;
  return n;
}

/**
 * The step an item reaches at the close of a period, from its lights in every period up to and including that
 * one (oldest first); null when none holds.
 */
export function ladderStep(lights: readonly Light[], ladder: readonly LadderStep[]): LadderStep | null {
  let reached: LadderStep | null = null;
  for (const step of ladder) {
    if (step.when.some((c) => c.periods >= 1 && runLength(lights, c.light) >= c.periods)) reached = step;
  }
  return reached;
}
