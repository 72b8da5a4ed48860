import { describe, expect, it } from 'vitest';
import { type ItemStatus, isReported, isSigned, rollUpStatus } from './status.js';

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
  ])('%j → %s', (statuses, expected) => {
    expect(rollUpStatus(statuses)).toBe(expected);
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
