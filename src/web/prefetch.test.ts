// The queries prefetch.ts starts ahead must be the very ones the pages then ask for: the same keys, or the page
// asks again and nothing was gained.

import { hashKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { roleAbilities } from '../server/policy';
import { taskKeys } from './api/plans';
import { submissionKeys } from './api/submissions';
import { supervisionKeys } from './api/supervision';
import type { Me, Role } from './api/types';
import { firstQueries } from './prefetch';

const me = (role: Role) => ({ role, abilities: roleAbilities(role) }) as unknown as Me;
const newest = async () => 'newest-plan';
const keysOf = async (role: Role, url: string) => {
  const [pathname = '', search = ''] = url.split('?');
  const queries = await firstQueries(me(role), { pathname, search: search ? `?${search}` : '' }, newest);
  return queries.map((q) => hashKey(q.queryKey));
};

describe('the queries started before a page is drawn', () => {
  it('are the supervised list’s own: the newest plan, the URL’s filters, page 1 of 50 (as SupervisedTasksPage asks)', async () => {
    // The page builds its query with every filter, the absent ones undefined: the key is the same.
    const page = supervisionKeys.tasks({
      planId: 'newest-plan',
      light: 'red',
      status: undefined,
      overdue: true,
      q: undefined,
      page: 2,
      pageSize: 50,
    });
    const keys = await keysOf('supervisor', '/supervision/tasks?light=red&overdue=true&page=2');
    expect(keys[0]).toBe(hashKey(page));
    expect(keys[1]).toBe(hashKey(['plans', 'newest-plan']));
  });

  it('are the plan browser’s plan and TaskBrowser’s task list, the address’s plan overriding none of its filters', async () => {
    const browser = taskKeys.list('all', {
      planId: 'p1',
      sourceId: undefined,
      sectionId: 's1',
      unitId: undefined,
      level: undefined,
      role: undefined,
      q: undefined,
      page: 1,
      pageSize: 100,
    });
    expect(await keysOf('supervisor', '/plans/p1?sectionId=s1&pageSize=100')).toEqual([
      hashKey(['plans', 'p1']),
      hashKey(browser),
    ]);
  });

  it('are the dashboard of the plan named in the address, else of the newest plan', async () => {
    expect(await keysOf('executive', '/dashboard?planId=p7')).toEqual([hashKey(supervisionKeys.dashboard('p7'))]);
    expect(await keysOf('supervisor', '/dashboard')).toEqual([hashKey(supervisionKeys.dashboard('newest-plan'))]);
  });

  it('are a unit’s submission, or the office’s read of one unit’s', async () => {
    expect(await keysOf('unit_staff', '/submission/q3')).toEqual([hashKey(submissionKeys.ofPeriod('q3'))]);
    expect(await keysOf('supervisor', '/submission/q3?unitId=u9')).toEqual([
      hashKey(submissionKeys.ofPeriod('q3', 'u9')),
    ]);
  });

  it('are 我的任务’s list of the unit’s tasks with the address’s filters, and the plans', async () => {
    const mine = taskKeys.list('mine', { planId: undefined, unitId: undefined, q: '道路', page: 1, pageSize: 50 });
    expect(await keysOf('unit_staff', '/my?q=道路')).toEqual([hashKey(mine), hashKey(['plans'])]);
  });

  it('are none for a page the person’s menu does not hold, nor for pages outside the list', async () => {
    expect(await keysOf('admin', '/supervision/tasks')).toEqual([]);
    expect(await keysOf('admin', '/dashboard')).toEqual([]);
    expect(await keysOf('supervisor', '/audit')).toEqual([]);
    expect(await keysOf('supervisor', '/nowhere')).toEqual([]);
  });
});
