// An item save answers the saved item and its package's state; the page's cached package takes them in place of
// the old, and nothing else of it changes (the other items stay the very same objects, so their cards keep still).

import { describe, expect, it } from 'vitest';
import { mergeItemSave } from './submissions';
import type { ItemReport, ItemReportSave, Submission } from './types';

const item = (id: string, version: number, progress = ''): ItemReport => ({
  id,
  assignmentId: `a-${id}`,
  task: { id: `t-${id}`, number: '1', text: '任务', sourceLevel: 'district' },
  role: 'lead',
  status: null,
  unfilled: true,
  progress,
  problems: null,
  nextSteps: null,
  indicatorActuals: [],
  returnedComment: null,
  verification: null,
  lagReasons: [],
  lagReasonText: null,
  qualityFlags: null,
  evidence: [],
  version,
});

const pkg = (): Submission =>
  ({
    id: 'pkg',
    status: 'pending_signoff',
    version: 7,
    filled: 0,
    unfilled: 3,
    signer: null,
    items: [item('a', 1), item('b', 4), item('c', 2)],
  }) as unknown as Submission;

const saved = (version: number, itemVersion: number, id = 'pkg'): ItemReportSave => ({
  item: { ...item('b', itemVersion, '已开工'), status: 'on_track', unfilled: false },
  submission: { id, status: 'draft', version, filled: 1, unfilled: 2 },
});

describe('mergeItemSave', () => {
  it('puts the saved item in its place and takes the package state, leaving the rest as it was', () => {
    const before = pkg();
    const after = mergeItemSave(before, saved(8, 5));
    expect(after).toMatchObject({ id: 'pkg', status: 'draft', version: 8, filled: 1, unfilled: 2, signer: null });
    expect(after.items.map((i) => [i.id, i.version, i.progress])).toEqual([
      ['a', 1, ''],
      ['b', 5, '已开工'],
      ['c', 2, ''],
    ]);
    expect(after.items[0]).toBe(before.items[0]);
    expect(after.items[2]).toBe(before.items[2]);
    // The cached copy itself is not changed in place.
    expect(before.items[1]?.version).toBe(4);
  });

  it('never moves the package or an item back when an older answer arrives after a newer one', () => {
    const newer = mergeItemSave(pkg(), saved(9, 6));
    const late = mergeItemSave(newer, saved(8, 5));
    expect(late).toMatchObject({ version: 9 });
    expect(late.items[1]?.version).toBe(6);
  });

  it('leaves another package alone', () => {
    const before = pkg();
    expect(mergeItemSave(before, saved(8, 5, 'other'))).toBe(before);
  });
});
