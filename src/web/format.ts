// Dates as the office reads them: Asia/Shanghai, whatever the browser's zone.

import type { Lang } from './i18n';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-CA' : 'zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      // h23, not hour12: false: English (en-CA) would write the half hour after midnight as 24:30.
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** An ISO timestamp → "2025-02-19 14:05" style in Asia/Shanghai; `—` for null or garbage. */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(lang, true).format(date);
}

/** A calendar date ("2025-02-19") is shown as is; a timestamp is converted to its Shanghai date. */
export function formatDate(value: string | null | undefined, lang: Lang): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return formatter(lang, false).format(date);
}

const CST_OFFSET_MS = 8 * 3600_000;

/** An ISO timestamp → "2025-04-15 17:00" in China Standard Time (UTC+8, no daylight saving), any language. */
export function formatCstMinute(iso: string | null | undefined): string {
  const local = toCstInput(iso);
  return local ? local.replace('T', ' ') : '—';
}

/** An ISO timestamp → "2025-04-15 17:00:05" in China Standard Time, any language (the audit log's times). */
export function formatCstSecond(iso: string | null | undefined): string {
  if (!iso) return '—';
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  return new Date(time + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** An ISO timestamp → the value of an <input type="datetime-local"> read as China Standard Time. */
export function toCstInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return '';
  return new Date(time + CST_OFFSET_MS).toISOString().slice(0, 16);
}

/** A datetime-local value ("2025-04-15T17:00") taken as China Standard Time → ISO 8601 with its offset. */
export function fromCstInput(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  if (!match) return null;
  return `${match[1]}${match[2] ?? ':00'}+08:00`;
}

export function formatNumber(value: number, lang: Lang): string {
  return value.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
}

/** Today's date in Asia/Shanghai ("2025-02-19"), whatever the browser's zone. */
export function todayCst(now = new Date()): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** A calendar date plus `days` ("2025-02-19" + 7 → "2025-02-26"). */
export function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
