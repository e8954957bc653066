import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { formatDate, formatDateTime, formatDay } from '../dates.js';
import { formatMoney } from '../money.js';
import { defaultCurrency, platformTimeZone } from '../settings.js';
import { type Language, LANGUAGES, type Messages, interpolate, pickLanguage, setActiveLanguage } from './language.js';
import { sharedMessages } from './shared-messages.js';

/**
 * zh-CN and en everywhere. Each app passes its dictionaries (English is the source of keys; the
 * Chinese one must have every key, which the type checker enforces) merged with the shared ones.
 * The choice is persisted in localStorage and sent to the API as Accept-Language, so problem
 * titles come back in the same language.
 */

const STORAGE_KEY = 'scrip.language';

function initialLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled; the browser's languages decide then.
  }
  return pickLanguage(stored, navigator.languages ?? [navigator.language]);
}

interface I18nValue {
  language: Language;
  setLanguage(language: Language): void;
  messages: Messages;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ dictionaries, children }: { dictionaries: Record<Language, Messages>; children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  setActiveLanguage(language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; still switched for this page.
    }
    setActiveLanguage(next);
    setLanguageState(next);
  }, []);
  const value = useMemo(
    () => ({ language, setLanguage, messages: { ...sharedMessages[language], ...dictionaries[language] } }),
    [language, setLanguage, dictionaries],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18nContext(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('I18nProvider is missing');
  return value;
}

export type Translate<K extends string> = (key: K, vars?: Record<string, string | number>) => string;

/** A translator typed by an app's keys: `export const useT = () => useTranslator<ConsoleKey>()`. */
export function useTranslator<K extends string>(): Translate<K> {
  const { messages } = useI18nContext();
  return useCallback((key: K, vars?: Record<string, string | number>) => interpolate(messages[key] ?? key, vars), [messages]);
}

export function useLanguage(): { language: Language; setLanguage(language: Language): void; languages: readonly Language[] } {
  const { language, setLanguage } = useI18nContext();
  return { language, setLanguage, languages: LANGUAGES };
}

/** Money and dates in the current language and the platform's time zone. */
export function useFormat() {
  const { language } = useI18nContext();
  return useMemo(() => {
    const zone = platformTimeZone();
    return {
      money: (minor: number | bigint, currency = defaultCurrency()) => formatMoney(minor, currency, language),
      dateTime: (iso: string) => formatDateTime(iso, language, zone),
      date: (iso: string) => formatDate(iso, language, zone),
      day: (iso: string) => formatDay(iso, language, zone),
      /** A calendar day key (YYYY-MM-DD, already in the platform zone) as a short label. */
      dayKey: (key: string) => formatDay(`${key}T12:00:00.000Z`, language, 'UTC'),
      /** A calendar day key (YYYY-MM-DD, already in the platform zone) as a full date. */
      calendarDate: (key: string) => formatDate(`${key}T12:00:00.000Z`, language, 'UTC'),
      number: (n: number) => new Intl.NumberFormat(language).format(n),
      timeZone: zone,
    };
  }, [language]);
}
