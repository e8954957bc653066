/** Languages and message interpolation: pure, so they are tested without a browser. */

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Messages = Readonly<Record<string, string>>;

/** Every key of the English dictionary, each with a string: what the Chinese one must satisfy. */
export type Translation<T extends Messages> = { readonly [K in keyof T]: string };

/** A stored choice wins; otherwise any Chinese browser language picks zh-CN; otherwise English. */
export function pickLanguage(stored: string | null, browser: readonly string[]): Language {
  if (stored === 'zh-CN' || stored === 'en') return stored;
  return browser.some((tag) => /^zh\b/i.test(tag)) ? 'zh-CN' : 'en';
}

/** "Balance of {id}" + {id: "a1"} → "Balance of a1"; unknown placeholders stay visible. */
export function interpolate(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

let active: Language = 'en';

/** The language in use, for code outside React (the API client's Accept-Language). */
export function activeLanguage(): Language {
  return active;
}

export function setActiveLanguage(language: Language): void {
  active = language;
}
