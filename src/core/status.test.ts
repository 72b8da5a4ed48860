import { describe, expect, it } from 'vitest';
import { type ItemStatus, isReported, isSigned, isUnfilled, rollUpReported, rollUpStatus } from './status.js';

describe('task status roll-up', () => {
  it.each<[ItemStatus[], ItemStatus]>([
    [[], 'not_started'],
    [['not_started', 'not_started'], 'not_started'],
    [['not_started', 'on_track'], 'on_track'],
    [['completed', 'not_started'], 'on_track'],
    [['completed', 'completed'], 'completed'],
    [['completed', 'lagging'], 'lagging'],
    [['on_track', 'lagging', 'completed'], 'lagging'],
    [['lagging', 'blocked'], 'blocked'],
    [['completed', 'blocked'], 'blocked'],
    [['no_progress', 'no_progress'], 'no_progress'],
    [['no_progress', 'not_started'], 'not_started'],
    [['no_progress', 'on_track'], 'on_track'],
  ])('%j → %s', (statuses, expected) => {
    expect(rollUpStatus(statuses)).toBe(expected);
  });
});

describe('only reported statuses roll up', () => {
  it.each<[(ItemStatus | null)[], ItemStatus | null]>([
    [[], null],
    [[null, null], null],
    [[null, 'on_track'], 'on_track'],
    [[null, 'completed'], 'completed'],
  ])('%j → %s', (statuses, expected) => {
    expect(rollUpReported(statuses)).toBe(expected);
  });
});

describe('a submission counts as reported, and as signed', () => {
  it.each([
    ['draft', false, false],
    ['pending_signoff', false, false],
    ['submitted', true, true],
    ['accepted', true, true],
    // Returned by the office for correction: the unit did report (on time or not), but the content is a draft again.
    ['returned', true, false],
  ])('%s: reported %s, signed %s', (status, reported, signed) => {
    expect(isReported(status)).toBe(reported);
    expect(isSigned(status)).toBe(signed);
  });
});

describe('an item is unfilled until someone sets its status', () => {
  it.each<[ItemStatus | null, string | null, boolean]>([
    [null, '', true],
    // A progress text alone does not set a status: 未填报 is not 未启动.
    [null, '已启动前期工作', true],
    ['not_started', '', false],
    ['on_track', '', false],
    // 本期无进展 needs its reason.
    ['no_progress', '', true],
    ['no_progress', '   ', true],
    ['no_progress', null, true],
    ['no_progress', '资金尚未下达，等待市级批复。', false],
  ])('%s with progress %j: unfilled %s', (status, progress, unfilled) => {
    expect(isUnfilled({ status, progress })).toBe(unfilled);
  });
});
