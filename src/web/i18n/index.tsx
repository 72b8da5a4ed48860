// A tiny i18n layer: two typed catalogs, the current language kept in localStorage, `t(key, params)`.
// `translate` works outside React (the API client uses it); components use `useI18n()`.

import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en } from './en';
import { type MessageKey, zhCN } from './zh-CN';

export type { MessageKey } from './zh-CN';
export type Lang = 'zh-CN' | 'en';
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const catalogs: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'duban.lang';

function readStoredLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let current: Lang = readStoredLang();

/** The UI language right now (also sent as Accept-Language). */
export function getLang(): Lang {
  return current;
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = catalogs[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(current);
  const setLang = useCallback((next: Lang) => {
    current = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** Shorthand for the common case. */
export function useT(): Translate {
  return useI18n().t;
}
