// The one way a printed unit name finds its unit in the directory, for every import (the notice, the
// accounts sheet) and the demo: the unit's own name first, then one of its aliases, then a group (a
// collective such as 各街道办事处). Names compare folded (full-width letters and digits as half-width,
// odd spaces as spaces) and without spaces, so 区发改局 typed with a full-width space still matches.

import { fold } from './parse/text.js';

/** The form two spellings of one name share. */
export const unitNameKey = (name: string): string => fold(name).replace(/\s+/g, '');

export interface UnitDirectory {
  units: readonly { id: string; name: string }[];
  aliases: readonly { alias: string; unitId: string; unitName: string }[];
  groups: readonly { id: string; name: string; aliases: readonly string[] }[];
}

export type UnitMatch =
  | { match: 'exact' | 'alias'; unitId: string; canonicalName: string }
  | { match: 'group'; groupId: string; canonicalName: string }
  | { match: 'new' };

/** Matches names against a directory; build once, then look up as many names as needed. */
export function unitMatcher(directory: UnitDirectory): (name: string) => UnitMatch {
  const exact = new Map<string, UnitMatch>();
  const alias = new Map<string, UnitMatch>();
  const group = new Map<string, UnitMatch>();
  for (const u of directory.units) {
    const key = unitNameKey(u.name);
    if (!exact.has(key)) exact.set(key, { match: 'exact', unitId: u.id, canonicalName: u.name });
  }
  for (const a of directory.aliases) {
    const key = unitNameKey(a.alias);
    if (!alias.has(key)) alias.set(key, { match: 'alias', unitId: a.unitId, canonicalName: a.unitName });
  }
  for (const g of directory.groups) {
    for (const n of [g.name, ...g.aliases]) {
      const key = unitNameKey(n);
      if (!group.has(key)) group.set(key, { match: 'group', groupId: g.id, canonicalName: g.name });
    }
  }
  return (name) => {
    const key = unitNameKey(name);
    return exact.get(key) ?? alias.get(key) ?? group.get(key) ?? { match: 'new' };
  };
}
