// The unit-name matcher every import and the demo use.

import { describe, expect, it } from 'vitest';
import { unitMatcher, unitNameKey } from './unit-names.js';

describe('unit names', () => {
  const match = unitMatcher({
    units: [
      { id: 'u1', name: '区发改局' },
      { id: 'u2', name: '区政府办' },
    ],
    aliases: [
      { alias: '区发展改革局', unitId: 'u1', unitName: '区发改局' },
      { alias: '区政府办', unitId: 'u1', unitName: '区发改局' },
    ],
    groups: [{ id: 'g1', name: '各街道办事处', aliases: ['各街道'] }],
  });

  it('matches the name, then an alias, then a group, else new', () => {
    expect(match('区发改局')).toEqual({ match: 'exact', unitId: 'u1', canonicalName: '区发改局' });
    expect(match('区发展改革局')).toEqual({ match: 'alias', unitId: 'u1', canonicalName: '区发改局' });
    // A unit's own name wins over another unit's alias.
    expect(match('区政府办')).toEqual({ match: 'exact', unitId: 'u2', canonicalName: '区政府办' });
    expect(match('各街道')).toEqual({ match: 'group', groupId: 'g1', canonicalName: '各街道办事处' });
    expect(match('区财政局')).toEqual({ match: 'new' });
  });

  it('ignores full-width forms and spaces', () => {
    expect(unitNameKey('区　发改局 ')).toBe('区发改局');
    expect(unitNameKey('ＡＢＣ１２区')).toBe('ABC12区');
    expect(match(' 区发展　改革局')).toMatchObject({ match: 'alias', unitId: 'u1' });
  });
});
