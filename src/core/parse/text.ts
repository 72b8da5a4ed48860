// Character folding and line splitting. Folding is strictly one UTF-16 unit to one, so an offset
// in the folded text is the same offset in the printed text: we match on the folded form and
// slice the printed one, and every output string stays as printed.

const FOLD = new Map<number, string>([
  [0x3000, ' '], // ideographic space
  [0x00a0, ' '],
  [0x200b, ' '],
  [0xfeff, ' '],
  [0x2002, ' '],
  [0x2003, ' '],
  [0x2009, ' '],
  [0x3010, '['], // 【
  [0x3011, ']'], // 】
  [0xff5c, '|'],
  [0x2502, '|'], // box-drawing vertical, seen in pasted tables
]);

const FOLDABLE = /[\uff01-\uff5e\u3000\u00a0\u200b\ufeff\u2002\u2003\u2009\u3010\u3011\u2502]/g;

function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  return c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : (FOLD.get(c) ?? ch);
}

/** Full-width ASCII → ASCII, odd spaces → space, 【】 → []. Same length as the input. */
export function fold(s: string): string {
  return s.replace(FOLDABLE, foldChar);
}

export interface Line {
  /** 1-based line number in the decoded text. */
  no: number;
  /** As printed, trimmed. */
  raw: string;
  /** Folded form of `raw`, same length. */
  norm: string;
}

/** Splits text into trimmed lines, keeping their 1-based numbers. */
export function splitLines(text: string): Line[] {
  const parts = text.split(/\r\n|\r|\n|\u2028|\u2029/);
  const lines: Line[] = [];
  for (let i = 0; i < parts.length; i++) {
    const folded = fold(parts[i] ?? '');
    const start = folded.search(/\S/);
    if (start < 0) {
      lines.push({ no: i + 1, raw: '', norm: '' });
      continue;
    }
    const end = folded.trimEnd().length;
    lines.push({ no: i + 1, raw: (parts[i] ?? '').slice(start, end), norm: folded.slice(start, end) });
  }
  return lines;
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000, 亿: 100000000 };

/** 一 → 1, 十一 → 11, 二十三 → 23, 一百零五 → 105, 二〇二五 → 2025 (digit by digit). NaN if not a numeral. */
export function chineseNumeral(s: string): number {
  if (s.length === 0) return Number.NaN;
  if (!/[十百千万亿]/.test(s)) {
    let v = 0;
    for (const ch of s) {
      const d = CN_DIGITS[ch];
      if (d === undefined) return Number.NaN;
      v = v * 10 + d;
    }
    return v;
  }
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const u = CN_UNITS[ch];
    if (u === undefined) return Number.NaN;
    if (u >= 10000) {
      total += (section + digit) * u;
      section = 0;
    } else {
      section += (digit === 0 ? 1 : digit) * u;
    }
    digit = 0;
  }
  return total + section + digit;
}

/**
 * Trims the given characters (and white space) from both ends, in linear time. A regex such as
 * `[、。]+$` backtracks quadratically over a long run that is not at the end.
 */
export function trimChars(s: string, chars: string): string {
  const drop = (ch: string | undefined) => ch !== undefined && (chars.includes(ch) || /\s/.test(ch));
  let start = 0;
  let end = s.length;
  while (start < end && drop(s[start])) start++;
  while (end > start && drop(s[end - 1])) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
