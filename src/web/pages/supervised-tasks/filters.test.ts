import { describe, expect, it } from 'vitest';
import type { SupervisedTask } from '../../api/types';
import { DEFAULT_PAGE_SIZE } from '../../components/useTaskFilterParams';
import { parseFilters, remindTargets } from './filters';

describe('the supervised task list filters', () => {
  it('read the known filters of the URL, flags as true or false', () => {
    const filters = parseFilters(
      new URLSearchParams('planId=p&light=red&status=lagging&level=city&role=co&overdue=true&hasNotice=false&page=2'),
    );
    expect(filters).toEqual({
      planId: 'p',
      light: 'red',
      status: 'lagging',
      level: 'city',
      role: 'co',
      overdue: true,
      hasNotice: false,
      page: 2,
      pageSize: DEFAULT_PAGE_SIZE,
    });
  });

  it('drop unknown values', () => {
    const filters = parseFilters(
      new URLSearchParams('light=purple&status=done&level=moon&role=boss&overdue=yes&hasCoordination=1&page=-1'),
    );
    expect(filters).toEqual({ page: 1, pageSize: DEFAULT_PAGE_SIZE });
  });
});

describe('一键催办 on the chosen tasks', () => {
  const unit = (id: string, assignmentId: string, role: string, closed = false) => ({
    unit: { id, name: `unit ${id}` },
    assignmentId,
    role,
    closed,
  });
  const tasks = [
    { supervision: { units: [unit('a', 'x1', 'lead'), unit('b', 'x2', 'co'), unit('c', 'x3', 'co', true)] } },
    { supervision: { units: [unit('a', 'x4', 'co'), unit('b', 'x2', 'co')] } },
  ] as unknown as SupervisedTask[];

  it('reaches every open item once, and names each unit once', () => {
    expect(remindTargets(tasks, { page: 1, pageSize: 50 })).toEqual({
      assignmentIds: ['x1', 'x2', 'x4'],
      units: ['unit a', 'unit b'],
    });
  });

  it('keeps to the unit and role filters', () => {
    expect(remindTargets(tasks, { page: 1, pageSize: 50, unitId: 'a' })).toEqual({
      assignmentIds: ['x1', 'x4'],
      units: ['unit a'],
    });
    expect(remindTargets(tasks, { page: 1, pageSize: 50, role: 'co' })).toEqual({
      assignmentIds: ['x2', 'x4'],
      units: ['unit b', 'unit a'],
    });
  });
});
