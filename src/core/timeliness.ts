// The office's own timeliness (督查室办理时效): how long it takes to review a signed package, to route a
// coordination request and to route a leader's 批示 or a meeting's decision to the units (交办), measured from the audit trail's events, and which open work is past the office's own
// limit. Offices are measured too: a review left for weeks turns every unit's light stale. Pure; the
// table-driven test in timeliness.test.ts names each rule.
//
//   A wait starts at its start event (a package signed; a request raised) and ends at the first end event after
//   it (accepted or returned; routed). A package signed again after a return starts a new wait. Days are
//   elapsed time ÷ 24 h, one decimal. Open waits older than the limit (in whole days) are overdue.
//   A 批示 or meeting (only its day is known) waits from the start of that day, China time, until the office routes
//   it as a task (交办); counted in whole days like an open wait, it is over the limit past it.

import { startOfDayCst } from './time.js';

const DAY_MS = 86_400_000;

export interface TimedEvent {
  kind: 'start' | 'end';
  at: Date;
}

/** Closed waits (start → first end after it) and the one still open, if any, in a subject's events. */
export function waits(events: readonly TimedEvent[]): { closed: number[]; openSince: Date | null } {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const closed: number[] = [];
  let since: Date | null = null;
  for (const e of sorted) {
    if (e.kind === 'start') since ??= e.at;
    else if (since) {
      closed.push(Math.round(((e.at.getTime() - since.getTime()) / DAY_MS) * 10) / 10);
      since = null;
    }
  }
  return { closed, openSince: since };
}

/** The median of a list of day counts (one decimal), null when empty. */
export function medianDays(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return Math.round(m * 10) / 10;
}

/** Whole days an open wait has lasted, and whether that is past the limit. */
export function openAge(since: Date, now: Date, limitDays: number): { days: number; overdue: boolean } {
  const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
  return { days, overdue: days > limitDays };
}

/** 批示交办: whole days from the day of the 批示 or meeting (YYYY-MM-DD, from 00:00 China time) to its routing. */
export function instructionWait(instructedOn: string, routedAt: Date, limitDays: number) {
  return openAge(startOfDayCst(instructedOn), routedAt, limitDays);
}
