// Reasons for lagging as one line of text, for a spreadsheet cell: the names of the office's list joined by 、,
// with 其他 last and the unit's words after a colon — 资金、用地、其他：征收补偿未谈妥. The period sheet writes it
// and reads it back (services/sheets.ts), the exports print it. Names are matched exactly after trimming; the
// words after 其他： are everything to the end of the cell (they may hold 、 or ，).

export interface ReasonName {
  key: string;
  labelZh: string;
}

/** The key whose reason asks for the unit's own words. */
export const OTHER_KEY = 'other';

/** 资金、其他：… — the office's names in the order given, 其他 (with its words, when any) last. */
export function formatLagReasons(keys: readonly string[], text: string | null, list: readonly ReasonName[]): string {
  const name = new Map(list.map((r) => [r.key, r.labelZh]));
  const named = keys.filter((k) => k !== OTHER_KEY).map((k) => name.get(k) ?? k);
  if (keys.includes(OTHER_KEY)) {
    const other = name.get(OTHER_KEY) ?? '其他';
    named.push(text ? `${other}：${text}` : other);
  }
  return named.join('、');
}

export type ParsedLagReasons = { ok: true; keys: string[]; text: string | null } | { ok: false; unknown: string[] };

const SEPARATORS = /[、，,;；]/;

/**
 * Reads a cell back into keys of the list (in the cell's order, no repeats) and the words of 其他. A blank cell is
 * no reasons; names not in the list are returned as unknown, all of them, so one message can name them.
 */
export function parseLagReasons(cell: string, list: readonly ReasonName[]): ParsedLagReasons {
  const otherName = list.find((r) => r.key === OTHER_KEY)?.labelZh ?? '其他';
  let names = cell.trim();
  let text: string | null = null;
  // 其他：words — the words run to the end of the cell, whatever they contain.
  const escaped = otherName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const other = new RegExp(`(^|[、，,;；])\\s*${escaped}\\s*[：:]`).exec(names);
  let hasOther = false;
  if (other) {
    text = names.slice(other.index + other[0].length).trim() || null;
    names = names.slice(0, other.index);
    hasOther = true;
  }
  const byName = new Map(list.map((r) => [r.labelZh, r.key]));
  const keys: string[] = [];
  const unknown: string[] = [];
  for (const part of names.split(SEPARATORS)) {
    const n = part.trim();
    if (n === '') continue;
    const key = byName.get(n);
    if (key === undefined) unknown.push(n);
    else if (!keys.includes(key)) keys.push(key);
  }
  if (hasOther && !keys.includes(OTHER_KEY)) keys.push(OTHER_KEY);
  if (unknown.length) return { ok: false, unknown };
  return { ok: true, keys, text };
}
