// Who the dashboard and a bulletin name: lagging tasks, their reasons, and commendations.

import { describe, expect, it } from 'vitest';
import type { Light } from './lights.js';
import { commendationReason, laggardReason, noticeOrder, selectCommendations, selectLaggards } from './selection.js';

const task = (taskId: string, ...lights: Light[]) => ({ taskId, units: lights.map((light, i) => ({ i, light })) });

describe('lagging tasks', () => {
  it('names red and yellow tasks, red first, keeping the given order within a colour', () => {
    const out = selectLaggards([
      task('a', 'green', 'yellow'),
      task('b', 'green'),
      task('c', 'red', 'green', 'yellow'),
      task('d', 'grey'),
      task('e', 'yellow'),
      task('f', 'red'),
    ]);
    expect(out.map((t) => [t.taskId, t.light])).toEqual([
      ['c', 'red'],
      ['f', 'red'],
      ['a', 'yellow'],
      ['e', 'yellow'],
    ]);
    // Every unit is kept; the lagging ones are those red or yellow themselves.
    expect(out[0]?.units.map((u) => u.i)).toEqual([0, 1, 2]);
    expect(out[0]?.lagging.map((u) => u.i)).toEqual([0, 2]);
  });

  it('orders red before yellow, then by days overdue, then by the notice (province → city → district)', () => {
    const at = (taskId: string, light: Light, days: number, level: string, position: number) => ({
      taskId,
      order: noticeOrder(level, 1, position),
      units: [{ light, overdueDays: days }],
    });
    const out = selectLaggards([
      at('区2', 'red', 10, 'district', 1),
      at('省2', 'red', 10, 'province', 1),
      at('市2', 'red', 10, 'city', 1),
      at('区3', 'red', 30, 'district', 2),
      at('省1', 'yellow', 90, 'province', 0),
      at('区1', 'red', 10, 'district', 0),
    ]);
    expect(out.map((t) => [t.taskId, t.overdueDays])).toEqual([
      ['区3', 30],
      ['省2', 10],
      ['市2', 10],
      ['区1', 10],
      ['区2', 10],
      ['省1', 90],
    ]);
  });

  it('gives a never-reported unit no reason beyond its status (no "未报送：未按期报送")', () => {
    expect(laggardReason(null, null)).toBeNull();
    expect(laggardReason(null, '去年的进展')).toBeNull();
    expect(laggardReason('blocked', '征收受阻。')).toBe('征收受阻。');
    expect(laggardReason('lagging', '  ')).toBeNull();
  });
});

describe('commendations', () => {
  const unit = (id: string, onTime: boolean, ...lights: Light[]) => ({ id, onTime, lights });

  it('proposes on-time units whose three or more items are all green, most items first, at most ten', () => {
    const out = selectCommendations([
      unit('two-items', true, 'green', 'green'),
      unit('three', true, 'green', 'green', 'green'),
      unit('late', false, 'green', 'green', 'green', 'green'),
      unit('one-yellow', true, 'green', 'yellow', 'green'),
      unit('four', true, 'green', 'green', 'green', 'green'),
      unit('grey', true, 'green', 'grey', 'green'),
    ]);
    expect(out.map((u) => u.id)).toEqual(['four', 'three']);
    const many = Array.from({ length: 12 }, (_, i) => unit(`u${i}`, true, 'green', 'green', 'green'));
    expect(selectCommendations(many)).toHaveLength(10);
    expect(commendationReason(4)).toBe('按时报送，4项任务全部序时推进或完成');
  });
});
