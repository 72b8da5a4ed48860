// 配合单位先于牵头单位: which date each unit's input is held to, case by case.

import { describe, expect, it } from 'vitest';
import {
  coInputDeadline,
  coItemsDueEarlier,
  feedsLead,
  inputState,
  isCoUnitLeadDays,
  itemDeadline,
  packageReminderDeadline,
} from './co-units.js';
import { endOfDayCst } from './time.js';

// Q2 of 2025: due 23:59:59 CST on 9 July.
const period = { dueAt: endOfDayCst('2025-07-09'), graceDays: 0 };
const graced = { dueAt: endOfDayCst('2025-07-09'), graceDays: 2 };
const iso = (d: { dueAt: Date }) => d.dueAt.toISOString();

describe('co-unit input deadline', () => {
  it.each([
    // [co item?, lead days, expected due (CST day end)]
    [true, 0, '2025-07-09'],
    [true, 1, '2025-07-08'],
    [true, 5, '2025-07-04'],
    [true, 30, '2025-06-09'],
    [false, 5, '2025-07-09'],
    [false, 0, '2025-07-09'],
  ] as const)('co item %s with a gap of %i days is due at the end of %s', (co, days, day) => {
    expect(iso(itemDeadline(period, co, days))).toBe(endOfDayCst(day).toISOString());
  });

  it.each([
    // [role, another unit reporting here leads the task, feeds the lead]
    ['lead', true, false],
    ['lead', false, false],
    ['responsible', true, true],
    ['co', true, true],
    ['responsible', false, false],
    ['co', false, false],
  ] as const)('a %s unit, another lead here %s: feeds the lead %s', (role, otherLead, expected) => {
    expect(feedsLead(role, otherLead)).toBe(expected);
  });

  it('keeps the period grace for co-units, so the gap stays what the office set', () => {
    expect(coInputDeadline(graced, 3)).toEqual({ dueAt: endOfDayCst('2025-07-06'), graceDays: 2 });
  });

  it.each([
    [[], 5, '2025-07-09'],
    [[true], 5, '2025-07-04'],
    [[true, true], 5, '2025-07-04'],
    [[true, false], 5, '2025-07-09'],
    [[false, true], 5, '2025-07-09'],
    [[true], 0, '2025-07-09'],
  ] as const)('a package of %j with a gap of %i days is reminded against %s', (roles, days, day) => {
    expect(iso(packageReminderDeadline(period, roles, days))).toBe(endOfDayCst(day).toISOString());
  });

  it.each([
    [[true, false], 3, true],
    [[false, true, true], 3, true],
    [[true, false], 0, false],
    [[true], 3, false],
    [[false], 3, false],
  ] as const)('co items of %j (gap %i) due before the package: %s', (roles, days, expected) => {
    expect(coItemsDueEarlier(roles, days)).toBe(expected);
  });

  it.each([
    [0, true],
    [30, true],
    [31, false],
    [-1, false],
    [1.5, false],
    ['3', false],
    [null, false],
  ])('%j is a valid gap: %s', (days, ok) => {
    expect(isCoUnitLeadDays(days)).toBe(ok);
  });
});

describe('input state for the lead unit', () => {
  const signed = (day: string) => ({ status: 'submitted', signedAt: new Date(`${day}T02:00:00Z`) });
  it.each([
    // [co item?, signed on (CST day, 10:00), now, expected]
    [true, '2025-07-03', '2025-07-10T02:00:00Z', 'on_time'],
    [true, '2025-07-06', '2025-07-10T02:00:00Z', 'late'],
    [false, '2025-07-06', '2025-07-10T02:00:00Z', 'on_time'],
    [true, null, '2025-07-05T02:00:00Z', 'missing'],
    [true, null, '2025-07-04T02:00:00Z', 'pending'],
    [false, null, '2025-07-05T02:00:00Z', 'pending'],
  ] as const)('co item %s signed %s, seen %s: %s', (co, day, now, expected) => {
    const s = inputState(period, co, 5, day ? signed(day) : null, new Date(now));
    expect(s.state).toBe(expected);
  });

  it('counts lateness from the earlier date', () => {
    const s = inputState(period, true, 5, signed('2025-07-06'), new Date('2025-07-10T00:00:00Z'));
    expect(s.dueAt.toISOString()).toBe(endOfDayCst('2025-07-04').toISOString());
    expect(Math.ceil(s.lateSeconds / 86_400)).toBe(2);
  });
});
