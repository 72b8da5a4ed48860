// The number a bulletin is published under, as printed: 武昌督查通报〔2025〕3号 — the office's prefix, the
// year, and a sequence that starts again at 1 each year, like a 督办单's. The server proposes the next one
// and checks an office-edited one against the same rule.

import { fold } from './parse/text.js';

export interface BulletinNumber {
  prefix: string;
  year: number;
  seq: number;
}

/** The part after the place name when the office has not numbered a bulletin yet. */
export const BULLETIN_BASE_PREFIX = '督查通报';

const NUMBER = /^(\S.*?)[〔[(（](\d{4})[〕\])）]第?(\d{1,5})号$/u;

/** Reads a number as printed (half-width brackets and spaces tolerated), or null when it is not one. */
export function parseBulletinNumber(text: string): BulletinNumber | null {
  const m = NUMBER.exec(fold(text).replace(/\s+/g, ''));
  if (!m) return null;
  const seq = Number(m[3]);
  return seq >= 1 ? { prefix: m[1] as string, year: Number(m[2]), seq } : null;
}

export const formatBulletinNumber = (n: BulletinNumber): string => `${n.prefix}〔${n.year}〕${n.seq}号`;

/** Do two printed numbers name the same number (same prefix, year and sequence)? */
export function sameBulletinNumber(a: string, b: string): boolean {
  const x = parseBulletinNumber(a);
  const y = parseBulletinNumber(b);
  return x !== null && y !== null && x.prefix === y.prefix && x.year === y.year && x.seq === y.seq;
}

/**
 * The next free number: the prefix of the newest numbered bulletin (so an office that edits its prefix
 * once keeps it), else the place name of the plan's 文号 (武昌政办〔2025〕1号 → 武昌) before 督查通报; this
 * year; one more than the highest sequence of that prefix and year. `numbers` newest first.
 */
export function proposeBulletinNumber(
  numbers: readonly string[],
  planDocNo: string | null | undefined,
  year: number,
): string {
  const parsed = numbers.flatMap((n) => parseBulletinNumber(n) ?? []);
  const place = planDocNo
    ? /^(\p{Script=Han}{2,6}?)(?:区|县|市)?(?:人民)?政(?:府)?办/u.exec(planDocNo.trim())?.[1]
    : undefined;
  const prefix = parsed[0]?.prefix ?? `${place ?? ''}${BULLETIN_BASE_PREFIX}`;
  const highest = parsed.filter((p) => p.prefix === prefix && p.year === year).reduce((n, p) => Math.max(n, p.seq), 0);
  return formatBulletinNumber({ prefix, year, seq: highest + 1 });
}
