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
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
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

export function formatNumber(value: number, lang: Lang): string {
  return value.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
}
