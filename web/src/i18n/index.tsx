import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en } from './en.js';
import { type MessageKey, zhCN } from './zh-CN.js';

export type { MessageKey } from './zh-CN.js';

/** UI languages. */
export type Lang = 'zh-CN' | 'en';

const STORAGE_KEY = 'ys_lang';

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** The string for `key`, with `{name}` placeholders filled from `vars`. */
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** The label of a metric quality code (approximate, missing_source, undefined, …). */
  quality: (code: string) => string;
  /** Picks the Chinese or English variant of a server-provided name. */
  pick: (zh: string | null | undefined, enText: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

/** The persisted language (localStorage), default zh-CN. */
export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Provides the language and the translate function to the app. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const table = lang === 'en' ? en : zhCN;
    return {
      lang,
      setLang,
      t: (key, vars) => {
        let text: string = table[key] ?? key;
        for (const [name, v] of Object.entries(vars ?? {})) text = text.replaceAll(`{${name}}`, String(v));
        return text;
      },
      quality: (code) => {
        const key = `dash.quality.${code}` as MessageKey;
        return key in table ? table[key] : code;
      },
      pick: (zh, enText) => (lang === 'en' ? (enText ?? zh ?? '') : (zh ?? enText ?? '')),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and translate function. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
