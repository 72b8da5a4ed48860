// Business time is China Standard Time (UTC+8, no daylight saving), whatever zone the process runs
// in. Calendar dates travel as 'YYYY-MM-DD' strings; instants as Date (stored as timestamptz).

const CST_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is this a real calendar date written as YYYY-MM-DD? */
export function isDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === date;
}

function parts(date: string): [number, number, number] {
  if (!isDate(date)) throw new RangeError(`not a date: ${date}`);
  const m = DATE_RE.exec(date) as RegExpExecArray;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** 00:00:00 CST of a calendar date, as an instant. */
export function startOfDayCst(date: string): Date {
  const [y, mo, d] = parts(date);
  return new Date(Date.UTC(y, mo - 1, d) - CST_OFFSET_MS);
}

/** 23:59:59 CST of a calendar date: the last second a deadline on that day accepts. */
export function endOfDayCst(date: string): Date {
  return new Date(startOfDayCst(date).getTime() + 86_400_000 - 1000);
}

/** The calendar date (CST) of an instant. */
export function cstDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from one CST date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((startOfDayCst(to).getTime() - startOfDayCst(from).getTime()) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  const [y, mo, d] = parts(date);
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

/** The last day of a month (1–12). */
export function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** A CST day as official documents write it: 2025年12月5日 (no leading zeros). */
export function chineseDate(instant: Date): string {
  const [y, m, d] = cstDate(instant).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A CST instant to the minute as documents print it: 2025年12月5日 09:30 (签发时间). */
export function chineseDateTime(instant: Date): string {
  return `${chineseDate(instant)} ${new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(11, 16)}`;
}

/** The week (Monday–Sunday) a calendar date falls in, as its first and last days. */
export function weekOf(date: string): { start: string; end: string } {
  const [y, mo, d] = parts(date);
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay(); // 0 Sunday … 6 Saturday
  const start = addDays(date, -((weekday + 6) % 7));
  return { start, end: addDays(start, 6) };
}
