import { describe, expect, it } from 'vitest';
import { type ItemStatus, rollUpStatus } from './status.js';

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
