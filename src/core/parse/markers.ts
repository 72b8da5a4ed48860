// Numbering markers of official documents, outermost first (GB/T 9704 order: 一、 > （一） > 1. > （1）),
// with 第一部分 above and the dash sub-heading (——做强消费主引擎) between （一） and 1.

import { chineseNumeral } from './text.js';

export type Style = 'part' | 'cnDun' | 'cnParen' | 'dash' | 'arDot' | 'arParen' | 'circled';

export const RANK: Record<Style, number> = { part: 0, cnDun: 1, cnParen: 2, dash: 3, arDot: 4, arParen: 5, circled: 6 };

export interface Marker {
  style: Style;
  /** As printed without its delimiter (`5`, `一`), or null for a dash. */
  number: string | null;
  /** Numeric value of the number, NaN for a dash. */
  value: number;
  /** Offset where the text after the marker starts. */
  bodyStart: number;
  /** `167.100名…`: could be a number and a decimal; the caller decides by the expected sequence. */
  ambiguous: boolean;
}

const CN = '[一二三四五六七八九十百零〇]+';
const PATTERNS: [Style, RegExp][] = [
  ['part', new RegExp(`^第(${CN}|\\d+)(?:部分|章|篇)\\s*`)],
  ['cnDun', new RegExp(`^(${CN})[、.]\\s*`)],
  ['cnParen', new RegExp(`^\\((${CN})\\)[、.]?\\s*`)],
  ['dash', /^(?:——|--|—)(?=\s*\S)\s*/],
  // `5.扎实开展`, `5、`, `5. `, and `2.2025年…` (a year right after the dot), but not `3.5万`. Numbers of any
  // length: a notice of 10,000 tasks or more numbers them with five digits.
  ['arDot', /^(\d+)(?:[.、](?!\d)|\.(?=\d{4}年)|\s+(?=[^\d\s.%年月日万亿]))\s*/],
  ['arParen', /^(?:\((\d+)\)|(\d+)\))[、.]?\s*/],
  ['circled', /^([\u2460-\u2473])\s*/],
];
const AMBIGUOUS_AR_DOT = /^(\d+)\.(?=\d)/;

export function markerOf(norm: string): Marker | null {
  for (const [style, re] of PATTERNS) {
    const m = re.exec(norm);
    if (!m) continue;
    if (m[0].length >= norm.length) return null; // a bare marker with no text is not a line of content
    const printed = m[1] ?? m[2] ?? null;
    let value = Number.NaN;
    if (printed !== null) {
      value = /^\d+$/.test(printed)
        ? Number(printed)
        : style === 'circled'
          ? printed.charCodeAt(0) - 0x2460 + 1
          : chineseNumeral(printed);
    }
    return { style, number: printed, value, bodyStart: m[0].length, ambiguous: false };
  }
  const m = AMBIGUOUS_AR_DOT.exec(norm);
  if (m && m[0].length < norm.length) {
    return { style: 'arDot', number: m[1] as string, value: Number(m[1]), bodyStart: m[0].length, ambiguous: true };
  }
  return null;
}
