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

// --- Run-on text: a whole notice on one line (some sites and copy-paste give it so) ---------------

type RunStyle = 'cnDun' | 'cnParen' | 'arDot' | 'arParen';
const RUN_RANK: Record<RunStyle, number> = { cnDun: 1, cnParen: 2, arDot: 3, arParen: 4 };
const CN_NUM = '[一二三四五六七八九十]{1,3}';
/**
 * Candidates where a line may have been lost, in folded text. Groups: 1 附件N, 2 附件:, 3 一、, 4 (一),
 * 5 1. (6 its ambiguous dot), 7 (1), 8 ——, 9 a footer marker.
 */
const RUN_CANDIDATE_RE = new RegExp(
  [
    `附\\s*件\\s*(\\d{1,2}(?!\\d{2,3}年)|${CN_NUM}|(?=\\d{4}年))`,
    '(附\\s*件\\s*:)',
    `(${CN_NUM})、`,
    `\\((${CN_NUM})\\)`,
    '(?<![\\d.%])(\\d{1,5})(?:[.、](?![\\d%])|\\.(?=\\d{4}年)|(\\.)(?=\\d+(?![\\d.%万亿倍]|个百分点)))',
    '\\((\\d{1,3})\\)',
    '(——)',
    '((?:政府)?网站标识码|.ICP备|.公网安备)',
  ].join('|'),
  'g',
);
/** `统一、` `第一、`: a numeral that ends a word, not a heading. */
const WORD_BEFORE_CN = /[统唯第之同单逐合归专万划整均一二三四五六七八九十]$/;
const CLOSERS = ')]。;:!?"”';

/**
 * Where a run-on line should be cut: before each numbering marker that continues its style's
 * sequence (1. after 一、 restarts at 1; 附件N restarts everything), before 附件N and footer markers,
 * after the number of a 附件N glued to its title (`附件12025年…`), and before a dash sub-heading after
 * a sentence or a note. Returns cut offsets in increasing order.
 */
function runCuts(norm: string): { cuts: number[]; numbered: number; strong: number } {
  const expected: Record<RunStyle, number> = { cnDun: 1, cnParen: 1, arDot: 1, arParen: 1 };
  // Under a new heading a deeper style may restart at 1 or run on (Wuchang numbers 1…n across sections).
  const restart: Record<RunStyle, boolean> = { cnDun: false, cnParen: false, arDot: false, arParen: false };
  let attachment = 1;
  const cuts: number[] = [];
  let numbered = 0;
  let strong = 0;
  const accept = (style: RunStyle, value: number, at: number) => {
    const exp = expected[style];
    const prev = norm[at - 1] ?? '';
    const closing = prev === '' || CLOSERS.includes(prev);
    // A number one past the expected one is a skipped number, but only right after a sentence or note.
    if (!(value === exp || (closing && value === exp + 1) || (restart[style] && value === 1))) return;
    expected[style] = value + 1;
    restart[style] = false;
    for (const s of Object.keys(RUN_RANK) as RunStyle[]) if (RUN_RANK[s] > RUN_RANK[style]) restart[s] = true;
    if (at > 0) cuts.push(at);
    numbered++;
    // Glued after a closing bracket (`…(牵头单位:X)2.…`): items lost their line breaks. After `。`/`;` they
    // may be sub-items of one paragraph (`（一）…。1.…;2.…`), which stay on their line.
    if (prev === ')' || prev === ']') strong++;
  };
  RUN_CANDIDATE_RE.lastIndex = 0;
  for (let m = RUN_CANDIDATE_RE.exec(norm); m !== null; m = RUN_CANDIDATE_RE.exec(norm)) {
    const at = m.index;
    if (m[1] !== undefined) {
      const digits = m[1];
      // 附件12025年: the attachment number is the expected one, the rest is its title.
      const want = String(attachment);
      const isDigits = /^\d+$/.test(digits);
      // 附件2026年…: a lone attachment without a number, glued to its title.
      if (digits === '') {
        if (attachment !== 1 || at === 0) continue;
        attachment = 2;
        for (const s of Object.keys(expected) as RunStyle[]) expected[s] = 1;
        cuts.push(at, at + m[0].length);
        continue;
      }
      // 现将附件一并印发: a numeral after 附件 is a marker only where the attachment sequence expects it.
      const n = isDigits ? (digits.startsWith(want) ? attachment : Number.NaN) : chineseNumeral(digits);
      if (n !== attachment) continue;
      attachment = n + 1;
      for (const s of Object.keys(expected) as RunStyle[]) expected[s] = 1;
      if (at > 0) cuts.push(at);
      const after = at + m[0].length - (isDigits ? digits.length - want.length : 0);
      if (after < norm.length) cuts.push(after);
      RUN_CANDIDATE_RE.lastIndex = after;
    } else if (m[2] !== undefined || m[9] !== undefined) {
      if (at > 0) cuts.push(m[9] !== undefined && /^.(?:ICP|公网)/.test(m[9]) ? at + 1 : at);
    } else if (m[3] !== undefined) {
      if (WORD_BEFORE_CN.test(norm.slice(0, at))) continue;
      accept('cnDun', chineseNumeral(m[3]), at);
    } else if (m[4] !== undefined) accept('cnParen', chineseNumeral(m[4]), at);
    else if (m[5] !== undefined) {
      // `167.100名园艺师`: a number and a decimal, or a task number; only the expected number cuts.
      if (m[6] === undefined || Number(m[5]) === expected.arDot) accept('arDot', Number(m[5]), at);
    } else if (m[7] !== undefined) accept('arParen', Number(m[7]), at);
    else if (m[8] !== undefined) {
      if (at > 0 && CLOSERS.includes(norm[at - 1] ?? '')) cuts.push(at);
      RUN_CANDIDATE_RE.lastIndex = at + 2;
    }
  }
  return { cuts: [...new Set(cuts)].sort((a, b) => a - b), numbered, strong };
}

