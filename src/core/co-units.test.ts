// 配合单位先于牵头单位: which date each unit's input is held to, case by case.

import { describe, expect, it } from 'vitest';
import {
  coInputDeadline,
  coItemsDueEarlier,
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
    // [role, lead days, expected due (CST day end)]
    ['co', 0, '2025-07-09'],
    ['co', 1, '2025-07-08'],
    ['co', 5, '2025-07-04'],
    ['co', 30, '2025-06-09'],
    ['lead', 5, '2025-07-09'],
    ['responsible', 5, '2025-07-09'],
    ['lead', 0, '2025-07-09'],
  ] as const)('%s with a gap of %i days is due at the end of %s', (role, days, day) => {
    expect(iso(itemDeadline(period, role, days))).toBe(endOfDayCst(day).toISOString());
  });

  it('keeps the period grace for co-units, so the gap stays what the office set', () => {
    expect(coInputDeadline(graced, 3)).toEqual({ dueAt: endOfDayCst('2025-07-06'), graceDays: 2 });
  });

  it.each([
    [[], 5, '2025-07-09'],
    [['co'], 5, '2025-07-04'],
    [['co', 'co'], 5, '2025-07-04'],
    [['co', 'responsible'], 5, '2025-07-09'],
    [['lead', 'co'], 5, '2025-07-09'],
    [['co'], 0, '2025-07-09'],
  ] as const)('a package of %j with a gap of %i days is reminded against %s', (roles, days, day) => {
    expect(iso(packageReminderDeadline(period, roles, days))).toBe(endOfDayCst(day).toISOString());
  });

  it.each([
    [['co', 'lead'], 3, true],
    [['co', 'responsible'], 3, true],
    [['co', 'lead'], 0, false],
    [['co'], 3, false],
    [['lead'], 3, false],
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
    // [role, signed on (CST day, 10:00), now, expected]
    ['co', '2025-07-03', '2025-07-10T02:00:00Z', 'on_time'],
    ['co', '2025-07-06', '2025-07-10T02:00:00Z', 'late'],
    ['lead', '2025-07-06', '2025-07-10T02:00:00Z', 'on_time'],
    ['co', null, '2025-07-05T02:00:00Z', 'missing'],
    ['co', null, '2025-07-04T02:00:00Z', 'pending'],
    ['lead', null, '2025-07-05T02:00:00Z', 'pending'],
  ] as const)('%s signed %s, seen %s: %s', (role, day, now, expected) => {
    const s = inputState(period, role, 5, day ? signed(day) : null, new Date(now));
    expect(s.state).toBe(expected);
  });

  it('counts lateness from the earlier date', () => {
    const s = inputState(period, 'co', 5, signed('2025-07-06'), new Date('2025-07-10T00:00:00Z'));
    expect(s.dueAt.toISOString()).toBe(endOfDayCst('2025-07-04').toISOString());
    expect(Math.ceil(s.lateSeconds / 86_400)).toBe(2);
  });
});
