import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, parseTaskFilters, patchFilterParams, positiveInt } from './useTaskFilterParams';

const url = (query: string) => new URLSearchParams(query);

describe('task list filters in the URL', () => {
  it('reads a whole number from 1 to the maximum, else the fallback', () => {
    expect(positiveInt('3', 1, 10)).toBe(3);
    expect(positiveInt('10', 1, 10)).toBe(10);
    for (const bad of [null, '', '0', '-2', '1.5', '11', 'abc', '1e1x']) expect(positiveInt(bad, 7, 10)).toBe(7);
  });

  it('reads the filters a shared link carries and drops unknown levels and roles', () => {
    expect(parseTaskFilters(url('planId=p&unitId=u&level=city&role=lead&q=路&page=3&pageSize=100'))).toEqual({
      planId: 'p',
      unitId: 'u',
      level: 'city',
      role: 'lead',
      q: '路',
      page: 3,
      pageSize: 100,
    });
    expect(parseTaskFilters(url('level=galaxy&role=boss&page=0&pageSize=501&sourceId='))).toEqual({
      page: 1,
      pageSize: DEFAULT_PAGE_SIZE,
    });
  });

  it('starts a new filter again at page 1 and keeps the address short', () => {
    const next = patchFilterParams(url('planId=p&unitId=u&page=4'), { unitId: 'v' });
    expect(next.toString()).toBe('planId=p&unitId=v');
    expect(patchFilterParams(url('planId=p&page=4'), { page: 5 }).toString()).toBe('planId=p&page=5');
    expect(patchFilterParams(url('planId=p&page=4'), { page: 1 }).toString()).toBe('planId=p');
    expect(patchFilterParams(url('planId=p'), { pageSize: DEFAULT_PAGE_SIZE }).toString()).toBe('planId=p');
    expect(patchFilterParams(url('planId=p'), { pageSize: 100 }).toString()).toBe('planId=p&pageSize=100');
  });

  it('drops a filter set to nothing and leaves the previous address alone', () => {
    const previous = url('planId=p&unitId=u&q=x&level=city');
    const next = patchFilterParams(previous, { unitId: undefined, q: '', level: null });
    expect(next.toString()).toBe('planId=p');
    expect(previous.toString()).toBe('planId=p&unitId=u&q=x&level=city');
  });
});
