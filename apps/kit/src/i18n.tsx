/**
 * English and Hindi for every app. Each app declares its message table once with
 * `defineMessages({ en, hi })` (Hindi must have every English key — the type checker says which
 * is missing), wraps its tree in `<LangProvider>`, and reads `t('key', { name })` from
 * `useMessages(table)`. The chosen language is remembered per device in localStorage and set as
 * `<html lang>`, so screen readers pronounce it right.
 */
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';

export type Lang = 'en' | 'hi';
export const LANGS: readonly Lang[] = ['en', 'hi'];
export const LANG_NAMES: Record<Lang, string> = { en: 'English', hi: 'हिन्दी' };

const STORAGE_KEY = 'studyspot.lang';

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<LangState>({ lang: 'en', setLang: () => undefined });

function storedLang(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'hi' ? 'hi' : 'en';
  } catch {
    return 'en';
  }
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

export type Vars = Record<string, string | number>;

/** Replaces `{name}` placeholders. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

export interface Messages<K extends string> {
  en: Record<K, string>;
  hi: Record<K, string>;
}

export function defineMessages<K extends string>(messages: Messages<K>): Messages<K> {
  return messages;
}

/** One app's table in the current language: `const { t, lang } = useMessages(messages);`. */
export function useMessages<K extends string>(messages: Messages<K>) {
  const { lang, setLang } = useLang();
  const table = messages[lang];
  const t = useCallback((key: K, vars?: Vars) => format(table[key], vars), [table]);
  return { t, lang, setLang };
}

/** The language switch: one button per language, the current one pressed. */
export function LangToggle() {
  const { lang, setLang } = useLang();
  return (
    <fieldset className="lang-toggle">
      <legend className="visually-hidden">Language / भाषा</legend>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={lang === l}
          className={lang === l ? 'chip chip-on' : 'chip'}
          onClick={() => setLang(l)}
        >
          {LANG_NAMES[l]}
        </button>
      ))}
    </fieldset>
  );
}