/** After a closing bracket whose note names a unit, more text: an unnumbered task ends there. */
const NOTE_END_RE = /\([^()]{0,200}?(?:牵头|负责|配合|责任单位|主责单位)[^()]{0,200}?\)(?=[^\s)。;,.:、])/g;

/**
 * Re-splits run-on lines into the lines they lost. A line is re-split when the whole text has at most
 * five non-empty lines (a notice pasted on one line), or when it glues three or more numbered items
 * right after a closing bracket (`…(牵头单位:X)2.…`). Ordinary notices are left as they are. The pieces
 * keep the line number they came from.
 */
export function resplitRunOn(lines: Line[]): Line[] {
  const nonEmpty = lines.filter((l) => l.norm.length > 0).length;
  const out: Line[] = [];
  for (const line of lines) {
    if (line.norm.length < 20) {
      out.push(line);
      continue;
    }
    let { cuts, numbered, strong } = runCuts(line.norm);
    const runOn = (nonEmpty <= 5 && cuts.length > 0) || strong >= 3;
    if (nonEmpty <= 5 && numbered === 0) {
      // No numbering at all: tasks end at their unit notes.
      NOTE_END_RE.lastIndex = 0;
      const ends: number[] = [];
      for (let m = NOTE_END_RE.exec(line.norm); m !== null; m = NOTE_END_RE.exec(line.norm)) {
        ends.push(m.index + m[0].length);
      }
      cuts = [...new Set([...cuts, ...ends])].sort((a, b) => a - b);
    }
    if (!runOn && !(nonEmpty <= 5 && cuts.length > 0)) {
      out.push(line);
      continue;
    }
    let at = 0;
    for (const cut of [...cuts, line.norm.length]) {
      const raw = line.raw.slice(at, cut);
      const start = raw.length - raw.trimStart().length;
      const end = raw.trimEnd().length;
      if (end > start) {
        out.push({ no: line.no, raw: raw.slice(start, end), norm: line.norm.slice(at + start, at + end) });
      }
      at = cut;
    }
  }
  return out;
}
