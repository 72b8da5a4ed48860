import { describe, expect, it } from 'vitest';
import { groupBySource, indexOrder, isTyping, itemState, neighbour, nextWhere, passes } from './packageNav';

type Level = 'province' | 'city' | 'district';
const item = (id: string, level: Level, unfilled: boolean, returnedComment: string | null = null) => ({
  id,
  unfilled,
  returnedComment,
  task: { sourceLevel: level },
});

// The package lists its items as the server orders them; a source may come back later in the list.
const items = [
  item('a', 'province', true),
  item('b', 'city', false),
  item('c', 'province', false, '请补充投资额。'),
  item('d', 'district', true),
  item('e', 'city', true, '缺少量化数据。'),
];

describe('the period package index', () => {
  it('groups by source level in order of first appearance, items in package order', () => {
    expect(groupBySource(items).map((g) => [g.level, g.items.map((i) => i.id)])).toEqual([
      ['province', ['a', 'c']],
      ['city', ['b', 'e']],
      ['district', ['d']],
    ]);
    expect(indexOrder(items).map((i) => i.id)).toEqual(['a', 'c', 'b', 'e', 'd']);
  });

  it('says 被退回 while the office comment matters, else 未填 or 已填', () => {
    expect(items.map((i) => itemState(i, true))).toEqual(['unfilled', 'filled', 'returned', 'unfilled', 'returned']);
    // Accepted: the old comments are history.
    expect(items.map((i) => itemState(i, false))).toEqual(['unfilled', 'filled', 'filled', 'unfilled', 'unfilled']);
  });

  it('filters: 只看未填 keeps unfilled items (returned ones too), 只看被退回 the returned ones', () => {
    const keep = (filter: 'all' | 'unfilled' | 'returned') =>
      items.filter((i) => passes(filter, i, itemState(i, true))).map((i) => i.id);
    expect(keep('all')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(keep('unfilled')).toEqual(['a', 'd', 'e']);
    expect(keep('returned')).toEqual(['c', 'e']);
  });

  it('下一项未填 moves to the next unfilled item after the current one and wraps around', () => {
    const order = indexOrder(items);
    const unfilled = (i: { unfilled: boolean }) => i.unfilled;
    expect(nextWhere(order, undefined, unfilled)?.id).toBe('a');
    expect(nextWhere(order, 'a', unfilled)?.id).toBe('e');
    expect(nextWhere(order, 'e', unfilled)?.id).toBe('d');
    expect(nextWhere(order, 'd', unfilled)?.id).toBe('a');
    // The current item is the only unfilled one: it stays; none at all: nothing.
    expect(nextWhere([item('x', 'city', true), item('y', 'city', false)], 'x', unfilled)?.id).toBe('x');
    expect(nextWhere([item('y', 'city', false)], 'y', unfilled)).toBeUndefined();
  });

  it('next / previous stop at the ends; from nowhere they start at the first item', () => {
    const order = indexOrder(items);
    expect(neighbour(order, 'a', -1)?.id).toBe('a');
    expect(neighbour(order, 'a', 1)?.id).toBe('c');
    expect(neighbour(order, 'd', 1)?.id).toBe('d');
    expect(neighbour(order, 'missing', 1)?.id).toBe('a');
  });

  it('leaves keys to fields: inputs, text areas, selects and dialogs', () => {
    const el = (tagName: string, inside: string | null = null) => ({
      tagName,
      isContentEditable: false,
      closest: (s: string) => (inside && s.includes(inside) ? {} : null),
    });
    expect(isTyping(el('TEXTAREA') as unknown as EventTarget)).toBe(true);
    expect(isTyping(el('INPUT') as unknown as EventTarget)).toBe(true);
    expect(isTyping(el('DIV', '.ant-select') as unknown as EventTarget)).toBe(true);
    expect(isTyping(el('BUTTON') as unknown as EventTarget)).toBe(false);
    expect(isTyping({ ...el('INPUT'), type: 'radio' } as unknown as EventTarget)).toBe(false);
    expect(isTyping(el('BODY') as unknown as EventTarget)).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});
